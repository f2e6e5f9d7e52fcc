import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { envValue } from '#config';
import { resolveTimeSkippingServer, startTimeSkippingEnvironment } from '#temporal/dev';

/**
 * A Temporal environment whose timers fire as soon as nothing else is pending, on the Java time-skipping
 * test server: TEMPORAL_TEST_SERVER_PATH, else the cache in TEMPORAL_TEST_SERVER_CACHE_DIR (provisioned by
 * .ci/run; built here with Maven when empty, which can take a minute). Throws, never skips, when Java or Maven
 * is missing. Each environment has one clock; call `teardown()` in afterAll.
 */
export async function createTimeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  const serverPath = await resolveTimeSkippingServer({
    serverPath: envValue('TEMPORAL_TEST_SERVER_PATH'),
    cacheDir: envValue('TEMPORAL_TEST_SERVER_CACHE_DIR'),
    log: (message) => process.stderr.write(`[time-skipping] ${message}\n`),
  });
  return startTimeSkippingEnvironment(serverPath);
}

/**
 * Makes sure the Temporal servers the tests need exist, building them into caches outside the repo when needed;
 * used by .ci/run: the Temporal CLI (built with Go) and the time-skipping test server (fetched with Maven).
 */
import { envValue, loadConfig, StartConfig, temporalCliOptions } from '#config';
import { resolveTemporalExecutable, resolveTimeSkippingServer } from '#temporal/dev';

const log = (message: string) => console.log(`[provision] ${message}`);

const executable = await resolveTemporalExecutable({ ...temporalCliOptions(loadConfig(StartConfig)), log });
console.log(
  `[provision] Temporal server: ${executable.type === 'existing-path' ? `${executable.path} (${executable.source})` : 'SDK download'}`,
);

// Read like test/support/time-skipping.ts does, so CI provisions the cache the tests then use.
const testServer = await resolveTimeSkippingServer({
  serverPath: envValue('TEMPORAL_TEST_SERVER_PATH'),
  cacheDir: envValue('TEMPORAL_TEST_SERVER_CACHE_DIR'),
  log,
});
console.log(`[provision] Temporal time-skipping test server: ${testServer}`);

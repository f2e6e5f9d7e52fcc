import type { StartConfig } from './config.js';

/** The start command, provisioning and the tests resolve the Temporal binary from the same variables. */
export const temporalCliOptions = (config: StartConfig) => ({
  cliPath: config.TEMPORAL_CLI_PATH,
  cacheDir: config.TEMPORAL_CLI_CACHE_DIR,
  version: config.TEMPORAL_CLI_VERSION,
});

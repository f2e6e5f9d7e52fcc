/** Makes sure a Temporal CLI binary exists (building it with Go into the cache when needed); used by .ci/run. */
import { loadConfig, StartConfig } from '#config';
import { resolveTemporalExecutable } from '#temporal';

const config = loadConfig(StartConfig);
const executable = await resolveTemporalExecutable({
  cliPath: config.TEMPORAL_CLI_PATH,
  cacheDir: config.TEMPORAL_CLI_CACHE_DIR,
  version: config.TEMPORAL_CLI_VERSION,
  log: (message) => console.log(`[provision] ${message}`),
});
console.log(`[provision] Temporal server: ${executable.type === 'existing-path' ? `${executable.path} (${executable.source})` : 'SDK download'}`);

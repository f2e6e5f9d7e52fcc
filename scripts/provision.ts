/** Makes sure a Temporal CLI binary exists (building it with Go into the cache when needed); used by .ci/run. */
import { loadConfig, StartConfig, temporalCliOptions } from '#config';
import { resolveTemporalExecutable } from '#temporal';

const executable = await resolveTemporalExecutable({
  ...temporalCliOptions(loadConfig(StartConfig)),
  log: (message) => console.log(`[provision] ${message}`),
});
console.log(`[provision] Temporal server: ${executable.type === 'existing-path' ? `${executable.path} (${executable.source})` : 'SDK download'}`);

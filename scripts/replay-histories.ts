/**
 * Replays recorded workflow histories against the current workflow bundle: `node dist/scripts/replay-histories.js [DIR]`
 * (default test/histories). Prints one JSON line per history and exits 1 if any is not deterministic under the new
 * code. Run it before deploying workflow changes; the test suite runs it over the committed histories.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Worker } from '@temporalio/worker';
import { installTemporalRuntime, requireWorkflowBundle } from '#temporal';

installTemporalRuntime('error');
const directory = path.resolve(process.argv[2] ?? 'test/histories');
let failed = 0;
for (const file of readdirSync(directory)
  .filter((name) => name.endsWith('.json'))
  .sort()) {
  try {
    await Worker.runReplayHistory(
      { workflowBundle: requireWorkflowBundle() },
      JSON.parse(readFileSync(path.join(directory, file), 'utf8')),
      file,
    );
    console.log(JSON.stringify({ file, ok: true }));
  } catch (error) {
    failed++;
    console.log(JSON.stringify({ file, ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) }));
  }
}
process.exit(failed > 0 ? 1 : 0);

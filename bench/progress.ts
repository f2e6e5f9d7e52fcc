import cliProgress from 'cli-progress';
import type { ProgressFactory } from './harness.js';

/**
 * Progress bars on stderr, so stdout stays clean. When stderr is not a terminal (CI, a log file) a line is
 * printed every ten seconds instead of redrawing.
 */
export const terminalProgress: ProgressFactory = (label, total) => {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: '{label} [{bar}] {percentage}% | {value}/{total} | {duration_formatted} | ETA {eta_formatted}',
      noTTYOutput: true,
      notTTYSchedule: 10_000,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { label });
  return {
    update: (done, phase) => bar.update(done, { label: phase ?? label }),
    stop: () => bar.stop(),
  };
};

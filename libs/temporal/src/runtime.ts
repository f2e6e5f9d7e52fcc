import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { pino } from 'pino';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN' };

/**
 * Installs the Temporal SDK runtime of this process, before anything creates it lazily:
 * - its logs (worker state, core) go to pino, so the process's output is JSON lines throughout;
 * - it installs no signal handlers: by default it catches SIGINT/SIGTERM and re-raises them, which would
 *   cut short the shutdown that Nest (worker) or the start command owns.
 */
export function installTemporalRuntime(level: string): void {
  const logger = pino({ name: 'temporal', level });
  Runtime.install({
    shutdownSignals: [],
    logger: new DefaultLogger(LEVELS[level] ?? 'ERROR', ({ level: entryLevel, message, meta }) => {
      const method = entryLevel.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      logger[method](meta ?? {}, message);
    }),
  });
}

import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';
import { pino } from 'pino';

const LEVELS: Record<string, LogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN' };

/** Routes the Temporal SDK's own logs (worker state, core) to pino, so the worker's output is JSON lines throughout. */
export function installTemporalJsonLogging(level: string): void {
  const logger = pino({ name: 'temporal', level });
  Runtime.install({
    logger: new DefaultLogger(LEVELS[level] ?? 'ERROR', ({ level: entryLevel, message, meta }) => {
      const method = entryLevel.toLowerCase() as 'trace' | 'debug' | 'info' | 'warn' | 'error';
      logger[method](meta ?? {}, message);
    }),
  });
}

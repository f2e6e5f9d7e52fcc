import { jest } from '@jest/globals';
import { HttpStatus, Logger } from '@nestjs/common';
import { WorkerJobError, WorkerRunner, WorkerRunnerClosedError } from '#documents';
import { importFailure } from './documents.service.js';

// A thread cannot run TypeScript: the job is a small ES module over the built runner (npm run build).
const RUNNER = new URL('../../../../dist/libs/documents/src/worker-runner.js', import.meta.url);
const throwing = new URL(
  `data:text/javascript,${encodeURIComponent(`import { serveWorkerJob } from '${RUNNER.href}';\nserveWorkerJob(async (input) => input.no.such.property);`)}`,
);

describe('importFailure: what an import that did not complete answers', () => {
  it('answers a bug in the importer, whatever a document made it do, with 422 UNREADABLE_DOCUMENT and logs its stack, never a 500', async () => {
    const logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failure = await new WorkerRunner<object, never>(throwing, { concurrency: 1, queue: 0, timeoutMs: 5_000, heapMb: 64 })
      .run({})
      .catch(importFailure);
    expect([failure.getStatus(), failure.getResponse()]).toEqual([
      HttpStatus.UNPROCESSABLE_ENTITY,
      { code: 'UNREADABLE_DOCUMENT', message: 'The document could not be read' },
    ]);
    expect(logged).toHaveBeenCalledWith(
      expect.stringContaining('Cannot read properties of undefined'),
      expect.stringMatching(/^TypeError: [^]*\n\s+at /),
    );
    logged.mockRestore();
  });

  it('answers a refusal with its own code and status, and imports stopped at shutdown with 503', () => {
    expect(importFailure(new WorkerJobError('The document has no text to read', 'EMPTY_DOCUMENT')).getStatus()).toBe(
      HttpStatus.BAD_REQUEST,
    );
    const stopped = importFailure(new WorkerRunnerClosedError('The service is shutting down'));
    expect([stopped.getStatus(), stopped.getResponse()]).toEqual([
      HttpStatus.SERVICE_UNAVAILABLE,
      { code: 'IMPORTS_STOPPED', message: 'The document was not imported: The service is shutting down; try again shortly' },
    ]);
  });
});

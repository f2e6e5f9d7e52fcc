import { parentPort, Worker, workerData } from 'node:worker_threads';

/** How jobs run off the calling thread: how many at once, how many may wait, and what each thread may use. */
export interface WorkerLimits {
  /** Jobs running at once, each in a thread of its own. */
  concurrency: number;
  /** Jobs waiting for a thread; beyond that a job is refused at once rather than queued without end. */
  queue: number;
  /** Time a job's thread may run; then it is stopped. */
  timeoutMs: number;
  /** The thread's heap (V8 old generation) in MB; beyond it the thread dies, never the process. */
  heapMb: number;
}

/** Every thread is busy and the queue is full. */
export class WorkersBusyError extends Error {
  override readonly name = 'WorkersBusyError';
}

/** The runner was closed (the process is shutting down): its running jobs were stopped and its waiting ones dropped. */
export class WorkerRunnerClosedError extends Error {
  override readonly name = 'WorkerRunnerClosedError';
}

/** A job stopped for going over its time or memory limit. */
export class WorkerLimitError extends Error {
  override readonly name = 'WorkerLimitError';
  constructor(
    readonly limit: 'timeoutMs' | 'heapMb',
    message: string,
  ) {
    super(message);
  }
}

/**
 * A job that threw in its thread; `code` is the error's own code, when it had one, so that callers can still tell
 * refusals apart, and the stack is the thread's, so that a bug in the job can be found from the caller's log.
 */
export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  constructor(
    message: string,
    readonly code: string | undefined,
    threadStack?: string,
  ) {
    super(message);
    if (threadStack !== undefined) this.stack = threadStack;
  }
}

type Reply<O> = { ok: true; value: O } | { ok: false; message: string; code: string | undefined; stack: string | undefined };

/**
 * Runs a job in a fresh worker thread per call (so a job leaves nothing behind), at most `concurrency` at once, each
 * stopped at its time and heap limits: whatever the input does, the calling thread stays free and the process alive.
 * `entry` is a compiled module that calls serveWorkerJob; input and output cross the thread by structured clone.
 */
export class WorkerRunner<I, O> {
  private running = 0;
  private readonly waiting: { start: () => void; drop: (reason: Error) => void }[] = [];
  /** How to stop each live thread, so that close() can. */
  private readonly stops = new Set<(reason: Error) => Promise<void>>();
  private closed = false;

  constructor(
    private readonly entry: URL,
    private readonly limits: WorkerLimits,
  ) {}

  async run(input: I): Promise<O> {
    await this.slot();
    try {
      return await this.inThread(input);
    } finally {
      this.release();
    }
  }

  /**
   * Stops every running job and drops every waiting one, each rejected with WorkerRunnerClosedError, and refuses jobs
   * from now on; settles once every thread has exited, so that no thread outlives its owner's shutdown.
   */
  async close(): Promise<void> {
    this.closed = true;
    const reason = new WorkerRunnerClosedError('The service is shutting down');
    for (const { drop } of this.waiting.splice(0)) drop(reason);
    await Promise.all([...this.stops].map((stop) => stop(reason)));
  }

  private slot(): Promise<void> {
    if (this.closed) return Promise.reject(new WorkerRunnerClosedError('The service is shutting down'));
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue)
      return Promise.reject(new WorkersBusyError(`${this.running} jobs are running and ${this.waiting.length} waiting; try again shortly`));
    // The finishing job hands its slot over (release), so `running` stays as it is.
    return new Promise((start, drop) => this.waiting.push({ start, drop }));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next.start();
    else this.running--;
  }

  /** Settles when the thread has exited, so that a slot is free only once its thread is gone. */
  private inThread(input: I): Promise<O> {
    const { timeoutMs, heapMb } = this.limits;
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
      let reply: Reply<O> | undefined;
      let failure: Error | undefined;
      const stop = async (reason: Error) => {
        failure ??= reason;
        await worker.terminate();
      };
      this.stops.add(stop);
      const timer = setTimeout(() => void stop(new WorkerLimitError('timeoutMs', `took longer than ${timeoutMs / 1000} s`)), timeoutMs);
      worker.on('message', (message: Reply<O>) => (reply = message));
      worker.on('error', (error: Error & { code?: string }) => {
        failure ??=
          error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerLimitError('heapMb', `needed more than ${heapMb} MB of memory`) : error;
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        this.stops.delete(stop);
        if (failure) reject(failure);
        else if (reply?.ok) resolve(reply.value);
        else if (reply) reject(new WorkerJobError(reply.message, reply.code, reply.stack));
        else reject(new Error(`The worker thread exited (code ${code}) without an answer`));
      });
    });
  }
}

/** The body of a worker entry module: runs `job` on the input WorkerRunner.run was given and replies with its outcome. */
// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the input WorkerRunner<I, O> was given, untyped here
export function serveWorkerJob<I, O>(job: (input: I) => Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJob must run in a worker thread started by WorkerRunner');
  const input = workerData as I;
  job(input).then(
    (value) => port.postMessage({ ok: true, value } satisfies Reply<O>),
    (error: unknown) => {
      const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
      const stack = error instanceof Error ? error.stack : undefined;
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error), code, stack } satisfies Reply<O>);
    },
  );
}

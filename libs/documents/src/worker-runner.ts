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

/** A job that threw in its thread; `code` is the error's own code, when it had one, so that callers can still tell refusals apart. */
export class WorkerJobError extends Error {
  override readonly name = 'WorkerJobError';
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

type Reply<O> = { ok: true; value: O } | { ok: false; message: string; code: string | undefined };

/**
 * Runs a job in a fresh worker thread per call (so a job leaves nothing behind), at most `concurrency` at once, each
 * stopped at its time and heap limits: whatever the input does, the calling thread stays free and the process alive.
 * `entry` is a compiled module that calls serveWorkerJob; input and output cross the thread by structured clone.
 */
export class WorkerRunner<I, O> {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

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

  private slot(): Promise<void> {
    if (this.running < this.limits.concurrency) {
      this.running++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.limits.queue) return Promise.reject(new WorkersBusyError(`${this.running} jobs are running and ${this.waiting.length} waiting; try again shortly`));
    // The finishing job hands its slot over (release), so `running` stays as it is.
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.running--;
  }

  /** Settles when the thread has exited, so that a slot is free only once its thread is gone. */
  private inThread(input: I): Promise<O> {
    const { timeoutMs, heapMb } = this.limits;
    return new Promise((resolve, reject) => {
      const worker = new Worker(this.entry, { workerData: input, resourceLimits: { maxOldGenerationSizeMb: heapMb } });
      let reply: Reply<O> | undefined;
      let failure: Error | undefined;
      const timer = setTimeout(() => {
        failure = new WorkerLimitError('timeoutMs', `took longer than ${timeoutMs / 1000} s`);
        void worker.terminate();
      }, timeoutMs);
      worker.on('message', (message: Reply<O>) => (reply = message));
      worker.on('error', (error: Error & { code?: string }) => {
        failure ??= error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new WorkerLimitError('heapMb', `needed more than ${heapMb} MB of memory`) : error;
      });
      worker.on('exit', (code) => {
        clearTimeout(timer);
        if (failure) reject(failure);
        else if (reply?.ok) resolve(reply.value);
        else if (reply) reject(new WorkerJobError(reply.message, reply.code));
        else reject(new Error(`The worker thread exited (code ${code}) without an answer`));
      });
    });
  }
}

/** The body of a worker entry module: runs `job` on the input WorkerRunner.run was given and replies with its outcome. */
export function serveWorkerJob<I, O>(job: (input: I) => Promise<O>): void {
  const port = parentPort;
  if (!port) throw new Error('serveWorkerJob must run in a worker thread started by WorkerRunner');
  const input: I = workerData;
  job(input).then(
    (value) => port.postMessage({ ok: true, value } satisfies Reply<O>),
    (error: unknown) => {
      const code = error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
      port.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error), code } satisfies Reply<O>);
    },
  );
}

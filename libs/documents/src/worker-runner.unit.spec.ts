import { WorkerJobError, WorkerLimitError, WorkerRunner, WorkerRunnerClosedError, WorkersBusyError, type WorkerLimits } from './index.js';

// A thread cannot run TypeScript: the jobs are small ES modules over the built runner (npm run build).
const RUNNER = new URL('../../../dist/libs/documents/src/worker-runner.js', import.meta.url);
const job = (body: string) =>
  new URL(
    `data:text/javascript,${encodeURIComponent(`import { serveWorkerJob } from '${RUNNER.href}';\nserveWorkerJob(async (input) => { ${body} });`)}`,
  );
const LIMITS: WorkerLimits = { concurrency: 1, queue: 1, timeoutMs: 2_000, heapMb: 32 };

describe('WorkerRunner: a job runs in a thread of its own, within its limits, and the caller survives it', () => {
  it('answers with what the job returns, and with the code of what it throws', async () => {
    expect(await new WorkerRunner<number, number>(job('return input * 2;'), LIMITS).run(21)).toBe(42);
    const refusing = new WorkerRunner<number, number>(job("throw Object.assign(new Error('no'), { code: 'REFUSED' });"), LIMITS);
    await expect(refusing.run(1)).rejects.toEqual(new WorkerJobError('no', 'REFUSED'));
  });

  it('stops a job at its time limit while the calling thread stays free', async () => {
    const started = performance.now();
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 100);
    await expect(new WorkerRunner(job('for (;;);'), LIMITS).run(0)).rejects.toEqual(
      new WorkerLimitError('timeoutMs', 'took longer than 2 s'),
    );
    clearInterval(ticker);
    expect(performance.now() - started).toBeLessThan(4_000);
    expect(ticks).toBeGreaterThanOrEqual(15);
  });

  it('stops a job at its heap limit: the thread dies, not the process', async () => {
    const hog = new WorkerRunner(job('const kept = []; for (;;) kept.push(new Array(100_000).fill(input));'), LIMITS);
    await expect(hog.run(1)).rejects.toEqual(new WorkerLimitError('heapMb', 'needed more than 32 MB of memory'));
  });

  it('runs at most `concurrency` jobs, queues `queue` more and refuses the rest at once', async () => {
    const slow = new WorkerRunner<number, number>(job('await new Promise((resolve) => setTimeout(resolve, 300)); return input;'), LIMITS);
    const outcomes = await Promise.allSettled([slow.run(1), slow.run(2), slow.run(3)]);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual([1, 2, expect.any(WorkersBusyError)]);
    expect(await slow.run(4)).toBe(4);
  });

  it('on close stops the running job, drops the waiting one and refuses new ones, leaving no thread behind', async () => {
    const endless = new WorkerRunner<number, number>(job('await new Promise(() => setInterval(() => {}, 1_000));'), {
      ...LIMITS,
      timeoutMs: 60_000,
    });
    const outcomes = Promise.allSettled([endless.run(1), endless.run(2)]);
    // The first job's thread must have started for close() to have one to stop.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = performance.now();
    await endless.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    const closed = new WorkerRunnerClosedError('The service is shutting down');
    expect(await outcomes).toEqual([
      { status: 'rejected', reason: closed },
      { status: 'rejected', reason: closed },
    ]);
    await expect(endless.run(3)).rejects.toEqual(closed);
  });

  it("passes on the thread's stack of what a job throws, so that a bug in the job can be found", async () => {
    const buggy = new WorkerRunner<number, number>(job('return input.no.such.property;'), LIMITS);
    const error = await buggy.run(1).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(WorkerJobError);
    expect(error).toMatchObject({
      code: undefined,
      stack: expect.stringMatching(/^TypeError: Cannot read properties of undefined[^]*\n\s+at /),
    });
  });
});

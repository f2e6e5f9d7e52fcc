import pg from 'pg';
import { demoPlan } from '#persistence/dev';
import { eventually, people, startSystem, type RunningSystem } from '../../../../test/support/system.js';

const WAIT_SECONDS = 3;

/**
 * An action the workflow accepted but could not store within the API's wait (here: the events table locked) is
 * reported as not confirmed yet, never as failed; retried with its key once the store is free, it is recorded once.
 */
describe('an action not confirmed in time', () => {
  let system: RunningSystem;
  let locker: pg.Client;

  beforeAll(async () => {
    system = await startSystem({ updateWaitSeconds: WAIT_SECONDS });
    locker = new pg.Client({ connectionString: system.config.DATABASE_URL });
    await locker.connect();
  }, 120_000);

  afterAll(async () => {
    await locker?.end();
    await system?.stop();
  });

  it('answers 504 NOT_CONFIRMED_YET while the events table is locked, then the retry with the same key answers 200 with one SubmissionMade', async () => {
    const board = system.as(people.board);
    const sgddt = system.as(people.sgddt);
    const planId: string = (await board.post('/plans', demoPlan())).body.planId;
    await board.post(`/plans/${planId}/launch`);
    await eventually(async () =>
      (await board.get(`/plans/${planId}`)).body.units.every((u: { status: string }) => u.status === 'open') ? true : undefined,
    );
    const submit = () =>
      sgddt.post(
        `/plans/${planId}/units/SGDDT/stages/registration/submit`,
        { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] },
        { 'idempotency-key': 'register-sgddt' },
      );

    await locker.query('BEGIN');
    await locker.query('LOCK TABLE events IN EXCLUSIVE MODE');
    try {
      expect(await submit()).toMatchObject({ status: 504, body: { code: 'NOT_CONFIRMED_YET' } });
    } finally {
      await locker.query('COMMIT');
    }

    // Retried as a client does while the answer is 504, until the workflow has stored the action.
    const answer = await eventually(async () => {
      const retry = await submit();
      return retry.status === 504 ? undefined : retry;
    }, 60_000);
    expect(answer.status).toBe(200);
    const submissions = ((await board.get(`/plans/${planId}/events`)).body as { type: string }[]).filter(
      (e) => e.type === 'SubmissionMade',
    );
    expect(submissions).toHaveLength(1);
  }, 120_000);
});

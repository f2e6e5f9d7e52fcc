import pg from 'pg';
import { demoPlan } from '#persistence/dev';
import { eventually, people, startSystem, type RunningSystem } from '../support/system.js';
import { loadOperations, settle, type Fixture, type Operation } from './openapi.js';

export interface SecuritySystem {
  system: RunningSystem;
  /** A direct connection to the run's database, to read the record around requests. */
  db: pg.Client;
  fixture: Fixture;
  operations: Operation[];
  /** Creates and launches another plan like the fixture's, once SNGV's task is open; its id. */
  launchPlan(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * The real system with two launched plans sent to one department (SNGV, so that every other department is out of
 * scope), SNGV's task open at its registration stage, and the event store settled.
 */
export async function startSecuritySystem(): Promise<SecuritySystem> {
  const system = await startSystem();
  const db = new pg.Client({ connectionString: system.config.DATABASE_URL });
  await db.connect();
  const board = system.as(people.board);
  const launched = async () => {
    const created = await board.post('/plans', { ...demoPlan(), recipients: [{ unitCode: 'SNGV', role: 'implement' }] });
    if (created.status !== 201) throw new Error(`Creating the fixture plan answered ${created.status}: ${JSON.stringify(created.body)}`);
    const planId = created.body.planId as string;
    const launch = await board.post(`/plans/${planId}/launch`);
    if (launch.status !== 202) throw new Error(`Launching the fixture plan answered ${launch.status}`);
    await eventually(async () => {
      const view = await board.get(`/plans/${planId}`);
      return view.body?.units?.some((u: { unitCode: string; status: string }) => u.unitCode === 'SNGV' && u.status === 'open')
        ? true
        : undefined;
    }, 60_000);
    return planId;
  };
  const [planId, disposablePlanId] = [await launched(), await launched()];
  await settle(db);
  return {
    system,
    db,
    fixture: { planId, disposablePlanId, unit: 'SNGV', stage: 'registration' },
    operations: await loadOperations(system.baseUrl),
    launchPlan: launched,
    stop: async () => {
      await db.end();
      await system.stop();
    },
  };
}

import { IsNull, type DataSource } from 'typeorm';
import type { EventStore } from '#event-store';
import { draftOf, stagesOf } from '#domain';
import { createEventStore } from '#persistence';
import { loadDemoUnits } from '#persistence/dev';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { SNGV_PLAN } from '../../../../test/support/seed-plans.js';
import { InboxItemEntity, PlanEntity, UnitTaskEntity } from './entities.js';
import {
  KH119_REGISTRATION_DUE as DUE,
  KH119_RETURN_REASON as RETURN_REASON,
  playKh119Cascade as playScenario,
  type Kh119Cascade as Scenario,
} from '../../../../test/support/driven-streams.js';
import { PROJECTED_TABLES } from './projections.js';
import { rebuildReadModels } from './rebuild.js';

/** JSON as stored in jsonb: undefined properties dropped. */
const asStored = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('lifecycle read models (inline projections on a migrated database)', () => {
  let dataSource: DataSource;
  let store: EventStore;
  let scenario: Scenario;
  /** SNGV's row and open items right after the board returned its registration. */
  let returnedRow: UnitTaskEntity;
  let returnedItems: InboxItemEntity[];

  beforeAll(async () => {
    ({ dataSource } = await createMigratedDataSource('read_models'));
    await loadDemoUnits(dataSource);
    store = createEventStore(dataSource);
    scenario = await playScenario(store, async () => {
      returnedRow = await dataSource.getRepository(UnitTaskEntity).findOneByOrFail({ unitCode: 'SNGV' });
      returnedItems = await dataSource.getRepository(InboxItemEntity).findBy({ unitCode: 'SNGV', resolvedAt: IsNull() });
    });
  });

  afterAll(async () => {
    await dataSource?.destroy();
  });

  const open = () =>
    dataSource
      .getRepository(InboxItemEntity)
      .find({ where: { resolvedAt: IsNull() }, order: { addresseeUnit: 'ASC', audience: 'ASC', unitCode: 'ASC', stageId: 'ASC' } });
  const summary = (items: InboxItemEntity[]) => items.map((i) => `${i.addresseeUnit}/${i.audience}: ${i.kind} ${i.unitCode} ${i.stageId}`);

  it('folds each plan stream into plans: the draft as document, its parent, status and version', async () => {
    const { planA, planB } = scenario;
    const rows = await dataSource.getRepository(PlanEntity).find({ order: { numberSymbol: 'ASC' } });
    expect(rows.map((r) => [r.planId, r.parentPlanId, r.numberSymbol, r.issuingUnit, r.status, r.version])).toEqual([
      [planA.planId, null, '119/KH-UBND', 'TINH', 'launched', 2],
      [planB.planId, planA.planId, '45/KH-SNgV', 'SNGV', 'launched', 2],
    ]);
    const b = rows[1];
    expect(b.document).toEqual(asStored(draftOf(planB.state)));
    expect(b.implementers).toEqual(['SNGV.VP', 'SNGV.LS', 'SNGV.BG']);
    expect(b.launchedAt).toEqual(new Date('2022-04-21T02:00:00.000Z'));
    expect(b.title).toBe(SNGV_PLAN.title);
    // The row's state is the domain's fold of the stream, nothing lost.
    expect(b.state).toEqual(asStored(planB.state));
  });

  it("folds each task stream with the unit task decider's evolve: the row's state is the fold, its columns what a tree shows", async () => {
    const rows = await dataSource.getRepository(UnitTaskEntity).find();
    expect(rows).toHaveLength(6);
    const byUnit = new Map(rows.map((r) => [r.unitCode, r]));
    for (const [unit, task] of Object.entries(scenario.tasks)) {
      const row = byUnit.get(unit)!;
      expect(row.state).toEqual(asStored(task.state));
      expect(row.stages).toEqual(asStored(stagesOf(task.state)));
      expect(row.version).toBe(task.version);
    }
    const columns = (unit: string) => {
      const r = byUnit.get(unit)!;
      return [
        r.planId === scenario.planA.planId ? 'A' : 'B',
        r.issuerUnit,
        r.status,
        r.stage,
        r.stageId,
        r.stageStatus,
        r.dueAt?.toISOString() ?? null,
        r.overdue,
        r.escalation,
        r.returnedReason,
        r.derivedPlanId,
      ];
    };
    expect(columns('SNGV')).toEqual([
      'A',
      'TINH',
      'open',
      'execution',
      'interim:Đợt 1',
      'pending',
      '2022-05-25T17:00:00.000Z',
      false,
      null,
      null,
      scenario.planB.planId,
    ]);
    expect(columns('SGDDT')).toEqual(['A', 'TINH', 'open', 'registration', 'registration', 'open', DUE, true, 'board', null, null]);
    expect(columns('STTTT')).toEqual([
      'A',
      'TINH',
      'open',
      'registration',
      'registration',
      'open',
      '2022-05-05T17:00:00.000Z',
      true,
      'board',
      null,
      null,
    ]);
    expect(columns('SNGV.VP')).toEqual(['B', 'SNGV', 'open', 'registration', 'registration', 'submitted', DUE, false, null, null, null]);
    expect(columns('SNGV.LS')).toEqual(['B', 'SNGV', 'open', 'registration', 'registration', 'open', DUE, true, 'board', null, null]);
    expect(columns('SNGV.BG')).toEqual(['B', 'SNGV', 'cancelled', 'cancelled', null, null, null, true, 'head', null, null]);
  });

  it('shows the reason while the shown stage is returned, and asks the unit to resubmit', () => {
    expect([returnedRow.stage, returnedRow.stageId, returnedRow.stageStatus, returnedRow.returnedReason, returnedRow.overdue]).toEqual([
      'registration',
      'registration',
      'returned',
      RETURN_REASON,
      false,
    ]);
    expect(returnedItems.map((i) => [i.addresseeUnit, i.audience, i.kind, i.stageId, i.reason, i.dueAt?.toISOString()])).toEqual([
      ['SNGV', 'unit', 'resubmit', 'registration', RETURN_REASON, DUE],
    ]);
  });

  it('keeps an inbox of what is waiting for whom', async () => {
    expect(summary(await open())).toEqual([
      'SGDDT/head: overdue SGDDT derived-plan',
      'SGDDT/head: overdue SGDDT registration',
      'SGDDT/unit: submit SGDDT derived-plan',
      'SGDDT/unit: submit SGDDT registration',
      'SNGV/issuer: overdue SNGV.LS registration',
      'SNGV/issuer: decide SNGV.VP registration',
      'SNGV.LS/head: overdue SNGV.LS registration',
      'SNGV.LS/unit: submit SNGV.LS registration',
      'STTTT/head: overdue STTTT derived-plan',
      'STTTT/unit: submit STTTT derived-plan',
      'STTTT/unit: submit STTTT registration',
      'TINH/issuer: overdue SGDDT derived-plan',
      'TINH/issuer: overdue SGDDT registration',
      'TINH/issuer: overdue STTTT derived-plan',
    ]);
    const items = await open();
    const find = (addressee: string, audience: string, unit: string, stage: string) =>
      items.find((i) => i.addresseeUnit === addressee && i.audience === audience && i.unitCode === unit && i.stageId === stage)!;

    expect(find('SGDDT', 'unit', 'SGDDT', 'registration')).toMatchObject({
      kind: 'submit',
      message: 'Submit the registration',
      dueAt: new Date(DUE),
      overdue: true,
      escalation: 'board',
      remindedAt: new Date('2022-04-26T17:00:00.000Z'),
      createdAt: new Date('2022-04-20T03:00:00.000Z'),
      stageKind: 'registration',
    });
    expect(find('TINH', 'issuer', 'SGDDT', 'registration')).toMatchObject({
      message: 'Unit SGDDT is overdue: the registration was due 28/04/2022 00:00',
      dueAt: new Date(DUE),
      overdue: true,
      escalation: 'board',
      createdAt: new Date('2022-05-04T17:00:00.000Z'),
    });
    expect(find('SGDDT', 'head', 'SGDDT', 'registration')).toMatchObject({
      message: 'SGDDT is overdue: the registration was due 28/04/2022 00:00',
      escalation: 'board',
    });
    // The extension moved STTTT's registration, cleared its overdue flag and ladder, and reminders start over.
    expect(find('STTTT', 'unit', 'STTTT', 'registration')).toMatchObject({
      dueAt: new Date('2022-05-05T17:00:00.000Z'),
      overdue: false,
      escalation: null,
      remindedAt: new Date('2022-05-04T17:00:00.000Z'),
    });
    expect(find('SNGV', 'issuer', 'SNGV.VP', 'registration')).toMatchObject({
      kind: 'decide',
      message: "Decide on SNGV.VP's registration",
      dueAt: null,
    });
  });

  it('resolves items when the awaited action happens, saying how', async () => {
    const resolved = await dataSource
      .getRepository(InboxItemEntity)
      .find({ where: { unitCode: 'SNGV' }, order: { createdAt: 'ASC', kind: 'ASC' } });
    expect(
      resolved.map((i) => [i.addresseeUnit, i.audience, i.kind, i.stageId, i.resolution, i.resolvedAt?.toISOString(), i.reason]),
    ).toEqual([
      ['SNGV', 'unit', 'submit', 'derived-plan', 'submitted', '2022-04-21T03:00:00.000Z', null],
      ['SNGV', 'unit', 'submit', 'registration', 'submitted', '2022-04-22T01:00:00.000Z', null],
      ['TINH', 'issuer', 'decide', 'derived-plan', 'accepted', '2022-04-21T05:00:00.000Z', null],
      ['TINH', 'issuer', 'decide', 'registration', 'returned', '2022-04-22T02:00:00.000Z', null],
      ['SNGV', 'unit', 'resubmit', 'registration', 'submitted', '2022-04-25T00:00:00.000Z', RETURN_REASON],
      ['TINH', 'issuer', 'decide', 'registration', 'accepted', '2022-04-26T00:00:00.000Z', null],
    ]);
    expect(resolved.find((i) => i.kind === 'resubmit')!.message).toBe('Returned: correct the registration and submit again');

    const sttttEscalations = await dataSource
      .getRepository(InboxItemEntity)
      .find({ where: { unitCode: 'STTTT', stageId: 'registration', kind: 'overdue' } });
    expect(sttttEscalations).toEqual([]); // extended on 29/4, before the head would have been told (30/4)
    const extended = await dataSource.getRepository(InboxItemEntity).find({ where: { unitCode: 'SGDDT' } });
    expect(extended.every((i) => i.resolvedAt === null)).toBe(true);

    const cancelled = await dataSource.getRepository(InboxItemEntity).find({ where: { unitCode: 'SNGV.BG' }, order: { createdAt: 'ASC' } });
    expect(cancelled.map((i) => [i.audience, i.kind, i.resolution, i.resolvedAt?.toISOString()])).toEqual([
      ['unit', 'submit', 'cancelled', '2022-05-02T00:00:00.000Z'],
      ['head', 'overdue', 'cancelled', '2022-05-02T00:00:00.000Z'],
    ]);
  });

  it('rebuilds the read models from the event store exactly as the live ones', async () => {
    const live = await snapshot(dataSource);
    expect(live.inbox_items.length).toBeGreaterThan(20);
    const result = await rebuildReadModels(dataSource);
    const events = await dataSource.query('SELECT count(*)::int AS n FROM events');
    expect(result.events).toBe(events[0].n);
    expect(await snapshot(dataSource)).toEqual(live);
    // Again, on rows that were themselves rebuilt.
    await rebuildReadModels(dataSource);
    expect(await snapshot(dataSource)).toEqual(live);
  });

  it('writes nothing when an append is retried with the same events', async () => {
    const before = await snapshot(dataSource);
    const task = scenario.tasks['SNGV.VP'];
    const stored = await store.readStream(task.streamId);
    const retried = await store.append(
      task.streamId,
      stored.map(({ eventId, type, data, metadata }) => ({ eventId, type, data, metadata })),
      { expectedVersion: 0 },
    );
    expect(retried.written).toBe(0);
    expect(await snapshot(dataSource)).toEqual(before);
  });

  it('keeps appending on top of rebuilt rows', async () => {
    await rebuildReadModels(dataSource);
    await scenario.tasks['SNGV.VP'].accept('registration', '2022-05-05T01:00:00.000Z');
    const vp = await dataSource.getRepository(UnitTaskEntity).findOneByOrFail({ unitCode: 'SNGV.VP' });
    expect(vp.state).toEqual(asStored(scenario.tasks['SNGV.VP'].state));
    expect([vp.stage, vp.stageId, vp.stageStatus]).toEqual(['execution', 'interim:Đợt 1', 'pending']);
    expect(summary(await open())).not.toContain('SNGV/issuer: decide SNGV.VP registration');
  });
});

/** Every row of the projected tables, in key order. */
async function snapshot(dataSource: DataSource): Promise<Record<string, unknown[]>> {
  const keys: Record<(typeof PROJECTED_TABLES)[number], string> = { plans: 'plan_id', unit_tasks: 'plan_id, unit_code', inbox_items: 'id' };
  const result: Record<string, unknown[]> = {};
  for (const table of PROJECTED_TABLES) result[table] = await dataSource.query(`SELECT * FROM ${table} ORDER BY ${keys[table]}`);
  return result;
}

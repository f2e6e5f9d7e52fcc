import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { BadRequestException, ConflictException, HttpException, NotFoundException, ValidationPipe } from '@nestjs/common';
import { DataSource, type MigrationInterface } from 'typeorm';
import { isDomainError, planStreamId, type PlanDraft, type PlanEvent, type PlanProblem } from '#domain';
import { EventStore } from '#event-store';
import { dataSourceOptions, loadUnitHierarchy, loadUnitVersions, saveUnitVersions, UnitEntity } from '#persistence';
import { loadDemoUnits } from '#persistence/dev';
import { KH_119, SEED_UNIT_VERSIONS, SNGV_PLAN } from '../../../../test/support/seed-plans.js';
import { createMigratedDataSource, createTestDatabase } from '../../../../test/support/database.js';
import { plainOf } from '../common/validation.js';
import { CreatePlanDto } from '../plans/dto/create-plan.dto.js';
import { PlanDraftsService } from './plan-drafts.service.js';

let dataSource: DataSource;
let service: PlanDraftsService;

beforeAll(async () => {
  ({ dataSource } = await createMigratedDataSource('plan_drafts'));
  service = new PlanDraftsService(dataSource, new EventStore(dataSource));
  // The seed structure: TINH, its departments and divisions since 2015, and on 1/3/2025 STTTT and SKHCN merge
  // into SKHCN-2025, which takes over STTTT's IT centre (STTTT.CNTT keeps its code under a new parent).
  await saveUnitVersions(dataSource, SEED_UNIT_VERSIONS);
});

afterAll(async () => {
  await dataSource?.destroy();
});

/** The HTTP error a call ends with: its status and body. */
async function failure(
  call: Promise<unknown>,
): Promise<{ status: number; body: { code: string; message: string | string[]; problems?: PlanProblem[] } }> {
  try {
    await call;
  } catch (error) {
    if (error instanceof HttpException) return { status: error.getStatus(), body: error.getResponse() as never };
    throw error;
  }
  throw new Error('expected the call to fail');
}

const errorsIn = (body: { problems?: PlanProblem[] }) => body.problems?.filter((p) => p.severity === 'error');

/** The same draft, every date moved by `years` (the seed plan is of 2022). */
function movedBy(draft: PlanDraft, years: number): PlanDraft {
  return JSON.parse(
    JSON.stringify(draft).replace(/"(\d{4})-(\d{2})-(\d{2})"/g, (_, y: string, m: string, d: string) => `"${Number(y) + years}-${m}-${d}"`),
  );
}

/** Stores a plan as POST /plans does (PlanCreated first), optionally followed by later events of its life. */
async function createPlanIn(source: DataSource, draft: PlanDraft, ...later: PlanEvent[]): Promise<string> {
  const planId = randomUUID();
  const streamId = planStreamId(planId);
  const events: PlanEvent[] = [{ type: 'PlanCreated', data: { planId, draft } }, ...later];
  await new EventStore(source).append(
    streamId,
    events.map((event, i) => ({ ...event, eventId: `${streamId}/${i + 1}`, metadata: { actor: 'test', correlationId: planId } })),
    { expectedVersion: 'no-stream', streamType: 'plan' },
  );
  return planId;
}
const createPlan = (draft: PlanDraft, ...later: PlanEvent[]) => createPlanIn(dataSource, draft, ...later);

describe('unit versions in PostgreSQL', () => {
  it('resolve the structure of the day: STTTT and its IT centre in 2022, the merged department in 2026', async () => {
    const in2022 = await loadUnitHierarchy(dataSource, '2022-04-27');
    expect(in2022.units.get('STTTT')?.name).toBe('Sở Thông tin và Truyền thông');
    expect(in2022.units.get('STTTT.CNTT')?.parentCode).toBe('STTTT');
    expect(in2022.units.has('SKHCN-2025')).toBe(false);

    const in2026 = await loadUnitHierarchy(dataSource, '2026-01-05');
    expect(in2026.units.has('STTTT')).toBe(false);
    expect(in2026.units.has('SKHCN')).toBe(false);
    expect(in2026.units.get('STTTT.CNTT')?.parentCode).toBe('SKHCN-2025');
    expect(in2026.children.get('SKHCN-2025')).toEqual(expect.arrayContaining(['STTTT.CNTT', 'SKHCN.QLKH']));

    // The day of the merger belongs to the new structure (validTo is exclusive).
    expect((await loadUnitHierarchy(dataSource, '2025-02-28')).units.has('STTTT')).toBe(true);
    expect((await loadUnitHierarchy(dataSource, '2025-03-01')).units.has('STTTT')).toBe(false);
    expect(await loadUnitVersions(dataSource)).toHaveLength(SEED_UNIT_VERSIONS.length);
  });

  it('keep `units` as the view of today for its readers and writers; a unit added through it starts with its parent', async () => {
    const units = dataSource.getRepository(UnitEntity);
    const today = new Map((await units.find()).map((unit) => [unit.code, unit]));
    expect(today.has('STTTT')).toBe(false);
    expect(today.get('STTTT.CNTT')?.parentCode).toBe('SKHCN-2025');

    await units.insert({ code: 'SNGV.MOI', name: 'Phòng mới', kind: 'division', parentCode: 'SNGV' });
    try {
      expect((await loadUnitVersions(dataSource)).find((v) => v.code === 'SNGV.MOI')).toEqual({
        code: 'SNGV.MOI',
        name: 'Phòng mới',
        kind: 'division',
        parentCode: 'SNGV',
        validFrom: '2015-01-01', // SNGV's version in force today began then
      });
      expect((await loadUnitHierarchy(dataSource, '2022-04-27')).children.get('SNGV')).toContain('SNGV.MOI');
    } finally {
      await units.delete({ code: 'SNGV.MOI' });
    }
  });

  it('are refused by the database when two versions of a unit overlap or a parent is not in force', async () => {
    await expect(
      dataSource.query(
        `INSERT INTO unit_versions (code, valid_from, name, kind, parent_code) VALUES ('STTTT', '2024-01-01', 'Sở TTTT', 'department', 'TINH')`,
      ),
    ).rejects.toThrow(/unit_versions_no_overlap/);
    await expect(
      dataSource.query(
        `INSERT INTO unit_versions (code, valid_from, name, kind, parent_code) VALUES ('STTTT.BCVT', '2024-06-01', 'Phòng Bưu chính', 'division', 'STTTT')`,
      ),
    ).rejects.toThrow(/Unit STTTT\.BCVT \(version from 01\/06\/2024\): its parent STTTT is not in force for the whole of that version/);
    await expect(dataSource.query(`UPDATE unit_versions SET valid_to = '2024-01-01' WHERE code = 'SNGV'`)).rejects.toThrow(
      /its parent SNGV is not in force/,
    );
    expect(await loadUnitVersions(dataSource)).toHaveLength(SEED_UNIT_VERSIONS.length);
  });

  it('are checked by the domain when saved: the whole history must stay consistent, or nothing is written', async () => {
    const error = await saveUnitVersions(dataSource, [
      { code: 'SGDDT.VP', name: 'Văn phòng Sở GDĐT', kind: 'division', parentCode: 'SGDDT', validFrom: '2015-01-01' },
      { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: 'SNGV.VP', validFrom: '2015-01-01' }, // moved under a division
    ]).catch((e: unknown) => e);
    expect(isDomainError(error) && error.code).toBe('INVALID_UNIT_VERSIONS');
    expect((error as Error).message).toMatch(/SGDDT .* is a department but its parent SNGV\.VP is a division/);
    expect(await loadUnitVersions(dataSource)).toHaveLength(SEED_UNIT_VERSIONS.length);
  });

  it('take over the rows of the old units table when the migration runs, and give them back when it is reverted', async () => {
    const url = await createTestDatabase('unit_validity');
    const all = dataSourceOptions({ url }).migrations as (new () => MigrationInterface)[];
    const upTo = (timestamp: number) => all.filter((m) => Number(/\d{13}$/.exec(m.name)?.[0]) <= timestamp);
    const old = new DataSource({ ...dataSourceOptions({ url }), migrations: upTo(1763800001000) });
    await old.initialize();
    try {
      await old.runMigrations();
      await old.query(
        `INSERT INTO units (code, name, kind, parent_code) VALUES ('TINH', 'UBND tỉnh', 'board', NULL), ('SNV', 'Sở Nội vụ', 'department', 'TINH')`,
      );
    } finally {
      await old.destroy();
    }

    const migrated = new DataSource({ ...dataSourceOptions({ url }), migrations: upTo(1763800002000) });
    await migrated.initialize();
    try {
      expect((await migrated.runMigrations()).map((m) => m.name)).toEqual(['UnitValidity1763800002000']);
      expect(await loadUnitVersions(migrated)).toEqual([
        { code: 'SNV', name: 'Sở Nội vụ', kind: 'department', parentCode: 'TINH', validFrom: '1900-01-01' },
        { code: 'TINH', name: 'UBND tỉnh', kind: 'board', validFrom: '1900-01-01' },
      ]);
      expect((await loadUnitHierarchy(migrated, '2022-04-27')).children.get('TINH')).toEqual(['SNV']);
      expect(await migrated.getRepository(UnitEntity).count()).toBe(2);

      await migrated.undoLastMigration();
      expect(await migrated.query(`SELECT table_type FROM information_schema.tables WHERE table_name = 'units'`)).toEqual([
        { table_type: 'BASE TABLE' },
      ]);
      expect(await migrated.query('SELECT code, parent_code FROM units ORDER BY code')).toEqual([
        { code: 'SNV', parent_code: 'TINH' },
        { code: 'TINH', parent_code: null },
      ]);
    } finally {
      await migrated.destroy();
    }
  });

  it('hold the demo units as units without history, against which the end-to-end KH 119 body is valid', async () => {
    const demo = (await createMigratedDataSource('plan_drafts_demo')).dataSource;
    try {
      expect(await loadDemoUnits(demo)).toBe(true);
      expect((await loadUnitVersions(demo)).every((v) => v.validFrom === '1900-01-01' && v.validTo === undefined)).toBe(true);
      const body: unknown = JSON.parse(readFileSync(new URL('../../../../test/fixtures/kh119.plan.json', import.meta.url), 'utf8'));
      const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true });
      const demoService = new PlanDraftsService(demo, new EventStore(demo));
      const draft = plainOf<CreatePlanDto>(await pipe.transform(body, { type: 'body', metatype: CreatePlanDto }));
      await expect(demoService.validate(draft)).resolves.toEqual({ warnings: [] });
      const derived = await demoService.deriveFor(await createPlanIn(demo, draft), 'SGDDT', '2022-04-27');
      expect(derived.recipients.map((r) => r.unitCode)).toEqual(['SGDDT.GDTRH', 'SGDDT.TCCB', 'SGDDT.VP', 'TINH']);
    } finally {
      await demo.destroy();
    }
  });
});

describe('PlanDraftsService.validate', () => {
  it('accepts a 2022 draft against the 2022 structure, although STTTT merged away in 2025', async () => {
    await expect(service.validate(KH_119)).resolves.toEqual({ warnings: [] });
  });

  it('refuses a 2026 draft naming the merged-away STTTT with a field-named error', async () => {
    const { status, body } = await failure(service.validate(movedBy(KH_119, 4)));
    expect(status).toBe(400);
    expect(body.code).toBe('INVALID_PLAN');
    expect(body.message).toEqual(['recipients[2]: unit STTTT did not exist on 27/04/2026']);
    expect(body.problems).toEqual([
      { severity: 'error', field: 'recipients[2]', code: 'UNKNOWN_UNIT', message: 'recipients[2]: unit STTTT did not exist on 27/04/2026' },
    ]);

    // The department in force then is accepted in its place.
    const draft = movedBy(KH_119, 4);
    draft.recipients[2] = { unitCode: 'SKHCN-2025', role: 'implement' };
    await expect(service.validate(draft)).resolves.toEqual({ warnings: [] });
  });

  it('applies the rules of the issue date, and names issuedOn when none are known', async () => {
    const { warnings } = await service.validate({ ...KH_119, milestones: { ...KH_119.milestones, registration: undefined } });
    expect(warnings).toEqual([expect.objectContaining({ field: 'milestones.registration', code: 'REGISTRATION_MISSING' })]); // the 2017 rules
    const in2024 = movedBy({ ...KH_119, milestones: { ...KH_119.milestones, registration: undefined } }, 2);
    await expect(service.validate(in2024)).resolves.toEqual({ warnings: [] }); // registering is optional since 2024

    const { body } = await failure(service.validate(movedBy(KH_119, -6)));
    expect(body.problems).toEqual([expect.objectContaining({ field: 'issuedOn', code: 'NO_RULE_SET' })]);
    expect(body.message).toEqual([expect.stringMatching(/^issuedOn \(27\/04\/2016\): No emulation rules are known for 27\/04\/2016/)]);
  });

  it('accepts a plan not yet numbered with a warning', async () => {
    const { warnings } = await service.validate({ ...KH_119, numberSymbol: '/KH-UBND' });
    expect(warnings).toEqual([expect.objectContaining({ severity: 'warning', field: 'numberSymbol', code: 'NOT_YET_NUMBERED' })]);
  });

  it('reports every error with its field, and the warnings beside them', async () => {
    const { body } = await failure(
      service.validate({
        ...KH_119,
        bases: [],
        issuingUnit: 'SNGV',
        phases: [KH_119.phases[1], KH_119.phases[0]],
      }),
    );
    expect(body.problems?.map((p) => `${p.severity} ${p.field} ${p.code}`)).toEqual(
      expect.arrayContaining([
        'warning bases NO_BASIS',
        'error phases[1].endsOn PHASE_ORDER',
        'error recipients[0] ISSUER_IS_RECIPIENT',
        'error recipients[1] OUTSIDE_SCOPE',
      ]),
    );
    expect(body.message).toEqual(body.problems!.filter((p) => p.severity === 'error').map((p) => p.message));
  });
});

describe('derived plans', () => {
  let parentId: string;
  /** SNGV's plan implementing KH 119 (seed 000), pointed at the stored parent. */
  let sngvPlan: PlanDraft;

  beforeAll(async () => {
    parentId = await createPlan(KH_119);
    sngvPlan = { ...SNGV_PLAN, parentPlanId: parentId, bases: [{ ...SNGV_PLAN.bases[0], planId: parentId }] };
  });

  it('deriveFor pre-fills the department’s plan from its parent and the units below it', async () => {
    const draft = await service.deriveFor(parentId, 'SNGV', '2022-04-27');
    expect(draft).toMatchObject({
      numberSymbol: '',
      issuedOn: '2022-04-27',
      issuingUnit: 'SNGV',
      movement: KH_119.movement,
      parentPlanId: parentId,
      bases: [{ kind: 'plan', numberSymbol: '119/KH-UBND', issuedOn: '2022-04-27', issuer: 'TINH', planId: parentId }],
      timeFrame: KH_119.timeFrame,
      milestones: KH_119.milestones,
      quotas: [],
    });
    // Its divisions in force that day, by code (SNGV.VP.VT is below SNGV.VP: the office cascades to it), then the board.
    expect(draft.recipients).toEqual([
      { unitCode: 'SNGV.BG', role: 'implement' },
      { unitCode: 'SNGV.LS', role: 'implement' },
      { unitCode: 'SNGV.VP', role: 'implement' },
      { unitCode: 'TINH', role: 'report-to' },
    ]);

    // Once the department fills in its number and signer, the draft is valid as it stands.
    const signed = { numberSymbol: '45/KH-SNgV', signer: { ...draft.signer, name: 'Phạm Thị Anh Thư' } };
    await expect(service.validate({ ...draft, ...signed })).resolves.toEqual({ warnings: [] });

    // Derived a day later, the copied registration deadline ("trước ngày 28/4") has closed: the department must change it.
    const late = await service.deriveFor(parentId, 'SNGV', '2022-04-28');
    const { body } = await failure(service.validate({ ...late, ...signed }));
    expect(errorsIn(body)).toEqual([expect.objectContaining({ field: 'milestones.registration', code: 'MILESTONE_BEFORE_ISSUE' })]);
  });

  it('deriveFor: 404 without the parent, 400 NOT_A_RECIPIENT for a unit that does not implement it, 400 for a unit merged away', async () => {
    expect(await failure(service.deriveFor(randomUUID(), 'SNGV', '2022-04-28'))).toMatchObject({
      status: 404,
      body: { code: 'PLAN_NOT_FOUND' },
    });
    expect(await failure(service.deriveFor(parentId, 'SNV', '2022-04-28'))).toMatchObject({
      status: 400,
      body: { code: 'NOT_A_RECIPIENT', message: 'Unit SNV does not implement plan 119/KH-UBND; the units that do are SNGV, SGDDT, STTTT' },
    });
    expect(await failure(service.deriveFor(parentId, 'SNGV.VP', '2022-04-28'))).toMatchObject({
      status: 400,
      body: { code: 'NOT_A_RECIPIENT' },
    });
    expect(await failure(service.deriveFor(parentId, 'STTTT', '2025-03-10'))).toMatchObject({
      status: 400,
      body: { code: 'UNIT_NOT_FOUND' },
    });
  });

  it('validate: the seed department plan passes against the stored parent (with the cap warning of the 2017 rules)', async () => {
    const { warnings } = await service.validate(sngvPlan);
    expect(warnings.map((w) => `${w.field} ${w.code}`)).toEqual(['targets[1] TARGET_AT_CAP']);
  });

  it('validate: a derived deadline after the parent’s is an error naming the milestone', async () => {
    // "trước ngày 1/12" closes when "hết ngày 30/11" does: allowed. "hết ngày 1/12" is a day later: refused.
    await expect(
      service.validate({ ...sngvPlan, milestones: { ...sngvPlan.milestones, nomination: { date: '2022-12-01', rule: 'before' } } }),
    ).resolves.toBeDefined();
    const { status, body } = await failure(
      service.validate({ ...sngvPlan, milestones: { ...sngvPlan.milestones, nomination: { date: '2022-12-01', rule: 'end-of-day' } } }),
    );
    expect(status).toBe(400);
    expect(errorsIn(body)).toEqual([expect.objectContaining({ field: 'milestones.nomination', code: 'DEADLINE_AFTER_PARENT' })]);
    expect(body.message).toEqual([
      "milestones.nomination (01/12/2022 24:00) falls after the parent plan's nomination deadline (30/11/2022 24:00); set it on or before the parent's",
    ]);
  });

  it('validate: a quota above the parent’s allotment of an award its issuer confers is an error', async () => {
    const within = {
      ...sngvPlan,
      quotas: [...sngvPlan.quotas, { award: 'BANG_KHEN_TINH' as const, recipientKind: 'collective' as const, count: 5 }],
    };
    await expect(service.validate(within)).resolves.toBeDefined();
    const above = {
      ...sngvPlan,
      quotas: [...sngvPlan.quotas, { award: 'BANG_KHEN_TINH' as const, recipientKind: 'collective' as const, count: 6 }],
    };
    const { body } = await failure(service.validate(above));
    expect(errorsIn(body)).toEqual([expect.objectContaining({ field: 'quotas[2].count', code: 'QUOTA_ABOVE_PARENT' })]);
    expect(body.message).toEqual([
      expect.stringMatching(/^quotas\[2\]: 6 collectives for Bằng khen của Chủ tịch UBND tỉnh exceeds the parent plan's quota of 5/),
    ]);
  });

  it('validate: a parent that does not exist is 404, a cancelled one an error on parentPlanId', async () => {
    const orphan = randomUUID();
    expect(
      await failure(service.validate({ ...sngvPlan, parentPlanId: orphan, bases: [{ ...sngvPlan.bases[0], planId: orphan }] })),
    ).toMatchObject({
      status: 404,
      body: { code: 'PLAN_NOT_FOUND', message: `Plan ${orphan} does not exist` },
    });

    const cancelled = await createPlan(KH_119, {
      type: 'PlanCancelled',
      data: { reason: 'Trùng kế hoạch', cancelledAt: '2022-04-28T01:00:00.000Z' },
    });
    const { body } = await failure(
      service.validate({ ...sngvPlan, parentPlanId: cancelled, bases: [{ ...sngvPlan.bases[0], planId: cancelled }] }),
    );
    expect(errorsIn(body)).toEqual([expect.objectContaining({ field: 'parentPlanId', code: 'PARENT_NOT_OPEN' })]);
    await expect(service.deriveFor(cancelled, 'SNGV', '2022-04-28')).rejects.toBeInstanceOf(ConflictException);
  });

  it('the errors are Nest exceptions the error filter turns into 400 and 404', async () => {
    await expect(service.validate(movedBy(KH_119, 4))).rejects.toBeInstanceOf(BadRequestException);
    await expect(service.deriveFor(randomUUID(), 'SNGV', '2022-04-28')).rejects.toBeInstanceOf(NotFoundException);
  });
});

import { randomUUID } from 'node:crypto';
import { Module, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { TypeOrmModule } from '@nestjs/typeorm';
import { createEventStore, PersistenceModule, PlanEntity, UnitEntity, UnitTaskEntity } from '#persistence';
import { loadDemoUnits } from '#persistence/dev';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import {
  KH119_REGISTRATION_DUE as DUE,
  KH119_RETURN_REASON,
  playKh119Cascade,
  type Kh119Cascade,
} from '../../../../test/support/driven-streams.js';
import { AuthModule } from '../auth/auth.module.js';
import type { AuthUser } from '../auth/auth.types.js';
import { TokenService } from '../auth/token.service.js';
import { ErrorFilter } from '../common/error.filter.js';
import { PlanView, type PlanUnitView } from '../plan-access/dto/plan.view.js';
import { PlanViewService } from '../plan-access/plan-view.service.js';
import { InboxModule } from './inbox.module.js';
import { InboxService } from './inbox.service.js';

const SECRET = 'inbox-e2e-secret-0123456789-abcdefghij';

/** The inbox and the cascade view as an API serves them, on the read models the inline projections keep. */
@Module({
  imports: [TypeOrmModule.forFeature([PlanEntity, UnitTaskEntity, UnitEntity])],
  providers: [PlanViewService],
  exports: [PlanViewService],
})
class PlanViewTestModule {}

const user = (role: 'board' | 'department' | 'auditor', unit?: string) => ({ id: `x@${unit ?? 'tt'}`, name: 'X', role, unit }) as AuthUser;
const board = user('board', 'TINH');
const sngv = user('department', 'SNGV');

describe('GET /inbox and the cascade view, on KH 119 played to 5/5/2022', () => {
  let app: INestApplication;
  let baseUrl: string;
  let cascade: Kh119Cascade;
  let views: PlanViewService;
  /** The board's view right after it returned SNGV's registration. */
  let returnedView: PlanView;
  const tokens = new TokenService(SECRET);
  const bearer = (role: 'board' | 'department' | 'auditor', unit?: string) => ({
    authorization: `Bearer ${tokens.issue({ sub: `person@${unit ?? 'thanh-tra'}`, name: 'Người dùng', role, unit }, 3600)}`,
  });

  async function get(path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl}${path}`, { headers });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }
  const brief = (items: { addresseeUnit: string; audience: string; kind: string; unitCode: string; stageId?: string }[]) =>
    items.map((i) => `${i.addresseeUnit}/${i.audience}: ${i.kind} ${i.unitCode} ${i.stageId ?? ''}`.trim());

  beforeAll(async () => {
    const { dataSource, url } = await createMigratedDataSource('inbox');
    await loadDemoUnits(dataSource);
    @Module({
      imports: [
        PersistenceModule.forRoot({ url, applicationName: 'inbox-e2e' }),
        AuthModule.forRoot({ secret: SECRET }),
        InboxModule,
        PlanViewTestModule,
      ],
    })
    class InboxAppModule {}
    app = await NestFactory.create(InboxAppModule, { logger: ['error'] });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
    views = app.get(PlanViewService);
    cascade = await playKh119Cascade(createEventStore(dataSource), async ({ planA }) => {
      returnedView = await views.view(planA.planId, board);
    });
    await dataSource.destroy();
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('GET /inbox', () => {
    it('shows a department what waits for it and its divisions, soonest deadline first, decisions last', async () => {
      const { status, body } = await get('/inbox', bearer('department', 'SNGV'));
      expect(status).toBe(200);
      expect(brief(body)).toEqual([
        'SNGV.LS/unit: submit SNGV.LS registration',
        'SNGV.LS/head: overdue SNGV.LS registration',
        'SNGV/issuer: overdue SNGV.LS registration',
        'SNGV/issuer: decide SNGV.VP registration',
      ]);
      expect(body[2]).toEqual({
        id: expect.any(String),
        kind: 'overdue',
        audience: 'issuer',
        addresseeUnit: 'SNGV',
        addresseeUnitName: 'Sở Ngoại vụ',
        planId: cascade.planB.planId,
        planNumberSymbol: '45/KH-SNgV',
        planTitle: expect.stringContaining('tại Sở Ngoại vụ'),
        unitCode: 'SNGV.LS',
        unitName: 'Phòng Lãnh sự',
        stageId: 'registration',
        stage: 'registration',
        message: 'Unit SNGV.LS is overdue: the registration was due 28/04/2022 00:00',
        dueAt: DUE,
        overdue: true,
        escalation: 'board',
        createdAt: '2022-05-04T17:00:00.000Z',
      });
      expect(body[3]).toMatchObject({
        kind: 'decide',
        message: "Decide on SNGV.VP's registration",
        overdue: false,
        createdAt: '2022-04-23T00:00:00.000Z',
      });
      expect(body[3]).not.toHaveProperty('dueAt');
    });

    it("shows a department its own unit's items, with the head's escalations and the reminders sent", async () => {
      const { body } = await get('/inbox', bearer('department', 'SGDDT'));
      expect(brief(body)).toEqual([
        'SGDDT/unit: submit SGDDT derived-plan',
        'SGDDT/unit: submit SGDDT registration',
        'SGDDT/head: overdue SGDDT derived-plan',
        'SGDDT/head: overdue SGDDT registration',
      ]);
      expect(body[1]).toMatchObject({
        planNumberSymbol: '119/KH-UBND',
        unitName: 'Sở Giáo dục và Đào tạo',
        message: 'Submit the registration',
        remindedAt: '2022-04-26T17:00:00.000Z',
        escalation: 'board',
      });
    });

    it('shows the board everything below it, its own decisions and escalations included; ?unit narrows to one addressee', async () => {
      const all = await get('/inbox', bearer('board', 'TINH'));
      expect(all.body).toHaveLength(14);
      const own = await get('/inbox?unit=TINH', bearer('board', 'TINH'));
      expect(brief(own.body)).toEqual([
        'TINH/issuer: overdue SGDDT derived-plan',
        'TINH/issuer: overdue SGDDT registration',
        'TINH/issuer: overdue STTTT derived-plan',
      ]);
      const issuer = await get('/inbox?unit=SNGV&audience=issuer&limit=1', bearer('board', 'TINH'));
      expect(brief(issuer.body)).toEqual(['SNGV/issuer: overdue SNGV.LS registration']);
    });

    it('shows an auditor every open item, and never a resolved one', async () => {
      const { status, body } = await get('/inbox', bearer('auditor'));
      expect(status).toBe(200);
      expect(body).toHaveLength(14);
      expect(body.filter((i: { unitCode: string }) => i.unitCode === 'SNGV' || i.unitCode === 'SNGV.BG')).toEqual([]);
    });

    it('judges overdue by the clock too: an extended deadline is on time until it passes', async () => {
      const service = app.get(InboxService);
      const at = (iso: string) => service.list(user('department', 'STTTT'), {}, new Date(iso));
      const registration = (items: Awaited<ReturnType<typeof at>>) =>
        items.find((i) => i.audience === 'unit' && i.stageId === 'registration')!;
      expect(registration(await at('2022-05-05T00:00:00.000Z'))).toMatchObject({
        dueAt: '2022-05-05T17:00:00.000Z',
        overdue: false,
        remindedAt: '2022-05-04T17:00:00.000Z',
      });
      expect(registration(await at('2022-05-05T17:00:00.000Z')).overdue).toBe(true);
    });

    it('is documented in OpenAPI, with the query and the item type; the tree types nest', () => {
      const document = SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build(), { extraModels: [PlanView] });
      const operation = document.paths['/inbox'].get!;
      expect(operation.security).toEqual([{ bearer: [] }]);
      expect((operation.parameters ?? []).map((p) => ('name' in p ? p.name : undefined))).toEqual(['unit', 'audience', 'limit']);
      expect(JSON.stringify(operation.responses['200'])).toContain('#/components/schemas/InboxItemView');
      const schemas = document.components!.schemas! as Record<string, { properties: Record<string, unknown> }>;
      expect(JSON.stringify(schemas.PlanUnitView.properties.derivedPlan)).toContain('#/components/schemas/PlanView');
      expect(JSON.stringify(schemas.PlanView.properties.units)).toContain('#/components/schemas/PlanUnitView');
    });

    it('refuses what is out of scope or malformed, naming why', async () => {
      expect(await get('/inbox?unit=SGDDT', bearer('department', 'SNGV'))).toMatchObject({
        status: 403,
        body: { code: 'OUT_OF_SCOPE', message: expect.stringContaining('cannot see unit SGDDT') },
      });
      expect(await get('/inbox?limit=0', bearer('board', 'TINH'))).toMatchObject({
        status: 400,
        body: { message: ['limit must be at least 1'] },
      });
      expect(await get('/inbox?audience=boss', bearer('board', 'TINH'))).toMatchObject({
        status: 400,
        body: { message: ['audience must be one of unit, head, issuer'] },
      });
      expect(await get('/inbox?unit=not%20a%20unit', bearer('board', 'TINH'))).toMatchObject({ status: 400 });
      expect(await get('/inbox')).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    });
  });

  describe('PlanViewService.view (the cascade tree)', () => {
    const unit = (plan: PlanView, code: string) => plan.units.find((u) => u.unitCode === code)!;
    const row = (u: PlanUnitView) => [
      u.unitCode,
      u.status,
      u.stage,
      u.stageStatus ?? null,
      u.overdue,
      u.escalation ?? null,
      u.waitingFor ?? null,
    ];

    it('shows the board every unit, each derived plan nested under its unit, with counts per level and in total', async () => {
      const tree = await views.view(cascade.planA.planId, board);
      expect(tree).toMatchObject({
        planId: cascade.planA.planId,
        numberSymbol: '119/KH-UBND',
        issuingUnit: 'TINH',
        issuingUnitName: expect.stringContaining('Thi đua'),
        status: 'launched',
        version: 2,
      });
      expect(tree.units.map(row)).toEqual([
        ['SNGV', 'open', 'execution', 'pending', false, null, null],
        ['SGDDT', 'open', 'registration', 'open', true, 'board', 'unit'],
        ['STTTT', 'open', 'registration', 'open', true, 'board', 'unit'],
      ]);
      const derived = unit(tree, 'SNGV').derivedPlan!;
      expect(unit(tree, 'SNGV').derivedPlanId).toBe(cascade.planB.planId);
      expect(derived).toMatchObject({
        planId: cascade.planB.planId,
        parentPlanId: cascade.planA.planId,
        numberSymbol: '45/KH-SNgV',
        issuingUnit: 'SNGV',
      });
      expect(derived.units.map(row)).toEqual([
        ['SNGV.VP', 'open', 'registration', 'submitted', false, null, 'issuer'],
        ['SNGV.LS', 'open', 'registration', 'open', true, 'board', 'unit'],
        ['SNGV.BG', 'cancelled', 'cancelled', null, false, 'head', null],
      ]);
      expect(unit(tree, 'SGDDT')).toMatchObject({
        unitName: 'Sở Giáo dục và Đào tạo',
        dueAt: DUE,
        stageId: 'registration',
        returned: false,
      });
      expect(unit(tree, 'SGDDT').stages.map((s) => [s.id, s.status, s.overdue])).toEqual([
        ['derived-plan', 'open', true],
        ['registration', 'open', true],
        ['interim:Đợt 1', 'pending', false],
        ['nomination', 'pending', false],
        ['final-review', 'pending', false],
      ]);
      expect(tree.counts).toEqual({
        units: 3,
        overdue: 2,
        onTime: 1,
        returned: 0,
        awaitingDecision: 0,
        byStage: [
          { stage: 'registration', count: 2 },
          { stage: 'execution', count: 1 },
        ],
      });
      expect(derived.totals).toEqual({
        units: 3,
        overdue: 1,
        onTime: 2,
        returned: 0,
        awaitingDecision: 1,
        byStage: [
          { stage: 'registration', count: 2 },
          { stage: 'cancelled', count: 1 },
        ],
      });
      expect(tree.totals).toEqual({
        units: 6,
        overdue: 3,
        onTime: 3,
        returned: 0,
        awaitingDecision: 1,
        byStage: [
          { stage: 'registration', count: 4 },
          { stage: 'execution', count: 1 },
          { stage: 'cancelled', count: 1 },
        ],
      });
    });

    it('flags a returned stage with its reason', () => {
      expect(unit(returnedView, 'SNGV')).toMatchObject({
        stage: 'registration',
        stageStatus: 'returned',
        returned: true,
        returnedReason: KH119_RETURN_REASON,
        waitingFor: 'unit',
      });
      expect(returnedView.counts.returned).toBe(1);
      expect(unit(returnedView, 'SNGV').stages.find((s) => s.id === 'registration')).toMatchObject({
        status: 'returned',
        returnReason: KH119_RETURN_REASON,
        late: false,
      });
    });

    it('shows a department only its own unit and what is below it', async () => {
      const tree = await views.view(cascade.planA.planId, sngv);
      expect(tree.units.map((u) => u.unitCode)).toEqual(['SNGV']);
      expect(unit(tree, 'SNGV').derivedPlan!.units.map((u) => u.unitCode)).toEqual(['SNGV.VP', 'SNGV.LS', 'SNGV.BG']);
      expect(tree.totals.units).toBe(4);
      const sgddt = await views.view(cascade.planA.planId, user('department', 'SGDDT'));
      expect(sgddt.units.map((u) => [u.unitCode, u.derivedPlan])).toEqual([['SGDDT', undefined]]);
      expect((await views.view(cascade.planB.planId, sngv)).units).toHaveLength(3);
    });

    it('keeps only the late units and the path to them with onlyLate, counts unchanged', async () => {
      const tree = await views.view(cascade.planA.planId, board, { onlyLate: true });
      expect(tree.units.map((u) => u.unitCode)).toEqual(['SNGV', 'SGDDT', 'STTTT']);
      expect(unit(tree, 'SNGV').derivedPlan!.units.map((u) => u.unitCode)).toEqual(['SNGV.LS']);
      expect(tree.totals.units).toBe(6);
      const sngvLate = await views.view(cascade.planB.planId, sngv, { onlyLate: true });
      expect(sngvLate.units.map((u) => u.unitCode)).toEqual(['SNGV.LS']);
    });

    it('answers 404 PLAN_NOT_FOUND for an unknown plan and 403 outside the scope', async () => {
      await expect(views.view(randomUUID(), board)).rejects.toMatchObject({ status: 404, response: { code: 'PLAN_NOT_FOUND' } });
      await expect(views.view(cascade.planB.planId, user('department', 'SGDDT'))).rejects.toMatchObject({
        status: 403,
        response: { code: 'OUT_OF_SCOPE' },
      });
      expect((await views.view(cascade.planB.planId, user('auditor'))).units).toHaveLength(3);
    });
  });
});

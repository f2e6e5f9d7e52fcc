import { Module, ValidationPipe, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { PersistenceModule } from '#persistence';
import { demoPlan, loadDemoUnits } from '#persistence/dev';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { http, people, startSystem, type RunningSystem } from '../../../../test/support/system.js';
import { ErrorFilter } from '../common/error.filter.js';
import { AuthModule } from './auth.module.js';
import { TokenService } from './token.service.js';

const BOARD_NAME = 'Hội đồng Thi đua – Khen thưởng tỉnh (UBND tỉnh)';
const claimsOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { iat: number; exp: number; sub: string };

describe('GET /auth/session and demo sign-in (the running system, demo sign-in on as in tests and demos)', () => {
  let system: RunningSystem;
  let anonymous: ReturnType<typeof http>;

  beforeAll(async () => {
    system = await startSystem();
    anonymous = http(system.baseUrl);
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
  });

  const signIn = (body: unknown) => anonymous.post('/auth/sign-in', body);

  it('tells the web app that demo sign-in is on, with the boards and departments to sign in for', async () => {
    const { status, body } = await anonymous.get('/auth/sign-in');
    expect(status).toBe(200);
    expect(body).toEqual({
      demo: true,
      units: [
        { code: 'SGDDT', name: 'Sở Giáo dục và Đào tạo', kind: 'department', parentCode: 'TINH' },
        { code: 'SNGV', name: 'Sở Ngoại vụ', kind: 'department', parentCode: 'TINH' },
        { code: 'SNV', name: 'Sở Nội vụ (Ban Thi đua – Khen thưởng)', kind: 'department', parentCode: 'TINH' },
        { code: 'STTTT', name: 'Sở Thông tin và Truyền thông', kind: 'department', parentCode: 'TINH' },
        { code: 'TINH', name: BOARD_NAME, kind: 'board' },
      ],
    });
  });

  it('signs in a demo board person with a token valid 8 h, which the API then accepts as that person', async () => {
    const before = Date.now();
    const { status, body } = await signIn({ role: 'board', unit: 'TINH' });
    expect(status).toBe(200);
    const user = { id: 'demo.board@tinh', name: `Cán bộ ${BOARD_NAME}`, role: 'board', unit: 'TINH', unitName: BOARD_NAME };
    expect(body).toEqual({ token: expect.any(String), expiresAt: expect.any(String), user });
    const claims = claimsOf(body.token);
    expect(claims.exp - claims.iat).toBe(8 * 3600);
    expect(Date.parse(body.expiresAt)).toBe(claims.exp * 1000);
    expect(claims.iat * 1000).toBeGreaterThanOrEqual(before - 1000);

    const signedIn = http(system.baseUrl, body.token);
    expect(await signedIn.get('/auth/session')).toMatchObject({ status: 200, body: user });
    const created = await signedIn.post('/plans', demoPlan());
    expect(created.status).toBe(201);
    expect((await signedIn.get(`/plans/${created.body.planId}/events`)).body).toEqual([
      expect.objectContaining({ type: 'PlanCreated', actor: 'demo.board@tinh' }),
    ]);
  });

  it('signs in a department for its unit, with its scope, and an auditor for none', async () => {
    const department = await signIn({ role: 'department', unit: 'SNGV' });
    expect(department).toMatchObject({
      status: 200,
      body: { user: { id: 'demo.department@sngv', name: 'Cán bộ Sở Ngoại vụ', role: 'department', unit: 'SNGV', unitName: 'Sở Ngoại vụ' } },
    });
    const asDepartment = http(system.baseUrl, department.body.token);
    expect(await asDepartment.get('/inbox')).toMatchObject({ status: 200 });
    expect(await asDepartment.post('/plans', demoPlan())).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });

    const auditor = await signIn({ role: 'auditor' });
    expect(auditor).toMatchObject({ status: 200 });
    expect(auditor.body.user).toEqual({ id: 'demo.auditor', name: 'Thanh tra', role: 'auditor' });
    expect(await http(system.baseUrl, auditor.body.token).get('/auth/session')).toEqual(
      expect.objectContaining({ status: 200, body: auditor.body.user }),
    );
  });

  it('refuses a unit that does not fit the role with a 400 naming the field', async () => {
    const refused = async (body: unknown) => {
      const response = await signIn(body);
      expect(response.status).toBe(400);
      return response.body;
    };
    expect(await refused({ role: 'board', unit: 'SNGV' })).toEqual({
      statusCode: 400,
      error: 'Bad Request',
      code: 'WRONG_UNIT_KIND',
      message: 'unit SNGV is a department; the role board acts for a board unit; GET /auth/sign-in lists the units to sign in for',
    });
    expect(await refused({ role: 'department', unit: 'TINH' })).toMatchObject({
      code: 'WRONG_UNIT_KIND',
      message: 'unit TINH is a board; the role department acts for a department unit; GET /auth/sign-in lists the units to sign in for',
    });
    expect(await refused({ role: 'department', unit: 'SNGV.VP' })).toMatchObject({
      code: 'WRONG_UNIT_KIND',
      message: expect.stringContaining('unit SNGV.VP is a division'),
    });
    expect(await refused({ role: 'department', unit: 'SXYZ' })).toMatchObject({
      code: 'UNKNOWN_UNIT',
      message: 'unit SXYZ does not exist; GET /auth/sign-in lists the units to sign in for',
    });
    expect(await refused({ role: 'department' })).toMatchObject({
      code: 'UNIT_REQUIRED',
      message: expect.stringMatching(/^unit is required for the role department/),
    });
    expect(await refused({ role: 'auditor', unit: 'TINH' })).toMatchObject({
      code: 'UNIT_NOT_ALLOWED',
      message: expect.stringMatching(/^unit must be left out for the role auditor/),
    });
    expect(await refused({ role: 'admin', unit: 'TINH' })).toMatchObject({ message: ['role must be one of board, department, auditor'] });
    expect(await refused({ role: 'board', unit: 'tinh' })).toMatchObject({
      message: ['unit must be a unit code such as SNGV; GET /auth/sign-in lists them'],
    });
    expect(await refused({ role: 'board', unit: 'TINH', sub: 'me@tinh' })).toMatchObject({ message: ['property sub should not exist'] });
  });

  it('answers 400 naming the field, not 500, for a null or non-text unit', async () => {
    expect(await signIn({ role: 'department', unit: null })).toMatchObject({
      status: 400,
      body: { message: expect.arrayContaining(['unit must be text']) },
    });
    expect(await signIn({ role: 'auditor', unit: null })).toMatchObject({
      status: 400,
      body: { message: expect.arrayContaining(['unit must be text']) },
    });
    expect(await signIn({ role: 'board', unit: 7 })).toMatchObject({
      status: 400,
      body: { message: expect.arrayContaining(['unit must be text']) },
    });
  });

  it('gives the caller of a pasted token, and 401 without a valid one', async () => {
    expect(await system.as(people.sngv).get('/auth/session')).toEqual(
      expect.objectContaining({
        status: 200,
        body: { id: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV', unitName: 'Sở Ngoại vụ' },
      }),
    );
    expect((await system.as(people.auditor).get('/auth/session')).body).toEqual({
      id: 'thanh.tra@tinh',
      name: 'Thanh tra tỉnh',
      role: 'auditor',
    });
    expect(await anonymous.get('/auth/session')).toMatchObject({ status: 401, body: { code: 'TOKEN_MISSING' } });
    expect(await http(system.baseUrl, 'not-a-jwt').get('/auth/session')).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID' } });
  });

  it('is typed in the OpenAPI document; sign-in needs no token, the session does', async () => {
    const { body: openapi } = await anonymous.get('/docs-json');
    const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
    const signInPost = openapi.paths['/auth/sign-in'].post;
    expect(signInPost.security).toBeUndefined();
    expect(signInPost.requestBody.content['application/json'].schema).toEqual(ref('SignInDto'));
    expect(signInPost.responses['200'].content['application/json'].schema).toEqual(ref('SignInView'));
    expect(openapi.paths['/auth/sign-in'].get.responses['200'].content['application/json'].schema).toEqual(ref('SignInOptionsView'));
    expect(openapi.paths['/auth/session'].get.security).toEqual([{ bearer: [] }]);
    expect(openapi.paths['/auth/session'].get.responses['200'].content['application/json'].schema).toEqual(ref('SessionView'));
    expect(openapi.components.schemas.SignInView.properties.user).toEqual(ref('SessionView'));
    expect(openapi.components.schemas.SignInOptionsView.properties.units).toMatchObject({ type: 'array', items: ref('SignInUnitView') });
  });
});

describe('demo sign-in off (the default)', () => {
  const SECRET = 'sign-in-off-secret-0123456789-abcdefghij';
  let app: INestApplication;
  let anonymous: ReturnType<typeof http>;

  beforeAll(async () => {
    const { dataSource, url } = await createMigratedDataSource('signin');
    await loadDemoUnits(dataSource);
    await dataSource.destroy();
    @Module({ imports: [PersistenceModule.forRoot({ url, applicationName: 'sign-in-e2e' }), AuthModule.forRoot({ secret: SECRET })] })
    class SignInOffModule {}
    app = await NestFactory.create(SignInOffModule, { logger: ['error'] });
    app.useGlobalPipes(new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true }));
    app.useGlobalFilters(new ErrorFilter());
    await app.listen(0, '127.0.0.1');
    anonymous = http(await app.getUrl());
  });

  afterAll(async () => {
    await app?.close();
  });

  it('says so, and lists no units', async () => {
    expect(await anonymous.get('/auth/sign-in')).toEqual(expect.objectContaining({ status: 200, body: { demo: false } }));
  });

  it('refuses every sign-in with 403 DEMO_SIGN_IN_OFF, saying where tokens come from, before looking at the body', async () => {
    for (const body of [{ role: 'board', unit: 'TINH' }, { role: 'admin' }]) {
      const response = await anonymous.post('/auth/sign-in', body);
      expect(response).toMatchObject({ status: 403, body: { statusCode: 403, error: 'Forbidden', code: 'DEMO_SIGN_IN_OFF' } });
      expect(response.body.message).toContain('sign in with a bearer token issued by `npm run -s cli -- token issue');
    }
  });

  it('still gives the caller of a token issued by `token issue`', async () => {
    const token = new TokenService(SECRET).issue(people.sgddt, 600);
    expect(await http(await app.getUrl(), token).get('/auth/session')).toMatchObject({
      status: 200,
      body: { id: people.sgddt.sub, unit: 'SGDDT', unitName: 'Sở Giáo dục và Đào tạo' },
    });
  });
});

import { Controller, Get, HttpCode, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { ConfigError } from '#config';
import { PersistenceModule, UnitEntity } from '#persistence';
import { loadDemoUnits } from '#persistence/dev';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { ErrorFilter } from '../common/error.filter.js';
import { ParseUnitCodePipe } from '../common/unit-code.pipe.js';
import { AuthModule } from './auth.module.js';
import type { AuthUser } from './auth.types.js';
import { ApiAuth, CurrentUser, Public, ReadOnly, Roles } from './decorators.js';
import { ScopeService } from './scope.service.js';
import { TOKEN_AUDIENCE, TOKEN_ISSUER, TokenService } from './token.service.js';

const SECRET = 'e2e-secret-0123456789-abcdefghijklmnopq';

/** Test-only routes: one public, one for the board, and per-unit routes that ask ScopeService. */
@ApiAuth()
@Controller('probe')
class ProbeController {
  constructor(private readonly scope: ScopeService) {}

  @Public()
  @Get('public')
  open() {
    return { ok: true };
  }

  @Get('me')
  me(@CurrentUser() user: AuthUser) {
    return user;
  }

  @Roles('board')
  @Post('board-only')
  @HttpCode(200)
  boardOnly(@CurrentUser('id') id: string) {
    return { id };
  }

  @ReadOnly()
  @Post('search')
  @HttpCode(200)
  search(@CurrentUser('role') role: string) {
    return { role };
  }

  @Get('units/:unit')
  async see(@Param('unit', ParseUnitCodePipe) unit: string, @CurrentUser() user: AuthUser) {
    await this.scope.assertCanSee(user, unit);
    return { unit };
  }

  @Post('units/:unit/acknowledge')
  @HttpCode(200)
  async act(@Param('unit', ParseUnitCodePipe) unit: string, @CurrentUser() user: AuthUser) {
    await this.scope.assertCanActFor(user, unit, 'acknowledge the task');
    return { unit, actor: user.id };
  }
}

function appModule(url: string, secret?: string) {
  @Module({
    imports: [
      PersistenceModule.forRoot({ url, applicationName: 'auth-e2e' }),
      secret ? AuthModule.forRoot({ secret }) : AuthModule.forRoot(),
    ],
    controllers: [ProbeController],
  })
  class ProbeAppModule {}
  return ProbeAppModule;
}

describe('AuthModule (a Nest app with the guard, on a migrated database with the demo units)', () => {
  let app: INestApplication;
  let baseUrl: string;
  let databaseUrl: string;
  const tokens = new TokenService(SECRET);
  const bearer = (user: { sub: string; name: string; role: 'board' | 'department' | 'auditor'; unit?: string }, ttl = 3600) => ({
    authorization: `Bearer ${tokens.issue(user, ttl)}`,
  });
  const board = bearer({ sub: 'ban.tdkt@tinh', name: 'Ban Thi đua – Khen thưởng tỉnh', role: 'board', unit: 'TINH' });
  const sngv = bearer({ sub: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' });
  const auditor = bearer({ sub: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' });

  async function call(method: 'GET' | 'POST', path: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${baseUrl}${path}`, { method, headers });
    const text = await response.text();
    return {
      status: response.status,
      body: text ? JSON.parse(text) : undefined,
      wwwAuthenticate: response.headers.get('www-authenticate'),
    };
  }

  beforeAll(async () => {
    const { dataSource, url } = await createMigratedDataSource('auth');
    await loadDemoUnits(dataSource);
    await dataSource.destroy();
    databaseUrl = url;
    app = await NestFactory.create(appModule(url, SECRET), { logger: ['error'] });
    app.useGlobalFilters(new ErrorFilter());
    const document = SwaggerModule.createDocument(app, new DocumentBuilder().setTitle('probe').addBearerAuth().build());
    SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('serves a @Public() route without a token', async () => {
    expect(await call('GET', '/probe/public')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('serves the OpenAPI document without a token, with the bearer scheme', async () => {
    const { status, body } = await call('GET', '/docs-json');
    expect(status).toBe(200);
    expect(body.components.securitySchemes).toEqual({ bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } });
    expect(body.paths['/probe/me'].get.security).toEqual([{ bearer: [] }]);
    expect((await fetch(`${baseUrl}/docs`)).status).toBe(200);
  });

  it('answers 401 without a token, saying how to send one', async () => {
    const response = await call('GET', '/probe/me');
    expect(response).toMatchObject({ status: 401, body: { statusCode: 401, error: 'Unauthorized', code: 'TOKEN_MISSING' } });
    expect(response.body.message).toContain('Authorization: Bearer <token>');
    expect(response.wwwAuthenticate).toBe('Bearer realm="api"');
  });

  it('answers 401 before validating the input', async () => {
    expect(await call('GET', '/probe/units/not%20a%20code')).toMatchObject({ status: 401 });
  });

  it('answers 401 for another scheme or a malformed token', async () => {
    expect(await call('GET', '/probe/me', { authorization: 'Basic dXNlcjpwYXNz' })).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
    const malformed = await call('GET', '/probe/me', { authorization: 'Bearer not-a-jwt' });
    expect(malformed).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID', message: expect.stringContaining('malformed') } });
  });

  it('answers 401 for a token signed with another secret', async () => {
    const forged = new TokenService('another-secret-0123456789-abcdefghijk').issue(
      { sub: 'x@tinh', name: 'X', role: 'board', unit: 'TINH' },
      3600,
    );
    const response = await call('GET', '/probe/me', { authorization: `Bearer ${forged}` });
    expect(response).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID', message: expect.stringContaining('signature does not match') },
    });
    expect(response.wwwAuthenticate).toBe('Bearer realm="api", error="invalid_token", error_description="The bearer token is invalid"');
  });

  it('answers 401 for an expired token, with when it expired', async () => {
    const expired = tokens.issue(
      { sub: 'van.phong@sngv', name: 'Văn phòng', role: 'department', unit: 'SNGV' },
      600,
      new Date(Date.now() - 3600_000),
    );
    const response = await call('GET', '/probe/me', { authorization: `Bearer ${expired}` });
    expect(response).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_EXPIRED', message: expect.stringMatching(/^The bearer token expired at \d{4}-/) },
    });
    expect(response.wwwAuthenticate).toContain('error="invalid_token"');
  });

  it('answers 401 for a validly signed token without a role', async () => {
    const iat = Math.floor(Date.now() / 1000);
    const roleless = new JwtService({ secret: SECRET }).sign({
      sub: 'x@sngv',
      name: 'X',
      unit: 'SNGV',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat,
      exp: iat + 60,
    });
    expect(await call('GET', '/probe/me', { authorization: `Bearer ${roleless}` })).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID', message: expect.stringContaining('"role" must be one of board, department, auditor') },
    });
  });

  it('gives the route the caller from the token', async () => {
    expect(await call('GET', '/probe/me', sngv)).toEqual({
      status: 200,
      body: { id: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' },
      wwwAuthenticate: null,
    });
  });

  it('answers 403 when a department acts for another department, naming role, units and action', async () => {
    expect(await call('POST', '/probe/units/SGDDT/acknowledge', sngv)).toMatchObject({
      status: 403,
      body: {
        statusCode: 403,
        error: 'Forbidden',
        code: 'OUT_OF_SCOPE',
        message:
          'Your role (department SNGV) cannot act for unit SGDDT (acknowledge the task): a department acts only for SNGV and the units below it',
      },
    });
    expect(await call('GET', '/probe/units/SGDDT.VP', sngv)).toMatchObject({ status: 403, body: { code: 'OUT_OF_SCOPE' } });
    expect(await call('POST', '/probe/units/TINH/acknowledge', sngv)).toMatchObject({ status: 403 });
  });

  it('lets a department act for and see its own unit and its divisions', async () => {
    expect(await call('POST', '/probe/units/SNGV.VP/acknowledge', sngv)).toMatchObject({
      status: 200,
      body: { unit: 'SNGV.VP', actor: 'van.phong@sngv' },
    });
    expect(await call('POST', '/probe/units/SNGV/acknowledge', sngv)).toMatchObject({ status: 200 });
    expect(await call('GET', '/probe/units/SNGV.LS', sngv)).toMatchObject({ status: 200 });
  });

  it('lets the board act for any department and division', async () => {
    for (const unit of ['SNGV', 'SGDDT', 'STTTT.CNTT', 'TINH']) {
      expect(await call('POST', `/probe/units/${unit}/acknowledge`, board)).toMatchObject({
        status: 200,
        body: { unit, actor: 'ban.tdkt@tinh' },
      });
    }
  });

  it('lets an auditor read anywhere but change nothing', async () => {
    expect(await call('GET', '/probe/units/SGDDT', auditor)).toMatchObject({ status: 200 });
    expect(await call('GET', '/probe/units/SNGV.VP', auditor)).toMatchObject({ status: 200 });
    expect(await call('POST', '/probe/units/SGDDT/acknowledge', auditor)).toMatchObject({
      status: 403,
      body: {
        code: 'READ_ONLY_ROLE',
        message: expect.stringContaining('Your role (auditor) is read-only: POST /probe/units/SGDDT/acknowledge'),
      },
    });
  });

  it('lets an auditor call a POST marked @ReadOnly()', async () => {
    expect(await call('POST', '/probe/search', auditor)).toMatchObject({ status: 200, body: { role: 'auditor' } });
  });

  it('tells services which units a caller sees', async () => {
    const scope = app.get(ScopeService);
    const user = (role: 'board' | 'department' | 'auditor', unit?: string) => ({ id: 'x', name: 'X', role, unit }) as AuthUser;
    expect([...((await scope.visibleUnits(user('department', 'SGDDT'))) as Set<string>)].sort()).toEqual([
      'SGDDT',
      'SGDDT.GDTRH',
      'SGDDT.TCCB',
      'SGDDT.VP',
    ]);
    expect(await scope.visibleUnits(user('auditor'))).toBe('all');
    expect((await scope.visibleUnits(user('board', 'TINH'))) as Set<string>).toHaveProperty('size', 14);
    expect(await scope.canSee(user('department', 'SNGV'), 'SNGV.BG', new Date('2022-06-15'))).toBe(true);
    expect(await scope.canActFor(user('auditor'), 'SNGV')).toBe(false);
    await expect(scope.assertCanSeeAny(user('department', 'SNGV'), ['TINH', 'SNGV', 'SGDDT'], 'plan 119/KH-UBND')).resolves.toBeUndefined();
    await expect(scope.assertCanSeeAny(user('department', 'STTTT'), ['TINH', 'SNGV', 'SGDDT'], 'plan 119/KH-UBND')).rejects.toMatchObject({
      status: 403,
      response: {
        code: 'OUT_OF_SCOPE',
        message: 'Your role (department STTTT) cannot see plan 119/KH-UBND: it concerns only TINH, SNGV, SGDDT',
      },
    });
  });

  it('sees a unit created after the tree was cached', async () => {
    await app
      .get(DataSource)
      .getRepository(UnitEntity)
      .insert({ code: 'SNGV.MOI', name: 'Phòng mới', kind: 'division', parentCode: 'SNGV' });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await call('POST', '/probe/units/SNGV.MOI/acknowledge', sngv)).toMatchObject({ status: 200 });
    expect(
      await call('POST', '/probe/units/SNGV.MOI/acknowledge', bearer({ sub: 'x@sgddt', name: 'X', role: 'department', unit: 'SGDDT' })),
    ).toMatchObject({ status: 403 });
  });

  it('answers 403 naming the role a @Roles() route needs', async () => {
    expect(await call('POST', '/probe/board-only', sngv)).toMatchObject({
      status: 403,
      body: { code: 'ROLE_REQUIRED', message: 'This action needs the role board; your role is department SNGV' },
    });
    expect(await call('POST', '/probe/board-only', board)).toMatchObject({ status: 200, body: { id: 'ban.tdkt@tinh' } });
  });

  it('answers 403 for a unit that does not exist', async () => {
    expect(await call('POST', '/probe/units/NOPE/acknowledge', board)).toMatchObject({
      status: 403,
      body: { message: expect.stringContaining('there is no unit NOPE') },
    });
  });

  it('answers 401 for a token naming a unit that does not exist, on every route', async () => {
    const ghost = bearer({ sub: 'x@gone', name: 'X', role: 'department', unit: 'GONE' });
    const response = await call('GET', '/probe/me', ghost);
    expect(response).toMatchObject({
      status: 401,
      body: {
        code: 'TOKEN_UNIT_MISMATCH',
        message: expect.stringMatching(/^The bearer token does not fit the unit hierarchy: unit GONE does not exist; ask for a new token/),
      },
    });
    expect(response.wwwAuthenticate).toContain('error="invalid_token"');
  });

  it("answers 401 for a token whose role does not fit its unit's kind (a department for the board's unit has no board scope)", async () => {
    const mismatch = (role: 'board' | 'department', unit: string) =>
      call('POST', '/probe/units/SGDDT/acknowledge', bearer({ sub: 'x@tinh', name: 'X', role, unit }));
    expect(await mismatch('department', 'TINH')).toMatchObject({
      status: 401,
      body: {
        code: 'TOKEN_UNIT_MISMATCH',
        message: expect.stringContaining('unit TINH is a board; the role department acts for a department unit'),
      },
    });
    expect(await mismatch('board', 'SNGV')).toMatchObject({
      status: 401,
      body: { message: expect.stringContaining('unit SNGV is a department; the role board acts for a board unit') },
    });
    expect(await mismatch('department', 'SNGV.VP')).toMatchObject({
      status: 401,
      body: { message: expect.stringContaining('unit SNGV.VP is a division') },
    });
  });

  it('refuses to start without a usable AUTH_SECRET, naming it, before Nest creates anything', () => {
    const saved = process.env.AUTH_SECRET;
    try {
      delete process.env.AUTH_SECRET;
      expect(() => appModule(databaseUrl)).toThrow(ConfigError);
      expect(() => appModule(databaseUrl)).toThrow(/AUTH_SECRET must be set/);
      process.env.AUTH_SECRET = 'short';
      expect(() => appModule(databaseUrl)).toThrow(/AUTH_SECRET must be at least 32 characters \(got 5\)/);
      expect(() => AuthModule.forRoot({ secret: 'short' })).toThrow(/AUTH_SECRET must be at least 32 characters/);
    } finally {
      if (saved === undefined) delete process.env.AUTH_SECRET;
      else process.env.AUTH_SECRET = saved;
    }
  });
});

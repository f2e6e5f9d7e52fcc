import { loadDemoUnits } from '#persistence/dev';
import { runCli } from '../../../../test/support/cli.js';
import { createMigratedDataSource } from '../../../../test/support/database.js';
import { TokenService } from './token.service.js';

const SECRET = 'cli-secret-0123456789-abcdefghijklmnopq';

describe('cli token issue (the built CLI, on a database with the demo units)', () => {
  let databaseUrl: string;
  /** The CLI with the secret the tests verify against and the units' database, and nothing else from this process's environment. */
  const cli = (args: string[], env: Record<string, string | undefined> = { AUTH_SECRET: SECRET, DATABASE_URL: databaseUrl }) =>
    runCli(args, env);

  beforeAll(async () => {
    const { dataSource, url } = await createMigratedDataSource('tokencli');
    await loadDemoUnits(dataSource);
    await dataSource.destroy();
    databaseUrl = url;
  });

  it('prints only the token on stdout, and the API verifies it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await cli([
      'token',
      'issue',
      '--role',
      'department',
      '--unit',
      'SNGV',
      '--sub',
      'van.phong@sngv',
      '--name',
      'Văn phòng Sở Ngoại vụ',
      '--ttl',
      '8h',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toContain('valid until');
    const token = result.stdout.trim();
    expect(new TokenService(SECRET).verify(token)).toEqual({
      id: 'van.phong@sngv',
      name: 'Văn phòng Sở Ngoại vụ',
      role: 'department',
      unit: 'SNGV',
    });
    const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(exp - iat).toBe(8 * 3600);
  });

  it('issues auditor tokens without a unit, for 8 hours by default', async () => {
    const result = await cli(['token', 'issue', '--role', 'auditor', '--sub', 'thanh.tra@tinh', '--name', 'Thanh tra tỉnh']);
    expect(result.code).toBe(0);
    expect(new TokenService(SECRET).verify(result.stdout.trim())).toEqual({
      id: 'thanh.tra@tinh',
      name: 'Thanh tra tỉnh',
      role: 'auditor',
    });
    const { iat, exp } = JSON.parse(Buffer.from(result.stdout.split('.')[1], 'base64url').toString());
    expect(exp - iat).toBe(8 * 3600);
  });

  it.each([
    [['--role', 'admin', '--sub', 'x@tinh', '--name', 'X'], "argument 'admin' is invalid. Allowed choices are board, department, auditor"],
    [['--role', 'department', '--sub', 'x@sngv', '--name', 'X'], '--unit is required for the role department'],
    [['--role', 'board', '--unit', 'tinh', '--sub', 'x@tinh', '--name', 'X'], '--unit must be a unit code such as SNGV'],
    [['--role', 'board', '--unit', 'TINH', '--name', 'X'], "required option '--sub <id>' not specified"],
    [['--role', 'board', '--unit', 'TINH', '--sub', 'x@tinh', '--name', 'X', '--ttl', '1y'], '"1y" is not a lifetime'],
    [['--role', 'board', '--unit', 'TINH', '--sub', 'x@tinh', '--name', 'X', '--ttl', '90d'], 'a token may live at most 30d'],
  ])('refuses %j with a message and a non-zero exit, printing nothing on stdout', async (args, message) => {
    const result = await cli(['token', 'issue', ...args]);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toContain(message);
  });

  it("refuses a role that does not fit its unit in the unit tree: a department for the board's unit TINH, a board for a department", async () => {
    const issue = (role: string, unit: string) => cli(['token', 'issue', '--role', role, '--unit', unit, '--sub', 'x@tinh', '--name', 'X']);
    expect(await issue('department', 'TINH')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--unit TINH is a board; the role department acts for a department unit'),
    });
    expect(await issue('board', 'SNGV')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--unit SNGV is a department; the role board acts for a board unit'),
    });
    expect(await issue('department', 'SNGV.VP')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--unit SNGV.VP is a division'),
    });
    expect(await issue('department', 'SXYZ')).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('--unit SXYZ does not exist'),
    });
  });

  it('needs DATABASE_URL to check a unit, and not for an auditor without one', async () => {
    const department = ['token', 'issue', '--role', 'department', '--unit', 'SNGV', '--sub', 'x@sngv', '--name', 'X'];
    expect(await cli(department, { AUTH_SECRET: SECRET })).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('DATABASE_URL must be set'),
    });
    expect(await cli(['token', 'issue', '--role', 'auditor', '--sub', 'x@tinh', '--name', 'X'], { AUTH_SECRET: SECRET })).toMatchObject({
      code: 0,
    });
  });

  it('refuses to issue without a usable AUTH_SECRET, naming it', async () => {
    const args = ['token', 'issue', '--role', 'auditor', '--sub', 'x@tinh', '--name', 'X'];
    expect(await cli(args, {})).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('AUTH_SECRET must be set') });
    expect(await cli(args, { AUTH_SECRET: 'short' })).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('AUTH_SECRET must be at least 32 characters'),
    });
  });

  it('refuses an unknown command', async () => {
    expect(await cli(['tokens'])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining("unknown command 'tokens'") });
  });
});

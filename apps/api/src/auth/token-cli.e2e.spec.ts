import { runCli } from '../../../../test/support/cli.js';
import { TokenService } from './token.service.js';

const SECRET = 'cli-secret-0123456789-abcdefghijklmnopq';

/** The CLI with the secret the tests verify against, and nothing else from this process's environment. */
const cli = (args: string[], env: Record<string, string | undefined> = { AUTH_SECRET: SECRET }) => runCli(args, env);

describe('cli token issue (the built CLI)', () => {
  it('prints only the token on stdout, and the API verifies it', async () => {
    const before = Math.floor(Date.now() / 1000);
    const result = await cli(['token', 'issue', '--role', 'department', '--unit', 'SNGV', '--sub', 'van.phong@sngv', '--name', 'Văn phòng Sở Ngoại vụ', '--ttl', '8h']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
    expect(result.stderr).toContain('valid until');
    const token = result.stdout.trim();
    expect(new TokenService(SECRET).verify(token)).toEqual({ id: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' });
    const { iat, exp } = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    expect(iat).toBeGreaterThanOrEqual(before);
    expect(exp - iat).toBe(8 * 3600);
  });

  it('issues auditor tokens without a unit, for 8 hours by default', async () => {
    const result = await cli(['token', 'issue', '--role', 'auditor', '--sub', 'thanh.tra@tinh', '--name', 'Thanh tra tỉnh']);
    expect(result.code).toBe(0);
    expect(new TokenService(SECRET).verify(result.stdout.trim())).toEqual({ id: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' });
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

  it('refuses to issue without a usable AUTH_SECRET, naming it', async () => {
    const args = ['token', 'issue', '--role', 'auditor', '--sub', 'x@tinh', '--name', 'X'];
    expect(await cli(args, {})).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('AUTH_SECRET must be set') });
    expect(await cli(args, { AUTH_SECRET: 'short' })).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining('AUTH_SECRET must be at least 32 characters') });
  });

  it('refuses an unknown command', async () => {
    expect(await cli(['tokens'])).toMatchObject({ code: 1, stdout: '', stderr: expect.stringContaining("unknown command 'tokens'") });
  });
});

import { JwtService } from '@nestjs/jwt';
import { MAX_TTL_SECONDS, parseTtl, TOKEN_AUDIENCE, TOKEN_ISSUER, TokenError, TokenService } from './token.service.js';

const SECRET = 'test-secret-0123456789-abcdefghijklmnop';
const NOW = new Date('2026-05-01T08:00:00Z');
const tokens = new TokenService(SECRET);
const department = { sub: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department' as const, unit: 'SNGV' };
const iat = Math.floor(NOW.getTime() / 1000);

/** Signs arbitrary claims with `secret` and `algorithm`, to forge tokens the service would never issue. */
const forge = (claims: object, { secret = SECRET, algorithm = 'HS256' as const } = {}) =>
  new JwtService({ secret }).sign({ iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + 3600, ...claims }, { algorithm });

function refusal(token: string, now = NOW): TokenError {
  try {
    tokens.verify(token, now);
  } catch (error) {
    if (error instanceof TokenError) return error;
    throw error;
  }
  throw new Error('the token was accepted');
}

describe('TokenService', () => {
  it('verifies the token it issued and returns the caller, with the Vietnamese name in NFC', () => {
    const token = tokens.issue({ ...department, name: department.name.normalize('NFD') }, 8 * 3600, NOW);
    expect(tokens.verify(token, NOW)).toEqual({ id: 'van.phong@sngv', name: 'Văn phòng Sở Ngoại vụ', role: 'department', unit: 'SNGV' });
    expect(tokens.verify(token, NOW).name).toBe('Văn phòng Sở Ngoại vụ'.normalize('NFC'));
  });

  it('issues auditor tokens without a unit', () => {
    const token = tokens.issue({ sub: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' }, 3600, NOW);
    expect(tokens.verify(token, NOW)).toEqual({ id: 'thanh.tra@tinh', name: 'Thanh tra tỉnh', role: 'auditor' });
  });

  it('signs HS256 with iss, aud, iat and exp', () => {
    const token = tokens.issue(department, 600, NOW);
    const [header, payload] = token
      .split('.')
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, 'base64url').toString()));
    expect(header).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(payload).toEqual({
      sub: 'van.phong@sngv',
      name: department.name,
      role: 'department',
      unit: 'SNGV',
      iss: TOKEN_ISSUER,
      aud: TOKEN_AUDIENCE,
      iat,
      exp: iat + 600,
    });
  });

  it('refuses an expired token, saying when it expired and how to get a new one', () => {
    const token = tokens.issue(department, 3600, NOW);
    const error = refusal(token, new Date(NOW.getTime() + 2 * 3600_000));
    expect(error.code).toBe('TOKEN_EXPIRED');
    expect(error.message).toBe(
      'The bearer token expired at 2026-05-01T09:00:00.000Z; ask for a new token (npm run -s cli -- token issue …)',
    );
  });

  it('tolerates 30 s of clock difference, not more', () => {
    const token = tokens.issue(department, 60, NOW);
    expect(() => tokens.verify(token, new Date(NOW.getTime() + 85_000))).not.toThrow();
    expect(refusal(token, new Date(NOW.getTime() + 95_000)).code).toBe('TOKEN_EXPIRED');
  });

  it('refuses a token signed with another secret', () => {
    const error = refusal(
      forge({ sub: 'x@sngv', name: 'X', role: 'board', unit: 'TINH' }, { secret: 'another-secret-0123456789-abcdefghijk' }),
    );
    expect(error).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('signature does not match') });
    expect(error.message).toContain('AUTH_SECRET');
  });

  it('refuses a tampered payload', () => {
    const [header, , signature] = tokens.issue(department, 3600, NOW).split('.');
    const payload = Buffer.from(
      JSON.stringify({ ...department, role: 'board', unit: 'TINH', iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + 3600 }),
    ).toString('base64url');
    expect(refusal(`${header}.${payload}.${signature}`).message).toContain('signature does not match');
  });

  it.each([['not-a-jwt'], ['a.b.c'], ['']])('refuses the malformed token %p', (token) => {
    expect(refusal(token)).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('malformed') });
  });

  it('refuses alg "none" and other algorithms, even with the right secret', () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const payload = Buffer.from(JSON.stringify({ ...department, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, iat, exp: iat + 3600 })).toString(
      'base64url',
    );
    expect(refusal(`${header}.${payload}.`).code).toBe('TOKEN_INVALID');
    expect(refusal(forge(department, { algorithm: 'HS512' as 'HS256' })).message).toContain('only algorithm this API accepts');
  });

  it('refuses a token for another service (issuer or audience)', () => {
    expect(refusal(forge({ ...department, aud: 'another-api' })).message).toContain('issued for another service');
    expect(refusal(forge({ ...department, iss: 'someone-else' })).message).toContain('issued for another service');
  });

  it('refuses a token without an expiry', () => {
    const token = new JwtService({ secret: SECRET }).sign({ ...department, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE });
    expect(refusal(token).message).toContain('has no expiry ("exp")');
  });

  it('refuses a token without an issue time ("iat"), which its lifetime is measured from', () => {
    const token = new JwtService({ secret: SECRET }).sign(
      { ...department, iss: TOKEN_ISSUER, aud: TOKEN_AUDIENCE, exp: iat + 3600 },
      { noTimestamp: true },
    );
    expect(refusal(token)).toMatchObject({ code: 'TOKEN_INVALID', message: expect.stringContaining('has no issue time ("iat")') });
  });

  it('refuses a token that lives longer than the maximum lifetime (30 days), however far its expiry', () => {
    expect(() => tokens.verify(forge({ ...department, exp: iat + MAX_TTL_SECONDS }), NOW)).not.toThrow();
    const tenYears = forge({ ...department, exp: iat + 10 * 365 * 86_400 });
    expect(refusal(tenYears)).toMatchObject({
      code: 'TOKEN_INVALID',
      message: expect.stringContaining('lives 3650d; a token may live at most 30d'),
    });
    expect(refusal(forge({ ...department, exp: iat + MAX_TTL_SECONDS + 1 })).code).toBe('TOKEN_INVALID');
  });

  it('refuses a token issued in the future beyond the 30 s clock tolerance', () => {
    expect(() => tokens.verify(forge({ ...department, iat: iat + 30, exp: iat + 3600 }), NOW)).not.toThrow();
    const ahead = forge({ ...department, iat: iat + 3600, exp: iat + 7200 });
    expect(refusal(ahead)).toMatchObject({
      code: 'TOKEN_INVALID',
      message: expect.stringContaining('issued in the future (2026-05-01T09:00:00.000Z)'),
    });
  });

  it('refuses a validly signed token whose claims are wrong, naming each claim', () => {
    expect(refusal(forge({ sub: 'x@sngv', name: 'X', role: 'admin', unit: 'SNGV' })).message).toContain(
      '"role" must be one of board, department, auditor (got "admin")',
    );
    expect(refusal(forge({ sub: 'x@sngv', name: 'X', role: 'department' })).message).toContain(
      '"unit" is required for the role department',
    );
    expect(refusal(forge({ sub: 'x@sngv', name: 'X', role: 'board', unit: 'tinh' })).message).toContain('"unit" must be a unit code');
    expect(refusal(forge({ name: 'X', role: 'auditor' })).message).toContain('"sub" must be');
    expect(refusal(forge({ sub: 'x@sngv', name: 'bad\u0000name', role: 'auditor' })).message).toContain('"name" must be');
  });

  it('refuses to issue a token with invalid claims or lifetime', () => {
    expect(() => tokens.issue({ ...department, unit: undefined }, 3600, NOW)).toThrow('"unit" is required for the role department');
    expect(() => tokens.issue({ ...department, sub: '  ' }, 3600, NOW)).toThrow('"sub" must be');
    expect(() => tokens.issue(department, 0, NOW)).toThrow('ttlSeconds');
    expect(() => tokens.issue(department, 31 * 86_400, NOW)).toThrow('ttlSeconds');
  });

  it('refuses a short secret', () => {
    expect(() => new TokenService('too-short')).toThrow('AUTH_SECRET must be at least 32 characters (got 9)');
  });
});

describe('parseTtl', () => {
  it.each([
    ['90s', 90],
    ['30m', 1800],
    ['8h', 28_800],
    ['7d', 604_800],
    ['30d', 2_592_000],
  ])('reads %s as %i seconds', (text, seconds) => expect(parseTtl(text)).toBe(seconds));

  it.each(['8', '8 hours', '1y', '-1h', 'h', '0s'])('refuses %p with a hint', (text) => {
    expect(() => parseTtl(text)).toThrow(/use a number and a unit|at least 1s/);
  });

  it('refuses more than 30 days', () => expect(() => parseTtl('31d')).toThrow('a token may live at most 30d'));
});

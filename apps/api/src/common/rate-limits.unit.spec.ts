import { jest } from '@jest/globals';
import { HttpException } from '@nestjs/common';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { TokenService } from '../auth/index.js';
import { clientAddress, MAX_RATE_LIMIT_WINDOWS, RATE_LIMITS, RateLimitGuard } from './rate-limits.js';

const DEFAULT_LIMIT = 5;

describe('RateLimitGuard', () => {
  let now: number;
  let guard: RateLimitGuard;
  let headers: Record<string, string>;
  /** A GET /units from `ip` without a token, as Express hands it to the guard. */
  const from = (ip: string) =>
    new ExecutionContextHost([
      { method: 'GET', route: { path: '/units' }, path: '/units', headers: {}, ip },
      { setHeader: (name: string, value: string) => (headers[name] = value) },
    ]);
  const statusOf = (ip: string): number => {
    try {
      return guard.canActivate(from(ip)) ? 200 : 403;
    } catch (error) {
      if (error instanceof HttpException) return error.getStatus();
      throw error;
    }
  };

  beforeEach(() => {
    now = Date.parse('2026-12-05T08:00:00Z');
    jest.spyOn(Date, 'now').mockImplementation(() => now);
    guard = new RateLimitGuard(new TokenService('unit-test-secret-long-enough-for-hs256-0123456789'), DEFAULT_LIMIT);
    headers = {};
  });

  afterEach(() => jest.restoreAllMocks());

  it(`holds at most ${MAX_RATE_LIMIT_WINDOWS} windows: a new client beyond them is refused until windows expire, counted ones go on`, () => {
    const ipOf = (i: number) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    let allowed = 0;
    for (let i = 0; i < MAX_RATE_LIMIT_WINDOWS; i += 1) if (guard.canActivate(from(ipOf(i)))) allowed += 1;
    expect(allowed).toBe(MAX_RATE_LIMIT_WINDOWS);
    expect(statusOf('192.0.2.1')).toBe(429);
    expect(Number(headers['Retry-After'])).toBeGreaterThan(0);
    expect(statusOf(ipOf(0))).toBe(200); // already counted: its window exists
    now += RATE_LIMITS.default.ttl; // every window has expired: the full map is swept at once
    expect(statusOf('192.0.2.1')).toBe(200);
  });

  it('counts IPv6 clients by their /64 prefix, so rotating addresses within it share one allowance', () => {
    for (let i = 1; i <= DEFAULT_LIMIT; i += 1) expect(statusOf(`2001:db8:0:1::${i.toString(16)}`)).toBe(200);
    expect(statusOf('2001:db8:0:1:ffff:ffff:ffff:ffff')).toBe(429);
    expect(statusOf('2001:db8:0:2::1')).toBe(200);
  });
});

describe('clientAddress', () => {
  it.each([
    ['192.0.2.7', '192.0.2.7'],
    ['::ffff:192.0.2.7', '192.0.2.7'],
    ['2001:db8:0:1::5', '2001:db8:0:1::/64'],
    ['2001:0db8:0000:0001:0000:0000:0000:0005', '2001:db8:0:1::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['64:ff9b:1:2::192.0.2.7', '64:ff9b:1:2::/64'],
  ])('%s is counted as %s', (address, client) => {
    expect(clientAddress(address)).toBe(client);
  });
});

import {
  HttpException,
  HttpStatus,
  Inject,
  Injectable,
  Module,
  type CanActivate,
  type DynamicModule,
  type ExecutionContext,
} from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { Request, Response } from 'express';
import { isIPv6 } from 'node:net';
import { bearerToken, TokenService } from '../auth/index.js';
import { routeTemplateOf } from './route.js';

const MINUTE_MS = 60_000;

/**
 * Requests allowed per client and route within `ttl` ms. A client is the verified token's subject, else the IP
 * address: people behind one proxy or NAT do not share an allowance, and a flood without a token is still counted.
 * The strict limits apply to `routes` only and leave ordinary use untouched; the default is sized far above any
 * screen's polling (and the test suites, thousands of requests from one subject on loopback, spread over the routes)
 * while still cutting off a runaway script.
 */
export const RATE_LIMITS = {
  /** The limit is RATE_LIMIT_PER_10S (1,000 by default). */
  default: { ttl: 10_000 },
  /** Demo sign-in hands out tokens without a password. */
  signIn: { limit: 30, ttl: MINUTE_MS, routes: ['POST /auth/sign-in'] },
  /** An import unpacks and parses a document of up to 5 MB. */
  import: { limit: 20, ttl: MINUTE_MS, routes: ['POST /plans/import'] },
  /** Verification reads whole hash chains, a bundle a plan's whole history; a checkpoint is signed and stored. */
  audit: { limit: 30, ttl: MINUTE_MS, routes: ['POST /audit/checkpoints', 'GET /audit/verify', 'GET /audit/plans/:id/bundle'] },
} as const;

const RATE_LIMIT_DEFAULT = Symbol('RATE_LIMIT_DEFAULT');
const rulesWith = (defaultLimit: number) =>
  Object.entries(RATE_LIMITS).map(([name, rule]) => ({
    name,
    limit: 'limit' in rule ? rule.limit : defaultLimit,
    ttl: rule.ttl,
    routes: 'routes' in rule ? (rule.routes as readonly string[]) : undefined,
  }));
/** Expired windows are dropped at most this often, so the map holds only the clients of the last minute or so. */
const SWEEP_EVERY_MS = MINUTE_MS;
/**
 * The most windows (rule, route, client) held at once: some 10 MB. Beyond it the map is swept at once, and if it is
 * still full a new client is refused (429) until windows expire, rather than the map growing without bound under a
 * flood from many addresses. Clients already counted keep their windows.
 */
export const MAX_RATE_LIMIT_WINDOWS = 100_000;
/** While full, the map is swept at most this often: a sweep walks every window, too much to do for each request. */
const FULL_SWEEP_EVERY_MS = 1_000;
/** IPv6 clients are counted by their /64, the block one subscriber is given: within it an address costs nothing. */
const IPV6_CLIENT_GROUPS = 4;

/**
 * The part of an address that names one client: an IPv4 address (also when IPv4-mapped, `::ffff:1.2.3.4`) whole, an
 * IPv6 address by its /64 prefix (`2001:db8:0:1::/64`).
 */
export function clientAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1];
  const bare = address.replace(/%.*$/, ''); // a zone index (fe80::1%eth0) names the interface, not the client
  if (!isIPv6(bare)) return address;
  // An embedded IPv4 tail (64:ff9b::1.2.3.4) fills two groups.
  const groupsOf = (part: string) => (part === '' ? [] : part.split(':').flatMap((group) => (group.includes('.') ? ['0', '0'] : [group])));
  const [head = '', tail] = bare.split('::');
  const groups =
    tail === undefined
      ? groupsOf(head)
      : [...groupsOf(head), ...Array<string>(8 - groupsOf(head).length - groupsOf(tail).length).fill('0'), ...groupsOf(tail)];
  return `${groups
    .slice(0, IPV6_CLIENT_GROUPS)
    .map((group) => Number.parseInt(group, 16).toString(16))
    .join(':')}::/64`;
}

/**
 * Fixed-window counts per (limit, route, client), in memory: the API runs as one process. Not @nestjs/throttler,
 * which does the same: its 6.x build is CommonJS requiring the ESM-only @nestjs/common 12, and Jest (ESM mode) on
 * Node before 24.9 cannot load that, so no test could start the app. Swap it in when either changes.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly windows = new Map<string, { hits: number; resetsAt: number }>();
  private nextSweep = 0;
  private nextFullSweep = 0;
  private readonly rules: ReturnType<typeof rulesWith>;

  constructor(
    private readonly tokens: TokenService,
    @Inject(RATE_LIMIT_DEFAULT) defaultLimit: number,
  ) {
    this.rules = rulesWith(defaultLimit);
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const route = `${request.method} ${routeTemplateOf(request)}`; // as RATE_LIMITS names it: "POST /plans/import"
    const now = Date.now();
    this.sweep(now);
    let client: string | undefined;
    for (const rule of this.rules) {
      if (rule.routes && !rule.routes.includes(route)) continue;
      client ??= this.clientOf(request);
      const key = `${rule.name} ${route} ${client}`;
      let window = this.windows.get(key);
      if (!window && !this.hasRoom(now)) {
        http.getResponse<Response>().setHeader('Retry-After', String(FULL_SWEEP_EVERY_MS / 1000));
        throw new HttpException(
          { code: 'RATE_LIMITED', message: 'Too many clients at once: retry in a few seconds' },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
      if (!window || window.resetsAt <= now) {
        window = { hits: 0, resetsAt: now + rule.ttl };
        this.windows.set(key, window);
      }
      window.hits += 1;
      if (window.hits > rule.limit) {
        const retryAfter = Math.max(1, Math.ceil((window.resetsAt - now) / 1000));
        http.getResponse<Response>().setHeader('Retry-After', String(retryAfter));
        const per = rule.ttl === MINUTE_MS ? 'a minute' : `per ${rule.ttl / 1000} s`;
        throw new HttpException(
          { code: 'RATE_LIMITED', message: `Too many requests to ${route}: at most ${rule.limit} ${per}; retry in ${retryAfter} s` },
          HttpStatus.TOO_MANY_REQUESTS,
        );
      }
    }
    return true;
  }

  /** The verified token's subject, else the address (an invalid token counts against its sender's address). */
  private clientOf(request: Request): string {
    const token = bearerToken(request.headers.authorization);
    if (token) {
      try {
        return `sub:${this.tokens.verify(token).id}`;
      } catch {
        // counted by address below
      }
    }
    // Express leaves `ip` undefined only when the socket is already gone.
    return `ip:${clientAddress(request.ip ?? '')}`;
  }

  /** Whether a new window fits: when the map is full, expired windows are swept first (at most once a second). */
  private hasRoom(now: number): boolean {
    if (this.windows.size < MAX_RATE_LIMIT_WINDOWS) return true;
    if (now >= this.nextFullSweep) {
      this.nextFullSweep = now + FULL_SWEEP_EVERY_MS;
      this.sweep(now, true);
    }
    return this.windows.size < MAX_RATE_LIMIT_WINDOWS;
  }

  private sweep(now: number, force = false): void {
    if (now < this.nextSweep && !force) return;
    for (const [key, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(key);
    this.nextSweep = now + SWEEP_EVERY_MS;
  }
}

/** Rate limits (RATE_LIMITS) on every route; `defaultLimit` per client and route in 10 s (RATE_LIMIT_PER_10S). */
@Module({})
export class RateLimitModule {
  static forRoot(defaultLimit: number): DynamicModule {
    return {
      module: RateLimitModule,
      providers: [
        { provide: RATE_LIMIT_DEFAULT, useValue: defaultLimit },
        { provide: APP_GUARD, useClass: RateLimitGuard },
      ],
    };
  }
}

import { mkdirSync, writeFileSync } from 'node:fs';
import fc from 'fast-check';
import { RATE_LIMITS } from '../../apps/api/src/common/rate-limits.js';
import { people } from '../support/system.js';
import { coverageGaps, fillPath, recordSnapshot, send, settle, validRequests, withQuery, type Operation } from './openapi.js';
import { hostileRequest, type HostileRequest } from './hostile.js';
import { startSecuritySystem, type SecuritySystem } from './security-system.js';

/**
 * Property-based requests generated from the OpenAPI document, against the real API, worker and servers with a
 * launched plan: each request is an operation's valid request with one thing broken. Properties: no 5xx, no slow
 * answer, and a rejected request leaves the event store and the read models exactly as they were.
 *
 * Replay: the run prints its seed; `FUZZ_SEED=<seed>` regenerates the same requests, and `FUZZ_CASE=<n>` sends only
 * case n of that sequence (the cases are fast-check samples of one seeded generator, so the sequence is the seed's).
 */
const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 3_000);
/** Far more than any answer needs on 2 shared cores; a 504 NOT_CONFIRMED_YET is a 5xx and fails anyway. */
const SLOW_MS = 5_000;
/** The run stops generating after this long, whatever it reached (and fails if it reached fewer than REQUESTS). */
const BUDGET_MS = 170_000;
/** Requests between two checks of the record when they were all reads (a write is checked on its own). */
const READS_PER_CHECK = 25;
/** 429s allowed, as a share of the requests: rate-limited routes are paced (below), so a 429 means the pacing is off. */
const MAX_429_SHARE = 0.02;
/** Slack on the pacing's windows, for the API's fixed windows starting a little after the fuzz counted a request. */
const PACING_SLACK_MS = 2_000;
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() ^ (Math.random() * 0x7fffffff);

/**
 * The signed-in callers requests rotate through: mostly the board (allowed nearly everywhere, so hostile input gets
 * past authorization to validation and deeper), SNGV (holds the open task), and two departments out of scope.
 */
const SUBJECTS = [people.board, people.board, people.board, people.sngv, people.sgddt, people.stttt] as const;

/** The routes with a strict rate limit (sign-in, import, audit), by operation key ("POST /plans/import"). */
const LIMITED_ROUTES = new Map(
  Object.values(RATE_LIMITS).flatMap((rule) =>
    'routes' in rule ? rule.routes.map((route) => [route.replace(/:(\w+)/g, '{$1}'), { limit: rule.limit, ttl: rule.ttl }] as const) : [],
  ),
);

/**
 * Spreads a rate-limited route's cases over stand-ins of the case's subject (same role and unit, subject `<sub>+<n>`):
 * each goes out as the first stand-in with room in its window, so hostile input keeps reaching validation instead of
 * a 429. The limits count per verified subject, so this is what many people using the route would look like.
 */
class Pacer {
  private readonly sent = new Map<string, number[]>();

  standIn(operationKey: string, now: number): number {
    const limited = LIMITED_ROUTES.get(operationKey);
    if (!limited) return 0;
    for (let n = 1; ; n++) {
      const times = (this.sent.get(`${operationKey} ${n}`) ?? []).filter((at) => now - at < limited.ttl + PACING_SLACK_MS);
      this.sent.set(`${operationKey} ${n}`, times);
      if (times.length < limited.limit) {
        times.push(now);
        return n;
      }
    }
  }
}

interface Finding {
  case: number;
  subject: string;
  request: string;
  mutation: string;
  problem: string;
  answer: string;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  let security: SecuritySystem;

  beforeAll(async () => {
    security = await startSecuritySystem();
  }, 180_000);

  afterAll(async () => {
    await security?.stop();
  });

  it('has a valid request for every operation the document declares (a new endpoint gets fuzzed)', () => {
    expect(coverageGaps(security.operations, validRequests(security.fixture))).toEqual({ missing: [], unknown: [] });
  });

  it('answers hostile requests without a 5xx, within seconds, and records nothing for a rejected one', async () => {
    const { system, db, fixture, operations } = security;
    const valid = validRequests(fixture);
    const generator = fc
      .record({
        subject: fc.nat(SUBJECTS.length - 1),
        operation: fc.constantFrom(...operations.filter((o) => valid[o.key])),
      })
      .chain(({ subject, operation }) =>
        hostileRequest(operation, valid[operation.key]).map((request) => ({ subject, operation, request })),
      );
    const cases = fc.sample(generator, { seed: SEED, numRuns: REQUESTS });
    const only = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE);
    const tokens = new Map<string, string>();
    const tokenOf = (subject: number, standIn: number) => {
      const person = SUBJECTS[subject];
      const sub = standIn === 0 ? person.sub : `${person.sub}+${standIn}`;
      if (!tokens.has(sub)) tokens.set(sub, system.token({ ...person, sub }));
      return tokens.get(sub);
    };
    const pacer = new Pacer();

    const byClass: Record<string, number> = {};
    const findings: Finding[] = [];
    let sent = 0;
    let stateChanges = 0;
    const started = Date.now();
    let snapshot = await recordSnapshot(db);
    let unchecked: { index: number; subject: string; request: string; mutation: string; status: number }[] = [];

    /** Compares the record with the last snapshot: changed after only rejected requests (or reads) is a finding. */
    const check = async () => {
      const now = await recordSnapshot(db);
      if (now !== snapshot) {
        const accepted = unchecked.some((u) => u.status < 300 && !u.request.startsWith('GET'));
        if (!accepted) {
          stateChanges += 1;
          for (const u of unchecked.filter((u) => u.status >= 400))
            findings.push({
              case: u.index,
              subject: u.subject,
              request: u.request,
              mutation: u.mutation,
              problem: 'the record changed after rejected requests (one of these)',
              answer: String(u.status),
            });
        }
        snapshot = now;
      }
      unchecked = [];
    };

    for (const [index, { subject, operation, request }] of cases.entries()) {
      if (only !== undefined && index !== only) continue;
      if (Date.now() - started > BUDGET_MS) break;
      const path = pathOf(operation, request);
      const label = `${operation.method} ${path.length > 200 ? `${path.slice(0, 200)}… (${path.length} chars)` : path}`;
      let answer;
      try {
        answer = await send(system.baseUrl, {
          method: operation.method,
          path,
          token: tokenOf(subject, pacer.standIn(operation.key, Date.now())),
          body: request.body,
          // Fresh per case, and the same when the case is replayed.
          ...(request.idempotent ? { headers: { 'idempotency-key': `fuzz-${SEED}-${index}` } } : {}),
        });
      } catch (error) {
        answer = { status: 599, ms: 0, body: `no answer: ${(error as Error).message}` };
      }
      sent += 1;
      const kind = answer.status === 429 ? '429' : `${Math.floor(answer.status / 100)}xx`;
      byClass[kind] = (byClass[kind] ?? 0) + 1;
      const finding = (problem: string) =>
        findings.push({
          case: index,
          subject: SUBJECTS[subject].sub,
          request: label,
          mutation: request.mutation,
          problem,
          answer: `${answer.status} ${answer.body.slice(0, 300)}`,
        });
      if (answer.status >= 500) finding(`answered ${answer.status}`);
      if (answer.ms > SLOW_MS) finding(`answered after ${Math.round(answer.ms)} ms`);
      unchecked.push({ index, subject: SUBJECTS[subject].sub, request: label, mutation: request.mutation, status: answer.status });
      if (operation.method === 'POST' || unchecked.length >= READS_PER_CHECK) {
        // An accepted write may go on cascading through the workflows: the next comparison starts once it has settled.
        if (operation.method === 'POST' && answer.status < 300) {
          await settle(db, 1000);
          snapshot = await recordSnapshot(db);
          unchecked = [];
        } else await check();
      }
    }
    await check();

    // Healthy afterwards: alive, and an ordinary request still works.
    const live = await send(system.baseUrl, { method: 'GET', path: '/health/live' });
    const plan = await system.as(people.board).get(`/plans/${fixture.planId}`);

    const summary = {
      seed: SEED,
      requests: sent,
      seconds: Math.round((Date.now() - started) / 1000),
      byClass,
      fiveXX: findings.filter((f) => f.problem.startsWith('answered 5')).length,
      slow: findings.filter((f) => f.problem.includes(' ms')).length,
      stateChangesFromRejected: stateChanges,
      findings: findings.length,
    };
    console.log(`FUZZ SUMMARY: ${JSON.stringify(summary)}`);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/fuzz.json', JSON.stringify({ summary, findings }, null, 2));

    expect({ live: live.status, plan: plan.status }).toEqual({ live: 200, plan: 200 });
    expect(byClass['429'] ?? 0).toBeLessThanOrEqual(Math.ceil(MAX_429_SHARE * sent));
    expect(
      findings.map((f) => `FUZZ_SEED=${SEED} FUZZ_CASE=${f.case}: ${f.request} as ${f.subject} [${f.mutation}] ${f.problem}: ${f.answer}`),
    ).toEqual([]);
    if (only === undefined) expect(sent).toBeGreaterThanOrEqual(REQUESTS);
  }, 300_000);
});

function pathOf(operation: Operation, request: HostileRequest): string {
  return withQuery(fillPath(operation.template, request.path), request.query);
}

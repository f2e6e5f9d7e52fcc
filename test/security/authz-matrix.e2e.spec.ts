import { mkdirSync, writeFileSync } from 'node:fs';
import { TokenService, type IssueTokenInput } from '../../apps/api/src/auth/index.js';
import { people, TEST_AUTH_SECRET } from '../support/system.js';
import {
  coverageGaps,
  eventCount,
  fillPath,
  send,
  settle,
  validRequests,
  withQuery,
  type Operation,
  type ValidRequest,
} from './openapi.js';
import { startSecuritySystem, type SecuritySystem } from './security-system.js';

/**
 * Who may call what: every operation of the OpenAPI document × every kind of caller, each cell's expected answer
 * written down once below. Path parameters name a launched plan and SNGV's open task, bodies are valid, so that
 * authorization, not validation, decides. Run on the real API, worker and servers.
 */

/** The callers with a valid token: the board (TINH), SNGV on its own task, SGDDT (not in the plan), an auditor. */
type Real = 'board' | 'own' | 'other' | 'auditor';
/** Tokens the guard must refuse (401) on every route that needs one. */
type Refused = 'none' | 'expired' | 'badSignature' | 'algNone' | 'unknownUnit' | 'mismatch';
type Principal = Real | Refused;
const REAL: readonly Real[] = ['board', 'own', 'other', 'auditor'];
const REFUSED: readonly Refused[] = ['none', 'expired', 'badSignature', 'algNone', 'unknownUnit', 'mismatch'];
const ALL = [...REAL];

interface Row {
  /** Who gets past authorization: 'public' = anyone, any token or none; otherwise these callers (the rest get 403). */
  allowed: 'public' | readonly Real[];
  /** What an allowed caller may get back (the action itself may refuse: 400 or 409 are its answers, not authorization's). */
  ok: readonly number[];
  /** The operation ends the plan it names: an allowed caller acts on a plan launched for that cell alone. */
  freshPlan?: true;
}

/**
 * THE MATRIX. A refused real caller gets 403 (out of scope, role required, read-only); every refused token gets 401,
 * including a token naming a unit that does not exist and a department token naming the province's top unit (TINH),
 * which the guard must check against the unit tree (issue 14, item 6). /health detail needs a token (item 7).
 */
const MATRIX: Record<string, Row> = {
  'GET /auth/session': { allowed: ALL, ok: [200] },
  'GET /auth/sign-in': { allowed: 'public', ok: [200] },
  'POST /auth/sign-in': { allowed: 'public', ok: [200] },
  'GET /health': { allowed: ALL, ok: [200] },
  'GET /health/live': { allowed: 'public', ok: [200] },
  'POST /plans': { allowed: ['board'], ok: [201] },
  'GET /plans': { allowed: ALL, ok: [200] },
  'GET /plans/{id}': { allowed: ['board', 'own', 'auditor'], ok: [200] },
  'GET /plans/{id}/document': { allowed: ['board', 'own', 'auditor'], ok: [200] },
  'GET /plans/{id}/events': { allowed: ['board', 'own', 'auditor'], ok: [200] },
  'GET /plans/{id}/units/{unit}/derived-draft': { allowed: ['board', 'own'], ok: [200] },
  'GET /plans/{id}/units/{unit}/derived-document': { allowed: ['board', 'own'], ok: [200] },
  'POST /plans/{id}/launch': { allowed: ['board'], ok: [202] },
  'POST /plans/{id}/amend': { allowed: ['board'], ok: [200] },
  'POST /plans/{id}/extend': { allowed: ['board'], ok: [200] },
  'POST /plans/import': { allowed: ['board', 'own', 'other'], ok: [200] },
  'POST /plans/{id}/units/{unit}/stages/{stage}/submit': { allowed: ['board', 'own'], ok: [200, 409] }, // the second submission: already submitted
  'POST /plans/{id}/units/{unit}/stages/{stage}/decide': { allowed: ['board'], ok: [200] }, // returns the submission above
  'POST /plans/{id}/units/{unit}/stages/{stage}/nominees/{number}/decide': { allowed: ['board'], ok: [400, 404, 409] }, // registration has no nominees
  'POST /plans/{id}/units/{unit}/stages/{stage}/confer': { allowed: ['board'], ok: [200, 400, 409] }, // nothing approved to confer
  'POST /plans/{id}/units/{unit}/stages/{stage}/extend': { allowed: ['board'], ok: [200] },
  'GET /inbox': { allowed: ['board', 'own', 'auditor'], ok: [200] }, // ?unit=SNGV: outside SGDDT's scope
  'GET /units': { allowed: ALL, ok: [200] },
  'GET /audit/plans/{id}/timeline': { allowed: ['board', 'auditor'], ok: [200] },
  'GET /audit/plans/{id}/as-of': { allowed: ['board', 'auditor'], ok: [200] },
  'GET /audit/plans/{id}/diff': { allowed: ['board', 'auditor'], ok: [200] },
  'GET /audit/plans/{id}/bundle': { allowed: ['board', 'auditor'], ok: [200] },
  'GET /audit/verify': { allowed: ['board', 'auditor'], ok: [200] },
  'POST /audit/checkpoints': { allowed: ['board', 'auditor'], ok: [200] },
  'GET /audit/public-key': { allowed: ['board', 'auditor'], ok: [200] },
  // Last, and each allowed cell on a plan launched for it: they end a plan.
  'POST /plans/{id}/close': { allowed: ['board'], ok: [200], freshPlan: true },
  'POST /plans/{id}/cancel': { allowed: ['board'], ok: [200], freshPlan: true },
};

/** The class of answer a cell must get. */
function expectation(row: Row, principal: Principal): { allowed: boolean; statuses: readonly number[] } {
  if (row.allowed === 'public') return { allowed: true, statuses: row.ok };
  if ((REFUSED as readonly string[]).includes(principal)) return { allowed: false, statuses: [401] };
  return row.allowed.includes(principal as Real) ? { allowed: true, statuses: row.ok } : { allowed: false, statuses: [403] };
}

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** The bearer token (or none) each principal sends. */
function principalTokens(issue: (person: IssueTokenInput, ttl?: number, now?: Date) => string): Record<Principal, string | undefined> {
  const stranger = new TokenService(`${TEST_AUTH_SECRET}-but-another-one`);
  const now = Math.floor(Date.now() / 1000);
  const claims = { ...people.board, iat: now, exp: now + 600, iss: 'emulation-plan-engine', aud: 'emulation-plan-engine-api' };
  return {
    board: issue(people.board),
    own: issue(people.sngv),
    other: issue(people.sgddt),
    auditor: issue(people.auditor),
    none: undefined,
    expired: issue(people.board, 600, new Date(Date.now() - 3 * 3600_000)),
    badSignature: stranger.issue(people.board, 600),
    algNone: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url(claims)}.`,
    unknownUnit: issue({ sub: 'ai.do@sxyz', name: 'Không rõ đơn vị', role: 'department', unit: 'SXYZ' }),
    mismatch: issue({ sub: 'van.phong@tinh', name: 'Văn phòng giả danh', role: 'department', unit: 'TINH' }),
  };
}

interface Cell {
  operation: string;
  principal: Principal;
  expected: readonly number[];
  status: number;
  eventsChanged?: number;
  answer: string;
  pass: boolean;
}

describe('authorization matrix over every operation of the OpenAPI document', () => {
  let security: SecuritySystem;
  const cells: Cell[] = [];

  beforeAll(async () => {
    security = await startSecuritySystem();
  }, 180_000);

  afterAll(async () => {
    await security?.stop();
  });

  it('has a row for exactly the operations the OpenAPI document declares', () => {
    expect(coverageGaps(security.operations, MATRIX)).toEqual({ missing: [], unknown: [] });
    expect(coverageGaps(security.operations, validRequests(security.fixture))).toEqual({ missing: [], unknown: [] });
  });

  it('answers every cell as written down, and a refused write records nothing', async () => {
    const { system, db, fixture, operations } = security;
    const tokens = principalTokens((person, ttl = 3600, now) => new TokenService(TEST_AUTH_SECRET).issue(person, ttl, now));
    // Reads first, then writes, in the table's order (a submission before its decision, close and cancel last);
    // within a row the refused callers first, so an allowed write cannot change what a later cell of the row sees.
    const keys = Object.keys(MATRIX);
    const ordered = operations
      .filter((o) => MATRIX[o.key]) // the others are reported by the coverage test
      .sort((a, b) => Number(a.method === 'POST') - Number(b.method === 'POST') || keys.indexOf(a.key) - keys.indexOf(b.key));
    const principals: Principal[] = [...REFUSED, ...REAL];

    for (const operation of ordered) {
      const row = MATRIX[operation.key];
      const refusedFirst = [...principals].sort((a, b) => Number(expectation(row, a).allowed) - Number(expectation(row, b).allowed));
      for (const principal of refusedFirst) {
        const { statuses, allowed } = expectation(row, principal);
        let request = validRequests(fixture)[operation.key]; // fresh deadlines for each extension
        if (row.freshPlan && allowed) request = { ...request, path: { ...request.path, id: await security.launchPlan() } };
        const cell = await runCell(system.baseUrl, operation, request, tokens[principal], db);
        cells.push({
          operation: operation.key,
          principal,
          expected: statuses,
          ...cell,
          pass: statuses.includes(cell.status) && (allowed || !cell.eventsChanged),
        });
        // An accepted write may cascade (workflows append events a moment later): let it settle before the next cell counts.
        if (operation.method === 'POST' && cell.status < 300) await settle(db);
      }
    }

    const wrong = cells.filter((c) => !c.pass);
    const summary = {
      cells: cells.length,
      asExpected: cells.length - wrong.length,
      notAsExpected: wrong.length,
      refusedCellsThatChangedEvents: cells.filter((c) => c.eventsChanged && !expectation(MATRIX[c.operation], c.principal).allowed).length,
    };
    console.log(`AUTHZ MATRIX: ${JSON.stringify(summary)}`);
    mkdirSync('test-results', { recursive: true });
    writeFileSync('test-results/authz-matrix.json', JSON.stringify({ summary, wrong, cells }, null, 2));
    expect(
      wrong.map(
        (c) =>
          `${c.operation} as ${c.principal}: expected ${c.expected.join('|')}, got ${c.status}${c.eventsChanged ? `, ${c.eventsChanged} events recorded` : ''}`,
      ),
    ).toEqual([]);
  }, 240_000);
});

/** One cell: the operation's valid request as `token`; for a write, the events counted before and after. */
async function runCell(baseUrl: string, operation: Operation, request: ValidRequest, token: string | undefined, db: SecuritySystem['db']) {
  const path = withQuery(fillPath(operation.template, request.path), request.query);
  const write = operation.method === 'POST';
  const before = write ? await eventCount(db) : 0;
  const answer = await send(baseUrl, {
    method: operation.method,
    path,
    token,
    ...(request.body === undefined ? {} : { body: { json: request.body } }),
  });
  const eventsChanged = write ? (await eventCount(db)) - before : 0;
  return { status: answer.status, answer: answer.body.slice(0, 300), ...(eventsChanged ? { eventsChanged } : {}) };
}

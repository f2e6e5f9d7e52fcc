import pg from 'pg';
import { demoPlan } from '#persistence/dev';

/**
 * The OpenAPI document walked for the security suites (fuzz and authorization matrix): its operations, their
 * parameters and request bodies, and one valid request per operation on a launched plan, so that a test starts from
 * something the API accepts and changes one thing (a field, a path parameter, the caller).
 */

export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  minimum?: number;
  maximum?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  allOf?: Schema[];
}

export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Schema;
}

export interface Operation {
  /** "POST /plans/{id}/launch": how the suites name an operation (and the matrix's row). */
  key: string;
  method: 'GET' | 'POST';
  template: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  /** The JSON request body's schema, references resolved; undefined when the operation takes none. */
  body?: Schema;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components: { schemas: Record<string, Schema> };
}

/** Every operation of the running API's document (GET /docs-json), with $ref and single allOf resolved. */
export async function loadOperations(baseUrl: string): Promise<Operation[]> {
  const document = (await (await fetch(`${baseUrl}/docs-json`)).json()) as OpenApiDocument;
  const resolve = (schema: Schema, depth = 0): Schema => {
    if (depth > 20) return schema; // a recursive schema would not end; none exists today
    if (schema.$ref) return resolve(document.components.schemas[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
    if (schema.allOf?.length === 1) return resolve({ ...schema, ...schema.allOf[0], allOf: undefined }, depth + 1);
    return {
      ...schema,
      ...(schema.items ? { items: resolve(schema.items, depth + 1) } : {}),
      ...(schema.properties
        ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)])) }
        : {}),
    };
  };
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const parameters = operation.parameters ?? [];
      const json = operation.requestBody?.content['application/json']?.schema;
      operations.push({
        key: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase() as Operation['method'],
        template,
        pathParams: parameters.filter((p) => p.in === 'path'),
        queryParams: parameters.filter((p) => p.in === 'query'),
        body: json ? resolve(json) : undefined,
      });
    }
  }
  return operations.sort((a, b) => a.key.localeCompare(b.key));
}

/** The path with its parameters filled in, each URI-encoded (a hostile value must reach the router whole). */
export function fillPath(template: string, params: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    if (!(name in params)) throw new Error(`No value for the path parameter ${name} of ${template}`);
    // A lone surrogate cannot be sent in a URL at all: it goes as U+FFFD, as a browser would send it.
    return encodeURIComponent(params[name].replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD'));
  });
}

export function withQuery(path: string, query: Record<string, string | string[]>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) for (const one of [value].flat()) search.append(name, one);
  const text = search.toString();
  return text ? `${path}?${text}` : path;
}

/** The real things a valid request names: a launched plan, a unit with an open task, its stage. */
export interface Fixture {
  planId: string;
  /** A second launched plan, the one close and cancel are sent to: the first stays open for the task endpoints. */
  disposablePlanId: string;
  unit: string;
  stage: string;
}

export interface ValidRequest {
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  body?: unknown;
}

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString().replace('Z', '+00:00');
/** Each set of valid requests extends to a later deadline than the one before: an extension may not shorten one. */
let extensions = 0;

/**
 * One valid request per operation, written down once (both suites use them; the fuzz suite breaks one part of each).
 * An operation of the document without an entry here fails both suites: a new endpoint must be thought about.
 */
export function validRequests(fixture: Fixture): Record<string, ValidRequest> {
  const { planId: id, unit, stage } = fixture;
  const task = { id, unit, stage };
  const plan = { ...demoPlan(), recipients: [{ unitCode: 'SNGV', role: 'implement' as const }] };
  const now = new Date();
  extensions += 1;
  const hourAgo = new Date(now.getTime() - 3600_000).toISOString();
  return {
    'GET /auth/session': { path: {}, query: {} },
    'GET /auth/sign-in': { path: {}, query: {} },
    'POST /auth/sign-in': { path: {}, query: {}, body: { role: 'department', unit: 'SNGV' } },
    'GET /health': { path: {}, query: {} },
    'GET /health/live': { path: {}, query: {} },
    'POST /plans': { path: {}, query: {}, body: plan },
    'GET /plans': { path: {}, query: { status: 'launched', root: 'true' } },
    'GET /plans/{id}': { path: { id }, query: { onlyLate: 'false' } },
    'GET /plans/{id}/document': { path: { id }, query: {} },
    'GET /plans/{id}/units/{unit}/derived-draft': { path: { id, unit }, query: {} },
    'GET /plans/{id}/units/{unit}/derived-document': { path: { id, unit }, query: { format: 'markdown' } },
    'POST /plans/{id}/launch': { path: { id }, query: {} },
    'POST /plans/{id}/amend': {
      path: { id },
      query: {},
      body: { reason: 'Điều chỉnh chỉ tiêu', quotas: [{ award: 'BANG_KHEN_TINH', recipientKind: 'individual', count: 4 }] },
    },
    'POST /plans/{id}/extend': {
      path: { id },
      query: {},
      body: { stageId: 'registration', dueAt: inDays(20 + extensions / 1440), reason: 'Theo đề nghị của các đơn vị' },
    },
    'POST /plans/{id}/close': { path: { id: fixture.disposablePlanId }, query: {} },
    'POST /plans/{id}/cancel': { path: { id: fixture.disposablePlanId }, query: {}, body: { reason: 'Ban hành nhầm đối tượng' } },
    'GET /plans/{id}/events': { path: { id }, query: {} },
    'POST /plans/import': {
      path: {},
      query: {},
      body: { text: 'UỶ BAN NHÂN DÂN TỈNH HÀ TĨNH\nSố: 119/KH-UBND\nKẾ HOẠCH\nPhát động phong trào thi đua' },
    },
    'POST /plans/{id}/units/{unit}/stages/{stage}/submit': {
      path: task,
      query: {},
      body: { titles: [{ award: 'TLDTT', recipientKind: 'collective' }] },
    },
    'POST /plans/{id}/units/{unit}/stages/{stage}/decide': {
      path: task,
      query: {},
      body: { decision: 'return', reason: 'Bổ sung danh hiệu cá nhân' },
    },
    'POST /plans/{id}/units/{unit}/stages/{stage}/nominees/{number}/decide': {
      path: { ...task, number: '1' },
      query: {},
      body: { decision: 'approved' },
    },
    'POST /plans/{id}/units/{unit}/stages/{stage}/confer': { path: task, query: {}, body: { reference: '45/QĐ-SNGV' } },
    'POST /plans/{id}/units/{unit}/stages/{stage}/extend': {
      path: task,
      query: {},
      body: { dueAt: inDays(40 + extensions / 1440), reason: 'Đơn vị đang kiện toàn tổ chức' },
    },
    'GET /inbox': { path: {}, query: { unit, audience: 'unit', limit: '50' } },
    'GET /units': { path: {}, query: {} },
    'GET /audit/plans/{id}/timeline': { path: { id }, query: { unit, limit: '10' } },
    'GET /audit/plans/{id}/as-of': { path: { id }, query: { at: now.toISOString() } },
    'GET /audit/plans/{id}/diff': { path: { id }, query: { from: hourAgo, to: now.toISOString() } },
    'GET /audit/plans/{id}/bundle': { path: { id }, query: {} },
    'GET /audit/verify': { path: {}, query: { plan: id } },
    'POST /audit/checkpoints': { path: {}, query: {} },
    'GET /audit/public-key': { path: {}, query: {} },
  };
}

/** The operations of the document that have no row in `table` (and the rows that name no operation). */
export function coverageGaps(operations: readonly Operation[], table: Record<string, unknown>) {
  const keys = new Set(operations.map((o) => o.key));
  return { missing: [...keys].filter((k) => !(k in table)), unknown: Object.keys(table).filter((k) => !keys.has(k)) };
}

export interface SentRequest {
  method: string;
  path: string;
  /** A raw JSON text (deep nesting cannot go through JSON.stringify of a value built in memory cheaply), or a value. */
  body?: { raw: string } | { json: unknown };
  token?: string;
  headers?: Record<string, string>;
}

export interface Answer {
  status: number;
  ms: number;
  body: string;
}

/** Sends one request and reads the whole answer; the time covers both (a stalled body counts as slow). */
export async function send(baseUrl: string, request: SentRequest): Promise<Answer> {
  const started = performance.now();
  const text = request.body === undefined ? undefined : 'raw' in request.body ? request.body.raw : JSON.stringify(request.body.json);
  const response = await fetch(`${baseUrl}${request.path}`, {
    method: request.method,
    headers: {
      ...(text === undefined ? {} : { 'content-type': 'application/json' }),
      ...(request.token ? { authorization: `Bearer ${request.token}` } : {}),
      ...request.headers,
    },
    body: text,
  });
  const body = await response.text();
  return { status: response.status, ms: performance.now() - started, body };
}

/**
 * The permanent record and the read models, as counts and a hash of their rows: compared around rejected requests.
 * The tables are the event store and the read models the append transaction updates.
 */
export const RECORD_TABLES = ['events', 'plans', 'unit_tasks', 'inbox_items'] as const;

export async function recordSnapshot(client: pg.Client): Promise<string> {
  const parts: string[] = [];
  for (const table of RECORD_TABLES) {
    const { rows } = await client.query<{ n: string; h: string | null }>(
      `SELECT count(*) AS n, md5(string_agg(md5(t::text), '' ORDER BY md5(t::text))) AS h FROM ${table} t`,
    );
    parts.push(`${table}=${rows[0].n}:${rows[0].h ?? '-'}`);
  }
  return parts.join(' ');
}

export async function eventCount(client: pg.Client): Promise<number> {
  const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM events');
  return Number(rows[0].n);
}

/** Waits until the event count has stayed the same for `quietMs` (a cascade after an accepted write has settled). */
export async function settle(client: pg.Client, quietMs = 1500, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await eventCount(client);
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await eventCount(client);
    if (now !== last) [last, since] = [now, Date.now()];
    else if (Date.now() - since >= quietMs) return now;
  }
  return last;
}

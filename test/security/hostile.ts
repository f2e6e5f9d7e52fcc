import fc from 'fast-check';
import type { Operation, Schema, ValidRequest } from './openapi.js';

/**
 * Hostile requests built from an operation's OpenAPI schemas and its valid request: each breaks one thing (a field,
 * a path or query parameter, the whole body) so that most requests are rejected, and those that get past
 * validation reach the services and the workflows behind them.
 */

const MB = 1 << 20;
export const DEEP_LEVELS = 10_000;
/** One write in this many carries an Idempotency-Key, so that the interceptor (claim, fingerprint, release) is fuzzed too. */
const ONE_WRITE_IN = 3;

/** Dates the ISO 8601 validators let through or mis-read (issue 14, item 5), and the far future. */
export const MALFORMED_DATES = [
  '2027-W10-1T00:00:00Z',
  '2027-100T00:00:00Z',
  '20270101T000000Z',
  '2027-01-01T10:00:00',
  '9999-12-31',
  '9999-12-31T23:59:59+07:00',
  '0000-01-01T00:00:00Z',
  '2027-02-30T00:00:00+07:00',
  '2027-13-01',
  '+275760-09-13T00:00:00Z',
];
const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\u202Eevil\u202C',
  '\u200B',
  '\uFEFF',
  '\uD800',
  '../..',
  '%00',
  '<script>',
  "'; DROP TABLE events;--",
  '🏆'.repeat(100),
];
const NUMBERS = [1e308, -1e308, -1, 0, -0, 0.5, 2 ** 31, 2 ** 31 - 1, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER, 1e9];
const NUMBER_STRINGS = ['NaN', 'Infinity', '-Infinity', '1e308', '-1', '2147483648', '0x10', '1.5', '', ' 1'];
export const BAD_IDS = [
  'x',
  '1',
  'null',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '../plans',
  'a'.repeat(1000),
  '\u202E',
];
export const BAD_UNITS = [
  'sngv',
  'SNGV.',
  '.SNGV',
  'SNGV..VP',
  'SNGV/VP',
  'S N G V',
  'SXYZ',
  'TINH',
  'SNGV\u0000',
  'Ş',
  '\u202ESNGV',
  'SNGV.VP.X.Y.Z',
  'A'.repeat(300),
];

const deepArray = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
const deepObject = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** Values of any JSON type, weighted towards the ones that break handlers: nulls, wrong containers, extremes. */
const anyHostile: fc.Arbitrary<unknown> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom<unknown>(
      null,
      {},
      [],
      [[]],
      [[[]]],
      true,
      false,
      0,
      '',
      [null],
      { length: 1e9 },
      { __proto__: { admin: true } },
    ),
  },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...NUMBERS, ...NUMBER_STRINGS) },
  { weight: 3, arbitrary: fc.constantFrom<unknown>(...MALFORMED_DATES, ...ODD_STRINGS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }) },
  { weight: 1, arbitrary: fc.constant('a'.repeat(MB)) },
  { weight: 1, arbitrary: fc.constant(`${'\u202E'.repeat(1000)}${'x'.repeat(MB - 1000)}`) },
);

/** A wrong value for a field of this schema: its type's extremes or another type. */
export function hostileFor(schema: Schema | undefined): fc.Arbitrary<unknown> {
  const typed: fc.Arbitrary<unknown>[] = [];
  if (schema?.type === 'number' || schema?.type === 'integer')
    typed.push(fc.constantFrom<unknown>(...NUMBERS, ...NUMBER_STRINGS), fc.double());
  if (schema?.type === 'string')
    typed.push(fc.constantFrom<unknown>(...MALFORMED_DATES, ...ODD_STRINGS), fc.string({ unit: 'grapheme', maxLength: 60 }));
  if (schema?.enum)
    typed.push(fc.constantFrom<unknown>(...schema.enum.map((v) => String(v).toUpperCase()), `${String(schema.enum[0])} `, 'other'));
  if (schema?.type === 'array')
    typed.push(
      fc.constantFrom<unknown>(
        [[]],
        [null],
        [[[]]],
        Array.from({ length: 10_000 }, () => ({})),
        {},
      ),
    );
  return typed.length
    ? fc.oneof(...typed.map((arbitrary) => ({ weight: 2, arbitrary })), { weight: 1, arbitrary: anyHostile })
    : anyHostile;
}

type Pointer = (string | number)[];

/** Every place in a valid body, with the schema that describes it (fields the body leaves out included). */
function places(value: unknown, schema: Schema | undefined, at: Pointer = []): { at: Pointer; schema?: Schema }[] {
  const here = at.length ? [{ at, schema }] : [];
  if (Array.isArray(value)) return [...here, ...value.flatMap((item, i) => places(item, schema?.items, [...at, i]))];
  if (value !== null && typeof value === 'object') {
    const keys = new Set([...Object.keys(value), ...Object.keys(schema?.properties ?? {})]);
    return [...here, ...[...keys].flatMap((k) => places((value as Record<string, unknown>)[k], schema?.properties?.[k], [...at, k]))];
  }
  return here;
}

function setAt(body: unknown, at: Pointer, value: unknown, mode: 'set' | 'delete' | 'extra'): unknown {
  const copy = structuredClone(body) as Record<string | number, unknown>;
  let parent: Record<string | number, unknown> = copy;
  for (const step of at.slice(0, -1)) {
    if (parent[step] === null || typeof parent[step] !== 'object') parent[step] = {};
    parent = parent[step] as Record<string | number, unknown>;
  }
  const last = at[at.length - 1];
  if (mode === 'delete') {
    if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- the fuzzer removes one field of a generated request
    else delete parent[last];
  } else if (mode === 'extra') {
    const target = parent[last];
    if (target !== null && typeof target === 'object' && !Array.isArray(target)) (target as Record<string, unknown>).unexpected = value;
    else parent[last] = value;
  } else parent[last] = value;
  return copy;
}

export interface HostileRequest {
  /** What was broken, for the report: "body.milestones.registration.date = …". */
  mutation: string;
  path: Record<string, string>;
  query: Record<string, string | string[]>;
  body?: { raw: string } | { json: unknown };
  /** Sent with an Idempotency-Key of its own. */
  idempotent?: true;
}

const describe = (value: unknown) => {
  const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  return text.length > 80 ? `${text.slice(0, 60)}… (${text.length} chars)` : text;
};
const PLACEHOLDER = '"__deep_nesting_here__"';

/** One hostile variant of `valid`, for `operation`. */
export function hostileRequest(operation: Operation, valid: ValidRequest): fc.Arbitrary<HostileRequest> {
  const unchanged = { path: valid.path, query: valid.query, ...(valid.body === undefined ? {} : { body: { json: valid.body } }) };
  const options: { weight: number; arbitrary: fc.Arbitrary<HostileRequest> }[] = [];

  for (const param of operation.pathParams) {
    const bad =
      param.name === 'unit'
        ? fc.constantFrom(...BAD_UNITS)
        : param.name === 'id'
          ? fc.constantFrom(...BAD_IDS)
          : fc.oneof(
              fc.constantFrom(...NUMBER_STRINGS, ...ODD_STRINGS.filter(Boolean), 'a'.repeat(MB)),
              fc.string({ minLength: 1, maxLength: 30 }),
            );
    options.push({
      weight: 2,
      arbitrary: bad.map((value) => ({
        ...unchanged,
        mutation: `path.${param.name} = ${describe(value)}`,
        path: { ...valid.path, [param.name]: value },
      })),
    });
  }
  for (const param of operation.queryParams) {
    const bad = fc.oneof(
      hostileFor(param.schema).map((v) => (typeof v === 'string' ? v : (JSON.stringify(v) ?? 'undefined'))),
      fc.constant<string[]>(['a', 'b']),
    );
    options.push({
      weight: 2,
      arbitrary: bad.map((value) => ({
        ...unchanged,
        mutation: `query.${param.name} = ${describe(value)}`,
        query: { ...valid.query, [param.name]: value },
      })),
    });
  }
  // Every operation (also one without parameters) gets undeclared query parameters.
  options.push({
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('unexpected', '__proto__', 'constructor', 'limit', 'a[b][c]'), anyHostile).map(([name, value]) => ({
      ...unchanged,
      mutation: `query.${name} = ${describe(value)} added`,
      query: { ...valid.query, [name]: typeof value === 'string' ? value : (JSON.stringify(value) ?? '') },
    })),
  });

  // A body: every POST can be sent one (those that take none must ignore or refuse it, not crash); fetch sends none with GET.
  if (operation.method === 'GET') return fc.oneof(...options);
  const body = valid.body ?? {};
  const spots = places(body, operation.body);
  if (spots.length) {
    const spot = fc.constantFrom(...spots);
    options.push({
      weight: 6,
      arbitrary: spot.chain(({ at, schema }) =>
        hostileFor(schema).map((value) => ({
          ...unchanged,
          mutation: `body.${at.join('.')} = ${describe(value)}`,
          body: { json: setAt(body, at, value, 'set') },
        })),
      ),
    });
    options.push({
      weight: 2,
      arbitrary: spot.map(({ at }) => ({
        ...unchanged,
        mutation: `body.${at.join('.')} removed`,
        body: { json: setAt(body, at, undefined, 'delete') },
      })),
    });
    options.push({
      weight: 2,
      arbitrary: fc.tuple(spot, anyHostile).map(([{ at }, value]) => ({
        ...unchanged,
        mutation: `body.${at.join('.')}.unexpected = ${describe(value)}`,
        body: { json: setAt(body, at, value, 'extra') },
      })),
    });
    // Deep nesting inside a field, sent as raw text: the body parser and the validator must refuse it, not overflow.
    options.push({
      weight: 1,
      arbitrary: fc.tuple(spot, fc.boolean()).map(([{ at }, arrays]) => ({
        ...unchanged,
        mutation: `body.${at.join('.')} = ${arrays ? 'arrays' : 'objects'} nested ${DEEP_LEVELS} levels`,
        body: {
          raw: JSON.stringify(setAt(body, at, '__deep_nesting_here__', 'set')).replace(
            PLACEHOLDER,
            arrays ? deepArray(DEEP_LEVELS) : deepObject(DEEP_LEVELS),
          ),
        },
      })),
    });
  }
  options.push({
    weight: 2,
    arbitrary: anyHostile.map((value) => ({ ...unchanged, mutation: `body = ${describe(value)}`, body: { json: value } })),
  });
  options.push({
    weight: 1,
    arbitrary: fc
      .constantFrom(
        deepArray(DEEP_LEVELS),
        deepObject(DEEP_LEVELS),
        '{"a":',
        'null',
        '"text"',
        '{"a":1,"a":2}',
        '\u0000',
        `{"x":"${'\\u0000'.repeat(1000)}"}`,
      )
      .map((raw) => ({ ...unchanged, mutation: `raw body ${describe(raw)}`, body: { raw } })),
  });
  return fc
    .tuple(fc.oneof(...options), fc.nat(ONE_WRITE_IN - 1))
    .map(([request, draw]) => (draw === 0 ? { ...request, idempotent: true as const } : request));
}

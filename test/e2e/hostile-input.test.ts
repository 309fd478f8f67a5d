/**
 * Validation at the edge (issue #17, item 4), by walking the schema: for every argument of every
 * field (and every field of every input object an argument takes), hostile values — huge,
 * negative, NaN, NUL, overlong, the wrong type, garbage cursors — are sent to the shipped gateway
 * in production. No answer is an INTERNAL_SERVER_ERROR, none carries Postgres's, the driver's or
 * the runtime's text, and each refusal of a value is BAD_USER_INPUT naming the argument.
 */
import {
  getNamedType,
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../src/config';
import { saveReport } from '../../src/db/writes/save';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway } from '../../src/server/gateway';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { startTestServer, type TestServer } from '../support/server';

const TOKEN = 'hostile-input-token-0123456789';

/** How to reach a field of each type that has fields with arguments. */
const REACH: Record<string, (field: string) => string> = {
  Query: (f) => `{ ${f} }`,
  Mutation: (f) => `mutation { ${f} }`,
  Agency: (f) => `{ agencies(first: 2) { nodes { ${f} } } }`,
  Report: (f) => `{ reports(first: 2) { nodes { ${f} } } }`,
  Section: (f) => `{ reports(first: 1) { nodes { sections { ${f} } } } }`,
  Row: (f) => `{ reports(first: 1) { nodes { sections { rows { ${f} } } } } }`,
};

/** Text a server must never show a client in production. */
const INTERNAL =
  /invalid byte sequence|out of range|must not be negative|syntax error at|QueryFailedError|TypeORMError|ECONNREFUSED|node_modules|\.ts:\d+|at [A-Za-z.]+ \(|relation "|column "|violates|duplicate key|pg_|stacktrace|TypeError|RangeError|Cannot read prop/;

const b64 = (s: string) => Buffer.from(s).toString('base64url');

/** Hostile values by the named type of a leaf (an argument or an input object's field). */
function hostile(type: GraphQLInputType): unknown[] {
  const named = getNamedType(type);
  const strings = [
    '\u0000',
    'a\u0000b',
    'x'.repeat(5_000),
    '',
    '%_\\',
    "'; DROP TABLE reports; --",
    'garbage',
    b64('id:9999999999'),
    b64('id:0'),
    '😀'.repeat(20),
  ];
  if (isEnumType(named)) return ['NOPE', 1, '\u0000'];
  switch (named.name) {
    case 'Int':
      return [-1, 0, 2147483647, -2147483648, 2147483648, 9999999999, 1.5, '1'];
    case 'Float':
      return [-1, 1e308, -1e308, 'NaN', 1e-320, 2];
    case 'ID':
      return ['abc', '0', '-1', 'NaN', '9999999999', '99999999999', '1e3', '\u0000', '', ' 1', 2147483648];
    case 'Boolean':
      return ['yes', 2];
    case 'String':
    case 'Date':
      return strings;
    default:
      // _Any (representations) and other scalars: objects of the wrong shape and garbage.
      return [
        { __typename: 'Agency', id: 'NaN' },
        { __typename: 'Report', id: '9999999999' },
        { __typename: 'Agency', id: '\u0000' },
        { __typename: 'Nope', id: '1' },
        'garbage',
      ];
  }
}

/** A value each type accepts, for arguments a case leaves as they are. */
function valid(type: GraphQLInputType, name: string): unknown {
  if (isNonNullType(type)) return valid(type.ofType, name);
  if (isListType(type)) return [valid(type.ofType as GraphQLInputType, name)];
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(type.getFields())) {
      if (isNonNullType(f.type) && f.defaultValue === undefined) out[f.name] = valid(f.type, f.name);
    }
    return out;
  }
  if (isEnumType(type)) return type.getValues()[0]!.name;
  switch (type.name) {
    case 'Int':
      return /year/i.test(name) ? 2024 : /section|number/.test(name) ? 3 : 5;
    case 'Float':
      return /similarity/i.test(name) ? 0.5 : 1;
    case 'ID':
      return '1';
    case 'Boolean':
      return true;
    case '_Any':
      return { __typename: 'Agency', id: '1' };
    default:
      return 'x';
  }
}

/** Every leaf under an argument: the argument itself, or its input object's fields, recursively. */
function leaves(
  type: GraphQLInputType,
  path: string[],
  seen: Set<string>,
): { path: string[]; type: GraphQLInputType }[] {
  const named = getNamedType(type);
  if (isInputObjectType(named)) {
    if (seen.has(named.name)) return [];
    const inner = new Set(seen).add(named.name);
    return Object.values(named.getFields()).flatMap((f) => leaves(f.type, [...path, f.name], inner));
  }
  return [{ path, type }];
}

function setAt(
  target: Record<string, unknown>,
  path: string[],
  value: unknown,
  type: GraphQLInputType,
): void {
  let o = target;
  for (const key of path.slice(0, -1)) {
    o[key] = o[key] && typeof o[key] === 'object' && !Array.isArray(o[key]) ? o[key] : {};
    o = o[key] as Record<string, unknown>;
  }
  // A list's items get the hostile value (and the list itself, when that is the wrong type).
  o[path.at(-1)!] = isListType(isNonNullType(type) ? type.ofType : type) ? [value] : value;
}

const typeRef = (a: GraphQLArgument): string => String(a.type);

/** Optional arguments some fields need to get as far as checking the others. */
const BASE: Record<string, Record<string, unknown>> = {
  // Parsed after its metadata is checked; never a report, so nothing is stored.
  'Mutation.ingestReport': { text: 'not a report' },
};

function requests(
  schema: GraphQLSchema,
): { query: string; variables: Record<string, unknown>; where: string; names: string[] }[] {
  const out: ReturnType<typeof requests> = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith('__')) continue;
    for (const field of Object.values(type.getFields())) {
      if (field.args.length === 0) continue;
      const reach = REACH[type.name];
      assert.ok(reach, `${type.name}.${field.name} takes arguments: say in REACH how to reach ${type.name}`);
      const selection =
        isScalarType(getNamedType(field.type)) || isEnumType(getNamedType(field.type))
          ? ''
          : ' { __typename }';
      const vars = field.args.map((a) => `$${a.name}: ${typeRef(a)}`).join(', ');
      const call = `${field.name}(${field.args.map((a) => `${a.name}: $${a.name}`).join(', ')})${selection}`;
      const body = reach(call);
      const query = body.startsWith('mutation')
        ? `mutation (${vars}) ${body.slice('mutation '.length)}`
        : `query (${vars}) ${body}`;
      for (const arg of field.args) {
        for (const leaf of leaves(arg.type, [arg.name], new Set())) {
          for (const value of hostile(leaf.type)) {
            const variables: Record<string, unknown> = { ...BASE[`${type.name}.${field.name}`] };
            for (const a of field.args) {
              if (isNonNullType(a.type) && a.defaultValue === undefined)
                variables[a.name] = valid(a.type, a.name);
            }
            setAt(variables, leaf.path, value, leaf.type);
            out.push({
              query,
              variables,
              where: `${type.name}.${field.name}(${leaf.path.join('.')}: ${JSON.stringify(value).slice(0, 40)})`,
              // The refusal may be of the value or of another argument it makes invalid.
              names: [...new Set([...leaf.path, ...field.args.map((a) => a.name)])],
            });
          }
        }
      }
    }
  }
  return out;
}

let db: TestDb;
let server: TestServer;
let schema: GraphQLSchema;

before(async () => {
  db = await createTestDb();
  for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const gateway = localGateway(subgraphs);
  schema = (await gateway.load()).schema;
  await gateway.stop();
  const config = loadConfig({
    NODE_ENV: 'production',
    GONGKAI_API_TOKEN: TOKEN,
    GONGKAI_RESPONSE_CACHE_MB: '0',
    // Many requests from one client, one after another.
    GONGKAI_CLIENT_QUEUE: '1000',
  });
  server = await startTestServer(db.ds, config, { gateway: localGateway(subgraphs) });
});
after(async () => {
  await server.close();
  await db.cleanup();
});

test('hostile values for every argument of every field: no internal error, no internal text, BAD_USER_INPUT naming the argument', async () => {
  const cases = requests(schema);
  assert.ok(cases.length > 500, `${cases.length} cases`);
  const fields = new Set(cases.map((c) => c.where.split('(')[0]));
  assert.ok(
    fields.has('Query.reports') &&
      fields.has('Query.refusedBreakdown') &&
      fields.has('Mutation.ingestReport'),
  );
  const problems: string[] = [];
  const codes = new Map<string, number>();
  for (const c of cases) {
    const res = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query: c.query, variables: c.variables }),
    });
    const text = await res.text();
    const body = JSON.parse(text) as { errors?: { message: string; extensions?: Record<string, unknown> }[] };
    if (res.status >= 500) problems.push(`${c.where}: HTTP ${res.status} ${text.slice(0, 200)}`);
    if (INTERNAL.test(text)) problems.push(`${c.where}: internal text ${text.slice(0, 300)}`);
    for (const e of body.errors ?? []) {
      const code = String(e.extensions?.code);
      codes.set(code, (codes.get(code) ?? 0) + 1);
      if (code === 'INTERNAL_SERVER_ERROR') problems.push(`${c.where}: ${text.slice(0, 300)}`);
      if (code === 'BAD_USER_INPUT') {
        const named = `${e.message} ${String(e.extensions?.argument ?? '')}`;
        if (!c.names.some((n) => named.includes(n))) {
          problems.push(`${c.where}: BAD_USER_INPUT without the argument's name: ${e.message}`);
        }
      }
    }
  }
  assert.deepEqual(
    // One of each kind: the field and the message without its values.
    [
      ...new Map(problems.map((p) => [p.replace(/\(.*?\):/, ':').replace(/"[^"]*"|\d+/g, '…'), p])).values(),
    ].slice(0, 40),
    [],
    `${problems.length} of ${cases.length} answers; codes ${JSON.stringify([...codes])}`,
  );
  assert.ok((codes.get('BAD_USER_INPUT') ?? 0) > cases.length / 3, JSON.stringify([...codes]));
});

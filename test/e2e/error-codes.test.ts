/**
 * Every documented error code (README "Errors") reaches the client the same way whichever way
 * Gongkai is served: the in-process gateway (`npm start`), a gateway over remote subgraphs, and a
 * subgraph alone. Each set-up runs in development and in production: the codes are the same in
 * both; production only hides the details of internal errors, also when they pass a gateway.
 */
import { buildSubgraphSchema } from '@apollo/subgraph';
import { graphql, parse } from 'graphql';
import assert from 'node:assert/strict';
import http from 'node:http';
import { describe, test } from 'node:test';
import { saveReport } from '../../src/db/writes/save';
import { SUBGRAPH_NAMES, type SubgraphName } from '../../src/server/subgraphs';
import { remoteGateway } from '../../src/server/gateway';
import { allGoldenReports, readGolden, seedText } from '../support/golden';
import { type Fixture, serve, useFixture } from '../support/fixture';
import { startTestServer, type TestServer } from '../support/server';

const TOKEN = 'error-codes-token-123456';
const AUTH = { authorization: `Bearer ${TOKEN}` };
/** One byte over the parser's cap (5 MiB), under the HTTP body's (10 MiB). */
const TOO_LARGE = 'x'.repeat(5 * 2 ** 20 + 1);

interface Request {
  query: string;
  variables?: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** A request to a gateway, and the same request to the subgraph that owns its field. */
interface Case extends Request {
  name: string;
  subgraph: SubgraphName;
  /** What the subgraph alone is sent instead, when the gateway's query spans two subgraphs. */
  alone?: (ids: { agency: string }) => Request;
  code: string;
  /** Checks of the error beyond its code (message, extensions). */
  check?: (error: ClientError) => void;
}

type ClientError = { message: string; extensions?: Record<string, unknown> };
type Answer = Awaited<ReturnType<TestServer['gql']>>;

const INGEST = `mutation ($text: String!, $m: IngestMetadataInput) { ingestReport(text: $text, metadata: $m) { status } }`;
const DEEP = `{ reports { nodes { agency { reports { agency { reports { agency { reports { agency { reports { agency { reports { agency { reports { id } } } } } } } } } } } } } } }`;

const CASES: Case[] = [
  {
    name: 'a page size over the cap',
    subgraph: 'reports',
    query: `{ reports(first: 100000) { nodes { id } } }`,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /first must be between 1 and 100/),
  },
  {
    name: 'a malformed cursor',
    subgraph: 'reports',
    query: `{ reports(after: "garbage") { nodes { id } } }`,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /Invalid cursor "garbage"/),
  },
  {
    name: 'a bad divisionCode filter',
    subgraph: 'reports',
    query: `{ reports(filter: { divisionCode: "43" }) { nodes { id } } }`,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /divisionCode must be 6 digits/),
  },
  {
    name: 'a malformed id',
    subgraph: 'reports',
    query: `{ report(id: "abc") { id } }`,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.equal(e.extensions?.argument, 'id'),
  },
  {
    name: 'a year range the wrong way round (analytics subgraph)',
    subgraph: 'analytics',
    query: `{ refusedBreakdown(filter: { yearFrom: 2024, yearTo: 2020 }) { year } }`,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /yearFrom \(2024\) is after yearTo \(2020\)/),
  },
  {
    name: 'a bad argument of a field joined from the other subgraph (a second fetch)',
    subgraph: 'analytics',
    query: `{ agencies(first: 1) { nodes { name trend(measure: { table: APPLICATIONS, column: TOTAL }) { year } } } }`,
    alone: ({ agency }) => ({
      query: `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Agency { trend(measure: { table: APPLICATIONS, column: TOTAL }) { year } } } }`,
      variables: { r: [{ __typename: 'Agency', id: agency }] },
    }),
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /exactly one of row or group/),
  },
  {
    name: 'the ingestReport mutation without a token',
    subgraph: 'reports',
    query: INGEST,
    variables: { text: 'x' },
    code: 'UNAUTHENTICATED',
    check: (e) => assert.match(e.message, /Authorization: Bearer/),
  },
  {
    name: 'the ingestReport mutation with a wrong token',
    subgraph: 'reports',
    query: INGEST,
    variables: { text: 'x' },
    headers: { authorization: 'Bearer not-the-token' },
    code: 'UNAUTHENTICATED',
  },
  {
    name: 'unreadable report text',
    subgraph: 'reports',
    query: INGEST,
    variables: { text: '\u0000\u0001\u0002 not a report' },
    headers: AUTH,
    code: 'PARSE_ERROR',
    check: (e) => {
      assert.equal(typeof e.extensions?.line, 'number');
      assert.equal(typeof e.extensions?.column, 'number');
    },
  },
  {
    name: 'report text over 5 MiB',
    subgraph: 'reports',
    query: INGEST,
    variables: { text: TOO_LARGE },
    headers: AUTH,
    code: 'INPUT_TOO_LARGE',
    check: (e) => assert.equal(e.extensions?.limit, 5 * 2 ** 20),
  },
  {
    name: 'bad metadata',
    subgraph: 'reports',
    query: INGEST,
    variables: { text: seedText(readGolden('001_9a97c9075911a516.json')), m: { publishedAt: '31/01/2025' } },
    headers: AUTH,
    code: 'BAD_USER_INPUT',
    check: (e) => assert.match(e.message, /publishedAt must be YYYY-MM-DD/),
  },
  {
    name: 'a field the schema does not have',
    subgraph: 'reports',
    query: `{ reports { nodes { nosuchfield } } }`,
    code: 'GRAPHQL_VALIDATION_FAILED',
  },
  {
    name: 'a query nested too deep',
    subgraph: 'reports',
    query: DEEP,
    code: 'QUERY_TOO_DEEP',
  },
  {
    name: 'a query that is not GraphQL',
    subgraph: 'reports',
    query: `{ reports { nodes { id }`,
    code: 'GRAPHQL_PARSE_FAILED',
  },
  {
    name: 'a variable of the wrong type',
    subgraph: 'reports',
    query: `query ($n: Int) { reports(first: $n) { nodes { id } } }`,
    variables: { n: 'many' },
    code: 'BAD_USER_INPUT',
  },
];

interface SetUp {
  name: string;
  send(c: Request & { subgraph: SubgraphName }): Promise<Answer>;
}

let agencyId: string;
/** Every server the set-ups start (their logs are read below). */
const servers: TestServer[] = [];
const setUps = new Map<boolean, SetUp[]>();

/** The three ways of serving, over one database, in development or production. */
async function startSetUps(f: Fixture, production: boolean): Promise<SetUp[]> {
  const config = { production, apiToken: TOKEN };
  const track = (s: TestServer) => (servers.push(s), f.track(s));
  const inProcess = track(await serve(f.db.ds, 'gateway', config));
  const alone = new Map<SubgraphName, TestServer>();
  for (const name of SUBGRAPH_NAMES) alone.set(name, track(await serve(f.db.ds, name, config)));
  const remote = track(
    await startTestServer(undefined, config, {
      gateway: remoteGateway([...alone].map(([name, s]) => ({ name, url: s.url }))),
    }),
  );
  const via = (s: TestServer) => (r: Request) => s.gql(r.query, r.variables, r.headers);
  return [
    { name: 'in-process gateway', send: via(inProcess) },
    { name: 'remote gateway', send: via(remote) },
    { name: 'subgraph alone', send: (r) => via(alone.get(r.subgraph)!)(r) },
  ];
}

const fx = useFixture({
  load: async (db) => {
    const [seed] = allGoldenReports();
    agencyId = String((await saveReport(db.ds, seed!.report)).agencyId);
  },
  setUp: async (f) => {
    for (const production of [false, true]) setUps.set(production, await startSetUps(f, production));
  },
});

for (const production of [false, true]) {
  describe(production ? 'in production' : 'in development', () => {
    for (const c of CASES) {
      test(`${c.name}: ${c.code} from every set-up`, async () => {
        const statuses = new Map<string, number>();
        for (const setUp of setUps.get(production)!) {
          const request = setUp.name === 'subgraph alone' && c.alone ? c.alone({ agency: agencyId }) : c;
          const res = await setUp.send({ ...request, subgraph: c.subgraph });
          const [error] = res.errors ?? [];
          assert.ok(error, `${setUp.name}: no error in ${JSON.stringify(res)}`);
          assert.equal(error.extensions?.code, c.code, `${setUp.name}: ${JSON.stringify(res.errors)}`);
          c.check?.(error);
          // Gongkai's own errors speak for themselves: no server internals beside them.
          if (production) assert.equal(error.extensions?.stacktrace, undefined, setUp.name);
          statuses.set(setUp.name, res.status);
        }
        assert.equal(
          new Set(statuses.values()).size,
          1,
          `the same HTTP status: ${JSON.stringify([...statuses])}`,
        );
      });
    }
  });
}

/**
 * Another team's subgraph, served without Apollo Server: its errors carry no code, and the
 * gateway marks them DOWNSTREAM_SERVICE_ERROR with the subgraph's message.
 */
async function codelessSubgraph(): Promise<{ url: string; close(): Promise<void> }> {
  const schema = buildSubgraphSchema({
    typeDefs: parse(`extend schema @link(url: "https://specs.apollo.dev/federation/v2.0", import: ["@key"])
      type Query { weather: String }`),
    resolvers: {
      Query: {
        weather: () => {
          throw new Error('connect ECONNREFUSED 10.0.0.7:5432 (their database)');
        },
      },
    },
  });
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const { query, variables } = JSON.parse(body) as { query: string; variables?: Record<string, unknown> };
      void graphql({ schema, source: query, variableValues: variables }).then((result) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify(result));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

test('a subgraph error without a code is INTERNAL_SERVER_ERROR through a gateway; production hides it', async () => {
  const other = await codelessSubgraph();
  try {
    for (const production of [false, true]) {
      const gateway = fx.track(
        await startTestServer(
          undefined,
          { production },
          {
            gateway: remoteGateway([{ name: 'weather', url: other.url }]),
          },
        ),
      );
      const res = await gateway.gql(`{ weather }`);
      const [error] = res.errors ?? [];
      assert.equal(error?.extensions?.code, 'INTERNAL_SERVER_ERROR', JSON.stringify(res));
      if (production) {
        assert.match(error.message, /^Internal server error/);
        assert.ok(!JSON.stringify(res).includes('ECONNREFUSED'), JSON.stringify(res));
      } else {
        assert.match(error.message, /ECONNREFUSED/, 'development shows the subgraph’s message');
      }
    }
  } finally {
    await other.close();
  }
});

// Last: it breaks the database the cases above ran on.
test('an internal error is INTERNAL_SERVER_ERROR everywhere; production hides its cause and logs it once, under the request id the client got', async () => {
  await fx.db.ds.query(`ALTER TABLE reports RENAME TO reports_moved_away`);
  const query = `{ reports(first: 7) { totalCount nodes { id year } } }`;
  for (const production of [false, true]) {
    for (const setUp of setUps.get(production)!) {
      const res = await setUp.send({ query, subgraph: 'reports' });
      const where = `${production ? 'production' : 'development'}, ${setUp.name}`;
      const [error] = res.errors ?? [];
      assert.equal(error?.extensions?.code, 'INTERNAL_SERVER_ERROR', `${where}: ${JSON.stringify(res)}`);
      if (production) {
        assert.match(error.message, /^Internal server error/, where);
        const body = JSON.stringify(res);
        for (const internal of [
          'does not exist',
          'relation',
          'QueryFailedError',
          'stacktrace',
          'node_modules',
        ]) {
          assert.ok(!body.includes(internal), `${where}: "${internal}" leaked in ${body}`);
        }
        const requestId = error.extensions?.requestId;
        assert.equal(typeof requestId, 'string', `${where}: extensions.requestId`);
        // Every server's log: behind a remote gateway, the subgraph's server logs it.
        const lines = servers
          .flatMap((s) => s.logs)
          .filter((l) => l.requestId === requestId && l.level === 50);
        assert.equal(lines.length, 1, `${where}: logged once: ${JSON.stringify(lines)}`);
        const cause = JSON.stringify(lines[0]);
        assert.match(cause, /relation \\"reports\\" does not exist/, `${where}: the cause is in the log`);
      } else {
        assert.match(
          error.message,
          /relation "reports" does not exist/,
          `${where}: development shows the cause`,
        );
      }
    }
  }
});

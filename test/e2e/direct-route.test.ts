/**
 * The in-process gateway answers operations that one subgraph answers alone directly on that
 * subgraph's schema (src/server/direct-route.ts). A differential test: the same requests, to the
 * gateway as shipped and to the gateway with every operation on @apollo/gateway (the old path),
 * get the same answers — status, data, errors with their codes, messages, paths and extensions —
 * in development and in production, and the shipped gateway says which path each took.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { loadConfig } from '../../src/config';
import { saveReport } from '../../src/db/writes/save';
import { type LocalGateway } from '../../src/server/direct-route';
import { localGateway } from '../../src/server/gateway';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { useFixture } from '../support/fixture';
import { allGoldenReports } from '../support/golden';
import { startTestServer, type TestServer } from '../support/server';

const TOKEN = 'direct-route-token-123456';
const BREAKDOWN = '{ naturalPerson commercialEnterprise total }';

interface Case {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  headers?: Record<string, string>;
  /**
   * Variables that plan the operation first (the gateway plans only requests whose variables fit,
   * so a case of bad variables reaches the direct path once a good request has planned it).
   */
  planWith?: Record<string, unknown>;
  /** Which path the shipped gateway takes once it has planned the operation (none: answered before execution). */
  path: 'direct' | 'gateway' | 'none';
}

const cases = (ids: { agency: string; report: string; cursor: string }): Case[] => [
  {
    name: 'the list page (b)',
    query: `query ListPage($after: String) { reports(first: 50, after: $after) { nodes { id year formVersion title publishedAt agency { id name } } pageInfo { hasNextPage endCursor } } }`,
    variables: { after: ids.cursor },
    path: 'direct',
  },
  {
    name: 'the agency page (a)',
    query: `query AgencyPage($id: ID!) { agency(id: $id) { id name province city county reports(years: [2019, 2020, 2021, 2022, 2023, 2024, 2025]) { id year formVersion applications { newReceived ${BREAKDOWN} refused { stateSecret ${BREAKDOWN} thirdPartyRights ${BREAKDOWN} } totalProcessed ${BREAKDOWN} } } } }`,
    variables: { id: ids.agency },
    path: 'direct',
  },
  {
    name: 'an analyst aggregate (the analytics subgraph alone)',
    query: `{ refusedBreakdown(groupBy: PROVINCE) { year groupCode groupName reports totalProcessed refused reasons { reason label count shareOfRefusals shareOfProcessed } } }`,
    path: 'direct',
  },
  {
    name: 'aliases, fragments, __typename, edges and totalCount',
    query: `query { first: reports(first: 2) { totalCount edges { cursor node { ...R } } } r: report(id: "${ids.report}") { __typename ...R sections { number printedTitle rows { code label value cells { column value } } } } }
      fragment R on Report { id year title agency { __typename name divisionCode level kind } }`,
    path: 'direct',
  },
  {
    name: 'one of several operations, by name',
    query: `query A { reports(first: 1) { nodes { id } } } query B { agencies(first: 2) { totalCount nodes { id name } } }`,
    operationName: 'B',
    path: 'direct',
  },
  {
    name: '@skip and @include on variables, true',
    query: `query ($s: Boolean!) { reports(first: 3) { nodes { id title @skip(if: $s) agency @include(if: $s) { name } } } a: agency(id: "${ids.agency}") @include(if: $s) { name } }`,
    variables: { s: true },
    path: 'direct',
  },
  {
    name: '@skip and @include on variables, false (the same operation)',
    query: `query ($s: Boolean!) { reports(first: 3) { nodes { id title @skip(if: $s) agency @include(if: $s) { name } } } a: agency(id: "${ids.agency}") @include(if: $s) { name } }`,
    variables: { s: false },
    path: 'direct',
  },
  {
    name: 'an entity across both subgraphs (Agency.trend, Report.rates)',
    query: `query ($id: ID!) { agency(id: $id) { name trend(measure: { table: APPLICATIONS, row: NEW_RECEIVED, column: TOTAL }) { year value change } refusalsByYear { year refused } reports { year rates { processed grantRate refusalRate } } } }`,
    variables: { id: ids.agency },
    path: 'gateway',
  },
  {
    name: 'a field of the other subgraph under @include',
    query: `query ($t: Boolean!) { reports(first: 2) { nodes { id rates @include(if: $t) { grantRate } } } }`,
    variables: { t: true },
    path: 'gateway',
  },
  {
    name: 'introspection beside a field',
    query: `{ __type(name: "Agency") { name fields { name } } reports(first: 1) { nodes { id } } }`,
    path: 'gateway',
  },
  {
    name: 'a report that does not exist',
    query: `{ report(id: "999999") { id title } }`,
    path: 'direct',
  },
  {
    name: 'a page size over the cap',
    query: `{ reports(first: 100000) { nodes { id } } }`,
    path: 'direct',
  },
  {
    name: 'a malformed cursor (a variable)',
    query: `query ($after: String) { reports(after: $after) { nodes { id } } }`,
    variables: { after: 'garbage' },
    // checked with the variables, before any execution (validate-arguments.ts)
    path: 'none',
  },
  {
    name: 'a malformed id on a nullable field beside good ones',
    query: `{ ok: reports(first: 1) { nodes { id } } bad: report(id: "abc") { id } }`,
    path: 'none',
  },
  {
    name: 'an error on every node of a list (paths with indexes)',
    query: `{ reports(first: 3) { nodes { id section(number: 0) { number } } } }`,
    path: 'none',
  },
  {
    name: 'a year range the wrong way round (analytics)',
    query: `{ refusedBreakdown(filter: { yearFrom: 2024, yearTo: 2020 }) { year } }`,
    path: 'direct',
  },
  {
    name: 'a bad argument of a field joined from the other subgraph',
    query: `{ agencies(first: 1) { nodes { name trend(measure: { table: APPLICATIONS, column: TOTAL }) { year } } } }`,
    path: 'gateway',
  },
  {
    name: 'a variable of the wrong type',
    query: `query ($n: Int) { reports(first: $n) { nodes { id } } }`,
    variables: { n: 'many' },
    planWith: { n: 2 },
    path: 'direct',
  },
  {
    name: 'a required variable missing',
    query: `query ($id: ID!) { agency(id: $id) { name } }`,
    planWith: { id: '1' },
    path: 'direct',
  },
  {
    name: 'an input object variable with an unknown field',
    query: `query ($f: ReportFilter) { reports(filter: $f) { totalCount } }`,
    variables: { f: { province: '湖南省', nosuch: 1 } },
    planWith: { f: { province: '湖南省' } },
    path: 'direct',
  },
  {
    name: 'the ingestReport mutation without a token',
    query: `mutation ($text: String!) { ingestReport(text: $text) { status } }`,
    variables: { text: 'x' },
    path: 'direct',
  },
  {
    name: 'the ingestReport mutation with unreadable text',
    query: `mutation ($text: String!) { ingestReport(text: $text) { status } }`,
    variables: { text: '\u0000\u0001 not a report' },
    headers: { authorization: `Bearer ${TOKEN}` },
    path: 'direct',
  },
];

type Answer = { status: number; body: Record<string, unknown>; contentType: string | null };

async function ask(server: TestServer, c: Case): Promise<Answer> {
  const res = await fetch(server.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...c.headers },
    body: JSON.stringify({ query: c.query, variables: c.variables, operationName: c.operationName }),
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, unknown>,
    contentType: res.headers.get('content-type'),
  };
}

/**
 * The answer with what differs by nature taken out: the request id (new per request) and, in
 * development, the stack trace's text (where the code ran; whether there is one stays compared).
 */
function comparable(a: Answer): Answer {
  const errors = (a.body.errors as { extensions?: Record<string, unknown> }[] | undefined)?.map((e) => {
    const { requestId, stacktrace, ...extensions } = e.extensions ?? {};
    return {
      ...e,
      extensions: {
        ...extensions,
        ...(requestId === undefined ? {} : { requestId: typeof requestId }),
        ...(stacktrace === undefined ? {} : { stacktrace: Array.isArray(stacktrace) }),
      },
    };
  });
  return { ...a, body: { ...a.body, ...(errors ? { errors } : {}) } };
}

let ids: { agency: string; report: string; cursor: string };

const fx = useFixture({
  load: async (db) => {
    const saved = [];
    for (const { report } of allGoldenReports()) saved.push(await saveReport(db.ds, report));
    const first = saved[0]!;
    ids = {
      agency: String(first.agencyId),
      report: String(first.reportId),
      // the page after the first report (Gongkai's cursor: base64url of id:N)
      cursor: Buffer.from(`id:${first.reportId}`).toString('base64url'),
    };
  },
});

async function gateways(production: boolean) {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const config = {
    ...loadConfig({ GONGKAI_RESPONSE_CACHE_MB: '0', GONGKAI_CLIENT_QUEUE: '1000' }),
    production,
    apiToken: TOKEN,
  };
  const shipped = localGateway(subgraphs);
  const now = fx.track(await startTestServer(fx.db.ds, config, { gateway: shipped }));
  const old = fx.track(
    await startTestServer(fx.db.ds, config, { gateway: localGateway(subgraphs, { direct: false }) }),
  );
  return { shipped: shipped as LocalGateway, now, old };
}

for (const production of [false, true]) {
  describe(production ? 'in production' : 'in development', () => {
    test('every case: the shipped gateway answers as @apollo/gateway alone does, on the path expected', async () => {
      const { shipped, now, old } = await gateways(production);
      const planned = new Set<string>();
      for (const c of cases(ids)) {
        const expected = await ask(old, c);
        const operation = `${c.operationName ?? ''}\n${c.query}`;
        if (c.planWith) {
          await ask(now, { ...c, variables: c.planWith });
          planned.add(operation);
        }
        // An operation's first request is planned (and answered) by @apollo/gateway.
        const before = { ...shipped.counts };
        const first = await ask(now, c);
        if (!planned.has(operation))
          assert.equal(shipped.counts.direct, before.direct, `${c.name}: planned first`);
        if (shipped.counts.gateway > before.gateway) planned.add(operation);
        const between = { ...shipped.counts };
        const second = await ask(now, c);
        const path =
          shipped.counts.direct > between.direct
            ? 'direct'
            : shipped.counts.gateway > between.gateway
              ? 'gateway'
              : 'none';
        assert.equal(path, c.path, `${c.name}: answered on the ${path} path`);
        for (const [which, got] of [
          ['first', first],
          ['second', second],
        ] as const) {
          assert.deepEqual(comparable(got), comparable(expected), `${c.name} (${which} answer)`);
        }
      }
    });
  });
}

test('the cases cover data, errors and both paths', async () => {
  const all = cases({ agency: '1', report: '1', cursor: 'x' });
  assert.ok(all.filter((c) => c.path === 'direct').length >= 15);
  assert.ok(all.filter((c) => c.path === 'gateway').length >= 4);
});

/** Internal errors (a table moved away): in the whole answer, and under every node of a list. */
const BROKEN: { table: string; query: string }[] = [
  {
    table: 'report_grids',
    query: `{ reports(first: 3) { nodes { id applications { totalProcessed { total } } } } }`,
  },
  { table: 'reports', query: `{ reports(first: 7) { totalCount nodes { id } } }` },
];

for (const production of [false, true]) {
  for (const { table, query } of BROKEN) {
    test(`an internal error (${table} missing, ${production ? 'production' : 'development'}): the same answer on both paths, logged once`, async () => {
      const { shipped, now, old } = await gateways(production);
      const c: Case = { name: 'internal', query, path: 'direct' };
      await ask(now, c); // planned while the table is there
      await fx.db.ds.query(`ALTER TABLE ${table} RENAME TO moved_away`);
      try {
        const expected = await ask(old, c);
        const before = shipped.counts.direct;
        const got = await ask(now, c);
        assert.equal(shipped.counts.direct, before + 1);
        const errors = got.body.errors as {
          path?: unknown[];
          extensions: { code: string; requestId: string };
        }[];
        assert.ok(errors.length >= 1);
        for (const e of errors) assert.equal(e.extensions.code, 'INTERNAL_SERVER_ERROR');
        assert.deepEqual(comparable(got), comparable(expected));
        if (production) {
          const lines = now.logs.filter(
            (l) => l.requestId === errors[0]!.extensions.requestId && l.level === 50,
          );
          assert.equal(lines.length, errors.length, JSON.stringify(lines));
        }
      } finally {
        await fx.db.ds.query(`ALTER TABLE moved_away RENAME TO ${table}`);
      }
    });
  }
}

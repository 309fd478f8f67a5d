/**
 * Filters behave alike in `reports` and the analytics fields, on a subgraph's own server and
 * through the in-process gateway (what `npm start` serves).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { saveReport } from '../../src/ingest/load';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/schema/build';
import { localGateway } from '../../src/server/gateway';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { startTestServer, type TestServer } from '../support/server';

let db: TestDb;
let subgraph: TestServer;
let gateway: TestServer;

before(async () => {
  db = await createTestDb();
  for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
  subgraph = await startTestServer(db.ds);
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  gateway = await startTestServer(db.ds, {}, { gateway: localGateway(subgraphs) });
});
after(async () => {
  await subgraph.close();
  await gateway.close();
  await db.cleanup();
});

const REPORTS = `query ($filter: ReportFilter) { reports(filter: $filter) { totalCount nodes { year } } }`;
const BREAKDOWN = `query ($filter: AnalyticsFilterInput) { refusedBreakdown(filter: $filter) { year reports } }`;

describe('yearFrom after yearTo', () => {
  const inverted = { yearFrom: 2024, yearTo: 2020 };
  const expectBadRange = (res: Awaited<ReturnType<TestServer['gql']>>, what: string) => {
    assert.equal(res.errors?.length, 1, `${what}: ${JSON.stringify(res)}`);
    const [error] = res.errors!;
    assert.equal(error!.extensions?.code, 'BAD_USER_INPUT', what);
    assert.match(error!.message, /yearFrom \(2024\) is after yearTo \(2020\)/, what);
  };

  test('is BAD_USER_INPUT naming both arguments, in reports as in analytics, with one message', async () => {
    const reports = await subgraph.gql(REPORTS, { filter: inverted });
    expectBadRange(reports, 'reports');
    const viaGateway = await gateway.gql(REPORTS, { filter: inverted });
    expectBadRange(viaGateway, 'reports through the gateway');
    const analytics = await gateway.gql(BREAKDOWN, { filter: inverted });
    expectBadRange(analytics, 'refusedBreakdown through the gateway');
    assert.equal(reports.errors![0]!.message, analytics.errors![0]!.message);
    const coverage = await gateway.gql(`{ coverage(filter: { yearFrom: 2024, yearTo: 2020 }) { total } }`);
    expectBadRange(coverage, 'coverage');
  });

  test('a one-year range (yearFrom = yearTo) is still a range', async () => {
    const res = await gateway.gql<{ reports: { totalCount: number; nodes: { year: number }[] } }>(REPORTS, {
      filter: { yearFrom: 2024, yearTo: 2024 },
    });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const years = allGoldenReports().map((g) => g.golden.year);
    assert.equal(res.data!.reports.totalCount, years.filter((y) => y === 2024).length);
    assert.ok(res.data!.reports.nodes.every((n) => n.year === 2024));
  });
});

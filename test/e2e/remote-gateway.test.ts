/**
 * Deployment across machines: each subgraph served alone over HTTP, and a gateway that composes
 * them from their URLs (IntrospectAndCompose) and holds no data itself; writes pass the token on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serveRemote, useFixture } from '../support/fixture';
import { readGolden, seedText } from '../support/golden';
import { type TestServer } from '../support/server';

const TOKEN = 'remote-token-123456';
let gateway: TestServer;
useFixture({
  setUp: async (f) => {
    ({ gateway } = f.track(await serveRemote(f.db.ds, { apiToken: TOKEN })));
  },
});

test('a write through the gateway reaches the reports subgraph with the bearer token', async () => {
  const golden = readGolden('001_9a97c9075911a516.json');
  const res = await gateway.gql<{ ingestReport: { status: string } }>(
    `mutation ($text: String!, $m: IngestMetadataInput) { ingestReport(text: $text, metadata: $m) { status } }`,
    {
      text: seedText(golden),
      m: { agency: golden.agency.manifestName, province: '湖南省', city: '岳阳市', county: '岳阳楼区' },
    },
    { authorization: `Bearer ${TOKEN}` },
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  assert.equal(res.data!.ingestReport.status, 'LOADED');
  const denied = await gateway.gql(`mutation { ingestReport(text: "x") { status } }`);
  assert.equal(denied.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
});

test('one query through the gateway spans both remote subgraphs', async () => {
  const golden = readGolden('001_9a97c9075911a516.json');
  const res = await gateway.gql<{ agencies: { nodes: Record<string, unknown>[] } }>(
    `{ agencies { nodes { name divisionCode refusalsByYear { year refused } reports { year rates { processed } } } } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const [agency] = res.data!.agencies.nodes;
  assert.equal(agency!.name, golden.agency.manifestName);
  const refused = Object.entries(golden.applications)
    .filter(([k]) => k.startsWith('refused.'))
    .reduce((s, [, v]) => s + v[6]!, 0);
  assert.deepEqual(agency!.refusalsByYear, [{ year: golden.year, refused }]);
  assert.deepEqual(agency!.reports, [
    { year: golden.year, rates: { processed: golden.applications.totalProcessed![6] } },
  ]);
  const health = await fetch(gateway.url.replace(/\/graphql$/, '/healthz'));
  assert.deepEqual(await health.json(), { status: 'ok' });
});

/**
 * Any number of servers (issue #18, part 4), as separate `gongkai serve` processes over one
 * database: two servers, each with its own response cache, answer the same, and a commit through
 * either drops both caches (no stale answer survives); one killed, the other answers the same. A
 * gateway started apart (`gongkai serve --gateway --subgraphs …`) over two subgraph processes
 * (`gongkai serve --subgraph reports|analytics`) answers as a server does. Waits are bounded
 * numbers of retries.
 */
import assert from 'node:assert/strict';
import { type ChildProcess } from 'node:child_process';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { saveReport } from '../../src/db/writes/save';
import { createTestDb, type TestDb } from '../support/db';
import { type GongkaiProcess, serveGongkai } from '../support/gongkai-process';
import { allGoldenReports, seedText } from '../support/golden';

const TOKEN = 'many-servers-token-1234';
const RETRIES = 400;
const golden = allGoldenReports();
const START = golden.length - 1;

let db: TestDb;
const children: ChildProcess[] = [];

/** `gongkai serve <args> --port 0` over the test schema; resolves once it prints its URL. */
function serve(args: string[]): Promise<GongkaiProcess & { url: string }> {
  return serveGongkai(db, args, { GONGKAI_API_TOKEN: TOKEN }, (p) => children.push(p.child));
}

const LIST = `{ reports(first: 50) { totalCount nodes { id } } }`;

async function ask(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LIST }),
  });
  const body = (await res.json()) as { data?: { reports: { totalCount: number } }; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return { count: body.data!.reports.totalCount, cache: res.headers.get('gongkai-cache') };
}

let a: string;
let b: string;
let gateway: string;
let killA: () => void;

before(async () => {
  db = await createTestDb();
  for (const { report } of golden.slice(0, START)) await saveReport(db.ds, report);
  const [one, two, reports, analytics] = await Promise.all([
    serve(['--no-samples']),
    serve(['--no-samples']),
    serve(['--subgraph', 'reports']),
    serve(['--subgraph', 'analytics']),
  ]);
  a = one.url;
  b = two.url;
  killA = () => one.child.kill('SIGKILL');
  gateway = (await serve(['--gateway', '--subgraphs', `reports=${reports.url},analytics=${analytics.url}`]))
    .url;
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await db?.cleanup();
});

test('two servers answer the same; a commit through one drops both caches; one killed, the other answers', async () => {
  for (const url of [a, b]) {
    assert.equal((await ask(url)).count, START);
    assert.deepEqual(await ask(url), { count: START, cache: 'hit' });
  }
  const g = golden[START]!.golden;
  const res = await fetch(a, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({
      query: `mutation ($text: String!, $m: IngestMetadataInput) { ingestReport(text: $text, metadata: $m) { status } }`,
      variables: {
        text: seedText(g),
        m: {
          agency: g.agency.manifestName,
          province: g.agency.province,
          city: g.agency.city,
          county: g.agency.county,
        },
      },
    }),
  });
  const body = (await res.json()) as { data?: { ingestReport: { status: string } }; errors?: unknown };
  assert.equal(body.data?.ingestReport.status, 'LOADED', JSON.stringify(body.errors));
  // The server that wrote has dropped its cache before answering.
  assert.equal((await ask(a)).count, START + 1);
  // The other hears the commit's NOTIFY; once it answers the new figure it never answers the old one.
  let i = 0;
  while ((await ask(b)).count !== START + 1) {
    assert.ok(++i < RETRIES, 'the second server never answered the new figure');
    await sleep(25);
  }
  for (let k = 0; k < 3; k++) for (const url of [a, b]) assert.equal((await ask(url)).count, START + 1);
  killA();
  assert.equal((await ask(b)).count, START + 1);
});

test('a gateway started apart over two subgraph processes answers as a server does', async () => {
  assert.equal((await ask(gateway)).count, START + 1);
  const res = await fetch(gateway, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `{ reports(first: 1) { nodes { year } } qualitySummary { year reports } }`,
    }),
  });
  const body = (await res.json()) as { data?: { qualitySummary: { reports: number }[] }; errors?: unknown };
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  assert.equal(
    body.data!.qualitySummary.reduce((n, c) => n + c.reports, 0),
    START + 1,
    'the analytics subgraph counts every report',
  );
});

/** The analyst examples (curl + jq, Python requests, Node fetch) against a running gateway. */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { saveReport } from '../../src/ingest/load';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/schema/build';
import { REFUSAL_REASON_LABELS } from '../../src/domain/labels';
import { type RefusalReason } from '../../src/domain/codes';
import { localGateway } from '../../src/server/gateway';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { startTestServer, type TestServer } from '../support/server';

const EXAMPLES = path.join(__dirname, '..', '..', 'examples');
let db: TestDb;
let server: TestServer;
const seeds = allGoldenReports();
// Yueyang 2024 (seed 001) refused requests for some reasons: each must appear with its count.
const yueyang = seeds.find((s) => s.golden.agency.county === '岳阳楼区')!.golden;
const refusedLines = Object.entries(yueyang.applications)
  .filter(([k, v]) => k.startsWith('refused.') && (v[6] ?? 0) > 0)
  .map(([k, v]) => ({
    label: REFUSAL_REASON_LABELS[k.slice('refused.'.length) as RefusalReason],
    count: v[6]!,
  }));

before(async () => {
  db = await createTestDb();
  for (const { report } of seeds) await saveReport(db.ds, report);
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  server = await startTestServer(db.ds, {}, { gateway: localGateway(subgraphs) });
  assert.ok(refusedLines.length > 0);
});
after(async () => {
  await server.close();
  await db.cleanup();
});

/** Asynchronous: the server answering the example runs in this process. */
async function run(
  command: string,
  args: string[],
): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(command, args, {
      encoding: 'utf8',
      timeout: 60_000,
    });
    return { status: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { status: err.code ?? 1, stdout: err.stdout ?? '', stderr: err.stderr ?? String(e) };
  }
}

function has(command: string, args: string[]): boolean {
  return spawnSync(command, args, { encoding: 'utf8' }).status === 0;
}

function checkTable(out: string) {
  for (const { label, count } of refusedLines) {
    const line = out.split('\n').find((l) => l.includes('2024') && l.includes('湖南省') && l.includes(label));
    assert.ok(line, `a 2024 湖南省 line for ${label} in:\n${out}`);
    assert.match(line, new RegExp(`\\b${count}\\b`));
  }
}

test('curl + jq', { skip: has('jq', ['--version']) ? false : 'jq is not installed' }, async () => {
  const res = await run('bash', [path.join(EXAMPLES, 'refused-breakdown.sh'), server.url]);
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout.split('\n')[0]!, /^year\tprovince\treason\tcount/);
  checkTable(res.stdout);
});

const noRequests = !has('python3', ['-c', 'import requests']);
test(
  'Python with requests',
  { skip: noRequests ? 'python3 with requests is not installed' : false },
  async () => {
    const res = await run('python3', [path.join(EXAMPLES, 'refused_breakdown.py'), server.url]);
    assert.equal(res.status, 0, res.stderr);
    checkTable(res.stdout);
  },
);

test('Node with fetch', async () => {
  const res = await run(process.execPath, [path.join(EXAMPLES, 'refused-breakdown.mjs'), server.url]);
  assert.equal(res.status, 0, res.stderr);
  checkTable(res.stdout);
});

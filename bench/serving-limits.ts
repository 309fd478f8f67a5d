/**
 * What the serving limits' defaults are chosen from (src/config/serving.ts, BENCHMARKS.md
 * "Serving limits"): the slowest legitimate queries of each pool. A synthetic corpus is ingested,
 * then the gateway over the real serving pools (read-only sessions, timeouts off) answers each
 * query one at a time; prints p50 and max (ms) per query and the largest per pool.
 * Run: node -r @swc-node/register bench/serving-limits.ts [--agencies 1500] [--requests 5]
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else an embedded Postgres; a fresh schema.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/config';
import { openDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp } from '../src/db/migrate';
import { openServing } from '../src/db/serving';
import { ingestFiles } from '../src/ingest/batch';
import { readManifest } from '../src/ingest/manifest';
import { close, createApp, listen } from '../src/server/app';
import { localGateway } from '../src/server/gateway';
import { buildSubgraph, SUBGRAPH_NAMES } from '../src/server/subgraphs';
import { synthesize } from '../src/synth/corpus';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '1500' },
    requests: { type: 'string', default: '5' },
  },
});

type Pool = 'reads' | 'analytics';
const QUERIES: [Pool, string, string][] = [
  [
    'reads',
    'reports, first 100, with sections and rows',
    '{ reports(first: 100) { nodes { id year agency { name } sections { number rows { code cells { column value } } } } } }',
  ],
  [
    'reads',
    'reports, first 100, typed applications view',
    '{ reports(first: 100) { totalCount nodes { applications { newReceived { total } granted { total } refused { total { total } } } } } }',
  ],
  [
    'reads',
    'agencies, first 100, with their reports',
    '{ agencies(first: 100) { totalCount nodes { name reports { year issues { code } } } } }',
  ],
  [
    'reads',
    'reports filtered by province, totalCount',
    '{ reports(filter: { province: "湖南省" }) { totalCount } }',
  ],
  [
    'analytics',
    'refusedBreakdown by AGENCY',
    '{ refusedBreakdown(groupBy: AGENCY) { year groupCode refused } }',
  ],
  [
    'analytics',
    'refusedBreakdown by PROVINCE',
    '{ refusedBreakdown(groupBy: PROVINCE) { year groupCode reasons { count } } }',
  ],
  [
    'analytics',
    'trend by COUNTY',
    '{ trend(measure: { table: APPLICATIONS, group: REFUSED, column: TOTAL }, groupBy: COUNTY) { year value } }',
  ],
  ['analytics', 'rates by AGENCY', '{ rates(groupBy: AGENCY) { groupCode refusalRate } }'],
  [
    'analytics',
    'ranking by CITY',
    '{ ranking(rate: REFUSAL, groupBy: CITY, limit: 10, minRequests: 100) { groupName } }',
  ],
  ['analytics', 'issueCounts by AGENCY', '{ issueCounts(groupBy: AGENCY) { year code issues } }'],
  ['analytics', 'qualitySummary', '{ qualitySummary { year reports reportsWithIssues } }'],
  ['analytics', 'coverage', '{ coverage(filter: { yearFrom: 2019, yearTo: 2025 }) { total } }'],
  [
    'analytics',
    'similarSections, all sections, limit 100',
    '{ similarSections(limit: 100, minSimilarity: 0.5) { reportId similarity } }',
  ],
  ['analytics', 'searchSections', '{ searchSections(text: "依申请", limit: 50) { reportId } }'],
];

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-limits-'));
  let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let stopPg: (() => Promise<void>) | undefined;
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: tmp,
      port: 56000 + (process.pid % 4000),
      ephemeral: true,
    });
    url = pg.url;
    stopPg = pg.stop;
  }
  const schema = `bench_limits_${process.pid}`;
  const ds = await openDataSource({ url, schema, poolSize: 10 });
  try {
    await migrateUp(ds);
    const out = path.join(tmp, 'corpus');
    const synth = synthesize({
      agencies: Number(values.agencies),
      firstYear: 2019,
      lastYear: 2025,
      seed: 'limits',
      out,
      faultRate: 0.05,
    });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    await ingestFiles(ds, [...manifest.keys()], { manifest });
    await ds.query('ANALYZE');
    console.log(`corpus: ${synth.reports} reports`);

    const config = loadConfig({});
    config.responseCacheMb = 0;
    const limits = { ...config.serving, statementTimeoutMs: 0, analyticsStatementTimeoutMs: 0 };
    config.limits = {
      ...config.limits,
      maxCost: 1e9,
      maxAliases: 1e5,
      maxTokens: 1e7,
      requestDeadlineMs: 86_400_000,
    };
    const serving = await openServing(ds, [], limits, schema);
    const subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
    );
    const app = await createApp(serving, config, { gateway: localGateway(subgraphs) });
    const endpoint = await listen(app, 0, '127.0.0.1');
    const worst: Record<Pool, number> = { reads: 0, analytics: 0 };
    console.log('\n| pool | query | p50 ms | max ms |\n|---|---|---:|---:|');
    for (const [pool, name, query] of QUERIES) {
      const times: number[] = [];
      for (let i = 0; i < Number(values.requests) + 1; i++) {
        const t = process.hrtime.bigint();
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query }),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
        if (i > 0) times.push(Number(process.hrtime.bigint() - t) / 1e6); // one warm-up
      }
      times.sort((a, b) => a - b);
      const max = times.at(-1)!;
      worst[pool] = Math.max(worst[pool], max);
      console.log(
        `| ${pool} | ${name} | ${times[Math.floor(times.length / 2)]!.toFixed(1)} | ${max.toFixed(1)} |`,
      );
    }
    console.log(`\nslowest: reads ${worst.reads.toFixed(0)} ms, analytics ${worst.analytics.toFixed(0)} ms`);
    await close(app);
    await serving.close();
  } finally {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`).catch(() => undefined);
    await ds.destroy();
    await stopPg?.();
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

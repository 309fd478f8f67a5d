/**
 * Analytics latency at scale: a synthetic corpus (src/synth) ingested as `gongkai ingest` does,
 * then the gateway (both subgraphs, in this process) answers analyst queries one at a time over
 * HTTP; prints p50 / p90 per query (ms) and the SQL it runs (EXPLAIN ANALYZE, --explain).
 *
 * Targets (issue): the refused-disclosure breakdown over 100,000 reports grouped by province and
 * year, p50 < 100 ms; a per-agency trend p50 < 10 ms.
 * Run: npm run bench:analytics -- [--agencies 15000] [--years 2019-2025] [--requests 50] [--explain]
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else an embedded Postgres; a fresh schema.
 *
 * Over a database already loaded (`gongkai synth` + `gongkai ingest`, issue #15's sizes):
 *   npm run bench:analytics -- --database postgres://…/gk15a [--schema public] [--requests 11] [--explain]
 * runs only the per-field table (each analytics field's SQL and row mapping, no GraphQL) and, with
 * --explain, prints EXPLAIN (ANALYZE, BUFFERS) of every statement each field runs; --buffers, a
 * table of the shared buffers (hit + read) and temp blocks each field's statements touch, in all and
 * per 1,000 reports (the load-independent cost figure of issue #15).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { GroupBy } from '../src/analytics/groups';
import { refusedBreakdown } from '../src/analytics/refused-breakdown';
import { cellTrend, RowGroup } from '../src/analytics/cell-trend';
import { coverageGaps, qualitySummary } from '../src/analytics/quality';
import { groupRates, Rate, rankGroups } from '../src/analytics/rates';
import { ColumnCode, TableCode } from '../src/domain/codes';
import { type DataSource } from 'typeorm';
import { loadConfig } from '../src/config';
import { openDataSource } from '../src/db/data-source';
import { openReadPool } from '../src/db/serving';
import { loadServing } from '../src/config/serving';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp } from '../src/db/migrate';
import { ingestFiles } from '../src/ingest/batch';
import { readManifest } from '../src/ingest/manifest';
import { buildSubgraph, SUBGRAPH_NAMES } from '../src/server/subgraphs';
import { close, createApp, listen } from '../src/server/app';
import { localGateway } from '../src/server/gateway';
import { synthesize } from '../src/synth/corpus';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '15000' },
    years: { type: 'string', default: '2019-2025' },
    requests: { type: 'string', default: '50' },
    explain: { type: 'boolean' },
    buffers: { type: 'boolean' },
    database: { type: 'string' },
    schema: { type: 'string', default: 'public' },
  },
});
const [firstYear, lastYear] = values.years.split('-').map(Number) as [number, number];
const REQUESTS = Number(values.requests);

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
}

const REFUSED = { table: TableCode.APPLICATIONS, group: RowGroup.REFUSED, column: ColumnCode.TOTAL };
const PROVINCE = { divisionCode: '430000' };

/** Issue #15's analytics fields, each as the function its resolver calls (SQL and row mapping). */
const FIELDS: Record<string, (ds: DataSource) => Promise<unknown>> = {
  'refusedBreakdown, all reports, province × year': (ds) => refusedBreakdown(ds, {}, GroupBy.PROVINCE),
  'refusedBreakdown, one province (430000), county × year': (ds) =>
    refusedBreakdown(ds, PROVINCE, GroupBy.COUNTY),
  'trend (Σ 不予公开 总计), all reports, province × year': (ds) =>
    cellTrend(ds, REFUSED, {}, GroupBy.PROVINCE),
  'trend (Σ 不予公开 总计), one province (430000), county × year': (ds) =>
    cellTrend(ds, REFUSED, PROVINCE, GroupBy.COUNTY),
  'refusedBreakdown, one city (430300), county × year': (ds) =>
    refusedBreakdown(ds, { divisionCode: '430300' }, GroupBy.COUNTY),
  'rates, all reports, by province': (ds) => groupRates(ds, {}, GroupBy.PROVINCE),
  'ranking: top 10 cities by refusal rate': (ds) =>
    rankGroups(
      ds,
      {},
      { rate: Rate.REFUSAL, groupBy: GroupBy.CITY, order: 'top', limit: 10, minRequests: 100 },
    ),
  'coverage 2019–2025, all agencies': (ds) => coverageGaps(ds, { yearFrom: 2019, yearTo: 2025 }, 100),
  'coverage 2019–2025, one province (430000)': (ds) =>
    coverageGaps(ds, { ...PROVINCE, yearFrom: 2019, yearTo: 2025 }, 100),
  'qualitySummary, all reports': (ds) => qualitySummary(ds, {}),
};

interface PlanTotals {
  'Shared Hit Blocks': number;
  'Shared Read Blocks': number;
  'Temp Read Blocks': number;
  'Temp Written Blocks': number;
}

/** Shared buffers and temp blocks of each field's statements (EXPLAIN ANALYZE, BUFFERS; summed). */
async function bufferTable(ds: DataSource, reports: number): Promise<void> {
  console.log(
    `\n| field | shared buffers (hit + read) | read | temp blocks | buffers per 1,000 reports |\n|---|---:|---:|---:|---:|`,
  );
  const original = ds.query.bind(ds);
  for (const [name, run] of Object.entries(FIELDS)) {
    const sum = { shared: 0, read: 0, temp: 0 };
    ds.query = (async (sql: string, params?: unknown[]) => {
      const [row] = (await original(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params)) as {
        'QUERY PLAN': { Plan: PlanTotals }[];
      }[];
      const plan = row!['QUERY PLAN'][0]!.Plan;
      sum.shared += plan['Shared Hit Blocks'] + plan['Shared Read Blocks'];
      sum.read += plan['Shared Read Blocks'];
      sum.temp += plan['Temp Read Blocks'] + plan['Temp Written Blocks'];
      return original(sql, params);
    }) as typeof ds.query;
    try {
      await run(ds);
    } finally {
      ds.query = original;
    }
    console.log(
      `| ${name} | ${sum.shared} | ${sum.read} | ${sum.temp} | ${((sum.shared * 1000) / reports).toFixed(1)} |`,
    );
  }
}

/** p50 / p90 of each field (after one warm-up call), and with --explain every statement's plan. */
async function fieldTable(
  ds: DataSource,
  requests: number,
  explain: boolean,
  buffers = false,
): Promise<void> {
  const [row] = (await ds.query('SELECT count(*)::int AS reports FROM reports')) as { reports: number }[];
  const reports = row?.reports ?? 0;
  console.log(
    `\n${reports} reports\n| field (SQL + mapping) | p50 ms | p90 ms | calls |\n|---|---:|---:|---:|`,
  );
  for (const [name, run] of Object.entries(FIELDS)) {
    await run(ds);
    const times: number[] = [];
    for (let i = 0; i < requests; i++) {
      const t = process.hrtime.bigint();
      await run(ds);
      times.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(
      `| ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 90).toFixed(1)} | ${requests} |`,
    );
  }
  if (buffers) await bufferTable(ds, reports);
  if (!explain) return;
  const original = ds.query.bind(ds);
  for (const [name, run] of Object.entries(FIELDS)) {
    console.log(`\n### ${name}\n`);
    ds.query = (async (sql: string, params?: unknown[]) => {
      const plan: { 'QUERY PLAN': string }[] = await original(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      console.log(plan.map((p) => p['QUERY PLAN']).join('\n'));
      return original(sql, params);
    }) as typeof ds.query;
    try {
      await run(ds);
    } finally {
      ds.query = original;
    }
  }
}

async function main(): Promise<void> {
  if (values.database) {
    // The analytics pool as `gongkai serve` opens it (its session settings included).
    const ds = await openReadPool(values.database, 'analytics', loadServing(process.env), values.schema);
    try {
      await fieldTable(ds, REQUESTS, Boolean(values.explain), Boolean(values.buffers));
    } finally {
      await ds.destroy();
    }
    return;
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-analytics-'));
  let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let stopPg: (() => Promise<void>) | undefined;
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(tmp, 'pg'),
      port: 56000 + (process.pid % 4000),
      ephemeral: true,
    });
    url = pg.url;
    stopPg = pg.stop;
  }
  const schema = `bench_analytics_${process.pid}`;
  const ds = await openDataSource({ url, schema, poolSize: 10 });
  try {
    await migrateUp(ds);
    const out = path.join(tmp, 'corpus');
    const synth = synthesize({
      agencies: Number(values.agencies),
      firstYear,
      lastYear,
      seed: 'bench',
      out,
      faultRate: 0.05,
    });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    const t0 = Date.now();
    const ingest = await ingestFiles(ds, [...manifest.keys()], { manifest });
    const ingestS = (Date.now() - t0) / 1000;
    console.log(
      `corpus: ${synth.reports} reports; ingest ${ingestS.toFixed(0)} s (${(synth.reports / ingestS).toFixed(0)} reports/s), ${ingest.counts.failed} failed`,
    );
    await ds.query('ANALYZE');

    const subgraphs = await Promise.all(
      SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
    );
    const app = await createApp(ds, loadConfig({}), { gateway: localGateway(subgraphs) });
    const endpoint = await listen(app, 0, '127.0.0.1');
    const agencies: { id: number }[] = await ds.query('SELECT id FROM agencies ORDER BY id');
    const queries: Record<string, (i: number) => { query: string; variables?: Record<string, unknown> }> = {
      'refusedBreakdown, all reports, province × year': () => ({
        query:
          '{ refusedBreakdown(groupBy: PROVINCE) { year groupCode reasons { reason count shareOfRefusals shareOfProcessed } } }',
      }),
      'refusedBreakdown, one province, county × year': () => ({
        query:
          '{ refusedBreakdown(filter: { divisionCode: "430000" }, groupBy: COUNTY) { year groupCode reasons { count } } }',
      }),
      'trend of one agency (Query.trend)': (i) => ({
        query:
          'query ($id: ID!) { trend(measure: { table: APPLICATIONS, group: REFUSED, column: TOTAL }, filter: { agencyIds: [$id] }) { year value change } }',
        variables: { id: String(agencies[(i * 7919) % agencies.length]!.id) },
      }),
      'trend of one agency (Agency.trend, across subgraphs)': (i) => ({
        query:
          'query ($id: ID!) { agency(id: $id) { name trend(measure: { table: APPLICATIONS, row: GRANTED, column: TOTAL }) { year value } } }',
        variables: { id: String(agencies[(i * 7919) % agencies.length]!.id) },
      }),
      'ranking: top 10 cities by refusal rate': () => ({
        query:
          '{ ranking(rate: REFUSAL, groupBy: CITY, limit: 10, minRequests: 100) { groupName refusalRate } }',
      }),
    };
    console.log(`\n| query | p50 ms | p90 ms | requests |\n|---|---:|---:|---:|`);
    for (const [name, make] of Object.entries(queries)) {
      const times: number[] = [];
      for (let i = 0; i < REQUESTS + 3; i++) {
        const t = process.hrtime.bigint();
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(make(i)),
        });
        const body = (await res.json()) as { errors?: unknown };
        if (body.errors) throw new Error(`${name}: ${JSON.stringify(body.errors)}`);
        if (i >= 3) times.push(Number(process.hrtime.bigint() - t) / 1e6); // 3 warm-up requests
      }
      console.log(
        `| ${name} | ${percentile(times, 50).toFixed(1)} | ${percentile(times, 90).toFixed(1)} | ${REQUESTS} |`,
      );
    }
    // The same breakdown without GraphQL: the SQL statement and its mapping only.
    const direct: number[] = [];
    for (let i = 0; i < REQUESTS + 3; i++) {
      const t = process.hrtime.bigint();
      await refusedBreakdown(ds, {}, GroupBy.PROVINCE);
      if (i >= 3) direct.push(Number(process.hrtime.bigint() - t) / 1e6);
    }
    console.log(
      `| (refusedBreakdown province × year, SQL only, no GraphQL) | ${percentile(direct, 50).toFixed(1)} | ${percentile(direct, 90).toFixed(1)} | ${REQUESTS} |`,
    );
    await fieldTable(ds, REQUESTS, Boolean(values.explain));
    await close(app);
  } finally {
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
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

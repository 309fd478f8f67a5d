/**
 * `npm run bench`: the national-scale run. Builds synthetic corpora (src/synth), measures parse
 * throughput (one core) and ingest throughput + peak RSS (each ingest in a child process) for
 * every size, then serves the largest database and loads each server side by side, with
 * autocannon in this process:
 *   (a) agency page and (b) list page: Gongkai as shipped (`gongkai serve`: the gateway over both
 *       subgraphs in process; child process), beside the reports subgraph alone, PostGraphile 5
 *       (child process, views of bench/national/pgl-schema.ts), the Apollo and HTTP floors and
 *       the floor;
 *   (c) an analyst's cross-year aggregate over all reports (refusedBreakdown by province × year):
 *       Gongkai as shipped, beside the analytics subgraph alone, the floors; PostGraphile takes
 *       no part in (c).
 * "cached" is the shipped server with its response cache on, over a Zipf-distributed request mix
 * (--zipf) with a commit notification, as a save transaction sends, every --write-every ms.
 * The floor is one hand-written SQL statement per scenario over pg (child process, no HTTP).
 * The HTTP floor (http-floor-server.ts, child process) serves that same statement's JSON text from
 * plain node:http, no framework, no GraphQL, loaded by autocannon as the servers are: it measures
 * the share of a request that HTTP and JSON alone cost, which no HTTP server can avoid.
 * The Apollo floor (apollo-floor-server.ts, child process) serves that statement's JSON through
 * one field of an Apollo Server configured as Gongkai's (same app, pipeline, executor and pool):
 * the least an Apollo Server can do for a scenario, so a bound on what Gongkai can reach.
 * Every figure is the median of --runs runs; prints one table (text and markdown).
 *
 * Options: --reports 10000,100000  --runs 3  --connections 1,10,50  --duration 10 (s per load run)
 *          --concurrency N --batch-size N (ingest; default: gongkai ingest's)  --ingest-runs N  --parse-sample 2000
 *          --profile DIR (--cpu-prof the servers)
 *          --targets gongkai,subgraph,cached,postgraphile,apolloFloor,httpFloor,floor (which are loaded;
 *            oldGateway adds the shipped server with every operation on @apollo/gateway, as before issue 15)
 *          --zipf 1 (the cached column's request mix; 0: uniform)  --write-every 2000 (ms; 0: no writes)
 *          --database URL (default BENCH_DATABASE_URL, else postgres://postgres@127.0.0.1:5432/postgres)
 *          --scenarios a,b,c (which are loaded; e.g. --scenarios b for a quick before/after check)
 *          --existing SCHEMA: skip synthesis, parse and ingest; serve that schema of the --database
 *            database, already migrated and loaded (e.g. --database …/gk_100k --existing public).
 * Database: without --existing, a database gongkai_bench_<pid> is created on the --database
 * server and dropped at the end; corpora go to os.tmpdir(). With --existing, nothing is created
 * in that database but the PostGraphile views schema <schema>_pgl (dropped at the end); its
 * tables are VACUUM ANALYZEd before serving, as after an ingest.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import pg from 'pg';
import INGEST_NODE_FLAGS from '../../bin/ingest-node-flags.json';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY } from '../../src/ingest/batch';
import { synthesize } from '../../src/synth/corpus';
import { DATA_CHANGED_CHANNEL } from '../../src/db/data-changes';
import { cannon, type LoadFigure } from './load';
import { pglSchemaSql } from './pgl-schema';
import {
  APOLLO_FLOOR,
  encodeCursor,
  FLOOR_A,
  FLOOR_B,
  FLOOR_C,
  GATEWAY_C,
  GONGKAI_A,
  GONGKAI_B,
  PGL_A,
  PGL_B,
  PGL_CURSOR,
  YEARS,
} from './queries';
import { ensurePostGraphile } from './pgl-install';
import { ask, median, nextMessage, rng, startChild } from './util';

const { values: opts } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '1,10,50' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    'batch-size': { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
    'ingest-runs': { type: 'string' },
    'parse-sample': { type: 'string', default: '2000' },
    profile: { type: 'string' },
    database: { type: 'string' },
    existing: { type: 'string' },
    scenarios: { type: 'string', default: 'a,b,c' },
    targets: { type: 'string', default: 'gongkai,subgraph,cached,postgraphile,apolloFloor,httpFloor,floor' },
    zipf: { type: 'string', default: '1' },
    'write-every': { type: 'string', default: '2000' },
  },
});
const SIZES = opts.reports.split(',').map(Number);
const RUNS = Number(opts.runs);
// ingest runs per size (a list matching --reports, or one number); default --runs
const INGEST_RUNS = (opts['ingest-runs'] ?? opts.runs).split(',').map(Number);
const ingestRuns = (i: number) => INGEST_RUNS[Math.min(i, INGEST_RUNS.length - 1)]!;
const CONNECTIONS = opts.connections.split(',').map(Number);
const DURATION = Number(opts.duration);
const log = (s: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

/**
 * `gongkai`: the server as shipped (`gongkai serve`: the in-process gateway over both subgraphs);
 * `subgraph`: the subgraph that answers the scenario, alone (reports for (a) and (b), analytics
 * for (c)); `oldGateway`: the shipped server with every operation on @apollo/gateway (before
 * issue 15); `cached`: the shipped server with its response cache on (the others run every request).
 */
type Target =
  'gongkai' | 'subgraph' | 'oldGateway' | 'cached' | 'postgraphile' | 'apolloFloor' | 'httpFloor' | 'floor';
const ALL_TARGETS: readonly Target[] = [
  'gongkai',
  'subgraph',
  'oldGateway',
  'cached',
  'postgraphile',
  'apolloFloor',
  'httpFloor',
  'floor',
];
const LOADED = new Set(
  opts.targets.split(',').map((t) => {
    if (!ALL_TARGETS.includes(t as Target)) throw new Error(`--targets: unknown target "${t}"`);
    return t as Target;
  }),
);
const ZIPF = Number(opts.zipf);
const WRITE_EVERY_MS = Number(opts['write-every']);
/** The targets autocannon loads over HTTP (the floor is driven by its own child, no HTTP). */
type HttpTarget = Exclude<Target, 'floor'>;
type Scenario = 'a' | 'b' | 'c';
type Body = (pick: () => number) => string;
const ALL_SCENARIOS: readonly Scenario[] = ['a', 'b', 'c'];
const SCENARIO_NAMES: Record<Scenario, string> = {
  a: '(a) agency page',
  b: '(b) list page',
  c: '(c) cross-year aggregate',
};
/** The scenarios loaded (--scenarios); the answers of all three are checked in any case. */
const SCENARIOS = opts.scenarios.split(',').map((s) => {
  if (!ALL_SCENARIOS.includes(s as Scenario)) throw new Error(`--scenarios: unknown scenario "${s}"`);
  return s as Scenario;
});
/** Who serves a scenario (of those loaded): PostGraphile only (a) and (b). */
const TARGETS: Record<Scenario, readonly Target[]> = {
  a: ALL_TARGETS.filter((t) => LOADED.has(t)),
  b: ALL_TARGETS.filter((t) => LOADED.has(t)),
  c: ALL_TARGETS.filter((t) => LOADED.has(t) && t !== 'postgraphile'),
};
const FLOOR_SQL: Record<Scenario, string> = { a: FLOOR_A, b: FLOOR_B, c: FLOOR_C };
interface ParseFigure {
  type: string;
  reports: number;
  mb: number;
  reportsPerSecond: number;
  mbPerSecond: number;
}

async function withClient<T>(url: string, f: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client(url);
  await c.connect();
  try {
    return await f(c);
  } finally {
    await c.end();
  }
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

async function gql(
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown };
  if (body.errors || !body.data) throw new Error(`${url}: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/**
 * Corpora, parse and ingest (every --reports size, --ingest-runs times each); appends their table
 * to `out` and returns the schema kept for serving (the largest size's last ingest).
 */
async function synthesizeAndIngest(
  url: string,
  tmp: string,
  out: string[],
  load: number[][],
): Promise<{ schema: string; reports: number }> {
  const ingestRows: string[] = [];
  let parseFigure: { reports: number; mb: number; reportsPerSecond: number; mbPerSecond: number } | undefined;
  let served: { schema: string; reports: number } | undefined;
  for (const [sizeIndex, size] of SIZES.entries()) {
    const corpus = path.join(tmp, `corpus-${size}`);
    const agencies = Math.max(1, Math.round(size / 7));
    log(`synth ${agencies} agencies × 7 years → ${corpus}`);
    const syn = synthesize({
      agencies,
      firstYear: 2019,
      lastYear: 2025,
      seed: 'bench',
      out: corpus,
      faultRate: 0.05,
    });
    log(
      `synth: ${syn.reports} reports, ${(syn.bytes / 2 ** 20).toFixed(0)} MiB in ${syn.seconds.toFixed(0)} s`,
    );
    if (!parseFigure) {
      const child = startChild('parse-worker.ts', [corpus, opts['parse-sample'], String(Math.max(RUNS, 3))]);
      const figure = await nextMessage<ParseFigure>(child, 'done');
      parseFigure = figure;
      log(`parse: ${figure.reportsPerSecond.toFixed(0)} reports/s`);
    }
    const rates: number[] = [];
    const rss: number[] = [];
    const secs: number[] = [];
    const cpu: number[] = [];
    let statements = 0;
    const runs = ingestRuns(sizeIndex);
    for (let run = 0; run < runs; run++) {
      const schema = `s${size}_${run}`;
      // Under the V8 flags `gongkai ingest` runs with (bin/gongkai.js).
      const child = startChild(
        'ingest-worker.ts',
        [url, schema, corpus, opts.concurrency, opts['batch-size']],
        [],
        INGEST_NODE_FLAGS,
      );
      const r = await nextMessage<{
        type: string;
        reports: number;
        failed: number;
        seconds: number;
        cpuSeconds: number;
        peakRssMiB: number;
        statementsPerReport: number;
        firstError?: string;
      }>(child, 'done');
      if (r.failed) throw new Error(`${r.failed} reports failed to ingest: ${r.firstError}`);
      rates.push(r.reports / r.seconds);
      rss.push(r.peakRssMiB);
      secs.push(r.seconds);
      cpu.push((1000 * r.cpuSeconds) / r.reports);
      statements = r.statementsPerReport;
      log(
        `ingest ${size} run ${run + 1}: ${r.seconds.toFixed(1)} s, ${(r.reports / r.seconds).toFixed(0)} reports/s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB`,
      );
      const keep = sizeIndex === SIZES.length - 1 && run === runs - 1;
      if (keep) served = { schema, reports: syn.reports };
      else await withClient(url, (c) => c.query(`DROP SCHEMA "${schema}" CASCADE`));
    }
    ingestRows.push(
      `| ingest ${syn.reports.toLocaleString('en')} reports (${(syn.bytes / 2 ** 20).toFixed(0)} MiB), concurrency ${opts.concurrency}, batches of ${opts['batch-size']} | ` +
        `**${median(rates).toFixed(0)} reports/s** (${median(secs).toFixed(0)} s; runs ${rates.map((x) => x.toFixed(0)).join(', ')}) | peak RSS ${median(rss).toFixed(0)} MiB (max ${Math.max(...rss).toFixed(0)}); ingest process CPU ${median(cpu).toFixed(2)} ms/report; ${statements.toFixed(1)} SQL statements/report |`,
    );
    fs.rmSync(corpus, { recursive: true, force: true });
    load.push(os.loadavg());
  }
  out.push('| figure | value | notes |', '| --- | ---: | --- |');
  if (parseFigure)
    out.push(
      `| parse, one core (${parseFigure.reports} reports of the corpus, ${parseFigure.mb.toFixed(1)} MB) | **${parseFigure.reportsPerSecond.toFixed(0)} reports/s** | ${parseFigure.mbPerSecond.toFixed(1)} MB/s |`,
    );
  out.push(...ingestRows);
  if (!served) throw new Error('nothing ingested');
  return served;
}

async function main(): Promise<void> {
  // PostGraphile is the benchmark's own install (pgl-install.ts), made on first use: before the
  // corpus, so a failed install stops the run before an hour of ingest.
  ensurePostGraphile(log);
  const adminUrl =
    opts.database || process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const existing = opts.existing;
  if (existing != null && !/^[A-Za-z_][\w$]*$/.test(existing))
    throw new Error(`--existing takes a schema name (letters, digits, _); got "${existing}"`);
  const dbName = `gongkai_bench_${process.pid}`;
  // With --existing, the database of --database is served as it is; else a fresh one is made.
  const url = existing ? adminUrl : withDatabase(adminUrl, dbName);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const children: Array<ReturnType<typeof startChild>> = [];
  if (!existing) await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const out: string[] = [];
  const load = [os.loadavg()];
  let pglSchema: string | undefined;
  try {
    // ---- corpora, parse, ingest (or an existing, loaded schema) ----
    let served: { schema: string; reports: number };
    if (existing) {
      const reports = await withClient(url, async (c) => {
        const r = await c.query<{ n: string }>(`SELECT count(*) AS n FROM "${existing}".reports`);
        return Number(r.rows[0]!.n);
      });
      served = { schema: existing, reports };
      log(`existing schema "${existing}" of ${new URL(url).pathname.slice(1)}: ${reports} reports`);
    } else {
      served = await synthesizeAndIngest(url, tmp, out, load);
    }

    // ---- serving ----
    const { schema } = served;
    const pgls = `${schema}_pgl`;
    pglSchema = pgls;
    await withClient(url, async (c) => {
      await c.query(
        `VACUUM ANALYZE "${schema}".agencies, "${schema}".reports, "${schema}".report_rows, "${schema}".report_facts`,
      );
      for (const s of pglSchemaSql(schema, pgls)) await c.query(s);
    });
    const pick = rng(7);
    const sample = <T>(xs: T[], n: number) =>
      Array.from({ length: Math.min(n, xs.length) }, () => xs[Math.floor(pick() * xs.length)]!);
    const { agencyIds, afterIds } = await withClient(url, async (c) => {
      const a = await c.query<{ id: number }>(
        `SELECT agency_id AS id FROM "${schema}".reports WHERE year BETWEEN $1 AND $2 GROUP BY agency_id HAVING count(*) = $3`,
        [YEARS[0], YEARS[YEARS.length - 1], YEARS.length],
      );
      const b = await c.query<{ id: number }>(`SELECT id FROM "${schema}".reports ORDER BY id OFFSET 50`);
      // a page starts after the report before a sampled one, so every page is full
      return {
        agencyIds: sample(
          a.rows.map((r) => r.id),
          1000,
        ),
        afterIds: sample(
          b.rows.map((r) => r.id - 50),
          300,
        ),
      };
    });
    const profile = opts.profile ? [`--cpu-prof`, `--cpu-prof-dir=${path.resolve(opts.profile)}`] : [];
    const shim = require.resolve('./with-resolvers.ts');
    // The server as shipped (off: its response cache off; the headline), the same with the cache
    // on, each subgraph alone, and the others.
    // Gongkai's servers log as shipped (one access line per request), to /dev/null.
    const gongkai = (script: string, args: string[]) =>
      startChild(script, [url, schema, ...args], [], profile, 'ignore');
    const gw = gongkai('gateway-server.ts', ['off']);
    const gwc = gongkai('gateway-server.ts', ['cache']);
    const gk = gongkai('gongkai-server.ts', ['off', 'reports']);
    const ga = gongkai('gongkai-server.ts', ['off', 'analytics']);
    const gwo = LOADED.has('oldGateway') ? gongkai('gateway-server.ts', ['off', 'old']) : undefined;
    const pgl = startChild('postgraphile-server.ts', [url, pgls], [shim], profile);
    const hf = startChild('http-floor-server.ts', [url, schema], [], profile);
    // the Apollo floor is Gongkai's app too: it logs as Gongkai does
    const af = startChild('apollo-floor-server.ts', [url, schema], [], profile, 'ignore');
    const floor = startChild('floor-worker.ts', [url, schema]);
    children.push(gw, gwc, gk, ga, ...(gwo ? [gwo] : []), pgl, hf, af, floor);
    const ready = async (child: ReturnType<typeof startChild>) =>
      (await nextMessage<{ type: string; url: string }>(child, 'ready')).url;
    const gwUrl = await ready(gw);
    const gwcUrl = await ready(gwc);
    const gkUrl = await ready(gk);
    const gaUrl = await ready(ga);
    const gwoUrl = gwo ? await ready(gwo) : undefined;
    const pglUrl = await ready(pgl);
    const hfUrl = await ready(hf);
    const afUrl = await ready(af);
    await nextMessage(floor, 'ready');
    const server = (t: HttpTarget, sc: Scenario) =>
      t === 'gongkai'
        ? { child: gw, url: gwUrl }
        : t === 'cached'
          ? { child: gwc, url: gwcUrl }
          : t === 'subgraph'
            ? sc === 'c'
              ? { child: ga, url: gaUrl }
              : { child: gk, url: gkUrl }
            : t === 'oldGateway'
              ? { child: gwo!, url: gwoUrl! }
              : t === 'postgraphile'
                ? { child: pgl, url: pglUrl }
                : t === 'apolloFloor'
                  ? { child: af, url: afUrl }
                  : { child: hf, url: hfUrl };

    const pglCursor = new Map<number, string>();
    for (const id of new Set(afterIds)) {
      const d = (await gql(pglUrl, PGL_CURSOR, { id })) as { allReports: { edges: { cursor: string }[] } };
      pglCursor.set(id, d.allReports.edges[0]!.cursor);
    }
    const cBody = JSON.stringify({ query: GATEWAY_C });
    const gongkaiBodies: Partial<Record<Scenario, Body>> = {
      a: (p) => JSON.stringify({ query: GONGKAI_A, variables: { id: String(p()) } }),
      b: (p) => JSON.stringify({ query: GONGKAI_B, variables: { after: encodeCursor(p()) } }),
      c: () => cBody,
    };
    const bodies: Record<HttpTarget, Partial<Record<Scenario, Body>>> = {
      gongkai: gongkaiBodies,
      subgraph: gongkaiBodies,
      oldGateway: gongkaiBodies,
      cached: gongkaiBodies,
      postgraphile: {
        a: (p) => JSON.stringify({ query: PGL_A, variables: { id: p() } }),
        b: (p) => JSON.stringify({ query: PGL_B, variables: { after: pglCursor.get(p()) } }),
      },
      apolloFloor: {
        a: (p) => JSON.stringify({ query: APOLLO_FLOOR, variables: { scenario: 'a', param: p() } }),
        b: (p) => JSON.stringify({ query: APOLLO_FLOOR, variables: { scenario: 'b', param: p() } }),
        c: () => JSON.stringify({ query: APOLLO_FLOOR, variables: { scenario: 'c' } }),
      },
      httpFloor: {
        a: (p) => JSON.stringify({ scenario: 'a', param: p() }),
        b: (p) => JSON.stringify({ scenario: 'b', param: p() }),
        c: () => JSON.stringify({ scenario: 'c' }),
      },
    };
    const bodyOf = (t: HttpTarget, sc: Scenario): Body => {
      const b = bodies[t][sc];
      if (!b) throw new Error(`${t} does not serve (${sc})`);
      return b;
    };
    // (c) is over all reports and years: no parameter.
    const params: Record<Scenario, number[]> = { a: agencyIds, b: afterIds, c: [] };
    await checkEquivalence(
      url,
      schema,
      {
        gongkai: gwUrl,
        alone: { a: gkUrl, b: gkUrl, c: gaUrl },
        old: gwoUrl,
        postgraphile: pglUrl,
      },
      agencyIds.slice(0, 5),
      afterIds.slice(0, 5),
      pglCursor,
    );
    await checkFloors(url, schema, { http: hfUrl, apollo: afUrl }, { a: agencyIds[0]!, b: afterIds[0]! });
    // A kept answer is the answer: the cached servers' second answer (a hit) is byte for byte the
    // uncached servers'.
    for (const sc of ALL_SCENARIOS) {
      const body = bodyOf('gongkai', sc)(() => params[sc][0] ?? 0);
      const text = async (u: string) =>
        (await fetch(u, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text();
      const plain = await text(server('gongkai', sc).url);
      await text(server('cached', sc).url);
      if ((await text(server('cached', sc).url)) !== plain)
        throw new Error(`(${sc}): the cached answer differs`);
    }
    log('answers agree: the response cache serves the uncached answers, byte for byte');

    // statements per request: 20 sequential requests each, counted by the servers
    const perRequest: Record<string, string> = {};
    for (const sc of SCENARIOS) {
      for (const name of ALL_TARGETS) {
        if (name === 'floor') continue;
        if (!TARGETS[sc].includes(name)) continue;
        const { child, url: target } = server(name, sc);
        await ask(child, { type: 'reset' });
        const p = rng(3);
        const pickP = () => params[sc][Math.floor(p() * params[sc].length)]!;
        for (let i = 0; i < 20; i++) {
          const res = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: bodyOf(name, sc)(pickP),
          });
          await res.text();
        }
        const { statements } = await ask<{ type: string; statements: number }>(child, { type: 'count' });
        perRequest[`${name}/${sc}`] = (statements / 20).toFixed(1);
      }
    }
    log(`statements per request: ${JSON.stringify(perRequest)}`);

    // Postgres' own time for the floor statements (EXPLAIN ANALYZE, median of 20 parameters):
    // what is left of a request once HTTP, GraphQL and the driver are gone.
    const explained = await withClient(url, async (c) => {
      await c.query(`SET search_path = "${schema}"`);
      // 20 parameters, or 20 runs of a statement without one
      const times = async (sql: string, ps: number[]) => {
        const ms: number[] = [];
        for (const p of ps.length ? ps.slice(0, 20) : Array<undefined>(20).fill(undefined)) {
          const plan = await c.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, FORMAT TEXT) ${p == null ? sql : sql.replace(/\$1/g, String(p))}`,
          );
          const line = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
          ms.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1]));
        }
        return median(ms);
      };
      return {
        a: await times(FLOOR_A, params.a),
        b: await times(FLOOR_B, params.b),
        c: await times(FLOOR_C, params.c),
      };
    });
    const explainedText = SCENARIOS.map((sc) => `(${sc}) ${explained[sc].toFixed(2)} ms`).join(', ');
    log(`floor statements, Postgres execution time (EXPLAIN ANALYZE, median): ${explainedText}`);

    const share = (hits: number, misses: number) => hits / Math.max(1, hits + misses);
    const runOne = async (
      t: Target,
      sc: Scenario,
      connections: number,
      seconds: number,
      seed: number,
    ): Promise<LoadFigure> => {
      if (t === 'floor')
        return ask<LoadFigure & { type: string }>(floor, {
          type: 'run',
          sql: FLOOR_SQL[sc],
          params: params[sc],
          connections,
          seconds,
          seed,
        });
      const { child, url: target } = server(t, sc);
      type Count = { type: string; cpuMicros: number; cache: { hits: number; misses: number } };
      const before = await ask<Count>(child, { type: 'count' });
      // The cached server over a realistic mix: some pages asked far more than others, and the
      // data changing now and then (the notification a save transaction sends at commit).
      const writes =
        t === 'cached' && WRITE_EVERY_MS > 0
          ? setInterval(() => void writer.query(NOTIFY, [schema]), WRITE_EVERY_MS)
          : undefined;
      const f = await cannon(target, connections, seconds, bodyOf(t, sc), params[sc], seed, {
        zipf: t === 'cached' && ZIPF > 0 ? ZIPF : undefined,
      });
      if (writes) clearInterval(writes);
      const after = await ask<Count>(child, { type: 'count' });
      const requests = f.rps * seconds + f.errors;
      return {
        ...f,
        cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / requests,
        ...(t === 'cached'
          ? {
              hitShare: share(after.cache.hits - before.cache.hits, after.cache.misses - before.cache.misses),
            }
          : {}),
      };
    };
    const writer = new pg.Client(url);
    await writer.connect();
    const NOTIFY = `SELECT pg_notify('${DATA_CHANGED_CHANNEL}', $1)`;
    log('warm-up');
    for (const sc of SCENARIOS) for (const t of TARGETS[sc]) await runOne(t, sc, 10, 3, 1);

    const figures = new Map<string, LoadFigure[]>();
    for (let run = 0; run < RUNS; run++) {
      for (const connections of CONNECTIONS) {
        for (const sc of SCENARIOS) {
          const targets = TARGETS[sc];
          // rotate the order each run, so no target always follows the same neighbour
          for (let k = 0; k < targets.length; k++) {
            const t = targets[(k + run) % targets.length]!;
            const f = await runOne(t, sc, connections, DURATION, 100 + run);
            const key = `${sc}|${connections}|${t}`;
            figures.set(key, [...(figures.get(key) ?? []), f]);
            log(
              `run ${run + 1} (${sc}) c=${connections} ${t}: ${f.rps.toFixed(0)} req/s p50 ${f.p50.toFixed(2)} ms p99 ${f.p99.toFixed(2)} ms` +
                `${f.cpuMs ? ` cpu ${f.cpuMs.toFixed(2)} ms/req` : ''}` +
                `${f.hitShare != null ? ` cache hits ${(100 * f.hitShare).toFixed(1)}%` : ''} errors ${f.errors}`,
            );
          }
        }
      }
      load.push(os.loadavg());
    }

    await writer.end();

    const where = existing ? ` (existing schema "${existing}" of ${new URL(url).pathname.slice(1)})` : '';
    out.push(
      ...(out.length ? [''] : []),
      `Serving ${served.reports.toLocaleString('en')} reports${where}; each cell: req/s [range over the runs], p50 / p99 ms (median of ${RUNS} × ${DURATION} s).`,
      'Gongkai: the server as shipped (`gongkai serve`, `npm start`): the gateway over both subgraphs in',
      'process, for (a), (b) and (c). Subgraph alone: the subgraph that holds the fields, served alone',
      '(`gongkai serve --subgraph reports` for (a) and (b), `--subgraph analytics` for (c)). Old gateway',
      '(when loaded): the shipped server with every operation through @apollo/gateway (before issue 15).',
      'PostGraphile takes no part in (c) (–). HTTP floor: the floor statement served by plain node:http',
      '(no framework, no GraphQL). Apollo floor: the floor statement through one JSON field of an Apollo',
      "Server set up as Gongkai's. The floors build Gongkai's answer field for field from the read model",
      'Gongkai reads (report_grids for (a)), so each is a lower bound for the same answer. Gongkai runs',
      'every request (its response cache off); "cached" is the shipped server with the cache on, over a',
      `Zipf mix (s = ${ZIPF}) of the same parameters (1,000 agencies for (a), 300 pages for (b), one query`,
      `for (c)) with a commit notification every ${WRITE_EVERY_MS} ms (what a save sends: the cache is dropped).`,
      '',
    );
    const med = (fs: LoadFigure[]) => ({
      rps: median(fs.map((f) => f.rps)),
      rpsMin: Math.min(...fs.map((f) => f.rps)),
      rpsMax: Math.max(...fs.map((f) => f.rps)),
      p50: median(fs.map((f) => f.p50)),
      p99: median(fs.map((f) => f.p99)),
      errors: fs.reduce((s, f) => s + f.errors, 0),
      cpuMs: median(fs.map((f) => f.cpuMs ?? NaN)),
      cpuMin: Math.min(...fs.map((f) => f.cpuMs ?? NaN)),
      cpuMax: Math.max(...fs.map((f) => f.cpuMs ?? NaN)),
      hitShare: median(fs.map((f) => f.hitShare ?? NaN)),
    });
    type Med = ReturnType<typeof med>;
    const NONE = '–';
    const cell = (f: Med | undefined) =>
      f
        ? `${f.rps.toFixed(0)} [${f.rpsMin.toFixed(0)}–${f.rpsMax.toFixed(0)}], ${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}${f.errors ? ` (${f.errors} errors)` : ''}`
        : NONE;
    const ratio = (x: number | undefined, y: number | undefined) =>
      x != null && y != null && Number.isFinite(x / y) ? (x / y).toFixed(2) : NONE;
    const SHOWN: Array<[Target, string]> = [
      ['gongkai', 'Gongkai (as shipped)'],
      ['subgraph', 'subgraph alone'],
      ['oldGateway', 'old gateway'],
      ['postgraphile', 'PostGraphile'],
      ['apolloFloor', 'Apollo floor'],
      ['httpFloor', 'HTTP floor'],
      ['floor', 'floor (SQL)'],
      ['cached', 'cached'],
    ];
    const shown = SHOWN.filter(([t]) => LOADED.has(t));
    out.push(
      `| scenario | conns | ${shown.map(([, n]) => n).join(' | ')} | Gongkai / subgraph req/s | Gongkai / PostGraphile req/s | Gongkai / floor p50 | Apollo floor / floor p50 | cache hits |`,
      `| --- | ---: | ${shown.map(() => '---:').join(' | ')} | ---: | ---: | ---: | ---: | ---: |`,
    );
    const cpuRows: string[] = [];
    const cpuShown = shown.filter(([t]) => t !== 'floor');
    for (const sc of SCENARIOS) {
      for (const connections of CONNECTIONS) {
        const fig = (t: Target) =>
          TARGETS[sc].includes(t) ? med(figures.get(`${sc}|${connections}|${t}`)!) : undefined;
        const g = fig('gongkai');
        const f = fig('floor');
        out.push(
          `| (${sc}) | ${connections} | ${shown.map(([t]) => cell(fig(t))).join(' | ')} | ${ratio(g?.rps, fig('subgraph')?.rps)} | ${ratio(g?.rps, fig('postgraphile')?.rps)} | ${ratio(g?.p50, f?.p50)} | ${ratio(fig('apolloFloor')?.p50, f?.p50)} | ${fig('cached') ? `${(100 * fig('cached')!.hitShare).toFixed(1)}%` : NONE} |`,
        );
        cpuRows.push(
          `| (${sc}) | ${connections} | ${cpuShown
            .map(([t]) => {
              const x = fig(t);
              return x ? `${x.cpuMs.toFixed(2)} [${x.cpuMin.toFixed(2)}–${x.cpuMax.toFixed(2)}]` : NONE;
            })
            .join(
              ' | ',
            )} | ${ratio(g?.cpuMs, fig('subgraph')?.cpuMs)} | ${ratio(g?.cpuMs, fig('apolloFloor')?.cpuMs)} |`,
        );
      }
    }
    out.push(
      '',
      `| server CPU, ms per request [range] | conns | ${cpuShown.map(([, n]) => n).join(' | ')} | Gongkai / subgraph | Gongkai / Apollo floor |`,
      `| --- | ---: | ${cpuShown.map(() => '---:').join(' | ')} | ---: | ---: |`,
    );
    out.push(...cpuRows);
    const stmts = (name: string) => SCENARIOS.map((sc) => perRequest[`${name}/${sc}`] ?? NONE).join(' | ');
    out.push(
      '',
      `| SQL statements per request (20 sequential requests) | ${SCENARIOS.map((sc) => SCENARIO_NAMES[sc]).join(' | ')} |`,
      `| --- | ${SCENARIOS.map(() => '---:').join(' | ')} |`,
    );
    for (const [t, n] of shown) {
      if (t === 'floor') out.push(`| ${n} | ${SCENARIOS.map(() => '1').join(' | ')} |`);
      else out.push(`| ${n}${t === 'cached' ? ' (the 20 are hits for (c))' : ''} | ${stmts(t)} |`);
    }
    out.push(
      '',
      `Floor statements' Postgres execution time (EXPLAIN ANALYZE, median of 20): ${explainedText}.`,
    );
    out.push(
      '',
      `load average (1/5/15 min) at start, ${existing ? '' : 'after each ingest size '}and after each load run: ${load.map((l) => l.map((x) => x.toFixed(2)).join('/')).join(', ')}`,
    );
    console.log(out.join('\n'));
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
    await Promise.all(
      children.map((c) => (c.exitCode == null ? new Promise((r) => c.once('exit', r)) : null)),
    );
    if (existing) {
      // the one thing created in an existing database
      if (pglSchema) await withClient(url, (c) => c.query(`DROP SCHEMA IF EXISTS "${pglSchema}" CASCADE`));
    } else {
      await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** A GraphQL answer's text, as a client gets it. */
async function answerText(url: string, query: string, variables: Record<string, unknown>): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return res.text();
}

/**
 * The answers agree, or the comparison would be meaningless. On several agencies and pages: the
 * shipped server's answer is, field for field, the floor's JSON (which the HTTP and Apollo floors
 * serve: checkFloors); the subgraph alone and the old gateway answer the same text; PostGraphile
 * the same years, 新收 totals, ids and agency names (in its own shape).
 */
async function checkEquivalence(
  url: string,
  schema: string,
  urls: { gongkai: string; alone: Record<Scenario, string>; old?: string; postgraphile: string },
  agencies: number[],
  pages: number[],
  pglCursor: Map<number, string>,
): Promise<void> {
  const { gongkai: gkUrl, postgraphile: pglUrl } = urls;
  const sameText = async (query: string, variables: Record<string, unknown>, sc: Scenario, what: string) => {
    const shipped = await answerText(gkUrl, query, variables);
    for (const [name, other] of [
      ['subgraph alone', urls.alone[sc]],
      ['old gateway', urls.old],
    ] as const) {
      if (other && (await answerText(other, query, variables)) !== shipped)
        throw new Error(`(${sc}) ${what}: the ${name} answers otherwise than the shipped server`);
    }
  };
  const floorJson = <T>(sql: string, p: number) =>
    withClient(url, async (c) => {
      await c.query(`SET search_path = "${schema}"`);
      return JSON.parse((await c.query<{ json: string }>(sql, [p])).rows[0]!.json) as T;
    });
  /** The first path at which two JSON values differ (for the error message). */
  const firstDifference = (x: unknown, y: unknown, at = ''): string | undefined => {
    if (isDeepStrictEqual(x, y)) return undefined;
    if (x && y && typeof x === 'object' && typeof y === 'object') {
      for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
        const d = firstDifference(
          (x as Record<string, unknown>)[k],
          (y as Record<string, unknown>)[k],
          `${at}.${k}`,
        );
        if (d) return d;
      }
    }
    return `${at}: ${JSON.stringify(x)?.slice(0, 120)} vs ${JSON.stringify(y)?.slice(0, 120)}`;
  };
  type PA = {
    agencyByRowId: {
      name: string;
      reportsByAgencyId: {
        nodes: {
          year: number;
          reportRowsByReportId: { nodes: { rowCode: string; values: Record<string, number> }[] };
        }[];
      };
    };
  };
  type GA = {
    agency: {
      name: string;
      reports: { year: number; applications: { newReceived: { total: number } | null } | null }[];
    };
  };
  let leaves = 0;
  const countLeaves = (v: unknown): number =>
    v && typeof v === 'object' ? Object.values(v).reduce<number>((n, x) => n + countLeaves(x), 0) : 1;
  for (const agencyId of agencies) {
    const g = (await gql(gkUrl, GONGKAI_A, { id: String(agencyId) })) as GA;
    const f = await floorJson<unknown>(FLOOR_A, agencyId);
    const d = firstDifference(g.agency, f);
    if (d) throw new Error(`(a) agency ${agencyId}: Gongkai and the floor differ at ${d}`);
    leaves += countLeaves(g.agency);
    await sameText(GONGKAI_A, { id: String(agencyId) }, 'a', `agency ${agencyId}`);
    const p = (await gql(pglUrl, PGL_A, { id: agencyId })) as PA;
    const gk = g.agency.reports
      .map((r) => `${r.year}:${r.applications?.newReceived?.total ?? null}`)
      .join(' ');
    const pgv = [...p.agencyByRowId.reportsByAgencyId.nodes]
      .reverse()
      .map(
        (r) =>
          `${r.year}:${r.reportRowsByReportId.nodes.find((x) => x.rowCode === 'newReceived')?.values.total ?? null}`,
      )
      .join(' ');
    if (gk !== pgv || g.agency.name !== p.agencyByRowId.name)
      throw new Error(
        `(a) agency ${agencyId}: PostGraphile differs:\n  gongkai ${gk}\n  postgraphile ${pgv}`,
      );
  }
  type GB = { reports: { nodes: { id: string; agency: { name: string } }[] } };
  type PB = { allReports: { nodes: { rowId: number; agencyByAgencyId: { name: string } }[] } };
  for (const afterId of pages) {
    const variables = { after: encodeCursor(afterId) };
    const gb = (await gql(gkUrl, GONGKAI_B, variables)) as GB;
    const fb = await floorJson<unknown>(FLOOR_B, afterId);
    const d = firstDifference(gb.reports, fb);
    if (d || gb.reports.nodes.length !== 50)
      throw new Error(`(b) page after ${afterId}: Gongkai and the floor differ at ${d}`);
    leaves += countLeaves(gb.reports);
    await sameText(GONGKAI_B, variables, 'b', `page after ${afterId}`);
    const pb = (await gql(pglUrl, PGL_B, { after: pglCursor.get(afterId) })) as PB;
    const a = gb.reports.nodes.map((n) => `${n.id}:${n.agency.name}`).join(' ');
    const b = pb.allReports.nodes.map((n) => `${Number(n.rowId)}:${n.agencyByAgencyId.name}`).join(' ');
    if (a !== b) throw new Error(`(b) page after ${afterId}: PostGraphile differs`);
  }
  log(
    `answers agree, field for field (${leaves} leaves): Gongkai = the floor on ${agencies.length} agency pages and ${pages.length} list pages; the subgraph alone${urls.old ? ' and the old gateway' : ''} answer the same text; PostGraphile the same years, totals, ids and names`,
  );
  await sameText(GATEWAY_C, {}, 'c', 'the aggregate');
  await checkEquivalenceC(url, schema, gkUrl);
}

/**
 * For one parameter of each scenario, the HTTP floor answers exactly the JSON text the floor's
 * statement returns, and the Apollo floor the same JSON value (the floor's answers are checked
 * against Gongkai's above).
 */
async function checkFloors(
  url: string,
  schema: string,
  urls: { http: string; apollo: string },
  param: { a: number; b: number },
): Promise<void> {
  const sizes: string[] = [];
  await withClient(url, async (c) => {
    await c.query(`SET search_path = "${schema}"`);
    const cases: Array<[Scenario, string, number | undefined]> = [
      ['a', FLOOR_A, param.a],
      ['b', FLOOR_B, param.b],
      ['c', FLOOR_C, undefined],
    ];
    for (const [sc, sql, p] of cases) {
      const direct = (await c.query<{ json: string }>(sql, p == null ? [] : [p])).rows[0]!.json;
      const res = await fetch(urls.http, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(p == null ? { scenario: sc } : { scenario: sc, param: p }),
      });
      const text = await res.text();
      if (res.status !== 200 || res.headers.get('content-type') !== 'application/json' || text !== direct)
        throw new Error(
          `(${sc}) HTTP floor differs from the floor${p == null ? '' : ` for ${p}`}: ${res.status} ${text.slice(0, 200)}`,
        );
      // The Apollo floor's field is the same JSON value (re-serialised, so compared as values).
      const viaApollo = (await gql(urls.apollo, APOLLO_FLOOR, { scenario: sc, param: p })).floor;
      if (!isDeepStrictEqual(viaApollo, JSON.parse(direct)))
        throw new Error(`(${sc}) Apollo floor differs from the floor${p == null ? '' : ` for ${p}`}`);
      sizes.push(`(${sc}) ${text.length} chars`);
    }
  });
  log(`answers agree: HTTP floor = Apollo floor = floor, ${sizes.join(', ')}`);
}

/**
 * (c): the gateway's and the floor's breakdowns are the same rows (year, province, reports, sums,
 * each reason's count and shares, to 10 significant digits), and one figure (Σ stateSecret of
 * the latest year over all provinces) also matches report_facts summed directly.
 */
async function checkEquivalenceC(url: string, schema: string, gwUrl: string): Promise<void> {
  type Row = {
    year: number;
    groupCode: string;
    groupName: string;
    reports: number;
    totalProcessed: number | null;
    refused: number | null;
    reasons: {
      reason: string;
      label: string;
      count: number | null;
      shareOfRefusals: number | null;
      shareOfProcessed: number | null;
    }[];
  };
  const g = ((await gql(gwUrl, GATEWAY_C, {})) as { refusedBreakdown: Row[] }).refusedBreakdown;
  const { f, direct } = await withClient(url, async (c) => {
    await c.query(`SET search_path = "${schema}"`);
    const f = JSON.parse((await c.query<{ json: string }>(FLOOR_C)).rows[0]!.json) as Row[];
    const year = Math.max(...f.map((r) => r.year));
    const d = await c.query<{ reports: string; secret: number | null }>(
      'SELECT count(*) AS reports, sum(refused_state_secret) AS secret FROM report_facts WHERE year = $1',
      [year],
    );
    return { f, direct: { year, reports: Number(d.rows[0]!.reports), secret: d.rows[0]!.secret } };
  });
  const n = (x: number | null) => (x == null ? 'null' : String(Number(x.toPrecision(10))));
  const line = (r: Row) =>
    [
      r.year,
      r.groupCode,
      r.groupName,
      r.reports,
      n(r.totalProcessed),
      n(r.refused),
      ...r.reasons.map(
        (x) => `${x.reason}/${x.label}/${n(x.count)}/${n(x.shareOfRefusals)}/${n(x.shareOfProcessed)}`,
      ),
    ].join(' ');
  const gl = g.map(line);
  const fl = f.map(line);
  const differ = gl.findIndex((l, i) => l !== fl[i]);
  if (gl.length !== fl.length || differ >= 0)
    throw new Error(
      `(c) answers differ: ${gl.length} vs ${fl.length} rows; first difference:\n  gateway ${gl[differ]}\n  floor ${fl[differ]}`,
    );
  // one figure, summed over all provinces of one year, three ways
  const ofYear = (rows: Row[]) => rows.filter((r) => r.year === direct.year);
  const secret = (rows: Row[]) =>
    n(ofYear(rows).reduce((s, r) => s + (r.reasons.find((x) => x.reason === 'STATE_SECRET')?.count ?? 0), 0));
  const reports = (rows: Row[]) => ofYear(rows).reduce((s, r) => s + r.reports, 0);
  const figures = [
    `${reports(g)}:${secret(g)}`,
    `${reports(f)}:${secret(f)}`,
    `${direct.reports}:${n(direct.secret ?? 0)}`,
  ];
  if (new Set(figures).size !== 1 || g.length === 0)
    throw new Error(
      `(c) ${direct.year} reports:Σ stateSecret differ: gateway ${figures[0]}, floor ${figures[1]}, report_facts ${figures[2]}`,
    );
  log(
    `answers agree: (c) ${g.length} rows (year × province); ${direct.year}: ${direct.reports} reports, Σ stateSecret ${figures[0]!.split(':')[1]}`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

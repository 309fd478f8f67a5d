/**
 * `npm run bench`: the national-scale run. Builds synthetic corpora (src/synth), measures parse
 * throughput (one core) and ingest throughput + peak RSS (each ingest in a child process) for
 * every size, then serves the largest database three ways and loads each side by side:
 * Gongkai (child process), PostGraphile 5 (child process, views of bench/national/pgl-schema.ts)
 * and the floor (one hand-written SQL statement over pg, child process), with autocannon in this
 * process. Every figure is the median of --runs runs; prints one table (text and markdown).
 *
 * Options: --reports 10000,100000  --runs 3  --connections 1,10,50  --duration 10 (s per load run)
 *          --concurrency 8 (ingest)  --parse-sample 2000  --profile DIR (--cpu-prof the servers)
 * Database: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); a database
 * gongkai_bench_<pid> is created on that server and dropped at the end. Corpora: os.tmpdir().
 */
import autocannon from 'autocannon';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { synthesize } from '../../src/synth/corpus';
import { pglSchemaSql } from './pgl-schema';
import { FLOOR_A, FLOOR_B, GONGKAI_A, GONGKAI_B, PGL_A, PGL_B, PGL_CURSOR, YEARS } from './queries';
import { ask, median, nextMessage, rng, startChild } from './util';

const { values: opts } = parseArgs({
  options: {
    reports: { type: 'string', default: '10000,100000' },
    runs: { type: 'string', default: '3' },
    connections: { type: 'string', default: '1,10,50' },
    duration: { type: 'string', default: '10' },
    concurrency: { type: 'string', default: '8' },
    'ingest-runs': { type: 'string' },
    'parse-sample': { type: 'string', default: '2000' },
    profile: { type: 'string' },
  },
});
const SIZES = opts.reports.split(',').map(Number);
const RUNS = Number(opts.runs);
// ingest runs per size (a list matching --reports, or one number); default --runs
const INGEST_RUNS = (opts['ingest-runs'] ?? opts.runs).split(',').map(Number);
const ingestRuns = (i: number) => INGEST_RUNS[Math.min(i, INGEST_RUNS.length - 1)]!;
const CONNECTIONS = opts.connections.split(',').map(Number);
const DURATION = Number(opts.duration);
// Gongkai's cursor (src/schema/types/pagination.ts), restated: importing it would load type-graphql.
const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');
const log = (s: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${s}`);

type Target = 'gongkai' | 'postgraphile' | 'floor';
type Scenario = 'a' | 'b';
interface ParseFigure {
  type: string;
  reports: number;
  mb: number;
  reportsPerSecond: number;
  mbPerSecond: number;
}
interface LoadFigure {
  /** CPU time of the server process per request (ms); not measured for the floor. */
  cpuMs?: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
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

/** autocannon against one GraphQL endpoint; latency from each response (ms, not rounded). */
async function cannon(
  url: string,
  connections: number,
  seconds: number,
  body: (pick: () => number) => string,
  params: number[],
  seed: number,
): Promise<LoadFigure> {
  const next = rng(seed);
  const pick = () => params[Math.floor(next() * params.length)]!;
  const latencies: number[] = [];
  let errors = 0;
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    requests: [{ setupRequest: (req) => ({ ...req, body: body(pick) }) }],
  });
  instance.on('response', (_client, status: number, _bytes: number, ms: number) => {
    if (status === 200) latencies.push(ms);
    else errors++;
  });
  const result = await instance;
  latencies.sort((a, b) => a - b);
  return {
    rps: latencies.length / seconds,
    p50: median(latencies),
    p99: latencies[Math.floor(latencies.length * 0.99)] ?? NaN,
    errors: errors + result.errors + result.timeouts,
  };
}

async function main(): Promise<void> {
  const adminUrl = process.env.BENCH_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const dbName = `gongkai_bench_${process.pid}`;
  const url = withDatabase(adminUrl, dbName);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  const children: Array<ReturnType<typeof startChild>> = [];
  await withClient(adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const out: string[] = [];
  const load = [os.loadavg()];
  try {
    // ---- corpora, parse, ingest ----
    const ingestRows: string[] = [];
    let parseFigure:
      { reports: number; mb: number; reportsPerSecond: number; mbPerSecond: number } | undefined;
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
        const child = startChild('parse-worker.ts', [
          corpus,
          opts['parse-sample'],
          String(Math.max(RUNS, 3)),
        ]);
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
        const child = startChild('ingest-worker.ts', [url, schema, corpus, opts.concurrency]);
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
        `| ingest ${syn.reports.toLocaleString('en')} reports (${(syn.bytes / 2 ** 20).toFixed(0)} MiB), concurrency ${opts.concurrency} | ` +
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

    // ---- serving ----
    const { schema } = served;
    const pglSchema = `${schema}_pgl`;
    await withClient(url, async (c) => {
      await c.query(`VACUUM ANALYZE "${schema}".agencies, "${schema}".reports, "${schema}".report_rows`);
      for (const s of pglSchemaSql(schema, pglSchema)) await c.query(s);
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
    const gk = startChild('gongkai-server.ts', [url, schema], [], profile);
    const pgl = startChild('postgraphile-server.ts', [url, pglSchema], [shim], profile);
    const floor = startChild('floor-worker.ts', [url, schema]);
    children.push(gk, pgl, floor);
    const gkUrl = (await nextMessage<{ type: string; url: string }>(gk, 'ready')).url;
    const pglUrl = (await nextMessage<{ type: string; url: string }>(pgl, 'ready')).url;
    await nextMessage(floor, 'ready');

    const pglCursor = new Map<number, string>();
    for (const id of new Set(afterIds)) {
      const d = (await gql(pglUrl, PGL_CURSOR, { id })) as { allReports: { edges: { cursor: string }[] } };
      pglCursor.set(id, d.allReports.edges[0]!.cursor);
    }
    const bodies: Record<Target, Record<Scenario, (p: () => number) => string>> = {
      gongkai: {
        a: (p) => JSON.stringify({ query: GONGKAI_A, variables: { id: String(p()) } }),
        b: (p) => JSON.stringify({ query: GONGKAI_B, variables: { after: encodeCursor(p()) } }),
      },
      postgraphile: {
        a: (p) => JSON.stringify({ query: PGL_A, variables: { id: p() } }),
        b: (p) => JSON.stringify({ query: PGL_B, variables: { after: pglCursor.get(p()) } }),
      },
      floor: { a: () => '', b: () => '' },
    };
    const params: Record<Scenario, number[]> = { a: agencyIds, b: afterIds };
    await checkEquivalence(
      url,
      schema,
      gkUrl,
      pglUrl,
      agencyIds[0]!,
      afterIds[0]!,
      pglCursor.get(afterIds[0]!)!,
    );

    // statements per request: 20 sequential requests each, counted by the servers
    const perRequest: Record<string, string> = {};
    for (const [name, child, target] of [
      ['gongkai', gk, gkUrl],
      ['postgraphile', pgl, pglUrl],
    ] as const) {
      for (const sc of ['a', 'b'] as const) {
        await ask(child, { type: 'reset' });
        const p = rng(3);
        const pickP = () => params[sc][Math.floor(p() * params[sc].length)]!;
        for (let i = 0; i < 20; i++) {
          const res = await fetch(target, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: bodies[name][sc](pickP),
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
      const times = async (sql: string, ps: number[]) => {
        const ms: number[] = [];
        for (const p of ps.slice(0, 20)) {
          const plan = await c.query<{ 'QUERY PLAN': string }>(
            `EXPLAIN (ANALYZE, FORMAT TEXT) ${sql.replace(/\$1/g, String(p))}`,
          );
          const line = plan.rows.map((r) => r['QUERY PLAN']).find((l) => l.startsWith('Execution Time'));
          ms.push(Number(/([\d.]+) ms/.exec(line ?? '')?.[1]));
        }
        return median(ms);
      };
      return { a: await times(FLOOR_A, agencyIds), b: await times(FLOOR_B, afterIds) };
    });
    log(
      `floor statements, Postgres execution time (EXPLAIN ANALYZE, median): (a) ${explained.a.toFixed(2)} ms, (b) ${explained.b.toFixed(2)} ms`,
    );

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
          sql: sc === 'a' ? FLOOR_A : FLOOR_B,
          params: params[sc],
          connections,
          seconds,
          seed,
        });
      const server = t === 'gongkai' ? gk : pgl;
      type Count = { type: string; cpuMicros: number };
      const before = await ask<Count>(server, { type: 'count' });
      const f = await cannon(
        t === 'gongkai' ? gkUrl : pglUrl,
        connections,
        seconds,
        bodies[t][sc],
        params[sc],
        seed,
      );
      const after = await ask<Count>(server, { type: 'count' });
      return { ...f, cpuMs: (after.cpuMicros - before.cpuMicros) / 1000 / (f.rps * seconds + f.errors) };
    };
    log('warm-up');
    for (const sc of ['a', 'b'] as const)
      for (const t of ['gongkai', 'postgraphile', 'floor'] as const) await runOne(t, sc, 10, 3, 1);

    const figures = new Map<string, LoadFigure[]>();
    const targets: Target[] = ['gongkai', 'postgraphile', 'floor'];
    for (let run = 0; run < RUNS; run++) {
      for (const connections of CONNECTIONS) {
        for (const sc of ['a', 'b'] as const) {
          // rotate the order each run, so no target always follows the same neighbour
          for (let k = 0; k < targets.length; k++) {
            const t = targets[(k + run) % targets.length]!;
            const f = await runOne(t, sc, connections, DURATION, 100 + run);
            const key = `${sc}|${connections}|${t}`;
            figures.set(key, [...(figures.get(key) ?? []), f]);
            log(
              `run ${run + 1} (${sc}) c=${connections} ${t}: ${f.rps.toFixed(0)} req/s p50 ${f.p50.toFixed(2)} ms p99 ${f.p99.toFixed(2)} ms` +
                `${f.cpuMs ? ` cpu ${f.cpuMs.toFixed(2)} ms/req` : ''} errors ${f.errors}`,
            );
          }
        }
      }
      load.push(os.loadavg());
    }

    out.push(
      '',
      `Serving ${served.reports.toLocaleString('en')} reports; each cell: req/s, p50 / p99 ms (median of ${RUNS} × ${DURATION} s).`,
      '',
    );
    out.push(
      '| scenario | conns | Gongkai | PostGraphile | floor (SQL) | Gongkai/PostGraphile req/s | Gongkai/floor p50 | Gongkai/floor req/s |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    const med = (fs: LoadFigure[]) => ({
      rps: median(fs.map((f) => f.rps)),
      p50: median(fs.map((f) => f.p50)),
      p99: median(fs.map((f) => f.p99)),
      errors: fs.reduce((s, f) => s + f.errors, 0),
      cpuMs: median(fs.map((f) => f.cpuMs ?? NaN)),
    });
    const cpuRows: string[] = [];
    const cell = (f: LoadFigure) =>
      `${f.rps.toFixed(0)}, ${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}${f.errors ? ` (${f.errors} errors)` : ''}`;
    for (const sc of ['a', 'b'] as const) {
      for (const connections of CONNECTIONS) {
        const [g, p, f] = targets.map((t) => med(figures.get(`${sc}|${connections}|${t}`)!)) as [
          LoadFigure,
          LoadFigure,
          LoadFigure,
        ];
        out.push(
          `| (${sc}) | ${connections} | ${cell(g)} | ${cell(p)} | ${cell(f)} | ${(g.rps / p.rps).toFixed(2)} | ${(g.p50 / f.p50).toFixed(2)} | ${(g.rps / f.rps).toFixed(2)} |`,
        );
        cpuRows.push(`| (${sc}) | ${connections} | ${g.cpuMs?.toFixed(2)} | ${p.cpuMs?.toFixed(2)} |`);
      }
    }
    out.push(
      '',
      '| server CPU, ms per request | conns | Gongkai | PostGraphile |',
      '| --- | ---: | ---: | ---: |',
    );
    out.push(...cpuRows);
    out.push('', '| SQL statements per request | (a) agency page | (b) list page |', '| --- | ---: | ---: |');
    out.push(`| Gongkai | ${perRequest['gongkai/a']} | ${perRequest['gongkai/b']} |`);
    out.push(`| PostGraphile | ${perRequest['postgraphile/a']} | ${perRequest['postgraphile/b']} |`);
    out.push('| floor | 1 | 1 |');
    out.push(
      '',
      `Floor statements' Postgres execution time (EXPLAIN ANALYZE, median of 20): (a) ${explained.a.toFixed(2)} ms, (b) ${explained.b.toFixed(2)} ms.`,
    );
    out.push('', '(c) analyst cross-year aggregate: not measured (see BENCHMARKS.md).');
    out.push(
      '',
      `load average (1/5/15 min) at start, after each ingest size and each load run: ${load.map((l) => l.map((x) => x.toFixed(2)).join('/')).join(', ')}`,
    );
    console.log(out.join('\n'));
  } finally {
    for (const c of children) if (c.connected) c.disconnect();
    await Promise.all(
      children.map((c) => (c.exitCode == null ? new Promise((r) => c.once('exit', r)) : null)),
    );
    await withClient(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The three answers agree on the figures that matter, or the comparison would be meaningless. */
async function checkEquivalence(
  url: string,
  schema: string,
  gkUrl: string,
  pglUrl: string,
  agencyId: number,
  afterId: number,
  pglCursor: string,
): Promise<void> {
  type GA = {
    agency: {
      name: string;
      reports: { year: number; applications: { newReceived: { total: number } | null } | null }[];
    };
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
  type FA = {
    name: string;
    reports: { year: number; applications: { rowCode: string; values: Record<string, number> }[] | null }[];
  };
  const g = (await gql(gkUrl, GONGKAI_A, { id: String(agencyId) })) as GA;
  const p = (await gql(pglUrl, PGL_A, { id: agencyId })) as PA;
  const f = await withClient(url, async (c) => {
    await c.query(`SET search_path = "${schema}"`);
    return JSON.parse((await c.query<{ json: string }>(FLOOR_A, [agencyId])).rows[0]!.json) as FA;
  });
  const gk = g.agency.reports.map((r) => `${r.year}:${r.applications?.newReceived?.total ?? null}`).join(' ');
  const pgv = [...p.agencyByRowId.reportsByAgencyId.nodes]
    .reverse()
    .map(
      (r) =>
        `${r.year}:${r.reportRowsByReportId.nodes.find((x) => x.rowCode === 'newReceived')?.values.total ?? null}`,
    )
    .join(' ');
  const fl = f.reports
    .map((r) => `${r.year}:${r.applications?.find((x) => x.rowCode === 'newReceived')?.values.total ?? null}`)
    .join(' ');
  if (gk !== pgv || gk !== fl || g.agency.name !== p.agencyByRowId.name || g.agency.name !== f.name)
    throw new Error(
      `(a) answers differ for agency ${agencyId}:\n  gongkai ${gk}\n  postgraphile ${pgv}\n  floor ${fl}`,
    );
  type GB = { reports: { nodes: { id: string; agency: { name: string } }[] } };
  type PB = { allReports: { nodes: { rowId: number; agencyByAgencyId: { name: string } }[] } };
  const gb = (await gql(gkUrl, GONGKAI_B, { after: encodeCursor(afterId) })) as GB;
  const pb = (await gql(pglUrl, PGL_B, { after: pglCursor })) as PB;
  const fb = await withClient(url, async (c) => {
    await c.query(`SET search_path = "${schema}"`);
    return JSON.parse((await c.query<{ json: string }>(FLOOR_B, [afterId])).rows[0]!.json) as {
      id: number;
      agency: { name: string };
    }[];
  });
  const a = gb.reports.nodes.map((n) => `${n.id}:${n.agency.name}`).join(' ');
  const b = pb.allReports.nodes.map((n) => `${n.rowId}:${n.agencyByAgencyId.name}`).join(' ');
  const c = fb.map((n) => `${n.id}:${n.agency.name}`).join(' ');
  if (a !== b || a !== c || gb.reports.nodes.length !== 50)
    throw new Error(`(b) answers differ after report ${afterId}`);
  log(`answers agree: agency ${agencyId} → ${gk}; page after ${afterId} → 50 reports`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

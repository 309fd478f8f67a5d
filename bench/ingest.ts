/**
 * Ingest throughput end to end (read file → parse → manifest → batches of reports, one transaction each) into
 * Postgres: a corpus made by repeating the five seeds under distinct agencies and years, written
 * to a temporary folder with a manifest, ingested with `ingestFiles` as `gongkai ingest` does.
 * Prints reports/s (median of the runs) and the peak RSS of this process.
 *
 * Database: BENCH_DATABASE_URL, else DATABASE_URL, else an embedded Postgres; a schema of its
 * own is created and dropped.
 * Run: npm run bench:ingest -- [--reports N] [--runs N] [--concurrency N] [--batch-size N]
 * (defaults: those of `gongkai ingest`)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openDataSource } from '../src/db/data-source';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { migrateUp } from '../src/db/migrate';
import { DEFAULT_BATCH_SIZE, DEFAULT_CONCURRENCY, ingestFiles } from '../src/ingest/batch';
import { readManifest } from '../src/ingest/manifest';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '2000' },
    runs: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: String(DEFAULT_CONCURRENCY) },
    'batch-size': { type: 'string', default: String(DEFAULT_BATCH_SIZE) },
  },
});
const REPORTS = Number(values.reports);
const RUNS = Number(values.runs);
const CONCURRENCY = Number(values.concurrency);
const BATCH_SIZE = Number(values['batch-size']);

const SEEDS = path.join(__dirname, '..', 'samples');
const seedManifest = [...readManifest(path.join(SEEDS, 'manifest.jsonl')).entries()];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** N report files: seed i mod 5, agency "<name> 第k号", year 2019 + (k mod 7). */
function buildCorpus(dir: string, n: number): { files: string[]; bytes: number } {
  const lines: string[] = [];
  const files: string[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const [src, entry] = seedManifest[i % seedManifest.length]!;
    const k = Math.floor(i / seedManifest.length);
    const file = path.join(dir, `r${i}${path.extname(src)}`);
    fs.copyFileSync(src, file);
    bytes += fs.statSync(file).size;
    files.push(file);
    lines.push(
      JSON.stringify({
        ...entry,
        file: path.basename(file),
        agency: `${entry.agency ?? 'agency'} 第${Math.floor(k / 7)}号`,
        year: 2019 + (k % 7),
      }),
    );
  }
  fs.writeFileSync(path.join(dir, 'manifest.jsonl'), `${lines.join('\n')}\n`);
  return { files, bytes };
}

async function main(): Promise<void> {
  let url = process.env.BENCH_DATABASE_URL || process.env.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-'));
  if (!url) {
    const pg = await startEmbeddedPostgres({
      dataDir: path.join(tmp, 'pg'),
      port: 55000 + (process.pid % 5000),
      ephemeral: true,
    });
    url = pg.url;
    stop = pg.stop;
  }
  const corpusDir = path.join(tmp, 'corpus');
  fs.mkdirSync(corpusDir);
  const { files, bytes } = buildCorpus(corpusDir, REPORTS);
  const manifest = readManifest(path.join(corpusDir, 'manifest.jsonl'));

  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 50);

  const rates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const schema = `bench_${process.pid}_${run}`;
    const ds = await openDataSource({ url, schema, poolSize: CONCURRENCY + 2 });
    await migrateUp(ds);
    const summary = await ingestFiles(ds, files, {
      manifest,
      concurrency: CONCURRENCY,
      batchSize: BATCH_SIZE,
    });
    if (summary.counts.failed)
      throw new Error(`${summary.counts.failed} failed: ${summary.failures[0]?.error}`);
    rates.push(files.length / summary.seconds);
    console.log(
      `run ${run + 1}: ${files.length} reports in ${summary.seconds.toFixed(2)} s = ${(files.length / summary.seconds).toFixed(0)} reports/s`,
    );
    await ds.query(`DROP SCHEMA "${schema}" CASCADE`);
    await ds.destroy();
  }
  clearInterval(sampler);
  console.log(
    `\ningest ${REPORTS} reports (${(bytes / 1e6).toFixed(1)} MB), concurrency ${CONCURRENCY}, batches of ${BATCH_SIZE}: ` +
      `${median(rates).toFixed(0)} reports/s (median of ${RUNS}), peak RSS ${(peakRss / 2 ** 20).toFixed(0)} MiB`,
  );
  await stop?.();
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

/**
 * Profile one ingest run: the ingest worker with --cpu-prof over a corpus, into a fresh schema
 * (dropped afterwards). Prints the worker's figures and its CPU time per report, so that Node's
 * share of an ingest can be told from Postgres' (compare with Postgres' own CPU time).
 * Run: node -r @swc-node/register bench/national/profile-ingest.ts <url> <corpusDir> [outDir|-]
 */
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { nextMessage, startChild } from './util';

async function main(): Promise<void> {
  const [url, corpus, outDir] = process.argv.slice(2) as [string, string, string?];
  const dir = path.resolve(outDir ?? path.join(os.tmpdir(), 'gongkai-ingest-prof'));
  const schema = `prof_${process.pid}`;
  const flags = outDir === '-' ? [] : ['--cpu-prof', `--cpu-prof-dir=${dir}`];
  const child = startChild('ingest-worker.ts', [url, schema, corpus, '8'], [], flags);
  const r = await nextMessage<{
    type: string;
    reports: number;
    seconds: number;
    cpuSeconds: number;
    peakRssMiB: number;
    statementsPerReport: number;
  }>(child, 'done');
  await new Promise((resolve) => child.once('exit', resolve));
  console.log(
    `${r.reports} reports in ${r.seconds.toFixed(1)} s = ${(r.reports / r.seconds).toFixed(0)} reports/s; ` +
      `ingest process CPU ${((1000 * r.cpuSeconds) / r.reports).toFixed(2)} ms/report; peak RSS ${r.peakRssMiB.toFixed(0)} MiB; ${r.statementsPerReport.toFixed(1)} statements/report` +
      `${flags.length ? `; profile in ${dir}` : ''}`,
  );
  const c = new pg.Client(url);
  await c.connect();
  await c.query(`DROP SCHEMA "${schema}" CASCADE`);
  await c.end();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

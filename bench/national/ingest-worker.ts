/**
 * One ingest run in a process of its own, so that its peak RSS is the ingest's alone: migrate a
 * fresh schema, then `ingestFiles` over the corpus manifest exactly as `gongkai ingest` does.
 * Args: <url> <schema> <corpusDir> <concurrency> <batchSize>. Sends {type:'done', ...} to the parent.
 */
import path from 'node:path';
import { type Logger } from 'typeorm';
import { openDataSource } from '../../src/db/data-source';
import { migrateUp } from '../../src/db/migrate';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { childMain, send } from './util';

/** Counts statements per report (transaction control included: each is a round trip). */
class CountingLogger implements Logger {
  statements = 0;
  logQuery(): void {
    this.statements++;
  }
  logQueryError(): void {}
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(): void {}
}

childMain(async () => {
  const [url, schema, corpus, concurrency, batchSize] = process.argv.slice(2) as [
    string,
    string,
    string,
    string,
    string,
  ];
  const n = Number(concurrency);
  const ds = await openDataSource({ url, schema, poolSize: n + 2 });
  await migrateUp(ds);
  const logger = new CountingLogger();
  // attached after the migrations, so that only the ingest's statements are counted
  ds.logger = logger;
  // What the RSS is made of: V8 heap in use vs buffers outside it, sampled every second.
  const peak = { heapUsed: 0, heapTotal: 0, external: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapUsed = Math.max(peak.heapUsed, m.heapUsed);
    peak.heapTotal = Math.max(peak.heapTotal, m.heapTotal);
    peak.external = Math.max(peak.external, m.external);
  }, 1000);
  const started = process.hrtime.bigint();
  const manifest = readManifest(path.join(corpus, 'manifest.jsonl'));
  const files = [...manifest.keys()];
  const summary = await ingestFiles(ds, files, { manifest, concurrency: n, batchSize: Number(batchSize) });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const firstError = summary.failures[0]?.error;
  clearInterval(sampler);
  await ds.destroy();
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  console.error(
    `[ingest-worker] peak heap used ${mib(peak.heapUsed)}, heap total ${mib(peak.heapTotal)}, external ${mib(peak.external)}`,
  );
  send({
    type: 'done',
    reports: files.length,
    failed: summary.counts.failed,
    firstError,
    seconds,
    statementsPerReport: logger.statements / files.length,
    cpuSeconds: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
    // maxRSS is in KiB and covers the whole life of the process.
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    peakHeapUsedMiB: peak.heapUsed / 2 ** 20,
    peakHeapTotalMiB: peak.heapTotal / 2 ** 20,
    peakExternalMiB: peak.external / 2 ** 20,
  });
  process.exit(0);
});

import path from 'node:path';
import v8 from 'node:v8';
import { parseArgs } from 'node:util';
import { SingleBar } from 'cli-progress';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/bootstrap';
import {
  type BatchSummary,
  DEFAULT_BATCH_SIZE,
  DEFAULT_CONCURRENCY,
  ingestFiles,
  type Progress,
  type SkippedFile,
  walkInputs,
} from '../../ingest/batch';
import { type ManifestEntry, readManifestLines } from '../../ingest/manifest';
import { runReparse } from '../../ingest/reparse';
import { type CliCommand, UsageError } from '../command';
import { formatSeconds, RateEstimator } from '../eta';
import { runQueuedIngest } from './ingest-queue';

function progressReporter(total: number): { update(p: Progress): void; stop(): void } {
  if (process.stderr.isTTY) {
    const bar = new SingleBar(
      {
        format:
          'ingest [{bar}] {value}/{total} files | {rate} reports/s | {issues} issues | {failed} failed | ETA {left}',
        stream: process.stderr,
        hideCursor: true,
      },
      undefined,
    );
    // cli-progress's own ETA follows the last few updates, which come in bursts (a batch commits)
    // and gaps: it jumped between 0 s and minutes. A smoothed rate (eta.ts) steadies it.
    const started = performance.now();
    const estimator = new RateEstimator();
    bar.start(total, 0, { rate: '0.0', issues: 0, failed: 0, left: formatSeconds(undefined) });
    return {
      update(p) {
        const elapsed = (performance.now() - started) / 1000;
        estimator.sample(p.done, elapsed);
        // Until a first interval is over, the run's average rate.
        const rate = (estimator.rate() ?? p.done / Math.max(elapsed, 0.001)).toFixed(1);
        const left = formatSeconds(estimator.secondsLeft(p.total));
        bar.update(p.done, { rate, issues: p.issues, failed: p.failed, left });
      },
      stop: () => bar.stop(),
    };
  }
  // Not a terminal (CI, logs): a plain line per file.
  return {
    update(p) {
      const what = p.last.status === 'failed' ? `failed: ${p.last.error}` : p.last.status;
      console.error(`[${p.done}/${p.total}] ${path.basename(p.last.file)}: ${what}`);
    },
    stop: () => undefined,
  };
}

function printSummary(s: BatchSummary, skipped: readonly SkippedFile[]): void {
  const rate = (s.files / Math.max(s.seconds, 0.001)).toFixed(1);
  console.log(
    `\n${s.files} file(s) in ${s.seconds.toFixed(1)} s (${rate}/s): ` +
      `${s.counts.loaded} loaded, ${s.counts.unchanged} unchanged, ${s.counts.replaced} replaced, ` +
      `${s.counts.failed} failed, ${skipped.length} skipped; ${s.issues} validation issue(s) recorded`,
  );
  // What the run cost in memory, and the heap limit it ran under (bin/gongkai.js sets one).
  const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
  console.log(
    `peak memory ${mib(process.resourceUsage().maxRSS * 1024)} MiB ` +
      `(V8 heap limit ${mib(v8.getHeapStatistics().heap_size_limit)} MiB)`,
  );
  for (const o of s.failures) {
    console.log(`  failed ${o.file}: ${o.error}`);
  }
  for (const k of skipped) {
    console.log(`  skipped ${k.file}: ${k.reason}`);
  }
}

function wholeNumber(text: string | undefined, fallback: number, name: string, max: number): number {
  const n = text == null ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UsageError(`--${name} must be a whole number from 1 to ${max}`);
  }
  return n;
}

export const ingestCommand: CliCommand = {
  name: 'ingest',
  summary: 'Parse and load report files (PDF, Word .docx, HTML, markdown or text) into the database',
  usage: `gongkai ingest <files or folders…> [--manifest file.jsonl|file.csv] [--root DIR]
                      [--batch-size n (default ${DEFAULT_BATCH_SIZE})] [--concurrency n (default ${DEFAULT_CONCURRENCY})]

  Reports are saved in batches of --batch-size, one transaction each, --concurrency batches at
  once. Each report lands whole or not at all: when a batch fails, its reports are saved one by
  one, so a bad file is reported with its own error and the run goes on.
  Re-ingesting an unchanged file is a no-op (content hash); a changed one replaces the report.
  --manifest gives per-file metadata (agency, province, city, county, level, kind, year,
  sourceUrl, publishedAt); its values win over the text's, disagreements become issues.
  With a manifest and no files, the manifest's files are ingested. A manifest names files inside
  its own folder only; --root DIR allows those inside DIR instead.
  Whatever cannot be read is listed as skipped, with what and where, and the rest is ingested: a
  missing file, a broken link or a link loop, an unreadable file or folder, a pipe, a file of
  another kind, a malformed manifest line or one naming a file outside the root. Hidden entries
  (.git…) are not looked at. Exits 1 when any file failed or was skipped.

gongkai ingest --queue <files or folders…> [--manifest …] [--root DIR] [--wait]
  Offers one job per report to the queue in the primary database and returns: gongkai worker
  processes, on this machine or others, load them (each job carries the file's bytes, so they
  need no shared disk). --wait shows one progress bar for all workers until every job has ended,
  then the failed ones with file and reason; exits 1 when any failed. gongkai jobs shows the queue.

gongkai ingest --reparse [--batch-size n]
  Reads again, with this parser, every stored report an older parser read (text from the store,
  PDF and Word files from the kept original), each replaced in place; prints how many were
  reparsed, unchanged or failed (a failed one stays as it was). Exits 1 when any failed.`,
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      options: {
        manifest: { type: 'string' },
        root: { type: 'string' },
        concurrency: { type: 'string' },
        'batch-size': { type: 'string' },
        reparse: { type: 'boolean' },
        queue: { type: 'boolean' },
        wait: { type: 'boolean' },
      },
      allowPositionals: true,
      strict: true,
    });
    const concurrency = wholeNumber(values.concurrency, DEFAULT_CONCURRENCY, 'concurrency', 64);
    const batchSize = wholeNumber(values['batch-size'], DEFAULT_BATCH_SIZE, 'batch-size', 10000);
    if (values.wait && !values.queue) throw new UsageError('--wait goes with --queue');
    if (values.reparse) {
      if (values.queue) throw new UsageError('--reparse reads the stored reports again: no --queue');
      if (positionals.length || values.manifest) {
        throw new UsageError('--reparse reads the stored reports again: name no files and no --manifest');
      }
      return runReparse({ batchSize });
    }
    if (values.root && !values.manifest) throw new UsageError('--root goes with --manifest');
    // From here on, what cannot be read is reported and the run goes on with the rest.
    const problems: SkippedFile[] = [];
    let manifest: Map<string, ManifestEntry> | undefined;
    let origins: Map<string, string> | undefined;
    if (values.manifest) {
      try {
        const reading = readManifestLines(values.manifest, { root: values.root });
        manifest = reading.entries;
        origins = reading.origins;
        for (const p of reading.problems) problems.push({ file: p.where, reason: p.reason });
      } catch (e) {
        const reason = (e as Error).message.replace(`${values.manifest}: `, '');
        problems.push({ file: path.resolve(values.manifest), reason });
      }
    }
    const inputs = positionals.length ? positionals : manifest ? [...manifest.keys()] : [];
    if (inputs.length === 0 && problems.length === 0) {
      throw new UsageError('name the files or folders to ingest (or a --manifest)');
    }
    // The manifest may sit in the folder it describes: it is no report, nor worth a word.
    const walked = walkInputs(inputs, { ignore: values.manifest ? [values.manifest] : [], origins });
    const files = walked.files;
    const skipped = [...problems, ...walked.skipped];
    if (values.queue) return runQueuedIngest(files, manifest, skipped, { wait: Boolean(values.wait) });

    const db = await openDatabase({ ...loadConfig() }, { log: (m) => console.error(m) });
    try {
      const progress = progressReporter(files.length);
      const summary = await ingestFiles(db.ds, files, {
        manifest,
        concurrency,
        batchSize,
        onProgress: (p) => progress.update(p),
      });
      progress.stop();
      printSummary(summary, skipped);
      return summary.counts.failed > 0 || skipped.length > 0 ? 1 : 0;
    } finally {
      await db.close();
    }
  },
};

/**
 * Ingesting many files: parsed here, written in batches of reports (one transaction each), a
 * bounded number of batches at once; a bad file is recorded and the run goes on. Progress is reported through a callback so the CLI can
 * draw a bar on a terminal and plain lines elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DataSource } from 'typeorm';
import { type NormalizedReport } from '../domain/report';
import { reportKey, type SaveResult, type SaveStatus, saveReport, saveReports } from '../db/writes/save';
import { type ManifestEntry } from './manifest';
import { readReport } from './ingest-file';
import { sniffDocument } from '../parser/sniff';

/** File kinds the parser reads, by extension; a folder's other files are taken when their content says so. */
export const SOURCE_EXTENSIONS = ['.txt', '.html', '.htm', '.md', '.markdown', '.pdf', '.docx'];

/**
 * A file of a folder with another extension (crawlers save pages as .shtml, .jsp, .do or with none)
 * is a source when its first bytes are a PDF, a Word file or an HTML page.
 */
function looksLikeSource(file: string): boolean {
  const head = Buffer.alloc(64 * 1024);
  let n: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      n = fs.readSync(fd, head, 0, head.length, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false; // unreadable: not taken, like any file that is not a report
  }
  const bytes = head.subarray(0, n);
  return (
    sniffDocument(bytes) !== 'text' ||
    /<(?:!doctype\s+html|html[\s>])/i.test(bytes.subarray(0, 4096).toString('latin1'))
  );
}

export interface FileOutcome {
  file: string;
  status: SaveStatus | 'failed';
  reportId?: number;
  issues: number;
  error?: string;
}

export interface BatchSummary {
  files: number;
  /** Only the failed files are kept: a national run has hundreds of thousands of successes. */
  failures: FileOutcome[];
  counts: Record<SaveStatus | 'failed', number>;
  issues: number;
  seconds: number;
}

export interface Progress {
  done: number;
  total: number;
  issues: number;
  failed: number;
  last: FileOutcome;
}

/** A file (or folder) a folder walk met and did not take, and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

function kindOf(stat: fs.Stats): string {
  if (stat.isFIFO()) return 'a named pipe';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * Expand files and folders (recursively) into source files, sorted, without duplicates. What a
 * folder holds that cannot be read as a report is listed as skipped, with why: a broken link, an
 * unreadable file or folder, a pipe or device, a file of another kind (.json…). Hidden entries
 * (.git, .DS_Store) and the paths in `ignore` (the manifest) are passed over without a word. A
 * file named on the command line is taken whatever its extension; the parser says if it is none.
 */
export function walkInputs(
  inputs: readonly string[],
  opts: {
    ignore?: readonly string[];
    /** Where an input was named (a manifest's `file:line`), said with what is wrong with it. */
    origins?: ReadonlyMap<string, string>;
  } = {},
): { files: string[]; skipped: SkippedFile[] } {
  const out = new Set<string>();
  const skipped: SkippedFile[] = [];
  const ignore = new Set((opts.ignore ?? []).map((f) => path.resolve(f)));
  const skip = (file: string, reason: string) => {
    const named = opts.origins?.get(path.resolve(file));
    skipped.push({ file: path.resolve(file), reason: named ? `${reason} (named in ${named})` : reason });
  };
  // Folders already walked, by device and inode: a symbolic link back up the tree is walked once.
  const walked = new Set<string>();
  const readable = (file: string): string | undefined => {
    try {
      fs.accessSync(file, fs.constants.R_OK);
      return undefined;
    } catch (e) {
      return `cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`;
    }
  };
  const walk = (p: string, named: boolean) => {
    if (ignore.has(path.resolve(p))) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && fs.lstatSync(p, { throwIfNoEntry: false })?.isSymbolicLink()) {
        return skip(p, `broken symbolic link (to ${fs.readlinkSync(p)})`);
      }
      if (code === 'ELOOP') return skip(p, 'symbolic link loop (links that lead back to each other)');
      return skip(p, `cannot be read (${code ?? (e as Error).message})`);
    }
    if (stat.isDirectory()) {
      const id = `${stat.dev}:${stat.ino}`;
      if (walked.has(id)) {
        // A folder named twice is walked once without a word; a link back to it is a loop.
        if (!fs.lstatSync(p).isSymbolicLink()) return;
        return skip(p, `symbolic link loop (to ${fs.realpathSync(p)}, a folder walked already)`);
      }
      walked.add(id);
      let names: string[];
      try {
        names = fs.readdirSync(p).sort();
      } catch (e) {
        return skip(
          p,
          `folder cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        );
      }
      for (const name of names) if (!name.startsWith('.')) walk(path.join(p, name), false);
      return;
    }
    // Reading a pipe would wait for a writer forever.
    if (!stat.isFile()) return skip(p, `${kindOf(stat)}, not a report file`);
    const unreadable = readable(p);
    if (unreadable) return skip(p, unreadable);
    const ext = path.extname(p).toLowerCase();
    if (!named && !SOURCE_EXTENSIONS.includes(ext) && !looksLikeSource(p)) {
      return skip(
        p,
        `not a report file (${ext || 'no extension'}, and its content is no PDF, Word file or HTML page; ` +
          `reads ${SOURCE_EXTENSIONS.join(', ')})`,
      );
    }
    out.add(path.resolve(p));
  };
  for (const input of inputs) {
    // A missing input is reported like any other file not taken, and the rest are walked.
    if (!fs.lstatSync(input, { throwIfNoEntry: false })) skip(input, 'no such file or folder');
    else walk(input, true);
  }
  return { files: [...out], skipped };
}

/** The source files of files and folders (walkInputs, without what it skipped). */
export const collectFiles = (inputs: readonly string[]): string[] => walkInputs(inputs).files;

/** Defaults of ingestFiles, measured on a 2-core machine (BENCHMARKS.md, "Ingest: batched writes"). */
export const DEFAULT_BATCH_SIZE = 100;
export const DEFAULT_CONCURRENCY = 2;
/**
 * Original files (PDF, DOCX) held per batch, at most: a batch is written when it reaches this or
 * its report count, so (concurrency + 1) batches of large PDFs stay within a few hundred MiB.
 */
export const MAX_BATCH_SOURCE_BYTES = 64 * 2 ** 20;

interface Parsed {
  file: string;
  report: NormalizedReport;
}

export async function ingestFiles(
  ds: DataSource,
  files: readonly string[],
  opts: {
    manifest?: Map<string, ManifestEntry>;
    /** Batches written at once, each in its own transaction. */
    concurrency?: number;
    /** Reports per transaction. */
    batchSize?: number;
    onProgress?: (p: Progress) => void;
  } = {},
): Promise<BatchSummary> {
  const started = process.hrtime.bigint();
  const failures: FileOutcome[] = [];
  const counts = { loaded: 0, unchanged: 0, replaced: 0, failed: 0 };
  const batchSize = Math.max(1, opts.batchSize ?? DEFAULT_BATCH_SIZE);
  const concurrency = Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY);
  let issues = 0;
  let done = 0;

  const record = (outcome: FileOutcome) => {
    if (outcome.status === 'failed') failures.push(outcome);
    counts[outcome.status]++;
    issues += outcome.issues;
    done++;
    opts.onProgress?.({ done, total: files.length, issues, failed: counts.failed, last: outcome });
  };
  const saved = (file: string, res: SaveResult): FileOutcome => ({
    file,
    status: res.status,
    reportId: res.reportId,
    issues: res.issues,
  });
  const failed = (file: string, e: unknown): FileOutcome => ({
    file,
    status: 'failed',
    issues: 0,
    error: (e as Error).message,
  });

  /**
   * One transaction for the batch. If it fails, each report is saved alone, so that one bad report
   * fails by itself, with its own error, and the others still land.
   */
  const write = async (batch: Parsed[]): Promise<void> => {
    let results: SaveResult[] | undefined;
    try {
      results = await saveReports(
        ds,
        batch.map((p) => p.report),
      );
    } catch {
      results = undefined;
    }
    if (results) {
      batch.forEach((p, i) => record(saved(p.file, results[i]!)));
      return;
    }
    for (const p of batch) {
      try {
        record(saved(p.file, await saveReport(ds, p.report)));
      } catch (e) {
        record(failed(p.file, e));
      }
    }
  };

  // Parse on this thread while up to `concurrency` batches are being written: parsing (Node) and
  // writing (Postgres) overlap, and at most (concurrency + 1) batches are held in memory.
  const inFlight = new Set<Promise<void>>();
  let batch: Parsed[] = [];
  let keys = new Set<string>();
  let batchBytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const job = write(batch).finally(() => inFlight.delete(job));
    inFlight.add(job);
    batch = [];
    keys = new Set();
    batchBytes = 0;
    while (inFlight.size >= concurrency) await Promise.race(inFlight);
  };
  for (const file of files) {
    // Let the batches in flight take their Postgres replies between two parses.
    await new Promise<void>((resolve) => setImmediate(resolve));
    let report: NormalizedReport;
    try {
      report = await readReport(file, opts.manifest?.get(path.resolve(file)));
      const key = reportKey(report);
      // The same stored report twice in one transaction cannot be one batch's work.
      if (keys.has(key)) await flush();
      keys.add(key);
    } catch (e) {
      record(failed(file, e));
      continue;
    }
    batch.push({ file, report });
    batchBytes += report.sourceBytes?.byteLength ?? 0;
    if (batch.length >= batchSize || batchBytes >= MAX_BATCH_SOURCE_BYTES) await flush();
  }
  await flush();
  await Promise.all(inFlight);
  return {
    files: files.length,
    failures,
    counts,
    issues,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

/**
 * Ingesting many files: each report in its own transaction, a bounded number at once; a bad
 * file is recorded and the run goes on. Progress is reported through a callback so the CLI can
 * draw a bar on a terminal and plain lines elsewhere.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type DataSource } from 'typeorm';
import { type ManifestEntry } from './manifest';
import { ingestFile } from './ingest-file';
import { type SaveStatus } from './load';

/** File kinds the parser reads. */
export const SOURCE_EXTENSIONS = ['.txt', '.html', '.htm'];

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

/** Expand files and folders (recursively) into source files, sorted, without duplicates. */
export function collectFiles(inputs: readonly string[]): string[] {
  const out = new Set<string>();
  const walk = (p: string) => {
    const stat = fs.statSync(p);
    if (stat.isDirectory()) {
      for (const name of fs.readdirSync(p).sort()) {
        const child = path.join(p, name);
        if (
          fs.statSync(child).isDirectory() ||
          SOURCE_EXTENSIONS.includes(path.extname(name).toLowerCase())
        ) {
          walk(child);
        }
      }
    } else {
      out.add(path.resolve(p));
    }
  };
  for (const input of inputs) {
    if (!fs.existsSync(input)) throw new Error(`${input}: no such file or folder`);
    walk(input);
  }
  return [...out];
}

export async function ingestFiles(
  ds: DataSource,
  files: readonly string[],
  opts: {
    manifest?: Map<string, ManifestEntry>;
    concurrency?: number;
    onProgress?: (p: Progress) => void;
  } = {},
): Promise<BatchSummary> {
  const started = process.hrtime.bigint();
  const failures: FileOutcome[] = [];
  const counts = { loaded: 0, unchanged: 0, replaced: 0, failed: 0 };
  let issues = 0;
  let next = 0;
  let done = 0;

  const worker = async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      let outcome: FileOutcome;
      try {
        const res = await ingestFile(ds, file, opts.manifest?.get(path.resolve(file)));
        outcome = { file, status: res.status, reportId: res.reportId, issues: res.issues };
      } catch (e) {
        outcome = { file, status: 'failed', issues: 0, error: (e as Error).message };
      }
      if (outcome.status === 'failed') failures.push(outcome);
      counts[outcome.status]++;
      issues += outcome.issues;
      done++;
      opts.onProgress?.({ done, total: files.length, issues, failed: counts.failed, last: outcome });
    }
  };
  const n = Math.max(1, Math.min(opts.concurrency ?? 4, files.length));
  await Promise.all(Array.from({ length: n }, worker));
  return {
    files: files.length,
    failures,
    counts,
    issues,
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
  };
}

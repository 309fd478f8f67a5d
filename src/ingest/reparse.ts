/**
 * gongkai ingest --reparse: read again, with this parser, every stored report that an older parser
 * read. Text and HTML reports are read from their stored text (source_text), PDF and Word reports
 * from their original file (source_bytes). What the store knew besides the text — the agency, its
 * region, the year, the URL and date, often from a scraper's manifest — is kept: it is applied to
 * the new reading as a manifest would be, so each report replaces itself in place (same id).
 *
 * Reports go in batches, one transaction each (saveReports); a batch that fails is saved report
 * by report, so one report that cannot be saved fails alone. A report that does not parse, or
 * fails to save, stays exactly as it was.
 */
import { type DataSource } from 'typeorm';
import { loadConfig } from '../config';
import { openDatabase } from '../db/bootstrap';
import { type NormalizedReport } from '../domain/report';
import { IngestError } from '../errors';
import { PARSER_VERSION } from '../parser/parse';
import {
  countOtherVersions,
  type OutdatedReport,
  otherVersionsAfter,
  readingDigests,
  type StoredSource,
  storedSources,
} from '../db/queries/stored-reports';
import { readDocument } from './ingest-file';
import { isOlderVersion } from '../db/writes/reports';
import { reportKey, type SaveResult, saveReport, saveReports, storedReportKey } from '../db/writes/save';
import { applyManifest, type ManifestEntry } from './manifest';

export interface ReparseFailure {
  reportId: number;
  /** The stored report's file name, when it has one. */
  file: string | null;
  error: string;
}

export interface ReparseSummary {
  /** Stored reports read by an older parser when the run started. */
  candidates: number;
  /** Read again, and something the reading gives (a figure, an issue, a flag, an extra row) changed. */
  reparsed: number;
  /** Read again to the same figures, issues and flags; stored with the new parser version. */
  unchanged: number;
  failed: number;
  failures: ReparseFailure[];
}

export interface ReparseOptions {
  /** Reports per transaction (default 100). */
  batchSize?: number;
  /** The version the stored reports are compared with (default: this parser's). */
  parserVersion?: string;
  /** After each batch: reports done so far, out of the candidates. */
  onProgress?: (done: number, total: number) => void;
}

/** Original files held per batch, at most (as in batch ingest). */
const MAX_BATCH_BYTES = 64 * 2 ** 20;
/** OutdatedReport ids read per statement while walking the reports. */
const PAGE = 1000;

/** The stored values, applied to the new reading as a manifest entry: they win over the text's. */
function storedEntry(s: StoredSource): ManifestEntry {
  const v = <T>(x: T | null): T | undefined => x ?? undefined;
  return {
    file: s.source_file ?? `report ${s.id}`,
    agency: s.name,
    province: v(s.province),
    city: v(s.city),
    county: v(s.county),
    divisionCode: v(s.division_code),
    level: v(s.level),
    kind: v(s.kind),
    year: s.year,
    sourceUrl: v(s.source_url),
    publishedAt: v(s.published_at),
  };
}

/** The stored report read again: its original file (PDF, DOCX) when kept, else its text. */
async function reread(s: StoredSource): Promise<NormalizedReport> {
  const fileName = s.source_file ?? undefined;
  const source =
    s.source_bytes && (s.source_kind === 'pdf' || s.source_kind === 'docx') ? s.source_bytes : s.source_text;
  const parsed = await readDocument(source, { fileName });
  if (typeof source === 'string') {
    // The stored text of an HTML page is the page as rendered: it reads as text, but was a page.
    parsed.sourceKind = s.source_kind ?? undefined;
  }
  const report = applyManifest({ ...parsed, sourceFile: fileName }, storedEntry(s));
  // The same stored report, or the save would make another one beside it.
  if (reportKey(report) !== storedReportKey({ name: s.name, divisionCode: s.division_code }, s.year)) {
    throw new IngestError(
      `read again, the report would belong to another agency or year than the stored one (${s.name}, ${s.year}); left as it was`,
    );
  }
  return report;
}

/** OutdatedReports in id order, grouped into batches of at most batchSize reports and MAX_BATCH_BYTES. */
function batchesOf(candidates: readonly OutdatedReport[], batchSize: number): OutdatedReport[][] {
  const out: OutdatedReport[][] = [];
  let batch: OutdatedReport[] = [];
  let bytes = 0;
  for (const c of candidates) {
    if (batch.length > 0 && (batch.length >= batchSize || bytes + c.size > MAX_BATCH_BYTES)) {
      out.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(c);
    bytes += c.size;
  }
  if (batch.length) out.push(batch);
  return out;
}

export async function reparseStored(ds: DataSource, opts: ReparseOptions = {}): Promise<ReparseSummary> {
  const current = opts.parserVersion ?? PARSER_VERSION;
  const batchSize = Math.max(1, opts.batchSize ?? 100);
  const summary: ReparseSummary = { candidates: 0, reparsed: 0, unchanged: 0, failed: 0, failures: [] };
  const total = await countOtherVersions(ds, current);
  let done = 0;

  const fail = (id: number, file: string | null, e: unknown) => {
    summary.failed++;
    summary.failures.push({ reportId: id, file, error: (e as Error).message });
  };

  let after = 0;
  for (;;) {
    // Newer versions than this parser's are left alone (a newer process stored them).
    const page = await otherVersionsAfter(ds, after, current, PAGE);
    if (page.length === 0) break;
    after = page[page.length - 1]!.id;
    const older = page.filter((c) => isOlderVersion(c.parser_version, current));
    summary.candidates += older.length;

    for (const batch of batchesOf(older, batchSize)) {
      const ids = batch.map((c) => c.id);
      const stored = await storedSources(ds, ids);
      const parsed: { stored: StoredSource; report: NormalizedReport }[] = [];
      for (const s of stored) {
        try {
          parsed.push({ stored: s, report: await reread(s) });
        } catch (e) {
          fail(s.id, s.source_file, e);
        }
      }
      if (parsed.length) {
        const before = await readingDigests(
          ds,
          parsed.map((p) => p.stored.id),
        );
        const saved = new Map<number, SaveResult>();
        try {
          const results = await saveReports(
            ds,
            parsed.map((p) => p.report),
          );
          parsed.forEach((p, i) => saved.set(p.stored.id, results[i]!));
        } catch {
          // One by one, so that a report that cannot be saved fails alone.
          for (const p of parsed) {
            try {
              saved.set(p.stored.id, await saveReport(ds, p.report));
            } catch (e) {
              fail(p.stored.id, p.stored.source_file, e);
            }
          }
        }
        const afterSave = await readingDigests(ds, [...saved.keys()]);
        for (const [id] of saved) {
          if (afterSave.get(id) === before.get(id)) summary.unchanged++;
          else summary.reparsed++;
        }
      }
      done += batch.length;
      opts.onProgress?.(done, total);
    }
  }
  return summary;
}

/** The summary as printed by the CLI. */
export function formatReparseSummary(s: ReparseSummary, parserVersion = PARSER_VERSION): string[] {
  return [
    `${s.candidates} report(s) read by a parser older than ${parserVersion}: ` +
      `${s.reparsed} reparsed, ${s.unchanged} unchanged, ${s.failed} failed`,
    ...s.failures.map((f) => `  failed report ${f.reportId}${f.file ? ` (${f.file})` : ''}: ${f.error}`),
  ];
}

/** The CLI's run: the configured database, a line per batch on stderr, the summary; 1 when any failed. */
export async function runReparse(opts: { batchSize: number }): Promise<number> {
  const db = await openDatabase({ ...loadConfig() }, { log: (m) => console.error(m) });
  try {
    const summary = await reparseStored(db.ds, {
      batchSize: opts.batchSize,
      onProgress: (done, total) => console.error(`reparse: ${done}/${total}`),
    });
    for (const line of formatReparseSummary(summary)) console.log(line);
    return summary.failed > 0 ? 1 : 0;
  } finally {
    await db.close();
  }
}

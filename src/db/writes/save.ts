/**
 * Saving normalized reports: many reports in one transaction, all or nothing. The same agency and
 * year with an unchanged source hash is a no-op unless a newer parser read it; a changed one replaces
 * the stored report in place (its id stays, so references from other subgraphs stay valid).
 *
 * Every step is one statement for the whole batch (multi-row INSERT … SELECT FROM unnest(…)), so
 * the number of round trips, plans and commits does not grow with the batch: a 100-report batch
 * costs about what one report did (BENCHMARKS.md, "Ingest: batched writes").
 */
import { createHash } from 'node:crypto';
import { type DataSource } from 'typeorm';
import { TABLE_SECTION } from '../../domain/codes';
import { type NormalizedReport } from '../../domain/report';
import { IngestError } from '../../errors';
import { announceDataChanged, NOTIFY_SQL, schemaOf } from '../data-changes';
import { preparedQuery } from '../prepared';
import { writeFacts } from '../read-models/report-facts';
import { writeGrids } from '../read-models/report-grids';
import { agencyKey, agencyRecord, mergeAgencies, storedKey, upsertAgencies } from './agencies';
import { checkCarryOver, lockYearPairs } from './carry-over';
import { insertChildren } from './children';
import {
  findStoredReports,
  insertReports,
  isOlderVersion,
  replaceReports,
  writeSourceBytes,
} from './reports';

export type SaveStatus = 'loaded' | 'unchanged' | 'replaced';

export interface SaveResult {
  status: SaveStatus;
  reportId: number;
  agencyId: number;
  /** Validation issues the report was saved with (0 when unchanged). */
  issues: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Which stored report a normalized report would become: its agency's identity and its year. Two
 * reports with the same key cannot share a batch (the second replaces the first).
 */
export const reportKey = (report: NormalizedReport): string => storedKey(agencyRecord(report), report.year);

/** The same key for a report as stored: its agency's name and division code, and its year. */
export const storedReportKey = (
  agency: { name: string; divisionCode: string | null },
  year: number,
): string => `${agencyKey(agency)}\u0000${year}`;

/** Reports that share a batch but would be the same stored report: save them one at a time. */
export class DuplicateInBatchError extends IngestError {}

/** Checks what the database cannot: an agency is named, and every table belongs in its section. */
function checkShape(r: NormalizedReport): void {
  if (!r.agency.name.trim()) {
    throw new IngestError(
      'no agency name: the text does not name it; give it in the manifest ("agency") or the metadata',
    );
  }
  const seen = new Set<string>();
  for (const t of r.tables) {
    if (!(t.table in TABLE_SECTION)) throw new IngestError(`unknown table "${t.table}"`);
    if (seen.has(t.table)) throw new IngestError(`table "${t.table}" appears twice`);
    seen.add(t.table);
  }
}

/**
 * Save reports in one transaction: all of them or, on any error, none. They must be distinct
 * stored reports (see reportKey); a batch that is not throws DuplicateInBatchError before writing.
 * Results are in the order of the input.
 */
export async function saveReports(
  ds: DataSource,
  reports: readonly NormalizedReport[],
): Promise<SaveResult[]> {
  if (reports.length === 0) return [];
  reports.forEach(checkShape);
  const records = reports.map(agencyRecord);
  const keys = new Set(reports.map((r, i) => storedKey(records[i]!, r.year)));
  if (keys.size !== reports.length) {
    throw new DuplicateInBatchError(
      'the batch holds the same agency and year twice; save them one at a time',
    );
  }
  const hashes = reports.map((r) => sha256(r.sourceText));

  const results = await ds.transaction(async (em) => {
    const agencyIds = await upsertAgencies(em, mergeAgencies(records));
    const idOf = (i: number): number => {
      const id = agencyIds.get(agencyKey(records[i]!));
      if (id == null) throw new IngestError(`could not save agency "${records[i]!.name}"`);
      return id;
    };
    const items = reports.map((report, i) => ({ report, hash: hashes[i]!, agencyId: idOf(i) }));
    await lockYearPairs(
      em,
      items.map((x) => ({ agencyId: x.agencyId, year: x.report.year })),
    );

    const stored = await findStoredReports(
      em,
      items.map((x) => ({ agencyId: x.agencyId, year: x.report.year })),
    );
    const old = new Map(stored.map((r) => [`${r.agency_id}|${r.year}`, r]));
    const oldOf = (x: (typeof items)[number]) => old.get(`${x.agencyId}|${x.report.year}`);

    // The same source read by a newer parser is a change too (gongkai ingest --reparse relies on it).
    const isChange = (x: (typeof items)[number]): boolean => {
      const before = oldOf(x);
      return (
        !before ||
        before.source_sha256 !== x.hash ||
        isOlderVersion(before.parser_version, x.report.parserVersion)
      );
    };
    const changed = items.filter(isChange);
    const replaced = changed.filter((x) => oldOf(x)).map((x) => ({ ...x, reportId: oldOf(x)!.id }));
    const fresh = changed.filter((x) => !oldOf(x));
    if (replaced.length) await replaceReports(em, replaced);
    const newIds = fresh.length ? await insertReports(em, fresh) : new Map<string, number>();
    const idOfReport = (x: (typeof items)[number]): number =>
      oldOf(x)?.id ?? newIds.get(`${x.agencyId}|${x.report.year}`)!;

    if (changed.length) {
      const saved = changed.map((x) => ({ reportId: idOfReport(x), report: x.report }));
      await insertChildren(em, saved);
      await writeSourceBytes(em, saved);
      await writeGrids(
        em,
        changed.map((x) => idOfReport(x)),
      );
      const pairs = [changed.map((x) => x.agencyId), changed.map((x) => x.report.year)];
      await checkCarryOver(em, pairs);
      await writeFacts(em, pairs, [...new Set(changed.map((x) => x.agencyId))]);
    }
    // Servers drop cached answers (delivered at commit; an unchanged batch may still have
    // updated an agency, so every batch says so).
    await preparedQuery(em, 'gongkai_notify_changed', NOTIFY_SQL, [schemaOf(ds)]);
    return items.map((x): SaveResult => {
      const before = oldOf(x);
      const status: SaveStatus = !before ? 'loaded' : isChange(x) ? 'replaced' : 'unchanged';
      return {
        status,
        reportId: idOfReport(x),
        agencyId: x.agencyId,
        issues: status === 'unchanged' ? 0 : x.report.issues.length,
      };
    });
  });
  announceDataChanged(ds);
  return results;
}

/** Save one report in its own transaction; on any error nothing is written. */
export async function saveReport(ds: DataSource, report: NormalizedReport): Promise<SaveResult> {
  const [result] = await saveReports(ds, [report]);
  return result!;
}

/**
 * The report rows of a batch: which are stored already, new ones inserted, changed ones rewritten
 * in place (their id stays), and the original files' bytes. One statement per step.
 */
import { type EntityManager } from 'typeorm';
import { type NormalizedReport } from '../../domain/report';
import { preparedQuery } from '../prepared';

const partialTables = (r: NormalizedReport): string =>
  `{${r.tables
    .filter((t) => t.partial)
    .map((t) => t.table)
    .join(',')}}`;

/** The report columns written on insert and on replacement, in this order (the source's bytes apart). */
function reportValues(r: NormalizedReport, hash: string): unknown[] {
  return [
    r.formVersion,
    r.title ?? null,
    r.agency.nameInText ?? null,
    r.publishedAt ?? null,
    r.sourceUrl ?? null,
    r.sourceFile ?? null,
    hash,
    r.sourceText,
    r.parserVersion,
    r.sourceKind ?? null,
    partialTables(r),
  ];
}

/**
 * Parser versions in order ('1.10.0' after '1.9.2'); a version that is not dotted numbers sorts
 * before every numbered one (unknown provenance is read again).
 */
export function isOlderVersion(stored: string, current: string): boolean {
  const parts = (v: string) => (/^\d+(\.\d+)*$/.test(v) ? v.split('.').map(Number) : null);
  const a = parts(stored);
  const b = parts(current);
  if (!b) return false;
  if (!a) return true;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d < 0;
  }
  return false;
}

/** Column-wise arrays of rows of values (unnest's input). */
function columns(rows: readonly unknown[][], width: number): unknown[][] {
  const out = Array.from({ length: width }, () => new Array<unknown>(rows.length));
  rows.forEach((row, i) => row.forEach((v, c) => (out[c]![i] = v)));
  return out;
}

export async function insertReports(
  em: EntityManager,
  rows: readonly { agencyId: number; report: NormalizedReport; hash: string }[],
): Promise<Map<string, number>> {
  const inserted = await preparedQuery<{ id: number; agency_id: number; year: number }>(
    em,
    'gongkai_insert_reports',
    `INSERT INTO reports (agency_id, year, form_version, title, name_in_text, published_at, source_url,
                          source_file, source_sha256, source_text, parser_version, source_kind, partial_tables)
     SELECT a, y, f, t, n, p, u, sf, h, st, pv, sk, pt::table_code[]
     FROM unnest($1::integer[], $2::smallint[], $3::form_version[], $4::text[], $5::text[], $6::date[],
                 $7::text[], $8::text[], $9::char(64)[], $10::text[], $11::text[], $12::source_kind[], $13::text[])
          AS i(a, y, f, t, n, p, u, sf, h, st, pv, sk, pt)
     RETURNING id, agency_id, year`,
    columns(
      rows.map((x) => [x.agencyId, x.report.year, ...reportValues(x.report, x.hash)]),
      13,
    ),
  );
  return new Map(inserted.map((r) => [`${r.agency_id}|${r.year}`, r.id]));
}

/** A changed source: the children go and the report row is rewritten in place (its id stays). */
export async function replaceReports(
  em: EntityManager,
  rows: readonly { reportId: number; report: NormalizedReport; hash: string }[],
): Promise<void> {
  await preparedQuery(
    em,
    'gongkai_replace_reports',
    `WITH s AS (DELETE FROM sections WHERE report_id = ANY($1)),
          rr AS (DELETE FROM report_rows WHERE report_id = ANY($1)),
          g AS (DELETE FROM report_grids WHERE report_id = ANY($1)),
          e AS (DELETE FROM report_extra_rows WHERE report_id = ANY($1)),
          v AS (DELETE FROM validation_issues WHERE report_id = ANY($1))
     UPDATE reports r SET form_version = u.form_version, title = u.title, name_in_text = u.name_in_text,
       published_at = u.published_at, source_url = u.source_url, source_file = u.source_file,
       source_sha256 = u.source_sha256, source_text = u.source_text, parser_version = u.parser_version,
       source_kind = u.source_kind, partial_tables = u.partial_tables::table_code[], source_bytes = NULL,
       ingested_at = now()
     FROM unnest($1::integer[], $2::form_version[], $3::text[], $4::text[], $5::date[], $6::text[], $7::text[],
                 $8::char(64)[], $9::text[], $10::text[], $11::source_kind[], $12::text[])
          AS u(id, form_version, title, name_in_text, published_at, source_url, source_file, source_sha256,
               source_text, parser_version, source_kind, partial_tables)
     WHERE r.id = u.id`,
    columns(
      rows.map((x) => [x.reportId, ...reportValues(x.report, x.hash)]),
      12,
    ),
  );
}

/**
 * The original files (PDF, DOCX) of the batch, in one statement whatever the batch's size. Apart
 * from the unnest statements because each file goes as a binary parameter of its own: in a bytea[]
 * array literal every file would travel as hex text of twice its size.
 */
export async function writeSourceBytes(
  em: EntityManager,
  saved: readonly { reportId: number; report: NormalizedReport }[],
): Promise<void> {
  const withBytes = saved.filter((x) => x.report.sourceBytes);
  if (withBytes.length === 0) return;
  const values: unknown[] = [];
  const tuples = withBytes.map((x) => {
    values.push(x.reportId, x.report.sourceBytes);
    return `($${values.length - 1}::integer, $${values.length}::bytea)`;
  });
  await em.query(
    `UPDATE reports r SET source_bytes = v.b FROM (VALUES ${tuples.join(', ')}) AS v(id, b) WHERE r.id = v.id`,
    values,
  );
}

/** What is stored already of the batch's (agency, year) pairs: id, source hash, parser version. */
export interface StoredReport {
  id: number;
  agency_id: number;
  year: number;
  source_sha256: string;
  parser_version: string;
}

export async function findStoredReports(
  em: EntityManager,
  pairs: readonly { agencyId: number; year: number }[],
): Promise<StoredReport[]> {
  return preparedQuery<StoredReport>(
    em,
    'gongkai_find_reports',
    `SELECT r.id, r.agency_id, r.year, r.source_sha256, r.parser_version FROM reports r
     JOIN unnest($1::integer[], $2::smallint[]) AS p(a, y) ON r.agency_id = p.a AND r.year = p.y`,
    [pairs.map((x) => x.agencyId), pairs.map((x) => x.year)],
  );
}

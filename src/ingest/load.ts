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
import { type DataSource, type EntityManager } from 'typeorm';
import { inferKind, inferLevel } from '../domain/agency-kind';
import { type AgencyKind, type AgencyLevel, TABLE_SECTION } from '../domain/codes';
import { resolveRegion } from '../domain/regions';
import { type ExtraRow, type NormalizedCell, type NormalizedReport, type PageBox } from '../domain/report';
import { IngestError } from '../errors';
import { booleanArray, numberArray, textArray } from '../db/array-literal';
import { announceDataChanged, NOTIFY_SQL, schemaOf } from '../db/data-changes';
import { preparedQuery } from '../db/prepared';
import { writeFacts } from '../db/read-models/report-facts';
import { writeGrids } from '../db/read-models/report-grids';

export type SaveStatus = 'loaded' | 'unchanged' | 'replaced';

export interface SaveResult {
  status: SaveStatus;
  reportId: number;
  agencyId: number;
  /** Validation issues the report was saved with (0 when unchanged). */
  issues: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/** The agency as it will be stored: names resolved to GB/T 2260 codes, level and kind inferred. */
interface AgencyRecord {
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  divisionCode: string | null;
  level: AgencyLevel | null;
  kind: AgencyKind | null;
}

function agencyRecord(report: NormalizedReport): AgencyRecord {
  const a = report.agency;
  const region = resolveRegion(a);
  const province = region.province ?? a.province ?? null;
  const city = region.city ?? a.city ?? null;
  const county = region.county ?? a.county ?? null;
  const kind = a.kind ?? inferKind(a.name);
  const level =
    a.level ??
    inferLevel(
      { province: province ?? undefined, city: city ?? undefined, county: county ?? undefined },
      kind,
    ) ??
    null;
  return {
    name: a.name,
    province,
    city,
    county,
    divisionCode: a.divisionCode ?? region.divisionCode ?? null,
    level,
    kind: kind ?? null,
  };
}

/** The agency's identity in the database (the unique index on name and division code). */
const agencyKey = (a: { name: string; divisionCode: string | null }) =>
  `${a.name}\u0000${a.divisionCode ?? ''}`;

/** A stored report's identity: its agency's and its year. */
const storedKey = (agency: AgencyRecord, year: number): string => `${agencyKey(agency)}\u0000${year}`;

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

/**
 * Several reports of one agency in a batch: one record per agency, each field the last value given
 * (what saving the reports one after another would leave).
 */
function mergeAgencies(records: readonly AgencyRecord[]): AgencyRecord[] {
  const merged = new Map<string, AgencyRecord>();
  for (const r of records) {
    const key = agencyKey(r);
    const prev = merged.get(key);
    merged.set(
      key,
      prev
        ? {
            name: r.name,
            divisionCode: r.divisionCode,
            province: r.province ?? prev.province,
            city: r.city ?? prev.city,
            county: r.county ?? prev.county,
            level: r.level ?? prev.level,
            kind: r.kind ?? prev.kind,
          }
        : r,
    );
  }
  // Inserted in key order, so concurrent batches queue on new agencies in one order (no deadlock).
  return [...merged.values()].sort((x, y) => (agencyKey(x) < agencyKey(y) ? -1 : 1));
}

/**
 * Find or insert the batch's agencies; returns their ids by agency key. An agency already stored as
 * given is only read: an upsert would lock its row until commit and serialise every concurrent
 * batch holding one of its reports (seen in the 100k bench as transactionid waits).
 */
async function upsertAgencies(
  em: EntityManager,
  agencies: readonly AgencyRecord[],
): Promise<Map<string, number>> {
  const rows = await preparedQuery<{ id: number; name: string; division_code: string | null }>(
    em,
    'gongkai_upsert_agencies',
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::char(6)[], $6::agency_level[],
                            $7::agency_kind[]) WITH ORDINALITY AS i(name, province, city, county, division_code, level, kind, n)
     ), found AS (
       SELECT a.id, i.n FROM input i
       JOIN agencies a ON a.name = i.name AND coalesce(a.division_code, '') = coalesce(i.division_code, '')
         AND a.province IS NOT DISTINCT FROM coalesce(i.province, a.province)
         AND a.city IS NOT DISTINCT FROM coalesce(i.city, a.city)
         AND a.county IS NOT DISTINCT FROM coalesce(i.county, a.county)
         AND a.level IS NOT DISTINCT FROM coalesce(i.level, a.level)
         AND a.kind IS NOT DISTINCT FROM coalesce(i.kind, a.kind)
     ), upserted AS (
       INSERT INTO agencies (name, province, city, county, division_code, level, kind)
       SELECT name, province, city, county, division_code, level, kind FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.n = i.n)
       ORDER BY i.n
       ON CONFLICT (name, (coalesce(division_code, ''))) DO UPDATE SET
         province = coalesce(EXCLUDED.province, agencies.province),
         city = coalesce(EXCLUDED.city, agencies.city),
         county = coalesce(EXCLUDED.county, agencies.county),
         level = coalesce(EXCLUDED.level, agencies.level),
         kind = coalesce(EXCLUDED.kind, agencies.kind)
       RETURNING id, name, division_code
     )
     SELECT a.id, a.name, a.division_code FROM found f JOIN agencies a ON a.id = f.id
     UNION ALL SELECT id, name, division_code FROM upserted`,
    [
      agencies.map((a) => a.name),
      agencies.map((a) => a.province),
      agencies.map((a) => a.city),
      agencies.map((a) => a.county),
      agencies.map((a) => a.divisionCode),
      agencies.map((a) => a.level),
      agencies.map((a) => a.kind),
    ],
  );
  return new Map(rows.map((r) => [agencyKey({ name: r.name, divisionCode: r.division_code }), r.id]));
}

/**
 * Transaction locks on the year pairs (year-1, year) and (year, year+1) of every saved report, keyed
 * by their later year and taken in ascending order: writers of the same report or of adjacent years
 * queue, so the carry-over check of each sees the other's committed report; other years, and
 * batches of other agencies, run in parallel.
 */
async function lockYearPairs(
  em: EntityManager,
  pairs: readonly { agencyId: number; year: number }[],
): Promise<void> {
  const keys = new Map<string, [number, number]>();
  for (const { agencyId, year } of pairs) {
    keys.set(`${agencyId}|${year}`, [agencyId, year]);
    keys.set(`${agencyId}|${year + 1}`, [agencyId, year + 1]);
  }
  const sorted = [...keys.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  await preparedQuery(
    em,
    'gongkai_lock_year_pairs',
    // unnest hands the keys over in array order: the locks are taken in the order sorted above.
    'SELECT count(pg_advisory_xact_lock(a, k)) FROM unnest($1::integer[], $2::integer[]) AS l(a, k)',
    [sorted.map((k) => k[0]), sorted.map((k) => k[1])],
  );
}

/** The tables some row of which was flagged, as a table_code[] literal. */
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
 * A page_box literal: boxes travel as text[] (one parameter for five fields), each cast to page_box
 * in SQL (unnest would spread a page_box[] into its five fields).
 */
const boxLiteral = (b: PageBox | undefined): string | null =>
  b ? `(${[b.page, b.x, b.y, b.width, b.height].map((v) => (Number.isFinite(v) ? v : '')).join(',')})` : null;

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

async function insertReports(
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
async function replaceReports(
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
async function writeSourceBytes(
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

/** Column arrays of cells (no row tuples: a batch holds ~25,000 cells), each with the index of its row. */
class CellColumns {
  row: number[] = [];
  column: (string | null)[] = [];
  value: (number | null)[] = [];
  raw: string[] = [];
  blank: boolean[] = [];
  na: boolean[] = [];
  line: (number | null)[] = [];
  col: (number | null)[] = [];
  box: (string | null)[] = [];

  push(rowIndex: number, cell: NormalizedCell | ExtraCell): void {
    this.row.push(rowIndex);
    this.column.push(cell.column ?? null);
    this.value.push(cell.value);
    this.raw.push(cell.raw);
    this.blank.push(cell.blank);
    this.na.push(cell.notApplicable);
    this.line.push(cell.position?.line ?? null);
    this.col.push(cell.position?.column ?? null);
    this.box.push(boxLiteral(cell.box));
  }

  params(): string[] {
    return [
      numberArray(this.row),
      textArray(this.column),
      numberArray(this.value),
      textArray(this.raw),
      booleanArray(this.blank),
      booleanArray(this.na),
      numberArray(this.line),
      numberArray(this.col),
      textArray(this.box),
    ];
  }
}
type ExtraCell = ExtraRow['cells'][number];

/**
 * Cells of one set of array parameters ($n … $n+8) folded into a `cell[]` per row index, in order.
 * ROW(…)::cell lists the type's attributes in order: an attribute added to `cell` is added here.
 */
const cellsCte = (name: string, n: number) => `${name} AS (
       SELECT ri, array_agg(ROW(col, val, raw, b, na, l, c, bx::page_box)::cell ORDER BY k) AS cells
       FROM unnest($${n}::integer[], $${n + 1}::column_code[], $${n + 2}::numeric[], $${n + 3}::text[],
                   $${n + 4}::boolean[], $${n + 5}::boolean[], $${n + 6}::integer[], $${n + 7}::integer[],
                   $${n + 8}::text[])
            WITH ORDINALITY AS x(ri, col, val, raw, b, na, l, c, bx, k)
       GROUP BY ri
     )`;

/**
 * Sections, rows (each with its cells as a `cell[]`), extra rows and issues of every report in one
 * statement: one round trip and one plan whatever the batch's size. Cells arrive flat with the
 * index of their row and are folded into their row's array in SQL.
 */
async function insertChildren(
  em: EntityManager,
  saved: readonly { reportId: number; report: NormalizedReport }[],
): Promise<void> {
  // Column arrays built directly (no row tuples): a batch holds ~25,000 cells.
  const s = { report: [] as number[], number: [] as number[], printed: [] as (string | null)[] };
  const sText = { standard: [] as string[], text: [] as string[] };
  const r = {
    report: [] as number[],
    table: [] as string[],
    code: [] as string[],
    label: [] as string[],
    position: [] as number[],
    line: [] as (number | null)[],
    box: [] as (string | null)[],
  };
  const c = new CellColumns();
  const e = {
    report: [] as number[],
    table: [] as string[],
    position: [] as number[],
    label: [] as string[],
    line: [] as (number | null)[],
    box: [] as (string | null)[],
  };
  const ec = new CellColumns();
  const i = {
    report: [] as number[],
    code: [] as string[],
    severity: [] as string[],
    where: [] as string[],
    message: [] as string[],
    line: [] as (number | null)[],
    col: [] as (number | null)[],
    candidates: [] as (string | null)[],
  };
  for (const { reportId, report } of saved) {
    for (const sec of report.sections) {
      s.report.push(reportId);
      s.number.push(sec.number);
      s.printed.push(sec.printedTitle);
      sText.standard.push(sec.standardTitle);
      sText.text.push(sec.text);
    }
    for (const t of report.tables) {
      t.rows.forEach((row, position) => {
        r.report.push(reportId);
        r.table.push(t.table);
        r.code.push(row.code);
        r.label.push(row.label);
        r.position.push(position);
        r.line.push(row.position?.line ?? null);
        r.box.push(boxLiteral(row.box));
        const rowIndex = r.report.length;
        for (const cell of row.cells) c.push(rowIndex, cell);
      });
      t.extraRows?.forEach((row, position) => {
        e.report.push(reportId);
        e.table.push(t.table);
        e.position.push(position);
        e.label.push(row.label);
        e.line.push(row.position?.line ?? null);
        e.box.push(boxLiteral(row.box));
        const rowIndex = e.report.length;
        for (const cell of row.cells) ec.push(rowIndex, cell);
      });
    }
    for (const issue of report.issues) {
      i.report.push(reportId);
      i.code.push(issue.code);
      i.severity.push(issue.severity);
      i.where.push(issue.where);
      i.message.push(issue.message);
      i.line.push(issue.position?.line ?? null);
      i.col.push(issue.position?.column ?? null);
      i.candidates.push(issue.candidates ? JSON.stringify(issue.candidates) : null);
    }
  }
  await preparedQuery(
    em,
    'gongkai_insert_children',
    `WITH s AS (
       INSERT INTO sections (report_id, number, printed_title, standard_title, text)
       SELECT * FROM unnest($1::integer[], $2::smallint[], $3::text[], $4::text[], $5::text[])
     ), ${cellsCte('cc', 13)}, r AS (
       INSERT INTO report_rows (report_id, table_code, row_code, label, position, source_line, box, cells)
       SELECT rr.id, rr.t, rr.code, rr.label, rr.pos, rr.line, rr.bx::page_box, coalesce(cc.cells, '{}')
       FROM unnest($6::integer[], $7::table_code[], $8::row_code[], $9::text[], $10::smallint[], $11::integer[],
                   $12::text[])
            WITH ORDINALITY AS rr(id, t, code, label, pos, line, bx, i)
       LEFT JOIN cc ON cc.ri = rr.i
     ), ${cellsCte('ec', 28)}, e AS (
       INSERT INTO report_extra_rows (report_id, table_code, position, label, source_line, box, cells)
       SELECT er.id, er.t, er.pos, er.label, er.line, er.bx::page_box, coalesce(ec.cells, '{}')
       FROM unnest($22::integer[], $23::table_code[], $24::smallint[], $25::text[], $26::integer[], $27::text[])
            WITH ORDINALITY AS er(id, t, pos, label, line, bx, i)
       LEFT JOIN ec ON ec.ri = er.i
     )
     INSERT INTO validation_issues (report_id, code, severity, location, message, source_line, source_column,
                                    candidates)
     SELECT * FROM unnest($37::integer[], $38::issue_code[], $39::issue_severity[], $40::text[], $41::text[],
                          $42::integer[], $43::integer[], $44::jsonb[])`,
    [
      numberArray(s.report),
      numberArray(s.number),
      textArray(s.printed),
      textArray(sText.standard),
      textArray(sText.text),
      numberArray(r.report),
      textArray(r.table),
      textArray(r.code),
      textArray(r.label),
      numberArray(r.position),
      numberArray(r.line),
      textArray(r.box),
      ...c.params(),
      numberArray(e.report),
      textArray(e.table),
      numberArray(e.position),
      textArray(e.label),
      numberArray(e.line),
      textArray(e.box),
      ...ec.params(),
      numberArray(i.report),
      textArray(i.code),
      textArray(i.severity),
      textArray(i.where),
      textArray(i.message),
      numberArray(i.line),
      numberArray(i.col),
      textArray(i.candidates),
    ],
  );
}

/**
 * Identity 5 (FORMAT.md): this year's 上年结转 equals last year's 结转下年度, per applicant column.
 * Re-derived in SQL for every saved year and the year after it (whose predecessor just changed).
 */
async function checkCarryOver(em: EntityManager, pairs: readonly unknown[][]): Promise<void> {
  await preparedQuery(
    em,
    'gongkai_check_carry_over',
    `WITH target AS (
       SELECT DISTINCT r.id, r.agency_id, r.year FROM reports r
       JOIN unnest($1::integer[], $2::smallint[]) AS p(a, y) ON r.agency_id = p.a AND r.year IN (p.y, p.y + 1)
     ), gone AS (
       DELETE FROM validation_issues v USING target t WHERE v.report_id = t.id AND v.code = 'CARRY_OVER_MISMATCH'
     )
     INSERT INTO validation_issues (report_id, code, severity, location, message)
     SELECT cur.id, 'CARRY_OVER_MISMATCH', 'warning', co.column_code::text,
            format('二、上年结转 (%s) is %s, but the %s report''s 四、结转下年度 is %s',
                   co.column_code, coalesce(co.value::text, 'unreadable'), prev.year,
                   coalesce(cf.value::text, 'unreadable'))
     FROM target cur
     JOIN reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
     JOIN report_rows rco ON rco.report_id = cur.id AND rco.table_code = 'applications' AND rco.row_code = 'carriedOver'
     CROSS JOIN LATERAL unnest(rco.cells) co
     JOIN report_rows rcf ON rcf.report_id = prev.id AND rcf.table_code = 'applications'
                         AND rcf.row_code = 'carriedForward'
     CROSS JOIN LATERAL unnest(rcf.cells) cf
     WHERE cf.column_code = co.column_code AND co.value IS DISTINCT FROM cf.value
     ORDER BY cur.id, co.column_code`,
    pairs,
  );
}

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

    const stored = await preparedQuery<{
      id: number;
      agency_id: number;
      year: number;
      source_sha256: string;
      parser_version: string;
    }>(
      em,
      'gongkai_find_reports',
      `SELECT r.id, r.agency_id, r.year, r.source_sha256, r.parser_version FROM reports r
       JOIN unnest($1::integer[], $2::smallint[]) AS p(a, y) ON r.agency_id = p.a AND r.year = p.y`,
      [items.map((x) => x.agencyId), items.map((x) => x.report.year)],
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

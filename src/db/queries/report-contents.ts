/**
 * Reads of entities by key and of what reports hold (sections, rows, cells, extra rows, issues),
 * each one parameterised statement for any number of keys: the per-request loaders
 * (src/loaders) batch over these. Rows come back as entities or as the plain records below, which
 * the schema's object types implement.
 */
import { type DataSource, In, type ObjectLiteral } from 'typeorm';
import { type ColumnCode, type RowCode, type TableCode } from '../../domain/codes';
import { type PageBox } from '../../domain/report';
import { Report, ReportRow, Section, ValidationIssue } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { readQuery } from '../prepared';

/** What a printed cell holds, in template rows and extra rows alike. */
export interface PrintedCellRecord {
  value: number | null;
  rawText: string;
  blank: boolean;
  notApplicable: boolean;
  sourceLine: number | null;
  sourceColumn: number | null;
  /** PDF: the page the cell was printed on. */
  page: number | null;
  box: PageBox | null;
}

/** A cell of a template row. */
export interface CellRecord extends PrintedCellRecord {
  reportId: number;
  table: TableCode;
  rowCode: RowCode;
  column: ColumnCode;
}

/** A cell of an extra row: its column only when the row has as many cells as the table has columns. */
export interface ExtraCellRecord extends PrintedCellRecord {
  column: ColumnCode | null;
}

/** A row printed in a table that is not a row of the template. */
export interface ExtraRowRecord {
  reportId: number;
  table: TableCode;
  position: number;
  label: string;
  sourceLine: number | null;
  box: PageBox | null;
  cells: ExtraCellRecord[];
}

export interface ReportTableKey {
  reportId: number;
  table: TableCode;
}

/** A stored page_box as JSON (to_jsonb of the composite); null or partly null when not a PDF. */
type PageBoxJson = { page: number | null; x: number; y: number; width: number; height: number } | null;

function pageBox(json: PageBoxJson | undefined): PageBox | null {
  if (!json || json.page == null) return null;
  return { page: json.page, x: json.x, y: json.y, width: json.width, height: json.height };
}

/** A cell as the SQL below sends it: [row, column, value, raw text, blank, n/a, line, column, box]. */
type CellTuple<R = RowCode> = [
  R,
  ColumnCode | null,
  number | null,
  string,
  boolean,
  boolean,
  number | null,
  number | null,
  PageBoxJson,
];

/** The printed fields of a cell tuple (all but its row and column). */
function printed(t: CellTuple<unknown>): PrintedCellRecord {
  const box = pageBox(t[8]);
  return {
    // numeric arrives as a JSON number, read as a double: report figures fit one exactly enough.
    value: t[2],
    rawText: t[3],
    blank: t[4],
    notApplicable: t[5],
    sourceLine: t[6],
    sourceColumn: t[7],
    page: box?.page ?? null,
    box,
  };
}

/** The cells of `alias`.cells as one JSON array of tuples in printed order (null: no cells). */
const cellTuples = (alias: string, first: string) =>
  `(SELECT json_agg(json_build_array(${first}, c.column_code, c.value, c.raw_text, c.blank, c.not_applicable,
                                     c.source_line, c.source_column, c.box) ORDER BY c.n)
    FROM unnest(${alias}.cells) WITH ORDINALITY AS c(column_code, value, raw_text, blank, not_applicable,
                                                      source_line, source_column, box, n))`;

/** Rows of one entity by id (any order). */
export async function entitiesByIds<T extends ObjectLiteral>(
  ds: DataSource,
  entity: new () => T,
  table: string,
  ids: readonly number[],
): Promise<T[]> {
  return hydrate(
    ds,
    entity,
    await readQuery<Record<string, unknown>>(
      ds,
      `SELECT ${selectList(ds, entity, 't')} FROM ${table} t WHERE t.id = ANY($1)`,
      [[...ids]],
    ),
  );
}

/** The reports of agencies, by agency and year. */
export async function reportsOfAgencies(ds: DataSource, agencyIds: readonly number[]): Promise<Report[]> {
  return hydrate(
    ds,
    Report,
    await readQuery<Record<string, unknown>>(
      ds,
      `SELECT ${selectList(ds, Report, 'r')} FROM reports r WHERE r.agency_id = ANY($1) ORDER BY r.agency_id, r.year`,
      [[...agencyIds]],
    ),
  );
}

/** The source texts of reports, by id (not selected with the report: they are large). */
export async function sourceTexts(ds: DataSource, ids: readonly number[]): Promise<Map<number, string>> {
  const rows: { id: number; source_text: string }[] = await ds.query(
    'SELECT id, source_text FROM reports WHERE id = ANY($1)',
    [[...ids]],
  );
  return new Map(rows.map((r) => [r.id, r.source_text]));
}

export function sectionsOfReports(ds: DataSource, reportIds: readonly number[]): Promise<Section[]> {
  return ds
    .getRepository(Section)
    .find({ where: { reportId: In([...reportIds]) }, order: { reportId: 'ASC', number: 'ASC' } });
}

export function issuesOfReports(ds: DataSource, reportIds: readonly number[]): Promise<ValidationIssue[]> {
  return ds
    .getRepository(ValidationIssue)
    .find({ where: { reportId: In([...reportIds]) }, order: { reportId: 'ASC', id: 'ASC' } });
}

/** Template rows of reports in printed order, each with its box. */
export async function rowsOfReports(ds: DataSource, reportIds: readonly number[]): Promise<ReportRow[]> {
  // The row's box is a page_box, not an entity column: read as JSON beside the entity's columns.
  const raw = await readQuery<Record<string, unknown> & { box: PageBoxJson }>(
    ds,
    `SELECT ${selectList(ds, ReportRow, 'r')}, to_jsonb(r.box) AS box
     FROM report_rows r WHERE r.report_id = ANY($1) ORDER BY r.report_id, r.position`,
    [[...reportIds]],
  );
  const rows = hydrate(ds, ReportRow, raw);
  rows.forEach((row, i) => (row.box = pageBox(raw[i]!.box)));
  return rows;
}

export async function extraRowsOfReports(
  ds: DataSource,
  reportIds: readonly number[],
): Promise<ExtraRowRecord[]> {
  const raw = await readQuery<{
    report_id: number;
    table_code: TableCode;
    position: number;
    label: string;
    source_line: number | null;
    box: PageBoxJson;
    cells: CellTuple<null>[] | null;
  }>(
    ds,
    `SELECT e.report_id, e.table_code, e.position, e.label, e.source_line, to_jsonb(e.box) AS box,
            ${cellTuples('e', 'NULL')} AS cells
     FROM report_extra_rows e WHERE e.report_id = ANY($1)
     ORDER BY e.report_id, e.table_code, e.position`,
    [[...reportIds]],
  );
  return raw.map((r) => ({
    reportId: r.report_id,
    table: r.table_code,
    position: r.position,
    label: r.label,
    sourceLine: r.source_line,
    box: pageBox(r.box),
    cells: (r.cells ?? []).map((t) => ({ column: t[1], ...printed(t) })),
  }));
}

/** The tables of each report some row of which was flagged (reports.partial_tables). */
export async function partialTablesOfReports(
  ds: DataSource,
  reportIds: readonly number[],
): Promise<Map<number, TableCode[]>> {
  // text[]: pg hands an enum array over as its literal, a text array as an array.
  const rows = await readQuery<{ id: number; partial: TableCode[] }>(
    ds,
    'SELECT r.id, r.partial_tables::text[] AS partial FROM reports r WHERE r.id = ANY($1)',
    [[...reportIds]],
  );
  return new Map(rows.map((r) => [r.id, r.partial]));
}

/** The cells of (report, table) keys in row and column order, by `reportId|table`. */
export async function cellsOfTables(
  ds: DataSource,
  keys: readonly ReportTableKey[],
): Promise<Map<string, CellRecord[]>> {
  // Cells live inside their rows (report_rows.cells). One result row per (report, table), its
  // cells as one JSON array in row and column order: a table is ~100–250 cells, and as one
  // row each pg's per-field parsing and the row objects were the largest cost of a page
  // (profile in BENCHMARKS.md, "The national-scale run").
  const rows: { report_id: number; table_code: TableCode; cells: CellTuple[] }[] = await ds.query(
    `SELECT r.report_id, r.table_code,
            json_agg(json_build_array(r.row_code, c.column_code, c.value, c.raw_text, c.blank,
                                      c.not_applicable, c.source_line, c.source_column, c.box)
                     ORDER BY r.position, c.n) AS cells
     FROM report_rows r
     -- the alias list is positional: it names every attribute of the type cell, in order
     CROSS JOIN LATERAL unnest(r.cells) WITH ORDINALITY AS c(column_code, value, raw_text, blank,
                                                             not_applicable, source_line, source_column, box, n)
     WHERE (r.report_id, r.table_code) IN (SELECT * FROM unnest($1::integer[], $2::table_code[]))
     GROUP BY r.report_id, r.table_code`,
    [keys.map((k) => k.reportId), keys.map((k) => k.table)],
  );
  return new Map(
    rows.map((r) => [
      `${r.report_id}|${r.table_code}`,
      r.cells.map((t): CellRecord => ({
        reportId: r.report_id,
        table: r.table_code,
        rowCode: t[0],
        column: t[1]!,
        ...printed(t),
      })),
    ]),
  );
}

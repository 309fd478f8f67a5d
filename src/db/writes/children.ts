/**
 * What a report holds besides its row in reports: sections, table rows with their cells, extra
 * rows and validation issues, for the whole batch in one statement.
 */
import { type EntityManager } from 'typeorm';
import { type ExtraRow, type NormalizedCell, type NormalizedReport, type PageBox } from '../../domain/report';
import { booleanArray, numberArray, textArray } from '../array-literal';
import { preparedQuery } from '../prepared';

/**
 * A page_box literal: boxes travel as text[] (one parameter for five fields), each cast to page_box
 * in SQL (unnest would spread a page_box[] into its five fields).
 */
const boxLiteral = (b: PageBox | undefined): string | null =>
  b ? `(${[b.page, b.x, b.y, b.width, b.height].map((v) => (Number.isFinite(v) ? v : '')).join(',')})` : null;

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
export async function insertChildren(
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

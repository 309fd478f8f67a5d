/**
 * Per-request DataLoaders: created in the GraphQL context function, so caching never leaks
 * between requests. Each batch is one parameterised SQL statement, whatever the number of keys.
 */
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { hydrate, selectList } from '../db/hydrate';
import { readQuery } from '../db/prepared';
import { type CellGrid, readGrids } from '../db/read-models/report-grids';
import { type ColumnCode, type RowCode, type TableCode } from '../domain/codes';
import { Agency, Report, ReportRow, Section, ValidationIssue } from '../entities';
import { Cell, ExtraCell, ExtraRow, pageBox, type PageBoxJson } from '../schema/types/cell';

/** Reports of an agency, optionally restricted to some years. */
export interface AgencyReportsKey {
  agencyId: number;
  years?: readonly number[];
}

export interface ReportTableKey {
  reportId: number;
  table: TableCode;
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** A cell as the loaders' SQL sends it: [row, column, value, raw text, blank, n/a, line, column, box]. */
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
function printed(t: CellTuple<unknown>) {
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

function toCell(reportId: number, table: TableCode, t: CellTuple): Cell {
  return Object.assign(new Cell(), { reportId, table, rowCode: t[0], column: t[1], ...printed(t) });
}

/** The cells of `alias`.cells as one JSON array of tuples in printed order (null: no cells). */
const cellTuples = (alias: string, first: string) =>
  `(SELECT json_agg(json_build_array(${first}, c.column_code, c.value, c.raw_text, c.blank, c.not_applicable,
                                     c.source_line, c.source_column, c.box) ORDER BY c.n)
    FROM unnest(${alias}.cells) WITH ORDINALITY AS c(column_code, value, raw_text, blank, not_applicable,
                                                      source_line, source_column, box, n))`;

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/** Rows of one entity by id, one statement per batch. */
function byIdLoader<T extends { id: number }>(
  ds: DataSource,
  entity: new () => T,
  table: string,
): DataLoader<number, T | null> {
  return new DataLoader<number, T | null>(async (ids) =>
    byId(
      ids,
      hydrate(
        ds,
        entity,
        await readQuery<Record<string, unknown>>(
          ds,
          `SELECT ${selectList(ds, entity, 't')} FROM ${table} t WHERE t.id = ANY($1)`,
          [[...ids]],
        ),
      ),
    ),
  );
}

export function createLoaders(ds: DataSource) {
  const agencyById = byIdLoader(ds, Agency, 'agencies');
  const reportById = byIdLoader(ds, Report, 'reports');

  const reportsByAgency = new DataLoader<AgencyReportsKey, Report[], string>(
    async (keys) => {
      const agencyIds = [...new Set(keys.map((k) => k.agencyId))];
      // One statement for every agency in the batch; the year filters of the keys (usually one
      // shared argument value) are applied when the rows are handed back.
      const reports = hydrate(
        ds,
        Report,
        await readQuery<Record<string, unknown>>(
          ds,
          `SELECT ${selectList(ds, Report, 'r')} FROM reports r WHERE r.agency_id = ANY($1) ORDER BY r.agency_id, r.year`,
          [agencyIds],
        ),
      );
      const grouped = groupBy(reports, (r) => r.agencyId);
      return keys.map((k) => {
        const list = grouped.get(k.agencyId) ?? [];
        return k.years ? list.filter((r) => k.years?.includes(r.year)) : list;
      });
    },
    { cacheKeyFn: (k) => `${k.agencyId}|${k.years?.join(',') ?? '*'}` },
  );

  const sourceTextByReport = new DataLoader<number, string | null>(async (ids) => {
    const rows: { id: number; source_text: string }[] = await ds.query(
      'SELECT id, source_text FROM reports WHERE id = ANY($1)',
      [[...ids]],
    );
    const map = new Map(rows.map((r) => [r.id, r.source_text]));
    return ids.map((id) => map.get(id) ?? null);
  });

  const sectionsByReport = new DataLoader<number, Section[]>(async (reportIds) => {
    const sections = await ds
      .getRepository(Section)
      .find({ where: { reportId: In([...reportIds]) }, order: { reportId: 'ASC', number: 'ASC' } });
    const grouped = groupBy(sections, (s) => s.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });

  const rowsByReport = new DataLoader<number, ReportRow[]>(async (reportIds) => {
    // The row's box is a page_box, not an entity column: read as JSON beside the entity's columns.
    const raw = await readQuery<Record<string, unknown> & { box: PageBoxJson }>(
      ds,
      `SELECT ${selectList(ds, ReportRow, 'r')}, to_jsonb(r.box) AS box
       FROM report_rows r WHERE r.report_id = ANY($1) ORDER BY r.report_id, r.position`,
      [[...reportIds]],
    );
    const rows = hydrate(ds, ReportRow, raw);
    rows.forEach((row, i) => (row.box = pageBox(raw[i]!.box)));
    const grouped = groupBy(rows, (r) => r.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });

  const extraRowsByReport = new DataLoader<number, ExtraRow[]>(async (reportIds) => {
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
    const rows = raw.map((r) =>
      Object.assign(new ExtraRow(), {
        reportId: r.report_id,
        table: r.table_code,
        position: r.position,
        label: r.label,
        sourceLine: r.source_line,
        box: pageBox(r.box),
        cells: (r.cells ?? []).map((t) => Object.assign(new ExtraCell(), { column: t[1], ...printed(t) })),
      }),
    );
    const grouped = groupBy(rows, (r) => r.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });

  /** The tables of each report some row of which was flagged (reports.partial_tables). */
  const partialTablesByReport = new DataLoader<number, TableCode[]>(async (reportIds) => {
    // text[]: pg hands an enum array over as its literal, a text array as an array.
    const rows = await readQuery<{ id: number; partial: TableCode[] }>(
      ds,
      'SELECT r.id, r.partial_tables::text[] AS partial FROM reports r WHERE r.id = ANY($1)',
      [[...reportIds]],
    );
    const map = new Map(rows.map((r) => [r.id, r.partial]));
    return reportIds.map((id) => map.get(id) ?? []);
  });

  const cellsByReportTable = new DataLoader<ReportTableKey, Cell[], string>(
    async (keys) => {
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
      const grouped = new Map(
        rows.map((r) => [
          `${r.report_id}|${r.table_code}`,
          r.cells.map((t) => toCell(r.report_id, r.table_code, t)),
        ]),
      );
      return keys.map((k) => grouped.get(`${k.reportId}|${k.table}`) ?? []);
    },
    { cacheKeyFn: (k) => `${k.reportId}|${k.table}` },
  );

  // The typed views read the report_grids read model: one small jsonb object per (report,
  // table) instead of every cell (profile in BENCHMARKS.md, "Serving").
  const gridByReportTable = new DataLoader<ReportTableKey, CellGrid | null, string>(
    (keys) => readGrids(ds, keys),
    { cacheKeyFn: (k) => `${k.reportId}|${k.table}` },
  );

  const issuesByReport = new DataLoader<number, ValidationIssue[]>(async (reportIds) => {
    const issues = await ds
      .getRepository(ValidationIssue)
      .find({ where: { reportId: In([...reportIds]) }, order: { reportId: 'ASC', id: 'ASC' } });
    const grouped = groupBy(issues, (i) => i.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });

  return {
    agencyById,
    reportById,
    reportsByAgency,
    sourceTextByReport,
    sectionsByReport,
    rowsByReport,
    extraRowsByReport,
    partialTablesByReport,
    cellsByReportTable,
    gridByReportTable,
    issuesByReport,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

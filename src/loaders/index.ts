/**
 * Per-request DataLoaders: created in the GraphQL context function, so caching never leaks
 * between requests. Each batch is one parameterised SQL statement, whatever the number of keys.
 */
import DataLoader from 'dataloader';
import { type DataSource, In } from 'typeorm';
import { type ColumnCode, type RowCode, type TableCode } from '../domain/codes';
import { Agency, Report, ReportRow, Section, ValidationIssue } from '../entities';
import { Cell } from '../schema/types/cell';

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

interface CellRow {
  report_id: number;
  table_code: TableCode;
  row_code: RowCode;
  column_code: ColumnCode;
  value: string | null;
  raw_text: string;
  blank: boolean;
  not_applicable: boolean;
  source_line: number | null;
  source_column: number | null;
}

function toCell(r: CellRow): Cell {
  return Object.assign(new Cell(), {
    reportId: r.report_id,
    table: r.table_code,
    rowCode: r.row_code,
    column: r.column_code,
    // numeric arrives as text (it can exceed a double); report figures fit one exactly enough.
    value: r.value == null ? null : Number(r.value),
    rawText: r.raw_text,
    blank: r.blank,
    notApplicable: r.not_applicable,
    sourceLine: r.source_line,
    sourceColumn: r.source_column,
  });
}

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): (T | null)[] {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createLoaders(ds: DataSource) {
  const agencyById = new DataLoader<number, Agency | null>(async (ids) =>
    byId(ids, await ds.getRepository(Agency).findBy({ id: In([...ids]) })),
  );

  const reportById = new DataLoader<number, Report | null>(async (ids) =>
    byId(ids, await ds.getRepository(Report).findBy({ id: In([...ids]) })),
  );

  const reportsByAgency = new DataLoader<AgencyReportsKey, Report[], string>(
    async (keys) => {
      const agencyIds = [...new Set(keys.map((k) => k.agencyId))];
      // One statement for every agency in the batch; the year filters of the keys (usually one
      // shared argument value) are applied when the rows are handed back.
      const reports = await ds
        .getRepository(Report)
        .find({ where: { agencyId: In(agencyIds) }, order: { agencyId: 'ASC', year: 'ASC' } });
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
    const rows = await ds
      .getRepository(ReportRow)
      .find({ where: { reportId: In([...reportIds]) }, order: { reportId: 'ASC', position: 'ASC' } });
    const grouped = groupBy(rows, (r) => r.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });

  const cellsByReportTable = new DataLoader<ReportTableKey, Cell[], string>(
    async (keys) => {
      // Cells live inside their rows (report_rows.cells); unnest them in row and column order.
      const rows: CellRow[] = await ds.query(
        `SELECT r.report_id, r.table_code, r.row_code, c.column_code, c.value::text AS value, c.raw_text,
                c.blank, c.not_applicable, c.source_line, c.source_column
         FROM report_rows r
         CROSS JOIN LATERAL unnest(r.cells) WITH ORDINALITY AS c(column_code, value, raw_text, blank,
                                                                 not_applicable, source_line, source_column, n)
         WHERE (r.report_id, r.table_code) IN (SELECT * FROM unnest($1::integer[], $2::table_code[]))
         ORDER BY r.report_id, r.table_code, r.position, c.n`,
        [keys.map((k) => k.reportId), keys.map((k) => k.table)],
      );
      const grouped = groupBy(rows.map(toCell), (c) => `${c.reportId}|${c.table}`);
      return keys.map((k) => grouped.get(`${k.reportId}|${k.table}`) ?? []);
    },
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
    cellsByReportTable,
    issuesByReport,
  };
}

export type Loaders = ReturnType<typeof createLoaders>;

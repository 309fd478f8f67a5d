/**
 * Trends of any figure: an applications row or group of rows (e.g. all of 不予公开), an
 * active-disclosure or review/litigation figure, in any column, by year, with the change from
 * the previous year; grouped like the breakdown. One SQL statement: over the report_facts read
 * model when it holds the figure (a 总计 of rows it has columns for, e.g. all of 不予公开), else
 * over the stored cells (report_rows).
 *
 * Over report_rows a trend read one heap page of report_rows per report, and that table outgrows
 * the cache: 10× the reports cost 10–12× the time (issue 15). The facts path reads one narrow row
 * per report, and a region's rows through report_facts' region indexes.
 */
import { type DataSource } from 'typeorm';
import { ColumnCode, RowCode, TableCode } from '../domain/codes';
import { BadUserInputError } from '../errors';
import { csvShape } from './csv';
import { type ReportScope } from '../db/queries/scope';
import { num } from '../db/numeric';
import { GroupBy, groupCodeSql, groupSql } from './groups';
import { factsScope, reportsScope } from './scope';
import { Params } from '../db/params';
import { factColumn, factsMeasure, rowMaskSql } from '../db/read-models/report-facts';
import { totalOfPartsSql } from '../db/read-models/totals';
import { scopeConditions } from '../db/queries/scope';

/** Groups of applications rows whose sum is a figure of its own. */
export enum RowGroup {
  REFUSED = 'refused',
  UNABLE_TO_PROVIDE = 'unableToProvide',
  NOT_PROCESSED = 'notProcessed',
  OTHER_DISPOSAL = 'otherDisposal',
}

export interface Measure {
  table: TableCode;
  /** One row… */
  row?: RowCode | null;
  /** …or a group of applications rows (summed). */
  group?: RowGroup | null;
  column: ColumnCode;
}

export interface TrendPoint {
  year: number;
  groupCode: string;
  groupName: string;
  /** Reports contributing a value. */
  reports: number;
  value: number | null;
  /** value − the previous year's value in the same group (null when that year has no value). */
  change: number | null;
  /** change / previous year's value. */
  changeRate: number | null;
}

/** The row codes a measure sums. */
export function measureRows(m: Measure): RowCode[] {
  if ((m.row == null) === (m.group == null)) {
    throw new BadUserInputError('give exactly one of row or group in the measure');
  }
  if (m.row) return [m.row];
  if (m.table !== TableCode.APPLICATIONS) {
    throw new BadUserInputError('row groups exist only in the applications table');
  }
  const prefix = `${m.group}.`;
  // The 2019 form prints 其他处理 as one row (otherDisposal) where 2021 has three parts.
  return Object.values(RowCode).filter((c) => c.startsWith(prefix) || (c as string) === m.group);
}

interface Row {
  year: number;
  group_code: string;
  group_name: string;
  reports: string;
  value: string | null;
  change: string | null;
  change_rate: string | null;
}

/** The per-(year, group) aggregate over report_facts `f`, or null when the facts lack the figure. */
function factsYearly(measure: Measure, rows: RowCode[], filter: ReportScope, groupBy: GroupBy, p: Params) {
  if (measure.column !== ColumnCode.TOTAL) return null;
  const figures = factsMeasure(measure.table, rows);
  if (!figures) return null;
  const mask = rowMaskSql(p.add(rows));
  const { where } = factsScope(filter, p);
  // Names as the report_rows path took them (the least over the group's agencies): agencies are
  // joined, restricted by the scope's agency conditions too, so one region's question reads that
  // region's agencies (their code indexes), not all of them.
  const named = groupBy !== GroupBy.NONE;
  const { where: onAgencies } = scopeConditions(
    { ...filter, agencyIds: null, yearFrom: null, yearTo: null, formVersion: null },
    p,
    { agencyId: 'a.id', agency: 'a', names: 'a' },
  );
  const join = named || onAgencies.length ? 'JOIN agencies a ON a.id = f.agency_id' : '';
  const code = groupCodeSql(groupBy, 'f');
  // A report's value: the known parts' sum (the rule of totals.ts). Summed in double precision,
  // exact for the counts reports print, then numeric as the cells' sums were (change and
  // changeRate are computed from it alike): per-row numeric arithmetic was 70% of the statement.
  const value = totalOfPartsSql(figures.map((f) => factColumn(f.column)));
  return `SELECT f.year, ${code} AS group_code, min(${groupSql(groupBy).name}) AS group_name,
                 count(*) AS reports, sum(${value})::numeric AS value
          FROM report_facts f ${join}
          WHERE f.total_rows & ${mask} <> 0 AND ${[where, ...onAgencies].join(' AND ')}
          GROUP BY ${['f.year', ...(named ? [code] : [])].join(', ')}`;
}

/** The same aggregate over the stored cells: any table, row and column. */
function cellsYearly(
  measure: Measure,
  rows: RowCode[],
  filter: ReportScope,
  groupBy: GroupBy,
  p: Params,
): string {
  const table = p.add(measure.table);
  const rowCodes = p.add(rows);
  const column = p.add(measure.column);
  const where = reportsScope(filter, p);
  const g = groupSql(groupBy);
  return `SELECT r.year, ${g.code} AS group_code, min(${g.name}) AS group_name,
                 count(DISTINCT r.id) AS reports, sum(c.value) AS value
          FROM reports r
          JOIN agencies a ON a.id = r.agency_id
          JOIN report_rows rr ON rr.report_id = r.id AND rr.table_code = ${table}::table_code
                             AND rr.row_code = ANY(${rowCodes}::row_code[])
          CROSS JOIN LATERAL unnest(rr.cells) c
          WHERE c.column_code = ${column}::column_code AND ${where}
          GROUP BY ${['r.year', ...g.keys].join(', ')}`;
}

export async function cellTrend(
  ds: DataSource,
  measure: Measure,
  filter: ReportScope,
  groupBy: GroupBy = GroupBy.NONE,
): Promise<TrendPoint[]> {
  const p = new Params();
  const rows = measureRows(measure);
  const yearly =
    factsYearly(measure, rows, filter, groupBy, p) ?? cellsYearly(measure, rows, filter, groupBy, p);
  const result: Row[] = await ds.query(
    `WITH yearly AS (${yearly})
     SELECT year, group_code, group_name, reports, value,
            CASE WHEN lag(year) OVER w = year - 1 THEN value - lag(value) OVER w END AS change,
            CASE WHEN lag(year) OVER w = year - 1
                 THEN (value - lag(value) OVER w) / nullif(lag(value) OVER w, 0) END AS change_rate
     FROM yearly
     WINDOW w AS (PARTITION BY group_code ORDER BY year)
     ORDER BY group_code, year`,
    p.values,
  );
  return result.map((r) => ({
    year: r.year,
    groupCode: r.group_code,
    groupName: r.group_name,
    reports: Number(r.reports),
    value: num(r.value),
    change: num(r.change),
    changeRate: num(r.change_rate),
  }));
}

export const TREND_CSV = csvShape<TrendPoint>([
  ['year', (r) => r.year],
  ['group_code', (r) => r.groupCode],
  ['group_name', (r) => r.groupName],
  ['reports', (r) => r.reports],
  ['value', (r) => r.value],
  ['change', (r) => r.change],
  ['change_rate', (r) => r.changeRate],
]);

import { type DataSource } from 'typeorm';
import { Agency, Report } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params, whereSql } from '../params';
import { readQuery } from '../prepared';
import { type ReportScope, scopeConditions } from './scope';

/** Conditions over reports `r` and their agencies `a`; `onAgency` when any is on `a`. */
const reportConditions = (s: ReportScope, p: Params) =>
  scopeConditions(s, p, { agencyId: 'r.agency_id', report: 'r', reportId: 'r.id', agency: 'a', names: 'a' });

/** The report's agency, when the page statement read it (see findReports). */
export const JOINED_AGENCY = Symbol('joined agency');
export type PagedReport = Report & { [JOINED_AGENCY]?: Agency };

/** Which columns a page reads: entity properties (undefined: all), and the agency's (null: none). */
export interface PageColumns {
  report?: ReadonlySet<string>;
  agency?: ReadonlySet<string> | null;
}

/** Columns every report row carries: its key, and what field resolvers start from. */
const REPORT_KEYS = ['id', 'agencyId'];

/**
 * One page of reports by id, fetching one extra row to tell whether another page exists. Only
 * the asked columns are read, and the agencies' in the same statement: a list page showing agency
 * names is one round trip. Each report carries its agency (JOINED_AGENCY) rather than sharing it
 * through the request's loaders, as it may hold only some columns.
 */
export async function findReports(
  ds: DataSource,
  c: ReportScope,
  afterId: number | undefined,
  size: number,
  columns: PageColumns = {},
): Promise<PagedReport[]> {
  const p = new Params();
  const { where } = reportConditions(c, p);
  if (afterId != null) where.push(`r.id > ${p.add(afterId)}`);
  const reportColumns = columns.report && new Set([...REPORT_KEYS, ...columns.report]);
  const agencyColumns =
    columns.agency === undefined ? undefined : columns.agency && new Set(['id', ...columns.agency]);
  const select = [selectList(ds, Report, 'r', '', reportColumns)];
  if (agencyColumns !== null) select.push(selectList(ds, Agency, 'a', 'agency.', agencyColumns));
  const rows = await readQuery<Record<string, unknown>>(
    ds,
    `SELECT ${select.join(', ')}
     FROM reports r JOIN agencies a ON a.id = r.agency_id
     ${whereSql(where)}
     ORDER BY r.id LIMIT ${p.add(size + 1)}`,
    p.values,
  );
  const reports: PagedReport[] = hydrate(ds, Report, rows);
  if (agencyColumns !== null) {
    hydrate(ds, Agency, rows, 'agency.').forEach((agency, i) => (reports[i]![JOINED_AGENCY] = agency));
  }
  return reports;
}

export async function countReports(ds: DataSource, c: ReportScope): Promise<number> {
  const p = new Params();
  const { where, onAgency } = reportConditions(c, p);
  // Agencies are joined only when a condition is on them: a count reads no agency columns.
  const rows: { n: string }[] = await ds.query(
    `SELECT count(*) AS n FROM reports r ${onAgency ? 'JOIN agencies a ON a.id = r.agency_id' : ''} ${whereSql(where)}`,
    p.values,
  );
  return Number(rows[0]?.n ?? 0);
}

import { type DataSource } from 'typeorm';
import { Agency, Report } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params, whereSql } from '../params';
import { readQuery } from '../prepared';
import {
  keysetSql,
  pageOf,
  pageStatement,
  type PageResult,
  type PageSpec,
  rowsOfPage,
  type Sorted,
} from './keyset';
import { ordersByFacts, ReportOrderField, reportSortKey } from './orders';
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

/** A page of reports: its order (./orders) and window (./keyset). */
export interface ReportPage extends Omit<PageSpec, 'key'> {
  field: ReportOrderField;
}

/** The default: by id, forward (the order lists had before they took orderBy). */
export const BY_ID: Omit<ReportPage, 'size'> = { field: ReportOrderField.ID, desc: false, backward: false };

/**
 * One page of reports in an order, both ways (./keyset: one row more than asked, and whether
 * rows lie behind the cursor, in the same statement). Only the asked columns are read, and the
 * agencies' in the same statement: a list page showing agency names is one round trip. Each
 * report carries its agency (JOINED_AGENCY) rather than sharing it through the request's loaders,
 * as it may hold only some columns.
 */
export async function findReports(
  ds: DataSource,
  c: ReportScope,
  page: ReportPage,
  columns: PageColumns = {},
): Promise<PageResult<PagedReport & Sorted>> {
  const p = new Params();
  const { where } = reportConditions(c, p);
  const reportColumns = columns.report && new Set([...REPORT_KEYS, ...columns.report]);
  const agencyColumns =
    columns.agency === undefined ? undefined : columns.agency && new Set(['id', ...columns.agency]);
  const select = [selectList(ds, Report, 'r', '', reportColumns)];
  if (agencyColumns !== null) select.push(selectList(ds, Agency, 'a', 'agency.', agencyColumns));
  const ks = keysetSql({ ...page, key: reportSortKey(page.field, page.desc) }, 'r.id', p);
  const facts = ordersByFacts(page.field) ? 'LEFT JOIN report_facts f ON f.report_id = r.id' : '';
  const text = pageStatement({
    select,
    from: `reports r JOIN agencies a ON a.id = r.agency_id ${facts}`,
    where,
    ks,
  });
  const read = rowsOfPage(await readQuery<Record<string, unknown>>(ds, text, p.values), (rows) =>
    hydrate(ds, Report, rows),
  );
  const reports: (PagedReport & Sorted)[] = read.entities;
  if (agencyColumns !== null) {
    hydrate(ds, Agency, read.rows, 'agency.').forEach((agency, i) => (reports[i]![JOINED_AGENCY] = agency));
  }
  return pageOf(page, reports, read.behind);
}

/** Which reports of each agency: some years only (none: all). */
export interface AgencyReportsScope {
  years?: readonly number[];
}

/**
 * A page of the reports of each agency (in one order and window), one statement for any number
 * of agencies: a lateral join over their ids. `page.size` null reads every report of each.
 */
export async function reportPagesOfAgencies(
  ds: DataSource,
  agencyIds: readonly number[],
  scope: AgencyReportsScope,
  page: ReportPage,
): Promise<Map<number, PageResult<Report & Sorted>>> {
  const p = new Params();
  const keys = p.add([...agencyIds]);
  const where = scope.years ? [`r.year = ANY(${p.add([...scope.years])}::smallint[])`] : [];
  const ks = keysetSql({ ...page, key: reportSortKey(page.field, page.desc) }, 'r.id', p);
  const joins = [
    page.field === ReportOrderField.AGENCY_NAME ? 'JOIN agencies a ON a.id = r.agency_id' : '',
    ordersByFacts(page.field) ? 'LEFT JOIN report_facts f ON f.report_id = r.id' : '',
  ];
  const text = pageStatement({
    select: [selectList(ds, Report, 'r')],
    from: `reports r ${joins.join(' ')}`,
    where,
    ks,
    partition: { keys, column: 'r.agency_id' },
  });
  const rows = await readQuery<Record<string, unknown>>(ds, text, p.values);
  const byAgency = new Map<number, Record<string, unknown>[]>(agencyIds.map((id) => [id, []]));
  for (const row of rows) byAgency.get(row.gk_key as number)?.push(row);
  const out = new Map<number, PageResult<Report & Sorted>>();
  for (const [id, own] of byAgency) {
    const read = rowsOfPage(own, (r) => hydrate(ds, Report, r));
    out.set(id, pageOf(page, read.entities, read.behind));
  }
  return out;
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

/** How many reports each agency has (of some years), one statement for any number of agencies. */
export async function countReportsOfAgencies(
  ds: DataSource,
  agencyIds: readonly number[],
  scope: AgencyReportsScope,
): Promise<Map<number, number>> {
  const p = new Params();
  const where = [`r.agency_id = ANY(${p.add([...agencyIds])}::integer[])`];
  if (scope.years) where.push(`r.year = ANY(${p.add([...scope.years])}::smallint[])`);
  const rows = await readQuery<{ agency_id: number; n: string }>(
    ds,
    `SELECT r.agency_id, count(*) AS n FROM reports r ${whereSql(where)} GROUP BY r.agency_id`,
    p.values,
  );
  return new Map(rows.map((r) => [r.agency_id, Number(r.n)]));
}

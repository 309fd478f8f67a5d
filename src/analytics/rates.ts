/**
 * Rates per report and per group, and rankings of groups by a rate over a year range, with a
 * minimum request volume so tiny bodies do not top every list. One SQL statement each, over
 * report_facts.
 */
import { type DataSource } from 'typeorm';
import { BadUserInputError } from '../errors';
import { csvShape } from './csv';
import { num } from '../db/numeric';
import { type ReportScope } from '../db/queries/scope';
import { GroupBy, groupCodeSql, groupNameSql } from './groups';
import { factsScope } from './scope';
import { Params } from '../db/params';
import { factColumn, factTotal, refusedTotal } from '../db/read-models/report-facts';

export enum Rate {
  /** 予以公开 / 总计 */
  GRANT = 'grant',
  /** (予以公开 + 部分公开) / 总计 */
  GRANT_OR_PARTIAL = 'grantOrPartial',
  /** Σ 不予公开 / 总计 */
  REFUSAL = 'refusal',
  /** 本机关不掌握相关政府信息 / 总计 */
  NOT_HELD = 'notHeld',
  /** (行政复议 + 行政诉讼) / 总计 */
  LITIGATION = 'litigation',
}

/**
 * The numerator of each rate, per report row of report_facts `f`; a total of several columns
 * follows the one rule of src/db/read-models/totals.ts.
 */
export const RATE_NUMERATOR: Readonly<Record<Rate, string>> = {
  [Rate.GRANT]: factColumn('granted'),
  [Rate.GRANT_OR_PARTIAL]: factTotal(['granted', 'partially_granted']),
  [Rate.REFUSAL]: refusedTotal(),
  [Rate.NOT_HELD]: factColumn('unable_not_held'),
  [Rate.LITIGATION]: factTotal(['reconsideration_total', 'litigation_total']),
};

/** The rates of a report or a group, and the requests processed they are shares of. */
export interface RateFigures {
  /** Σ 三(七) 总计: requests processed. */
  processed: number | null;
  grantRate: number | null;
  grantOrPartialRate: number | null;
  refusalRate: number | null;
  notHeldRate: number | null;
  litigationRate: number | null;
}

export interface GroupRates extends RateFigures {
  groupCode: string;
  groupName: string;
  reports: number;
}

interface Row {
  group_code: string;
  group_name: string;
  reports: string;
  processed: string | null;
  grant: string | null;
  grant_or_partial: string | null;
  refusal: string | null;
  not_held: string | null;
  litigation: string | null;
}

/** The rate columns every rates query returns, as numbers. */
const rateFields = (r: Omit<Row, 'group_code' | 'group_name' | 'reports'>) => ({
  processed: num(r.processed),
  grantRate: num(r.grant),
  grantOrPartialRate: num(r.grant_or_partial),
  refusalRate: num(r.refusal),
  notHeldRate: num(r.not_held),
  litigationRate: num(r.litigation),
});

const toRates = (r: Row): GroupRates => ({
  groupCode: r.group_code,
  groupName: r.group_name,
  reports: Number(r.reports),
  ...rateFields(r),
});
const RATE_COLUMN: Readonly<Record<Rate, string>> = {
  [Rate.GRANT]: 'grant',
  [Rate.GRANT_OR_PARTIAL]: 'grant_or_partial',
  [Rate.REFUSAL]: 'refusal',
  [Rate.NOT_HELD]: 'not_held',
  [Rate.LITIGATION]: 'litigation',
};

function ratesSql(filter: ReportScope, p: Params, groupBy: GroupBy): string {
  const { where, join } = factsScope(filter, p);
  const code = groupCodeSql(groupBy, 'f');
  const rate = (r: Rate) => `sum(${RATE_NUMERATOR[r]}) / nullif(sum(f.total_processed), 0)`;
  return `SELECT g.*, ${groupNameSql(groupBy, 'g.group_code')} AS group_name FROM (
            SELECT ${code} AS group_code, count(*) AS reports, sum(f.total_processed) AS processed,
                   ${rate(Rate.GRANT)} AS grant, ${rate(Rate.GRANT_OR_PARTIAL)} AS grant_or_partial,
                   ${rate(Rate.REFUSAL)} AS refusal, ${rate(Rate.NOT_HELD)} AS not_held,
                   ${rate(Rate.LITIGATION)} AS litigation
            FROM report_facts f ${join}
            WHERE ${where}
            ${groupBy === GroupBy.NONE ? '' : `GROUP BY ${code}`}
          ) g`;
}

/** Rates of each group over the filtered reports (all years in the filter together). */
export async function groupRates(
  ds: DataSource,
  filter: ReportScope,
  groupBy: GroupBy,
): Promise<GroupRates[]> {
  const p = new Params();
  const rows: Row[] = await ds.query(`${ratesSql(filter, p, groupBy)} ORDER BY 1`, p.values);
  return rows.map(toRates);
}

export interface RankingOptions {
  rate: Rate;
  groupBy: GroupBy;
  /** Highest first (top) or lowest first (bottom). */
  order: 'top' | 'bottom';
  limit: number;
  /** Only groups that processed at least this many requests in the range. */
  minRequests: number;
}

export async function rankGroups(
  ds: DataSource,
  filter: ReportScope,
  o: RankingOptions,
): Promise<GroupRates[]> {
  if (!Number.isInteger(o.limit) || o.limit < 1 || o.limit > 1000) {
    throw new BadUserInputError(`limit must be between 1 and 1000; got ${o.limit}`);
  }
  if (o.groupBy === GroupBy.NONE) throw new BadUserInputError('rankings need a groupBy other than NONE');
  const p = new Params();
  const sql = ratesSql(filter, p, o.groupBy);
  const min = p.add(o.minRequests);
  const limit = p.add(o.limit);
  const col = RATE_COLUMN[o.rate];
  const rows: Row[] = await ds.query(
    `SELECT * FROM (${sql}) r
     WHERE r.processed >= ${min} AND r.${col} IS NOT NULL
     ORDER BY r.${col} ${o.order === 'top' ? 'DESC' : 'ASC'}, r.processed DESC, r.group_code
     LIMIT ${limit}`,
    p.values,
  );
  return rows.map(toRates);
}

export interface ReportRates extends RateFigures {
  reportId: number;
}

/** Rates of individual reports (batched: one statement for any number of reports). */
export async function reportRates(ds: DataSource, reportIds: readonly number[]): Promise<ReportRates[]> {
  const rate = (r: Rate) => `${RATE_NUMERATOR[r]} / nullif(f.total_processed, 0)`;
  const rows: (Omit<Row, 'group_code' | 'group_name' | 'reports'> & { report_id: number })[] = await ds.query(
    `SELECT f.report_id, f.total_processed AS processed,
            ${rate(Rate.GRANT)} AS grant, ${rate(Rate.GRANT_OR_PARTIAL)} AS grant_or_partial,
            ${rate(Rate.REFUSAL)} AS refusal, ${rate(Rate.NOT_HELD)} AS not_held,
            ${rate(Rate.LITIGATION)} AS litigation
     FROM report_facts f WHERE f.report_id = ANY($1::integer[])`,
    [reportIds],
  );
  return rows.map((r) => ({ reportId: r.report_id, ...rateFields(r) }));
}

export const GROUP_RATES_CSV = csvShape<GroupRates>([
  ['group_code', (r) => r.groupCode],
  ['group_name', (r) => r.groupName],
  ['reports', (r) => r.reports],
  ['processed', (r) => r.processed],
  ['grant_rate', (r) => r.grantRate],
  ['grant_or_partial_rate', (r) => r.grantOrPartialRate],
  ['refusal_rate', (r) => r.refusalRate],
  ['not_held_rate', (r) => r.notHeldRate],
  ['litigation_rate', (r) => r.litigationRate],
]);

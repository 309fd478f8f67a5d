/**
 * The refused-disclosure breakdown: per year (and group), how many requests were refused for each
 * of the eight legal reasons, as a share of all refusals and of all requests processed.
 * One SQL statement over the report_facts read model.
 */
import { type DataSource } from 'typeorm';
import { type RefusalReason } from '../domain/codes';
import { REFUSAL_REASON_LABELS } from '../domain/labels';
import { csvShapeOf } from './csv';
import { num } from '../db/numeric';
import { type ReportScope } from '../db/queries/scope';
import { GroupBy, groupCodeSql, groupNameSql } from './groups';
import { factsScope } from './scope';
import { Params } from '../db/params';
import { REASON_FIGURES } from '../db/read-models/report-facts';

export interface ReasonFigure {
  reason: RefusalReason;
  /** The reason's Chinese label (属于国家秘密, …). */
  label: string;
  count: number | null;
  /** count / all refusals of the year and group. */
  shareOfRefusals: number | null;
  /** count / all requests processed (三(七) 总计) of the year and group. */
  shareOfProcessed: number | null;
}

export interface RefusedBreakdownRow {
  year: number;
  groupCode: string;
  groupName: string;
  /** Reports in the year and group. */
  reports: number;
  totalProcessed: number | null;
  refused: number | null;
  reasons: ReasonFigure[];
}

interface Row {
  year: number;
  group_code: string;
  group_name: string;
  reports: string;
  processed: string | null;
  refused: string | null;
  reason: RefusalReason;
  count: string | null;
  share_refusals: string | null;
  share_processed: string | null;
}

export async function refusedBreakdown(
  ds: DataSource,
  filter: ReportScope,
  groupBy: GroupBy = GroupBy.NONE,
): Promise<RefusedBreakdownRow[]> {
  const p = new Params();
  const { where, join } = factsScope(filter, p);
  const code = groupCodeSql(groupBy, 'f');
  const sums = REASON_FIGURES.map((f, i) => `sum(f.${f.column}) AS r${i}`).join(', ');
  const values = REASON_FIGURES.map((f, i) => `(${i}, '${f.reason}', r${i})`).join(', ');
  // Aggregate report_facts alone (region codes are on it); names are looked up per group after.
  const rows: Row[] = await ds.query(
    `WITH agg AS (
       SELECT f.year, ${code} AS group_code, count(*) AS reports, sum(f.total_processed) AS processed, ${sums}
       FROM report_facts f ${join}
       WHERE ${where}
       GROUP BY ${['f.year', ...(groupBy === GroupBy.NONE ? [] : [code])].join(', ')}
     ), names AS MATERIALIZED (
       -- once per group, not per output row (years × reasons): inlined, Postgres looked the
       -- names up once per output row (217 groups × 8 reasons = 1,736 lookups; issue 15)
       SELECT g.group_code, ${groupNameSql(groupBy, 'g.group_code')} AS group_name
       FROM (SELECT DISTINCT group_code FROM agg) g
     )
     SELECT agg.year, agg.group_code, names.group_name, agg.reports,
            agg.processed, sum(v.count) OVER w AS refused, v.reason, v.count,
            v.count / nullif(sum(v.count) OVER w, 0) AS share_refusals,
            v.count / nullif(agg.processed, 0) AS share_processed
     FROM agg JOIN names ON names.group_code = agg.group_code
     CROSS JOIN LATERAL (VALUES ${values}) AS v(ord, reason, count)
     WINDOW w AS (PARTITION BY agg.year, agg.group_code)
     ORDER BY agg.year, agg.group_code, v.ord`,
    p.values,
  );
  const out: RefusedBreakdownRow[] = [];
  for (const r of rows) {
    let last = out[out.length - 1];
    if (!last || last.year !== r.year || last.groupCode !== r.group_code) {
      last = {
        year: r.year,
        groupCode: r.group_code,
        groupName: r.group_name,
        reports: Number(r.reports),
        totalProcessed: num(r.processed),
        refused: num(r.refused),
        reasons: [],
      };
      out.push(last);
    }
    last.reasons.push({
      reason: r.reason,
      label: REFUSAL_REASON_LABELS[r.reason],
      count: num(r.count),
      shareOfRefusals: num(r.share_refusals),
      shareOfProcessed: num(r.share_processed),
    });
  }
  return out;
}

/** One CSV line per year, group and reason. */
export const REFUSED_BREAKDOWN_CSV = csvShapeOf(
  (r: RefusedBreakdownRow) => r.reasons.map((reason) => ({ r, reason })),
  [
    ['year', (x) => x.r.year],
    ['group_code', (x) => x.r.groupCode],
    ['group_name', (x) => x.r.groupName],
    ['reports', (x) => x.r.reports],
    ['total_processed', (x) => x.r.totalProcessed],
    ['refused', (x) => x.r.refused],
    ['reason', (x) => x.reason.reason],
    ['reason_label', (x) => x.reason.label],
    ['count', (x) => x.reason.count],
    ['share_of_refusals', (x) => x.reason.shareOfRefusals],
    ['share_of_processed', (x) => x.reason.shareOfProcessed],
  ],
);

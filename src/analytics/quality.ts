/**
 * Data quality across reports: identity breaks by code, year and group; carry-over mismatches
 * between consecutive years of the same agency; reports with flagged tables. And coverage:
 * agencies with no report for a year of the range. One SQL statement each.
 */
import { type DataSource } from 'typeorm';
import { type IssueCode } from '../domain/codes';
import { BadUserInputError } from '../errors';
import { csvShape, csvShapeOf } from './csv';
import { type ReportScope, scopeConditions } from '../db/queries/scope';
import { GroupBy, groupSql } from './groups';
import { factsScope, reportsScope } from './scope';
import { Params } from '../db/params';
import { checkYearRange } from '../db/queries/years';

export interface IssueCount {
  year: number;
  groupCode: string;
  groupName: string;
  code: IssueCode;
  /** Issues of that code. */
  issues: number;
  /** Reports having at least one. */
  reports: number;
}

export async function issueCounts(
  ds: DataSource,
  filter: ReportScope,
  groupBy: GroupBy = GroupBy.NONE,
): Promise<IssueCount[]> {
  const p = new Params();
  const where = reportsScope(filter, p);
  const g = groupSql(groupBy);
  const rows: {
    year: number;
    group_code: string;
    group_name: string;
    code: IssueCode;
    issues: string;
    reports: string;
  }[] = await ds.query(
    `SELECT r.year, ${g.code} AS group_code, min(${g.name}) AS group_name, v.code,
            count(*) AS issues, count(DISTINCT r.id) AS reports
     FROM validation_issues v
     JOIN reports r ON r.id = v.report_id
     JOIN agencies a ON a.id = r.agency_id
     WHERE ${where}
     GROUP BY ${['r.year', ...g.keys, 'v.code'].join(', ')}
     ORDER BY r.year, group_code, v.code`,
    p.values,
  );
  return rows.map((r) => ({
    year: r.year,
    groupCode: r.group_code,
    groupName: r.group_name,
    code: r.code,
    issues: Number(r.issues),
    reports: Number(r.reports),
  }));
}

export interface QualitySummary {
  year: number;
  reports: number;
  /** Reports with at least one issue. */
  reportsWithIssues: number;
  /**
   * Reports with a table flagged whole or in part (report_facts.flagged_tables: a row or a table
   * that could not be read; a partial table counts once however many of its rows were flagged).
   */
  reportsWithFlaggedTables: number;
  /** Reports whose 上年结转 disagrees with the previous year's 结转下年度. */
  carryOverMismatches: number;
}

export async function qualitySummary(ds: DataSource, filter: ReportScope): Promise<QualitySummary[]> {
  const p = new Params();
  const { where, join } = factsScope(filter, p);
  const rows: Record<string, string | number>[] = await ds.query(
    `SELECT f.year, count(*) AS reports,
            count(*) FILTER (WHERE f.issue_count > 0) AS with_issues,
            count(*) FILTER (WHERE f.flagged_tables > 0) AS flagged,
            count(*) FILTER (WHERE carry.report_id IS NOT NULL) AS carry
     FROM report_facts f ${join}
     -- The reports with a carry-over break, once each, joined by hash: a correlated EXISTS was
     -- planned as one index probe per report over 100,000 reports (issue 15).
     LEFT JOIN (SELECT DISTINCT v.report_id FROM validation_issues v WHERE v.code = 'CARRY_OVER_MISMATCH') carry
       ON carry.report_id = f.report_id
     WHERE ${where}
     GROUP BY f.year ORDER BY f.year`,
    p.values,
  );
  return rows.map((r) => ({
    year: Number(r.year),
    reports: Number(r.reports),
    reportsWithIssues: Number(r.with_issues),
    reportsWithFlaggedTables: Number(r.flagged),
    carryOverMismatches: Number(r.carry),
  }));
}

export interface CoverageGap {
  agencyId: number;
  agencyName: string;
  divisionCode: string | null;
  /** Years of the range with no report from the agency. */
  missingYears: number[];
}

export interface Coverage {
  /** Agencies with at least one missing year (all of them, not only those returned). */
  total: number;
  gaps: CoverageGap[];
}

/** Agencies (matching the filter) lacking a report for some year of [yearFrom, yearTo]. */
export async function coverageGaps(ds: DataSource, filter: ReportScope, limit = 100): Promise<Coverage> {
  if (filter.yearFrom == null || filter.yearTo == null) {
    throw new BadUserInputError('coverage needs filter.yearFrom and filter.yearTo', { argument: 'filter' });
  }
  checkYearRange(filter);
  if (filter.yearTo - filter.yearFrom > 50) {
    throw new BadUserInputError('coverage spans at most 50 years (filter.yearFrom to filter.yearTo)', {
      argument: 'filter',
    });
  }
  const p = new Params();
  const from = p.add(filter.yearFrom);
  const to = p.add(filter.yearTo);
  // The agency filter applies to agencies, not to reports: a gap is precisely a missing report.
  const { where: conditions } = scopeConditions(
    { ...filter, yearFrom: null, yearTo: null, formVersion: null, excludeFlagged: null },
    p,
    {
      agencyId: 'a.id',
      agency: 'a',
      names: 'a',
    },
  );
  const where = ['true', ...conditions].join(' AND ');
  // The years each agency has, read from reports' (agency_id, year) index; nothing holds every
  // report or agency at once, so there is no step where a hash or sort outgrows work_mem (the NOT
  // EXISTS form's anti join spilled to temp files past ~100,000 reports; issue 15). Over all
  // agencies: the index in its order, grouped as it comes and merged with agencies' primary key
  // (index-only). A scope: one probe of the index per agency of the scope, so that a province's
  // question reads that province's agencies, not every report.
  const years = (agency: string) =>
    `SELECT array_agg(r.year::int) AS years FROM reports r
     WHERE r.agency_id = ${agency} AND r.year BETWEEN ${from}::int AND ${to}::int`;
  const have = conditions.length
    ? `CROSS JOIN LATERAL (${years('a.id')}) h`
    : `LEFT JOIN (SELECT r.agency_id, array_agg(r.year::int) AS years FROM reports r
                  WHERE r.year BETWEEN ${from}::int AND ${to}::int GROUP BY r.agency_id) h
         ON h.agency_id = a.id`;
  const lim = p.add(limit);
  const missing = `ARRAY(SELECT y FROM generate_series(${from}::int, ${to}::int) AS y
                         WHERE y <> ALL (coalesce(h.years, '{}')) ORDER BY y)`;
  const rows: { id: number; name: string; division_code: string | null; missing: number[]; total: string }[] =
    await ds.query(
      // An agency has a gap when it has fewer years than the range (one report per agency and
      // year: reports' unique key); which years, for the returned page alone. Names too, one
      // primary-key probe each (LIMIT: not flattened into a join that would read every agency).
      // MATERIALIZED: the gaps apart from their order, else a scope's agencies were read in id
      // order through the primary key, every agency of the country, to spare sorting the few gaps.
      `WITH gaps AS MATERIALIZED (
         SELECT a.id, h.years
         FROM agencies a ${have}
         WHERE ${where} AND coalesce(cardinality(h.years), 0) < ${to}::int - ${from}::int + 1
       ), page AS (
         SELECT gaps.*, count(*) OVER () AS total FROM gaps ORDER BY id LIMIT ${lim}
       )
       SELECT h.id, n.name, n.division_code, ${missing} AS missing, h.total
       FROM page h CROSS JOIN LATERAL (SELECT a.name, a.division_code FROM agencies a WHERE a.id = h.id LIMIT 1) n
       ORDER BY h.id`,
      p.values,
    );
  return {
    total: rows.length ? Number(rows[0]!.total) : 0,
    gaps: rows.map((r) => ({
      agencyId: r.id,
      agencyName: r.name,
      divisionCode: r.division_code,
      missingYears: r.missing.map(Number),
    })),
  };
}

export const ISSUE_COUNTS_CSV = csvShape<IssueCount>([
  ['year', (r) => r.year],
  ['group_code', (r) => r.groupCode],
  ['group_name', (r) => r.groupName],
  ['code', (r) => r.code],
  ['issues', (r) => r.issues],
  ['reports', (r) => r.reports],
]);

export const QUALITY_SUMMARY_CSV = csvShape<QualitySummary>([
  ['year', (r) => r.year],
  ['reports', (r) => r.reports],
  ['reports_with_issues', (r) => r.reportsWithIssues],
  ['reports_with_flagged_tables', (r) => r.reportsWithFlaggedTables],
  ['carry_over_mismatches', (r) => r.carryOverMismatches],
]);

/** One CSV line per agency with a gap (the total is not a line). */
export const COVERAGE_CSV = csvShapeOf(
  (c: Coverage) => c.gaps,
  [
    ['agency_id', (g) => g.agencyId],
    ['agency_name', (g) => g.agencyName],
    ['division_code', (g) => g.divisionCode],
    ['missing_years', (g) => g.missingYears.join(' ')],
  ],
);

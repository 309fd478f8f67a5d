/**
 * Every analysis `gongkai export` offers, in the order its usage lists them: how it is run from
 * the parsed options and its CSV shape (declared beside the analysis). An analysis is its file in
 * src/analytics (function, row type, CSV shape), its schema type and query field
 * (src/schema/analytics, src/resolvers/analytics), and one entry here.
 */
import { type DataSource } from 'typeorm';
import { type ReportScope } from '../db/queries/scope';
import { ColumnCode, type RowCode, TableCode } from '../domain/codes';
import { cellTrend, type RowGroup, TREND_CSV } from './cell-trend';
import { type CsvShape } from './csv';
import { GroupBy } from './groups';
import {
  COVERAGE_CSV,
  coverageGaps,
  ISSUE_COUNTS_CSV,
  issueCounts,
  QUALITY_SUMMARY_CSV,
  qualitySummary,
} from './quality';
import { GROUP_RATES_CSV, groupRates, Rate, rankGroups } from './rates';
import { REFUSED_BREAKDOWN_CSV, refusedBreakdown } from './refused-breakdown';
import { SECTION_SEARCH_CSV, searchSections } from './section-search';
import { SECTION_SIMILARITY_CSV, sectionSimilarity } from './section-similarity';

/** What an analysis may be given besides its scope (each takes what it needs, with its defaults). */
export interface AnalysisArgs {
  scope: ReportScope;
  groupBy?: GroupBy;
  table?: TableCode;
  row?: RowCode;
  group?: RowGroup;
  column?: ColumnCode;
  rate?: Rate;
  order?: 'top' | 'bottom';
  limit?: number;
  minRequests?: number;
  minSimilarity?: number;
  section?: number;
  text?: string;
}

export interface Analysis<R = unknown> {
  name: string;
  /** Arguments without which it cannot run. */
  needs?: readonly (keyof AnalysisArgs)[];
  run(ds: DataSource, args: AnalysisArgs): Promise<readonly R[]>;
  csv: CsvShape<R>;
}

const define = <R>(a: Analysis<R>): Analysis => a as unknown as Analysis;

export const ANALYSES: readonly Analysis[] = [
  define({
    name: 'refused-breakdown',
    run: (ds, a) => refusedBreakdown(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: REFUSED_BREAKDOWN_CSV,
  }),
  define({
    name: 'trend',
    run: (ds, a) =>
      cellTrend(
        ds,
        {
          table: a.table ?? TableCode.APPLICATIONS,
          row: a.row,
          group: a.group,
          column: a.column ?? ColumnCode.TOTAL,
        },
        a.scope,
        a.groupBy ?? GroupBy.NONE,
      ),
    csv: TREND_CSV,
  }),
  define({
    name: 'rates',
    run: (ds, a) => groupRates(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: GROUP_RATES_CSV,
  }),
  define({
    name: 'ranking',
    run: (ds, a) =>
      rankGroups(ds, a.scope, {
        rate: a.rate ?? Rate.REFUSAL,
        groupBy: a.groupBy ?? GroupBy.PROVINCE,
        order: a.order ?? 'top',
        limit: a.limit ?? 10,
        minRequests: a.minRequests ?? 30,
      }),
    csv: GROUP_RATES_CSV,
  }),
  define({
    name: 'issue-counts',
    run: (ds, a) => issueCounts(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: ISSUE_COUNTS_CSV,
  }),
  define({ name: 'quality', run: (ds, a) => qualitySummary(ds, a.scope), csv: QUALITY_SUMMARY_CSV }),
  define({
    name: 'similar-sections',
    run: (ds, a) =>
      sectionSimilarity(ds, a.scope, {
        minSimilarity: a.minSimilarity ?? 0.9,
        section: a.section,
        limit: a.limit ?? 10000,
      }),
    csv: SECTION_SIMILARITY_CSV,
  }),
  define({
    name: 'search',
    needs: ['text'],
    run: (ds, a) =>
      searchSections(ds, a.text ?? '', a.scope, { section: a.section, limit: a.limit ?? 10000 }),
    csv: SECTION_SEARCH_CSV,
  }),
  define({
    name: 'coverage',
    run: async (ds, a) => [await coverageGaps(ds, a.scope, a.limit ?? 10000)],
    csv: COVERAGE_CSV,
  }),
];

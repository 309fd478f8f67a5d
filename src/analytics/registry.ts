/**
 * Every analysis, registered once: how `gongkai export` runs it from the parsed options, its CSV
 * shape (declared beside the analysis), and its GraphQL query field (name, description,
 * arguments, row type), from which src/resolvers/analytics/analytics.resolver.ts makes the
 * field. In the order the analytics subgraph's Query type lists the fields (and `export`'s usage
 * the names). An analysis is its file in src/analytics (function, row type, CSV shape), its
 * schema type (src/schema/analytics/types.ts) and one entry here.
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

/**
 * An argument of an analysis' GraphQL field. Its value is the AnalysisArgs entry of its name, but
 * `filter` (a ReportFilter) is the scope and a `spread` input's fields are entries each.
 */
export interface FieldArg {
  name: string;
  /** A GraphQL type by name: Int, Float, String, ReportFilter, or one src/schema/analytics/types.ts exports. */
  type: string;
  nullable?: boolean;
  defaultValue?: number;
  description?: string;
  /** An input object whose fields are the analysis' arguments (MeasureInput: table, row, group, column). */
  spread?: boolean;
  /** A page's length: the server's page size at most. */
  page?: boolean;
}

/** An analysis' GraphQL query field. */
export interface AnalysisField {
  name: string;
  description: string;
  /** Its row type's name, a class src/schema/analytics/types.ts exports. */
  returns: string;
  /** The field is one row, not a list (the analysis still runs to a list of one). */
  single?: boolean;
  /** In the order the SDL prints them. */
  args: readonly FieldArg[];
}

export interface Analysis<R = unknown> {
  /** Its name in `gongkai export`. */
  name: string;
  /** Arguments without which it cannot run. */
  needs?: readonly (keyof AnalysisArgs)[];
  run(ds: DataSource, args: AnalysisArgs): Promise<readonly R[]>;
  csv: CsvShape<R>;
  field: AnalysisField;
}

const define = <R>(a: Analysis<R>): Analysis => a as unknown as Analysis;

// Enum arguments have no GraphQL defaults: defaults lose their internal value when a subgraph
// schema is rebuilt from SDL; the defaults are applied by `run` and stated in the descriptions.
const FILTER: FieldArg = { name: 'filter', type: 'ReportFilter', nullable: true };
const GROUP_BY: FieldArg = { name: 'groupBy', type: 'GroupBy', nullable: true, description: 'Default NONE' };
const SECTION: FieldArg = { name: 'section', type: 'Int', nullable: true };
const page = (defaultValue: number): FieldArg => ({ name: 'limit', type: 'Int', defaultValue, page: true });

export const ANALYSES: readonly Analysis[] = [
  define({
    name: 'refused-breakdown',
    run: (ds, a) => refusedBreakdown(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: REFUSED_BREAKDOWN_CSV,
    field: {
      name: 'refusedBreakdown',
      description:
        'The refused-disclosure breakdown (不予公开 by the eight reasons) per year, optionally grouped',
      returns: 'RefusedBreakdownRow',
      args: [GROUP_BY, FILTER],
    },
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
    field: {
      name: 'trend',
      description: 'Any figure by year, with the change from the previous year',
      returns: 'TrendPoint',
      args: [GROUP_BY, FILTER, { name: 'measure', type: 'MeasureInput', spread: true }],
    },
  }),
  define({
    name: 'rates',
    run: (ds, a) => groupRates(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: GROUP_RATES_CSV,
    field: {
      name: 'rates',
      description: 'Grant, refusal, not-held and litigation rates per group',
      returns: 'GroupRates',
      args: [GROUP_BY, FILTER],
    },
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
    field: {
      name: 'ranking',
      description: 'Top or bottom groups by a rate, among groups with enough requests',
      returns: 'GroupRates',
      args: [
        FILTER,
        { name: 'minRequests', type: 'Float', defaultValue: 30, description: 'Minimum Σ 总计 of a group' },
        { name: 'limit', type: 'Int', defaultValue: 10 },
        { name: 'order', type: 'RankOrder', nullable: true, description: 'Default TOP' },
        { name: 'groupBy', type: 'GroupBy', description: 'PROVINCE, CITY, COUNTY or AGENCY' },
        { name: 'rate', type: 'Rate' },
      ],
    },
  }),
  define({
    name: 'issue-counts',
    run: (ds, a) => issueCounts(ds, a.scope, a.groupBy ?? GroupBy.NONE),
    csv: ISSUE_COUNTS_CSV,
    field: {
      name: 'issueCounts',
      description: 'Identity breaks and structural issues by code, year and group',
      returns: 'IssueCount',
      args: [GROUP_BY, FILTER],
    },
  }),
  define({
    name: 'quality',
    run: (ds, a) => qualitySummary(ds, a.scope),
    csv: QUALITY_SUMMARY_CSV,
    field: {
      name: 'qualitySummary',
      description: 'Per year: reports with issues, flagged tables, carry-over breaks',
      returns: 'QualitySummary',
      args: [FILTER],
    },
  }),
  define({
    name: 'coverage',
    run: async (ds, a) => [await coverageGaps(ds, a.scope, a.limit ?? 10000)],
    csv: COVERAGE_CSV,
    field: {
      name: 'coverage',
      description: 'Agencies with no report for some year of [yearFrom, yearTo]',
      returns: 'Coverage',
      single: true,
      args: [page(100), { ...FILTER, nullable: false }],
    },
  }),
  define({
    name: 'similar-sections',
    run: (ds, a) =>
      sectionSimilarity(ds, a.scope, {
        minSimilarity: a.minSimilarity ?? 0.9,
        section: a.section,
        limit: a.limit ?? 10000,
      }),
    csv: SECTION_SIMILARITY_CSV,
    field: {
      name: 'similarSections',
      description: 'Sections most similar to the same agency’s previous year (pg_trgm), most similar first',
      returns: 'SectionSimilarity',
      args: [
        page(100),
        { ...SECTION, description: '1–6; default all' },
        { name: 'minSimilarity', type: 'Float', defaultValue: 0.9 },
        FILTER,
      ],
    },
  }),
  define({
    name: 'search',
    needs: ['text'],
    run: (ds, a) =>
      searchSections(ds, a.text ?? '', a.scope, { section: a.section, limit: a.limit ?? 10000 }),
    csv: SECTION_SEARCH_CSV,
    field: {
      name: 'searchSections',
      description: 'Sections containing a text (matched literally), newest first',
      returns: 'SectionMatch',
      args: [page(50), SECTION, FILTER, { name: 'text', type: 'String' }],
    },
  }),
];

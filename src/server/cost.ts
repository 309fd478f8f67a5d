/**
 * What an operation may cost, estimated before it runs: about one unit per value it can produce,
 * each list's size multiplied in. graphql-query-complexity walks the operation (with its
 * variables) and asks this estimator for each field.
 *
 * The sizes are looked up by type and field name rather than declared with type-graphql's field
 * `complexity` option: the subgraphs' schemas are rebuilt from SDL by @apollo/subgraph and the
 * gateway's is composed from them, and neither keeps type-graphql's field extensions, while names
 * are the same in all three. test/unit/server/cost.test.ts checks that every list field has a size here.
 */
import { type ComplexityEstimator } from 'graphql-query-complexity';

/** Years of reports an agency has, or an analysis without a year range spans (2019–2026). */
export const YEARS = 8;
/** Page size of a connection without `first` (src/schema/types/pagination.ts). */
const DEFAULT_PAGE = 20;

/**
 * Fixed sizes of lists without a size argument: the most elements each can have in the national
 * template (rows of a table, columns of a row, sections of a report), or a generous typical count.
 */
export const LIST_SIZES: Record<string, number> = {
  'AgencyConnection.nodes': 1,
  'AgencyConnection.edges': 1,
  'ReportConnection.nodes': 1,
  'ReportConnection.edges': 1,
  'Report.sections': 6,
  'Report.issues': 20,
  'Report.partialTables': 3,
  'Section.rows': 40,
  'Section.extraRows': 10,
  'Row.cells': 8,
  'ExtraRow.cells': 8,
  'ValidationIssue.candidates': 8,
  'Agency.refusalsByYear': YEARS,
  'RefusedBreakdownRow.reasons': 8,
  // Query.coverage's `limit` counts the gaps.
  'Coverage.gaps': 1,
  'CoverageGap.missingYears': YEARS,
};

/**
 * Work of a field beyond the values it returns, in the same units: an aggregate reads every
 * report its filter covers; a text similarity compares every section with the year before.
 */
export const FIELD_WORK: Record<string, number> = {
  'Query.refusedBreakdown': 100,
  'Query.trend': 100,
  'Query.rates': 100,
  'Query.ranking': 100,
  'Query.issueCounts': 100,
  'Query.qualitySummary': 100,
  'Query.coverage': 100,
  'Query.searchSections': 2_000,
  'Query.similarSections': 25_000,
  'Agency.trend': 10,
  'Agency.refusalsByYear': 10,
  'Report.sourceText': 100,
  'Mutation.ingestReport': 10_000,
};

/** Analytics fields that return one element per year and group (their `groupBy`). */
const GROUPED = new Set([
  'Query.refusedBreakdown',
  'Query.trend',
  'Query.rates',
  'Query.issueCounts',
  'Query.ranking',
]);

interface FilterArgs {
  agencyIds?: unknown[];
  province?: string;
  city?: string;
  county?: string;
  divisionCode?: string;
  yearFrom?: number;
  yearTo?: number;
}

/** How specific a region filter is: 0 none, 1 province, 2 city, 3 county. */
function regionLevel(f: FilterArgs): number {
  if (f.county) return 3;
  if (f.city) return 2;
  const code = typeof f.divisionCode === 'string' && /^\d{6}$/.test(f.divisionCode) ? f.divisionCode : '';
  if (code) return code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3;
  return f.province ? 1 : 0;
}

/**
 * Groups per year by `groupBy` and how narrow the filter's region is: GB/T 2260 has 34
 * provinces, ~340 cities, ~3,000 counties; agencies, a few per county.
 */
const GROUPS: Record<string, readonly [number, number, number, number]> = {
  NONE: [1, 1, 1, 1],
  PROVINCE: [34, 1, 1, 1],
  CITY: [340, 20, 1, 1],
  COUNTY: [3_000, 150, 15, 1],
  AGENCY: [10_000, 1_000, 100, 20],
};

/** Years an analysis covers: its filter's range, at most YEARS. */
function years(f: FilterArgs): number {
  const { yearFrom, yearTo } = f;
  if (typeof yearFrom === 'number' && typeof yearTo === 'number' && yearTo >= yearFrom) {
    return Math.min(YEARS, yearTo - yearFrom + 1);
  }
  return YEARS;
}

/** Elements an analytics field returns: years × groups (agencyIds bound the agencies). */
export function fanOut(args: Record<string, unknown>): number {
  const filter = (args.filter ?? {}) as FilterArgs;
  // A subgraph's own schema gives the enum's internal value ('province'), the gateway's its name.
  const groupBy = typeof args.groupBy === 'string' ? args.groupBy.toUpperCase() : 'NONE';
  const row = GROUPS[groupBy] ?? GROUPS.AGENCY!;
  let groups = row[regionLevel(filter)]!;
  if (Array.isArray(filter.agencyIds) && filter.agencyIds.length > 0) {
    groups = Math.min(groups, filter.agencyIds.length);
  }
  // ranking returns its top `limit` groups, at most.
  if (typeof args.limit === 'number') groups = Math.min(groups, Math.max(0, args.limit));
  return years(filter) * groups;
}

/**
 * How many elements a list field returns, from its arguments; undefined for a single value.
 * Page sizes count up to the page cap: a larger `first` is refused by the field itself, with the
 * cap in its message, and `limit`s are cut to it.
 */
export function listSize(
  key: string,
  args: Record<string, unknown>,
  maxPageSize: number,
): number | undefined {
  const count = (n: unknown, fallback: number): number =>
    typeof n === 'number' && Number.isFinite(n) ? Math.min(maxPageSize, Math.max(0, n)) : fallback;
  if (GROUPED.has(key)) return fanOut(args);
  switch (key) {
    case 'Query.agencies':
    case 'Query.reports':
    case 'Agency.reportsConnection':
      return count(args.first ?? args.last, Math.min(DEFAULT_PAGE, maxPageSize));
    case 'Query._entities':
      return Array.isArray(args.representations) ? args.representations.length : 1;
    case 'Agency.reports':
      return Array.isArray(args.years) ? Math.min(args.years.length, YEARS) : YEARS;
    case 'Agency.trend':
    case 'Query.qualitySummary':
      return years((args.filter ?? {}) as FilterArgs);
    case 'Query.coverage':
    case 'Query.similarSections':
    case 'Query.searchSections':
      return count(args.limit, Math.min(100, maxPageSize));
  }
  return LIST_SIZES[key];
}

/** The estimator: a field costs 1, its work, and its list's size times what each element costs. */
export function listSizeEstimator(maxPageSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const key = `${type.name}.${field.name}`;
    const size = listSize(key, args, maxPageSize) ?? 1;
    return 1 + (FIELD_WORK[key] ?? 0) + size * childComplexity;
  };
}

/**
 * Which reports a question is about: the one definition shared by `reports`, `agencies` and every
 * analysis (and `gongkai export`). One validation (checkScope) and one SQL builder
 * (scopeConditions); each caller says only which columns it has where.
 *
 * Before, reports and analytics each had their own (ReportCriteria/reportConditions beside
 * AnalyticsFilter/filterSql), and they disagreed on an empty agencyIds list: reports matched no
 * report, analytics matched all. "Only these agencies", given none, is kept as none.
 */
import { type AgencyKind, type AgencyLevel, type FormVersion } from '../../domain/codes';
import { BadUserInputError } from '../../errors';
import { type Params } from '../params';
import { type RegionCriteria, regionConditions } from './region';
import { checkYearRange, yearConditions } from './years';

/** The agencies of a scope: a region, a level, a kind. */
export interface AgencyScope extends RegionCriteria {
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
}

export interface ReportScope extends AgencyScope {
  /** Only these agencies (none given: none match). */
  agencyIds?: readonly number[] | null;
  /** First and last year, inclusive. */
  yearFrom?: number | null;
  yearTo?: number | null;
  formVersion?: FormVersion | null;
  /** Leave out reports with a table flagged, whole or in part (report_facts.flagged_tables). */
  excludeFlagged?: boolean | null;
}

/** The one check of a scope: a year range in order, agency ids that can be ids. */
export function checkScope(s: ReportScope): void {
  checkYearRange(s);
  for (const id of s.agencyIds ?? []) {
    if (!Number.isSafeInteger(id) || id < 1 || id > 2147483647) {
      throw new BadUserInputError(`agencyIds must be positive whole numbers; got ${id}`, {
        argument: 'agencyIds',
      });
    }
  }
}

/** Where a statement has the columns a scope restricts. */
export interface ScopeColumns {
  /** The report's (or agency's) agency id, e.g. `r.agency_id`, `f.agency_id`, `a.id`. */
  agencyId: string;
  /** Alias of a row with year and form_version (reports or report_facts); none for agencies. */
  report?: string;
  /** The report's id, e.g. `r.id`, `f.report_id` (needed by excludeFlagged). */
  reportId?: string;
  /**
   * Alias of a row with the agency's level, kind and region codes: agencies, or report_facts,
   * which copies them.
   */
  agency: string;
  /** Alias of agencies, for region names (joined only when a name is given: usesNames). */
  names: string;
  /** `agency` is report_facts: a region code also gives the codes above it (its region index). */
  regionIndex?: boolean;
}

/** Whether a scope names a region by name (the only part needing agencies' name columns). */
export const usesNames = (s: AgencyScope): boolean => Boolean(s.province || s.city || s.county);

/**
 * The scope as WHERE conditions (checked first). Values are bound parameters; only aliases and
 * enum casts enter the SQL text. `onAgency`: some condition is on `columns.agency` or `names`.
 */
export function scopeConditions(
  s: ReportScope,
  p: Params,
  columns: ScopeColumns,
): { where: string[]; onAgency: boolean } {
  checkScope(s);
  const where: string[] = [];
  if (s.agencyIds) where.push(`${columns.agencyId} = ANY(${p.add(s.agencyIds)}::integer[])`);
  const hasYears = s.yearFrom != null || s.yearTo != null || s.formVersion != null;
  if (hasYears && !columns.report) throw new RangeError('this statement has no report columns to scope by');
  where.push(...yearConditions(s, p, `${columns.report}.year`));
  if (s.excludeFlagged) {
    if (!columns.reportId)
      throw new RangeError('this statement has no report id to leave flagged reports out by');
    where.push(
      `NOT EXISTS (SELECT 1 FROM report_facts ff WHERE ff.report_id = ${columns.reportId} AND ff.flagged_tables > 0)`,
    );
  }
  if (s.formVersion) where.push(`${columns.report}.form_version = ${p.add(s.formVersion)}::form_version`);
  const onAgency: string[] = [];
  if (s.level) onAgency.push(`${columns.agency}.level = ${p.add(s.level)}::agency_level`);
  if (s.kind) onAgency.push(`${columns.agency}.kind = ${p.add(s.kind)}::agency_kind`);
  onAgency.push(...regionConditions(s, p, columns.names, columns.agency, columns.regionIndex));
  return { where: [...where, ...onAgency], onAgency: onAgency.length > 0 };
}

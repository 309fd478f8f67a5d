/**
 * The report set an analysis runs over, and the grouping, as parameterised SQL. Values are always
 * bound parameters; only fixed fragments chosen from enums are spliced into the SQL text.
 */
import { type AgencyKind, type AgencyLevel, type FormVersion } from '../domain/codes';
import { type Params } from '../db/params';
import { regionConditions } from '../db/queries/region';
import { yearConditions } from '../db/queries/years';

export interface AnalyticsFilter {
  agencyIds?: number[] | null;
  province?: string | null;
  city?: string | null;
  county?: string | null;
  /** A GB/T 2260 code at any level: XX0000 a province, XXXX00 a city, else a county. */
  divisionCode?: string | null;
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  formVersion?: FormVersion | null;
}

/** How rows are grouped besides the year. */
export enum GroupBy {
  NONE = 'none',
  PROVINCE = 'province',
  CITY = 'city',
  COUNTY = 'county',
  AGENCY = 'agency',
}

/** Name filters need the agencies table; everything else is on report_facts itself. */
export const needsAgencyNames = (f: AnalyticsFilter): boolean => Boolean(f.province || f.city || f.county);

/**
 * WHERE conditions over a table `t` with agency_id, year and form_version (report_facts or
 * reports), region codes, level and kind on `attrs` (agencies `a`, or report_facts, which carries
 * them), and names on agencies `a`. Region codes follow the code hierarchy.
 */
export function filterSql(f: AnalyticsFilter, p: Params, t = 'f', attrs = 'a'): string {
  const where: string[] = ['true'];
  if (f.agencyIds?.length) where.push(`${t}.agency_id = ANY(${p.add(f.agencyIds)}::integer[])`);
  where.push(...regionConditions(f, p, 'a', attrs));
  if (f.level) where.push(`${attrs}.level = ${p.add(f.level)}::agency_level`);
  if (f.kind) where.push(`${attrs}.kind = ${p.add(f.kind)}::agency_kind`);
  where.push(...yearConditions(f, p, `${t}.year`));
  if (f.formVersion) where.push(`${t}.form_version = ${p.add(f.formVersion)}::form_version`);
  return where.join(' AND ');
}

/** SQL for the group's code and name over agencies `a`, and what to add to GROUP BY. */
export function groupSql(groupBy: GroupBy): { code: string; name: string; keys: string[] } {
  const g = groupExpr(groupBy);
  // Postgres refuses a constant in GROUP BY: NONE adds no key.
  return { ...g, keys: groupBy === GroupBy.NONE ? [] : [g.code] };
}

/**
 * The group's code over a row `t` carrying province_code, city_code and division_code (agencies,
 * or report_facts, which copies them), and the agency's id as `agencyId`.
 */
export function groupCodeSql(groupBy: GroupBy, t: string, agencyId = `${t}.agency_id`): string {
  switch (groupBy) {
    case GroupBy.NONE:
      return `''`;
    case GroupBy.PROVINCE:
      return `coalesce(${t}.province_code, '')`;
    case GroupBy.CITY:
      return `coalesce(${t}.city_code, ${t}.province_code, '')`;
    case GroupBy.COUNTY:
      return `coalesce(${t}.division_code, '')`;
    case GroupBy.AGENCY:
      return `${agencyId}::text`;
  }
}

/**
 * The display name of a group whose code is `code`, looked up once per group (after aggregation)
 * through the agencies' code indexes, so the aggregation itself needs no join.
 */
export function groupNameSql(groupBy: GroupBy, code: string): string {
  const first = (col: string, where: string) => `(SELECT ${col} FROM agencies n WHERE ${where} LIMIT 1)`;
  switch (groupBy) {
    case GroupBy.NONE:
      return `'全部'`;
    case GroupBy.PROVINCE:
      return `coalesce(${first('n.province', `n.province_code = ${code}`)}, '(unknown)')`;
    case GroupBy.CITY:
      return `coalesce(${first('n.city', `n.city_code = ${code}`)}, ${first('n.province', `n.province_code = ${code}`)}, '(unknown)')`;
    case GroupBy.COUNTY:
      return `coalesce(${first('coalesce(n.county, n.city, n.province)', `n.division_code = ${code}`)}, '(unknown)')`;
    case GroupBy.AGENCY:
      return first('n.name', `n.id = ${code}::integer`);
  }
}

/** For queries that join agencies `a`: the group's code, and its name read from the joined row. */
function groupExpr(groupBy: GroupBy): { code: string; name: string } {
  const code = groupCodeSql(groupBy, 'a', 'a.id');
  switch (groupBy) {
    case GroupBy.NONE:
      return { code, name: `'全部'` };
    case GroupBy.PROVINCE:
      return { code, name: `coalesce(a.province, '(unknown)')` };
    case GroupBy.CITY:
      return { code, name: `coalesce(a.city, a.province, '(unknown)')` };
    case GroupBy.COUNTY:
      // Agencies above county level group under their own (province or city) code.
      return { code, name: `coalesce(a.county, a.city, a.province, '(unknown)')` };
    case GroupBy.AGENCY:
      return { code, name: `a.name` };
  }
}

/** A numeric from Postgres (text) as a JS number, null kept. */
export const num = (v: string | number | null | undefined): number | null => (v == null ? null : Number(v));

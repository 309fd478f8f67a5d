/**
 * How analyses group reports besides the year, as SQL: a group's code and its display name.
 * Only fixed fragments chosen from the enum enter the SQL text.
 */
/** How rows are grouped besides the year. */
export enum GroupBy {
  NONE = 'none',
  PROVINCE = 'province',
  CITY = 'city',
  COUNTY = 'county',
  AGENCY = 'agency',
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

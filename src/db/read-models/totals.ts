/**
 * The one rule for a total made of parts (a group total such as 不予公开, a rate's numerator, an
 * analytics column summing several rows): the sum of the parts that are known, null only when
 * none is. A part is unknown when its row was not read (a flagged row is left out of its table)
 * or its cell could not be read.
 *
 * Before, three rules were in use: the typed views gave null when any part was unknown, the rates
 * counted an unknown part as 0, and the report_facts columns summed what was known (SQL's sum()).
 * The last is kept: it is what the analytics already computed over all their columns, and it is
 * the same total SQL's sum() gives over the parts' rows. A table read in part says so
 * (`Section.partial`, `Report.partialTables`); its totals are the totals of what was read.
 */

/** The rule, in TypeScript (the typed views). */
export function totalOfParts(parts: readonly (number | null | undefined)[]): number | null {
  let total: number | null = null;
  for (const p of parts) if (p != null) total = (total ?? 0) + p;
  return total;
}

/**
 * The rule over SQL expressions of one row (report_facts columns): `coalesce` of all parts is
 * null only when every part is. Over rows, SQL's `sum()` applies the same rule by itself.
 */
export function totalOfPartsSql(parts: readonly string[]): string {
  if (parts.length === 0) throw new RangeError('a total needs at least one part');
  if (parts.length === 1) return parts[0]!;
  return `(CASE WHEN coalesce(${parts.join(', ')}) IS NULL THEN NULL ELSE ${parts
    .map((p) => `coalesce(${p}, 0)`)
    .join(' + ')} END)`;
}

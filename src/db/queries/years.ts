import { BadUserInputError } from '../../errors';
import { type Params } from '../params';

export interface YearRange {
  yearFrom?: number | null;
  yearTo?: number | null;
}

/**
 * The one check of a filter's year range, shared by `reports` and the analytics fields: a range
 * that ends before it starts can match nothing, so it is the caller's mistake, not an empty answer.
 */
export function checkYearRange(r: YearRange): void {
  if (r.yearFrom != null && r.yearTo != null && r.yearFrom > r.yearTo) {
    throw new BadUserInputError(
      `yearFrom (${r.yearFrom}) is after yearTo (${r.yearTo}): no year can match; swap them, or leave one out`,
      { argument: 'yearFrom', yearFrom: r.yearFrom, yearTo: r.yearTo },
    );
  }
}

/** Conditions on the year column `column` for the range (checked first). */
export function yearConditions(r: YearRange, p: Params, column: string): string[] {
  checkYearRange(r);
  const where: string[] = [];
  if (r.yearFrom != null) where.push(`${column} >= ${p.add(r.yearFrom)}`);
  if (r.yearTo != null) where.push(`${column} <= ${p.add(r.yearTo)}`);
  return where;
}

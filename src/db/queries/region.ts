import { divisionCodeColumn, readRegionFilter } from '../../domain/regions';
import { type Params } from '../params';

export interface RegionCriteria {
  province?: string | null;
  city?: string | null;
  county?: string | null;
  divisionCode?: string | null;
}

/**
 * Conditions restricting agencies (alias `a`) to a region: names on `a`, the division code on
 * `codes` (agencies, or report_facts, which carries the codes). A division code selects by the
 * code hierarchy (XX0000 a province, XXXX00 a city, else a county) through the code columns.
 * Short province and city names select as their full names (readRegionFilter). `implied`: a city
 * or county code also constrains the codes above it (province, and city of a county), the leading
 * columns of report_facts' region index (migration AnalyticsRegionIndex1764300000000); the same
 * rows, found as a range of that index.
 */
export function regionConditions(
  region: RegionCriteria,
  p: Params,
  alias = 'a',
  codes = alias,
  implied = false,
): string[] {
  const where: string[] = [];
  // Names as the library spells them (湖南 → 湖南省), as agencies carry them when known.
  const names = readRegionFilter(region, { hints: false });
  if (names.province) where.push(`${alias}.province = ${p.add(names.province)}`);
  if (names.city) where.push(`${alias}.city = ${p.add(names.city)}`);
  if (names.county) where.push(`${alias}.county = ${p.add(names.county)}`);
  const code = region.divisionCode;
  if (!code) return where;
  const column = divisionCodeColumn(code);
  where.push(`${codes}.${column} = ${p.add(code)}`);
  if (implied && column !== 'province_code') {
    // The codes above it, which the code determines (the agencies' generated columns): the
    // region index's leading columns, so that a city or a county is a range of it.
    where.push(`${codes}.province_code = ${p.add(`${code.slice(0, 2)}0000`)}`);
    if (column === 'division_code') {
      where.push(
        code.slice(2, 4) === '00'
          ? `${codes}.city_code IS NULL`
          : `${codes}.city_code = ${p.add(`${code.slice(0, 4)}00`)}`,
      );
    }
  }
  return where;
}

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
 * Short province and city names select as their full names (readRegionFilter).
 */
export function regionConditions(region: RegionCriteria, p: Params, alias = 'a', codes = alias): string[] {
  const where: string[] = [];
  // Names as the library spells them (湖南 → 湖南省), as agencies carry them when known.
  const names = readRegionFilter(region, { hints: false });
  if (names.province) where.push(`${alias}.province = ${p.add(names.province)}`);
  if (names.city) where.push(`${alias}.city = ${p.add(names.city)}`);
  if (names.county) where.push(`${alias}.county = ${p.add(names.county)}`);
  const code = region.divisionCode;
  if (code) where.push(`${codes}.${divisionCodeColumn(code)} = ${p.add(code)}`);
  return where;
}

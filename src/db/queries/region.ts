import { divisionCodeColumn } from '../../domain/regions';
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
 */
export function regionConditions(region: RegionCriteria, p: Params, alias = 'a', codes = alias): string[] {
  const where: string[] = [];
  if (region.province) where.push(`${alias}.province = ${p.add(region.province)}`);
  if (region.city) where.push(`${alias}.city = ${p.add(region.city)}`);
  if (region.county) where.push(`${alias}.county = ${p.add(region.county)}`);
  const code = region.divisionCode;
  if (code) where.push(`${codes}.${divisionCodeColumn(code)} = ${p.add(code)}`);
  return where;
}

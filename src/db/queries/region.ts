import { type ObjectLiteral, type SelectQueryBuilder } from 'typeorm';
import { divisionCodeColumn } from '../../domain/regions';

export interface RegionCriteria {
  province?: string | null;
  city?: string | null;
  county?: string | null;
  divisionCode?: string | null;
}

/**
 * Restrict agencies (alias `a`) to a region. A division code selects by the code hierarchy
 * (XX0000 a province, XXXX00 a city, else a county) through the generated code columns.
 */
export function whereRegion<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  region: RegionCriteria,
  alias = 'a',
): SelectQueryBuilder<T> {
  if (region.province) qb.andWhere(`${alias}.province = :province`, { province: region.province });
  if (region.city) qb.andWhere(`${alias}.city = :city`, { city: region.city });
  if (region.county) qb.andWhere(`${alias}.county = :county`, { county: region.county });
  const code = region.divisionCode;
  if (code) qb.andWhere(`${alias}.${divisionCodeColumn(code)} = :code`, { code });
  return qb;
}

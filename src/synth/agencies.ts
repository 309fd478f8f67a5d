/**
 * The agencies of a corpus: governments, departments, townships and development zones at every
 * level, placed in real divisions (./regions). Regions are drawn from a pool that grows with the
 * corpus, so a small corpus still has several agencies per province and city to aggregate over.
 */
import { AgencyKind, AgencyLevel } from '../domain/codes';
import type { Rng } from './prng';
import { type City, type County, type Province, regionTree, townsOf } from './regions';

export type Layout = 'pipe' | 'lines' | 'tab' | 'html' | 'pdf' | 'pdf-borderless' | 'docx' | ReaderTextLayout;
/** Text as crawlers, PDF text extractors, PDF-to-markdown converters and OCR print it (docs/synth.md). */
export type ReaderTextLayout = 'oneline' | 'colmajor' | 'markdown' | 'ocr';
/** Drawn only when asked for (--layouts), so that the default corpus stays as it was. */
export const READER_TEXT_LAYOUTS: readonly ReaderTextLayout[] = ['oneline', 'colmajor', 'markdown', 'ocr'];
/** The layouts drawn by default: text and HTML, generated thousands a second. */
export const LAYOUTS: readonly Layout[] = ['pipe', 'lines', 'tab', 'html'];
/** Every layout, including those printed by Chromium (render/pdf.ts), drawn only when asked for. */
export const ALL_LAYOUTS: readonly Layout[] = [
  ...LAYOUTS,
  'pdf',
  'pdf-borderless',
  ...READER_TEXT_LAYOUTS,
  // a Word file filled in from the 2021 template (render/docx.ts); parsed by parseDocument
  'docx',
];

export interface Agency {
  /** Stable id used in file names: a + zero-padded index. */
  id: string;
  index: number;
  /** The full official name, as a scraper's manifest gives it. */
  manifestName: string;
  /** The name as the report's title prints it (often shorter). */
  nameInText: string;
  province: string;
  city?: string;
  county?: string;
  divisionCode: string;
  /** Province code prefix (2 digits): the report's folder. */
  provinceCode: string;
  level: AgencyLevel;
  kind: AgencyKind;
  /** Multiplier of the agency's activity: log-normal, so most are small and a few are huge. */
  size: number;
  layout: Layout;
  /** Last year the agency prints the 2019 form (2020 for most; a few keep it longer). */
  last2019FormYear: number;
}

type Slot =
  'provinceGov' | 'provinceDept' | 'cityGov' | 'cityDept' | 'countyGov' | 'countyDept' | 'township' | 'zone';

/** Share of each kind of agency: departments and townships are the many, governments the few. */
const SLOT_WEIGHTS: ReadonlyArray<readonly [Slot, number]> = [
  ['provinceGov', 0.01],
  ['provinceDept', 0.04],
  ['cityGov', 0.03],
  ['cityDept', 0.12],
  ['countyGov', 0.08],
  ['countyDept', 0.3],
  ['township', 0.34],
  ['zone', 0.08],
];

/** Median activity per kind of agency (applications a year, before the log-normal spread). */
const BASE_SIZE: Readonly<Record<Slot, number>> = {
  provinceGov: 260,
  provinceDept: 35,
  cityGov: 70,
  cityDept: 7,
  countyGov: 16,
  countyDept: 1.6,
  township: 0.25,
  zone: 2.5,
};

// Kinds of bodies (not regions): the usual departments of each level of government.
const PROVINCE_DEPTS = [
  '教育厅',
  '公安厅',
  '民政厅',
  '司法厅',
  '财政厅',
  '人力资源和社会保障厅',
  '自然资源厅',
  '生态环境厅',
  '住房和城乡建设厅',
  '交通运输厅',
  '水利厅',
  '农业农村厅',
  '商务厅',
  '文化和旅游厅',
  '卫生健康委员会',
  '应急管理厅',
  '审计厅',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '林业局',
  '发展和改革委员会',
];
const LOCAL_DEPTS = [
  '教育局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化和旅游局',
  '卫生健康局',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '统计局',
  '医疗保障局',
  '退役军人事务局',
  '城市管理局',
  '发展和改革局',
  '行政审批服务局',
  '数据局',
];
const ZONE_TYPES = [
  '经济技术开发区',
  '高新技术产业开发区',
  '经济开发区',
  '工业园区',
  '综合保税区',
  '产业园区',
];

/**
 * Words the parser strips from in front of a title's agency name (`现将…`, `特…`); a name that
 * contains one is cut short by it, so such names are not drawn (a known parser limitation).
 */
const TITLE_UNSAFE = ['现将', '公布', '发布', '关于', '编制', '做好', '根据', '按照', '特'];
const titleSafe = (name: string) => name.length <= 30 && !TITLE_UNSAFE.some((w) => name.includes(w));

/** A city's or county's name without its generic suffix, as zones are named (常德经济技术开发区). */
function shortName(name: string): string {
  const m = /^(.{2,}?)(市|县|区|地区|盟)$/u.exec(name);
  return m ? (m[1] as string) : name;
}

interface Place {
  province: Province;
  city?: City;
  county?: County;
}

/** Shuffled copies, built once per list from the corpus seed: the region pools. */
class Pools {
  private readonly cache = new Map<string, unknown[]>();
  constructor(private readonly rng: Rng) {}
  shuffled<T>(key: string, items: readonly T[]): T[] {
    let s = this.cache.get(key) as T[] | undefined;
    if (!s) {
      const r = this.rng.fork(key);
      s = [...items];
      for (let i = s.length - 1; i > 0; i--) {
        const j = Math.floor(r.next() * (i + 1));
        [s[i], s[j]] = [s[j] as T, s[i] as T];
      }
      this.cache.set(key, s);
    }
    return s;
  }
}

export interface AgencyOptions {
  count: number;
  firstYear: number;
}

/** The corpus's agencies, in a deterministic order. */
export function generateAgencies(rng: Rng, opts: AgencyOptions): Agency[] {
  const provinces = regionTree();
  const pools = new Pools(rng.fork('pools'));
  const draw = rng.fork('agencies');
  const n = opts.count;
  // pool sizes grow with the corpus: about √n provinces' worth of variety, clustered below
  const provincePool = pools
    .shuffled('provinces', provinces)
    .slice(0, Math.min(provinces.length, Math.max(2, Math.round(Math.sqrt(n) / 2))));
  const perProvince = n / provincePool.length;
  const cityPoolSize = Math.max(2, Math.ceil(Math.sqrt(perProvince) / 1.5));
  const countyPoolSize = Math.max(2, Math.ceil(Math.sqrt(perProvince) / 1.2));

  const used = new Set<string>();
  const agencies: Agency[] = [];

  const pickProvince = () => draw.pick(provincePool);
  const pickCity = (p: Province): City | undefined => {
    const cs = pools.shuffled(`cities:${p.code}`, p.cities).slice(0, cityPoolSize);
    return cs.length > 0 ? draw.pick(cs) : undefined;
  };
  const pickCounty = (p: Province): Place | undefined => {
    const city = pickCity(p);
    const list = city ? city.counties : p.directCounties;
    const key = city ? `counties:${city.code}` : `counties:${p.code}`;
    const cs = pools.shuffled(key, list).slice(0, countyPoolSize);
    if (cs.length === 0) return undefined;
    const county = draw.pick(cs);
    return city ? { province: p, city, county } : { province: p, county };
  };

  for (let i = 0; i < n; i++) {
    // the first agencies cover every kind, so that even a tiny corpus has one of each
    const slot: Slot =
      i < SLOT_WEIGHTS.length ? (SLOT_WEIGHTS[i] as [Slot, number])[0] : draw.weighted(SLOT_WEIGHTS);
    let made: Omit<Agency, 'id' | 'index' | 'size' | 'layout' | 'last2019FormYear'> | undefined;
    for (let attempt = 0; attempt < 60 && !made; attempt++) {
      const cand = candidate(slot, attempt);
      if (!cand) continue;
      const key = `${cand.manifestName}@${cand.divisionCode}`;
      if (used.has(key) || !titleSafe(cand.nameInText)) continue;
      used.add(key);
      made = cand;
    }
    if (!made) {
      // a small pool can run out of distinct names for one kind; fall back to a department
      for (let attempt = 0; attempt < 500 && !made; attempt++) {
        const cand = candidate('countyDept', attempt + 60);
        if (!cand) continue;
        const key = `${cand.manifestName}@${cand.divisionCode}`;
        if (used.has(key) || !titleSafe(cand.nameInText)) continue;
        used.add(key);
        made = cand;
      }
    }
    if (!made) throw new Error(`could not draw a distinct agency #${i}`);
    const baseSlot = slotOf(made.level, made.kind);
    agencies.push({
      ...made,
      id: `a${String(i).padStart(6, '0')}`,
      index: i,
      size: BASE_SIZE[baseSlot] * draw.logNormal(1.1),
      layout: draw.weighted([
        ['html', 0.35],
        ['pipe', 0.25],
        ['lines', 0.2],
        ['tab', 0.2],
      ] as const),
      last2019FormYear: draw.chance(0.04) ? draw.int(2021, 2022) : 2020,
    });
  }
  return agencies;

  function candidate(slot: Slot, attempt: number) {
    // widen the pool after repeated collisions: pick from any province then
    const p = attempt < 20 ? pickProvince() : draw.pick(provinces);
    const base = { province: p.name, provinceCode: p.code.slice(0, 2) };
    switch (slot) {
      case 'provinceGov': {
        const full = `${p.name}人民政府`;
        return {
          ...base,
          manifestName: full,
          nameInText: draw.chance(0.5) ? full : p.name,
          divisionCode: p.code,
          level: AgencyLevel.PROVINCE,
          kind: AgencyKind.GOVERNMENT,
        };
      }
      case 'provinceDept': {
        const name = `${p.name}${draw.pick(PROVINCE_DEPTS)}`;
        return {
          ...base,
          manifestName: name,
          nameInText: name,
          divisionCode: p.code,
          level: AgencyLevel.PROVINCE,
          kind: AgencyKind.DEPARTMENT,
        };
      }
      case 'cityGov':
      case 'cityDept': {
        const city = pickCity(p);
        if (!city) return undefined;
        const gov = slot === 'cityGov';
        const name = gov ? `${city.name}人民政府` : `${city.name}${draw.pick(LOCAL_DEPTS)}`;
        return {
          ...base,
          city: city.name,
          manifestName: name,
          nameInText: gov && draw.chance(0.4) ? city.name : name,
          divisionCode: city.code,
          level: AgencyLevel.CITY,
          kind: gov ? AgencyKind.GOVERNMENT : AgencyKind.DEPARTMENT,
        };
      }
      case 'countyGov':
      case 'countyDept':
      case 'township': {
        const place = pickCounty(p);
        if (!place?.county) return undefined;
        const county = place.county;
        // a municipality's districts have the municipality as their city
        const cityName = place.city?.name ?? (p.municipality ? p.name : undefined);
        const region = {
          ...base,
          county: county.name,
          divisionCode: county.code,
          ...(cityName ? { city: cityName } : {}),
        };
        if (slot === 'township') {
          const towns = townsOf(county.code);
          if (towns.length === 0) return undefined;
          const town = draw.pick(towns);
          const street = town.endsWith('街道');
          const name = `${county.name}${town}${street ? '办事处' : '人民政府'}`;
          return {
            ...region,
            manifestName: name,
            nameInText: draw.chance(0.5) ? `${county.name}${town}` : town,
            level: AgencyLevel.TOWNSHIP,
            kind: AgencyKind.TOWNSHIP,
          };
        }
        if (slot === 'countyGov') {
          const full = `${county.name}人民政府`;
          const prefixed = place.city ? `${place.city.name}${county.name}` : county.name;
          return {
            ...region,
            manifestName: full,
            nameInText: draw.weighted([
              [full, 0.4],
              [county.name, 0.3],
              [prefixed, 0.3],
            ] as const),
            level: AgencyLevel.COUNTY,
            kind: AgencyKind.GOVERNMENT,
          };
        }
        const name = `${county.name}${draw.pick(LOCAL_DEPTS)}`;
        return {
          ...region,
          manifestName: name,
          nameInText: name,
          level: AgencyLevel.COUNTY,
          kind: AgencyKind.DEPARTMENT,
        };
      }
      case 'zone': {
        const atCounty = draw.chance(0.35);
        const type = draw.pick(ZONE_TYPES);
        if (atCounty) {
          const place = pickCounty(p);
          if (!place?.county) return undefined;
          const cityName = place.city?.name ?? (p.municipality ? p.name : undefined);
          const zone = `${shortName(place.county.name)}${type}`;
          return {
            ...base,
            county: place.county.name,
            divisionCode: place.county.code,
            ...(cityName ? { city: cityName } : {}),
            manifestName: `${zone}管理委员会`,
            nameInText: zone,
            level: AgencyLevel.COUNTY,
            kind: AgencyKind.DEVELOPMENT_ZONE,
          };
        }
        const city = pickCity(p);
        if (!city) return undefined;
        const zone = `${shortName(city.name)}${type}`;
        return {
          ...base,
          city: city.name,
          divisionCode: city.code,
          manifestName: `${zone}管理委员会`,
          nameInText: zone,
          level: AgencyLevel.CITY,
          kind: AgencyKind.DEVELOPMENT_ZONE,
        };
      }
    }
  }
}

function slotOf(level: AgencyLevel, kind: AgencyKind): Slot {
  if (kind === AgencyKind.TOWNSHIP) return 'township';
  if (kind === AgencyKind.DEVELOPMENT_ZONE) return 'zone';
  const gov = kind === AgencyKind.GOVERNMENT;
  if (level === AgencyLevel.PROVINCE) return gov ? 'provinceGov' : 'provinceDept';
  if (level === AgencyLevel.CITY) return gov ? 'cityGov' : 'cityDept';
  return gov ? 'countyGov' : 'countyDept';
}

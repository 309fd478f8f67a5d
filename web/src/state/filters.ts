/**
 * The settings every view shares, in the URL: region (a GB/T 2260 code, empty for the whole
 * country), agency level and kind, year range, and whether reports with flagged tables count.
 */
import type { AgencyKind, AgencyLevel, GroupBy, ReportFilter } from '../generated/graphql';
import { type Route } from './route';

export interface Filters {
  region: string;
  level?: AgencyLevel;
  kind?: AgencyKind;
  from?: number;
  to?: number;
  /** Leave out reports with a flagged table. */
  clean: boolean;
}

const LEVELS: readonly AgencyLevel[] = ['NATIONAL', 'PROVINCE', 'CITY', 'COUNTY', 'TOWNSHIP'];
const KINDS: readonly AgencyKind[] = ['GOVERNMENT', 'DEPARTMENT', 'DEVELOPMENT_ZONE', 'TOWNSHIP', 'OTHER'];

const year = (s: string | null): number | undefined => (s && /^\d{4}$/.test(s) ? Number(s) : undefined);
const oneOf = <T extends string>(all: readonly T[], s: string | null): T | undefined =>
  all.find((x) => x === s);

export function filtersOf(route: Route): Filters {
  const p = route.params;
  const region = p.get('region') ?? '';
  return {
    region: /^\d{6}$/.test(region) ? region : '',
    level: oneOf(LEVELS, p.get('level')),
    kind: oneOf(KINDS, p.get('kind')),
    from: year(p.get('from')),
    to: year(p.get('to')),
    clean: p.get('clean') === '1',
  };
}

export function reportFilter(f: Filters): ReportFilter {
  return {
    ...(f.region ? { divisionCode: f.region } : {}),
    ...(f.level ? { level: f.level } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.from ? { yearFrom: f.from } : {}),
    ...(f.to ? { yearTo: f.to } : {}),
    ...(f.clean ? { excludeFlagged: true } : {}),
  };
}

export type RegionLevel = 'NATION' | 'PROVINCE' | 'CITY' | 'COUNTY';

/** A division code's level by the GB/T 2260 hierarchy: XX0000 province, XXXX00 city, else county. */
export function regionLevel(code: string): RegionLevel {
  if (!code) return 'NATION';
  if (code.endsWith('0000')) return 'PROVINCE';
  if (code.endsWith('00')) return 'CITY';
  return 'COUNTY';
}

/** The grouping one level below a region: what a drill-down click chooses among. */
export function childGrouping(code: string): Exclude<GroupBy, 'NONE'> {
  return { NATION: 'PROVINCE', PROVINCE: 'CITY', CITY: 'COUNTY', COUNTY: 'AGENCY' }[
    regionLevel(code)
  ] as Exclude<GroupBy, 'NONE'>;
}

export const LEVEL_OPTIONS = LEVELS;
export const KIND_OPTIONS = KINDS;

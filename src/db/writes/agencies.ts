/**
 * The agencies of a batch: each report's agency as it will be stored (names resolved to GB/T 2260
 * codes, level and kind inferred), one record per agency, found or inserted in one statement.
 */
import { type EntityManager } from 'typeorm';
import { inferKind, inferLevel } from '../../domain/agency-kind';
import { type AgencyKind, type AgencyLevel } from '../../domain/codes';
import { resolveRegion } from '../../domain/regions';
import { type NormalizedReport } from '../../domain/report';
import { preparedQuery } from '../prepared';

/** The agency as it will be stored: names resolved to GB/T 2260 codes, level and kind inferred. */
export interface AgencyRecord {
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  divisionCode: string | null;
  level: AgencyLevel | null;
  kind: AgencyKind | null;
}

export function agencyRecord(report: NormalizedReport): AgencyRecord {
  const a = report.agency;
  const region = resolveRegion(a);
  const province = region.province ?? a.province ?? null;
  const city = region.city ?? a.city ?? null;
  const county = region.county ?? a.county ?? null;
  const kind = a.kind ?? inferKind(a.name);
  const level =
    a.level ??
    inferLevel(
      { province: province ?? undefined, city: city ?? undefined, county: county ?? undefined },
      kind,
    ) ??
    null;
  return {
    name: a.name,
    province,
    city,
    county,
    divisionCode: a.divisionCode ?? region.divisionCode ?? null,
    level,
    kind: kind ?? null,
  };
}

/** The agency's identity in the database (the unique index on name and division code). */
export const agencyKey = (a: { name: string; divisionCode: string | null }) =>
  `${a.name}\u0000${a.divisionCode ?? ''}`;

/** A stored report's identity: its agency's and its year. */
export const storedKey = (agency: AgencyRecord, year: number): string => `${agencyKey(agency)}\u0000${year}`;

/**
 * Several reports of one agency in a batch: one record per agency, each field the last value given
 * (what saving the reports one after another would leave).
 */
export function mergeAgencies(records: readonly AgencyRecord[]): AgencyRecord[] {
  const merged = new Map<string, AgencyRecord>();
  for (const r of records) {
    const key = agencyKey(r);
    const prev = merged.get(key);
    merged.set(
      key,
      prev
        ? {
            name: r.name,
            divisionCode: r.divisionCode,
            province: r.province ?? prev.province,
            city: r.city ?? prev.city,
            county: r.county ?? prev.county,
            level: r.level ?? prev.level,
            kind: r.kind ?? prev.kind,
          }
        : r,
    );
  }
  // Inserted in key order, so concurrent batches queue on new agencies in one order (no deadlock).
  return [...merged.values()].sort((x, y) => (agencyKey(x) < agencyKey(y) ? -1 : 1));
}

/**
 * Find or insert the batch's agencies; returns their ids by agency key. An agency already stored as
 * given is only read: an upsert would lock its row until commit and serialise every concurrent
 * batch holding one of its reports (seen in the 100k bench as transactionid waits).
 */
export async function upsertAgencies(
  em: EntityManager,
  agencies: readonly AgencyRecord[],
): Promise<Map<string, number>> {
  const rows = await preparedQuery<{ id: number; name: string; division_code: string | null }>(
    em,
    'gongkai_upsert_agencies',
    `WITH input AS (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::char(6)[], $6::agency_level[],
                            $7::agency_kind[]) WITH ORDINALITY AS i(name, province, city, county, division_code, level, kind, n)
     ), found AS (
       SELECT a.id, i.n FROM input i
       JOIN agencies a ON a.name = i.name AND coalesce(a.division_code, '') = coalesce(i.division_code, '')
         AND a.province IS NOT DISTINCT FROM coalesce(i.province, a.province)
         AND a.city IS NOT DISTINCT FROM coalesce(i.city, a.city)
         AND a.county IS NOT DISTINCT FROM coalesce(i.county, a.county)
         AND a.level IS NOT DISTINCT FROM coalesce(i.level, a.level)
         AND a.kind IS NOT DISTINCT FROM coalesce(i.kind, a.kind)
     ), upserted AS (
       INSERT INTO agencies (name, province, city, county, division_code, level, kind)
       SELECT name, province, city, county, division_code, level, kind FROM input i
       WHERE NOT EXISTS (SELECT 1 FROM found f WHERE f.n = i.n)
       ORDER BY i.n
       ON CONFLICT (name, (coalesce(division_code, ''))) DO UPDATE SET
         province = coalesce(EXCLUDED.province, agencies.province),
         city = coalesce(EXCLUDED.city, agencies.city),
         county = coalesce(EXCLUDED.county, agencies.county),
         level = coalesce(EXCLUDED.level, agencies.level),
         kind = coalesce(EXCLUDED.kind, agencies.kind)
       RETURNING id, name, division_code
     )
     SELECT a.id, a.name, a.division_code FROM found f JOIN agencies a ON a.id = f.id
     UNION ALL SELECT id, name, division_code FROM upserted`,
    [
      agencies.map((a) => a.name),
      agencies.map((a) => a.province),
      agencies.map((a) => a.city),
      agencies.map((a) => a.county),
      agencies.map((a) => a.divisionCode),
      agencies.map((a) => a.level),
      agencies.map((a) => a.kind),
    ],
  );
  return new Map(rows.map((r) => [agencyKey({ name: r.name, divisionCode: r.division_code }), r.id]));
}

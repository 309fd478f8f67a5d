import { type DataSource } from 'typeorm';
import { type AgencyKind, type AgencyLevel, type FormVersion } from '../../domain/codes';
import { Agency, Report } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params } from '../params';
import { type RegionCriteria, regionConditions } from './region';

export interface ReportCriteria extends RegionCriteria {
  agencyIds?: number[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  formVersion?: FormVersion | null;
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
}

/** Conditions over reports `r` and their agencies `a` (always joined: a page also returns them). */
function reportConditions(c: ReportCriteria, p: Params): string[] {
  const where: string[] = [];
  if (c.agencyIds) where.push(`r.agency_id = ANY(${p.add(c.agencyIds)}::integer[])`);
  if (c.yearFrom != null) where.push(`r.year >= ${p.add(c.yearFrom)}`);
  if (c.yearTo != null) where.push(`r.year <= ${p.add(c.yearTo)}`);
  if (c.formVersion) where.push(`r.form_version = ${p.add(c.formVersion)}`);
  if (c.level) where.push(`a.level = ${p.add(c.level)}`);
  if (c.kind) where.push(`a.kind = ${p.add(c.kind)}`);
  return [...where, ...regionConditions(c, p)];
}

const whereSql = (conditions: string[]) => (conditions.length ? `WHERE ${conditions.join(' AND ')}` : '');

export interface ReportPage {
  /** The page's reports, with one extra row when another page exists. */
  reports: Report[];
  /** Their agencies, read in the same statement (the page primes the agency loader with them). */
  agencies: Agency[];
}

/**
 * One page of reports by id, fetching one extra row to tell whether another page exists, and
 * their agencies in the same statement: a list page showing agency names is one round trip.
 */
export async function findReports(
  ds: DataSource,
  c: ReportCriteria,
  afterId: number | undefined,
  size: number,
): Promise<ReportPage> {
  const p = new Params();
  const where = reportConditions(c, p);
  if (afterId != null) where.push(`r.id > ${p.add(afterId)}`);
  const rows: Record<string, unknown>[] = await ds.query(
    `SELECT ${selectList(ds, Report, 'r')}, ${selectList(ds, Agency, 'a', 'agency.')}
     FROM reports r JOIN agencies a ON a.id = r.agency_id
     ${whereSql(where)}
     ORDER BY r.id LIMIT ${p.add(size + 1)}`,
    p.values,
  );
  return { reports: hydrate(ds, Report, rows, 'r'), agencies: hydrate(ds, Agency, rows, 'a', 'agency.') };
}

export async function countReports(ds: DataSource, c: ReportCriteria): Promise<number> {
  const p = new Params();
  const rows: { n: string }[] = await ds.query(
    `SELECT count(*) AS n FROM reports r JOIN agencies a ON a.id = r.agency_id ${whereSql(reportConditions(c, p))}`,
    p.values,
  );
  return Number(rows[0]?.n ?? 0);
}

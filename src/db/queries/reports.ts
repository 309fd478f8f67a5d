import { type DataSource } from 'typeorm';
import { hydrate, selectList } from '../hydrate';
import { type AgencyKind, type AgencyLevel, type FormVersion } from '../../domain/codes';
import { Report } from '../../entities';
import { type RegionCriteria, whereRegion } from './region';

export interface ReportCriteria extends RegionCriteria {
  agencyIds?: number[] | null;
  yearFrom?: number | null;
  yearTo?: number | null;
  formVersion?: FormVersion | null;
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
}

function reportQuery(ds: DataSource, c: ReportCriteria) {
  const qb = ds.getRepository(Report).createQueryBuilder('r');
  if (c.agencyIds) qb.andWhere('r.agency_id = ANY(:agencyIds)', { agencyIds: c.agencyIds });
  if (c.yearFrom != null) qb.andWhere('r.year >= :yearFrom', { yearFrom: c.yearFrom });
  if (c.yearTo != null) qb.andWhere('r.year <= :yearTo', { yearTo: c.yearTo });
  if (c.formVersion) qb.andWhere('r.form_version = :formVersion', { formVersion: c.formVersion });
  const byAgency = c.level || c.kind || c.province || c.city || c.county || c.divisionCode;
  if (byAgency) {
    qb.innerJoin('agencies', 'a', 'a.id = r.agency_id');
    if (c.level) qb.andWhere('a.level = :level', { level: c.level });
    if (c.kind) qb.andWhere('a.kind = :kind', { kind: c.kind });
    whereRegion(qb, c);
  }
  return qb;
}

export function findReports(ds: DataSource, c: ReportCriteria, afterId: number | undefined, size: number) {
  const qb = reportQuery(ds, c);
  if (afterId != null) qb.andWhere('r.id > :afterId', { afterId });
  return qb
    .select(selectList(ds, Report, 'r'))
    .orderBy('r.id', 'ASC')
    .limit(size + 1)
    .getRawMany()
    .then((rows: object[]) => hydrate(Report, rows));
}

export function countReports(ds: DataSource, c: ReportCriteria): Promise<number> {
  return reportQuery(ds, c).getCount();
}

import { type DataSource } from 'typeorm';
import { hydrate, selectList } from '../hydrate';
import { type AgencyKind, type AgencyLevel } from '../../domain/codes';
import { Agency } from '../../entities';
import { type RegionCriteria, whereRegion } from './region';

export interface AgencyCriteria extends RegionCriteria {
  nameContains?: string | null;
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
}

function agencyQuery(ds: DataSource, c: AgencyCriteria) {
  const qb = ds.getRepository(Agency).createQueryBuilder('a');
  if (c.nameContains) {
    // Escape LIKE wildcards: the user's text is matched literally.
    qb.andWhere(`a.name LIKE :name ESCAPE '\\'`, { name: `%${c.nameContains.replace(/[\\%_]/g, '\\$&')}%` });
  }
  if (c.level) qb.andWhere('a.level = :level', { level: c.level });
  if (c.kind) qb.andWhere('a.kind = :kind', { kind: c.kind });
  return whereRegion(qb, c);
}

/** One page of agencies by id, fetching one extra row to tell whether another page exists. */
export function findAgencies(ds: DataSource, c: AgencyCriteria, afterId: number | undefined, size: number) {
  const qb = agencyQuery(ds, c);
  if (afterId != null) qb.andWhere('a.id > :afterId', { afterId });
  return qb
    .select(selectList(ds, Agency, 'a'))
    .orderBy('a.id', 'ASC')
    .limit(size + 1)
    .getRawMany()
    .then((rows: object[]) => hydrate(Agency, rows));
}

export function countAgencies(ds: DataSource, c: AgencyCriteria): Promise<number> {
  return agencyQuery(ds, c).getCount();
}

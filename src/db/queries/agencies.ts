import { type DataSource } from 'typeorm';
import { type AgencyKind, type AgencyLevel } from '../../domain/codes';
import { Agency } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params, whereSql } from '../params';
import { type RegionCriteria, regionConditions } from './region';

export interface AgencyCriteria extends RegionCriteria {
  nameContains?: string | null;
  level?: AgencyLevel | null;
  kind?: AgencyKind | null;
}

function agencyConditions(c: AgencyCriteria, p: Params): string[] {
  const where: string[] = [];
  if (c.nameContains) {
    // Escape LIKE wildcards: the user's text is matched literally.
    where.push(`a.name LIKE ${p.add(`%${c.nameContains.replace(/[\\%_]/g, '\\$&')}%`)} ESCAPE '\\'`);
  }
  if (c.level) where.push(`a.level = ${p.add(c.level)}`);
  if (c.kind) where.push(`a.kind = ${p.add(c.kind)}`);
  return [...where, ...regionConditions(c, p)];
}

/** One page of agencies by id, fetching one extra row to tell whether another page exists. */
export async function findAgencies(
  ds: DataSource,
  c: AgencyCriteria,
  afterId: number | undefined,
  size: number,
): Promise<Agency[]> {
  const p = new Params();
  const where = agencyConditions(c, p);
  if (afterId != null) where.push(`a.id > ${p.add(afterId)}`);
  const rows: Record<string, unknown>[] = await ds.query(
    `SELECT ${selectList(ds, Agency, 'a')} FROM agencies a ${whereSql(where)} ORDER BY a.id LIMIT ${p.add(size + 1)}`,
    p.values,
  );
  return hydrate(ds, Agency, rows);
}

export async function countAgencies(ds: DataSource, c: AgencyCriteria): Promise<number> {
  const p = new Params();
  const rows: { n: string }[] = await ds.query(
    `SELECT count(*) AS n FROM agencies a ${whereSql(agencyConditions(c, p))}`,
    p.values,
  );
  return Number(rows[0]?.n ?? 0);
}

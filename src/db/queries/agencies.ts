import { type DataSource } from 'typeorm';
import { Agency } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params, whereSql } from '../params';
import { type AgencyScope, scopeConditions } from './scope';

/** Which agencies: those of an agency scope, and part of the name. */
export interface AgencyCriteria extends AgencyScope {
  nameContains?: string | null;
}

function agencyConditions(c: AgencyCriteria, p: Params): string[] {
  const where: string[] = [];
  if (c.nameContains) {
    // Escape LIKE wildcards: the user's text is matched literally.
    where.push(`a.name LIKE ${p.add(`%${c.nameContains.replace(/[\\%_]/g, '\\$&')}%`)} ESCAPE '\\'`);
  }
  // Only the agency part of the scope: an agency has no year or form.
  const scope: AgencyScope = {
    province: c.province,
    city: c.city,
    county: c.county,
    divisionCode: c.divisionCode,
    level: c.level,
    kind: c.kind,
  };
  return [...where, ...scopeConditions(scope, p, { agencyId: 'a.id', agency: 'a', names: 'a' }).where];
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

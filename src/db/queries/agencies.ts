import { type DataSource } from 'typeorm';
import { Agency } from '../../entities';
import { hydrate, selectList } from '../hydrate';
import { Params, whereSql } from '../params';
import {
  keysetSql,
  pageOf,
  pageStatement,
  type PageResult,
  type PageSpec,
  rowsOfPage,
  type Sorted,
} from './keyset';
import { type AgencyOrderField, agencySortKey } from './orders';
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

/** One page of agencies in an order, both ways (./keyset, one statement). */
export async function findAgencies(
  ds: DataSource,
  c: AgencyCriteria,
  page: Omit<PageSpec, 'key'> & { field: AgencyOrderField },
): Promise<PageResult<Agency & Sorted>> {
  const p = new Params();
  const where = agencyConditions(c, p);
  const ks = keysetSql({ ...page, key: agencySortKey(page.field) }, 'a.id', p);
  const text = pageStatement({ select: [selectList(ds, Agency, 'a')], from: 'agencies a', where, ks });
  const read = rowsOfPage(await ds.query<Record<string, unknown>[]>(text, p.values), (rows) =>
    hydrate(ds, Agency, rows),
  );
  return pageOf(page, read.entities, read.behind);
}

export async function countAgencies(ds: DataSource, c: AgencyCriteria): Promise<number> {
  const p = new Params();
  const rows: { n: string }[] = await ds.query(
    `SELECT count(*) AS n FROM agencies a ${whereSql(agencyConditions(c, p))}`,
    p.values,
  );
  return Number(rows[0]?.n ?? 0);
}

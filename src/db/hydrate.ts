/**
 * Reading entities without TypeORM's hydration, for the API's hot paths: a select list that names
 * each column by its entity property (built from the entity's metadata, so the entity stays the
 * one definition of its columns), and rows copied onto instances. TypeORM's find/getMany spent
 * ~17% of a list page's CPU transforming and hydrating rows (BENCHMARKS.md, "Serving").
 */
import { type DataSource, type ObjectLiteral } from 'typeorm';

interface Selected {
  /** `r."agency_id" AS "<prefix>agencyId", …` */
  sql: string;
  /** [result column name, entity property] */
  columns: [string, string][];
}

const cache = new Map<string, Selected>();

function selected(ds: DataSource, entity: new () => ObjectLiteral, alias: string, prefix: string): Selected {
  const key = `${entity.name}|${alias}|${prefix}`;
  let s = cache.get(key);
  if (!s) {
    const columns = ds
      .getMetadata(entity)
      .columns.filter((c) => c.isSelect)
      .map((c) => ({ c, as: `${prefix}${c.propertyName}` }));
    s = {
      // A date stays the 'YYYY-MM-DD' text TypeORM hands out (pg would make it a local-midnight Date).
      sql: columns
        .map(({ c, as }) => `${alias}."${c.databaseName}"${c.type === 'date' ? '::text' : ''} AS "${as}"`)
        .join(', '),
      columns: columns.map(({ c, as }) => [as, c.propertyName]),
    };
    cache.set(key, s);
  }
  return s;
}

/**
 * The entity's selected columns from table alias `alias`, each named by its property (after
 * `prefix`, so that two entities can share a row).
 */
export function selectList(
  ds: DataSource,
  entity: new () => ObjectLiteral,
  alias: string,
  prefix = '',
): string {
  return selected(ds, entity, alias, prefix).sql;
}

/** Rows selected with selectList (same alias and prefix), as entity instances. */
export function hydrate<T extends ObjectLiteral>(
  ds: DataSource,
  entity: new () => T,
  rows: readonly Record<string, unknown>[],
  alias: string,
  prefix = '',
): T[] {
  const { columns } = selected(ds, entity, alias, prefix);
  return rows.map((row) => {
    const out = new entity() as Record<string, unknown>;
    for (const [from, to] of columns) out[to] = row[from];
    return out as T;
  });
}

/**
 * Reading entities without TypeORM's hydration, for the API's hot paths: a select list that names
 * each column by its entity property (built from the entity's metadata, so the entity stays the
 * one definition of its columns), optionally only some of them, and rows copied onto instances.
 * TypeORM's find/getMany spent ~17% of a list page's CPU transforming and hydrating rows
 * (BENCHMARKS.md, "Serving").
 */
import { type DataSource, type ObjectLiteral } from 'typeorm';

interface Column {
  property: string;
  /** `<alias>."<column>"`, cast where the API wants another representation */
  expression: (alias: string) => string;
}

const cache = new Map<string, Column[]>();

function columnsOf(ds: DataSource, entity: new () => ObjectLiteral): Column[] {
  let columns = cache.get(entity.name);
  if (!columns) {
    columns = ds
      .getMetadata(entity)
      .columns.filter((c) => c.isSelect)
      .map((c) => ({
        property: c.propertyName,
        // A date stays the 'YYYY-MM-DD' text TypeORM hands out (pg would make it a local-midnight Date).
        expression: (alias: string) => `${alias}."${c.databaseName}"${c.type === 'date' ? '::text' : ''}`,
      }));
    cache.set(entity.name, columns);
  }
  return columns;
}

/**
 * The entity's columns from table alias `alias`, each named `<prefix><property>` (a prefix lets
 * two entities share a row); with `only`, just the columns of those properties.
 */
export function selectList(
  ds: DataSource,
  entity: new () => ObjectLiteral,
  alias: string,
  prefix = '',
  only?: ReadonlySet<string>,
): string {
  return columnsOf(ds, entity)
    .filter((c) => !only || only.has(c.property))
    .map((c) => `${c.expression(alias)} AS "${prefix}${c.property}"`)
    .join(', ');
}

/** Rows selected with selectList (same prefix), as entity instances with the columns read. */
export function hydrate<T extends ObjectLiteral>(
  ds: DataSource,
  entity: new () => T,
  rows: readonly Record<string, unknown>[],
  prefix = '',
): T[] {
  const first = rows[0];
  if (!first) return [];
  const present = columnsOf(ds, entity)
    .map((c) => [`${prefix}${c.property}`, c.property] as const)
    .filter(([from]) => from in first);
  return rows.map((row) => {
    const out = new entity() as Record<string, unknown>;
    for (const [from, to] of present) out[to] = row[from];
    return out as T;
  });
}

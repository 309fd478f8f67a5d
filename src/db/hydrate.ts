/**
 * Reading entities without TypeORM's hydration, for the API's hot paths: a select list that names
 * each column by its entity property (built from the entity's metadata, so the entity stays the
 * one definition of its columns), and rows assigned onto instances. TypeORM's find/getMany spent
 * ~17% of a list page's CPU transforming and hydrating rows (BENCHMARKS.md, "Serving").
 */
import { type DataSource, type ObjectLiteral } from 'typeorm';

const lists = new Map<string, string>();

/** `a."id" AS "id", a."division_code" AS "divisionCode", …` for the entity's selected columns. */
export function selectList(ds: DataSource, entity: new () => ObjectLiteral, alias: string): string {
  const key = `${entity.name}|${alias}`;
  let list = lists.get(key);
  if (list == null) {
    list = ds
      .getMetadata(entity)
      .columns.filter((c) => c.isSelect)
      // A date stays the 'YYYY-MM-DD' text TypeORM hands out (pg would make it a local-midnight Date).
      .map((c) => `${alias}."${c.databaseName}"${c.type === 'date' ? '::text' : ''} AS "${c.propertyName}"`)
      .join(', ');
    lists.set(key, list);
  }
  return list;
}

/** Rows selected with selectList, as entity instances. */
export function hydrate<T extends ObjectLiteral>(entity: new () => T, rows: readonly object[]): T[] {
  return rows.map((row) => Object.assign(new entity(), row));
}

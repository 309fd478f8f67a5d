/**
 * Keyset pages, both ways: a page is the rows after (or before) a position in an order, read in
 * one statement with one row more than asked, so that a page costs the same wherever it is and
 * a row added or removed elsewhere moves no other row between pages (offsets would).
 *
 * An order is one sort expression and the row's id as the tie-break, both in the same direction,
 * so that the position test is one row comparison, `(sort, id) > ($v, $id)`. Sort expressions
 * are never null: a nullable figure is coalesced to ±Infinity, nulls last either way (the
 * sentinel follows the asked direction, not the direction of reading, so a page read backwards
 * sees the same order).
 */
import { type Params, whereSql } from '../params';

export type SortType = 'integer' | 'double precision' | 'text';

/** One way to order rows: a non-null SQL expression over the statement's aliases. */
export interface SortKey {
  sql: string;
  type: SortType;
}

/** An order and a window on it. */
export interface PageSpec {
  /** The sort key; none: by id alone. */
  key?: SortKey;
  desc: boolean;
  /** Rows in the page (null: every row, no window). */
  size: number | null;
  /** Read backwards from `cursor` (last/before). */
  backward: boolean;
  /** The position the page starts after (forward) or ends before (backward). */
  cursor?: { value: unknown; id: number };
  /**
   * Whether to read if rows lie behind the cursor (the EXISTS below); false when the flag that
   * says so (hasPreviousPage forwards, hasNextPage backwards) is not asked for: it then reads
   * false, and a forward list page is the plain statement `WHERE id > $1 ORDER BY id LIMIT n`.
   */
  behind?: boolean;
}

/** What a keyset statement adds to a select: its order, its window, and whether rows lie behind the cursor. */
export interface KeysetSql {
  /** The sort value's select item, aliased gk_sort (none when ordering by id). */
  sortSelect: string | null;
  /** The condition of the window (none without a cursor). */
  after: string | null;
  /** Rows at or behind the cursor, in the reading direction (none without a cursor). */
  behind: string | null;
  orderBy: string;
  /** The same order over the page's output columns (gk_sort, id) under `alias`. */
  orderByOut: (alias: string) => string;
  limit: string;
}

export function keysetSql(spec: PageSpec, idSql: string, p: Params): KeysetSql {
  // The direction of reading: backwards flips the asked one.
  const desc = spec.desc !== spec.backward;
  const dir = desc ? 'DESC' : 'ASC';
  const sort = spec.key?.sql;
  const lhs = sort ? `(${sort}, ${idSql})` : idSql;
  let after: string | null = null;
  let behind: string | null = null;
  if (spec.cursor) {
    const id = p.add(spec.cursor.id);
    const rhs = spec.key
      ? `(${p.add(spec.cursor.value)}::${spec.key.type}, ${id}::integer)`
      : `${id}::integer`;
    after = `${lhs} ${desc ? '<' : '>'} ${rhs}`;
    if (spec.behind !== false) behind = `${lhs} ${desc ? '>=' : '<='} ${rhs}`;
  }
  return {
    sortSelect: sort ? `${sort} AS "gk_sort"` : null,
    after,
    behind,
    orderBy: sort ? `${sort} ${dir}, ${idSql} ${dir}` : `${idSql} ${dir}`,
    orderByOut: (alias) =>
      sort ? `${alias}."gk_sort" ${dir}, ${alias}."id" ${dir}` : `${alias}."id" ${dir}`,
    limit: spec.size == null ? '' : `LIMIT ${p.add(spec.size + 1)}`,
  };
}

/**
 * The one statement of a page (or of one page per key, `partition`: e.g. the reports of each
 * agency of a batch, through a lateral join over the keys). With a cursor, whether rows lie
 * behind it is an EXISTS of the same statement (evaluated once per key), and the page is joined
 * to it so that an empty page still answers: its row has a null id (gk_behind alone).
 * `select` must name the row's id `"id"`.
 */
export function pageStatement(o: {
  select: readonly string[];
  from: string;
  where: readonly string[];
  ks: KeysetSql;
  partition?: { keys: string; column: string };
}): string {
  const { ks, partition } = o;
  const select = [...o.select, ...(ks.sortSelect ? [ks.sortSelect] : [])].join(', ');
  const where = [...o.where, ...(partition ? [`${partition.column} = k.key`] : [])];
  const page = (cond: string | null) => [...where, ...(cond ? [cond] : [])];
  const list = `SELECT ${select} FROM ${o.from} ${whereSql(page(ks.after))} ORDER BY ${ks.orderBy} ${ks.limit}`;
  if (!partition && !ks.behind) return list;
  const keys = partition ? `unnest(${partition.keys}::integer[]) AS k(key)` : '(SELECT 1) AS k';
  const behind = ks.behind
    ? `CROSS JOIN LATERAL (SELECT EXISTS (SELECT 1 FROM ${o.from} ${whereSql(page(ks.behind))}) AS gk_behind) o`
    : '';
  return `SELECT ${partition ? 'k.key AS "gk_key", ' : ''}${ks.behind ? 'o.gk_behind, ' : ''}p.*
    FROM ${keys} ${behind}
    LEFT JOIN LATERAL (${list}) p ON true
    ORDER BY ${partition ? 'k.key, ' : ''}${ks.orderByOut('p')}`;
}

/** The sort value the statement read for a row (kept on the row for its cursor). */
export const SORT_VALUE = Symbol('sort value');
export type Sorted = { [SORT_VALUE]?: unknown };

/** Rows of a page statement as entities, with their sort values and the statement's flags. */
export function rowsOfPage<T extends object>(
  rows: Record<string, unknown>[],
  toEntities: (rows: Record<string, unknown>[]) => T[],
): { entities: (T & Sorted)[]; rows: Record<string, unknown>[]; behind: boolean } {
  const behind = rows[0]?.gk_behind === true;
  // An empty page with a cursor (or a key without rows) is one row with a null id.
  const present = rows.filter((r) => r.id != null);
  const entities: (T & Sorted)[] = toEntities(present);
  present.forEach((r, i) => {
    if ('gk_sort' in r) entities[i]![SORT_VALUE] = r.gk_sort;
  });
  return { entities, rows: present, behind };
}

/** One page's rows in the asked order, and which way more exist. */
export interface PageResult<T> {
  rows: T[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/**
 * The rows a keyset statement read (one more than the size; in reading order) as the page:
 * trimmed, turned back into the asked order, with the two flags (`behind`: some row lies at or
 * behind the cursor).
 */
export function pageOf<T>(spec: PageSpec, read: T[], behind: boolean): PageResult<T> {
  const more = spec.size != null && read.length > spec.size;
  const rows = more ? read.slice(0, spec.size!) : read;
  if (spec.backward) rows.reverse();
  const cursorSide = spec.cursor != null && behind;
  return spec.backward
    ? { rows, hasNextPage: cursorSide, hasPreviousPage: more }
    : { rows, hasNextPage: more, hasPreviousPage: cursorSide };
}

/** A nullable figure as a sort expression: nulls last in the asked direction. */
export const nullsLast = (sql: string, desc: boolean): string =>
  `coalesce(${sql}, '${desc ? '-' : ''}Infinity'::double precision)`;

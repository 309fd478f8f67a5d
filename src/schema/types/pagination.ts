/**
 * Cursor pagination (Relay-style connections) with a capped page size, both ways: `first/after`
 * and `last/before`. A cursor is opaque: the row's position in the list's order (its sort value
 * and id, keyset: see src/db/queries/keyset.ts), so a page after it stays the same when rows are
 * added elsewhere. In the default order (by id) it is the id alone, as before orders existed.
 */
import { ArgsType, type ClassType, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import {
  type PageSpec,
  type PageResult,
  SORT_VALUE,
  type Sorted,
  type SortType,
} from '../../db/queries/keyset';
import { BadUserInputError } from '../../errors';

export enum OrderDirection {
  ASC = 'ASC',
  DESC = 'DESC',
}
registerEnumType(OrderDirection, {
  name: 'OrderDirection',
  description: 'ASC: smallest first; DESC: largest first (a missing figure comes last either way)',
});

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor!: string | null;

  @Field({ description: 'Whether rows come before this page (pass startCursor as `before` with `last`)' })
  hasPreviousPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `before` to get the previous page' })
  startCursor!: string | null;
}

export function Connection<T extends { id: number }>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true })
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType({ simpleResolvers: true })
  abstract class ConnectionClass {
    @Field(() => [node])
    nodes!: T[];

    /** The order the page was read in, for its cursors. */
    order!: CursorOrder;

    /** Built only when asked for: a list page reading `nodes` needs no cursor per node. */
    @Field(() => [Edge])
    get edges(): Edge[] {
      return this.nodes.map((n) => ({ cursor: encodeCursor(n.id, this.order, n as Sorted), node: n }));
    }

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

/** What a cursor is made in: the order's name and direction and its sort value's type (none: by id). */
export interface CursorOrder {
  name: string;
  desc: boolean;
  type?: SortType;
}

export const BY_ID_ORDER: CursorOrder = { name: 'ID', desc: false };

const CURSOR_HELP = 'pass a startCursor or endCursor of a page read in the same orderBy';

/** A float cursor value: ±Infinity (a missing figure's place) is not JSON. */
const jsonValue = (v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v);

/**
 * The row's cursor: by id, `id:<id>` (the cursors of before orders existed); in another order,
 * `k:` and JSON [order, direction, sort value, id]. Both base64url.
 */
export function encodeCursor(id: number, order: CursorOrder = BY_ID_ORDER, row?: Sorted): string {
  if (!order.type) return Buffer.from(`id:${id}`).toString('base64url');
  const value = jsonValue(row?.[SORT_VALUE]);
  const text = `k:${JSON.stringify([order.name, order.desc ? 'DESC' : 'ASC', value, id])}`;
  return Buffer.from(text).toString('base64url');
}

function invalidCursor(cursor: string, argument: string, why: string): never {
  throw new BadUserInputError(`Invalid cursor "${cursor}" (${why}): ${CURSOR_HELP}`, { argument });
}

/** A cursor's parts, as written (checked only for their form). */
type CursorParts = { id: number; key?: { name: string; dir: string; value: unknown } };

function parseCursor(cursor: string, argument: string): CursorParts {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const byId = /^id:(\d{1,10})$/.exec(decoded);
  if (byId?.[1]) return { id: Number(byId[1]) };
  if (decoded.startsWith('k:')) {
    let parts: unknown;
    try {
      parts = JSON.parse(decoded.slice(2));
    } catch {
      invalidCursor(cursor, argument, 'not a cursor of this API');
    }
    if (Array.isArray(parts) && parts.length === 4) {
      const [name, dir, value, id] = parts as unknown[];
      if (
        typeof name === 'string' &&
        (dir === 'ASC' || dir === 'DESC') &&
        Number.isSafeInteger(id) &&
        (id as number) > 0
      ) {
        return { id: id as number, key: { name, dir, value } };
      }
    }
  }
  invalidCursor(cursor, argument, 'not a cursor of this API');
}

/** The id of a cursor of any order (checked for its form only; see readCursor for its order). */
export function decodeCursor(cursor: string, argument = 'after'): number {
  return parseCursor(cursor, argument).id;
}

/** A cursor's position in `order`, or BAD_USER_INPUT when it was made in another order or is malformed. */
export function readCursor(
  cursor: string,
  order: CursorOrder,
  argument: string,
): { value: unknown; id: number } {
  const { id, key } = parseCursor(cursor, argument);
  if (!order.type) {
    if (key) invalidCursor(cursor, argument, `made for orderBy ${key.name} ${key.dir}, not ID`);
    return { value: id, id };
  }
  const dir = order.desc ? 'DESC' : 'ASC';
  if (!key) invalidCursor(cursor, argument, `made for orderBy ID, not ${order.name} ${dir}`);
  if (key.name !== order.name || key.dir !== dir) {
    invalidCursor(cursor, argument, `made for orderBy ${key.name} ${key.dir}, not ${order.name} ${dir}`);
  }
  const v = key.value;
  const ok =
    order.type === 'text'
      ? // A name: no NUL (Postgres cannot hold one), not longer than a string argument may be.
        typeof v === 'string' && !v.includes('\u0000') && v.length <= 2_000
      : order.type === 'integer'
        ? Number.isSafeInteger(v) && Math.abs(v as number) <= 2_147_483_647
        : (typeof v === 'number' && Number.isFinite(v)) || v === 'Infinity' || v === '-Infinity';
  if (!ok) invalidCursor(cursor, argument, `its ${order.name} value is not one`);
  return { value: v, id };
}

/** Checks `first` against the cap, with a message saying what to do. */
export function pageSize(first: number | undefined, max: number, fallback = 20, argument = 'first'): number {
  const n = first ?? Math.min(fallback, max);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    const how = argument === 'last' ? 'before: pageInfo.startCursor' : 'after: pageInfo.endCursor';
    throw new BadUserInputError(
      `${argument} must be between 1 and ${max}; got ${n}. Page through larger results with ${how}.`,
      { argument, max },
    );
  }
  return n;
}

/** `first/after` and `last/before`, shared by every paginated list. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most GONGKAI_MAX_PAGE_SIZE)' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.endCursor of the previous page' })
  after?: string;

  @Field(() => Int, {
    nullable: true,
    description:
      'Page size, reading backwards from `before` (or from the end); at most GONGKAI_MAX_PAGE_SIZE',
  })
  last?: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.startCursor of the next page (with `last`)' })
  before?: string;
}

/** The window the arguments ask for in `order` (sizes and cursors checked; one way at a time). */
export function readPage(args: PageArgs, maxPageSize: number, order: CursorOrder): Omit<PageSpec, 'key'> {
  const backward = args.last != null || args.before != null;
  if (backward && (args.first != null || args.after != null)) {
    throw new BadUserInputError(
      'Page one way at a time: first (with after) reads forwards, last (with before) backwards; got both',
      { argument: args.first != null ? 'first' : 'after' },
    );
  }
  const cursor = backward ? args.before : args.after;
  const argument = backward ? 'before' : 'after';
  return {
    desc: order.desc,
    backward,
    size: backward ? pageSize(args.last, maxPageSize, 20, 'last') : pageSize(args.first, maxPageSize),
    cursor: cursor ? readCursor(cursor, order, argument) : undefined,
  };
}

/** A connection's page info from one page read (cursors in the page's order). */
export function pageInfoOf<T extends { id: number }>(
  page: PageResult<T & Sorted>,
  order: CursorOrder,
): PageInfo {
  const first = page.rows[0];
  const last = page.rows[page.rows.length - 1];
  return {
    hasNextPage: page.hasNextPage,
    hasPreviousPage: page.hasPreviousPage,
    startCursor: first ? encodeCursor(first.id, order, first) : null,
    endCursor: last ? encodeCursor(last.id, order, last) : null,
  };
}

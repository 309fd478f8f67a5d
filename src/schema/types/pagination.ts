/** Cursor pagination (Relay-style connections) with a capped page size. */
import { ArgsType, type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { BadUserInputError } from '../../errors';

@ObjectType({ simpleResolvers: true })
export class PageInfo {
  @Field()
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page' })
  endCursor!: string | null;
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

    /** Built only when asked for: a list page reading `nodes` needs no cursor per node. */
    @Field(() => [Edge])
    get edges(): Edge[] {
      return this.nodes.map((n) => ({ cursor: encodeCursor(n.id), node: n }));
    }

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return ConnectionClass;
}

export const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');

export function decodeCursor(cursor: string): number {
  const decoded = Buffer.from(cursor, 'base64url').toString();
  const m = /^id:(\d{1,10})$/.exec(decoded);
  if (!m?.[1]) {
    throw new BadUserInputError(`Invalid cursor "${cursor}": pass an endCursor from a previous page`, {
      argument: 'after',
    });
  }
  return Number(m[1]);
}

/** Checks `first` against the cap, with a message saying what to do. */
export function pageSize(first: number | undefined, max: number, fallback = 20): number {
  const n = first ?? Math.min(fallback, max);
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new BadUserInputError(
      `first must be between 1 and ${max}; got ${n}. Page through larger results with after: pageInfo.endCursor.`,
      { argument: 'first', max },
    );
  }
  return n;
}

/** `first` and `after`, shared by every paginated list. */
@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most GONGKAI_MAX_PAGE_SIZE)' })
  first?: number;

  @Field(() => String, { nullable: true, description: 'pageInfo.endCursor of the previous page' })
  after?: string;
}

/** The checked page size and the id the page starts after. */
export function readPage(args: PageArgs, maxPageSize: number): { size: number; afterId?: number } {
  return {
    size: pageSize(args.first, maxPageSize),
    afterId: args.after ? decodeCursor(args.after) : undefined,
  };
}

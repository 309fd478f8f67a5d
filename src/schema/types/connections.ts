import { Field, Int, ObjectType } from 'type-graphql';
import { type PageResult, type Sorted } from '../../db/queries/keyset';
import { Agency, Report } from '../../entities';
import { Connection, type CursorOrder, type PageInfo, pageInfoOf } from './pagination';

/** Build a connection instance from one page read, its cursors in the page's order. */
function fill<T extends { id: number }, C extends { nodes: T[]; pageInfo: PageInfo; order: CursorOrder }>(
  conn: C,
  page: PageResult<T & Sorted>,
  order: CursorOrder,
): C {
  conn.nodes = page.rows;
  conn.order = order;
  conn.pageInfo = pageInfoOf(page, order);
  return conn;
}

@ObjectType({ simpleResolvers: true })
export class AgencyConnection extends Connection(Agency, 'Agency') {
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: 'Agencies matching the filter, on all pages (one COUNT query)' })
  totalCount(): Promise<number> {
    return this.countAll();
  }

  static of(page: PageResult<Agency>, order: CursorOrder, countAll: () => Promise<number>): AgencyConnection {
    const conn = fill(new AgencyConnection(), page, order);
    conn.countAll = countAll;
    return conn;
  }
}

@ObjectType({ simpleResolvers: true })
export class ReportConnection extends Connection(Report, 'Report') {
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: 'Reports matching the filter, on all pages (one COUNT query)' })
  totalCount(): Promise<number> {
    return this.countAll();
  }

  static of(page: PageResult<Report>, order: CursorOrder, countAll: () => Promise<number>): ReportConnection {
    const conn = fill(new ReportConnection(), page, order);
    conn.countAll = countAll;
    return conn;
  }
}

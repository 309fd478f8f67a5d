import { Field, Int, ObjectType } from 'type-graphql';
import { Agency, Report } from '../../entities';
import { Connection, encodeCursor, type PageInfo } from './pagination';

/** Build a connection instance from one page of rows fetched with one extra row (to know if more exist). */
function fill<T extends { id: number }, C extends { nodes: T[]; pageInfo: PageInfo }>(
  conn: C,
  rows: T[],
  size: number,
): C {
  const nodes = rows.slice(0, size);
  conn.nodes = nodes;
  const last = nodes[nodes.length - 1];
  conn.pageInfo = { hasNextPage: rows.length > size, endCursor: last ? encodeCursor(last.id) : null };
  return conn;
}

@ObjectType({ simpleResolvers: true })
export class AgencyConnection extends Connection(Agency, 'Agency') {
  countAll!: () => Promise<number>;

  @Field(() => Int, { description: 'Agencies matching the filter, on all pages (one COUNT query)' })
  totalCount(): Promise<number> {
    return this.countAll();
  }

  static of(rows: Agency[], size: number, countAll: () => Promise<number>): AgencyConnection {
    const conn = fill(new AgencyConnection(), rows, size);
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

  static of(rows: Report[], size: number, countAll: () => Promise<number>): ReportConnection {
    const conn = fill(new ReportConnection(), rows, size);
    conn.countAll = countAll;
    return conn;
  }
}

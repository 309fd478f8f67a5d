import { type DataSource, type EntityManager } from 'typeorm';
import { type QueryResult } from 'pg';
import { rerouteOf } from './replicas';
import { servingError, servingLimitsOf } from './serving';

interface PgClient {
  query(config: { name: string; text: string; values: unknown[] }): Promise<QueryResult>;
}

/**
 * Run a named prepared statement on the transaction's connection. Postgres parses and plans it
 * once per connection rather than on every call: for the save path that planning was about a
 * third of Postgres' time per report (BENCHMARKS.md). Logged like any TypeORM query.
 */
export async function preparedQuery<T>(
  em: EntityManager,
  name: string,
  text: string,
  values: readonly unknown[],
): Promise<T[]> {
  const runner = em.queryRunner;
  if (!runner) throw new Error(`preparedQuery(${name}) needs a transaction's entity manager`);
  em.connection.logger.logQuery(text, [...values], runner);
  const client = (await runner.connect()) as PgClient;
  const result = await client.query({ name, text, values: [...values] });
  return result.rows as T[];
}

interface PgPool {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<QueryResult>;
}

/** Distinct read statements given a name (and so kept prepared on each pooled connection). */
const MAX_NAMED_READS = 200;
const readNames = new Map<string, string>();

/**
 * A read on the pool as a named prepared statement: Postgres plans it once per connection. For a
 * list page, planning the statement (~0.12 ms) took longer than running it (~0.06–0.25 ms;
 * BENCHMARKS.md, "Serving"). Statements vary with filters and the columns a query asks for, so
 * only the first MAX_NAMED_READS distinct texts get names (bounding what each connection keeps);
 * later ones run unnamed. Logged like any TypeORM query.
 */
export async function readQuery<T>(ds: DataSource, text: string, values: readonly unknown[]): Promise<T[]> {
  let name = readNames.get(text);
  if (name === undefined && readNames.size < MAX_NAMED_READS) {
    name = `gongkai_read_${readNames.size + 1}`;
    readNames.set(text, name);
  }
  ds.logger.logQuery(text, [...values]);
  const pool = (ds.driver as unknown as { master: PgPool }).master;
  try {
    const result = await pool.query({ name, text, values: [...values] });
    return result.rows as T[];
  } catch (e) {
    // A replica gone away: the same statement on another read URL or the primary.
    const instead = rerouteOf(ds, e);
    if (instead) return readQuery(instead, text, values);
    // On a serving pool, a statement or lock timeout is the client's typed error.
    const serving = servingLimitsOf(ds);
    throw serving ? servingError(e, serving.limits, serving.kind) : e;
  }
}

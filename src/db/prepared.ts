import { type EntityManager } from 'typeorm';
import { type QueryResult } from 'pg';

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

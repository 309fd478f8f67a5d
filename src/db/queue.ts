/**
 * The ingest queue's side of the database: pg-boss (pinned, 10.4.2) runs its statements through
 * the primary's pool, and the progress and failures of `gongkai ingest --queue --wait` and
 * `gongkai jobs` are read here from pg-boss's tables, `job` (live jobs) and `archive` (jobs
 * moved out after they ended). pg-boss's API asks for one job at a time (getJobById); a run of
 * thousands of jobs is counted in one statement instead.
 */
import type PgBoss from 'pg-boss';
import { type DataSource } from 'typeorm';
import { type Pool } from 'pg';

/** pg-boss's `db` option: its statements run on this pool (and so on the primary). */
export interface QueueDb {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export function queueDb(ds: DataSource): QueueDb {
  // TypeORM's Postgres driver keeps its pg Pool as `master`.
  const pool = (ds.driver as unknown as { master: Pool }).master;
  return {
    executeSql: async (text, values) => {
      const result = await pool.query(text, values as unknown[] | undefined);
      return { rows: result.rows as unknown[] };
    },
  };
}

/**
 * Fail an active job for good now, with `output` as its reason: no retry, whatever retries it had
 * left. pg-boss 10.4.2 has no call for it: fail() retries while retry_count < retry_limit (its
 * maintainer's answers: delete the job, which loses the reason, or cancel it, which keeps no
 * output, timgit/pg-boss#516; a failWithoutRetry was proposed and closed unmerged, #450). So in
 * one transaction the job's retry limit is lowered to the runs it has had, then pg-boss's own
 * fail() runs on the same connection: the job ends `failed` with the output, as one that used up
 * its retries does (`gongkai jobs --retry` runs it once more, as any failed job). Only the
 * `retry_limit` column of pg-boss's job table is touched, hence the exact pin.
 */
export async function failJobNow(
  ds: DataSource,
  boss: PgBoss,
  schema: string,
  queue: string,
  id: string,
  output: object,
): Promise<void> {
  const pool = (ds.driver as unknown as { master: Pool }).master;
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(
      `UPDATE ${q(schema)}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2 AND state = 'active'`,
      [queue, id],
    );
    await boss.fail(queue, id, output, {
      db: {
        executeSql: async (text: string, values?: unknown[]) => ({
          rows: (await client.query(text, values)).rows as unknown[],
        }),
      },
    });
    await client.query('COMMIT');
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
}

/** pg-boss's job states, in the order of its enum. */
export const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'] as const;
export type JobState = (typeof JOB_STATES)[number];

const q = (schema: string): string => `"${schema.replace(/"/g, '""')}"`;

/** Live and archived jobs of a queue, as one relation. */
const allJobs = (schema: string): string =>
  `(SELECT id, name, state, data, output, retry_count, retry_limit, singleton_key, created_on, completed_on
      FROM ${q(schema)}.job
    UNION ALL
    SELECT id, name, state, data, output, retry_count, retry_limit, singleton_key, created_on, completed_on
      FROM ${q(schema)}.archive)`;

const countsOf = (rows: { state: JobState; n: string }[]): Record<JobState, number> => {
  const counts = Object.fromEntries(JOB_STATES.map((s) => [s, 0])) as Record<JobState, number>;
  for (const r of rows) counts[r.state] += Number(r.n);
  return counts;
};

/** How many of these jobs are in each state (a job's id stays through retries and archiving). */
export async function jobStates(
  ds: DataSource,
  schema: string,
  queue: string,
  ids: readonly string[],
): Promise<Record<JobState, number>> {
  const rows = await ds.query<{ state: JobState; n: string }[]>(
    `SELECT state::text AS state, count(*) AS n FROM ${allJobs(schema)} j
      WHERE name = $1 AND id = ANY($2::uuid[]) GROUP BY state`,
    [queue, ids],
  );
  return countsOf(rows);
}

/** Every job of the queue by state, live and archived. */
export async function queueCounts(
  ds: DataSource,
  schema: string,
  queue: string,
): Promise<Record<JobState, number>> {
  const rows = await ds.query<{ state: JobState; n: string }[]>(
    `SELECT state::text AS state, count(*) AS n FROM ${allJobs(schema)} j WHERE name = $1 GROUP BY state`,
    [queue],
  );
  return countsOf(rows);
}

/**
 * Of these keys (jobs just offered that pg-boss did not insert: one with the same key was
 * queued already), the newest job of each: the one a run waits for in their stead.
 */
export async function jobsByKey(
  ds: DataSource,
  schema: string,
  queue: string,
  keys: readonly string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await ds.query<{ singleton_key: string; id: string }[]>(
    `SELECT DISTINCT ON (singleton_key) singleton_key, id FROM ${allJobs(schema)} j
      WHERE name = $1 AND singleton_key = ANY($2::text[])
      ORDER BY singleton_key, created_on DESC`,
    [queue, keys],
  );
  return new Map(rows.map((r) => [r.singleton_key, r.id]));
}

/** Which of these ids pg-boss holds (live or archived). */
export async function existingJobs(
  ds: DataSource,
  schema: string,
  queue: string,
  ids: readonly string[],
): Promise<Set<string>> {
  const rows = await ds.query<{ id: string }[]>(
    `SELECT id FROM ${allJobs(schema)} j WHERE name = $1 AND id = ANY($2::uuid[])`,
    [queue, ids],
  );
  return new Set(rows.map((r) => r.id));
}

export interface JobProblem {
  id: string;
  state: 'retry' | 'failed';
  /** The report file, as the machine that enqueued it named it. */
  file: string;
  /** Why its last run failed. */
  reason: string;
  /** Runs so far. */
  attempts: number;
  /** Runs it may have in all. */
  maxAttempts: number;
  /** Whether it sits in the archive (older than GONGKAI_QUEUE_KEEP_FAILED_SECONDS): it can no longer be retried. */
  archived: boolean;
  /** Failed at once, not retried: the failure was the input's (it would fail the same way again). */
  final: boolean;
}

/**
 * Jobs that failed for good, and those waiting to run again after a failure, newest first, with
 * the file and the reason: Gongkai's worker fails a job with `{ file, error, code, final }`; pg-boss's own
 * failures (a worker that stopped answering: "job failed by timeout in active state") carry
 * `{ value: { message } }`.
 */
export async function jobProblems(
  ds: DataSource,
  schema: string,
  queue: string,
  opts: { ids?: readonly string[]; limit?: number } = {},
): Promise<JobProblem[]> {
  const rows = await ds.query<
    {
      id: string;
      state: 'retry' | 'failed';
      file: string | null;
      reason: string | null;
      retry_count: number;
      retry_limit: number;
      archived: boolean;
      final: boolean;
    }[]
  >(
    `SELECT id, state::text AS state, data->>'file' AS file,
            coalesce(output->>'error', output->'value'->>'message', output->>'message') AS reason,
            retry_count, retry_limit, archived, coalesce((output->>'final')::boolean, false) AS final
       FROM (SELECT id, name, state, data, output, retry_count, retry_limit, created_on, completed_on,
                    false AS archived FROM ${q(schema)}.job
             UNION ALL
             SELECT id, name, state, data, output, retry_count, retry_limit, created_on, completed_on,
                    true FROM ${q(schema)}.archive) j
      WHERE name = $1 AND (state = 'failed' OR (state = 'retry' AND output IS NOT NULL))
        AND ($2::uuid[] IS NULL OR id = ANY($2::uuid[]))
      ORDER BY coalesce(completed_on, created_on) DESC, id
      LIMIT $3`,
    [queue, opts.ids ?? null, opts.limit ?? 100],
  );
  return rows.map((r) => ({
    id: r.id,
    state: r.state,
    file: r.file ?? '(no file named)',
    reason: r.reason ?? '(no reason given)',
    // pg-boss counts retries from 0; a job that has run once has retry_count 0.
    attempts: r.retry_count + 1,
    maxAttempts: r.retry_limit + 1,
    archived: r.archived,
    final: r.final,
  }));
}

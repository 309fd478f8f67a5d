/**
 * The floor: the scenario's single hand-written SQL statement, run over pg (no HTTP, no GraphQL)
 * by N concurrent clients for a fixed time, in a process of its own. Ask
 * {type:'run', sql, params: number[], connections, seconds, seed}: each request takes a random
 * parameter ($1) from `params`, or none when `params` is empty (a fixed statement); answers
 * {type:'run', rps, p50, p99, requests, errors} (ms).
 * Args: <url> <schema>.
 */
import pg from 'pg';
import { childMain, median, rng, send, type ChildMessage } from './util';

interface RunRequest {
  type: 'run';
  sql: string;
  params: number[];
  connections: number;
  seconds: number;
  seed: number;
}

/** A statement's name: the same SQL text gets the same prepared statement on a connection. */
function statementName(sql: string): string {
  let h = 5381;
  for (let i = 0; i < sql.length; i++) h = (Math.imul(h, 33) + sql.charCodeAt(i)) >>> 0;
  return `floor_${h.toString(36)}`;
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]! : NaN;
}

childMain(async () => {
  const [url, schema] = process.argv.slice(2) as [string, string];
  const pool = new pg.Pool({ connectionString: url, max: 64, options: `-c search_path=${schema},public` });
  const run = async (r: RunRequest) => {
    const clients = await Promise.all(Array.from({ length: r.connections }, () => pool.connect()));
    const next = rng(r.seed);
    const pick = () => r.params[Math.floor(next() * r.params.length)]!;
    // Named statement: planned once per connection, as Gongkai's prepared statements are.
    const name = statementName(r.sql);
    const query = (c: pg.PoolClient) =>
      c.query({ name, text: r.sql, values: r.params.length ? [pick()] : [] });
    for (const c of clients) await query(c); // warm the plan cache
    const latencies: number[] = [];
    let errors = 0;
    const end = Date.now() + r.seconds * 1000;
    const started = process.hrtime.bigint();
    await Promise.all(
      clients.map(async (c) => {
        while (Date.now() < end) {
          const t0 = process.hrtime.bigint();
          try {
            const res = await query(c);
            if ((res.rows[0] as { json?: string } | undefined)?.json == null) errors++;
          } catch {
            errors++;
          }
          latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
      }),
    );
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    for (const c of clients) c.release();
    latencies.sort((a, b) => a - b);
    send({
      type: 'run',
      requests: latencies.length,
      rps: latencies.length / seconds,
      p50: median(latencies),
      p99: percentile(latencies, 99),
      errors,
    });
  };
  process.on('message', (m: ChildMessage) => {
    if (m.type === 'run')
      run(m as unknown as RunRequest).catch((e: Error) => send({ type: 'error', message: e.stack }));
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready' });
});

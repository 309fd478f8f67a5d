/**
 * Telling servers that the data changed, so that they drop cached answers.
 *
 * Reports change only when a save transaction commits. It runs NOTIFY_SQL inside the transaction
 * (Postgres delivers it at commit, and drops it on rollback) for servers in other processes, and
 * calls `announceDataChanged` after the commit for servers in the same process, which then see
 * their own writes at once (a mutation's answer is sent only after the cache is dropped).
 */
import { EventEmitter } from 'node:events';
import pg from 'pg';
import { type DataSource } from 'typeorm';

export const DATA_CHANGED_CHANNEL = 'gongkai_data_changed';

/**
 * Run inside a write transaction with the writer's schemaOf(ds) as $1. Not current_schema(): with
 * no schema configured, a schema named after the user would be first on the search path.
 */
export const NOTIFY_SQL = `SELECT pg_notify('${DATA_CHANGED_CHANNEL}', $1)`;

const local = new EventEmitter().setMaxListeners(0);

/** The schema a data source's unqualified names resolve in (what current_schema() reports). */
export function schemaOf(ds: DataSource): string {
  return (ds.options as { schema?: string }).schema ?? 'public';
}

/** After a write transaction committed: tell this process's listeners. */
export function announceDataChanged(ds: DataSource): void {
  local.emit('changed', schemaOf(ds));
}

export interface DataChangeFeed {
  close(): Promise<void>;
}

export interface FeedHandlers {
  /** The data of the schema changed (or may have: called too when the feed comes back). */
  changed(): void;
  /** The feed went down (false) or came back (true). */
  live(up: boolean): void;
}

/**
 * Listen for changes to `ds`'s schema: LISTEN on a connection of its own, reconnecting with
 * backoff when it drops. Resolves once the first connection attempt has finished, whether or not
 * it succeeded (a server starts without its cache rather than not at all).
 */
export async function listenForDataChanges(
  ds: DataSource,
  handlers: FeedHandlers,
  opts: { retryMs?: number; maxRetryMs?: number } = {},
): Promise<DataChangeFeed> {
  const schema = schemaOf(ds);
  const url = (ds.options as { url?: string }).url;
  const first = opts.retryMs ?? 1000;
  const max = opts.maxRetryMs ?? 30_000;
  let client: pg.Client | undefined;
  let live = false;
  let closed = false;
  let delay = first;
  let timer: NodeJS.Timeout | undefined;

  const onLocal = (s: string) => {
    if (s === schema) handlers.changed();
  };
  local.on('changed', onLocal);

  const setLive = (up: boolean) => {
    if (live === up) return;
    live = up;
    handlers.live(up);
  };
  const retry = () => {
    setLive(false);
    if (closed || timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect();
    }, delay);
    timer.unref();
    delay = Math.min(delay * 2, max);
  };
  const connect = async (): Promise<void> => {
    const c = new pg.Client({
      connectionString: url,
      // named per schema, so that an operator (or a test) can tell the listeners apart
      application_name: `gongkai-data-changes:${schema}`.slice(0, 63),
      // An idle connection whose peer vanished is only noticed through keepalive probes.
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    client = c;
    c.on('error', () => undefined); // 'end' follows; reconnecting happens there
    c.on('end', () => {
      if (client === c) retry();
    });
    c.on('notification', (n) => {
      if (n.channel === DATA_CHANGED_CHANNEL && n.payload === schema) handlers.changed();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${DATA_CHANGED_CHANNEL}`);
      if (closed) {
        await c.end();
        return;
      }
      delay = first;
      // Changes made while the feed was down were not heard.
      handlers.changed();
      setLive(true);
    } catch {
      client = undefined;
      c.end().catch(() => undefined);
      retry();
    }
  };

  await connect();
  return {
    async close() {
      closed = true;
      local.off('changed', onLocal);
      if (timer) clearTimeout(timer);
      const c = client;
      client = undefined;
      setLive(false);
      await c?.end().catch(() => undefined);
    },
  };
}

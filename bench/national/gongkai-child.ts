/**
 * What the Gongkai server children share: the app as `gongkai serve` builds it over the benchmark
 * schema (`NODE_ENV=production`), on a free loopback port, with a TypeORM logger counting the SQL
 * statements sent and the response cache's hits, so the driver can read them per request (ask
 * {type:'count'}; {type:'reset'} zeroes the statement count). Args of the child: <url> <schema>
 * [cache]; the response cache only with "cache" (compared with PostGraphile, without).
 */
import { loadConfig } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { type App, createApp, type Executor, listen } from '../../src/server/app';
import { StatementCounter } from './statement-counter';
import { childMain, serveChild } from './util';

/** `configure` adjusts the built app before it listens (the Apollo raw floor's serialiser). */
export function gongkaiChild(executor: () => Promise<Executor>, configure?: (app: App) => void): void {
  childMain(async () => {
    const [url, schema, cache] = process.argv.slice(2) as [string, string, string?];
    const logger = new StatementCounter();
    const ds = await openDataSource({ url, schema, logger });
    const config = loadConfig({
      NODE_ENV: 'production',
      GONGKAI_RESPONSE_CACHE_MB: cache === 'cache' ? '64' : '0',
      // every load connection comes from one address: the per-client cap (8 running, 32 queued)
      // would answer a 50-connection load with 429s; the benchmark measures serving, not the cap
      // (cap-probe.ts keeps the default: BENCH_DEFAULT_CAP=1)
      ...(process.env.BENCH_DEFAULT_CAP
        ? {}
        : { GONGKAI_CLIENT_CONCURRENCY: '1000', GONGKAI_CLIENT_QUEUE: '10000' }),
    });
    const app = await createApp(ds, config, await executor());
    configure?.(app);
    const endpoint = await listen(app, 0, '127.0.0.1');
    serveChild(endpoint.replace('localhost', '127.0.0.1'), {
      count: () => logger.statements,
      reset: () => (logger.statements = 0),
      cache: () => ({ hits: app.cache?.hits ?? 0, misses: app.cache?.misses ?? 0 }),
    });
  });
}

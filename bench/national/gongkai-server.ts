/**
 * Gongkai's GraphQL server as `gongkai serve` runs it (same app, schema and pool size), over the
 * benchmark schema, on a free loopback port. A TypeORM logger counts the SQL statements sent, so
 * the driver can read statements per request (ask {type:'count'}; {type:'reset'} zeroes it).
 * Args: <url> <schema> [cache].
 */
import { loadConfig } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { buildReportsSchema } from '../../src/schema/build';
import { createApp, listen } from '../../src/server/app';
import { StatementCounter } from './statement-counter';
import { childMain, serveChild } from './util';

childMain(async () => {
  const [url, schema, cache] = process.argv.slice(2) as [string, string, string?];
  const logger = new StatementCounter();
  const ds = await openDataSource({ url, schema, logger });
  // The response cache only with a third argument "cache": compared with PostGraphile, without.
  const config = loadConfig({
    NODE_ENV: 'production',
    GONGKAI_RESPONSE_CACHE_MB: cache === 'cache' ? '64' : '0',
  });
  // The reports subgraph alone: what the (a) and (b) pages read.
  const app = await createApp(ds, config, { schema: await buildReportsSchema() });
  const endpoint = await listen(app, 0, '127.0.0.1');
  serveChild(endpoint.replace('localhost', '127.0.0.1'), {
    count: () => logger.statements,
    reset: () => (logger.statements = 0),
    cache: () => ({ hits: app.cache?.hits ?? 0, misses: app.cache?.misses ?? 0 }),
  });
});

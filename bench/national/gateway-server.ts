/**
 * Gongkai's federation gateway as `npm start` (`gongkai serve`) runs it: the reports and
 * analytics subgraphs composed in this process (localGateway), over the benchmark schema, on a
 * free loopback port. Serves scenario (c), the analyst's aggregate, which only the analytics
 * subgraph answers. Counts SQL statements and reports its CPU time like gongkai-server.ts
 * (ask {type:'count'}; {type:'reset'} zeroes the statement count). Args: <url> <schema> [cache].
 */
import { loadConfig } from '../../src/config';
import { openDataSource } from '../../src/db/data-source';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/schema/build';
import { createApp, listen } from '../../src/server/app';
import { localGateway } from '../../src/server/gateway';
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
  // As src/cli/commands/serve.ts builds it: every subgraph, composed in process.
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  const app = await createApp(ds, config, { gateway: localGateway(subgraphs) });
  const endpoint = await listen(app, 0, '127.0.0.1');
  serveChild(endpoint.replace('localhost', '127.0.0.1'), {
    count: () => logger.statements,
    reset: () => (logger.statements = 0),
    cache: () => ({ hits: app.cache?.hits ?? 0, misses: app.cache?.misses ?? 0 }),
  });
});

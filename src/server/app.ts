/**
 * The HTTP app: GraphQL at /graphql (POST and GET), GraphiQL on the same URL for browsers,
 * /healthz for probes. Apollo's CSRF prevention stays on; CORS per configuration.
 */
import { ApolloServer } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import cors from 'cors';
import express, { type Express } from 'express';
import { type ApolloGateway } from '@apollo/gateway';
import { type GraphQLSchema } from 'graphql';
import http from 'node:http';
import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { createContext, type GraphQLContext } from '../schema/context';
import { depthLimitRule } from '../schema/depth-limit';
import { formatError } from './errors';
import { graphiqlAssets, graphiqlHtml } from './graphiql';
import { graphqlHttpHandler, isGraphQLPath } from './graphql-http';
import { jitGateway } from './jit-executor';
import { regionHintsPlugin } from './region-hints';
import { cacheablePlugin, ResponseCache } from './response-cache';
import { type DataChangeFeed, listenForDataChanges } from '../db/data-changes';

export interface App {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Kept answers (absent when turned off, or with no database to hear changes from). */
  cache?: ResponseCache;
  changes?: DataChangeFeed;
}

const GRAPHQL_PATH = '/graphql';
const ASSETS_PATH = '/graphiql';
/** Largest GraphQL request body: a query with its variables, never a report's text in bulk. */
const MAX_BODY_BYTES = 10 * 2 ** 20;

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return m?.[1]?.trim();
}

/** What the server executes: one subgraph's schema, or a gateway over subgraphs. */
export type Executor = { schema: GraphQLSchema } | { gateway: ApolloGateway };

/**
 * The app over a database (a subgraph, or the in-process gateway, whose subgraphs share the
 * request's context) or, with no data source, a gateway over remote subgraphs.
 */
export async function createApp(
  ds: DataSource | undefined,
  config: Config,
  executor: Executor,
): Promise<App> {
  const app = express();
  // No ETag: GraphQL answers POSTs, and Express would hash every response body to make one.
  app.set('etag', false);
  app.disable('x-powered-by');
  // Requests are routed once Apollo has started (below).
  const httpServer = http.createServer();
  const apollo = new ApolloServer<GraphQLContext>({
    // A subgraph's own schema runs on graphql-jit; a gateway plans and executes itself.
    ...('schema' in executor ? { gateway: jitGateway(executor.schema) } : executor),
    introspection: true,
    validationRules: [depthLimitRule(config.maxQueryDepth)],
    formatError: formatError(config.production),
    includeStacktraceInErrorResponses: !config.production,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // No Apollo Studio here: traces for the gateway would only cost time.
      ApolloServerPluginInlineTraceDisabled(),
      // No @cacheControl hints are set, yet the default cache-control plugin hooks every field's
      // resolution: ~16% of CPU per request on a report page (BENCHMARKS.md, national-scale run).
      ApolloServerPluginCacheControlDisabled(),
      cacheablePlugin<GraphQLContext>(),
      regionHintsPlugin<GraphQLContext>(),
    ],
  });
  await apollo.start();

  // Kept answers need a database to hear changes from: a remote gateway keeps none.
  const cache =
    ds && config.responseCacheMb > 0
      ? new ResponseCache({
          maxBytes: config.responseCacheMb * 2 ** 20,
          ttlSeconds: config.responseCacheTtlSeconds,
        })
      : undefined;
  const changes =
    ds && cache
      ? await listenForDataChanges(ds, {
          changed: () => cache.clear(),
          live: (up) => (cache.live = up),
        })
      : undefined;

  const corsMiddleware = cors(config.corsOrigins === '*' ? {} : { origin: config.corsOrigins });

  app.get('/healthz', async (_req, res) => {
    if (!ds) {
      res.json({ status: 'ok' });
      return;
    }
    // Whether repeated queries are served from the cache (not while changes cannot be heard).
    const responseCache = !cache ? 'off' : cache.live ? 'live' : 'reconnecting';
    try {
      await ds.query('SELECT 1');
      res.json({ status: 'ok', database: 'ok', responseCache });
    } catch (e) {
      res.status(503).json({ status: 'unavailable', database: String((e as Error).message) });
    }
  });

  app.use(ASSETS_PATH, graphiqlAssets());

  const graphql = graphqlHttpHandler({
    apollo,
    cors: corsMiddleware,
    maxBodyBytes: MAX_BODY_BYTES,
    landingPage: graphiqlHtml(GRAPHQL_PATH, ASSETS_PATH),
    cache,
    context: async (req) => {
      const token = bearer(req.headers.authorization);
      // A remote gateway only forwards the token; the subgraphs hold the data.
      return ds ? createContext(ds, config, token) : ({ config, token } as GraphQLContext);
    },
  });

  app.get('/', (_req, res) => res.redirect(GRAPHQL_PATH));
  // /graphql is answered before Express sees the request (see graphql-http.ts).
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (isGraphQLPath(req.url, GRAPHQL_PATH)) void graphql(req, res);
    else app(req, res);
  });
  return { app, httpServer, apollo, cache, changes };
}

/** Listen on a port (0 picks a free one); resolves with the URL of the GraphQL endpoint. */
export async function listen(a: App, port: number, host = '0.0.0.0'): Promise<string> {
  await new Promise<void>((resolve, reject) => {
    a.httpServer.once('error', reject);
    a.httpServer.listen(port, host, () => resolve());
  });
  const address = a.httpServer.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return `http://localhost:${actual}${GRAPHQL_PATH}`;
}

export async function close(a: App): Promise<void> {
  await a.changes?.close();
  await a.apollo.stop();
}

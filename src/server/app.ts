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
import { type GatewayInterface } from '@apollo/server-gateway-interface';
import { type GraphQLSchema } from 'graphql';
import http from 'node:http';
import { type DataSource } from 'typeorm';
import { type Config } from '../config';
import { createContext, type GraphQLContext } from '../schema/context';
import { Admission } from './admission';
import { errorsPlugin, formatError } from './errors';
import { dashboardRoutes } from './dashboard';
import { graphiqlAssets, graphiqlHtml } from './graphiql';
import { graphqlHttpHandler, isGraphQLPath } from './graphql-http';
import { jitGateway } from './jit-executor';
import { limitRules, limitsPlugin, loadTrustedDocuments, parseOptions, trustedDocumentStore } from './limits';
import { type Logger, processLogger } from './logging';
import { regionHintsPlugin } from './region-hints';
import { requestState, requestStatePlugin, type WithRequest } from './request-id';
import { sameToken } from '../resolvers/token';
import { cachePolicyPlugin, ResponseCache } from './response-cache';
import { type DataChangeFeed, listenForDataChanges } from '../db/data-changes';
import { pingDatabase } from '../db/health';
import { type ServingDatabase, servingOf } from '../db/serving';

export interface App {
  app: Express;
  httpServer: http.Server;
  apollo: ApolloServer<GraphQLContext>;
  /** Kept answers (absent when turned off, or with no database to hear changes from). */
  cache?: ResponseCache;
  changes?: DataChangeFeed;
  /** The per-client cap and queue in front of /graphql. */
  admission: Admission;
}

const GRAPHQL_PATH = '/graphql';
const ASSETS_PATH = '/graphiql';

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  return m?.[1]?.trim();
}

/** What the server executes: one subgraph's schema, or a gateway over subgraphs. */
export type Executor = { schema: GraphQLSchema } | { gateway: GatewayInterface };

/**
 * The app over a database (a subgraph, or the in-process gateway, whose subgraphs share the
 * request's context) or, with no data source, a gateway over remote subgraphs.
 */
export async function createApp(
  db: DataSource | ServingDatabase | undefined,
  config: Config,
  executor: Executor,
  options: { logger?: Logger } = {},
): Promise<App> {
  const logger = options.logger ?? processLogger();
  // Reads go through the read-only pools, LISTEN and the mutation through the writer.
  const serving = db && servingOf(db);
  const ds = serving?.pick().reads;
  const app = express();
  // No ETag: GraphQL answers POSTs, and Express would hash every response body to make one.
  app.set('etag', false);
  app.disable('x-powered-by');
  // Requests are routed once Apollo has started (below).
  // A request must have arrived whole by its deadline (a client trickling its body holds no slot).
  const httpServer = http.createServer({ requestTimeout: config.limits.requestDeadlineMs });
  const apollo = new ApolloServer<GraphQLContext & WithRequest>({
    // A subgraph's own schema runs on graphql-jit; a gateway plans and executes itself.
    ...('schema' in executor ? { gateway: jitGateway(executor.schema) } : executor),
    // Whoever runs the server stops it (serve.ts, bounded: src/db/shutdown.ts); Apollo's own
    // handlers would re-raise the signal and cut that shutdown short.
    stopOnTerminationSignals: false,
    // Turned off by our own rule (limits.ts), whose error says which setting turns it on.
    introspection: true,
    validationRules: limitRules(config),
    parseOptions: parseOptions(config.limits),
    // No "did you mean" field names in production answers.
    hideSchemaDetailsFromClientErrors: config.production,
    // With trusted documents, a hash alone names one of them; nothing else is kept.
    ...(config.limits.trustedDocuments
      ? {
          persistedQueries: {
            cache: trustedDocumentStore(loadTrustedDocuments(config.limits.trustedDocuments)),
          },
        }
      : {}),
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
      cachePolicyPlugin<GraphQLContext>(),
      regionHintsPlugin<GraphQLContext>(),
      limitsPlugin<GraphQLContext>(config),
      requestStatePlugin<GraphQLContext & WithRequest>(),
      errorsPlugin<GraphQLContext & WithRequest>(),
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
    serving && cache
      ? await listenForDataChanges(serving.writer, {
          changed: () => {
            cache.clear();
            // Replicas' answers are kept again once they are seen past this change.
            serving.replication?.changed();
          },
          live: (up) => (cache.live = up),
        })
      : undefined;

  const corsMiddleware = cors(config.corsOrigins === '*' ? {} : { origin: config.corsOrigins });

  // ok; degraded (answers, but repeated queries are not served from the cache while changes
  // cannot be heard); down (503: the database does not answer). Causes go to the log only.
  app.get('/healthz', async (_req, res) => {
    if (!ds || !serving) {
      res.json({ status: 'ok' });
      return;
    }
    const responseCache = !cache ? 'off' : cache.live ? 'live' : 'reconnecting';
    try {
      await Promise.race([
        // Where a read would go now (with replicas: one in rotation, else the primary).
        pingDatabase(serving.pick().reads),
        new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 2 s')), 2000).unref()),
      ]);
      res.json({
        status: responseCache === 'reconnecting' ? 'degraded' : 'ok',
        database: 'ok',
        responseCache,
        ...(serving.replication ? readsStatus(serving) : {}),
      });
    } catch (e) {
      logger.error({ err: e }, 'healthz: the database does not answer');
      res.status(503).json({ status: 'down', database: 'down', responseCache });
    }
  });

  app.use(ASSETS_PATH, graphiqlAssets());

  const admission = new Admission(config.limits, logger, config.accessLog);
  const graphql = graphqlHttpHandler({
    apollo,
    cors: corsMiddleware,
    // A valid API token (ingestReport with a base64 file) may send more than a query needs.
    maxBodyBytes: (req) =>
      sameToken(bearer(req.headers.authorization), config.apiToken)
        ? config.limits.maxTokenBodyBytes
        : config.limits.maxBodyBytes,
    landingPage: graphiqlHtml(GRAPHQL_PATH, ASSETS_PATH),
    cache,
    context: async (req) => {
      const token = bearer(req.headers.authorization);
      // A remote gateway only forwards the token; the subgraphs hold the data.
      // With replicas, the writer (the API token's holder) reads from the primary: its own writes.
      const context = serving
        ? createContext(serving, config, token, { primary: sameToken(token, config.apiToken) })
        : ({ config, token } as GraphQLContext);
      return Object.assign(context, { request: requestState(req) });
    },
  });

  // The dashboard at / (GraphiQL stays at /graphql).
  app.use(dashboardRoutes(GRAPHQL_PATH));
  // /graphql is answered before Express sees the request (see graphql-http.ts).
  httpServer.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (isGraphQLPath(req.url, GRAPHQL_PATH)) void admission.admit(req, res, () => graphql(req, res));
    else app(req, res);
  });
  return { app, httpServer, apollo, cache, changes, admission };
}

/**
 * Where reads go (/healthz with GONGKAI_DATABASE_READ_URLS): `reads`, the read URLs a request's
 * reads are taken from in turn now; `writerReads`, where the API token's holder reads; and every
 * read URL with its role, whether it is in rotation, its lag and why it is out.
 */
function readsStatus(serving: ServingDatabase) {
  const r = serving.replication!;
  const targets = r.status();
  const inRotation = targets.filter((t) => t.inRotation);
  const replicas = inRotation.filter((t) => t.role === 'replica');
  const primaries = inRotation.filter((t) => t.role === 'primary' && !t.fallback);
  const goes = replicas.length
    ? replicas
    : primaries.length
      ? primaries
      : inRotation.filter((t) => t.fallback);
  const primary = primaries.length ? primaries : inRotation.filter((t) => t.fallback);
  return {
    reads: goes.map((t) => `${t.role} ${t.url}`),
    writerReads: primary.map((t) => `${t.role} ${t.url}`),
    readUrls: targets,
  };
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

/**
 * /graphql over plain node:http, in front of Express. Every API request comes here, and Express's
 * router, body parser and response helpers were a measurable share of a list page's CPU
 * (BENCHMARKS.md, "Serving: session 3"). Apollo Server's own HTTP layer
 * (`executeHTTPGraphQLRequest`: GET and POST, CSRF prevention, content negotiation, status codes)
 * still does all of the GraphQL part; this module only reads the body and writes the answer.
 */
import { type ApolloServer, type BaseContext, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import accepts from 'accepts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode } from '../errors';
import { timeoutMessage } from './admission';
import { beforeDeadline, DEADLINE_PASSED, requestState } from './request-id';
import {
  EXPOSED_HEADERS,
  etagOf,
  getKeyText,
  isPersistedGet,
  NOT_CACHEABLE,
  publicCacheControl,
  sendPersistedGet,
} from './http-caching';
import {
  type CachedAnswer,
  type CachePolicy,
  type ResponseCache,
  type WithCachePolicy,
} from './response-cache';

type Middleware = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

export interface GraphQLHttpOptions<C extends BaseContext & WithCachePolicy> {
  apollo: ApolloServer<C>;
  context: (req: IncomingMessage) => Promise<C>;
  /** CORS headers and preflight answers (the `cors` package's middleware). */
  cors: Middleware;
  /** Largest request body read, in bytes (it may depend on the request); larger ones get 413. */
  maxBodyBytes: number | ((req: IncomingMessage) => number);
  /** The page a browser gets for a GET with no query (GraphiQL). */
  landingPage: string;
  /** Answers kept until the data changes (absent: every request runs). */
  cache?: ResponseCache;
}

/** Whether a request URL is the GraphQL endpoint (with or without a query string). */
export function isGraphQLPath(url: string | undefined, path: string): boolean {
  if (!url?.startsWith(path)) return false;
  const rest = url.slice(path.length);
  return rest === '' || rest === '/' || rest.startsWith('?') || rest.startsWith('/?');
}

/** A JSON error answer in GraphQL's shape, for failures before GraphQL runs. */
function fail(res: ServerResponse, status: number, code: ErrorCode, message: string, close = false): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(body);
}

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Stop keeping the body but let it drain, so that the client reads the 413 rather than
        // a reset; the answer closes the connection.
        req.removeAllListeners('data');
        req.resume();
        reject(new BodyTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () =>
      resolve(chunks.length === 1 ? chunks[0]!.toString('utf8') : Buffer.concat(chunks).toString('utf8')),
    );
    req.on('error', reject);
  });
}

function isJson(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const semicolon = contentType.indexOf(';');
  return (
    (semicolon < 0 ? contentType : contentType.slice(0, semicolon)).trim().toLowerCase() ===
    'application/json'
  );
}

/** A browser asking for /graphql with no query gets GraphiQL; API clients get GraphQL. */
function wantsLandingPage(req: IncomingMessage, method: string, search: string): boolean {
  return (
    method === 'GET' &&
    !new URLSearchParams(search).has('query') &&
    accepts(req).type(['application/json', 'text/html']) === 'text/html'
  );
}

/** A kept (or shared) answer, sent again as it was. */
function sendCached(res: ServerResponse, answer: CachedAnswer, how: string): void {
  res.writeHead(answer.status, [
    ...answer.headers.flat(),
    'content-length',
    String(answer.body.length),
    'gongkai-cache',
    how,
  ]);
  res.end(answer.body);
}

function headerMap(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

/** The request handler for the GraphQL endpoint. */
export function graphqlHttpHandler<C extends BaseContext & WithCachePolicy>(
  opts: GraphQLHttpOptions<C>,
): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { apollo, context, cors, maxBodyBytes, landingPage, cache } = opts;
  apollo.assertStarted('graphqlHttpHandler()');

  /** A POSTed JSON body as text; undefined (answered) when it is over the limit. */
  const readPostedBody = async (req: IncomingMessage, res: ServerResponse): Promise<string | undefined> => {
    const limit = typeof maxBodyBytes === 'number' ? maxBodyBytes : maxBodyBytes(req);
    try {
      return await readBody(req, limit);
    } catch (e) {
      if (!(e instanceof BodyTooLarge)) throw e;
      fail(
        res,
        413,
        ErrorCode.INPUT_TOO_LARGE,
        `The request body is over the limit of ${limit} bytes (GONGKAI_MAX_BODY_BYTES); send a smaller query or fewer variables`,
        true,
      );
      return undefined;
    }
  };

  /** Apollo's answer to the request, within its deadline (undefined: answered with a timeout). */
  const execute = async (
    req: IncomingMessage,
    res: ServerResponse,
    request: HTTPGraphQLRequest,
    cachePolicy?: CachePolicy,
  ) => {
    const response = await beforeDeadline(
      req,
      apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest: request,
        context: async () =>
          Object.assign(await context(req), { cachePolicy: cachePolicy ?? { cacheable: false } }),
      }),
    );
    if (response !== DEADLINE_PASSED) return response;
    const { deadlineMs = 0 } = requestState(req) ?? {};
    fail(res, 504, ErrorCode.REQUEST_TIMEOUT, timeoutMessage(deadlineMs));
    return undefined;
  };

  /** body → cached? → execute → write (and keep, when the cache may). */
  const respond = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = req.url ?? '';
    const q = url.indexOf('?');
    const search = q < 0 ? '' : url.slice(q);
    const method = (req.method ?? 'GET').toUpperCase();
    if (wantsLandingPage(req, method, search)) {
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(landingPage),
      });
      res.end(landingPage);
      return;
    }

    // A browser app may read these; only a persisted GET's success is publicly cacheable (http-caching.ts).
    res.setHeader('access-control-expose-headers', EXPOSED_HEADERS);
    res.setHeader('cache-control', NOT_CACHEABLE);
    const persistedGet = isPersistedGet(method, search);
    const posted = method === 'POST' && isJson(req.headers['content-type']);
    const text = posted ? await readPostedBody(req, res) : undefined;
    if (posted && text === undefined) return;

    const keyText = text ?? (persistedGet ? getKeyText(search) : undefined);
    const cached = keyText !== undefined ? await cache?.lookup(keyText, req.headers) : undefined;
    if (cached?.answer) {
      if (persistedGet) {
        const seconds = cache!.secondsLeft(keyText!, req.headers.accept);
        sendPersistedGet(req, res, cached.answer, publicCacheControl(seconds), cached.how);
      } else sendCached(res, cached.answer, cached.how);
      return;
    }
    const visit = cached?.visit;
    // A persisted GET learns whether its answer is a success even when the cache is not used.
    const policy = visit?.policy ?? (persistedGet ? { cacheable: false } : undefined);
    try {
      let body: unknown;
      try {
        body = text === undefined || text === '' ? undefined : JSON.parse(text);
      } catch (e) {
        fail(
          res,
          400,
          ErrorCode.BAD_USER_INPUT,
          `The request body is not valid JSON (${(e as Error).message}); send {"query": "…", "variables": {…}}`,
        );
        return;
      }
      const response = await execute(req, res, { method, headers: headerMap(req), search, body }, policy);
      if (!response) return;
      for (const [name, value] of response.headers) res.setHeader(name, value);
      res.statusCode = response.status ?? 200;
      if (response.body.kind === 'complete') {
        const bytes = Buffer.from(response.body.string);
        if (persistedGet && policy?.cacheable && req.headers.authorization === undefined) {
          const headers: [string, string][] = [...response.headers];
          const contentType = headers.find(([k]) => k === 'content-type')?.[1];
          headers.push(['etag', etagOf(contentType, bytes)]);
          const kept: CachedAnswer = { status: res.statusCode, headers, body: bytes };
          visit?.keep(kept);
          // As long as the cache keeps it; not kept (cache off, changes unheard, data changed meanwhile): revalidate each time.
          const seconds = visit ? cache!.secondsLeft(keyText!, req.headers.accept) : undefined;
          sendPersistedGet(req, res, kept, publicCacheControl(seconds), visit ? 'miss' : undefined);
          return;
        }
        if (visit) {
          res.setHeader('gongkai-cache', 'miss');
          visit.keep({ status: res.statusCode, headers: [...response.headers], body: bytes });
        }
        res.setHeader('content-length', bytes.length);
        res.end(bytes);
        return;
      }
      for await (const chunk of response.body.asyncIterator) res.write(chunk);
      res.end();
    } finally {
      // Requests waiting for this answer run their own when it was not kept (or failed).
      visit?.end();
    }
  };

  return (req, res) =>
    new Promise<void>((resolve) => {
      cors(req, res, (err) => {
        if (err) {
          fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'CORS check failed');
          resolve();
          return;
        }
        respond(req, res).then(resolve, (e: unknown) => {
          console.error('graphql:', e);
          if (!res.headersSent) fail(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
          else res.destroy();
          resolve();
        });
      });
    });
}

/**
 * HTTP caching of GET answers to persisted queries (APQ or trusted documents: the query named by
 * its sha256 hash in the URL), so that a browser or a CDN can keep them:
 *
 * - a successful answer is `Cache-Control: public, max-age=<seconds>`, the seconds the response
 *   cache keeps it (the rest of its lifetime when served from the cache), or `public, no-cache`
 *   (keep, but ask again each time) when the response cache is off or cannot hear changes;
 * - its `ETag` is a hash of the answer as sent (content type and bytes): it changes when the
 *   data under the answer changes, and `If-None-Match` with it is answered 304 without a body;
 * - POSTs, answers with errors and requests with credentials are `no-store` (never public).
 *
 * The response cache keeps GET answers under the URL's query string, as it keeps POSTs under
 * their body, and drops them alike when the data changes.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CachedAnswer } from './response-cache';

/** Headers a browser app may read on a cross-origin answer. */
export const EXPOSED_HEADERS = 'gongkai-cache, etag, cache-control';

export const NOT_CACHEABLE = 'no-store';

/** Whether a GET names a persisted query: `extensions={"persistedQuery":{…,"sha256Hash":…}}`. */
export function isPersistedGet(method: string, search: string): boolean {
  if (method !== 'GET' || !search.includes('persistedQuery')) return false;
  const extensions = new URLSearchParams(search).get('extensions');
  if (!extensions) return false;
  try {
    const parsed = JSON.parse(extensions) as { persistedQuery?: { sha256Hash?: unknown } } | null;
    return typeof parsed?.persistedQuery?.sha256Hash === 'string';
  } catch {
    return false;
  }
}

/** The response cache's key text of a GET: its query string (a POST's is its JSON body). */
export const getKeyText = (search: string): string => `GET ${search}`;

/** A strong validator of the answer: its content type and bytes. */
export function etagOf(contentType: string | undefined, body: Buffer): string {
  const hash = createHash('sha256')
    .update(contentType ?? '')
    .update('\n')
    .update(body);
  return `"${hash.digest('base64url').slice(0, 27)}"`;
}

/** Whether If-None-Match names the answer's ETag (weak comparison, as for GET: RFC 9110 13.1.2). */
export function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const list = (Array.isArray(header) ? header.join(',') : header).split(',');
  const strip = (t: string) => t.trim().replace(/^W\//, '');
  return list.some((t) => t.trim() === '*' || strip(t) === strip(etag));
}

/** Cache-Control of a successful persisted GET: the seconds it stays kept, or revalidate each time. */
export const publicCacheControl = (seconds: number | undefined): string =>
  seconds && seconds > 0 ? `public, max-age=${seconds}` : 'public, no-cache';

/** The header value of a kept answer, by name. */
const headerOf = (answer: CachedAnswer, name: string) =>
  answer.headers.find(([k]) => k.toLowerCase() === name)?.[1];

/**
 * Sends a successful persisted GET's answer, or 304 when the client holds it: the answer's own
 * headers, its ETag and Cache-Control, and `gongkai-cache`.
 */
export function sendPersistedGet(
  req: IncomingMessage,
  res: ServerResponse,
  answer: CachedAnswer,
  cacheControl: string,
  how: string | undefined,
): void {
  const etag = headerOf(answer, 'etag') ?? etagOf(headerOf(answer, 'content-type'), answer.body);
  const headers = answer.headers.filter(([k]) => !['etag', 'cache-control'].includes(k.toLowerCase()));
  const common = ['etag', etag, 'cache-control', cacheControl, ...(how ? ['gongkai-cache', how] : [])];
  if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
    // 304: the validator and the caching headers, no body (RFC 9110 15.4.5).
    const kept = headers.filter(([k]) => k.toLowerCase() === 'vary');
    res.removeHeader('content-type');
    res.writeHead(304, [...kept.flat(), ...common]);
    res.end();
    return;
  }
  res.writeHead(answer.status, [...headers.flat(), ...common, 'content-length', String(answer.body.length)]);
  res.end(answer.body);
}

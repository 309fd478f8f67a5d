/**
 * Whole answers to GraphQL queries, kept until the data changes: the response cache's protocol,
 * all of it in this module. The HTTP handler asks `lookup` with a request's body and headers and
 * gets a kept answer, an identical request's answer it waited for (join), or a visit: it executes,
 * lets the plugin below set the visit's cache policy, `keep`s the answer when the policy allows,
 * and `end`s the visit in any case.
 *
 * The reports only change when an ingest commits, and the same pages and aggregates are asked for
 * again and again (an agency's page, a list page, an analyst's breakdown), so an answer can be
 * served again as it was sent, without Apollo, GraphQL or Postgres. Entries are dropped whenever
 * a save transaction commits (src/db/data-changes.ts), after a time limit as a backstop for edits
 * made outside Gongkai, and least recently used first when the size limit is reached.
 *
 * What is kept: answers to POSTed queries, and to GETs of persisted queries (keyed by their query
 * string; see http-caching.ts), with no Authorization header, that succeeded without errors.
 * Mutations, other GETs (Apollo's CSRF check stays in their path), errors and partial answers
 * always run.
 */
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { LRUCache } from 'lru-cache';
import type { IncomingHttpHeaders } from 'node:http';
import { sharedListenerPlugin } from './shared-listener';

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  /** Encoded once: a hit writes these bytes as they are. */
  body: Buffer;
}

/**
 * Whether an answer may be kept, decided while the request runs (cachePolicyPlugin). An object on
 * the request's context, because Apollo hands plugins a shallow copy of the context.
 */
export interface CachePolicy {
  cacheable: boolean;
}

/** A context the plugin can mark (GraphQLContext is one, structurally). */
export interface WithCachePolicy {
  cachePolicy?: CachePolicy;
  /** Its reads went to a replica not yet past the last change heard: never kept (src/db/replicas.ts). */
  readsBehind?: boolean;
}

/** A request computing an answer the cache may keep. */
export interface CacheVisit {
  /** Put on the request's context; the plugin sets it. */
  readonly policy: CachePolicy;
  /** Keep the answer (when the policy allows) and hand it to the requests waiting for it. */
  keep(answer: CachedAnswer): void;
  /** Call once the request is done, kept or not: waiting requests then run their own. */
  end(): void;
}

/** What a request gets from the cache. */
export type CacheLookup =
  /** A kept answer, or an identical request's answer it waited for. */
  | { answer: CachedAnswer; how: 'hit' | 'shared'; visit?: undefined }
  | { answer?: undefined; how?: undefined; visit: CacheVisit };

export interface ResponseCacheOptions {
  maxBytes: number;
  ttlSeconds: number;
}

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  /** Counts changes: an answer computed across one is not kept. */
  private changes = 0;
  /**
   * Answers being computed, by key: an identical request arriving meanwhile waits for the first
   * one's answer instead of running the same query again (50 analysts asking for the same
   * aggregate just after an ingest). Replaced on every change, so a request that arrives after a
   * change never gets an answer begun before it.
   */
  private pending = new Map<string, Promise<CachedAnswer | undefined>>();
  /** False while changes cannot be heard: nothing is then served or kept. */
  live = false;
  hits = 0;
  misses = 0;

  /** The longest an answer is kept, in seconds. */
  readonly ttlSeconds: number;

  constructor(opts: ResponseCacheOptions) {
    this.ttlSeconds = opts.ttlSeconds;
    this.entries = new LRUCache<string, CachedAnswer>({
      maxSize: opts.maxBytes,
      // One answer may not push out more than an eighth of the others.
      maxEntrySize: Math.max(1, Math.floor(opts.maxBytes / 8)),
      // V8 keeps a key with CJK text as two bytes per character.
      sizeCalculation: (v, k) => 2 * k.length + v.body.length + 64,
      ttl: opts.ttlSeconds * 1000,
    });
  }

  /** The key of a POSTed query: the body as sent and the answer format asked for. */
  static key(body: string, accept: string | undefined): string {
    return `${accept ?? ''}\n${body}`;
  }

  /**
   * A POSTed request's dealings with the cache: look up a kept answer, else join an identical
   * request's, else begin a visit. Undefined when the request may not use the cache (it carries
   * an Authorization header, or changes cannot be heard now).
   */
  async lookup(body: string, headers: IncomingHttpHeaders): Promise<CacheLookup | undefined> {
    if (!this.live || headers.authorization !== undefined) return undefined;
    const key = ResponseCache.key(body, headers.accept);
    const hit = this.get(key);
    if (hit) return { answer: hit, how: 'hit' };
    const shared = this.pending.get(key);
    const joined = shared && (await shared);
    if (joined) return { answer: joined, how: 'shared' };
    return { visit: this.begin(key) };
  }

  /** Seconds the kept answer for this request has left (0: none kept), for Cache-Control. */
  secondsLeft(body: string, accept: string | undefined): number {
    const ms = this.entries.getRemainingTTL(ResponseCache.key(body, accept));
    return Number.isFinite(ms) && ms > 0 ? Math.ceil(ms / 1000) : 0;
  }

  /** The number of changes so far: `set` keeps only an answer begun at the current one. */
  get generation(): number {
    return this.changes;
  }

  get(key: string): CachedAnswer | undefined {
    if (!this.live) return undefined;
    const hit = this.entries.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  set(key: string, answer: CachedAnswer, generation: number): void {
    if (this.live && generation === this.changes) this.entries.set(key, answer);
  }

  /** The data changed: drop every answer, and forget the ones being computed. */
  clear(): void {
    this.changes++;
    this.entries.clear();
    this.pending = new Map();
  }

  /** The answer an identical request is computing now (undefined if it is not kept). */
  inFlight(key: string): Promise<CachedAnswer | undefined> | undefined {
    return this.live ? this.pending.get(key) : undefined;
  }

  /** This request computes the answer for `key`; identical ones wait for it until `end`. */
  begin(key: string): CacheVisit {
    const pending = this.pending;
    const generation = this.changes;
    let settle!: (answer: CachedAnswer | undefined) => void;
    const promise = new Promise<CachedAnswer | undefined>((resolve) => (settle = resolve));
    pending.set(key, promise);
    let done = false;
    const finish = (answer: CachedAnswer | undefined) => {
      if (done) return;
      done = true;
      if (pending.get(key) === promise) pending.delete(key);
      settle(answer);
    };
    const policy: CachePolicy = { cacheable: false };
    return {
      policy,
      keep: (answer) => {
        if (!policy.cacheable) return;
        this.set(key, answer, generation);
        finish(answer);
      },
      end: () => finish(undefined),
    };
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * Sets the cache policy: an answer may be kept when it is a query's, status 200, with no errors,
 * read where every change heard before it began was already seen.
 */
export function cachePolicyPlugin<C extends WithCachePolicy>(): ApolloServerPlugin<C> {
  const listener: GraphQLRequestListener<C> = {
    async willSendResponse({ contextValue, operation, response }) {
      if (
        operation?.operation === 'query' &&
        (response.http.status ?? 200) === 200 &&
        response.body.kind === 'single' &&
        !response.body.singleResult.errors &&
        !contextValue.readsBehind
      ) {
        if (contextValue.cachePolicy) contextValue.cachePolicy.cacheable = true;
      }
    },
  };
  return sharedListenerPlugin(listener);
}

/**
 * Whole answers to GraphQL queries, kept until the data changes.
 *
 * The reports only change when an ingest commits, and the same pages and aggregates are asked for
 * again and again (an agency's page, a list page, an analyst's breakdown), so an answer can be
 * served again as it was sent, without Apollo, GraphQL or Postgres. Entries are dropped whenever
 * a save transaction commits (src/db/data-changes.ts), after a time limit as a backstop for edits
 * made outside Gongkai, and least recently used first when the size limit is reached.
 *
 * What is kept: answers to POSTed queries with no Authorization header that succeeded without
 * errors. Mutations, GETs (Apollo's CSRF check stays in their path), errors and partial answers
 * always run.
 */
import { type ApolloServerPlugin } from '@apollo/server';
import { LRUCache } from 'lru-cache';

export interface CachedAnswer {
  status: number;
  headers: [string, string][];
  /** Encoded once: a hit writes these bytes as they are. */
  body: Buffer;
}

/**
 * On a request's context: the plugin below marks whether the answer may be kept, and the HTTP
 * handler reads it. An object, because Apollo hands plugins a shallow copy of the context.
 */
export interface Cacheable {
  answer?: { cacheable: boolean };
}

export interface ResponseCacheOptions {
  maxBytes: number;
  ttlSeconds: number;
}

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedAnswer>;
  private generation = 0;
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

  constructor(opts: ResponseCacheOptions) {
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

  get(key: string): CachedAnswer | undefined {
    if (!this.live) return undefined;
    const hit = this.entries.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  /** A mark to hand to `set`: an answer computed across a change is not kept. */
  mark(): number {
    return this.generation;
  }

  set(key: string, answer: CachedAnswer, mark: number): void {
    if (this.live && mark === this.generation) this.entries.set(key, answer);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.pending = new Map();
  }

  /** The answer an identical request is computing now (undefined if it is not kept). */
  inFlight(key: string): Promise<CachedAnswer | undefined> | undefined {
    return this.live ? this.pending.get(key) : undefined;
  }

  /**
   * This request computes the answer for `key`; call the function returned exactly once, with
   * the answer when it may be kept (it is also handed to the requests waiting for it), else with
   * nothing (they run their own).
   */
  begin(key: string): (answer: CachedAnswer | undefined) => void {
    const pending = this.pending;
    let settle!: (answer: CachedAnswer | undefined) => void;
    const promise = new Promise<CachedAnswer | undefined>((resolve) => (settle = resolve));
    pending.set(key, promise);
    return (answer) => {
      if (pending.get(key) === promise) pending.delete(key);
      settle(answer);
    };
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Marks the answers that may be kept: a query, status 200, no errors. */
export function cacheablePlugin<C extends Cacheable>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, response }) {
          if (
            operation?.operation === 'query' &&
            (response.http.status ?? 200) === 200 &&
            response.body.kind === 'single' &&
            !response.body.singleResult.errors
          ) {
            if (contextValue.answer) contextValue.answer.cacheable = true;
          }
        },
      };
    },
  };
}

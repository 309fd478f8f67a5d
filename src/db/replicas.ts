/**
 * Reads from streaming replicas (issue #18, part 1 and 2). Each read URL is told apart as a
 * streaming replica or the primary by `pg_is_in_recovery()`; a monitor checks every read URL
 * every GONGKAI_REPLICA_CHECK_MS: a replica that does not answer, or whose replay lags more than
 * GONGKAI_MAX_REPLICA_LAG_MS behind the primary, is out of rotation until a check finds it well
 * again. Reads go to the replicas in rotation, else to read URLs on the primary, else to
 * read-only pools on the primary's own URL: never to nowhere.
 *
 * Lag is measured on this server's clock, never by comparing two machines' clocks: each check
 * samples the primary's `pg_current_wal_lsn()`; a replica whose `pg_last_wal_replay_lsn()` has
 * not reached the newest sample lags by the age of the oldest sample it has not reached. An idle
 * primary makes no WAL, so a replica with everything replayed lags 0 however long ago the last
 * commit was (`now() - pg_last_xact_replay_timestamp()` would call it hours behind).
 *
 * Caches: every change heard (a save's NOTIFY) is given the primary's WAL position read after
 * it was heard (so at or past the commit). An answer read from a replica may be kept only when
 * that replica was seen to have replayed past every change heard before the read began
 * (`fresh`); until then its answers are served (old but whole: one snapshot) and not kept.
 */
import pg from 'pg';
import { type DataSource } from 'typeorm';

/** A WAL position (`16/B374D848`) as a number that compares. */
export function parseLsn(text: string): bigint {
  const [hi, lo] = text.split('/');
  return (BigInt(`0x${hi}`) << 32n) + BigInt(`0x${lo}`);
}

/** A URL without its password, to show. */
export function displayUrl(url: string): string {
  return url.replace(/:[^:@/]*@/, ':***@');
}

export interface Pools {
  reads: DataSource;
  analytics: DataSource;
}

export type TargetRole = 'primary' | 'replica' | 'unknown';

/** One read URL as the monitor last saw it. */
export interface ReadTarget<P extends Pools = Pools> {
  url: string;
  /** Undefined while they could not be opened (the URL was down at start). */
  pools?: P;
  role: TargetRole;
  up: boolean;
  /** A replica's last replayed WAL position, as last checked. */
  replayLsn?: bigint;
  lagMs: number;
  /** Why it is out of rotation. */
  reason?: string;
  /** Only a fallback: read-only pools on the primary's own URL, used when no read URL serves. */
  fallback?: boolean;
}

export interface ReplicationOptions {
  /** A replica further behind than this is out of rotation (GONGKAI_MAX_REPLICA_LAG_MS). */
  maxLagMs: number;
  /** How often every read URL is checked (GONGKAI_REPLICA_CHECK_MS). */
  checkMs: number;
  log?: (message: string) => void;
}

/** Where a request's reads go, and whether its answer may be kept by a response cache. */
export interface Route<P extends Pools = Pools> {
  target: ReadTarget<P>;
  pools: P;
  fresh: boolean;
}

/** What the health endpoint shows of one read URL. */
export interface TargetStatus {
  url: string;
  role: TargetRole;
  inRotation: boolean;
  lagMs?: number;
  reason?: string;
  fallback?: boolean;
}

/** Errors that say the database is not there (the statement never ran): safe to run elsewhere. */
export function isConnectionError(e: unknown): boolean {
  const { code, message } = (e ?? {}) as { code?: string; message?: string };
  if (
    code &&
    (/^08/.test(code) ||
      [
        '57P01',
        '57P02',
        '57P03',
        'ECONNREFUSED',
        'ECONNRESET',
        'EPIPE',
        'ETIMEDOUT',
        'EHOSTUNREACH',
      ].includes(code))
  )
    return true;
  return /Connection terminated|connection timeout|terminating connection|Client has encountered a connection error|the database system is (shutting down|starting up)/i.test(
    String(message ?? ''),
  );
}

/** `p`, or an error once `ms` have passed (a check never hangs on a host that vanished). */
const within = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  Promise.race([
    p,
    new Promise<never>((_, reject) => {
      setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms).unref();
    }),
  ]);

/** How a read pool's statements find another pool when its database goes away. */
const reroutes = new WeakMap<DataSource, () => DataSource | undefined>();

export function setReroute(ds: DataSource, instead: () => DataSource | undefined): void {
  reroutes.set(ds, instead);
}

/** The pool to run a read on instead of `ds`'s, which lost its connection (undefined: none). */
export function rerouteOf(ds: DataSource, e: unknown): DataSource | undefined {
  return isConnectionError(e) ? reroutes.get(ds)?.() : undefined;
}

export class Replication<P extends Pools = Pools> {
  readonly targets: ReadTarget<P>[];
  private samples: { at: number; lsn: bigint }[] = [];
  private turn = 0;
  /** Changes heard, and the last one whose WAL position is known. */
  private changeSeq = 0;
  private resolvedSeq = 0;
  /** The primary's WAL position at or after the last change heard. */
  private seenLsn = 0n;
  private timer?: NodeJS.Timeout;
  private catchUp?: NodeJS.Timeout;
  private catchUpDelay = 0;
  private checking?: Promise<void>;
  private stopped = false;
  /**
   * One connection per read URL for the checks, apart from the read pools: a check never queues
   * behind busy reads (which would call a well replica down), and an operator sees it by name.
   */
  private readonly checkers = new Map<string, pg.Pool>();

  constructor(
    private readonly writer: DataSource,
    targets: ReadTarget<P>[],
    private readonly opts: ReplicationOptions,
    /** Opens a target's pools when they could not be opened at start. */
    private readonly open: (url: string) => Promise<P>,
  ) {
    this.targets = targets;
  }

  /** Whether any read URL is a streaming replica (else nothing of this is needed). */
  get hasReplicas(): boolean {
    return this.targets.some((t) => t.role === 'replica' || (!t.fallback && t.role === 'unknown'));
  }

  private inRotation(t: ReadTarget<P>): boolean {
    if (!t.pools || !t.up || t.role === 'unknown') return false;
    return t.role === 'primary' || t.lagMs <= this.opts.maxLagMs;
  }

  private isFresh(t: ReadTarget<P>): boolean {
    if (t.role === 'primary') return true;
    return this.resolvedSeq === this.changeSeq && t.replayLsn !== undefined && t.replayLsn >= this.seenLsn;
  }

  /**
   * Where the next read goes: a replica in rotation (one that has seen every change heard first,
   * then any), else the primary's read URLs, else the fallback. `primary` asks for the primary.
   */
  route(opts: { primary?: boolean } = {}): Route<P> {
    const serving = (ts: ReadTarget<P>[]) => ts.filter((t) => this.inRotation(t));
    const turn = this.turn++;
    const take = (ts: ReadTarget<P>[]): Route<P> | undefined => {
      if (!ts.length) return undefined;
      const target = ts[turn % ts.length]!;
      return { target, pools: target.pools!, fresh: this.isFresh(target) };
    };
    const replicas = opts.primary ? [] : serving(this.targets.filter((t) => t.role === 'replica'));
    const fresh = replicas.filter((t) => this.isFresh(t));
    if (replicas.length > fresh.length) this.scheduleCatchUp();
    const route =
      take(fresh) ??
      take(replicas) ??
      take(serving(this.targets.filter((t) => t.role === 'primary' && !t.fallback))) ??
      take(serving(this.targets.filter((t) => t.fallback)));
    if (route) return route;
    // Nothing checked well yet (before the first check, or every URL down): the first with pools.
    const any = this.targets.find((t) => t.fallback && t.pools) ?? this.targets.find((t) => t.pools)!;
    return { target: any, pools: any.pools!, fresh: any.role === 'primary' };
  }

  /** The pools to run a read on instead of `failed`'s (which just lost its connection). */
  instead(failed: ReadTarget<P>): Route<P> | undefined {
    this.markDown(failed, 'a read lost its connection');
    const route = this.route({ primary: failed.role !== 'replica' });
    return route.target === failed ? undefined : route;
  }

  markDown(t: ReadTarget<P>, reason: string): void {
    if (t.up) this.opts.log?.(`read URL ${displayUrl(t.url)} is out of rotation: ${reason}`);
    t.up = false;
    t.reason = reason;
  }

  /** A change was heard (a NOTIFY, or a save in this process): learn its WAL position. */
  changed(): void {
    this.changeSeq++;
    if (!this.hasReplicas) {
      this.resolvedSeq = this.changeSeq;
      return;
    }
    void this.check().catch(() => undefined);
  }

  /** Check every target now (one check at a time; a call meanwhile waits for the running one). */
  check(): Promise<void> {
    if (this.checking) {
      // A change heard during a check needs a primary sample taken after it.
      return this.checking.then(() => (this.resolvedSeq < this.changeSeq ? this.check() : undefined));
    }
    const run = this.runCheck().finally(() => (this.checking = undefined));
    this.checking = run;
    return run;
  }

  private async runCheck(): Promise<void> {
    const seq = this.changeSeq;
    const timeout = Math.max(this.opts.checkMs * 2, 1000);
    try {
      const [row] = (await within(
        this.writer.query(`SELECT pg_current_wal_lsn()::text AS lsn`),
        timeout,
        'the primary',
      )) as { lsn: string }[];
      const lsn = parseLsn(row!.lsn);
      this.samples.push({ at: Date.now(), lsn });
      const keep = Math.ceil(this.opts.maxLagMs / Math.max(1, this.opts.checkMs)) + 4;
      if (this.samples.length > keep) this.samples.splice(0, this.samples.length - keep);
      if (seq > this.resolvedSeq) {
        if (lsn > this.seenLsn) this.seenLsn = lsn;
        this.resolvedSeq = seq;
      }
    } catch {
      // The primary does not answer: replicas keep their last state; changes stay unresolved.
    }
    await Promise.all(this.targets.map((t) => this.checkTarget(t, timeout)));
  }

  private async checkTarget(t: ReadTarget<P>, timeout: number): Promise<void> {
    if (this.stopped) return;
    try {
      if (!t.pools) t.pools = await within(this.open(t.url), timeout, 'opening its pools');
      let checker = this.checkers.get(t.url);
      if (!checker) {
        checker = new pg.Pool({
          connectionString: t.url,
          max: 1,
          application_name: 'gongkai-replica-check',
          connectionTimeoutMillis: timeout,
        });
        checker.on('error', () => undefined); // an idle connection lost: the next check says so
        this.checkers.set(t.url, checker);
      }
      const { rows } = await within(
        checker.query<{ recovery: boolean; replay: string | null }>(
          `SELECT pg_is_in_recovery() AS recovery,
                  CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn()::text END AS replay`,
        ),
        timeout,
        'the check',
      );
      const row = rows[0];
      const wasOut = !this.inRotation(t);
      t.role = row!.recovery ? 'replica' : 'primary';
      t.up = true;
      t.reason = undefined;
      if (t.role === 'replica') {
        t.replayLsn = row!.replay ? parseLsn(row!.replay) : 0n;
        t.lagMs = this.lagOf(t.replayLsn);
        if (t.lagMs > this.opts.maxLagMs) {
          t.reason = `replay lags ${t.lagMs} ms behind the primary (GONGKAI_MAX_REPLICA_LAG_MS=${this.opts.maxLagMs})`;
        }
      } else {
        t.lagMs = 0;
      }
      const isIn = this.inRotation(t);
      if (wasOut && isIn) this.opts.log?.(`read URL ${displayUrl(t.url)} (${t.role}) is in rotation`);
      if (!wasOut && !isIn) this.opts.log?.(`read URL ${displayUrl(t.url)} is out of rotation: ${t.reason}`);
    } catch (e) {
      this.markDown(t, String((e as Error).message ?? e).split('\n')[0]!);
    }
  }

  private lagOf(replay: bigint): number {
    const newest = this.samples[this.samples.length - 1];
    if (!newest || replay >= newest.lsn) return 0;
    const missed = this.samples.find((s) => s.lsn > replay) ?? this.samples[0]!;
    return Date.now() - missed.at;
  }

  /** While a replica in rotation has not seen the last change, look again soon (20 ms, doubling). */
  private scheduleCatchUp(): void {
    if (this.catchUp || this.stopped) return;
    this.catchUpDelay = Math.min(Math.max(20, this.catchUpDelay * 2), this.opts.checkMs);
    this.catchUp = setTimeout(() => {
      this.catchUp = undefined;
      void this.check().then(() => {
        const behind = this.targets.some(
          (t) => t.role === 'replica' && this.inRotation(t) && !this.isFresh(t),
        );
        if (behind) this.scheduleCatchUp();
        else this.catchUpDelay = 0;
      });
    }, this.catchUpDelay);
    this.catchUp.unref();
  }

  /** Check now, then every checkMs (a read URL on the primary too: one found down comes back). */
  async start(): Promise<void> {
    await this.check();
    const tick = () => {
      this.timer = setTimeout(() => {
        void this.check().finally(() => {
          if (!this.stopped) tick();
        });
      }, this.opts.checkMs);
      this.timer.unref();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.catchUp) clearTimeout(this.catchUp);
    await this.checking?.catch(() => undefined);
    const checkers = [...this.checkers.values()];
    this.checkers.clear();
    await Promise.all(checkers.map((c) => c.end().catch(() => undefined)));
  }

  status(): TargetStatus[] {
    return this.targets.map((t) => ({
      url: displayUrl(t.url),
      role: t.role,
      inRotation: this.inRotation(t),
      ...(t.role === 'replica' ? { lagMs: t.lagMs } : {}),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.fallback ? { fallback: true } : {}),
    }));
  }
}

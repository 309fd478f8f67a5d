/**
 * Each GraphQL request's own state: an id (sent back as `x-request-id`, on masked errors as
 * `extensions.requestId`, and on every log line about it), its deadline, and what the log line
 * at its end says (operation name, cache).
 */
import { type ApolloServerPlugin, type GraphQLRequestListener } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Logger } from './logging';
import { sharedListenerPlugin } from './shared-listener';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestState {
  id: string;
  /** Aborts at the request's deadline (GONGKAI_REQUEST_DEADLINE_MS, queueing included). */
  readonly signal: AbortSignal;
  deadlineMs: number;
  /** This request's logger: every line carries its id (made on first use: most requests log one line). */
  readonly log: Logger;
  /** Set once Apollo knows it (absent for a cache hit, which Apollo never sees). */
  operationName?: string;
  /** The answer carried GraphQL errors (its access line is kept whatever GONGKAI_ACCESS_LOG says). */
  errors?: boolean;
  /** Work still running after its deadline answer went out; the client's slot waits for it. */
  pending?: Promise<unknown>;
}

/** The request state rides on the GraphQL context too, for plugins and the in-process gateway. */
export interface WithRequest {
  request?: RequestState;
}

const states = new WeakMap<IncomingMessage, RequestState>();

/**
 * An id the caller sent (a gateway passing its own on to a subgraph), when it is a plain token;
 * anything else gets a new one, so that log lines never carry what a client wrote.
 */
export function requestIdOf(req: IncomingMessage): string {
  const given = req.headers[REQUEST_ID_HEADER];
  return typeof given === 'string' && /^[A-Za-z0-9._:-]{8,64}$/.test(given) ? given : randomUUID();
}

/**
 * A request's state with its deadline: one timer, cleared when the request ends (`end`). It was
 * AbortSignal.timeout, whose timer and weak references outlived every request by the whole
 * deadline (15 s of them kept at ~1,000 req/s) and whose listeners were added and removed per
 * request (issues 12 and 15: part of the list page's CPU that came with issue 17). The signal and
 * the child logger are made only when something asks for them (a queued request, an error line).
 */
class Request implements RequestState {
  operationName?: string;
  errors?: boolean;
  pending?: Promise<unknown>;
  passed = false;
  private controller?: AbortController;
  private child?: Logger;
  /** Called once when the deadline passes (beforeDeadline's answer). */
  private onPassed?: () => void;
  private readonly timer: NodeJS.Timeout;

  constructor(
    readonly id: string,
    private readonly base: Logger,
    readonly deadlineMs: number,
  ) {
    this.timer = setTimeout(() => this.pass(), deadlineMs);
    this.timer.unref();
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.passed) this.controller.abort();
    }
    return this.controller.signal;
  }

  get log(): Logger {
    this.child ??= this.base.child({ requestId: this.id });
    return this.child;
  }

  /** What to call when the deadline passes before `end` (one at a time; undefined: nothing). */
  whenPassed(callback: (() => void) | undefined): void {
    this.onPassed = callback;
  }

  private pass(): void {
    this.passed = true;
    this.controller?.abort();
    const callback = this.onPassed;
    this.onPassed = undefined;
    callback?.();
  }

  /** The request is done: its deadline no longer runs. */
  end(): void {
    clearTimeout(this.timer);
    this.onPassed = undefined;
  }
}

export function beginRequest(req: IncomingMessage, log: Logger, deadlineMs: number): RequestState {
  const state = new Request(requestIdOf(req), log, deadlineMs);
  states.set(req, state);
  return state;
}

/** The request's deadline stops running (its work has ended). */
export function endRequest(state: RequestState): void {
  if (state instanceof Request) state.end();
}

export function requestState(req: IncomingMessage): RequestState | undefined {
  return states.get(req);
}

/** Thrown, or resolved as `undefined` by beforeDeadline, when the deadline passes first. */
export const DEADLINE_PASSED = Symbol('deadline passed');

/** The work's result, or DEADLINE_PASSED if the request's deadline comes first (the work goes on). */
export function beforeDeadline<T>(
  req: IncomingMessage,
  work: Promise<T>,
): Promise<T | typeof DEADLINE_PASSED> {
  const state = states.get(req);
  if (!(state instanceof Request)) return work;
  state.pending = work.catch(() => {});
  if (state.passed) return Promise.resolve(DEADLINE_PASSED);
  return new Promise((resolve, reject) => {
    state.whenPassed(() => resolve(DEADLINE_PASSED));
    work.then(
      (v) => {
        state.whenPassed(undefined);
        resolve(v);
      },
      (e: unknown) => {
        state.whenPassed(undefined);
        reject(e);
      },
    );
  });
}

/** Notes the operation's name on the request state, for its access log line. */
export function requestStatePlugin<C extends WithRequest>(): ApolloServerPlugin<C> {
  const listener: GraphQLRequestListener<C> = {
    async didResolveOperation({ contextValue, operationName }) {
      if (contextValue.request && operationName) contextValue.request.operationName = operationName;
    },
  };
  return sharedListenerPlugin(listener);
}

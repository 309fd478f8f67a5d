/**
 * Each GraphQL request's own state: an id (sent back as `x-request-id`, on masked errors as
 * `extensions.requestId`, and on every log line about it), its deadline, and what the log line
 * at its end says (operation name, cache).
 */
import { type ApolloServerPlugin } from '@apollo/server';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { type Logger } from './logging';

export const REQUEST_ID_HEADER = 'x-request-id';

export interface RequestState {
  id: string;
  /** Aborts at the request's deadline (GONGKAI_REQUEST_DEADLINE_MS, queueing included). */
  signal: AbortSignal;
  deadlineMs: number;
  /** This request's logger: every line carries its id. */
  log: Logger;
  /** Set once Apollo knows it (absent for a cache hit, which Apollo never sees). */
  operationName?: string;
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

export function beginRequest(req: IncomingMessage, log: Logger, deadlineMs: number): RequestState {
  const id = requestIdOf(req);
  const state: RequestState = {
    id,
    signal: AbortSignal.timeout(deadlineMs),
    deadlineMs,
    log: log.child({ requestId: id }),
  };
  states.set(req, state);
  return state;
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
  const signal = state?.signal;
  if (!state || !signal) return work;
  state.pending = work.catch(() => {});
  if (signal.aborted) return Promise.resolve(DEADLINE_PASSED);
  return new Promise((resolve, reject) => {
    const passed = () => resolve(DEADLINE_PASSED);
    signal.addEventListener('abort', passed, { once: true });
    work.then(
      (v) => {
        signal.removeEventListener('abort', passed);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', passed);
        reject(e);
      },
    );
  });
}

/** Notes the operation's name on the request state, for its access log line. */
export function requestStatePlugin<C extends WithRequest>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          if (contextValue.request && operationName) contextValue.request.operationName = operationName;
        },
      };
    },
  };
}

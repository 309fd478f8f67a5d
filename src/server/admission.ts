/**
 * In front of every GraphQL request: its id and deadline (request-id.ts), a per-client cap on
 * requests running at once with a bounded queue behind it, and one access log line when it ends.
 * One client (a remote address) sending 200 heavy queries at once gets `clientConcurrency` of
 * them running and `clientQueue` waiting; the rest answer 429 at once, and other clients' requests
 * are not queued behind them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AccessLogPolicy, type Limits } from '../config';
import { ErrorCode } from '../errors';
import { type Logger } from './logging';
import { beginRequest, endRequest, REQUEST_ID_HEADER, type RequestState } from './request-id';

interface Client {
  running: number;
  waiting: (() => void)[];
}

/** A JSON error in GraphQL's shape, for answers given before GraphQL runs. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: ErrorCode,
  message: string,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): void {
  const body = JSON.stringify({ errors: [{ message, extensions: { code, ...extra } }] });
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    ...headers,
  });
  res.end(body);
}

export function timeoutMessage(deadlineMs: number): string {
  return `The request ran over its deadline of ${deadlineMs} ms (GONGKAI_REQUEST_DEADLINE_MS); ask for less (smaller pages, fewer fields, a narrower filter) or retry later`;
}

/** Whether a request's client has gone away (its connection closed or the request aborted). */
function clientGone(req: IncomingMessage, res: ServerResponse): boolean {
  return req.destroyed || res.destroyed || req.socket.destroyed;
}

export class Admission {
  private readonly clients = new Map<string, Client>();
  /** Requests ended (their responses closed), for GONGKAI_ACCESS_LOG=sample:N: one line per N. */
  ended = 0;
  /** Access lines written (tests count them). */
  accessLines = 0;

  constructor(
    private readonly limits: Limits,
    private readonly log: Logger,
    private readonly accessLog: AccessLogPolicy = { every: 1, slowMs: 1000 },
  ) {}

  /**
   * The request's access line, when GONGKAI_ACCESS_LOG keeps it: every one, one in N, and always
   * an answer with an error or a slow one. Written by the process's logger with the request id as
   * a field (the same line a child logger writes; no child made per request).
   */
  private accessLine(req: IncomingMessage, res: ServerResponse, state: RequestState, started: bigint): void {
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    const { every, slowMs } = this.accessLog;
    const n = ++this.ended;
    const kept =
      every === 1 ||
      (every > 1 && n % every === 0) ||
      res.statusCode >= 400 ||
      state.errors === true ||
      ms >= slowMs;
    if (!kept) return;
    this.accessLines++;
    const url = req.url ?? '';
    const q = url.indexOf('?');
    this.log.info(
      {
        requestId: state.id,
        method: req.method,
        path: q < 0 ? url : url.slice(0, q),
        status: res.statusCode,
        durationMs: Math.round(ms * 10) / 10,
        operationName: state.operationName,
        client: req.socket.remoteAddress ?? 'unknown',
        cache: res.getHeader('gongkai-cache'),
      },
      'request',
    );
  }

  /** Requests running and waiting for a client (tests and /healthz read it). */
  load(address: string): { running: number; waiting: number } {
    const c = this.clients.get(address);
    return { running: c?.running ?? 0, waiting: c?.waiting.length ?? 0 };
  }

  /** Runs `handle` for the request once the client has a free slot; answers 429 or 504 otherwise. */
  async admit(
    req: IncomingMessage,
    res: ServerResponse,
    handle: (state: RequestState) => Promise<void>,
  ): Promise<void> {
    const started = process.hrtime.bigint();
    const state = beginRequest(req, this.log, this.limits.requestDeadlineMs);
    res.setHeader(REQUEST_ID_HEADER, state.id);
    const address = req.socket.remoteAddress ?? 'unknown';
    res.once('close', () => this.accessLine(req, res, state, started));

    let client = this.clients.get(address);
    if (!client) {
      client = { running: 0, waiting: [] };
      this.clients.set(address, client);
    }
    if (client.running < this.limits.clientConcurrency) client.running++;
    else {
      if (client.waiting.length >= this.limits.clientQueue) {
        req.resume();
        sendError(
          res,
          429,
          ErrorCode.TOO_MANY_REQUESTS,
          `This client already has ${client.running} requests running and ${client.waiting.length} waiting; this server takes ${this.limits.clientConcurrency} running and ${this.limits.clientQueue} waiting from one client (GONGKAI_CLIENT_CONCURRENCY, GONGKAI_CLIENT_QUEUE). Wait for answers before sending more.`,
          { limit: 'GONGKAI_CLIENT_CONCURRENCY', max: this.limits.clientConcurrency },
          { 'retry-after': '1' },
        );
        endRequest(state);
        this.forget(address, client);
        return;
      }
      const admitted = await this.wait(client, state.signal);
      if (!admitted) {
        req.resume();
        sendError(res, 504, ErrorCode.REQUEST_TIMEOUT, timeoutMessage(state.deadlineMs), {
          deadlineMs: state.deadlineMs,
        });
        endRequest(state);
        this.forget(address, client);
        return;
      }
      // The finished request handed its slot over (running stayed the same).
    }
    try {
      // A client that left while its request waited: nothing to read, nobody to answer. Run, its
      // request would wait for a body that never comes and keep the slot (issue 15: after a burst
      // past the cap, the client then got nothing but timeouts).
      if (!clientGone(req, res)) {
        await handle(state);
        await state.pending;
      }
    } finally {
      // The slot is freed when the work ends, not when a deadline answer was sent: a client whose
      // requests time out cannot pile up work behind them.
      endRequest(state);
      const next = client.waiting.shift();
      if (next) next();
      else client.running--;
      this.forget(address, client);
    }
  }

  /** Waits for a slot; false when the deadline came first. */
  private wait(client: Client, signal: AbortSignal): Promise<boolean> {
    return new Promise((resolve) => {
      const go = () => {
        signal.removeEventListener('abort', expired);
        resolve(true);
      };
      const expired = () => {
        const i = client.waiting.indexOf(go);
        if (i >= 0) client.waiting.splice(i, 1);
        resolve(false);
      };
      if (signal.aborted) return resolve(false);
      signal.addEventListener('abort', expired, { once: true });
      client.waiting.push(go);
    });
  }

  private forget(address: string, client: Client): void {
    if (client.running === 0 && client.waiting.length === 0) this.clients.delete(address);
  }
}

/**
 * Structured logs: one JSON line per event (pino), to stdout. Each request gets one access line
 * (request id, operation name, status, duration, client), and each error the client sees masked
 * gets one error line with its cause, under the same request id the client got.
 */
import pino, { type DestinationStream, type Logger } from 'pino';

export type { Logger };

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

let second = NaN;
let upToSecond = '';

/**
 * pino's isoTime (`,"time":"2026-12-04T18:10:48.123Z"`) with the text up to the second made once
 * a second: toISOString per line was a visible part of the access line's cost (issue 15).
 */
export function isoTime(now = Date.now()): string {
  const s = Math.floor(now / 1000);
  if (s !== second) {
    second = s;
    upToSecond = `,"time":"${new Date(s * 1000).toISOString().slice(0, 20)}`;
  }
  const ms = now - s * 1000;
  return `${upToSecond}${ms < 10 ? '00' : ms < 100 ? '0' : ''}${ms}Z"`;
}

/** A logger at GONGKAI_LOG_LEVEL (default info), to stdout unless told where. */
export function createLogger(
  opts: { level?: string; destination?: DestinationStream } = {},
  env: NodeJS.ProcessEnv = process.env,
): Logger {
  const wanted = opts.level ?? env.GONGKAI_LOG_LEVEL?.trim().toLowerCase() ?? 'info';
  const level = LEVELS.includes(wanted) ? wanted : 'info';
  return pino(
    {
      level,
      base: { service: 'gongkai' },
      // Error objects as type, message and stack (pino's standard serializer), under `err`.
      serializers: { err: pino.stdSerializers.err },
      timestamp: () => isoTime(),
    },
    opts.destination ?? pino.destination(1),
  );
}

let shared: Logger | undefined;

/** The process's logger, made on first use. */
export function processLogger(): Logger {
  shared ??= createLogger();
  return shared;
}

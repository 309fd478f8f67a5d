/**
 * `gongkai <args>` from the sources as a child process running alongside a test (a worker, a
 * server, an ingest that waits), over a database and schema, its output kept; and the freeze-then-
 * kill of a worker while it holds a job. Shared by the queue, many-servers and cluster tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { ROOT } from './cli';

export interface GongkaiProcess {
  child: ChildProcess;
  /** stderr, line by line (the workers' job lines). */
  err: string[];
  /** stdout so far. */
  out(): string;
  exited: Promise<{ code: number | null; out: string; err: string }>;
}

export interface GongkaiTarget {
  url: string;
  schema: string;
}

export function startGongkai(
  db: GongkaiTarget,
  args: readonly string[],
  opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): GongkaiProcess {
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), ...args],
    {
      cwd: opts.cwd ?? ROOT,
      env: {
        ...process.env,
        GONGKAI_DATABASE_URL: db.url,
        GONGKAI_DATABASE_SCHEMA: db.schema,
        // @swc-node/register looks for tsconfig.json in the working directory otherwise.
        SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        ...opts.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const err: string[] = [];
  let out = '';
  let rest = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => {
    const lines = (rest + d.toString('utf8')).split('\n');
    rest = lines.pop()!;
    err.push(...lines);
  });
  const exited = new Promise<{ code: number | null; out: string; err: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, out, err: [...err, rest].join('\n') })),
  );
  return { child, err, out: () => out, exited };
}

/** Whether the process is still running (not exited, not killed). */
export const alive = (p: { child: ChildProcess }): boolean =>
  p.child.exitCode === null && p.child.signalCode === null;

/**
 * `gongkai serve <args> --port 0`; resolves with its GraphQL URL once it prints it. `started`
 * hears of the process at once (to stop it even if this never resolves).
 */
export function serveGongkai(
  db: GongkaiTarget,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
  started?: (p: GongkaiProcess) => void,
): Promise<GongkaiProcess & { url: string }> {
  const p = startGongkai(db, ['serve', ...args, '--port', '0'], {
    env: { GONGKAI_LOG_LEVEL: 'silent', ...env },
  });
  started?.(p);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /GraphiQL at (http:\/\/\S+\/graphql)/.exec(p.out());
      if (m) {
        p.child.stdout!.off('data', onData);
        resolve({ ...p, url: m[1]! });
      }
    };
    p.child.stdout!.on('data', onData);
    void p.exited.then(({ code, out, err }) =>
      reject(new Error(`gongkai serve ${args.join(' ')} exited ${code}: ${err}${out}`)),
    );
  });
}

/**
 * Freeze a `gongkai worker` (SIGSTOP) at a moment its last line starts a job that is still
 * active, then kill it with SIGKILL: a worker lost while it holds a job. Tries at most `tries`
 * times (thawing it between tries); returns the job's id, or undefined if it was never caught.
 */
export async function killWhileHoldingJob(
  worker: GongkaiProcess,
  jobState: (id: string) => Promise<string | undefined>,
  tries = 500,
): Promise<string | undefined> {
  for (let i = 0; i < tries; i++) {
    worker.child.kill('SIGSTOP');
    const last = worker.err.at(-1)?.match(/^job (\S+) /)?.[1];
    if (last && (await jobState(last)) === 'active') {
      worker.child.kill('SIGKILL');
      await worker.exited;
      return last;
    }
    worker.child.kill('SIGCONT');
    await sleep(10);
  }
  return undefined;
}

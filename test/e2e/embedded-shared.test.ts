/**
 * The README's commands beside `npm start`: with no GONGKAI_DATABASE_URL, `gongkai export` and
 * `gongkai ingest` use the embedded Postgres a running `gongkai serve` holds in the same data
 * folder (found from its postmaster.pid) instead of starting a second one on it; a second
 * `gongkai serve` refuses in one line; a stale lock file (its pid gone) is started over as
 * before; a lock naming a live process where no Postgres answers is one line saying what to do.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT } from '../support/cli';
import { freePort } from '../support/ports';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-shared-'));
const lockFile = path.join(dataDir, 'pg', 'postmaster.pid');
const SAMPLE = path.join(ROOT, 'test', 'fixtures', 'html', '002-changde-gbk.html');

function envFor(pgPort: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GONGKAI_DATA_DIR: dataDir,
    GONGKAI_EMBEDDED_PG_PORT: String(pgPort),
    GONGKAI_PORT: '0',
    SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
  };
  delete env.GONGKAI_DATABASE_URL;
  delete env.GONGKAI_DATABASE_SCHEMA;
  return env;
}

function gongkai(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return spawn(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), ...args],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
}

/** A command to its end (asynchronously: the server child keeps being read meanwhile). */
function run(args: string[], pgPort: number): Promise<{ code: number | null; out: string; err: string }> {
  const child = gongkai(args, envFor(pgPort));
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

/** Reports counted in a refused-breakdown CSV (one line per year, group and reason). */
function reportsIn(csv: string): number {
  const [header, ...lines] = csv.trim().split('\n');
  const cols = header!.split(',');
  const at = (name: string) => cols.indexOf(name);
  const seen = new Map<string, number>();
  for (const line of lines) {
    const f = line.split(',');
    seen.set(`${f[at('year')]}/${f[at('group_code')]}`, Number(f[at('reports')]));
  }
  return [...seen.values()].reduce((a, b) => a + b, 0);
}

/** An error in one line: the log lines before it, and no stack trace. */
function assertOneLineError(err: string, pattern: RegExp) {
  const lines = err.trim().split('\n');
  assert.match(lines.at(-1)!, pattern, err);
  assert.doesNotMatch(err, /^\s+at /m, 'no stack trace');
}

let server: ChildProcess;
let serverOut = '';
let graphqlUrl: string;

before(async () => {
  server = gongkai(['serve'], envFor(await freePort()));
  graphqlUrl = await new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      serverOut += d.toString();
      const m = /and GraphiQL at (\S+)/.exec(serverOut);
      if (m?.[1]) resolve(m[1]);
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${serverOut}`)));
  });
});

after(async () => {
  // Its Postgres stops before the folder goes (when an earlier test failed).
  await stopServer();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function stopServer(): Promise<void> {
  if (server.exitCode != null) return;
  const exited = new Promise<void>((resolve) => server.on('exit', () => resolve()));
  server.kill('SIGTERM');
  await exited;
}

async function totalReports(): Promise<number> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ reports { totalCount } }' }),
  });
  return ((await res.json()) as { data: { reports: { totalCount: number } } }).data.reports.totalCount;
}

test(
  'export beside a running serve reads its Postgres (the port from the lock file)',
  { timeout: 120_000 },
  async () => {
    // Another GONGKAI_EMBEDDED_PG_PORT than the server's: the lock file's port is the one used.
    const res = await run(['export', 'refused-breakdown', '--group-by', 'province'], await freePort());
    assert.equal(res.code, 0, res.err);
    assert.match(res.err, /using the embedded Postgres in .* \(pid \d+, port \d+\), run by another process/);
    assert.match(res.out, /湖南省/);
    assert.equal(reportsIn(res.out), await totalReports(), 'the server’s reports');
    assert.equal(reportsIn(res.out), 5, 'the five samples the server loaded');
  },
);

test('ingest beside a running serve saves into its database', { timeout: 120_000 }, async () => {
  const res = await run(['ingest', SAMPLE], await freePort());
  assert.equal(res.code, 0, res.out + res.err);
  assert.match(res.out, /1 loaded/);
  assert.equal(await totalReports(), 6, 'the server serves the ingested report');
});

test('a second serve on the same folder refuses in one line', { timeout: 120_000 }, async () => {
  const res = await run(['serve'], await freePort());
  assert.equal(res.code, 1, res.out + res.err);
  assertOneLineError(
    res.err,
    /^error \[DATABASE_UNAVAILABLE\]: the embedded Postgres in .* is already run by another process.*stop that one.*GONGKAI_DATA_DIR.*GONGKAI_DATABASE_URL=postgres:\/\//,
  );
  assert.equal(server.exitCode, null, 'the first server still runs');
  assert.equal(await totalReports(), 6);
});

test(
  'a stale lock file (its pid gone): the command starts its own Postgres',
  { timeout: 120_000 },
  async () => {
    // The lock file of the running Postgres, put back after it stopped: what a crash leaves.
    const lock = fs.readFileSync(lockFile);
    const owner = fs.statSync(lockFile);
    await stopServer();
    assert.ok(!fs.existsSync(lockFile), 'Postgres removed its lock when it stopped');
    fs.writeFileSync(lockFile, lock, { mode: 0o600 });
    fs.chownSync(lockFile, owner.uid, owner.gid);

    const res = await run(['export', 'refused-breakdown', '--group-by', 'province'], await freePort());
    assert.equal(res.code, 0, res.err);
    assert.match(res.err, /no GONGKAI_DATABASE_URL: starting embedded Postgres/);
    assert.equal(reportsIn(res.out), 6, 'the folder’s data, ingested report included');
    assert.ok(!fs.existsSync(lockFile), 'its own Postgres stopped cleanly');
  },
);

test(
  'a lock naming a live process where no Postgres answers: one line saying what to do',
  { timeout: 120_000 },
  async () => {
    // A live process that is not Postgres, and a port nobody listens on.
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    try {
      const port = await freePort();
      fs.writeFileSync(
        lockFile,
        [idle.pid, path.join(dataDir, 'pg'), '1', port, '/tmp', 'localhost', '  1  2', 'ready   ', ''].join(
          '\n',
        ),
      );
      const res = await run(['export', 'refused-breakdown'], await freePort());
      assert.equal(res.code, 1, res.out + res.err);
      assertOneLineError(
        res.err,
        new RegExp(
          `^error \\[DATABASE_UNAVAILABLE\\]: the embedded Postgres in .* \\(pid ${idle.pid}, port ${port}\\) does not answer \\(.*\\)\\. ` +
            `If no Postgres runs on that folder, delete ${lockFile.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}; or set GONGKAI_DATABASE_URL`,
        ),
      );
    } finally {
      idle.kill();
      fs.rmSync(lockFile, { force: true });
    }
  },
);

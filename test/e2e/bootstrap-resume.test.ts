/**
 * `gongkai serve` on the embedded Postgres, as an unlucky operator meets it: a first start killed
 * at each step of the bootstrap (GONGKAI_TEST_BOOTSTRAP_KILL_AT: the process and everything it
 * started die with SIGKILL there) is followed by a start that serves; the passwords are generated,
 * kept in the data folder (mode 0600) and reads run as a reader role that cannot write; a folder
 * that cannot be used is one line saying what to do; SIGTERM stops within the shutdown timeout
 * whatever state Postgres is in (stopped, or gone), and a second signal exits at once. Nothing is
 * timed: each wait is for an event (an exit, a line) or bounded by a count of turns.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { ROOT } from '../support/cli';
import { freePort } from '../support/ports';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-resume-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

interface Serve {
  child: ChildProcess;
  output(): string;
  /** The GraphQL URL once serving; rejects when the process exits first. */
  ready: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function serve(pgPort: number, env: NodeJS.ProcessEnv = {}, dir = dataDir): Serve {
  const full: NodeJS.ProcessEnv = {
    ...process.env,
    GONGKAI_DATA_DIR: dir,
    GONGKAI_EMBEDDED_PG_PORT: String(pgPort),
    GONGKAI_PORT: '0',
    SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
    ...env,
  };
  delete full.GONGKAI_DATABASE_URL;
  delete full.GONGKAI_DATABASE_SCHEMA;
  // Its own process group, so that the test can kill it with all it started, as a crash would.
  const child = spawn(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), 'serve'],
    { cwd: ROOT, env: full, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
  );
  let out = '';
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /and GraphiQL at (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exit.then(({ code, signal }) => reject(new Error(`serve exited (${code ?? signal}):\n${out}`)));
  });
  ready.catch(() => undefined);
  return { child, output: () => out, ready, exit };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Wait (bounded by turns) until `done()` holds. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let turn = 0; turn < 3_000 && !done(); turn++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(done(), `never: ${what}`);
}

/** Kill the process group of a serve (its Postgres included) and wait until all of it is gone. */
async function killGroup(s: Serve): Promise<void> {
  const group = -s.child.pid!;
  try {
    process.kill(group, 'SIGKILL');
  } catch {
    // already gone
  }
  await until('the process group is gone', () => !alive(group));
}

async function totalReports(url: string): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ reports { totalCount } }' }),
  });
  return ((await res.json()) as { data: { reports: { totalCount: number } } }).data.reports.totalCount;
}

async function stop(s: Serve): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  s.child.kill('SIGTERM');
  return s.exit;
}

const credentialsFile = path.join(dataDir, 'credentials.json');
const credentials = () =>
  JSON.parse(fs.readFileSync(credentialsFile, 'utf8')) as { superuser: string; reader: string };
const postmasterPid = () =>
  Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[0]);

async function connect(port: number, user: string, password: string): Promise<pg.Client> {
  const c = new pg.Client({ host: '127.0.0.1', port, user, password, database: 'gongkai' });
  await c.connect();
  return c;
}

/** What each step leaves that shows the kill happened there. */
const LEFT: Record<string, () => boolean> = {
  credentials: () => fs.existsSync(credentialsFile) && !fs.existsSync(path.join(dataDir, 'pg')),
  initdb: () =>
    fs.readdirSync(dataDir).some((n) => n.startsWith('pg.init-')) && !fs.existsSync(path.join(dataDir, 'pg')),
  renamed: () => fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')),
  started: () => true,
  database: () => true,
  roles: () => true,
  migrations: () => true,
  samples: () => true,
};

test(
  'a first start killed at every step of the bootstrap: the next start serves',
  { timeout: 600_000 },
  async () => {
    for (const step of Object.keys(LEFT)) {
      const s = serve(await freePort(), { GONGKAI_TEST_BOOTSTRAP_KILL_AT: step });
      const { signal } = await s.exit;
      assert.equal(signal, 'SIGKILL', `killed at ${step}:\n${s.output()}`);
      await killGroup(s);
      assert.ok(LEFT[step]!(), `what a kill at ${step} leaves`);
      assert.doesNotMatch(s.output(), /^\s+at /m, `no stack trace before ${step}`);
    }
    const s = serve(await freePort());
    const url = await s.ready;
    assert.equal(await totalReports(url), 5);
    assert.ok(
      !fs.readdirSync(dataDir).some((n) => n.startsWith('pg.init-')),
      'the half-made cluster is gone',
    );
    assert.equal((await stop(s)).code, 0);
  },
);

test(
  'passwords are generated and kept (0600); reads run as a reader role that cannot write',
  { timeout: 300_000 },
  async () => {
    const port = await freePort();
    const s = serve(port);
    await s.ready;
    try {
      assert.equal(fs.statSync(credentialsFile).mode & 0o777, 0o600);
      const c = credentials();
      assert.notEqual(c.superuser, 'gongkai');
      assert.notEqual(c.reader, 'gongkai');
      assert.ok(c.superuser.length >= 24 && c.reader.length >= 24);
      await assert.rejects(
        connect(port, 'postgres', 'gongkai'),
        (e) => (e as { code?: string }).code === '28P01',
      );
      const admin = await connect(port, 'postgres', c.superuser);
      try {
        const { rows } = await admin.query(
          `SELECT DISTINCT usename, application_name FROM pg_stat_activity
            WHERE application_name IN ('gongkai-reads', 'gongkai-analytics') ORDER BY 2`,
        );
        assert.deepEqual(rows, [
          { usename: 'gongkai_reader', application_name: 'gongkai-analytics' },
          { usename: 'gongkai_reader', application_name: 'gongkai-reads' },
        ]);
      } finally {
        await admin.end();
      }
      const reader = await connect(port, 'gongkai_reader', c.reader);
      try {
        const { rows } = await reader.query('SELECT count(*)::int AS n FROM reports');
        assert.equal((rows[0] as { n: number }).n, 5);
        await assert.rejects(
          reader.query(`DELETE FROM reports`),
          (e) => (e as { code?: string }).code === '25006',
        );
        await reader.query('BEGIN READ WRITE');
        await assert.rejects(
          reader.query(`DELETE FROM reports`),
          (e) => (e as { code?: string }).code === '42501',
        );
        await reader.query('ROLLBACK');
      } finally {
        await reader.end();
      }
      assert.doesNotMatch(s.output(), /superuser/, 'no warning: reads do not run as a superuser');
    } finally {
      await stop(s);
    }
  },
);

test(
  'a folder of an older version (the fixed password, no credentials file) is moved to generated ones',
  { timeout: 300_000 },
  async () => {
    const port = await freePort();
    const first = serve(port);
    await first.ready;
    const admin = await connect(port, 'postgres', credentials().superuser);
    await admin.query(`ALTER ROLE postgres PASSWORD 'gongkai'`);
    await admin.end();
    await stop(first);
    fs.rmSync(credentialsFile);

    const s = serve(await freePort());
    const url = await s.ready;
    assert.equal(await totalReports(url), 5);
    assert.notEqual(credentials().superuser, 'gongkai');
    const pgPort = Number(fs.readFileSync(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8').split('\n')[3]);
    await assert.rejects(
      connect(pgPort, 'postgres', 'gongkai'),
      (e) => (e as { code?: string }).code === '28P01',
    );
    await stop(s);
  },
);

test('a folder that cannot be used: one line saying what to do', { timeout: 300_000 }, async () => {
  const file = path.join(dataDir, 'not-a-folder');
  fs.writeFileSync(file, 'x');
  const s = serve(await freePort(), {}, file);
  const { code } = await s.exit;
  assert.equal(code, 1, s.output());
  const lines = s.output().trim().split('\n');
  assert.match(
    lines.at(-1)!,
    /^error \[DATABASE_UNAVAILABLE\]: the data folder .*not-a-folder cannot be used: it is a file\. Set GONGKAI_DATA_DIR to another folder, or GONGKAI_DATABASE_URL/,
  );
  assert.doesNotMatch(s.output(), /^\s+at /m, 'no stack trace');

  // Passwords that are not the cluster's (the file of another folder).
  const kept = fs.readFileSync(credentialsFile);
  fs.writeFileSync(credentialsFile, JSON.stringify({ superuser: 'wrong-password', reader: 'wrong' }));
  try {
    const t = serve(await freePort());
    assert.equal((await t.exit).code, 1, t.output());
    assert.match(
      t.output().trim().split('\n').at(-1)!,
      /^error \[DATABASE_UNAVAILABLE\]: the data folder .* cannot be used: Postgres refuses the password kept in .*credentials\.json.*Restore it, or move the folder away/,
    );
    assert.doesNotMatch(t.output(), /^\s+at /m, 'no stack trace');
    assert.ok(!fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'its Postgres was stopped');
  } finally {
    fs.writeFileSync(credentialsFile, kept, { mode: 0o600 });
  }
});

test(
  'SIGTERM with Postgres stopped (SIGSTOP) exits within the shutdown timeout and stops Postgres',
  { timeout: 300_000 },
  async () => {
    const s = serve(await freePort(), { GONGKAI_SHUTDOWN_TIMEOUT_MS: '1500' });
    await s.ready;
    const postmaster = postmasterPid();
    process.kill(postmaster, 'SIGSTOP');
    try {
      const { code } = await stop(s);
      assert.equal(code, 1, s.output());
      assert.match(
        s.output(),
        /shutdown did not finish within 1500 ms \(GONGKAI_SHUTDOWN_TIMEOUT_MS\): exiting now/,
      );
      await until('its Postgres is gone', () => !alive(postmaster));
    } finally {
      if (alive(postmaster)) process.kill(postmaster, 'SIGCONT');
      await killGroup(s);
    }
  },
);

test('a second signal exits at once, whatever the timeout', { timeout: 300_000 }, async () => {
  const s = serve(await freePort(), { GONGKAI_SHUTDOWN_TIMEOUT_MS: '600000' });
  await s.ready;
  const postmaster = postmasterPid();
  process.kill(postmaster, 'SIGSTOP');
  try {
    s.child.kill('SIGTERM');
    await until('the first signal is heard', () => /SIGTERM: shutting down/.test(s.output()));
    s.child.kill('SIGTERM');
    const { code } = await s.exit;
    assert.equal(code, 143, s.output());
    assert.match(s.output(), /SIGTERM again: exiting now/);
    await until('its Postgres is gone', () => !alive(postmaster));
  } finally {
    if (alive(postmaster)) process.kill(postmaster, 'SIGCONT');
    await killGroup(s);
  }
});

test('SIGTERM with Postgres gone (killed) exits cleanly, without waiting', { timeout: 300_000 }, async () => {
  const s = serve(await freePort(), { GONGKAI_SHUTDOWN_TIMEOUT_MS: '600000' });
  const url = await s.ready;
  assert.equal(await totalReports(url), 5, 'crash recovery of the last test brought the data back');
  const postmaster = postmasterPid();
  process.kill(postmaster, 'SIGKILL');
  await until('Postgres is gone', () => !alive(postmaster));
  const { code } = await stop(s);
  assert.equal(code, 0, s.output());
  assert.match(s.output(), /\[gongkai\] stopped/);
  await killGroup(s);
});

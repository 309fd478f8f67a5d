/**
 * The main job as a user runs it: `gongkai serve` with no GONGKAI_DATABASE_URL starts an embedded
 * Postgres in its data folder, migrates, loads the sample reports through the parser, serves;
 * SIGTERM stops Postgres cleanly, and a second start reuses the data. `npm start` itself, stopped by
 * a SIGTERM to npm (as a process manager or `docker stop` sends it), stops the server and its
 * Postgres too: npm forwards the signal to its script's shell, and only the script's `exec` makes
 * the server that shell (without it the shell died and left the server running, orphaned).
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { freePort } from '../support/ports';
import { poll } from '../support/retry';

const ROOT = path.join(__dirname, '..', '..');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-start-'));
after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

const NODE_SERVE = [process.execPath, '-r', '@swc-node/register', 'src/cli/main.ts', 'serve'];

function serve(
  pgPort: number,
  command: readonly string[] = NODE_SERVE,
  folder = dataDir,
): { child: ChildProcess; output: () => string; ready: Promise<string> } {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GONGKAI_DATA_DIR: folder,
    GONGKAI_EMBEDDED_PG_PORT: String(pgPort),
    GONGKAI_PORT: '0',
  };
  delete env.GONGKAI_DATABASE_URL;
  const child = spawn(command[0]!, command.slice(1), {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /and GraphiQL at (\S+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${out}`)));
  });
  return { child, output: () => out, ready };
}

async function stop(child: ChildProcess): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

test(
  'serve: embedded Postgres, samples through the parser, clean stop, data reused',
  { timeout: 120_000 },
  async () => {
    const first = serve(await freePort());
    const url = await first.ready;
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ reports { totalCount nodes { parserVersion agency { name } } } }' }),
    });
    const body = (await res.json()) as {
      data: { reports: { totalCount: number; nodes: { parserVersion: string }[] } };
    };
    assert.equal(body.data.reports.totalCount, 5);
    assert.ok(
      body.data.reports.nodes.every((n) => n.parserVersion !== 'golden'),
      'loaded through the parser',
    );
    assert.match(first.output(), /sample reports: 5 loaded/);
    await stop(first.child);
    assert.ok(fs.existsSync(path.join(dataDir, 'pg', 'PG_VERSION')), 'the data stays');
    assert.ok(!fs.existsSync(path.join(dataDir, 'pg', 'postmaster.pid')), 'Postgres shut down cleanly');

    const second = serve(await freePort());
    await second.ready;
    assert.match(second.output(), /sample reports: 0 loaded, 5 unchanged/);
    assert.doesNotMatch(second.output(), /applied migrations/);
    await stop(second.child);
  },
);

test('npm start: a SIGTERM to npm stops the server and its Postgres', { timeout: 120_000 }, async () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-npm-start-'));
  try {
    const started = serve(await freePort(), ['npm', 'start', '--silent'], folder);
    const url = await started.ready;
    const pidFile = path.join(folder, 'pg', 'postmaster.pid');
    assert.ok(fs.existsSync(pidFile), 'embedded Postgres running');
    const npmExit = await stop(started.child);
    assert.equal(npmExit, 0, started.output());
    const serverGone = await poll(async () => {
      try {
        await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
        return false;
      } catch {
        return true;
      }
    });
    assert.ok(serverGone, `the server still answers at ${url} after npm stopped`);
    assert.ok(await poll(() => !fs.existsSync(pidFile)), 'embedded Postgres stopped');
    assert.match(started.output(), /SIGTERM: shutting down/);
  } finally {
    killOrphanedServer(path.join(folder, 'pg', 'postmaster.pid'));
    fs.rmSync(folder, { recursive: true, force: true });
  }
});

/** Should a regression leave the server running, stop it (Postgres' parent) so the run ends. */
function killOrphanedServer(pidFile: string): void {
  try {
    const pgPid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    const stat = fs.readFileSync(`/proc/${pgPid}/stat`, 'utf8');
    const serverPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (serverPid > 1) process.kill(serverPid, 'SIGTERM');
  } catch {
    // nothing left running
  }
}

/** `gongkai ingest` as a user runs it: a folder, a manifest, a bad file, a summary, an exit code. */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { runGongkai } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

const ROOT = path.join(__dirname, '..', '..');
let db: TestDb;
let work: string;

before(async () => {
  db = await createTestDb({ migrate: false });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-ingest-'));
  fs.cpSync(path.join(ROOT, 'samples'), path.join(work, 'samples'), { recursive: true });
  fs.writeFileSync(
    path.join(work, 'samples', 'reports', 'broken.txt'),
    Buffer.from([0, 1, 2, 0xff, 0xfe, 0, 0, 7]),
  );
});
after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await db.cleanup();
});

const gongkai = (...args: string[]) => runGongkai(db, args, work);

const count = async (sql: string): Promise<number> =>
  Number(((await db.ds.query(sql)) as { n: string }[])[0]?.n);

test('ingests a folder with a manifest; a bad file fails alone, is named with its reason, exit 1', async () => {
  const run = gongkai(
    'ingest',
    'samples/reports',
    '--manifest',
    'samples/manifest.jsonl',
    '--concurrency',
    '2',
  );
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /6 file\(s\) .*5 loaded, 0 unchanged, 0 replaced, 1 failed/);
  assert.match(run.out, /failed .*broken\.txt: .*broken\.txt:\d+:\d+: /);
  assert.match(run.err, /\[6\/6\]/, 'plain progress lines when not a terminal');
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 5);
  // Manifest values win: the manifest's agency name, not the name in the text.
  assert.equal(await count(`SELECT count(*) AS n FROM agencies WHERE name = '石家庄经济技术开发区'`), 1);
  assert.equal(await count(`SELECT count(*) AS n FROM reports WHERE name_in_text = '经开区'`), 1);
});

test('a second run is a no-op by content hash; a changed file replaces its report; exit 0', async () => {
  fs.rmSync(path.join(work, 'samples', 'reports', 'broken.txt'));
  const again = gongkai('ingest', '--manifest', 'samples/manifest.jsonl');
  assert.equal(again.code, 0, again.out + again.err);
  assert.match(again.out, /0 loaded, 5 unchanged, 0 replaced, 0 failed/);

  const file = path.join(work, 'samples', 'reports', '003_046dc01fb9bbe87a.txt');
  fs.appendFileSync(file, '\n本报告如有更正,以网站发布为准。\n');
  const changed = gongkai('ingest', file, '--manifest', 'samples/manifest.jsonl');
  assert.equal(changed.code, 0, changed.out + changed.err);
  assert.match(changed.out, /0 loaded, 0 unchanged, 1 replaced/);
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 5);
});

test('what a folder holds that is no readable report is listed as skipped, with why; exit 1', async () => {
  const folder = path.join(work, 'scraped');
  fs.cpSync(path.join(ROOT, 'samples', 'reports'), folder, { recursive: true });
  fs.copyFileSync(path.join(ROOT, 'samples', 'manifest.jsonl'), path.join(folder, 'manifest.jsonl'));
  // Unreadable even as root: a link to nothing, a pipe (reading it would wait forever), and a file
  // that is no report by extension or content.
  fs.symlinkSync('gone-for-good.txt', path.join(folder, 'gone.txt'));
  const fifo = spawnSync('mkfifo', [path.join(folder, 'pipe.txt')]).status === 0;
  fs.writeFileSync(path.join(folder, 'notes.json'), '{"crawled": "2025-01-31"}\n');
  // Hidden entries are no one's reports: not read, not listed.
  fs.writeFileSync(path.join(folder, '.DS_Store'), Buffer.from([0, 0, 0, 1, 0x42, 0x75, 0x64, 0x31]));
  const manifest = fs.readFileSync(path.join(folder, 'manifest.jsonl'), 'utf8').replaceAll('"reports/', '"');
  fs.writeFileSync(path.join(folder, 'manifest.jsonl'), manifest);

  const run = gongkai('ingest', 'scraped', '--manifest', 'scraped/manifest.jsonl');
  assert.equal(run.code, 1, run.out + run.err);
  const skipped = fifo ? 3 : 2;
  assert.match(run.out, new RegExp(`5 file\\(s\\) .* 0 failed, ${skipped} skipped;`));
  const line = (name: string) =>
    run.out.split('\n').find((l) => l.includes(`skipped ${path.join(folder, name)}:`));
  assert.match(line('gone.txt') ?? '', /broken symbolic link \(to gone-for-good\.txt\)/, run.out);
  assert.match(line('notes.json') ?? '', /not a report file \(\.json/, run.out);
  if (fifo) assert.match(line('pipe.txt') ?? '', /a named pipe/, run.out);
  assert.doesNotMatch(run.out, /skipped .*(manifest\.jsonl|\.DS_Store)/);
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 5);

  // Without them the same folder is a clean run.
  for (const name of ['gone.txt', 'notes.json', 'pipe.txt'])
    fs.rmSync(path.join(folder, name), { force: true });
  const clean = gongkai('ingest', 'scraped', '--manifest', 'scraped/manifest.jsonl');
  assert.equal(clean.code, 0, clean.out + clean.err);
  assert.match(clean.out, /0 failed, 0 skipped;/);
});

/** The environment of bin/gongkai.js runs: this file's database, and NODE_OPTIONS as given. */
const binEnv = (nodeOptions = ''): NodeJS.ProcessEnv => ({
  ...process.env,
  GONGKAI_DATABASE_URL: db.url,
  GONGKAI_DATABASE_SCHEMA: db.schema,
  SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
  NODE_OPTIONS: nodeOptions,
});

test('bin/gongkai.js runs the ingest under a heap limit, unless the user chose one', async () => {
  const bin = (nodeOptions?: string) => {
    const res = spawnSync(
      process.execPath,
      [path.join(ROOT, 'bin', 'gongkai.js'), 'ingest', '--manifest', 'samples/manifest.jsonl'],
      {
        cwd: work,
        encoding: 'utf8',
        env: binEnv(nodeOptions),
      },
    );
    assert.equal(res.status, 0, res.stdout + res.stderr);
    const limit = /V8 heap limit (\d+) MiB/.exec(res.stdout);
    assert.ok(limit, res.stdout);
    return Number(limit[1]);
  };
  // bin/ingest-node-flags.json: a 512 MiB old generation (+ the young one); V8's default on a
  // machine of this size is several GiB.
  const limited = bin();
  assert.ok(limited >= 512 && limited < 1024, `heap limit ${limited} MiB`);
  assert.ok(bin('--max-old-space-size=1536') >= 1536, "the user's own flag wins");
});

test('SIGTERM to bin/gongkai.js reaches the ingest it runs in a child: nothing is left running', async () => {
  const parent = spawn(
    process.execPath,
    [path.join(ROOT, 'bin', 'gongkai.js'), 'ingest', '--manifest', 'samples/manifest.jsonl'],
    {
      cwd: work,
      stdio: 'ignore',
      env: binEnv(),
    },
  );
  const exited = new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    parent.once('exit', (code, signal) => resolve([code, signal])),
  );
  // The ingest child (the re-run with the heap flags) as soon as it exists.
  let child: number | undefined;
  for (let i = 0; i < 100 && child == null; i++) {
    const out = spawnSync('pgrep', ['-P', String(parent.pid)], { encoding: 'utf8' }).stdout.trim();
    if (out) child = Number(out.split('\n')[0]);
    else await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(child, 'bin/gongkai.js started the ingest in a child process');
  parent.kill('SIGTERM');
  const [code, signal] = await exited;
  assert.equal(signal, 'SIGTERM', `the parent dies of the child's signal (code ${code})`);
  const alive = (pid: number) => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  for (let i = 0; i < 100 && alive(child); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(child), false, 'the ingest child is gone');
});

test('bad arguments print the usage and exit 2; a missing path or a bad manifest does not', () => {
  const none = gongkai('ingest');
  assert.equal(none.code, 2);
  assert.match(none.err, /usage: gongkai ingest/);
  const missing = gongkai('ingest', 'no/such/folder');
  assert.equal(missing.code, 1);
  assert.match(missing.out, /skipped .*no\/such\/folder: no such file or folder/);
  assert.doesNotMatch(missing.err + missing.out, /usage:/);
  const badManifest = gongkai('ingest', '--manifest', 'samples/reports/000_645fa7a6713f6501.txt');
  assert.equal(badManifest.code, 1);
  assert.match(badManifest.out, /skipped .*000_645fa7a6713f6501\.txt:1: not valid JSON/);
  assert.doesNotMatch(badManifest.err + badManifest.out, /usage:/);
});

test('on a terminal the progress is a bar with files, rate and issues', async () => {
  // `script` (util-linux) runs the command on a pseudo-terminal.
  const cmd = [
    process.execPath,
    '-r',
    require.resolve('@swc-node/register'),
    path.join(ROOT, 'src/cli/main.ts'),
    'ingest',
    '--manifest',
    'samples/manifest.jsonl',
  ]
    .map((a) => `'${a}'`)
    .join(' ');
  const res = spawnSync('script', ['-qec', cmd, '/dev/null'], {
    cwd: work,
    env: {
      ...process.env,
      GONGKAI_DATABASE_URL: db.url,
      GONGKAI_DATABASE_SCHEMA: db.schema,
      SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
    },
    encoding: 'utf8',
  });
  assert.equal(res.status, 0, res.stdout + res.stderr);
  assert.match(res.stdout, /ingest \[[█░ =-]*\] 5\/5 files \| [\d.]+ reports\/s \| \d+ issues \| 0 failed/);
  assert.doesNotMatch(res.stdout, /\[1\/5\]/, 'no plain progress lines on a terminal');
});

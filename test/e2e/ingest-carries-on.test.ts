/**
 * `gongkai ingest` goes on past what it cannot read: a symbolic link loop, an unreadable folder,
 * a malformed manifest line, a manifest naming a missing file or one outside its folder are each
 * reported with what and where, the good reports land, the run exits 1 with its summary and
 * never prints the usage text. A manifest names files inside its own folder unless --root names
 * another root.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ROOT, runGongkai } from '../support/cli';
import { createTestDb, type TestDb } from '../support/db';

let db: TestDb;
let work: string;
let outside: string;
const SAMPLES = path.join(ROOT, 'samples', 'reports');
const samples = fs.readdirSync(SAMPLES).sort();

before(async () => {
  db = await createTestDb();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-carry-on-'));
  outside = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-outside-'));
});
after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
  await db.cleanup();
});

const count = async (sql: string): Promise<number> =>
  Number(((await db.ds.query(sql)) as { n: string }[])[0]?.n);

function assertNoUsage(run: { out: string; err: string }) {
  assert.doesNotMatch(run.out + run.err, /usage:/);
  assert.doesNotMatch(run.out + run.err, /^\s+at /m, 'no stack trace');
}

/** A folder and every folder above it. */
function ancestors(folder: string): string[] {
  const all: string[] = [];
  for (let d = path.resolve(folder); ; d = path.dirname(d)) {
    all.push(d);
    if (path.dirname(d) === d) return all;
  }
}

test('a folder with link loops and an unreadable folder: each reported, the rest ingested', async () => {
  const dir = path.join(work, 'walk');
  fs.mkdirSync(path.join(dir, 'sub'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, samples[0]!), path.join(dir, samples[0]!));
  fs.copyFileSync(path.join(SAMPLES, samples[1]!), path.join(dir, 'sub', samples[1]!));
  fs.symlinkSync('..', path.join(dir, 'sub', 'up')); // a folder link back up the tree
  fs.symlinkSync('b.txt', path.join(dir, 'a.txt')); // two file links leading to each other
  fs.symlinkSync('a.txt', path.join(dir, 'b.txt'));
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked);
  fs.copyFileSync(path.join(SAMPLES, samples[2]!), path.join(locked, samples[2]!));
  fs.chmodSync(locked, 0o000);

  let run: ReturnType<typeof runGongkai>;
  if (process.getuid?.() === 0) {
    // chmod does not stop root: run the command as nobody, who may read the rest of the folder.
    fs.chmodSync(work, 0o755);
    fs.chmodSync(dir, 0o755);
    // nobody must read the checkout to run the command (swc lists its folders): a clone made by
    // `git clone . "$(mktemp -d)"` is mode 0700, so the checkout is opened to others (o+rx) and
    // the folders above it for passing through (o+x) meanwhile, and put back after.
    const opened = ancestors(ROOT).map((d, i) => ({
      d,
      mode: fs.statSync(d).mode & 0o7777,
      need: i === 0 ? 0o005 : 0o001,
    }));
    const closed = opened.filter((o) => (o.mode & o.need) !== o.need);
    for (const o of closed) fs.chmodSync(o.d, o.mode | o.need);
    const res = spawnSync(
      process.execPath,
      ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), 'ingest', dir],
      {
        cwd: os.tmpdir(),
        encoding: 'utf8',
        uid: 65534,
        gid: 65534,
        env: {
          ...process.env,
          HOME: os.tmpdir(),
          GONGKAI_DATABASE_URL: db.url,
          GONGKAI_DATABASE_SCHEMA: db.schema,
          SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json'),
        },
      },
    );
    for (const o of closed) fs.chmodSync(o.d, o.mode);
    run = { code: res.status, out: res.stdout, err: res.stderr };
  } else {
    run = runGongkai(db, ['ingest', dir]);
  }
  fs.chmodSync(locked, 0o755);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /2 file\(s\) .*2 loaded, 0 unchanged, 0 replaced, 0 failed, 4 skipped/);
  assert.match(run.out, /skipped .*walk\/sub\/up: symbolic link loop \(to .*walk, a folder walked already\)/);
  assert.match(run.out, /skipped .*walk\/a\.txt: symbolic link loop/);
  assert.match(run.out, /skipped .*walk\/b\.txt: symbolic link loop/);
  assert.match(run.out, /skipped .*walk\/locked: folder cannot be read \(EACCES\)/);
  assertNoUsage(run);
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 2);
});

test('a manifest with a malformed line, a missing file and files outside its folder', async () => {
  await db.ds.query('TRUNCATE agencies, reports CASCADE');
  const dir = path.join(work, 'scraped');
  fs.mkdirSync(path.join(dir, 'reports'), { recursive: true });
  for (const f of samples.slice(0, 3)) fs.copyFileSync(path.join(SAMPLES, f), path.join(dir, 'reports', f));
  fs.copyFileSync(path.join(SAMPLES, samples[3]!), path.join(outside, 'elsewhere.txt'));
  // A link inside the folder to a file outside it is outside all the same.
  fs.symlinkSync(path.join(outside, 'elsewhere.txt'), path.join(dir, 'reports', 'link.txt'));
  const rel = path.relative(dir, path.join(outside, 'elsewhere.txt'));
  const manifest = path.join(dir, 'manifest.jsonl');
  fs.writeFileSync(
    manifest,
    [
      JSON.stringify({ file: `reports/${samples[0]}`, year: 2024 }),
      '{"file": "reports/x.txt", "year": 20', // line 2: cut short
      JSON.stringify({ file: 'reports/missing.txt', year: 2024 }), // line 3
      JSON.stringify({ file: `reports/${samples[1]}`, year: 2024 }),
      JSON.stringify({ file: rel }), // line 5: ../…/elsewhere.txt
      JSON.stringify({ file: '/etc/hostname' }), // line 6
      JSON.stringify({ file: 'reports/link.txt' }), // line 7
      JSON.stringify({ file: `reports/${samples[2]}`, yr: 2024 }), // line 8: unknown field
      '',
    ].join('\n'),
  );
  const run = runGongkai(db, ['ingest', '--manifest', manifest]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /2 file\(s\) .*2 loaded, 0 unchanged, 0 replaced, 0 failed, 6 skipped/);
  assert.match(run.out, /skipped .*manifest\.jsonl:2: not valid JSON/);
  assert.match(
    run.out,
    /skipped .*reports\/missing\.txt: no such file or folder \(named in .*manifest\.jsonl:3\)/,
  );
  assert.match(
    run.out,
    /skipped .*manifest\.jsonl:5: .*elsewhere\.txt is outside the manifest's folder .*--root DIR/,
  );
  assert.match(run.out, /skipped .*manifest\.jsonl:6: \/etc\/hostname is outside the manifest's folder/);
  assert.match(run.out, /skipped .*manifest\.jsonl:7: reports\/link\.txt is outside the manifest's folder/);
  assert.match(run.out, /skipped .*manifest\.jsonl:8: unknown field\(s\) yr/);
  assertNoUsage(run);
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 2);
  assert.equal(await count(`SELECT count(*) AS n FROM reports WHERE source_file = 'elsewhere.txt'`), 0);
});

test('--root names another root: a file outside the manifest folder but inside the root is read', async () => {
  await db.ds.query('TRUNCATE agencies, reports CASCADE');
  const root = path.join(work, 'tree');
  fs.mkdirSync(path.join(root, 'manifests'), { recursive: true });
  fs.mkdirSync(path.join(root, 'files'), { recursive: true });
  fs.copyFileSync(path.join(SAMPLES, samples[4]!), path.join(root, 'files', 'r.txt'));
  const manifest = path.join(root, 'manifests', 'm.jsonl');
  fs.writeFileSync(
    manifest,
    `${JSON.stringify({ file: '../files/r.txt' })}\n${JSON.stringify({ file: '/etc/hostname' })}\n`,
  );

  const refused = runGongkai(db, ['ingest', '--manifest', manifest]);
  assert.equal(refused.code, 1, refused.out + refused.err);
  assert.match(refused.out, /m\.jsonl:1: \.\.\/files\/r\.txt is outside the manifest's folder/);

  const run = runGongkai(db, ['ingest', '--manifest', manifest, '--root', root]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /1 loaded/);
  assert.match(run.out, /m\.jsonl:2: \/etc\/hostname is outside the root /);
  assertNoUsage(run);
  assert.equal(await count('SELECT count(*) AS n FROM reports'), 1);
});

test('an unreadable manifest is reported; the files named beside it are ingested', async () => {
  await db.ds.query('TRUNCATE agencies, reports CASCADE');
  const file = path.join(work, 'one.txt');
  fs.copyFileSync(path.join(SAMPLES, samples[0]!), file);
  const run = runGongkai(db, ['ingest', file, '--manifest', path.join(work, 'no-such-manifest.jsonl')]);
  assert.equal(run.code, 1, run.out + run.err);
  assert.match(run.out, /1 loaded/);
  assert.match(run.out, /skipped .*no-such-manifest\.jsonl: the manifest cannot be read \(ENOENT\)/);
  assertNoUsage(run);
});

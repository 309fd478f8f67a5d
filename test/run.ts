/**
 * `npm test`: runs every test/**\/*.test.ts (any subfolder; a module's tests are named for its path
 * under src, README "Layout") with node's test runner against a real Postgres:
 * GONGKAI_TEST_DATABASE_URL or GONGKAI_DATABASE_URL when set, else an embedded Postgres started for the run.
 * Without Chromium the browser test is skipped with a notice, said first and last; on CI it is
 * required, and the run stops before anything runs (test/support/browser.ts).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { processEnv } from '../src/config/env';
import { startEmbeddedPostgres } from '../src/db/embedded';
import { browserTestPlan } from './support/browser';
import { freePort } from './support/ports';

function testFiles(dir: string, filter: string[]): string[] {
  const files = (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join(dir, f))
    .sort();
  return filter.length ? files.filter((f) => filter.some((p) => f.includes(p))) : files;
}

async function main(): Promise<number> {
  const files = testFiles(path.join(__dirname), process.argv.slice(2));
  if (files.length === 0) {
    console.error('no test files matched');
    return 1;
  }
  const plan = files.some((f) => f.endsWith('.browser.test.ts')) ? browserTestPlan() : undefined;
  if (plan?.action === 'fail') {
    console.error(plan.notice);
    return 1;
  }
  const notice = plan?.action === 'skip' ? plan.notice : undefined;
  if (notice) console.log(notice);
  // Old variable names are read here (with a notice) and not handed to the test files.
  const env = processEnv();
  let url = env.GONGKAI_TEST_DATABASE_URL || env.GONGKAI_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-test-pg-'));
    const port = await freePort();
    console.log(
      `# no GONGKAI_TEST_DATABASE_URL/GONGKAI_DATABASE_URL: starting embedded Postgres on port ${port}`,
    );
    const pg = await startEmbeddedPostgres({ dataDir, port, ephemeral: true, database: 'test' });
    url = pg.url;
    stop = async () => {
      await pg.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  } else {
    console.log(`# tests use ${url.replace(/:[^:@/]*@/, ':***@')}`);
  }
  // Installed once before the files run in parallel: concurrent CREATE EXTENSION races.
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  await client.query('CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public');
  await client.end();
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(
        process.execPath,
        ['-r', '@swc-node/register', '--test', '--test-concurrency=2', ...files],
        { stdio: 'inherit', env: { ...env, GONGKAI_TEST_DATABASE_URL: url } },
      );
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
  } finally {
    // Again at the end, where a reader of a long run looks.
    if (notice) console.log(notice);
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);

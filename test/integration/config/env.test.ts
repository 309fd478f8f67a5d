/**
 * Configuration (src/config): one GONGKAI_ prefix; the old names still read, each with one
 * deprecation notice on stderr, the new name winning when both are set.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/config';
import { currentNames, RENAMED_VARIABLES } from '../../../src/config/env';
import { ROOT } from '../../support/cli';
import { createTestDb, type TestDb } from '../../support/db';

let db: TestDb;
before(async () => {
  db = await createTestDb({ migrate: false });
});
after(async () => db.cleanup());

test('every variable Gongkai reads has the GONGKAI_ prefix; the old names map onto them', () => {
  for (const [old, name] of Object.entries(RENAMED_VARIABLES)) assert.equal(name, `GONGKAI_${old}`);
  const config = loadConfig({
    GONGKAI_PORT: '4100',
    GONGKAI_DATABASE_URL: 'postgres://u@h:5432/d',
    GONGKAI_DATABASE_SCHEMA: 'gk',
    GONGKAI_EMBEDDED_PG_PORT: '54400',
    GONGKAI_MAX_PAGE_SIZE: '50',
    GONGKAI_MAX_QUERY_DEPTH: '9',
    GONGKAI_CORS_ORIGINS: 'https://a.example,https://b.example',
    GONGKAI_DATABASE_READ_URLS: 'postgres://r@h:5432/d',
  });
  assert.deepEqual(
    [
      config.port,
      config.databaseUrl,
      config.databaseSchema,
      config.embeddedPgPort,
      config.maxPageSize,
      config.maxQueryDepth,
      config.corsOrigins,
      config.serving.readUrls,
    ],
    [
      4100,
      'postgres://u@h:5432/d',
      'gk',
      54400,
      50,
      9,
      ['https://a.example', 'https://b.example'],
      ['postgres://r@h:5432/d'],
    ],
  );
});

test('an old name still works, with a notice naming the new one; when both are set the new one wins', () => {
  const old = currentNames({ MAX_PAGE_SIZE: '30', PORT: '4200' });
  assert.equal(old.env.GONGKAI_MAX_PAGE_SIZE, '30');
  assert.deepEqual(old.notices, [
    'PORT is deprecated: set GONGKAI_PORT instead (the old name still works, for now)',
    'MAX_PAGE_SIZE is deprecated: set GONGKAI_MAX_PAGE_SIZE instead (the old name still works, for now)',
  ]);
  assert.equal(loadConfig({ MAX_PAGE_SIZE: '30' }).maxPageSize, 30);
  const both = currentNames({ MAX_PAGE_SIZE: '30', GONGKAI_MAX_PAGE_SIZE: '40' });
  assert.equal(both.env.GONGKAI_MAX_PAGE_SIZE, '40');
  assert.match(both.notices[0]!, /MAX_PAGE_SIZE is deprecated and ignored: GONGKAI_MAX_PAGE_SIZE is set too/);
  assert.equal(loadConfig({ MAX_PAGE_SIZE: '30', GONGKAI_MAX_PAGE_SIZE: '40' }).maxPageSize, 40);
  assert.throws(
    () => loadConfig({ GONGKAI_MAX_PAGE_SIZE: '0' }),
    /GONGKAI_MAX_PAGE_SIZE must be a whole number/,
  );
});

test('a command run with the old names works and says once, on stderr, which names to use', () => {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema };
  delete env.GONGKAI_DATABASE_URL;
  delete env.GONGKAI_DATABASE_SCHEMA;
  const res = spawnSync(
    process.execPath,
    ['-r', require.resolve('@swc-node/register'), path.join(ROOT, 'src/cli/main.ts'), 'migrate'],
    { cwd: ROOT, encoding: 'utf8', env: { ...env, SWC_NODE_PROJECT: path.join(ROOT, 'tsconfig.json') } },
  );
  assert.equal(res.status, 0, res.stderr);
  assert.match(res.stdout, /applied: InitialSchema/);
  const notices = res.stderr.split('\n').filter((l) => l.includes('deprecated'));
  assert.deepEqual(notices, [
    'gongkai: DATABASE_URL is deprecated: set GONGKAI_DATABASE_URL instead (the old name still works, for now)',
    'gongkai: DATABASE_SCHEMA is deprecated: set GONGKAI_DATABASE_SCHEMA instead (the old name still works, for now)',
  ]);
});

test('a whole-number variable set to blanks reads as unset, as every other setting does', () => {
  // It read as 0 before: GONGKAI_PORT=" " served on a random port.
  const config = loadConfig({ GONGKAI_PORT: '  ', GONGKAI_RESPONSE_CACHE_MB: ' ' });
  assert.equal(config.port, 4000);
  assert.equal(config.responseCacheMb, 64);
  assert.equal(loadConfig({ GONGKAI_PORT: ' 4100 ' }).port, 4100);
});

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { type DataSource } from 'typeorm';
import { openDataSource } from '../../../src/db/data-source';
import { readQuery } from '../../../src/db/prepared';
import { createTestDb, type TestDb } from '../../support/db';

let db: TestDb;
let one: DataSource;
before(async () => {
  db = await createTestDb();
  // One connection, so that pg_prepared_statements shows what this pool prepared.
  one = await openDataSource({ url: db.url, schema: db.schema, poolSize: 1 });
});
after(async () => {
  await one.destroy();
  await db.cleanup();
});

const prepared = async () =>
  (
    await readQuery<{ name: string }>(
      one,
      `SELECT name FROM pg_prepared_statements WHERE name LIKE 'gongkai_read_%' ORDER BY name`,
      [],
    )
  ).map((r) => r.name);

test('reads run as named prepared statements, at most 200 distinct ones per process', async () => {
  const rows = await readQuery<{ n: number }>(one, 'SELECT $1::integer + 1 AS n', [41]);
  assert.deepEqual(rows, [{ n: 42 }]);
  const first = await prepared();
  assert.ok(first.length >= 2, `the statement and the catalogue read are prepared: ${first.join(', ')}`);

  // The same text again reuses its statement.
  await readQuery(one, 'SELECT $1::integer + 1 AS n', [1]);
  assert.equal((await prepared()).length, first.length);

  // Many distinct texts: names stop at the cap, later texts still run (unnamed).
  for (let i = 0; i < 210; i++) {
    const [r] = await readQuery<{ n: number }>(one, `SELECT ${i}::integer + $1::integer AS n`, [1]);
    assert.equal(r?.n, i + 1);
  }
  assert.equal((await prepared()).length, 200);
});

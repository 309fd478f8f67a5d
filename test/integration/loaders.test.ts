import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { Agency } from '../../src/entities';
import { saveReport } from '../../src/ingest/load';
import { createLoaders } from '../../src/loaders';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(async () => db.cleanup());

test('agencyOf: an agency a statement already read is answered synchronously; others are loaded', async () => {
  const saved = [];
  for (const { report } of allGoldenReports().slice(0, 2)) saved.push(await saveReport(db.ds, report));
  const [a, b] = saved.map((s) => s.agencyId) as [number, number];
  const loaders = createLoaders(db.ds);
  const primed = Object.assign(new Agency(), { id: a, name: 'primed' });
  loaders.primeAgencies([primed]);
  assert.equal(loaders.agencyOf(a), primed, 'no promise for a primed agency');
  const loaded = loaders.agencyOf(b);
  assert.ok(loaded instanceof Promise);
  assert.equal((await loaded)?.id, b);
  assert.equal(await loaders.agencyById.load(a), primed, 'the loader shares the primed row');
});

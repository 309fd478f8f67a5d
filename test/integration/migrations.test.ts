import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import {
  AgencyKind,
  AgencyLevel,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  RowCode,
  TableCode,
} from '../../src/domain/codes';
import { migrateDownAll, migrateUp } from '../../src/db/migrate';
import { saveReport } from '../../src/ingest/load';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';

let db: TestDb;
before(async () => {
  db = await createTestDb({ migrate: false });
});
after(async () => db.cleanup());

async function tables(): Promise<string[]> {
  const rows: { table_name: string }[] = await db.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [db.schema],
  );
  return rows.map((r) => r.table_name);
}

async function enumLabels(type: string): Promise<string[]> {
  const rows: { enumlabel: string }[] = await db.ds.query(
    `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
     JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typname = $1 AND n.nspname = $2 ORDER BY e.enumsortorder`,
    [type, db.schema],
  );
  return rows.map((r) => r.enumlabel);
}

test('migrations go up, are idempotent, and come down leaving nothing', async () => {
  assert.deepEqual(await tables(), []);
  const applied = await migrateUp(db.ds);
  assert.ok(applied.length >= 1);
  assert.deepEqual(await tables(), [
    'agencies',
    'migrations',
    'report_facts',
    'report_grids',
    'report_rows',
    'reports',
    'sections',
    'validation_issues',
  ]);
  assert.deepEqual(await migrateUp(db.ds), [], 'a second run applies nothing');

  const reverted = await migrateDownAll(db.ds);
  assert.equal(reverted, applied.length);
  assert.deepEqual(await tables(), ['migrations']);
  assert.deepEqual(await enumLabels('row_code'), []);

  await migrateUp(db.ds);
});

test('the database enums hold exactly the domain codes, in declaration order', async () => {
  // A code added to src/domain/codes.ts needs a migration (ALTER TYPE … ADD VALUE); this fails until it has one.
  const cases: [string, Record<string, string>][] = [
    ['form_version', FormVersion],
    ['table_code', TableCode],
    ['row_code', RowCode],
    ['column_code', ColumnCode],
    ['issue_code', IssueCode],
    ['issue_severity', IssueSeverity],
    ['agency_level', AgencyLevel],
    ['agency_kind', AgencyKind],
  ];
  for (const [type, e] of cases) {
    assert.deepEqual(await enumLabels(type), Object.values(e), type);
  }
});

for (const [table, rows] of [
  ['report_facts', 5],
  // 14: one seed's review table is missing
  ['report_grids', 14],
] as const) {
  test(`the ${table} migration fills the read model for reports stored before it`, async () => {
    await migrateUp(db.ds);
    await db.ds.query('TRUNCATE agencies CASCADE');
    for (const { report } of allGoldenReports()) await saveReport(db.ds, report);
    const before: unknown[] = await db.ds.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
    // Revert back to before the read model's migration, then forward again: the backfill rebuilds the rows.
    while ((await tables()).includes(table)) await db.ds.undoLastMigration({ transaction: 'each' });
    await migrateUp(db.ds);
    assert.deepEqual(await db.ds.query(`SELECT * FROM ${table} ORDER BY 1, 2`), before);
    assert.equal(before.length, rows);
  });
}

import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  AgencyKind,
  AgencyLevel,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  RowCode,
  TableCode,
} from '../../../src/domain/codes';
import { migrateDownAll, migrateUp } from '../../../src/db/migrate';
import { type NormalizedReport } from '../../../src/domain/report';
import { saveReport } from '../../../src/db/writes/save';
import { SourceKindCode } from '../../../src/schema/types/source-kind';
import { allGoldenReports } from '../../support/golden';
import { rowLevelReport } from '../../support/row-level';
import { createTestDb } from '../../support/db';
import { useFixture } from '../../support/fixture';
import { poll } from '../../support/retry';

const fx = useFixture({ migrate: false });

async function tables(): Promise<string[]> {
  const rows: { table_name: string }[] = await fx.db.ds.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
    [fx.db.schema],
  );
  return rows.map((r) => r.table_name);
}

/**
 * Save on connections of their own: the save path's prepared statements name types (cell,
 * page_box) that a migration down and up makes anew, and a connection that prepared them before
 * would still look for the old ones.
 */
async function save(reports: readonly NormalizedReport[]): Promise<number[]> {
  const writer = await fx.db.open();
  try {
    const ids: number[] = [];
    for (const report of reports) ids.push((await saveReport(writer, report)).reportId);
    return ids;
  } finally {
    await writer.destroy();
  }
}

async function enumLabels(type: string): Promise<string[]> {
  const rows: { enumlabel: string }[] = await fx.db.ds.query(
    `SELECT e.enumlabel FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
     JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typname = $1 AND n.nspname = $2 ORDER BY e.enumsortorder`,
    [type, fx.db.schema],
  );
  return rows.map((r) => r.enumlabel);
}

test('migrations go up, are idempotent, and come down leaving nothing', async () => {
  assert.deepEqual(await tables(), []);
  const applied = await migrateUp(fx.db.ds);
  assert.ok(applied.length >= 1);
  assert.deepEqual(await tables(), [
    'agencies',
    'migrations',
    'report_extra_rows',
    'report_facts',
    'report_grids',
    'report_rows',
    'reports',
    'sections',
    'validation_issues',
  ]);
  assert.deepEqual(await migrateUp(fx.db.ds), [], 'a second run applies nothing');

  const reverted = await migrateDownAll(fx.db.ds);
  assert.equal(reverted, applied.length);
  assert.deepEqual(await tables(), ['migrations']);
  assert.deepEqual(await enumLabels('row_code'), []);

  await migrateUp(fx.db.ds);
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
    ['source_kind', SourceKindCode],
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
    await migrateUp(fx.db.ds);
    await fx.db.ds.query('TRUNCATE agencies CASCADE');
    await save(allGoldenReports().map((g) => g.report));
    const before: unknown[] = await fx.db.ds.query(`SELECT * FROM ${table} ORDER BY 1, 2`);
    // Revert back to before the read model's migration, then forward again: the backfill rebuilds the rows.
    while ((await tables()).includes(table)) await fx.db.ds.undoLastMigration({ transaction: 'each' });
    await migrateUp(fx.db.ds);
    assert.deepEqual(await fx.db.ds.query(`SELECT * FROM ${table} ORDER BY 1, 2`), before);
    assert.equal(before.length, rows);
  });
}

/** Revert migrations until `name` (inclusive) is no longer applied. */
async function downThrough(name: string): Promise<void> {
  for (;;) {
    const rows: { name: string }[] = await fx.db.ds.query(
      'SELECT name FROM migrations ORDER BY id DESC LIMIT 1',
    );
    const last = rows[0]?.name;
    assert.ok(last, `${name} was not applied`);
    await fx.db.ds.undoLastMigration({ transaction: 'each' });
    if (last === name) return;
  }
}

test('the row-level migration adds the box to stored cells without touching them, and comes back', async () => {
  await migrateUp(fx.db.ds);
  await fx.db.ds.query('TRUNCATE agencies CASCADE');
  await save(allGoldenReports().map((g) => g.report));
  // Cells by named attribute (the box attribute comes and goes), and the grids derived from them.
  const cells = `SELECT rr.report_id, rr.table_code, rr.row_code, c.column_code, c.value, c.raw_text, c.blank,
                        c.not_applicable, c.source_line, c.source_column
                 FROM report_rows rr, unnest(rr.cells) WITH ORDINALITY c ORDER BY 1, 2, 3, c.ordinality`;
  const grids = 'SELECT * FROM report_grids ORDER BY 1, 2';
  const before = { cells: await fx.db.ds.query(cells), grids: await fx.db.ds.query(grids) };
  assert.ok(before.cells.length > 500);

  await downThrough('RowLevelReading1764100000000');
  const attributes: { attname: string }[] = await fx.db.ds.query(
    `SELECT a.attname FROM pg_attribute a JOIN pg_type t ON t.typrelid = a.attrelid
     JOIN pg_namespace n ON n.oid = t.typnamespace
     WHERE t.typname = 'cell' AND n.nspname = $1 AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum`,
    [fx.db.schema],
  );
  assert.deepEqual(
    attributes.map((a) => a.attname),
    ['column_code', 'value', 'raw_text', 'blank', 'not_applicable', 'source_line', 'source_column'],
  );
  assert.deepEqual(await fx.db.ds.query(cells), before.cells, 'down keeps every stored cell');

  await migrateUp(fx.db.ds);
  assert.deepEqual(await fx.db.ds.query(cells), before.cells, 'up keeps every stored cell');
  assert.deepEqual(await fx.db.ds.query(grids), before.grids, 'report_grids needs no rebuild');
  const boxes: { n: string }[] = await fx.db.ds.query(
    'SELECT count(*) AS n FROM report_rows rr, unnest(rr.cells) c WHERE c.box IS NOT NULL',
  );
  assert.equal(Number(boxes[0]!.n), 0, 'cells stored before have no box');
});

test('down from the row-level store keeps the older one consistent: ambiguous rows stay flagged, facts agree', async () => {
  await migrateUp(fx.db.ds);
  await fx.db.ds.query('TRUNCATE agencies CASCADE');
  const report = rowLevelReport();
  const [reportId] = await save([report]);
  const issues = async () =>
    (
      (await fx.db.ds.query('SELECT code, location FROM validation_issues WHERE report_id = $1 ORDER BY id', [
        reportId,
      ])) as { code: string; location: string }[]
    ).map((i) => `${i.code}@${i.location}`);
  const facts = async () =>
    (
      (await fx.db.ds.query('SELECT issue_count, flagged_tables FROM report_facts WHERE report_id = $1', [
        reportId,
      ])) as { issue_count: number; flagged_tables: number }[]
    )[0];
  const stored = await issues();
  assert.ok(stored.includes('AMBIGUOUS_CELLS@granted') && stored.includes('EXTRA_ROW@activeDisclosure'));
  const flaggedBefore = (await facts())!.flagged_tables;

  await downThrough('RowLevelReading1764100000000');
  const after = await issues();
  assert.deepEqual(
    after,
    stored
      .filter((i) => !i.startsWith('EXTRA_ROW@'))
      .map((i) => (i === 'AMBIGUOUS_CELLS@granted' ? 'TABLE_LAYOUT_UNKNOWN@granted' : i)),
  );
  assert.deepEqual(
    await enumLabels('issue_code'),
    Object.values(IssueCode).filter((c) => c !== IssueCode.AMBIGUOUS_CELLS && c !== IssueCode.EXTRA_ROW),
  );
  const flagIssues = after.filter((i) => /^(CELL_COUNT_MISMATCH|TABLE_LAYOUT_UNKNOWN)@/.test(i)).length;
  assert.deepEqual(await facts(), { issue_count: after.length, flagged_tables: flagIssues });
  assert.ok(!(await tables()).includes('report_extra_rows'));

  await migrateUp(fx.db.ds);
  assert.deepEqual(await enumLabels('issue_code'), Object.values(IssueCode));
  // Up again recomputes flagged tables from the issues; the partial mark itself went with the down.
  assert.equal((await facts())!.flagged_tables, flaggedBefore);
});

test('servers starting at once migrate one after another: one applies, the others find nothing pending', async () => {
  const db = await createTestDb({ migrate: false });
  try {
    const others = await Promise.all([db.open(), db.open(), db.open()]);
    const runs = await Promise.all([db.ds, ...others].map((ds) => migrateUp(ds)));
    const applied = runs.filter((names) => names.length > 0);
    assert.equal(applied.length, 1, `one run applies the migrations: ${JSON.stringify(runs)}`);
    assert.deepEqual(
      runs.map((names) => names.length).sort(),
      [0, 0, 0, applied[0]!.length],
      'the others find nothing pending',
    );
    const recorded = (await db.ds.query('SELECT count(*)::int AS n FROM migrations')) as { n: number }[];
    assert.equal(recorded[0]?.n, applied[0]!.length, 'each migration recorded once');
  } finally {
    await db.cleanup();
  }
});

test("a migration run waits, saying so, while another process holds the schema's migration lock", async () => {
  const db = await createTestDb({ migrate: false });
  const holder = db.ds.createQueryRunner('master');
  try {
    await holder.connect();
    const lock = `hashtext('gongkai.migrations'), hashtext(current_schema())`;
    await holder.query(`SELECT pg_advisory_lock(${lock})`);
    const waits: string[] = [];
    const run = migrateUp(await db.open(), (m) => waits.push(m));
    assert.ok(await poll(() => waits.length === 1), 'told that it waits');
    assert.match(waits[0]!, /another process applying migrations/);
    const table = (await db.ds.query(`SELECT to_regclass('migrations') IS NOT NULL AS exists`)) as {
      exists: boolean;
    }[];
    assert.equal(table[0]?.exists, false, 'nothing applied while the lock is held');
    await holder.query(`SELECT pg_advisory_unlock(${lock})`);
    assert.ok((await run).length >= 1, 'applies once the lock is free');
    // Another schema of the same database is not held up by this schema's lock.
    await holder.query(`SELECT pg_advisory_lock(${lock})`);
    const elsewhere = await createTestDb({ migrate: false });
    try {
      const noWait: string[] = [];
      assert.ok((await migrateUp(elsewhere.ds, (m) => noWait.push(m))).length >= 1);
      assert.deepEqual(noWait, []);
    } finally {
      await elsewhere.cleanup();
    }
  } finally {
    await holder.release();
    await db.cleanup();
  }
});

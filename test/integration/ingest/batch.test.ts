/**
 * Batched saving: many reports per transaction (saveReports), and what ingestFiles does when a
 * batch cannot be written whole or would hold the same stored report twice.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, beforeEach, test } from 'node:test';
import { type AgencyLevel, AgencyLevel as Level } from '../../../src/domain/codes';
import { type NormalizedReport } from '../../../src/domain/report';
import { ingestFiles } from '../../../src/ingest/batch';
import { DuplicateInBatchError, saveReports } from '../../../src/db/writes/save';
import { readManifest } from '../../../src/ingest/manifest';
import { createTestDb, type TestDb } from '../../support/db';
import { allGoldenReports } from '../../support/golden';

const ROOT = path.join(__dirname, '..', '..', '..');
let db: TestDb;
let work: string;
before(async () => {
  db = await createTestDb();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-batch-'));
  fs.cpSync(path.join(ROOT, 'samples'), work, { recursive: true });
});
after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await db.cleanup();
});
beforeEach(async () => {
  await db.ds.query(
    'TRUNCATE agencies, reports, sections, report_rows, validation_issues, report_facts CASCADE',
  );
});

const seeds = allGoldenReports().map((g) => g.report);

async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const t of ['agencies', 'reports', 'sections', 'report_rows', 'validation_issues', 'report_facts']) {
    parts.push(await db.ds.query(`SELECT * FROM ${t} ORDER BY 1, 2`));
  }
  return JSON.stringify(parts);
}

const count = async (table: string): Promise<number> =>
  Number(((await db.ds.query(`SELECT count(*) AS n FROM ${table}`)) as { n: string }[])[0]?.n);

test('saveReports writes a batch in one transaction: results in input order, a bad report rolls back all', async () => {
  const results = await saveReports(db.ds, seeds.slice(0, 3));
  assert.deepEqual(
    results.map((r) => r.status),
    ['loaded', 'loaded', 'loaded'],
  );
  const stored: { id: number; source_file: string }[] = await db.ds.query(
    'SELECT id, source_file FROM reports',
  );
  const fileOf = new Map(stored.map((r) => [r.id, r.source_file]));
  assert.deepEqual(
    results.map((r) => fileOf.get(r.reportId)),
    seeds.slice(0, 3).map((s) => s.sourceFile),
  );
  const before = await snapshot();

  // Two new reports and one whose agency level Postgres rejects: nothing of the batch lands.
  const bad: NormalizedReport = {
    ...seeds[4]!,
    agency: { ...seeds[4]!.agency, level: 'bogus' as AgencyLevel },
  };
  await assert.rejects(saveReports(db.ds, [seeds[3]!, bad]), /agency_level/);
  assert.equal(await snapshot(), before);

  // The same batch again, with a changed one: unchanged, unchanged, replaced (same id).
  const changed = { ...seeds[2]!, sourceText: `${seeds[2]!.sourceText}\n(更正)` };
  const again = await saveReports(db.ds, [seeds[0]!, seeds[1]!, changed]);
  assert.deepEqual(
    again.map((r) => r.status),
    ['unchanged', 'unchanged', 'replaced'],
  );
  assert.equal(again[2]!.reportId, results[2]!.reportId);
  assert.equal(await count('reports'), 3);
});

test('saveReports refuses the same agency and year twice in one batch, before writing anything', async () => {
  const twin = { ...seeds[0]!, sourceText: `${seeds[0]!.sourceText} ` };
  await assert.rejects(saveReports(db.ds, [seeds[0]!, seeds[1]!, twin]), DuplicateInBatchError);
  assert.equal(await count('agencies'), 0);
});

test('reports of one agency in one batch: one agency row, each field the last value given', async () => {
  const base = seeds[1]!;
  const a: NormalizedReport = { ...base, year: base.year - 1, agency: { ...base.agency, level: undefined } };
  const b: NormalizedReport = { ...base, agency: { ...base.agency, level: Level.CITY } };
  const results = await saveReports(db.ds, [a, b]);
  assert.equal(results[0]!.agencyId, results[1]!.agencyId);
  const rows: { level: string }[] = await db.ds.query('SELECT level FROM agencies');
  assert.deepEqual(rows, [{ level: 'city' }]);
  const facts: { level: string }[] = await db.ds.query('SELECT DISTINCT level FROM report_facts');
  assert.deepEqual(facts, [{ level: 'city' }]);
});

test('ingestFiles: a report the database rejects fails alone, with its own error; its batch-mates land', async () => {
  const manifest = readManifest(path.join(work, 'manifest.jsonl'));
  const files = [...manifest.keys()];
  // A value only Postgres checks (the manifest reader would refuse it): the batch fails in the
  // database and is retried report by report.
  const victim = files[2]!;
  manifest.set(victim, { ...manifest.get(victim)!, level: 'bogus' as AgencyLevel });
  const summary = await ingestFiles(db.ds, files, { manifest, batchSize: 10 });
  assert.equal(summary.counts.loaded, files.length - 1);
  assert.equal(summary.counts.failed, 1);
  assert.equal(summary.failures[0]!.file, victim);
  assert.match(summary.failures[0]!.error!, /agency_level/);
  assert.equal(await count('reports'), files.length - 1);
  const victimName = path.basename(victim);
  assert.equal(
    await count(`reports WHERE source_file = '${victimName}'`),
    0,
    'nothing of the failed report is stored',
  );
});

test('ingestFiles: the same report twice in a run is saved in order (loaded, then replaced), never in one batch', async () => {
  const manifest = readManifest(path.join(work, 'manifest.jsonl'));
  const [first] = manifest.keys();
  const copy = path.join(work, 'reports', 'copy-of-first.txt');
  fs.writeFileSync(copy, `${fs.readFileSync(first!, 'utf8')}\n（更正版）\n`);
  manifest.set(copy, { ...manifest.get(first!)!, file: copy });
  const summary = await ingestFiles(db.ds, [first!, copy], { manifest, batchSize: 10, concurrency: 1 });
  assert.deepEqual(summary.counts, { loaded: 1, unchanged: 0, replaced: 1, failed: 0 });
  const rows: { source_file: string }[] = await db.ds.query('SELECT source_file FROM reports');
  assert.deepEqual(rows, [{ source_file: 'copy-of-first.txt' }]);
});

/**
 * A generated multi-year corpus through the whole path (parse → manifest → save, in shuffled
 * order) into Postgres: every stored issue is the generator's truth, including identity 5
 * (carry-over between consecutive years), which only the load step can check.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { synthesize } from '../../src/synth/corpus';
import { createTestDb, type TestDb } from '../support/db';
import { readTruth } from '../support/synth';

let db: TestDb;
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-synth-ingest-'));

before(async () => {
  db = await createTestDb();
  synthesize({ agencies: 24, firstYear: 2019, lastYear: 2025, seed: 'ingest-test', out, faultRate: 0.3 });
});
after(async () => {
  await db.cleanup();
  fs.rmSync(out, { recursive: true, force: true });
});

// One batch for the whole corpus, and small batches written three at a time (adjacent years of an
// agency then land in different, concurrent transactions).
for (const { batchSize, concurrency } of [
  { batchSize: 500, concurrency: 1 },
  { batchSize: 5, concurrency: 3 },
]) {
  test(`every stored report carries exactly its truth issues, carry-over breaks included (batches of ${batchSize}, ${concurrency} at once)`, async () => {
    await db.ds.query(
      'TRUNCATE agencies, reports, sections, report_rows, validation_issues, report_facts CASCADE',
    );
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    // A fixed shuffle: later years often arrive before earlier ones.
    const files = [...manifest.keys()].sort((a, b) => hash(a) - hash(b));
    const summary = await ingestFiles(db.ds, files, { manifest, concurrency, batchSize });
    assert.equal(summary.counts.failed, 0, summary.failures[0]?.error);
    assert.equal(summary.counts.loaded, files.length);

    const stored: {
      file: string;
      issues: string[] | null;
      total_processed: string | null;
      fact_issues: number;
    }[] = await db.ds.query(
      `SELECT r.source_url AS file,
            (SELECT f.issue_count FROM report_facts f WHERE f.report_id = r.id) AS fact_issues,
            (SELECT array_agg(v.code || '@' || v.location ORDER BY v.code, v.location)
             FROM validation_issues v WHERE v.report_id = r.id) AS issues,
            (SELECT c.value::text FROM report_rows rr, unnest(rr.cells) c
             WHERE rr.report_id = r.id AND rr.row_code = 'totalProcessed' AND c.column_code = 'total') AS total_processed
     FROM reports r`,
    );
    const byUrl = new Map(stored.map((s) => [s.file, s]));
    let carryOver = 0;
    for (const [file, entry] of manifest) {
      const truth = readTruth(file);
      const row = byUrl.get(entry.sourceUrl!);
      assert.ok(row, `${file} stored`);
      const expected = [...truth.expectedIssues, ...truth.expectedLoadIssues]
        .map((i) => `${i.code}@${i.where}`)
        .sort();
      assert.deepEqual((row.issues ?? []).sort(), expected, file);
      assert.equal(
        row.fact_issues,
        expected.length,
        `${file}: report_facts.issue_count follows carry-over changes`,
      );
      carryOver += truth.expectedLoadIssues.length;
      const printed = truth.applications?.totalProcessed?.[6];
      if (printed != null) assert.equal(Number(row.total_processed), printed, `${file} totalProcessed`);
    }
    assert.ok(carryOver > 0, 'the corpus exercises identity 5');
  });
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h;
}

/**
 * ReportFilter.excludeFlagged (issue 14: the dashboard's switch to leave flagged reports out of
 * the charts): the reports and every analysis leave out exactly the reports with a table flagged,
 * told here from each report's partialTables and flag issues, not from report_facts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { synthesize } from '../../src/synth/corpus';
import { useFixture } from '../support/fixture';

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-exclude-flagged-'));
after(() => fs.rmSync(out, { recursive: true, force: true }));

const fixture = useFixture({
  seeds: true,
  server: 'gateway',
  async load(db) {
    synthesize({
      agencies: 10,
      firstYear: 2021,
      lastYear: 2023,
      seed: 'exclude-flagged',
      out,
      faultRate: 0.5,
    });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    await ingestFiles(db.ds, [...manifest.keys()], { manifest, concurrency: 2 });
  },
});

const FLAG_CODES = new Set(['CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN', 'AMBIGUOUS_CELLS']);

interface Listed {
  id: string;
  year: number;
  partialTables: string[];
  issues: { code: string }[];
  applications: { totalProcessed: { total: number | null } | null } | null;
}

async function allReports(filter: Record<string, unknown>): Promise<Listed[]> {
  const listed: Listed[] = [];
  let after: string | null = null;
  type Page = { reports: { nodes: Listed[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
  for (;;) {
    // Typed apart: `after` is read back from the answer, which TypeScript cannot infer through the loop.
    const res: { data?: Page; errors?: unknown } = await fixture.server.gql<Page>(
      `query ($filter: ReportFilter, $after: String) {
         reports(filter: $filter, first: 100, after: $after) {
           nodes { id year partialTables issues { code } applications { totalProcessed { total } } }
           pageInfo { hasNextPage endCursor }
         }
       }`,
      { filter, after },
    );
    assert.equal(res.errors, undefined);
    listed.push(...res.data!.reports.nodes);
    if (!res.data!.reports.pageInfo.hasNextPage) return listed;
    after = res.data!.reports.pageInfo.endCursor;
  }
}

const flagged = (r: Listed) => r.partialTables.length > 0 || r.issues.some((i) => FLAG_CODES.has(i.code));

test('excludeFlagged leaves out exactly the reports with a flagged table, in reports and the analytics', async () => {
  const every = await allReports({});
  const kept = every.filter((r) => !flagged(r));
  assert.ok(
    kept.length > 0 && kept.length < every.length,
    `some but not all flagged (${kept.length}/${every.length})`,
  );

  const clean = await allReports({ excludeFlagged: true });
  assert.deepEqual(clean.map((r) => r.id).sort(), kept.map((r) => r.id).sort());
  assert.equal((await allReports({ excludeFlagged: false })).length, every.length);

  const res = await fixture.server.gql<{
    refusedBreakdown: { year: number; reports: number; totalProcessed: number | null }[];
    qualitySummary: { year: number; reports: number; reportsWithFlaggedTables: number }[];
  }>(
    `{ refusedBreakdown(filter: { excludeFlagged: true }) { year reports totalProcessed }
       qualitySummary(filter: { excludeFlagged: true }) { year reports reportsWithFlaggedTables } }`,
  );
  assert.equal(res.errors, undefined);
  const years = [...new Set(kept.map((r) => r.year))].sort();
  assert.deepEqual(
    res.data!.refusedBreakdown.map((r) => [r.year, r.reports]),
    years.map((y) => [y, kept.filter((r) => r.year === y).length]),
  );
  for (const row of res.data!.refusedBreakdown) {
    const sum = kept
      .filter((r) => r.year === row.year)
      .reduce((s, r) => s + (r.applications?.totalProcessed?.total ?? 0), 0);
    assert.equal(row.totalProcessed ?? 0, sum, `总计 of ${row.year}`);
  }
  assert.ok(res.data!.qualitySummary.every((q) => q.reportsWithFlaggedTables === 0));
});

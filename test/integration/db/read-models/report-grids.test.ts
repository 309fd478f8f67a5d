/** report_grids (src/db/read-models/report-grids.ts): every cell of every table, by row and column. */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { saveReport } from '../../../../src/db/writes/save';
import { allGoldenReports } from '../../../support/golden';
import { useFixture } from '../../../support/fixture';

const fx = useFixture();

beforeEach(async () => {
  await fx.db.ds.query('TRUNCATE agencies, reports, sections, report_rows, validation_issues CASCADE');
});

const seeds = allGoldenReports();
test('the typed views’ read model (report_grids) holds every cell of every table, by row and column', async () => {
  for (const { report } of seeds) await saveReport(fx.db.ds, report);
  const stored: {
    source_file: string;
    table_code: string;
    grid: Record<string, Record<string, number | null>>;
  }[] = await fx.db.ds.query(
    'SELECT r.source_file, g.table_code, g.grid FROM report_grids g JOIN reports r ON r.id = g.report_id',
  );
  const expected = seeds.flatMap(({ report }) =>
    report.tables.map((t) => ({
      source_file: report.sourceFile,
      table_code: t.table,
      grid: Object.fromEntries(
        t.rows.map((row) => [row.code, Object.fromEntries(row.cells.map((c) => [c.column, c.value]))]),
      ),
    })),
  );
  const key = (x: { source_file?: string; table_code: string }) => `${x.source_file}|${x.table_code}`;
  assert.deepEqual(
    [...stored].sort((a, b) => key(a).localeCompare(key(b))),
    expected.sort((a, b) => key(a).localeCompare(key(b))),
  );
});

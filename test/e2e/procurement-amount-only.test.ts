/**
 * The 2019 form's 政府集中采购 printed with its amount alone (docs/parsing.md), from text to the
 * graph: stored as the row's one cell (column amount), served with `projects: null` and the amount,
 * beside the same report printed with both cells.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { saveReport } from '../../src/db/writes/save';
import { parseReport } from '../../src/parser';
import { useFixture } from '../support/fixture';

const SEED = fs.readFileSync(
  path.join(__dirname, '..', 'fixtures', 'corpus', 'seeds', '002_3d44559d993b5fb4.txt'),
  'utf8',
);
const TWO_CELLS = '信息内容 | 采购项目数量 | 采购总金额 | |\n政府集中采购 | 71 | 7700万 |';
const ONE_CELL = '信息内容 | 采购总金额 | | |\n政府集中采购 | 7700万 | | |';

const ids: Record<'one' | 'two', number> = { one: 0, two: 0 };
const fx = useFixture({
  load: async (db) => {
    assert.ok(SEED.includes(TWO_CELLS));
    ids.two = (await saveReport(db.ds, parseReport(SEED, { fileName: 'two.txt' }))).reportId;
    // another body's report, so the two are not one report twice
    const one = SEED.replace(TWO_CELLS, ONE_CELL).replaceAll('常德经济技术开发区', '常德高新技术产业开发区');
    ids.one = (await saveReport(db.ds, parseReport(one, { fileName: 'one.txt' }))).reportId;
  },
  server: 'reports',
});

const QUERY = `query ($id: ID!) { report(id: $id) { formVersion activeDisclosure { procurement { projects amount } } } }`;

test('政府集中采购 as one cell is stored and served as its amount, projects null', async () => {
  const res = await fx.server.gql<{
    report: { formVersion: string; activeDisclosure: { procurement: unknown } };
  }>(QUERY, { id: String(ids.one) });
  assert.equal(res.data?.report.formVersion, 'V2019');
  assert.deepEqual(res.data?.report.activeDisclosure.procurement, { projects: null, amount: 7700 });
  const cells: Array<{ column: string; value: string }> = await fx.db.ds.query(
    `SELECT c.column_code::text AS column, c.value::text AS value
       FROM report_rows r, unnest(r.cells) c
      WHERE r.report_id = $1 AND r.row_code = 'procurement'`,
    [ids.one],
  );
  assert.deepEqual(cells, [{ column: 'amount', value: '7700' }]);
});

test('the same report with both cells serves both', async () => {
  const res = await fx.server.gql<{ report: { activeDisclosure: { procurement: unknown } } }>(QUERY, {
    id: String(ids.two),
  });
  assert.deepEqual(res.data?.report.activeDisclosure.procurement, { projects: 71, amount: 7700 });
});

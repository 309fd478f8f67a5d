/** The one rule for a total of parts (src/db/read-models/totals.ts), in TypeScript and SQL, through the views, the facts and the rates. */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { reportRates } from '../../../../src/analytics/rates';
import { refusedBreakdown } from '../../../../src/analytics/refused-breakdown';
import { GroupBy } from '../../../../src/analytics/groups';
import { readGrids } from '../../../../src/db/read-models/report-grids';
import { totalOfParts, totalOfPartsSql } from '../../../../src/db/read-models/totals';
import { APPLICATION_COLUMNS, RowCode, TableCode } from '../../../../src/domain/codes';
import { type NormalizedReport } from '../../../../src/domain/report';
import { saveReport } from '../../../../src/db/writes/save';
import { ApplicationsView } from '../../../../src/schema/types/views';
import { allGoldenReports } from '../../../support/golden';
import { useFixture } from '../../../support/fixture';

const fx = useFixture();

beforeEach(async () => {
  await fx.db.ds.query('TRUNCATE agencies, reports, sections, report_rows, validation_issues CASCADE');
});

const seeds = allGoldenReports();

test('a total of parts: the known parts summed, null only when none is known — alike in TypeScript and SQL', async () => {
  const cases: [(number | null)[], number | null][] = [
    [[1, 2, 3], 6],
    [[1, null, 3], 4],
    [[0, null], 0],
    [[null, null, null], null],
    [[null], null],
    [[2.5, 0.25], 2.75],
  ];
  for (const [parts, expected] of cases) {
    assert.equal(totalOfParts(parts), expected, `TypeScript ${JSON.stringify(parts)}`);
    const literals = parts.map((p) => (p == null ? 'NULL::double precision' : `${p}::double precision`));
    const [row] = (await fx.db.ds.query(
      `SELECT ${totalOfPartsSql(literals)} AS across, (SELECT sum(v) FROM (VALUES ${literals
        .map((l) => `(${l})`)
        .join(', ')}) x(v)) AS over_rows`,
    )) as { across: number | null; over_rows: number | null }[];
    assert.equal(row!.across, expected, `SQL across columns ${JSON.stringify(parts)}`);
    assert.equal(row!.over_rows, expected, `SQL sum() over rows ${JSON.stringify(parts)}`);
  }
});

/** The seed report with some refusal rows changed: left out (flagged), or their totals unreadable. */
function withRefusals(
  report: NormalizedReport,
  change: (code: RowCode) => 'drop' | 'unreadable' | 'keep',
): NormalizedReport {
  return {
    ...report,
    tables: report.tables.map((t) =>
      t.table !== TableCode.APPLICATIONS
        ? t
        : {
            ...t,
            partial: true,
            rows: t.rows
              .filter((r) => change(r.code) !== 'drop')
              .map((r) =>
                change(r.code) === 'unreadable'
                  ? { ...r, cells: r.cells.map((c) => ({ ...c, value: null, raw: '?' })) }
                  : r,
              ),
          },
    ),
  };
}

test('a group total with a part left out is the total of the parts read, in the views, the facts and the rates', async () => {
  const { golden, report } = seeds.find(
    (s) => (s.golden.applications['refused.thirdPartyRights']?.[6] ?? 0) > 0,
  )!;
  const dropped = RowCode.REFUSED_THIRD_PARTY_RIGHTS;
  const { reportId } = await saveReport(
    fx.db.ds,
    withRefusals(report, (c) => (c === dropped ? 'drop' : 'keep')),
  );
  const refusedRows = Object.keys(golden.applications).filter(
    (k) => k.startsWith('refused.') && k !== dropped,
  );
  const expected = (column: number) => refusedRows.reduce((s, k) => s + golden.applications[k]![column]!, 0);

  const [grid] = await readGrids(fx.db.ds, [{ reportId, table: TableCode.APPLICATIONS }]);
  const view = ApplicationsView.fromGrid(grid!);
  assert.equal(view.refused.thirdPartyRights, null, 'the row left out');
  // The view's fields are named as the applicant columns.
  APPLICATION_COLUMNS.forEach((column, i) => {
    assert.equal(
      view.refused.total?.[column],
      expected(i),
      `refused.total.${column}: the seven reasons read`,
    );
  });

  const [rates] = await reportRates(fx.db.ds, [reportId]);
  const processed = golden.applications.totalProcessed![6]!;
  assert.equal(rates!.refusalRate, expected(6) / processed);
  const [breakdown] = await refusedBreakdown(
    fx.db.ds,
    { agencyIds: [await agencyOf(reportId)] },
    GroupBy.NONE,
  );
  assert.equal(breakdown!.refused, expected(6), 'the breakdown’s Σ is the same total');
});

test('a group total with no part read is null, not 0: in the views and in the rates', async () => {
  const { report } = seeds.find((s) => (s.golden.applications.totalProcessed?.[6] ?? 0) > 0)!;
  const { reportId } = await saveReport(
    fx.db.ds,
    withRefusals(report, (c) => (c.startsWith('refused.') ? 'unreadable' : 'keep')),
  );
  const [grid] = await readGrids(fx.db.ds, [{ reportId, table: TableCode.APPLICATIONS }]);
  assert.equal(ApplicationsView.fromGrid(grid!).refused.total?.total, null);
  const [rates] = await reportRates(fx.db.ds, [reportId]);
  assert.equal(rates!.refusalRate, null, 'unknown, where it was counted as 0');
  assert.notEqual(rates!.grantRate, null, 'the other rates are still known');
});

async function agencyOf(reportId: number): Promise<number> {
  const [row] = (await fx.db.ds.query('SELECT agency_id FROM reports WHERE id = $1', [reportId])) as {
    agency_id: number;
  }[];
  return row!.agency_id;
}

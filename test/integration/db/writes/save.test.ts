import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ColumnCode, RowCode, TableCode } from '../../../../src/domain/codes';
import { type NormalizedReport } from '../../../../src/domain/report';
import { saveReport } from '../../../../src/db/writes/save';
import { allGoldenReports } from '../../../support/golden';
import { useFixture } from '../../../support/fixture';

const fx = useFixture();

beforeEach(async () => {
  await fx.db.ds.query('TRUNCATE agencies, reports, sections, report_rows, validation_issues CASCADE');
});

const seeds = allGoldenReports();

/** Everything stored, as comparable text: the database "as it was". */
async function snapshot(): Promise<string> {
  const parts: unknown[] = [];
  for (const t of ['agencies', 'reports', 'sections', 'report_rows', 'validation_issues']) {
    parts.push(await fx.db.ds.query(`SELECT * FROM ${t} ORDER BY 1, 2, 3`));
  }
  return JSON.stringify(parts);
}

async function count(table: string): Promise<number> {
  // Cells are stored inside their rows.
  const from = table === 'cells' ? 'report_rows, unnest(report_rows.cells)' : table;
  const rows: { n: string }[] = await fx.db.ds.query(`SELECT count(*) AS n FROM ${from}`);
  return Number(rows[0]?.n);
}

test('saves every seed report with all its sections, rows, cells and issues', async () => {
  for (const { report } of seeds) {
    const res = await saveReport(fx.db.ds, report);
    assert.equal(res.status, 'loaded');
  }
  assert.equal(await count('reports'), seeds.length);
  assert.equal(await count('sections'), seeds.length * 6);
  const expectedCells = seeds.reduce(
    (n, { report }) =>
      n + report.tables.reduce((m, t) => m + t.rows.reduce((k, r) => k + r.cells.length, 0), 0),
    0,
  );
  assert.equal(await count('cells'), expectedCells);
  assert.equal(
    await count('validation_issues'),
    seeds.reduce((n, s) => n + s.report.issues.length, 0),
  );

  // Values survive as numeric: 46.6847 万元 of seed 001.
  const fees: { value: string }[] = await fx.db.ds.query(
    `SELECT c.value FROM report_rows rr JOIN reports r ON r.id = rr.report_id, unnest(rr.cells) c
     WHERE r.source_file LIKE '001_%' AND rr.row_code = 'fees' AND c.column_code = 'amount'`,
  );
  assert.equal(fees[0]?.value, '46.6847');
});

test('resolves the region to a GB/T 2260 code and derives province and city codes', async () => {
  const yueyang = seeds.find((s) => s.golden.agency.county === '岳阳楼区');
  assert.ok(yueyang);
  await saveReport(fx.db.ds, yueyang.report);
  const rows: Record<string, string>[] = await fx.db.ds.query(
    'SELECT division_code, province_code, city_code, level, kind FROM agencies',
  );
  assert.deepEqual(rows[0], {
    division_code: '430602',
    province_code: '430000',
    city_code: '430600',
    level: 'county',
    kind: 'government',
  });
});

test('saving the same source again is a no-op; a changed source replaces the report in place', async () => {
  const { report } = seeds[0]!;
  const first = await saveReport(fx.db.ds, report);
  const before = await snapshot();

  const again = await saveReport(fx.db.ds, report);
  assert.equal(again.status, 'unchanged');
  assert.equal(again.reportId, first.reportId);
  assert.equal(await snapshot(), before);

  const changed: NormalizedReport = {
    ...report,
    sourceText: `${report.sourceText}\n(更正版)`,
    tables: report.tables.filter((t) => t.table !== TableCode.REVIEW_LITIGATION),
    issues: [],
  };
  const replaced = await saveReport(fx.db.ds, changed);
  assert.equal(replaced.status, 'replaced');
  assert.equal(replaced.reportId, first.reportId, 'the report keeps its id');
  assert.equal(await count('reports'), 1);
  assert.equal(await count('validation_issues'), 0);
  const reviewCells = await fx.db.ds.query(`SELECT 1 FROM report_rows WHERE table_code = 'reviewLitigation'`);
  assert.equal(reviewCells.length, 0, 'old rows and cells are gone');
  const grids: { table_code: string }[] = await fx.db.ds.query(
    'SELECT table_code FROM report_grids ORDER BY 1',
  );
  assert.deepEqual(
    grids.map((g) => g.table_code),
    ['activeDisclosure', 'applications'],
    'the typed views’ read model follows the replacement',
  );
});

test('a failure midway leaves the database exactly as it was', async () => {
  await saveReport(fx.db.ds, seeds[0]!.report);
  const before = await snapshot();

  // A report whose last table carries a cell Postgres rejects: everything before it
  // (agency, report, sections, rows) was already written inside the transaction.
  const { report } = seeds[1]!;
  const broken: NormalizedReport = {
    ...report,
    tables: report.tables.map((t) =>
      t.table === TableCode.APPLICATIONS
        ? {
            ...t,
            rows: t.rows.map((r) =>
              r.code === RowCode.CARRIED_FORWARD
                ? {
                    ...r,
                    cells: [
                      ...r.cells,
                      {
                        column: 'bogus' as ColumnCode,
                        value: 1,
                        raw: '1',
                        blank: false,
                        notApplicable: false,
                      },
                    ],
                  }
                : r,
            ),
          }
        : t,
    ),
  };
  await assert.rejects(saveReport(fx.db.ds, broken), /column_code|invalid input value for enum/);
  assert.equal(await snapshot(), before);

  // The same holds for a failed replacement of an existing report.
  const brokenReplacement: NormalizedReport = {
    ...broken,
    ...seeds[0]!.report,
    tables: broken.tables,
    sourceText: 'changed',
  };
  await assert.rejects(saveReport(fx.db.ds, brokenReplacement));
  assert.equal(await snapshot(), before);
});

test('concurrent saves of the same report store it once', async () => {
  const { report } = seeds[2]!;
  const results = await Promise.all([
    saveReport(fx.db.ds, report),
    saveReport(fx.db.ds, report),
    saveReport(fx.db.ds, report),
  ]);
  assert.deepEqual(results.map((r) => r.status).sort(), ['loaded', 'unchanged', 'unchanged']);
  assert.equal(await count('reports'), 1);
});

test('identity 5: carry-over breaks between consecutive years are recorded, either order of loading', async () => {
  const base = seeds[0]!.report; // all-zero carriedForward
  const applications = (carriedOver: number[]) =>
    base.tables.map((t) =>
      t.table !== TableCode.APPLICATIONS
        ? t
        : {
            ...t,
            rows: t.rows.map((r) =>
              r.code === RowCode.CARRIED_OVER
                ? { ...r, cells: r.cells.map((c, i) => ({ ...c, value: carriedOver[i] ?? 0 })) }
                : r,
            ),
          },
    );
  const next: NormalizedReport = {
    ...base,
    year: base.year + 1,
    sourceText: `${base.sourceText} next`,
    issues: [],
    tables: applications([2, 0, 0, 0, 0, 0, 2]),
  };
  const issuesOf = async (year: number) =>
    (
      (await fx.db.ds.query(
        `SELECT v.code, v.location FROM validation_issues v JOIN reports r ON r.id = v.report_id
         WHERE r.year = $1 AND v.code = 'CARRY_OVER_MISMATCH' ORDER BY v.location`,
        [year],
      )) as { code: string; location: string }[]
    ).map((i) => i.location);

  // The later year first: nothing to compare with yet.
  await saveReport(fx.db.ds, next);
  assert.deepEqual(await issuesOf(next.year), []);
  // Its predecessor arrives: the later report gets the issues.
  await saveReport(fx.db.ds, base);
  assert.deepEqual(await issuesOf(next.year), ['naturalPerson', 'total']);
  assert.deepEqual(await issuesOf(base.year), []);
  // A corrected later report clears them.
  await saveReport(fx.db.ds, {
    ...next,
    sourceText: `${next.sourceText} fixed`,
    tables: applications([0, 0, 0, 0, 0, 0, 0]),
  });
  assert.deepEqual(await issuesOf(next.year), []);
});

test('a report without an agency name is refused with a message saying what to do', async () => {
  const { report } = seeds[0]!;
  await assert.rejects(
    saveReport(fx.db.ds, { ...report, agency: { ...report.agency, name: ' ' } }),
    /no agency name.*manifest/,
  );
  assert.equal(await count('agencies'), 0);
});

test('identity 5 holds when adjacent years of one agency are saved at the same time', async () => {
  const base = seeds[0]!.report;
  const withCarriedOver = (r: NormalizedReport, v: number): NormalizedReport => ({
    ...r,
    tables: r.tables.map((t) =>
      t.table !== TableCode.APPLICATIONS
        ? t
        : {
            ...t,
            rows: t.rows.map((row) =>
              row.code === RowCode.CARRIED_OVER
                ? { ...row, cells: row.cells.map((c) => ({ ...c, value: v })) }
                : row,
            ),
          },
    ),
  });
  for (let i = 0; i < 8; i++) {
    const agency = { ...base.agency, name: `并发测试机关${i}` };
    const earlier = { ...base, agency, issues: [], sourceText: `${base.sourceText} ${i}a` };
    const later = withCarriedOver(
      { ...earlier, year: base.year + 1, sourceText: `${base.sourceText} ${i}b` },
      9,
    );
    // The agency exists already (a year far off), so nothing else makes the two saves wait.
    await saveReport(fx.db.ds, { ...earlier, year: base.year - 5, sourceText: `${base.sourceText} ${i}z` });
    await Promise.all([saveReport(fx.db.ds, earlier), saveReport(fx.db.ds, later)]);
  }
  const rows: { n: string }[] = await fx.db.ds.query(
    `SELECT count(DISTINCT r.id) AS n FROM reports r JOIN validation_issues v ON v.report_id = r.id
     WHERE v.code = 'CARRY_OVER_MISMATCH' AND r.year = $1`,
    [base.year + 1],
  );
  assert.equal(Number(rows[0]!.n), 8, 'every later report sees its predecessor');
});

import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { ColumnCode, RowCode, TableCode } from '../../../../src/domain/codes';
import { type NormalizedReport } from '../../../../src/domain/report';
import { saveReport, saveReports } from '../../../../src/db/writes/save';
import { allGoldenReports } from '../../../support/golden';
import {
  AMBIGUOUS_ROW,
  CANDIDATES,
  EXTRA_LABEL,
  rowLevelReport,
  SOURCE_BYTES,
} from '../../../support/row-level';
import { CountingLogger, startTestServer } from '../../../support/server';
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

// --- row-level readings (partial tables, extra rows, candidates, boxes, source kind and bytes)

const report = rowLevelReport();

test('partial tables, extra rows, candidates, boxes, the source kind and bytes are stored as read', async () => {
  const { reportId } = await saveReport(fx.db.ds, report);

  const [stored] = (await fx.db.ds.query(
    'SELECT source_kind, source_bytes, partial_tables::text[] AS partial FROM reports WHERE id = $1',
    [reportId],
  )) as { source_kind: string; source_bytes: Buffer; partial: string[] }[];
  assert.equal(stored!.source_kind, 'pdf');
  assert.deepEqual(new Uint8Array(stored!.source_bytes), SOURCE_BYTES);
  assert.deepEqual(stored!.partial, [TableCode.APPLICATIONS]);

  const [ambiguous] = (await fx.db.ds.query(
    `SELECT candidates, source_line FROM validation_issues WHERE report_id = $1 AND code = 'AMBIGUOUS_CELLS'`,
    [reportId],
  )) as { candidates: number[][]; source_line: number }[];
  assert.deepEqual(ambiguous, { candidates: CANDIDATES, source_line: 30 });
  const others: { n: string }[] = await fx.db.ds.query(
    `SELECT count(*) AS n FROM validation_issues WHERE report_id = $1 AND candidates IS NOT NULL`,
    [reportId],
  );
  assert.equal(Number(others[0]!.n), 1, 'only the ambiguous row has candidates');

  // Every cell's and row's box, in order, as given.
  const cells: { table_code: string; row_code: string; row_box: unknown; boxes: unknown[] }[] =
    await fx.db.ds.query(
      `SELECT rr.table_code, rr.row_code, to_jsonb(rr.box) AS row_box,
            (SELECT jsonb_agg(to_jsonb(c.box) ORDER BY n) FROM unnest(rr.cells) WITH ORDINALITY AS c(cc, v, r, b, na, l, col, box, n)) AS boxes
     FROM report_rows rr WHERE rr.report_id = $1 ORDER BY rr.table_code, rr.position`,
      [reportId],
    );
  const expected = [...report.tables]
    .sort((a, b) => a.table.localeCompare(b.table))
    .flatMap((t) =>
      t.rows.map((r) => ({
        table_code: t.table,
        row_code: r.code,
        row_box: r.box,
        boxes: r.cells.map((c) => c.box),
      })),
    );
  // Postgres sorts the table_code enum by declaration order, which here is alphabetical too.
  assert.deepEqual(cells, expected);
  assert.ok(!cells.some((c) => c.row_code === AMBIGUOUS_ROW), 'the flagged row is not stored as a row');

  const extra: {
    table_code: string;
    position: number;
    label: string;
    source_line: number | null;
    box: unknown;
    cells: unknown;
  }[] = await fx.db.ds.query(
    `SELECT e.table_code, e.position, e.label, e.source_line, to_jsonb(e.box) AS box,
              (SELECT jsonb_agg(jsonb_build_array(c.column_code, c.value, c.raw_text, c.blank, to_jsonb(c.box)))
               FROM unnest(e.cells) c) AS cells
       FROM report_extra_rows e WHERE e.report_id = $1 ORDER BY e.position`,
    [reportId],
  );
  const extraRows = report.tables.find((t) => t.table === TableCode.ACTIVE_DISCLOSURE)!.extraRows!;
  assert.deepEqual(
    extra,
    extraRows.map((row, position) => ({
      table_code: TableCode.ACTIVE_DISCLOSURE,
      position,
      label: row.label,
      source_line: row.position?.line ?? null,
      box: row.box ?? null,
      cells: row.cells.map((c) => [c.column ?? null, c.value, c.raw, c.blank, c.box ?? null]),
    })),
  );
  assert.equal(extra[0]!.label, EXTRA_LABEL);
});

test('flagged_tables counts a partial table once, with the tables flagged whole', async () => {
  const seed = allGoldenReports()[0]!;
  const { reportId } = await saveReport(fx.db.ds, report);
  const { reportId: plainId } = await saveReport(fx.db.ds, { ...seed.report, year: seed.report.year - 1 });
  const facts = async (id: number) =>
    (
      (await fx.db.ds.query('SELECT flagged_tables, issue_count FROM report_facts WHERE report_id = $1', [
        id,
      ])) as {
        flagged_tables: number;
        issue_count: number;
      }[]
    )[0]!;
  const wholeTables = seed.golden.reviewLitigation ? 0 : 1;
  assert.equal((await facts(plainId)).flagged_tables, wholeTables);
  // A second ambiguous row of the same table: the table still counts once.
  await saveReport(fx.db.ds, {
    ...report,
    sourceText: `${report.sourceText} again`,
    issues: [...report.issues, { ...report.issues.find((i) => i.candidates)!, where: 'partiallyGranted' }],
  });
  const f = await facts(reportId);
  assert.equal(f.flagged_tables, wholeTables + 1);
  assert.equal(f.issue_count, report.issues.length + 1);
});

test('replacing a report replaces its extra rows, bytes and partial tables; a text source keeps no bytes', async () => {
  const { reportId } = await saveReport(fx.db.ds, report);
  const asText: NormalizedReport = {
    ...report,
    sourceKind: 'text',
    sourceBytes: undefined,
    sourceText: `${report.sourceText} as text`,
    tables: report.tables.map((t) => ({ ...t, partial: false, extraRows: [] })),
  };
  const replaced = await saveReport(fx.db.ds, asText);
  assert.equal(replaced.status, 'replaced');
  assert.equal(replaced.reportId, reportId);
  const [row] = (await fx.db.ds.query(
    'SELECT source_kind, source_bytes, partial_tables::text[] AS partial FROM reports WHERE id = $1',
    [reportId],
  )) as { source_kind: string; source_bytes: Buffer | null; partial: string[] }[];
  assert.deepEqual(row, { source_kind: 'text', source_bytes: null, partial: [] });
  assert.deepEqual(await fx.db.ds.query('SELECT * FROM report_extra_rows'), []);
});

test('the same source read by a newer parser replaces the report; by the same or an older one it does not', async () => {
  const older = { ...report, parserVersion: '1.9.0' };
  const first = await saveReport(fx.db.ds, older);
  assert.equal((await saveReport(fx.db.ds, older)).status, 'unchanged');
  const newer = await saveReport(fx.db.ds, { ...report, parserVersion: '1.10.0' });
  assert.equal(newer.status, 'replaced');
  assert.equal(newer.reportId, first.reportId);
  assert.equal((await saveReport(fx.db.ds, older)).status, 'unchanged', '1.9.0 does not overwrite 1.10.0');
  const [v] = (await fx.db.ds.query('SELECT parser_version FROM reports')) as { parser_version: string }[];
  assert.equal(v!.parser_version, '1.10.0');
});

test('a batch of row-level reports is written in as many statements as one report', async () => {
  const logger = new CountingLogger();
  const counted = await fx.db.open(logger);
  const batch = (n: number, tag: string): NormalizedReport[] =>
    Array.from({ length: n }, (_, i) => ({
      ...report,
      agency: { ...report.agency, name: `批量测试机关${tag}${i}` },
      sourceText: `${report.sourceText} ${tag}${i}`,
    }));
  const counts: number[] = [];
  for (const [n, tag] of [
    [1, 'a'],
    [20, 'b'],
  ] as const) {
    logger.reset();
    await saveReports(counted, batch(n, tag));
    counts.push(logger.queries.length);
  }
  assert.equal(counts[0], counts[1], `statements for 1 vs 20 reports: ${counts.join(' vs ')}`);
  const stored: { n: string }[] = await fx.db.ds.query(
    `SELECT count(*) AS n FROM reports WHERE source_bytes IS NOT NULL AND source_kind = 'pdf'`,
  );
  assert.equal(Number(stored[0]!.n), 21);
  const extra: { n: string }[] = await fx.db.ds.query('SELECT count(*) AS n FROM report_extra_rows');
  assert.equal(Number(extra[0]!.n), 21 * 2);
});

const BOX = 'box { page x y width height }';
const ROW_LEVEL_QUERY = `query ($id: ID!) { report(id: $id) {
  sourceKind parserVersion partialTables
  sections { number partial
    rows { code ${BOX} cells { column value page ${BOX} } }
    extraRows { table position label sourceLine ${BOX}
                cells { column value rawText blank notApplicable page ${BOX} } } }
  issues { code where sourceLine candidates }
  applications { granted { total } newReceived { total } }
} }`;

interface RowLevelAnswer {
  report: {
    sourceKind: string;
    parserVersion: string;
    partialTables: string[];
    sections: {
      number: number;
      partial: boolean;
      rows: {
        code: string;
        box: unknown;
        cells: { column: string; value: number; page: number | null; box: unknown }[];
      }[];
      extraRows: {
        table: string;
        position: number;
        label: string;
        sourceLine: number | null;
        box: unknown;
        cells: {
          column: string | null;
          value: number | null;
          rawText: string;
          blank: boolean;
          notApplicable: boolean;
          page: number | null;
          box: unknown;
        }[];
      }[];
    }[];
    issues: { code: string; where: string; sourceLine: number | null; candidates: number[][] | null }[];
    applications: { granted: unknown; newReceived: { total: number } };
  };
}

test('GraphQL serves partial tables, extra rows, candidates, boxes and the source kind as stored', async () => {
  const { reportId } = await saveReport(fx.db.ds, report);
  const server = await startTestServer(fx.db.ds);
  try {
    const res = await server.gql<RowLevelAnswer>(ROW_LEVEL_QUERY, { id: String(reportId) });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const r = res.data!.report;
    assert.equal(r.sourceKind, 'PDF');
    assert.equal(r.parserVersion, report.parserVersion);
    assert.deepEqual(r.partialTables, ['APPLICATIONS']);
    assert.deepEqual(
      r.sections.map((s) => [s.number, s.partial]),
      [1, 2, 3, 4, 5, 6].map((n) => [n, n === 3]),
    );

    const bySection = new Map(r.sections.map((s) => [s.number, s]));
    for (const table of report.tables) {
      const section = bySection.get(
        { activeDisclosure: 2, applications: 3, reviewLitigation: 4 }[table.table],
      )!;
      assert.deepEqual(
        section.rows.map((row) => ({
          box: row.box,
          cells: row.cells.map((c) => ({ value: c.value, page: c.page, box: c.box })),
        })),
        table.rows.map((row) => ({
          box: row.box,
          cells: row.cells.map((c) => ({ value: c.value, page: c.box!.page, box: c.box })),
        })),
        table.table,
      );
      assert.deepEqual(
        section.extraRows,
        (table.extraRows ?? []).map((row, position) => ({
          table: {
            activeDisclosure: 'ACTIVE_DISCLOSURE',
            applications: 'APPLICATIONS',
            reviewLitigation: 'REVIEW_LITIGATION',
          }[table.table],
          position,
          label: row.label,
          sourceLine: row.position?.line ?? null,
          box: row.box ?? null,
          cells: row.cells.map((c) => ({
            column: c.column ? c.column.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase() : null,
            value: c.value,
            rawText: c.raw,
            blank: c.blank,
            notApplicable: c.notApplicable,
            page: c.box?.page ?? null,
            box: c.box ?? null,
          })),
        })),
        table.table,
      );
    }
    assert.equal(bySection.get(2)!.extraRows[0]!.label, EXTRA_LABEL);

    const ambiguous = r.issues.find((i) => i.code === 'AMBIGUOUS_CELLS');
    assert.deepEqual(ambiguous, {
      code: 'AMBIGUOUS_CELLS',
      where: AMBIGUOUS_ROW,
      sourceLine: 30,
      candidates: CANDIDATES,
    });
    assert.ok(r.issues.filter((i) => i.code !== 'AMBIGUOUS_CELLS').every((i) => i.candidates === null));
    assert.ok(r.issues.some((i) => i.code === 'EXTRA_ROW' && i.where === TableCode.ACTIVE_DISCLOSURE));
    // The typed view of the partial table: the flagged row is null, the others are as read.
    assert.equal(r.applications.granted, null);
    assert.equal(typeof r.applications.newReceived.total, 'number');
  } finally {
    await server.close();
  }
});

test('a text report serves no boxes and empty row-level fields', async () => {
  const seed = allGoldenReports()[1]!.report;
  const { reportId } = await saveReport(fx.db.ds, { ...seed, sourceKind: 'text' });
  const server = await startTestServer(fx.db.ds);
  try {
    const res = await server.gql<RowLevelAnswer>(ROW_LEVEL_QUERY, { id: String(reportId) });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const r = res.data!.report;
    assert.equal(r.sourceKind, 'TEXT');
    assert.deepEqual(r.partialTables, []);
    assert.ok(r.sections.every((s) => !s.partial && s.extraRows.length === 0));
    const cells = r.sections.flatMap((s) => s.rows.flatMap((row) => row.cells));
    assert.ok(cells.length > 50);
    assert.ok(cells.every((c) => c.page === null && c.box === null));
    assert.ok(r.sections.every((s) => s.rows.every((row) => row.box === null)));
  } finally {
    await server.close();
  }
});

test('the row-level fields are batched: as many statements for 5 reports as for 1', async () => {
  for (let i = 0; i < 5; i++) {
    await saveReport(fx.db.ds, {
      ...report,
      agency: { ...report.agency, name: `分页测试机关${i}` },
      sourceText: `${report.sourceText} ${i}`,
    });
  }
  const logger = new CountingLogger();
  const counted = await fx.db.open(logger);
  const server = await startTestServer(counted);
  const query = `query ($first: Int) { reports(first: $first) { nodes {
    sourceKind partialTables
    sections { partial rows { box { page } cells { page box { x } } } extraRows { label cells { column box { y } } } }
    issues { candidates }
  } } }`;
  try {
    const counts: number[] = [];
    for (const first of [1, 5]) {
      logger.reset();
      const res = await server.gql<{ reports: { nodes: { sections: { extraRows: unknown[] }[] }[] } }>(
        query,
        { first },
      );
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      assert.equal(res.data!.reports.nodes.length, first);
      assert.ok(res.data!.reports.nodes.every((n) => n.sections[1]!.extraRows.length === 2));
      counts.push(logger.queries.length);
    }
    assert.equal(
      counts[0],
      counts[1],
      `statements for 1 vs 5 reports: ${counts.join(' vs ')}\n${logger.queries.join('\n')}`,
    );
  } finally {
    await server.close();
  }
});

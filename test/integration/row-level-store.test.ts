import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { TableCode } from '../../src/domain/codes';
import { type NormalizedReport } from '../../src/domain/report';
import { saveReport, saveReports } from '../../src/ingest/load';
import { createTestDb, type TestDb } from '../support/db';
import { allGoldenReports } from '../support/golden';
import { AMBIGUOUS_ROW, CANDIDATES, EXTRA_LABEL, rowLevelReport, SOURCE_BYTES } from '../support/row-level';
import { CountingLogger } from '../support/server';

let db: TestDb;
before(async () => {
  db = await createTestDb();
});
after(async () => db.cleanup());
beforeEach(async () => {
  await db.ds.query('TRUNCATE agencies CASCADE');
});

const report = rowLevelReport();

test('partial tables, extra rows, candidates, boxes, the source kind and bytes are stored as read', async () => {
  const { reportId } = await saveReport(db.ds, report);

  const [stored] = (await db.ds.query(
    'SELECT source_kind, source_bytes, partial_tables::text[] AS partial FROM reports WHERE id = $1',
    [reportId],
  )) as { source_kind: string; source_bytes: Buffer; partial: string[] }[];
  assert.equal(stored!.source_kind, 'pdf');
  assert.deepEqual(new Uint8Array(stored!.source_bytes), SOURCE_BYTES);
  assert.deepEqual(stored!.partial, [TableCode.APPLICATIONS]);

  const [ambiguous] = (await db.ds.query(
    `SELECT candidates, source_line FROM validation_issues WHERE report_id = $1 AND code = 'AMBIGUOUS_CELLS'`,
    [reportId],
  )) as { candidates: number[][]; source_line: number }[];
  assert.deepEqual(ambiguous, { candidates: CANDIDATES, source_line: 30 });
  const others: { n: string }[] = await db.ds.query(
    `SELECT count(*) AS n FROM validation_issues WHERE report_id = $1 AND candidates IS NOT NULL`,
    [reportId],
  );
  assert.equal(Number(others[0]!.n), 1, 'only the ambiguous row has candidates');

  // Every cell's and row's box, in order, as given.
  const cells: { table_code: string; row_code: string; row_box: unknown; boxes: unknown[] }[] =
    await db.ds.query(
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
  }[] = await db.ds.query(
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
  const { reportId } = await saveReport(db.ds, report);
  const { reportId: plainId } = await saveReport(db.ds, { ...seed.report, year: seed.report.year - 1 });
  const facts = async (id: number) =>
    (
      (await db.ds.query('SELECT flagged_tables, issue_count FROM report_facts WHERE report_id = $1', [
        id,
      ])) as {
        flagged_tables: number;
        issue_count: number;
      }[]
    )[0]!;
  const wholeTables = seed.golden.reviewLitigation ? 0 : 1;
  assert.equal((await facts(plainId)).flagged_tables, wholeTables);
  // A second ambiguous row of the same table: the table still counts once.
  await saveReport(db.ds, {
    ...report,
    sourceText: `${report.sourceText} again`,
    issues: [...report.issues, { ...report.issues.find((i) => i.candidates)!, where: 'partiallyGranted' }],
  });
  const f = await facts(reportId);
  assert.equal(f.flagged_tables, wholeTables + 1);
  assert.equal(f.issue_count, report.issues.length + 1);
});

test('replacing a report replaces its extra rows, bytes and partial tables; a text source keeps no bytes', async () => {
  const { reportId } = await saveReport(db.ds, report);
  const asText: NormalizedReport = {
    ...report,
    sourceKind: 'text',
    sourceBytes: undefined,
    sourceText: `${report.sourceText} as text`,
    tables: report.tables.map((t) => ({ ...t, partial: false, extraRows: [] })),
  };
  const replaced = await saveReport(db.ds, asText);
  assert.equal(replaced.status, 'replaced');
  assert.equal(replaced.reportId, reportId);
  const [row] = (await db.ds.query(
    'SELECT source_kind, source_bytes, partial_tables::text[] AS partial FROM reports WHERE id = $1',
    [reportId],
  )) as { source_kind: string; source_bytes: Buffer | null; partial: string[] }[];
  assert.deepEqual(row, { source_kind: 'text', source_bytes: null, partial: [] });
  assert.deepEqual(await db.ds.query('SELECT * FROM report_extra_rows'), []);
});

test('the same source read by a newer parser replaces the report; by the same or an older one it does not', async () => {
  const older = { ...report, parserVersion: '1.9.0' };
  const first = await saveReport(db.ds, older);
  assert.equal((await saveReport(db.ds, older)).status, 'unchanged');
  const newer = await saveReport(db.ds, { ...report, parserVersion: '1.10.0' });
  assert.equal(newer.status, 'replaced');
  assert.equal(newer.reportId, first.reportId);
  assert.equal((await saveReport(db.ds, older)).status, 'unchanged', '1.9.0 does not overwrite 1.10.0');
  const [v] = (await db.ds.query('SELECT parser_version FROM reports')) as { parser_version: string }[];
  assert.equal(v!.parser_version, '1.10.0');
});

test('a batch of row-level reports is written in as many statements as one report', async () => {
  const logger = new CountingLogger();
  const counted = await db.open(logger);
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
  const stored: { n: string }[] = await db.ds.query(
    `SELECT count(*) AS n FROM reports WHERE source_bytes IS NOT NULL AND source_kind = 'pdf'`,
  );
  assert.equal(Number(stored[0]!.n), 21);
  const extra: { n: string }[] = await db.ds.query('SELECT count(*) AS n FROM report_extra_rows');
  assert.equal(Number(extra[0]!.n), 21 * 2);
});

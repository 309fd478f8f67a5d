/**
 * gongkai ingest --reparse: stored reports read by an older parser are read again and replaced in
 * place; the same reading is "unchanged", a report that no longer parses stays as it was.
 */
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { loadSamples } from '../../../src/ingest/ingest-file';
import { reparseStored } from '../../../src/ingest/reparse';
import { PARSER_VERSION } from '../../../src/parser/parse';
import { runGongkai } from '../../support/cli';
import { useFixture } from '../../support/fixture';

const fx = useFixture();

/** Older than any parser version this project has had. */
const OLD = '0.1.0';
let ids: Map<string, number>;

beforeEach(async () => {
  await fx.db.ds.query('TRUNCATE agencies CASCADE');
  await loadSamples(fx.db.ds);
  const rows: { id: number; source_file: string }[] = await fx.db.ds.query(
    'SELECT id, source_file FROM reports',
  );
  ids = new Map(rows.map((r) => [r.source_file.slice(0, 3), r.id]));
});

const one = async <T>(sql: string, params: unknown[]): Promise<T> =>
  ((await fx.db.ds.query(sql, params)) as T[])[0]!;

/** Everything stored of one report, as comparable text. */
async function storedReport(id: number): Promise<string> {
  const parts: unknown[] = [];
  for (const [table, key] of [
    ['reports', 'id'],
    ['sections', 'report_id'],
    ['report_rows', 'report_id'],
    ['report_grids', 'report_id'],
    ['validation_issues', 'report_id'],
    ['report_facts', 'report_id'],
  ]) {
    parts.push(await fx.db.ds.query(`SELECT * FROM ${table} WHERE ${key} = $1 ORDER BY 1, 2, 3`, [id]));
  }
  return JSON.stringify(parts);
}

const newReceivedTotal = (id: number) =>
  one<{ total: string; grid: string; fact: number }>(
    `SELECT (SELECT c.value::text FROM report_rows rr, unnest(rr.cells) c
             WHERE rr.report_id = $1 AND rr.row_code = 'newReceived' AND c.column_code = 'total') AS total,
            (SELECT g.grid -> 'newReceived' ->> 'total' FROM report_grids g
             WHERE g.report_id = $1 AND g.table_code = 'applications') AS grid,
            (SELECT f.new_received FROM report_facts f WHERE f.report_id = $1) AS fact`,
    [id],
  );

test('reports of an older parser are read again: new values and version, same id and agency; others untouched', async () => {
  const wrong = ids.get('000')!; // the manifest names its agency; the text says 经开区
  const same = ids.get('001')!;
  const broken = ids.get('002')!;
  const good = await newReceivedTotal(wrong);
  const agencyBefore = await one<{ agency_id: number; name: string }>(
    'SELECT r.agency_id, a.name FROM reports r JOIN agencies a ON a.id = r.agency_id WHERE r.id = $1',
    [wrong],
  );

  // An older parser's reading of 000: another figure in every place it is stored.
  // (总计 is the seventh cell of an applications row.)
  await fx.db.ds.query(
    `UPDATE report_rows SET cells[7] = ROW((cells[7]).column_code, 999, '999', false, false, (cells[7]).source_line,
                                           (cells[7]).source_column, (cells[7]).box)::cell
     WHERE report_id = $1 AND row_code = 'newReceived'`,
    [wrong],
  );
  await fx.db.ds.query(
    `UPDATE report_grids SET grid = jsonb_set(grid, '{newReceived,total}', '999') WHERE report_id = $1 AND table_code = 'applications'`,
    [wrong],
  );
  await fx.db.ds.query('UPDATE report_facts SET new_received = 999 WHERE report_id = $1', [wrong]);
  // 002's stored text no longer reads as a report.
  await fx.db.ds.query(`UPDATE reports SET source_text = 'not a report any more' WHERE id = $1`, [broken]);
  await fx.db.ds.query('UPDATE reports SET parser_version = $1 WHERE id = ANY($2)', [
    OLD,
    [wrong, same, broken],
  ]);
  // 001 came from an HTML page (its stored text is the page as rendered).
  await fx.db.ds.query(`UPDATE reports SET source_kind = 'html' WHERE id = $1`, [same]);
  assert.equal((await newReceivedTotal(wrong)).total, '999');
  const brokenBefore = await storedReport(broken);
  const untouched = [...ids.values()].filter((id) => ![wrong, same, broken].includes(id));
  const untouchedBefore = await Promise.all(untouched.map(storedReport));

  const summary = await reparseStored(fx.db.ds, { batchSize: 2 });
  assert.deepEqual(
    { ...summary, failures: summary.failures.map((f) => f.reportId) },
    { candidates: 3, reparsed: 1, unchanged: 1, failed: 1, failures: [broken] },
  );
  // The parser's own error, naming the stored file and where reading stopped.
  assert.match(summary.failures[0]!.error, /^002_[0-9a-f]+\.txt:\d+:\d+: /);

  assert.deepEqual(await newReceivedTotal(wrong), good, 'rows, grid and facts read again');
  const after = await one<{ agency_id: number; name: string; parser_version: string }>(
    `SELECT r.agency_id, a.name, r.parser_version FROM reports r JOIN agencies a ON a.id = r.agency_id
     WHERE r.id = $1`,
    [wrong],
  );
  assert.deepEqual(after, { ...agencyBefore, parser_version: PARSER_VERSION });
  const versions: { id: number; parser_version: string }[] = await fx.db.ds.query(
    'SELECT id, parser_version FROM reports ORDER BY id',
  );
  assert.deepEqual(
    versions.map((v) => [v.id, v.parser_version]),
    [...ids.values()].sort((a, b) => a - b).map((id) => [id, id === broken ? OLD : PARSER_VERSION]),
  );
  assert.equal(await storedReport(broken), brokenBefore, 'a report that fails is left exactly as it was');
  const kinds: { id: number; source_kind: string }[] = await fx.db.ds.query(
    'SELECT id, source_kind FROM reports WHERE id = ANY($1)',
    [[wrong, same]],
  );
  assert.deepEqual(
    new Map(kinds.map((k) => [k.id, k.source_kind])),
    new Map([
      [wrong, 'text'],
      [same, 'html'],
    ]),
    'what the source was is kept',
  );
  assert.deepEqual(await Promise.all(untouched.map(storedReport)), untouchedBefore);
  const reports: { n: string }[] = await fx.db.ds.query('SELECT count(*) AS n FROM reports');
  assert.equal(Number(reports[0]!.n), ids.size, 'replaced in place, none added');

  // Run again: only the broken one is still older, and fails again.
  const again = await reparseStored(fx.db.ds);
  assert.deepEqual([again.candidates, again.reparsed, again.unchanged, again.failed], [1, 0, 0, 1]);
});

test('versions newer than this parser’s are left alone', async () => {
  const id = ids.get('003')!;
  await fx.db.ds.query(`UPDATE reports SET parser_version = '999.0.0' WHERE id = $1`, [id]);
  const before = await storedReport(id);
  const summary = await reparseStored(fx.db.ds);
  assert.equal(summary.candidates, 0);
  assert.equal(await storedReport(id), before);
});

test('gongkai ingest --reparse prints the summary and exits 0; with files it is a usage error', async () => {
  await fx.db.ds.query('UPDATE reports SET parser_version = $1 WHERE id = $2', [OLD, ids.get('004')!]);
  const run = runGongkai(fx.db, ['ingest', '--reparse', '--batch-size', '10']);
  assert.equal(run.code, 0, run.out + run.err);
  assert.match(
    run.out,
    new RegExp(
      `1 report\\(s\\) read by a parser older than ${PARSER_VERSION.replace(/\./g, '\\.')}: 0 reparsed, 1 unchanged, 0 failed`,
    ),
  );
  const misuse = runGongkai(fx.db, ['ingest', '--reparse', 'samples/reports']);
  assert.notEqual(misuse.code, 0);
  assert.match(misuse.out + misuse.err, /--reparse reads the stored reports again/);
});

/**
 * Ingesting a folder of every kind of source: text, markdown, HTML saved under any name, PDF and
 * Word files, taken by extension or by content (src/parser/sniff.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { collectFiles, ingestFiles } from '../../../src/ingest/batch';
import { readReport } from '../../../src/ingest/ingest-file';
import { reparseStored } from '../../../src/ingest/reparse';
import { PARSER_VERSION } from '../../../src/parser/parse';
import { createTestDb, type TestDb } from '../../support/db';

const ROOT = path.join(__dirname, '..', '..', '..');
const SAMPLE = path.join(ROOT, 'samples', 'reports', '001_9a97c9075911a516.txt');
const HTML = path.join(ROOT, 'test', 'fixtures', 'html', '003-zhangzhou-utf8.html');

let db: TestDb;
let work: string;
before(async () => {
  db = await createTestDb();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-documents-'));
  fs.copyFileSync(SAMPLE, path.join(work, 'report.md'));
  // Crawlers keep a page's own name: an HTML page as .shtml or with no extension at all.
  fs.copyFileSync(HTML, path.join(work, 'content_7632'));
  // Not real documents: what the folder walk sees of one (its first bytes) and nothing more.
  fs.writeFileSync(path.join(work, 'report.pdf'), '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj <<>> endobj\n', 'latin1');
  fs.writeFileSync(path.join(work, 'download.do'), '%PDF-1.4\n%broken\n', 'latin1');
  const zipHead = Buffer.concat([
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]),
    Buffer.from('\u0000'.repeat(22) + 'word/document.xml', 'latin1'),
  ]);
  fs.writeFileSync(path.join(work, 'report.docx'), zipHead);
  fs.writeFileSync(path.join(work, 'attachment'), zipHead);
  fs.writeFileSync(path.join(work, 'notes.json'), '{"not": "a report"}');
  fs.writeFileSync(path.join(work, 'photo.jpg'), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]));
});
after(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await db.cleanup();
});

test('a folder walk takes .md, .pdf and .docx files, and PDF, Word and HTML content under any name', () => {
  const files = collectFiles([work]).map((f) => path.basename(f));
  assert.deepEqual(files.sort(), [
    'attachment',
    'content_7632',
    'download.do',
    'report.docx',
    'report.md',
    'report.pdf',
  ]);
});

test('every kind goes through the document parser: text and HTML load, a broken PDF or Word file fails alone', async () => {
  const files = collectFiles([work]);
  const summary = await ingestFiles(db.ds, files, { batchSize: 10 });
  assert.equal(summary.counts.loaded, 2);
  assert.deepEqual(summary.failures.map((f) => path.basename(f.file)).sort(), [
    'attachment',
    'download.do',
    'report.docx',
    'report.pdf',
  ]);
  const kinds: { source_file: string; source_kind: string; bytes: boolean }[] = await db.ds.query(
    'SELECT source_file, source_kind, source_bytes IS NOT NULL AS bytes FROM reports ORDER BY source_file',
  );
  assert.deepEqual(kinds, [
    { source_file: 'content_7632', source_kind: 'html', bytes: false },
    { source_file: 'report.md', source_kind: 'text', bytes: false },
  ]);
});

test('a file over the largest document accepted is refused before it is read', async () => {
  const big = path.join(work, 'huge.pdf');
  const fd = fs.openSync(big, 'w');
  try {
    // A sparse file: its size is what counts, nothing is written.
    fs.ftruncateSync(fd, 64 * 2 ** 20 + 1);
  } finally {
    fs.closeSync(fd);
  }
  try {
    await assert.rejects(readReport(big), (e: Error & { code?: string }) => {
      assert.equal(e.code, 'INPUT_TOO_LARGE');
      return true;
    });
  } finally {
    fs.rmSync(big);
  }
});

const PDF = path.join(ROOT, 'test', 'fixtures', 'pdf', 'word-2019.pdf');
const DOCX = path.join(ROOT, 'test', 'fixtures', 'docx', 'template-2021.docx');
/** 一、本年新收 总计 of each fixture (its truth, test/fixtures/*\/*.json). */
const NEW_RECEIVED = new Map([
  [PDF, 26],
  [DOCX, 75],
]);

interface StoredSource {
  id: number;
  source_file: string;
  source_kind: string;
  source_bytes: Buffer | null;
  parser_version: string;
  new_received: string;
  cells: string;
  boxed: string;
}
const storedSources = async (): Promise<StoredSource[]> =>
  db.ds.query(
    `SELECT r.id, r.source_file, r.source_kind, r.source_bytes, r.parser_version,
            (SELECT c.value::text FROM report_rows rr, unnest(rr.cells) c WHERE rr.report_id = r.id
               AND rr.row_code = 'newReceived' AND c.column_code = 'total') AS new_received,
            (SELECT count(*) FROM report_rows rr, unnest(rr.cells) c WHERE rr.report_id = r.id) AS cells,
            (SELECT count(*) FROM report_rows rr, unnest(rr.cells) c WHERE rr.report_id = r.id
               AND (c.box).page >= 1 AND (c.box).width > 0) AS boxed
     FROM reports r ORDER BY r.source_file`,
  );

test('a PDF and a Word file are stored with their kind, their original bytes and (PDF) each cell’s box', async () => {
  await db.ds.query('TRUNCATE agencies CASCADE');
  const summary = await ingestFiles(db.ds, [PDF, DOCX]);
  assert.deepEqual(summary.failures, []);
  const stored = await storedSources();
  assert.deepEqual(
    stored.map((s) => [s.source_file, s.source_kind, Number(s.new_received)]),
    [
      ['template-2021.docx', 'docx', NEW_RECEIVED.get(DOCX)],
      ['word-2019.pdf', 'pdf', NEW_RECEIVED.get(PDF)],
    ],
  );
  for (const s of stored) {
    const file = s.source_kind === 'pdf' ? PDF : DOCX;
    assert.ok(
      s.source_bytes && Buffer.compare(s.source_bytes, fs.readFileSync(file)) === 0,
      `${file} kept as it was`,
    );
    assert.ok(Number(s.cells) > 100);
    // PDF cells carry their page and box; a Word file's have none.
    assert.equal(Number(s.boxed), s.source_kind === 'pdf' ? Number(s.cells) : 0, s.source_file);
  }
});

test('--reparse reads a PDF and a Word report of an older parser again from their kept files', async () => {
  await db.ds.query('TRUNCATE agencies CASCADE');
  await ingestFiles(db.ds, [PDF, DOCX]);
  const before = await storedSources();
  // As an older parser would have stored them: version 1.0.0, another 新收 total, no boxes.
  await db.ds.query(
    `UPDATE report_rows SET cells[7] = ROW((cells[7]).column_code, 1, '1', false, false, (cells[7]).source_line,
                                           (cells[7]).source_column, NULL)::cell
     WHERE row_code = 'newReceived'`,
  );
  await db.ds.query(`UPDATE report_grids SET grid = jsonb_set(grid, '{newReceived,total}', '1')
                     WHERE table_code = 'applications'`);
  await db.ds.query(`UPDATE reports SET parser_version = '1.0.0'`);
  assert.ok((await storedSources()).every((s) => s.new_received === '1' && s.parser_version === '1.0.0'));

  const summary = await reparseStored(db.ds);
  assert.deepEqual(
    [summary.candidates, summary.reparsed, summary.unchanged, summary.failed],
    [2, 2, 0, 0],
    JSON.stringify(summary.failures),
  );
  assert.deepEqual(
    await storedSources(),
    before,
    'the same ids, values, boxes, bytes and the current version',
  );
  assert.ok(before.every((s) => s.parser_version === PARSER_VERSION));
});

/**
 * Word (.docx) files through parseDocument: the committed fixtures (filled from the real 2021
 * template, and one LibreOffice made from an HTML page) and a generated corpus of DOCX reports
 * (both forms, with faults) read to exactly their ground truth; hostile and broken archives
 * (zip bombs, overlapping parts, corrupt zips, zips and files that are not Word reports) end in
 * typed errors that say what is wrong, caught before anything is inflated.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { FormVersion } from '../../../../src/domain/codes';
import { ErrorCode } from '../../../../src/errors/codes';
import { InputTooLargeError, ParseError } from '../../../../src/errors';
import { toGoldenJson, type GoldenJson } from '../../../../src/parser';
import { parseDocument } from '../../../../src/parser/document';
import { sniffDocument } from '../../../../src/parser/sniff';
import {
  MAX_DOCX_ENTRIES,
  MAX_DOCX_RATIO,
  MAX_DOCX_XML_TAGS,
  MAX_DOCX_XML_BYTES,
  readZipDirectory,
} from '../../../../src/parser/front/docx';
import { synthesize } from '../../../../src/synth/corpus';
import { TEMPLATE_PATH } from '../../../../src/synth/render/docx';
import type { TruthJson } from '../../../../src/synth/truth';
import { scoreReport } from '../../../../src/synth/score';
import { generateReports } from '../../../support/synth';

const FIXTURES = path.join(__dirname, '..', '..', '..', 'fixtures', 'docx');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-docx-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const issueKeys = (issues: ReadonlyArray<{ code: string; where: string }>) =>
  issues.map((i) => `${i.code}@${i.where}`).sort();

/** Every table value of the truth, as `table.row.column` → number. */
function truthCells(t: Pick<TruthJson, 'activeDisclosure' | 'applications' | 'reviewLitigation'>) {
  const out = new Map<string, number>();
  for (const [row, cells] of Object.entries(t.activeDisclosure ?? {}))
    for (const [col, v] of Object.entries(cells)) out.set(`ad.${row}.${col}`, v);
  for (const [row, values] of Object.entries(t.applications ?? {}))
    values.forEach((v, i) => out.set(`app.${row}.${i}`, v));
  for (const [row, cells] of Object.entries(t.reviewLitigation ?? {}))
    for (const [col, v] of Object.entries(cells)) out.set(`rv.${row}.${col}`, v);
  return out;
}

interface Tally {
  values: number;
  right: number;
}

/** Differences between a parse and its truth (empty when they agree); counts the values right. */
function compare(json: GoldenJson, t: TruthJson, tally: Tally): string[] {
  const failures: string[] = [];
  const diff = (what: string, got: unknown, want: unknown) => {
    try {
      assert.deepStrictEqual(got, want);
    } catch {
      failures.push(`${t.file} (${t.formatVersion}): ${what}: got ${JSON.stringify(got)}`);
    }
  };
  diff('year', json.year, t.year);
  diff('form', json.formatVersion, t.formatVersion);
  diff('agency', json.agency.nameInText, t.agency.nameInText);
  diff('publishedAt', json.publishedAt, t.publishedAt);
  diff('sectionTitles', json.sectionTitles, t.sectionTitles);
  diff('printedTitles', json.printedTitles, t.printedTitles);
  diff('activeDisclosure', json.activeDisclosure, t.activeDisclosure);
  diff('applications', json.applications, t.applications);
  diff('reviewLitigation', json.reviewLitigation, t.reviewLitigation);
  diff('issues', issueKeys(json.issues), issueKeys(t.expectedIssues));
  const want = truthCells(t);
  const got = truthCells(json as unknown as TruthJson);
  for (const [k, v] of want) {
    tally.values++;
    if (got.get(k) === v) tally.right++;
  }
  return failures;
}

describe('DOCX fixtures', () => {
  const files = fs.readdirSync(FIXTURES).filter((f) => f.endsWith('.docx'));

  test('there are fixtures from the template, of both forms, and one LibreOffice wrote', () => {
    const truths = files.map(
      (f) =>
        JSON.parse(fs.readFileSync(path.join(FIXTURES, f.replace(/\.docx$/, '.json')), 'utf8')) as TruthJson,
    );
    assert.ok(files.length >= 3);
    assert.ok(truths.some((t) => t.formatVersion === FormVersion.V2019));
    assert.ok(truths.some((t) => t.formatVersion === FormVersion.V2021));
    assert.ok(files.some((f) => f.startsWith('libreoffice-')));
  });

  for (const f of files) {
    test(`${f} reads to its truth`, async () => {
      const truth = JSON.parse(
        fs.readFileSync(path.join(FIXTURES, f.replace(/\.docx$/, '.json')), 'utf8'),
      ) as TruthJson;
      const report = await parseDocument(fs.readFileSync(path.join(FIXTURES, f)), { fileName: f });
      assert.equal(report.sourceKind, 'docx');
      const tally = { values: 0, right: 0 };
      assert.deepEqual(compare(toGoldenJson(report), truth, tally), []);
      assert.ok(tally.values > 40, `${tally.values} values compared`);
    });
  }
});

describe('a generated corpus of DOCX reports parses to its ground truth', () => {
  const dir = path.join(tmp, 'corpus');
  let truths: TruthJson[] = [];

  before(() => {
    synthesize({
      agencies: 8,
      firstYear: 2019,
      lastYear: 2025,
      seed: 'docx-front',
      out: dir,
      faultRate: 0.25,
      layouts: ['docx'],
    });
    truths = fs
      .readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => {
        const file = (JSON.parse(line) as { file: string }).file;
        const truth = file.replace(/^reports\//, 'truth/').replace(/\.docx$/, '.json');
        return JSON.parse(fs.readFileSync(path.join(dir, truth), 'utf8')) as TruthJson;
      });
  });

  test('the corpus is Word files of both forms, some with faults', () => {
    assert.equal(truths.length, 56);
    assert.ok(truths.every((t) => t.layout === 'docx' && t.file.endsWith('.docx')));
    assert.ok(truths.some((t) => t.formatVersion === FormVersion.V2019));
    assert.ok(truths.some((t) => t.formatVersion === FormVersion.V2021));
    assert.ok(truths.filter((t) => t.faults.length > 0).length >= 5);
    const first = fs.readFileSync(path.join(dir, truths[0]?.file as string));
    assert.equal(first.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004');
    // some leave zero cells empty, as Word reports often do: an empty run in a table cell
    const empty = truths.filter((t) => {
      const xml = unzipSync(new Uint8Array(fs.readFileSync(path.join(dir, t.file))))['word/document.xml'];
      return Buffer.from(xml as Uint8Array).includes('<w:t xml:space="preserve"></w:t>');
    });
    assert.ok(empty.length >= 1, `${empty.length} reports with empty cells`);
  });

  test('every report: values, sections and issues as the truth says', async (t) => {
    const failures: string[] = [];
    const tally = { values: 0, right: 0 };
    for (const truth of truths) {
      const bytes = fs.readFileSync(path.join(dir, truth.file));
      const report = await parseDocument(bytes, { fileName: truth.file });
      failures.push(...compare(toGoldenJson(report), truth, tally));
    }
    t.diagnostic(
      `${tally.right} of ${tally.values} values right (${((100 * tally.right) / tally.values).toFixed(2)}%)`,
    );
    assert.deepEqual(failures.slice(0, 20), []);
    assert.equal(tally.right, tally.values);
  });
});

describe('Word files with a row fault parse to their truth (the row-level reader corpus)', () => {
  for (const fault of ['missingCell', 'extraRow'] as const) {
    test(`${fault}: every report, values and expected issues exactly`, async () => {
      const { reports } = generateReports(path.join(tmp, 'row-faults'), {
        name: 'docx-rows',
        layout: 'docx',
        fault,
        agencies: 2,
      });
      assert.equal(reports.length, 8);
      assert.ok(reports.every((r) => r.truth.faults.some((f) => f.kind === fault)));
      const mismatches: string[] = [];
      for (const r of reports) {
        const bytes = fs.readFileSync(r.file);
        const xml = Buffer.from(
          unzipSync(new Uint8Array(bytes))['word/document.xml'] as Uint8Array,
        ).toString();
        // as Word leaves a row whose cell was deleted: it ends a cell early
        if (fault === 'missingCell') assert.ok(xml.includes('<w:gridAfter w:val="1"/>'), r.truth.file);
        const score = scoreReport(
          r.truth,
          toGoldenJson(await parseDocument(bytes, { fileName: r.truth.file })),
        );
        assert.equal(score.counts.wrongUnflagged, 0, r.truth.file);
        mismatches.push(...score.mismatches.map((m) => `${r.truth.file}: ${m}`));
      }
      assert.deepEqual(mismatches, []);
      const codes = reports.flatMap((r) => r.truth.expectedIssues.map((i) => i.code));
      const expected =
        fault === 'missingCell' ? ['CELL_COUNT_MISMATCH'] : ['EXTRA_ROW', 'TABLE_LAYOUT_UNKNOWN'];
      assert.ok(
        codes.some((c) => expected.includes(c)),
        `${fault}: the truth expects ${expected.join(' or ')}`,
      );
    });
  }
});

describe('DOCX generation is deterministic', () => {
  test('the same arguments give byte-identical Word files', () => {
    const run = (name: string) => {
      const out = path.join(tmp, name);
      synthesize({
        agencies: 2,
        firstYear: 2020,
        lastYear: 2022,
        seed: 'docx-det',
        out,
        faultRate: 0,
        layouts: ['docx'],
      });
      const files = (fs.readdirSync(path.join(out, 'reports'), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.docx'))
        .sort();
      return files.map((f) => fs.readFileSync(path.join(out, 'reports', f)).toString('base64'));
    };
    const a = run('det-a');
    assert.equal(a.length, 6);
    assert.deepEqual(run('det-b'), a);
  });
});

// --- hostile and broken archives

const MIB = 1024 * 1024;

/** A minimal Word file: the parts mammoth needs and a document.xml. */
function docxOf(documentXml: string, extra: Record<string, Uint8Array> = {}): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    'word/document.xml': strToU8(documentXml),
    ...extra,
  });
}

const DOC_XML = (text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${text}</w:t></w:r></w:p></w:body></w:document>`;

/** Offsets of the central directory's entries (signature PK\1\2), in order. */
function centralEntries(zip: Buffer): number[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = zip.readUInt16LE(eocd + 10);
  const out: number[] = [];
  let pos = zip.readUInt32LE(eocd + 16);
  for (let k = 0; k < count; k++) {
    out.push(pos);
    pos += 46 + zip.readUInt16LE(pos + 28) + zip.readUInt16LE(pos + 30) + zip.readUInt16LE(pos + 32);
  }
  return out;
}

function entryNamed(zip: Buffer, name: string): number {
  const at = centralEntries(zip).find(
    (pos) => zip.toString('utf8', pos + 46, pos + 46 + zip.readUInt16LE(pos + 28)) === name,
  );
  assert.ok(at !== undefined, name);
  return at;
}

async function parseError(bytes: Uint8Array, pattern: RegExp): Promise<ParseError> {
  const err = await parseDocument(bytes, { fileName: 'x.docx' }).then(
    () => assert.fail('expected a ParseError'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof ParseError, String(err));
  assert.equal(err.code, ErrorCode.PARSE_ERROR);
  assert.match(err.message, pattern);
  assert.match(err.message, /^x\.docx:/);
  return err;
}

describe('hostile and broken Word files end in typed errors', () => {
  test('the minimal Word file these build on is itself readable (a report or a ParseError about its content)', async () => {
    // no report in it: the HTML path says so, which proves the archive itself was read
    await parseError(docxOf(DOC_XML('你好')), /heading|table|year|report/i);
  });

  test('a part expanding over the ratio cap (a deflate bomb) is refused before it is inflated', async () => {
    const bomb = docxOf(DOC_XML(''), { 'word/styles.xml': new Uint8Array(24 * MIB) });
    const entries = readZipDirectory(Buffer.from(docxOf(DOC_XML('')))); // a sane one passes
    assert.ok(entries.some((e) => e.name === 'word/document.xml'));
    assert.throws(() => readZipDirectory(Buffer.from(bomb)), /word\/styles\.xml expands \d+ times/);
    await parseError(bomb, new RegExp(`over the limit of ${MAX_DOCX_RATIO}: a zip bomb`));
  });

  test('a part declaring a huge size is refused from the directory alone', async () => {
    const zip = Buffer.from(docxOf(DOC_XML('x')));
    const at = entryNamed(zip, 'word/document.xml');
    zip.writeUInt32LE(3_000_000_000, at + 24); // declared uncompressed size
    await parseError(zip, /word\/document\.xml expands \d+ times/);
  });

  test('XML parts declaring more than the cap in all are InputTooLargeError', async () => {
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < 60; i++) parts[`word/part${String(i).padStart(2, '0')}.xml`] = strToU8('<a/>');
    const zip = Buffer.from(docxOf(DOC_XML('x'), parts));
    // each declares just under 1 MiB (below the ratio check): 60 MiB in all
    for (let i = 0; i < 60; i++)
      zip.writeUInt32LE(MIB - 1, entryNamed(zip, `word/part${String(i).padStart(2, '0')}.xml`) + 24);
    const err = await parseDocument(zip, { fileName: 'x.docx' }).catch((e: unknown) => e);
    assert.ok(err instanceof InputTooLargeError, String(err));
    assert.equal(err.code, ErrorCode.INPUT_TOO_LARGE);
    assert.match(err.message, /uncompressed text \(XML\) of the Word file/);
    assert.equal(err.details.limit, MAX_DOCX_XML_BYTES);
  });

  test('a document whose run text alone is over the input cap is refused before mammoth reads it', async () => {
    // varied text (it does not compress past the ratio cap): 2.2 million CJK characters, 6.6 MB
    let seed = 7;
    let text = '';
    for (let i = 0; i < 2_200_000; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      text += String.fromCharCode(0x4e00 + (seed % 3000));
    }
    const err = await parseDocument(docxOf(DOC_XML(text)), { fileName: 'x.docx' }).catch((e: unknown) => e);
    assert.ok(err instanceof InputTooLargeError, String(err));
    assert.match(
      err.message,
      /the text in the Word file's document\.xml is \d+ bytes, over the limit of 5242880/,
    );
  });

  test('XML parts with more tags than the cap are refused before mammoth reads them', async () => {
    // parts under 1 MiB each (not held to the ratio cap), 400,000 tags in all
    const many = strToU8(`<r>${'<a/>'.repeat(199_999)}</r>`);
    await parseError(
      docxOf(DOC_XML('x'), { 'word/a.xml': many, 'word/b.xml': many }),
      new RegExp(`XML has over ${MAX_DOCX_XML_TAGS} elements \\(word/b\\.xml passes the limit\\)`),
    );
  });

  test('a part that inflates past the size it declares is caught by the bounded inflation', async () => {
    const zip = Buffer.from(docxOf(DOC_XML('x'.repeat(200_000))));
    const at = entryNamed(zip, 'word/document.xml');
    zip.writeUInt32LE(1000, at + 24);
    await parseError(zip, /word\/document\.xml inflates past its declared 1000 bytes/);
  });

  test('many entries sharing one compressed stream (overlapping parts) are refused', async () => {
    const one = Buffer.from(docxOf(DOC_XML('x'.repeat(1000))));
    const at = entryNamed(one, 'word/document.xml');
    const nameLen = one.readUInt16LE(at + 28);
    const record = one.subarray(
      at,
      at + 46 + nameLen + one.readUInt16LE(at + 30) + one.readUInt16LE(at + 32),
    );
    const eocd = one.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cdStart = one.readUInt32LE(eocd + 16);
    const copies: Buffer[] = [];
    for (let i = 0; i < 500; i++) {
      const copy = Buffer.from(record);
      // same length as word/document.xml, a distinct name
      copy.write(
        `word/dup${String(i).padStart(5, '0')}.xml`.slice(0, nameLen).padEnd(nameLen, 'x'),
        46,
        'latin1',
      );
      copies.push(copy);
    }
    const cd = Buffer.concat([one.subarray(cdStart, eocd), ...copies]);
    const end = Buffer.from(one.subarray(eocd));
    const count = end.readUInt16LE(10) + copies.length;
    end.writeUInt16LE(count, 8);
    end.writeUInt16LE(count, 10);
    end.writeUInt32LE(cd.length, 12);
    const bomb = Buffer.concat([one.subarray(0, cdStart), cd, end]);
    await parseError(bomb, /parts overlap .*: a zip bomb/);
  });

  test('more parts than the cap are refused', async () => {
    const parts: Record<string, Uint8Array> = {};
    for (let i = 0; i < MAX_DOCX_ENTRIES + 1; i++) parts[`word/media/p${i}.bin`] = new Uint8Array(1);
    await parseError(docxOf(DOC_XML('x'), parts), new RegExp(`over the limit of ${MAX_DOCX_ENTRIES}`));
  });

  test('a truncated Word file is damaged, not a crash', async () => {
    const bytes = fs.readFileSync(TEMPLATE_PATH);
    await parseError(bytes.subarray(0, Math.floor(bytes.length / 2)), /damaged or truncated/);
    await parseError(
      Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.alloc(500, 7)]),
      /damaged or truncated/,
    );
  });

  test('a Word file whose document is not well-formed XML is damaged, and says where', async () => {
    await parseError(
      docxOf('<w:document><w:body><w:p>'),
      /word\/document\.xml is not well-formed XML \(<w:p> is never closed\)/,
    );
    await parseError(docxOf(DOC_XML('x').replace('</w:r>', '')), /<\/w:p> closing <w:r> at byte \d+/);
    await parseError(
      docxOf(DOC_XML('x').replace('<w:body>', '<!DOCTYPE d [<!ENTITY a "aa">]><w:body>')),
      /a DOCTYPE or declaration \(Word writes none\)/,
    );
  });

  test('a document cut in half is refused in one linear pass (xmldom would take seconds to recover)', async () => {
    const parts = unzipSync(new Uint8Array(fs.readFileSync(path.join(FIXTURES, 'template-2021.docx'))));
    const xml = parts['word/document.xml'] as Uint8Array;
    const cut = zipSync({ ...parts, 'word/document.xml': xml.subarray(0, Math.floor(xml.length / 2)) });
    await parseError(
      cut,
      /word\/document\.xml is not well-formed XML \((?:an unterminated tag|<w:\w+> is never closed)/,
    );
  });

  test('XML as Word writes it passes the scan: declarations, quoted ">", comments, CDATA, instructions', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<!-- a comment with <w:p> in it -->
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" a='x > y'><w:body>
<?mso-application progid="Word.Document"?><w:p><w:r><w:t xml:space="preserve"><![CDATA[a <b> c]]></w:t></w:r></w:p >
</w:body></w:document>`;
    await parseError(docxOf(xml), /no section heading or table|no report year/);
  });

  test('a corrupt deflate stream is damaged', async () => {
    const zip = Buffer.from(docxOf(DOC_XML('x'.repeat(5000))));
    const at = entryNamed(zip, 'word/document.xml');
    const local = zip.readUInt32LE(at + 42);
    const data = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    zip.fill(0xff, data, data + 8);
    await parseError(zip, /word\/document\.xml cannot be inflated/);
  });

  test('zips that are not Word files, and old binary Office files, say what they are', async () => {
    await parseError(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') }), /an Excel workbook, not a Word/);
    await parseError(zipSync({ 'ppt/presentation.xml': strToU8('<p/>') }), /a PowerPoint file/);
    await parseError(
      zipSync({ 'content.xml': strToU8('<o/>'), mimetype: strToU8('x') }),
      /an OpenDocument file/,
    );
    await parseError(zipSync({ 'a.txt': strToU8('hello') }), /a zip archive, not a Word \(\.docx\) report/);
    // a folder's walk still passes over them: by content they are no Word file
    assert.equal(sniffDocument(zipSync({ 'xl/workbook.xml': strToU8('<workbook/>') })), 'text');
    assert.equal(sniffDocument(docxOf(DOC_XML('x'))), 'docx');
    const ole = Buffer.concat([
      Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
      Buffer.alloc(600),
    ]);
    await parseError(ole, /old binary Office file \(\.doc, \.xls\) or a password-protected Word file/);
  });
});

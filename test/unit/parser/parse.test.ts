/** parseReport (src/parser/parse.ts): layouts the seeds do not show read alike; what it refuses, and how. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputTooLargeError, ParseError } from '../../../src/errors';
import { MAX_INPUT_BYTES, parseReport, toGoldenJson } from '../../../src/parser';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'corpus', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');
const SEED_003 = seed('003_046dc01fb9bbe87a.txt');

describe('layouts the seeds do not show', () => {
  const values = (text: string) => {
    const j = toGoldenJson(parseReport(text));
    return { a: j.activeDisclosure, b: j.applications, c: j.reviewLitigation, issues: j.issues.length };
  };
  const base = values(SEED_003);

  test('space-separated rows (pdftotext) read the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '  ').replaceAll('|', '')), base);
  });
  test('tab-separated rows read the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '\t').replaceAll('|', '')), base);
  });
  test('one cell per line reads the same', () => {
    assert.deepEqual(values(SEED_003.replaceAll(' | ', '\n').replaceAll('|', '')), base);
  });
  test('full-width digits, full-width punctuation and CRLF read the same', () => {
    const fw = SEED_003.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0))
      .replaceAll('(', '（')
      .replaceAll(')', '）')
      .replaceAll('\n', '\r\n');
    assert.deepEqual(values(fw), base);
  });
  test('headings lost entirely: sections found by content', () => {
    const text = SEED_003.split('\n')
      .filter((l) => !/^[一二三四五六]、(总体|主动|收到|政府|存在|其他)/.test(l))
      .join('\n');
    const r = parseReport(text);
    assert.deepEqual(
      r.sections.map((s) => [s.number, s.printedTitle]),
      [
        [1, null],
        [2, null],
        [3, null],
        [4, null],
        [5, null],
        [6, null],
      ],
    );
    assert.ok(r.sections[4]?.text.includes('政务公开人员力量'));
    assert.ok(r.sections[5]?.text.includes('无收取信息处理费'));
  });
});

describe('errors', () => {
  test('random bytes are a ParseError with a position', () => {
    const bytes = new Uint8Array(4096);
    let x = 12345;
    for (let i = 0; i < bytes.length; i++) {
      x = (x * 1103515245 + 12345) & 0x7fffffff;
      bytes[i] = x & 0xff;
    }
    assert.throws(
      () => parseReport(bytes),
      (e: unknown) => e instanceof ParseError && e.line >= 1 && e.column >= 1,
    );
  });
  test('a PDF is a ParseError', () => {
    assert.throws(() => parseReport(Buffer.from('%PDF-1.7\n...')), ParseError);
  });
  test('text with no template in it is a ParseError at 1:1', () => {
    assert.throws(
      () => parseReport('今天天气很好。\n明天也很好。'),
      (e: unknown) => e instanceof ParseError && e.line === 1 && e.column === 1,
    );
  });
  test('the file name appears in the error message', () => {
    assert.throws(
      () => parseReport('无关内容', { fileName: 'x.txt' }),
      (e: unknown) => e instanceof ParseError && e.message.startsWith('x.txt:1:1: '),
    );
  });
  test('input over the cap is InputTooLargeError; at the cap it is read', () => {
    assert.throws(() => parseReport(new Uint8Array(MAX_INPUT_BYTES + 1)), InputTooLargeError);
    const padded = SEED_003 + '\n' + ' '.repeat(MAX_INPUT_BYTES - Buffer.byteLength(SEED_003) - 1);
    assert.equal(Buffer.byteLength(padded), MAX_INPUT_BYTES);
    assert.equal(parseReport(padded).year, 2023);
  });
});

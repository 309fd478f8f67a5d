/** Bytes to text (src/parser/decode.ts): a declared charset, GBK without one, a BOM. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import iconv from 'iconv-lite';
import { decodeInput } from '../../../src/parser';
import { metaCharset } from '../../../src/parser/decode';

describe('decoding', () => {
  test('charset from meta charset and from http-equiv', () => {
    assert.equal(metaCharset('<meta charset="GBK">'), 'gb18030');
    assert.equal(
      metaCharset('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">'),
      'gb18030',
    );
    assert.equal(metaCharset('<meta name="x" content="y">'), null);
  });

  test('GBK bytes without a declaration are still decoded (not UTF-8 → GB18030)', () => {
    const bytes = iconv.encode(
      '<html><body><p>绥中县2024年政府信息公开工作年度报告</p></body></html>',
      'gbk',
    );
    const d = decodeInput(bytes);
    assert.equal(d.charset, 'gb18030');
    assert.ok(d.text.includes('绥中县'));
  });

  test('a Content-Type charset wins over the bytes guess', () => {
    const bytes = iconv.encode('一、总体情况', 'gbk');
    assert.equal(decodeInput(bytes, { contentType: 'text/plain; charset=GBK' }).text, '一、总体情况');
  });

  test('a UTF-8 BOM is removed', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('一、总体情况')]);
    assert.equal(decodeInput(bytes).text, '一、总体情况');
  });

  test('valid UTF-8 decodes to the same string as Buffer#toString (the transcode path)', () => {
    const samples = [
      '',
      'ascii only',
      '一、总体情况 | 0 | ４ |\r\n',
      '\ufeff\ufeff a BOM after the BOM, U+2028\u2028 and U+FFFD \ufffd',
      '𠀀 astral 😀, 二〇二五年, é',
      '规章'.repeat(5000),
    ];
    for (const text of samples) {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
      assert.equal(decodeInput(bytes).text, text);
      const plain = Buffer.from(`x|${text}`, 'utf8').subarray(1); // an odd byte offset
      assert.equal(decodeInput(plain).text, `|${text}`);
    }
  });
});

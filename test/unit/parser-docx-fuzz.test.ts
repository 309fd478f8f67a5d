/**
 * Fuzzing the Word front end: a real filled-in report, damaged at the byte level (flipped bytes
 * in the zip's headers and data, truncations, spliced copies) and at the XML level (tags cut,
 * characters dropped, markup injected), always comes back as a report or as a typed error
 * (ParseError / InputTooLargeError) — never another exception, never a crash.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { ErrorCode } from '../../src/errors/codes';
import { GongkaiError } from '../../src/errors';
import { parseDocument } from '../../src/parser/document';
import { Rng } from '../../src/synth/prng';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'docx', 'template-2021.docx');
const original = new Uint8Array(fs.readFileSync(FIXTURE));

type Outcome = 'report' | ErrorCode;

/** The messages of the errors seen, for what the tests say about them. */
const messages: string[] = [];

async function outcome(bytes: Uint8Array, what: string): Promise<Outcome> {
  try {
    const report = await parseDocument(bytes, { fileName: 'fuzz.docx' });
    assert.equal(report.sourceKind, 'docx', what);
    return 'report';
  } catch (err) {
    assert.ok(err instanceof GongkaiError, `${what}: ${String(err)}`);
    assert.ok([ErrorCode.PARSE_ERROR, ErrorCode.INPUT_TOO_LARGE].includes(err.code), `${what}: ${err.code}`);
    assert.ok(err.message.length > 20, `${what}: a message that says something`);
    messages.push(err.message);
    return err.code;
  }
}

function tally(outcomes: Outcome[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const o of outcomes) out[o] = (out[o] ?? 0) + 1;
  return out;
}

describe('a damaged Word file is a report or a typed error', () => {
  test('byte-level damage: flips anywhere, in the zip structures, truncations, splices', async (t) => {
    const rng = new Rng('docx-fuzz/bytes');
    const eocd = Buffer.from(original).lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    const cd = Buffer.from(original).readUInt32LE(eocd + 16);
    const outcomes: Outcome[] = [];
    for (let k = 0; k < 120; k++) {
      const bytes = new Uint8Array(original);
      const kind = k % 4;
      let what: string;
      if (kind === 0) {
        const n = rng.int(1, 8);
        for (let i = 0; i < n; i++) bytes[rng.int(0, bytes.length - 1)] = rng.int(0, 255);
        what = `${n} bytes flipped anywhere`;
      } else if (kind === 1) {
        // the central directory and end record: sizes, offsets, counts
        const at = rng.int(cd, bytes.length - 1);
        bytes[at] = rng.int(0, 255);
        what = `byte ${at} of the directory flipped`;
      } else if (kind === 2) {
        const cut = rng.int(0, bytes.length - 1);
        outcomes.push(await outcome(bytes.subarray(0, cut), `truncated at ${cut}`));
        continue;
      } else {
        const from = rng.int(0, bytes.length - 200);
        const to = rng.int(0, bytes.length - 200);
        bytes.set(original.subarray(from, from + rng.int(1, 200)), to);
        what = `a copy of ${from}… spliced at ${to}`;
      }
      outcomes.push(await outcome(bytes, what));
    }
    t.diagnostic(JSON.stringify(tally(outcomes)));
    assert.ok(outcomes.includes(ErrorCode.PARSE_ERROR));
  });

  test('XML-level damage, re-zipped: cut tags, dropped characters, injected markup', async (t) => {
    const rng = new Rng('docx-fuzz/xml');
    const parts = unzipSync(original);
    const xml = strFromU8(parts['word/document.xml'] as Uint8Array);
    const injections = [
      '<w:tbl>',
      '</w:tc>',
      '<w:tr><w:tc><w:tc>',
      '<w:vMerge/>',
      '<w:gridSpan w:val="65535"/>',
      '<w:gridSpan w:val="-3"/>',
      '&unknown;',
      '<![CDATA[x',
      '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>',
      '\u0000',
    ];
    const outcomes: Outcome[] = [];
    for (let k = 0; k < 40; k++) {
      let damaged: string;
      const at = rng.int(0, xml.length - 1);
      if (k % 3 === 0) damaged = xml.slice(0, at) + xml.slice(at + rng.int(1, 40));
      else if (k % 3 === 1) damaged = xml.slice(0, at);
      else damaged = xml.slice(0, at) + rng.pick(injections) + xml.slice(at);
      const bytes = zipSync({ ...parts, 'word/document.xml': strToU8(damaged) });
      outcomes.push(await outcome(bytes, `document.xml damaged at ${at} (case ${k % 3})`));
    }
    t.diagnostic(JSON.stringify(tally(outcomes)));
    // damaged XML is refused by the front end's own linear scan, not by mammoth's slow recovery
    assert.ok(messages.some((m) => m.includes('word/document.xml is not well-formed XML')));
  });
});

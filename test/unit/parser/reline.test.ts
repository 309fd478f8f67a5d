/** One-line text (src/parser/reline.ts): a report on one line, cells glued, read through parseReport against the seeds' golden values. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { IssueCode, RowCode, TableCode } from '../../../src/domain/codes';
import { parseReport, toGoldenJson } from '../../../src/parser';
import { goldenFiles, readGolden, seedText } from '../../support/golden';

const SEED_003 = seedText(readGolden('003_046dc01fb9bbe87a.json'));
const GOLDEN_003 = readGolden('003_046dc01fb9bbe87a.json');

/** Every table value of a reading against the golden values: right, wrong, and not read. */
function score(json: ReturnType<typeof toGoldenJson>, golden: ReturnType<typeof readGolden>) {
  let right = 0;
  let wrong = 0;
  let missing = 0;
  const tables = [
    [json.activeDisclosure, golden.activeDisclosure],
    [json.applications, golden.applications],
    [json.reviewLitigation, golden.reviewLitigation],
  ] as const;
  for (const [got, want] of tables) {
    if (!want) continue;
    for (const [row, values] of Object.entries(want)) {
      const w = Object.values(values as Record<string, number>);
      const g = (got as Record<string, unknown> | null)?.[row];
      if (!g) {
        missing += w.length;
        continue;
      }
      const gv = Object.values(g as Record<string, number>);
      w.forEach((v, i) => (gv[i] === v ? right++ : wrong++));
    }
  }
  return { right, wrong, missing };
}

const oneLine = (s: string) => s.replace(/[ \t]*\|[ \t]*/g, '').replace(/\s*\n\s*/g, '');

describe('one-line text', () => {
  for (const file of goldenFiles()) {
    test(`seed ${file} on one line: no value read wrong`, () => {
      const golden = readGolden(file);
      const r = parseReport(oneLine(seedText(golden)));
      const json = toGoldenJson(r);
      const s = score(json, golden);
      assert.equal(s.wrong, 0, JSON.stringify(s));
      // every value not read is under an issue that names its row or table
      for (const i of r.issues.filter((x) => x.code === IssueCode.AMBIGUOUS_CELLS)) {
        assert.ok((i.candidates?.length ?? 0) !== 1, i.message);
      }
    });
  }
  test('seeds whose cells are all printed read whole; an ambiguous row keeps the truth among its candidates', () => {
    const golden = readGolden('000_645fa7a6713f6501.json');
    const s = score(toGoldenJson(parseReport(oneLine(seedText(golden)))), golden);
    assert.deepEqual(s, { right: 200, wrong: 0, missing: 0 });
    const r = parseReport(oneLine(SEED_003));
    const a = r.issues.find((i) => i.code === IssueCode.AMBIGUOUS_CELLS);
    assert.equal(a?.where, RowCode.NORMATIVE_DOCUMENTS); // 13 0 21 printed 13021
    assert.ok(a?.candidates?.some((c) => c.join() === '13,0,21'));
    assert.deepEqual(toGoldenJson(r).partialTables, [TableCode.ACTIVE_DISCLOSURE]);
    assert.deepEqual(score(toGoldenJson(r), GOLDEN_003), { right: 197, wrong: 0, missing: 3 });
  });
  test('page chrome around the one line is not read as a table', () => {
    const text = `当前位置：首页 > 政务公开 > 年度报告 文字版 文件下载 ${oneLine(SEED_003)}`;
    assert.deepEqual(score(toGoldenJson(parseReport(text)), GOLDEN_003), {
      right: 197,
      wrong: 0,
      missing: 3,
    });
  });
});

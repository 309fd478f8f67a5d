/** The identities and structural issues (src/parser/validate.ts), through parseReport. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IssueCode, RowCode, TableCode } from '../../../src/domain/codes';
import { parseReport, toGoldenJson } from '../../../src/parser';

const SEEDS = join(__dirname, '..', '..', 'fixtures', 'corpus', 'seeds');
const seed = (name: string) => readFileSync(join(SEEDS, name), 'utf8');
const SEED_003 = seed('003_046dc01fb9bbe87a.txt');

describe('identities and structural issues', () => {
  const issues = (text: string) =>
    parseReport(text)
      .issues.map((i) => `${i.code}@${i.where}`)
      .sort();

  test('a clean report has no issues', () => {
    assert.deepEqual(issues(SEED_003), []);
  });
  test('identity 3 (balance) is reported per column', () => {
    const text = SEED_003.replace(
      '二、上年结转政府信息公开申请数量 | 0 | 0 | 0 | 0 | 0 | 0 | 0',
      '二、上年结转政府信息公开申请数量 | 2 | 0 | 0 | 0 | 0 | 0 | 2',
    );
    assert.deepEqual(issues(text), [
      `${IssueCode.BALANCE_MISMATCH}@naturalPerson`,
      `${IssueCode.BALANCE_MISMATCH}@total`,
    ]);
  });
  test('identity 4 (review totals) is reported per group', () => {
    const text = SEED_003.replace(
      '0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |',
      '0 | 0 | 0 | 0 | 0 | 0 | 0 | 2 | 0 | 1 | 0 | 0 | 0 | 0 | 0 |',
    );
    assert.deepEqual(issues(text), [`${IssueCode.REVIEW_TOTAL_MISMATCH}@litigationDirect`]);
  });
  test('a row with a cell too many is flagged on its own; the rest of the table is kept, marked partial', () => {
    const text = SEED_003.replace('2.重复申请 | 0 | 0 |', '2.重复申请 | 0 | 0 | 0 |');
    const r = parseReport(text);
    assert.deepEqual(
      r.issues.map((i) => `${i.code}@${i.where}`),
      [`${IssueCode.CELL_COUNT_MISMATCH}@${RowCode.NOT_PROCESSED_REPEATED}`],
    );
    const apps = toGoldenJson(r).applications;
    assert.ok(apps);
    assert.equal(apps[RowCode.NOT_PROCESSED_REPEATED], undefined);
    assert.equal(Object.keys(apps).length, 24); // the other 24 of the 2021 form's 25 rows
    assert.equal(r.tables.find((t) => t.table === TableCode.APPLICATIONS)?.partial, true);
    assert.ok(r.issues[0]?.position);
    assert.match(r.issues[0]?.message ?? '', /2\.重复申请 \| 0 \| 0 \| 0/);
  });
  test('a missing table and a missing section are reported', () => {
    const lines = SEED_003.split('\n');
    const text = [...lines.slice(0, 53), ...lines.slice(57)]
      .join('\n')
      .replace('四、政府信息公开行政复议、行政诉讼情况', '');
    assert.deepEqual(issues(text), [
      `${IssueCode.MISSING_SECTION}@4`,
      `${IssueCode.MISSING_TABLE}@${TableCode.REVIEW_LITIGATION}`,
    ]);
  });
  test('a repeated row is left out with an issue; the row it replaced is missing', () => {
    const text = SEED_003.replace('2.重复申请 | 0', '1.信访举报投诉类申请 | 0');
    assert.deepEqual(issues(text), [
      `${IssueCode.MISSING_ROW}@${RowCode.NOT_PROCESSED_REPEATED}`,
      `${IssueCode.TABLE_LAYOUT_UNKNOWN}@${TableCode.APPLICATIONS}`,
    ]);
  });
});

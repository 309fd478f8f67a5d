/** Row labels to template rows (src/parser/row-matchers.ts). */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RowCode } from '../../../src/domain/codes';
import { applicationRowsFor, activeRowsFor } from '../../../src/parser/row-matchers';

describe('labels', () => {
  test('damaged and split labels still name their rows', () => {
    assert.deepEqual(applicationRowsFor('予处理2.重复申请'), [RowCode.NOT_PROCESSED_REPEATED]);
    assert.deepEqual(applicationRowsFor('3.补正后申请内容仍不明确'), [
      RowCode.UNABLE_UNCLEAR_AFTER_CORRECTION,
    ]);
    assert.deepEqual(applicationRowsFor('(三)不予公开'), []);
    assert.deepEqual(applicationRowsFor('三、本年度办理结果'), []);
    assert.deepEqual(activeRowsFor('本年收费金额(单位:万元)'), []);
    assert.deepEqual(activeRowsFor('行政事业性收费'), [RowCode.FEES]);
    assert.deepEqual(activeRowsFor('规章'), [RowCode.REGULATIONS]);
    assert.deepEqual(activeRowsFor('行政规范性文件'), [RowCode.NORMATIVE_DOCUMENTS]);
  });

  test("the 2019 form's 其他处理 misread by OCR (处→外) is still its row; 其他组织 is not", () => {
    assert.deepEqual(applicationRowsFor('(六)其他外理'), [RowCode.OTHER_DISPOSAL]);
    assert.deepEqual(applicationRowsFor('其他组织'), []);
  });
});

/**
 * The 2019 form's section two with 政府集中采购 as one cell (issue #13, item 5; docs/parsing.md):
 * a body whose blank prints the procurement item with 采购总金额 only has one amount cell on that row.
 * It is read as the amount in every front end (text, HTML, DOCX here; PDF in parser-pdf-corpus),
 * only when the item's header says so; the generator prints it on a share of the row-level
 * reader's 2019 reports, with its truth.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ColumnCode, FormVersion, IssueCode, RowCode, TableCode } from '../../src/domain/codes';
import { parseDocument, parseReport, toGoldenJson } from '../../src/parser';
import type { Layout } from '../../src/synth/agencies';
import { synthesize } from '../../src/synth/corpus';
import { scoreReport } from '../../src/synth/score';
import type { TruthJson } from '../../src/synth/truth';

const SEED = fs.readFileSync(
  path.join(__dirname, '..', 'fixtures', 'corpus', 'seeds', '002_3d44559d993b5fb4.txt'),
  'utf8',
);
const TWO_CELLS = '信息内容 | 采购项目数量 | 采购总金额 | |\n政府集中采购 | 71 | 7700万 |';

function procurement(text: string) {
  const report = parseReport(text, { fileName: '002.txt' });
  const table = report.tables.find((t) => t.table === TableCode.ACTIVE_DISCLOSURE);
  return {
    row: table?.rows.find((r) => r.code === RowCode.PROCUREMENT),
    issues: report.issues.filter((i) => i.where === RowCode.PROCUREMENT).map((i) => i.code),
    partial: table?.partial === true,
  };
}

describe('政府集中采购 printed with its amount alone', () => {
  test('the seed as printed: two cells, projects and amount', () => {
    assert.ok(SEED.includes(TWO_CELLS));
    const { row, issues } = procurement(SEED);
    assert.deepEqual(
      row?.cells.map((c) => [c.column, c.value]),
      [
        [ColumnCode.PROJECTS, 71],
        [ColumnCode.AMOUNT, 7700],
      ],
    );
    assert.deepEqual(issues, []);
  });

  test('a header of 采购总金额 alone: the one cell is the amount, with no issue', () => {
    for (const header of ['信息内容 | 采购总金额 | | |', '信息内容 | 采购总 | | |\n| 金额 | | |']) {
      const text = SEED.replace(TWO_CELLS, `${header}\n政府集中采购 | 7700万 | | |`);
      const { row, issues, partial } = procurement(text);
      assert.deepEqual(
        row?.cells.map((c) => [c.column, c.value, c.raw]),
        [[ColumnCode.AMOUNT, 7700, '7700万']],
        header,
      );
      assert.deepEqual(issues, [], header);
      assert.equal(partial, false);
    }
  });

  test('one cell under both headers is a row short of a cell, never an amount guessed', () => {
    const text = SEED.replace(
      TWO_CELLS,
      '信息内容 | 采购项目数量 | 采购总金额 | |\n政府集中采购 | 7700万 | | |',
    );
    const { row, issues, partial } = procurement(text);
    assert.equal(row, undefined);
    assert.deepEqual(issues, [IssueCode.CELL_COUNT_MISMATCH]);
    assert.equal(partial, true);
  });

  test('one cell with no header at all: flagged as well', () => {
    const text = SEED.replace(TWO_CELLS, '政府集中采购 | 7700万 | | |');
    assert.deepEqual(procurement(text).issues, [IssueCode.CELL_COUNT_MISMATCH]);
  });
});

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-procurement-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The row-level reader's corpus (faultKinds all) in one layout, 2019 form only, no faults. */
function generate(layout: Layout): Array<{ truth: TruthJson; bytes: Buffer }> {
  const out = path.join(tmp, layout);
  synthesize({
    agencies: 6,
    firstYear: 2019,
    lastYear: 2020,
    seed: `procurement/${layout}`,
    out,
    faultRate: 0,
    faultKinds: 'all',
    layouts: [layout],
  });
  return fs
    .readFileSync(path.join(out, 'manifest.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const file = (JSON.parse(line) as { file: string }).file;
      const truthFile = path.join(out, file.replace(/^reports\//, 'truth/').replace(/\.[a-z]+$/, '.json'));
      return {
        truth: JSON.parse(fs.readFileSync(truthFile, 'utf8')) as TruthJson,
        bytes: fs.readFileSync(path.join(out, file)),
      };
    })
    .filter((g) => g.truth.formatVersion === FormVersion.V2019);
}

const amountOnly = (t: TruthJson) => {
  const row = t.activeDisclosure?.[RowCode.PROCUREMENT];
  return row !== undefined && Object.keys(row).join() === ColumnCode.AMOUNT;
};

describe('generated 2019 reports with the one-cell row, in every layout it can be printed', () => {
  const layouts: Layout[] = ['pipe', 'lines', 'tab', 'html', 'oneline', 'colmajor', 'markdown', 'docx'];
  for (const layout of layouts) {
    test(`${layout}: both printings occur, and each report reads as its truth`, async () => {
      const corpus = generate(layout);
      const one = corpus.filter((g) => amountOnly(g.truth));
      assert.ok(one.length >= 1 && one.length < corpus.length, `${one.length} of ${corpus.length}`);
      const mismatches: string[] = [];
      for (const { truth, bytes } of corpus) {
        const report =
          layout === 'docx'
            ? await parseDocument(bytes, { fileName: truth.file })
            : parseReport(bytes, { fileName: truth.file });
        const got = toGoldenJson(report);
        const score = scoreReport(truth, got);
        mismatches.push(...score.mismatches.map((m) => `${truth.file}: ${m}`));
        assert.equal(score.counts.wrongUnflagged, 0, truth.file);
        if (amountOnly(truth))
          assert.deepEqual(
            got.activeDisclosure?.[RowCode.PROCUREMENT],
            truth.activeDisclosure?.[RowCode.PROCUREMENT],
          );
      }
      assert.deepEqual(mismatches, []);
    });
  }
});

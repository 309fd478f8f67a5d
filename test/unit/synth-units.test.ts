/** Building blocks of the synthetic corpus: the PRNG, printed cells, the identity checks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  APPLICATION_ROWS,
  ColumnCode,
  FormVersion,
  IssueCode,
  IssueSeverity,
  REVIEW_ROWS,
  RowCode,
  TableCode,
} from '../../src/domain/codes';
import type { GoldenJson } from '../../src/parser';
import { readCell } from '../../src/parser/cell';
import { type Agency, generateAgencies, type Layout } from '../../src/synth/agencies';
import { change, type CellStyle, count, money } from '../../src/synth/cells';
import { compose, type Composed } from '../../src/synth/compose';
import { applyFault, drawFault, type Fault } from '../../src/synth/faults';
import { applicationIssues, carryOverIssues, reviewIssues } from '../../src/synth/identities';
import { labelSimilarity, OCR_CONFUSIONS, stillClosest } from '../../src/synth/ocr';
import { Rng } from '../../src/synth/prng';
import { renderColmajor } from '../../src/synth/render/colmajor';
import { appLabel, numeralDate } from '../../src/synth/render/doc';
import { renderMarkdown } from '../../src/synth/render/markdown';
import { renderOneline } from '../../src/synth/render/oneline';
import { renderPipe } from '../../src/synth/render/pipe';
import { scoreReport, Tally } from '../../src/synth/score';
import {
  lastIsSum,
  piecesOf,
  splitApplicationRow,
  splitPieces,
  splitReviewRow,
} from '../../src/synth/splits';
import { buildTruth, type TruthJson } from '../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../src/synth/values';
import { VARIANT_NAMES, variantNames } from '../../src/synth/variants';
import { parseYears, synthCommand } from '../../src/cli/commands/synth';
import { UsageError } from '../../src/cli/command';

test('the PRNG is deterministic per key and forks independently', () => {
  const a = new Rng('x');
  const b = new Rng('x');
  const seqA = Array.from({ length: 5 }, () => a.next());
  assert.deepEqual(
    seqA,
    Array.from({ length: 5 }, () => b.next()),
  );
  assert.notDeepEqual(
    seqA,
    Array.from({ length: 5 }, () => new Rng('y').next()),
  );
  // a fork does not depend on how much its parent drew
  const p1 = new Rng('p');
  const p2 = new Rng('p');
  p2.next();
  assert.equal(p1.fork('k').next(), p2.fork('k').next());
  const r = new Rng('m');
  for (let i = 0; i < 200; i++) {
    const n = r.int(0, 500);
    const parts = r.multinomial(n, [0.5, 0.3, 0.2]);
    assert.equal(
      parts.reduce((x, y) => x + y, 0),
      n,
    );
    assert.ok(parts.every((x) => x >= 0));
  }
});

test('every printed form of a number reads back to that number', () => {
  const styles: CellStyle[] = [];
  for (const zero of ['0', 'nbsp', 'dash', 'emdash', 'wu', 'slash'] as const) {
    for (const fullWidth of [false, true]) {
      for (const thousands of [false, true]) {
        styles.push({ zero, fullWidth, thousands, zhChange: thousands, wanMoney: fullWidth });
      }
    }
  }
  for (const style of styles) {
    for (const n of [0, 1, 7, 42, 999, 1000, 58787, 1234567]) {
      assert.equal(readCell(count(n, style))?.value, n, `count ${n} ${JSON.stringify(style)}`);
    }
    for (const n of [0, 5, -5, -105, 12000]) {
      assert.equal(readCell(change(n, style))?.value, n, `change ${n}`);
    }
    for (const n of [0, 46.6847, 1071, 7700, 0.5, 12.3]) {
      assert.equal(readCell(money(n, style))?.value, n, `money ${n}`);
    }
  }
});

test('identity checks report what the validator would', () => {
  const rows = new Map<RowCode, number[]>([
    [RowCode.NEW_RECEIVED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_OVER, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.GRANTED, [2, 1, 0, 0, 0, 0, 3]],
    [RowCode.OTHER_DISPOSAL, [1, 0, 0, 0, 0, 0, 1]],
    [RowCode.TOTAL_PROCESSED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_FORWARD, [0, 0, 0, 0, 0, 0, 0]],
  ]);
  assert.deepEqual(applicationIssues(rows), []);
  (rows.get(RowCode.GRANTED) as number[])[6] = 5;
  assert.deepEqual(
    applicationIssues(rows).map((i) => `${i.code}@${i.where}`),
    ['ROW_TOTAL_MISMATCH@granted', 'OUTCOME_TOTAL_MISMATCH@total'],
  );
  const review = new Map([[RowCode.RECONSIDERATION, [1, 0, 0, 1, 3]]]);
  assert.deepEqual(reviewIssues(review), [
    { code: IssueCode.REVIEW_TOTAL_MISMATCH, where: RowCode.RECONSIDERATION },
  ]);
  assert.deepEqual(carryOverIssues([1, 0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0, 1]), [
    { code: IssueCode.CARRY_OVER_MISMATCH, where: ColumnCode.NATURAL_PERSON },
  ]);
});

test('--years accepts a year or a range from 2019', () => {
  assert.deepEqual(parseYears('2019-2025'), { firstYear: 2019, lastYear: 2025 });
  assert.deepEqual(parseYears('2023'), { firstYear: 2023, lastYear: 2023 });
  assert.throws(() => parseYears('2025-2019'));
  assert.throws(() => parseYears('2018-2020'));
  assert.throws(() => parseYears('soon'));
});

// --- the reader's corpus (issue #13): the glued-run enumerator, renderers, variants, readings

function report(
  seed: string,
  layout: Layout,
  opts: { fault?: Fault | null; form?: FormVersion; variantRate?: number } = {},
): Composed {
  const root = new Rng(`synth-units/${seed}`);
  // the first agency drawn is a provincial government: large numbers in every table
  const agency = generateAgencies(root, { count: 1, firstYear: 2019 })[0] as Agency;
  const form = opts.form ?? FormVersion.V2021;
  const year = form === FormVersion.V2019 ? 2020 : 2023;
  const { values } = generateYear(root.fork('values'), {
    agency,
    year,
    form,
    state: initialState(agency, root.fork('state')),
    tilt: agencyTilt(root.fork('tilt')),
  });
  const fault = opts.fault ?? null;
  applyFault(values, fault);
  return compose(root.fork('compose'), agency, year, form, values, fault, layout, {
    variantRate: opts.variantRate ?? 0,
  });
}

const keys = (issues: ReadonlyArray<{ code: string; where: string }>) =>
  issues.map((i) => `${i.code}@${i.where}`).sort();

test('the enumerator splits a glued run into exactly as many numbers as the row has columns', () => {
  // six digits into three numbers: C(5, 2) places for the two cuts, none with a leading zero
  assert.equal(splitPieces(piecesOf(['898989']), 3).candidates.length, 10);
  // zeros are single digits: 0000 into four is one reading, 105 into two is only 10 | 5
  assert.deepEqual(splitPieces(piecesOf(['0000']), 4).candidates, [[0, 0, 0, 0]]);
  assert.deepEqual(splitPieces(piecesOf(['105']), 2).candidates, [[10, 5]]);
  // a decimal point stays inside its number
  assert.deepEqual(splitPieces(piecesOf(['3', '46.68']), 2).candidates.sort(), [
    [3, 46.68],
    [34, 6.68],
    [346.6, 8],
  ]);
  // a sign (减, -) separates a change from the digits before it and makes it negative
  assert.deepEqual(splitPieces(piecesOf(['12', '减3', '40']), 3).candidates, [
    [1, 2, -340],
    [12, -3, 40],
    [12, -34, 0],
  ]);
  // an applications row: identity 1 keeps the readings whose six columns sum to the seventh
  assert.deepEqual(splitApplicationRow(piecesOf(['3000003'])).candidates, [[3, 0, 0, 0, 0, 0, 3]]);
  const row = splitApplicationRow(piecesOf(['12390456147'])).candidates;
  assert.ok(row.length >= 2 && row.every((c) => lastIsSum(c, 0, 7)));
  for (const printed of [
    [123, 9, 0, 4, 5, 6, 147],
    [1, 2, 3, 90, 45, 6, 147],
  ]) {
    assert.ok(row.some((c) => c.join() === printed.join()));
  }
  // with none satisfying it (a wrong total), every reading stays
  assert.equal(splitApplicationRow(piecesOf(['120000013'])).candidates.length, 4);
});

test('the review row of fifteen glued splits by its groups: one reading, or several', () => {
  // 2 1 3 1 7 | 0 0 0 0 0 | 13 2 4 0 19: seventeen digits, one reading with every group summing
  assert.deepEqual(splitReviewRow(piecesOf(['21317000001324019'])).candidates, [
    [2, 1, 3, 1, 7, 0, 0, 0, 0, 0, 13, 2, 4, 0, 19],
  ]);
  // 3 0 1 10 14 also reads 3 0 11 0 14, and 5 1 3 12 21 also 5 13 1 2 21: four readings
  const printed = [3, 0, 1, 10, 14, 5, 1, 3, 12, 21, 3, 0, 3, 5, 11];
  const splits = splitReviewRow(piecesOf([printed.join('')]));
  assert.equal(splits.candidates.length, 4);
  assert.ok(splits.candidates.some((c) => c.join() === printed.join()));
  for (const c of splits.candidates) {
    for (let g = 0; g < 3; g++) assert.ok(lastIsSum(c, g * 5, g * 5 + 5), c.join());
  }
});

test('one-line text: the whole body on one line, cells glued, page chrome around', () => {
  const { doc } = report('oneline', 'oneline');
  const text = renderOneline(doc, new Rng('r'));
  assert.equal(text.split('\n').length, 2);
  assert.equal(text.endsWith('\n'), true);
  assert.match(text, /文件下载/);
  const regs = doc.values.activeDisclosure.find((r) => r.row === RowCode.REGULATIONS)?.values as number[];
  assert.ok(text.includes(`规章${regs.join('')}`), `规章${regs.join('')}`);
  const review = [...doc.values.review.values()].flat().join('');
  assert.ok(text.includes(`总计${review}`));
  // its truth splits those runs: the regulations row is either read or flagged with its candidates
  const truth = buildTruth({ file: 'x', doc, layout: 'oneline', fault: null, previousCarriedForward: null });
  const flagged = truth.expectedIssues.find((i) => i.where === RowCode.REGULATIONS);
  if (flagged) {
    assert.equal(flagged.code, IssueCode.AMBIGUOUS_CELLS);
    assert.ok(flagged.candidates?.some((c) => c.join() === regs.join()));
  } else assert.deepEqual(Object.values(truth.activeDisclosure?.regulations ?? {}), regs);
});

test('an ambiguous review run (the fault) is flagged group by group with its candidates', () => {
  const fault = drawFault(
    new Rng('amb'),
    { rate: 1, hasPreviousYear: false, kinds: 'all', layout: 'oneline', only: ['ambiguousRun'] },
    [],
  );
  assert.equal(fault?.kind, 'ambiguousRun');
  const { doc } = report('amb', 'oneline', { fault });
  const truth = buildTruth({ file: 'x', doc, layout: 'oneline', fault, previousCarriedForward: null });
  const ambiguous = truth.expectedIssues.filter(
    (i) => i.code === IssueCode.AMBIGUOUS_CELLS && (REVIEW_ROWS as readonly string[]).includes(i.where),
  );
  assert.ok(ambiguous.length >= 1);
  for (const i of ambiguous) {
    assert.ok((i.candidates?.length ?? 0) >= 2);
    const printed = (doc.values.review.get(i.where as RowCode) as number[]).join();
    assert.ok(
      i.candidates?.some((c) => c.join() === printed),
      'the printed reading is a candidate',
    );
    assert.equal(truth.reviewLitigation?.[i.where], undefined);
  }
  assert.ok(truth.partialTables.includes(TableCode.REVIEW_LITIGATION) || truth.reviewLitigation === null);
});

test('column-major text prints a table labels first, then its numbers column by column', () => {
  const { doc } = report('colmajor', 'colmajor');
  const lines = renderColmajor(doc).split('\n');
  const at = lines.indexOf(appLabel(RowCode.CARRIED_FORWARD));
  assert.ok(at > 0);
  const rows = APPLICATION_ROWS[doc.form];
  const column = (c: number) => rows.map((r) => (doc.values.applications.get(r) as number[])[c] as number);
  const read = (from: number) => lines.slice(from, from + rows.length).map((l) => readCell(l)?.value);
  assert.deepEqual(read(at + 1), column(0));
  assert.deepEqual(read(at + 1 + rows.length), column(1));
  assert.deepEqual(read(at + 1 + 6 * rows.length), column(6));
  // its truth: identity 1 decides the order, so every row is read as printed
  const truth = buildTruth({ file: 'x', doc, layout: 'colmajor', fault: null, previousCarriedForward: null });
  assert.deepEqual(
    truth.applications?.[RowCode.NEW_RECEIVED],
    doc.values.applications.get(RowCode.NEW_RECEIVED),
  );
  assert.deepEqual(truth.expectedIssues, []);
});

test('markdown output: pipe tables with delimiter rows, and across reports every converter quirk', () => {
  const seen = { placeholder: 0, placeholderRow: 0, note: 0, fragment: 0, caption: 0 };
  for (let k = 0; k < 40; k++) {
    const { doc } = report(`md${k}`, 'markdown');
    const text = renderMarkdown(doc, new Rng(`md${k}`));
    assert.match(text, /^\|(?:---\|)+$/m);
    if (text.includes('| 数据1 |')) seen.placeholder++;
    if (text.includes('\n| - | - |\n')) seen.placeholderRow++;
    if (/（其中修订\d+件）/.test(text)) seen.note++;
    if (/\n\| [^|\d]+ \|\n\| \d/.test(text)) seen.fragment++;
    if (text.includes('表二：')) seen.caption++;
    // every table row is a pipe row: nothing of a table is printed outside one
    for (const line of text.split('\n')) {
      if (/^[\d\s]+$/.test(line)) assert.fail(`numbers outside a table: ${line}`);
    }
  }
  for (const [quirk, n] of Object.entries(seen)) assert.ok(n > 0, quirk);
});

test('OCR misreads label characters, never digits, and only where the label stays clearly its row', () => {
  let misread = 0;
  for (let k = 0; k < 20; k++) {
    const { doc } = report(`ocr${k}`, 'ocr');
    const labels = doc.ocrLabels as Map<RowCode, string>;
    for (const [row, noisy] of labels) {
      const intended = APPLICATION_ROWS[doc.form].includes(row) ? appLabel(row) : null;
      if (!intended) continue;
      assert.notEqual(noisy, intended);
      assert.equal(noisy.replace(/\D/g, ''), intended.replace(/\D/g, ''), 'digits untouched');
      assert.ok(stillClosest(noisy, intended, APPLICATION_ROWS[doc.form].map(appLabel)));
      assert.ok(labelSimilarity(noisy, intended) >= 0.8);
      misread++;
    }
    assert.ok(
      [...labels.values()].every((l) => [...l].some((c) => Object.values(OCR_CONFUSIONS).includes(c))),
    );
  }
  assert.ok(misread > 10, `${misread} labels misread`);
});

test('variants: traditional characters, numeral dates, blank totals, an extra row, （一） headings', () => {
  assert.equal(numeralDate('2025-01-20'), '二〇二五年一月二十日');
  assert.equal(numeralDate('2024-12-31'), '二〇二四年十二月三十一日');
  assert.equal(numeralDate('2023-02-09'), '二〇二三年二月九日');
  const seen = new Set<string>();
  for (let k = 0; k < 60; k++) {
    const { doc } = report(`var${k}`, 'pipe', { variantRate: 1 });
    const v = doc.variants;
    assert.ok(v && variantNames(v).length > 0);
    for (const n of variantNames(v)) seen.add(n);
    const text = renderPipe(doc);
    const truth = buildTruth({ file: 'x', doc, layout: 'pipe', fault: null, previousCarriedForward: null });
    if (v.traditional) assert.match(text, /政府信息公開/);
    if (v.headings === 'paren' && doc.headings)
      assert.equal(truth.printedTitles['2']?.startsWith('（二）'), true);
    if (v.extraActiveRow) {
      assert.deepEqual(truth.extraRows.activeDisclosure, [
        { label: '其他主动公开文件', values: v.extraActiveRow.values },
      ]);
      assert.ok(keys(truth.expectedIssues).includes(`EXTRA_ROW@${TableCode.ACTIVE_DISCLOSURE}`));
    }
    for (const row of v.blankTotals) {
      // a blank 总计 reads as 0 and its row's identity is not assessable
      assert.equal(truth.applications?.[row]?.[6], 0);
      assert.ok(!keys(truth.expectedIssues).includes(`ROW_TOTAL_MISMATCH@${row}`));
    }
    // none of them is a fault: no issue beyond the extra row's note
    assert.deepEqual(
      keys(truth.expectedIssues).filter((k) => !k.startsWith('EXTRA_ROW')),
      [],
      `${variantNames(v).join(',')}`,
    );
  }
  assert.deepEqual([...seen].sort(), [...VARIANT_NAMES].sort());
});

test('row faults: a missing cell, a row twice, a row not in the template, a page cut off', () => {
  const truthOf = (fault: Fault, layout: Layout = 'pipe') => {
    const { doc } = report(`rf-${fault.kind}`, layout, { fault });
    return buildTruth({ file: 'x', doc, layout, fault, previousCarriedForward: null });
  };
  const missing = truthOf({ kind: 'missingCell', where: RowCode.GRANTED, index: 2 });
  assert.equal(missing.applications?.[RowCode.GRANTED], undefined);
  assert.deepEqual(missing.partialTables, [TableCode.APPLICATIONS]);
  // identities 2 and 3 read every outcome row: with one flagged they are not assessable
  assert.deepEqual(keys(missing.expectedIssues), [`CELL_COUNT_MISMATCH@${RowCode.GRANTED}`]);
  assert.equal(missing.printed?.applications?.[RowCode.GRANTED]?.[2], null);

  const twice = truthOf({ kind: 'extraRow', where: RowCode.CARRIED_OVER });
  assert.deepEqual(keys(twice.expectedIssues), [`TABLE_LAYOUT_UNKNOWN@${TableCode.APPLICATIONS}`]);
  assert.deepEqual(twice.partialTables, [TableCode.APPLICATIONS]);
  assert.ok(twice.applications?.[RowCode.CARRIED_OVER]);

  const values = [1, 0, 0, 0, 2, 0, 3];
  const extra = truthOf({ kind: 'extraRow', where: RowCode.NEW_RECEIVED, label: '其中：网上申请', values });
  assert.deepEqual(extra.extraRows, { applications: [{ label: '其中：网上申请', values }] });
  assert.deepEqual(keys(extra.expectedIssues), [`EXTRA_ROW@${TableCode.APPLICATIONS}`]);
  assert.deepEqual(extra.partialTables, []);

  const cut = truthOf({ kind: 'truncated', where: RowCode.UNABLE_NOT_HELD, index: 3 });
  const rows = APPLICATION_ROWS[cut.formatVersion as FormVersion];
  const after = rows.slice(rows.indexOf(RowCode.UNABLE_NOT_HELD) + 1);
  assert.deepEqual(
    keys(cut.expectedIssues),
    [
      `CELL_COUNT_MISMATCH@${RowCode.UNABLE_NOT_HELD}`,
      ...after.map((r) => `MISSING_ROW@${r}`),
      'MISSING_SECTION@4',
      'MISSING_SECTION@5',
      'MISSING_SECTION@6',
      `MISSING_TABLE@${TableCode.REVIEW_LITIGATION}`,
    ].sort(),
  );
  assert.deepEqual(Object.keys(cut.sectionTitles), ['1', '2', '3']);
  assert.equal(cut.reviewLitigation, null);
  assert.deepEqual(Object.keys(cut.applications ?? {}), rows.slice(0, rows.indexOf(RowCode.UNABLE_NOT_HELD)));
});

test('a blank total over non-zero parts makes its identities not assessable; over zeros it counts', () => {
  const rows = new Map<RowCode, number[]>([
    [RowCode.NEW_RECEIVED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_OVER, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.GRANTED, [3, 1, 0, 0, 0, 0, 0]],
    [RowCode.OTHER_DISPOSAL, [0, 0, 0, 0, 0, 0, 0]],
    [RowCode.TOTAL_PROCESSED, [3, 1, 0, 0, 0, 0, 4]],
    [RowCode.CARRIED_FORWARD, [0, 0, 0, 0, 0, 0, 1]],
  ]);
  const blank = (row: RowCode, c: number) => {
    const b = [false, false, false, false, false, false, false];
    b[c] = true;
    return [row, b] as const;
  };
  // granted's 总计 is blank: its row and the 总计 column's identity 2 are not assessable
  const blanks = new Map([blank(RowCode.GRANTED, 6), blank(RowCode.CARRIED_OVER, 6)]);
  // carriedOver's 总计 is blank over zeros: a 0, so identity 3 in the 总计 column is broken (4 + 0 ≠ 4 + 1)
  assert.deepEqual(keys(applicationIssues(rows, blanks)), [
    'BALANCE_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
  ]);
  // printed, the same numbers break identities 1 and 2 as well
  assert.deepEqual(keys(applicationIssues(rows)), [
    'BALANCE_MISMATCH@total',
    'OUTCOME_TOTAL_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
    `ROW_TOTAL_MISMATCH@${RowCode.GRANTED}`,
  ]);
  // an identity with a row not read is not assessable: identity 2 without 其他处理
  const partial = new Map(rows);
  partial.delete(RowCode.OTHER_DISPOSAL);
  assert.deepEqual(keys(applicationIssues(partial, new Map(), [...rows.keys()])), [
    'BALANCE_MISMATCH@total',
    `ROW_TOTAL_MISMATCH@${RowCode.CARRIED_FORWARD}`,
    `ROW_TOTAL_MISMATCH@${RowCode.GRANTED}`,
  ]);
});

test('the score counts cells right, flagged and wrong-and-unflagged against the truth', () => {
  const { doc } = report('score', 'pipe', {
    fault: { kind: 'missingCell', where: RowCode.GRANTED, index: 0 },
  });
  const truth = buildTruth({
    file: 'x',
    doc,
    layout: 'pipe',
    fault: { kind: 'missingCell', where: RowCode.GRANTED, index: 0 },
    previousCarriedForward: null,
  });
  const perfect = {
    year: truth.year,
    formatVersion: truth.formatVersion,
    agency: { nameInText: truth.agency.nameInText },
    sectionTitles: truth.sectionTitles,
    printedTitles: truth.printedTitles,
    activeDisclosure: truth.activeDisclosure,
    applications: truth.applications,
    reviewLitigation: truth.reviewLitigation,
    partialTables: truth.partialTables,
    extraRows: truth.extraRows,
    issues: truth.expectedIssues.map((i) => ({ ...i, severity: IssueSeverity.WARNING, message: '' })),
    applicationColumns: truth.applicationColumns,
    parserVersion: 'test',
    ...(truth.publishedAt ? { publishedAt: truth.publishedAt } : {}),
  } as unknown as GoldenJson;
  const ok = scoreReport(truth, perfect);
  assert.deepEqual(ok.mismatches, []);
  // the granted row's six printed cells are flagged; the one not printed is not a cell
  assert.equal(ok.counts.flagged, 6);
  assert.equal(ok.counts.wrongUnflagged, 0);
  const cellsPrinted = ok.counts.right + ok.counts.flagged;
  // a reader that takes the flagged row anyway, shifted, and misses the issue
  const wrong = structuredClone(perfect) as GoldenJson & { applications: Record<string, number[]> };
  wrong.applications[RowCode.GRANTED] = [1, 2, 3, 4, 5, 6, 7];
  wrong.issues = [];
  wrong.partialTables = [];
  const bad = scoreReport(truth, wrong);
  assert.equal(bad.counts.right + bad.counts.wrongUnflagged + bad.counts.flagged, cellsPrinted + 1);
  assert.ok(bad.counts.wrongUnflagged >= 6);
  assert.ok(bad.mismatches.some((m) => m.startsWith(`applications.${RowCode.GRANTED}`)));
  assert.ok(bad.mismatches.some((m) => m.startsWith('issues')));
  const tally = new Tally();
  tally.add('pipe', 'x', ok);
  tally.add('pipe', 'y', bad);
  assert.match(tally.table(), /^pipe\s+2\s/m);
});

test('gongkai synth --fault-kinds all --variant-rate R: the reader corpus; other values are usage errors', async () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-synth-cli-'));
  const base = ['--agencies', '2', '--years', '2021-2022', '--seed', 'cli', '--out', out];
  try {
    await assert.rejects(synthCommand.run([...base, '--fault-kinds', 'some']), UsageError);
    await assert.rejects(synthCommand.run([...base, '--variant-rate', '1.5']), UsageError);
    await assert.rejects(synthCommand.run([...base, '--layouts', 'oneline,tables']), UsageError);
    const args = [
      '--layouts',
      'oneline,markdown',
      '--fault-kinds',
      'all',
      '--fault-rate',
      '1',
      '--variant-rate',
      '1',
    ];
    assert.equal(await synthCommand.run([...base, ...args]), 0);
    const truths = (fs.readdirSync(path.join(out, 'truth'), { recursive: true }) as string[])
      .filter((f) => f.endsWith('.json'))
      .map((f) => JSON.parse(fs.readFileSync(path.join(out, 'truth', f), 'utf8')) as TruthJson);
    assert.equal(truths.length, 4);
    for (const t of truths) {
      assert.ok(['oneline', 'markdown'].includes(t.layout));
      assert.ok((t.variants ?? []).length > 0, 'every text report carries variants at rate 1');
      assert.equal(t.faults.length, 1, 'every report a fault at rate 1');
    }
  } finally {
    fs.rmSync(out, { recursive: true, force: true });
  }
});

/** The score (src/synth/score.ts): cells right, flagged, wrong-and-unflagged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IssueSeverity, RowCode } from '../../../src/domain/codes';
import type { GoldenJson } from '../../../src/parser';
import { scoreReport, Tally } from '../../../src/synth/score';
import { buildTruth } from '../../../src/synth/truth';
import { composedReport } from '../../support/synth';

test('the score counts cells right, flagged and wrong-and-unflagged against the truth', () => {
  const { doc } = composedReport('score', 'pipe', {
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

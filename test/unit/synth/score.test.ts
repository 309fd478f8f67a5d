/** The score (src/synth/score.ts): cells right, flagged, wrong-and-unflagged. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FormVersion, IssueSeverity, RowCode } from '../../../src/domain/codes';
import type { GoldenJson } from '../../../src/parser';
import { type Agency, generateAgencies, type Layout } from '../../../src/synth/agencies';
import { compose, type Composed } from '../../../src/synth/compose';
import { applyFault, type Fault } from '../../../src/synth/faults';
import { Rng } from '../../../src/synth/prng';
import { scoreReport, Tally } from '../../../src/synth/score';
import { buildTruth } from '../../../src/synth/truth';
import { agencyTilt, generateYear, initialState } from '../../../src/synth/values';

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

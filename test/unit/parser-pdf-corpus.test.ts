/**
 * PDF reports of the synthetic corpus against their truth: both PDF layouts (ruled tables as Word
 * prints the template, and tables without rules), both forms, clean and with every fault a PDF
 * report can show, printed by Chromium. Each report parses (`toGoldenJson(await
 * parseDocument(…))`) to exactly its truth, the truth of the HTML it was printed from, and no
 * cell is read wrong without an issue on it; the share of cells read right is printed
 * (src/synth/score.ts). Skipped with a notice when Chromium is missing outside CI.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { FormVersion } from '../../src/domain/codes';
import { parseDocument, toGoldenJson } from '../../src/parser';
import type { Layout } from '../../src/synth/agencies';
import { FAULT_KINDS, type FaultKind, faultPossible } from '../../src/synth/faults';
import { chromiumMissing, PDF_LAYOUTS, printPdfs, type PrintJob } from '../../src/synth/render/pdf';
import { scoreReport, Tally } from '../../src/synth/score';
import type { TruthJson } from '../../src/synth/truth';
import { browserTestPlan } from '../support/browser';
import { generateReports } from '../support/synth';

const plan = browserTestPlan();
if (plan.action === 'fail') throw new Error(`pdf-corpus prints PDFs: ${plan.notice}`);
const missing = plan.action === 'skip' ? (chromiumMissing() ?? plan.reason) : null;
if (missing) console.warn(`\n!!! pdf-corpus: ${missing}.\n!!! This test is SKIPPED.\n`);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-pdf-corpus-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

interface Generated {
  layout: Layout;
  truth: TruthJson;
  file: string;
}

/**
 * One agency's reports in one layout: on 2019–2022 (both forms) without a fault, on 2020–2021
 * (one of each form, as most agencies change form in 2021) with one fault kind on each, so that
 * the suite prints a few dozen PDFs.
 */
function generate(layout: Layout, fault: FaultKind | null, jobs: PrintJob[]): Generated[] {
  const { reports, toPrint } = generateReports(tmp, {
    name: 'pdf-corpus',
    layout,
    fault,
    agencies: 1,
    ...(fault ? { years: [2020, 2021] as const } : {}),
  });
  jobs.push(...toPrint);
  return reports.map((r) => ({ layout, ...r }));
}

describe('PDF reports of the synthetic corpus', { skip: missing ?? false }, () => {
  const corpus: Generated[] = [];
  const tally = new Tally();

  before(async () => {
    const jobs: PrintJob[] = [];
    for (const layout of PDF_LAYOUTS) {
      for (const fault of [null, ...FAULT_KINDS.filter((k) => faultPossible(k, layout, true))]) {
        corpus.push(...generate(layout, fault, jobs));
      }
    }
    // one browser prints them all
    await printPdfs(jobs);
    for (const g of corpus) {
      const label = `${g.truth.file} (${g.truth.formatVersion}; ${g.truth.faults.map((f) => f.kind).join(',') || 'no fault'})`;
      try {
        const report = await parseDocument(fs.readFileSync(g.file), { fileName: g.truth.file });
        tally.add(g.layout, label, scoreReport(g.truth, toGoldenJson(report)));
      } catch (e) {
        tally.add(g.layout, label, {
          counts: { right: 0, flagged: 0, wrongFlagged: 0, wrongUnflagged: 0, missedUnflagged: 0 },
          mismatches: [`did not parse: ${(e as Error).message}`],
        });
      }
    }
    console.log(`PDF reports: cells per layout (a cell is one printed number of a table)\n${tally.table()}`);
  });

  test('the corpus covers both layouts × forms × every fault a PDF can show', () => {
    for (const layout of PDF_LAYOUTS) {
      const list = corpus.filter((g) => g.layout === layout);
      for (const form of [FormVersion.V2019, FormVersion.V2021]) {
        const ofForm = list.filter((g) => g.truth.formatVersion === form);
        assert.ok(
          ofForm.some((g) => g.truth.faults.length === 0),
          `${layout} × ${form} without a fault`,
        );
        for (const kind of FAULT_KINDS.filter((k) => faultPossible(k, layout, true))) {
          assert.ok(
            list.some((g) => g.truth.faults.some((f) => f.kind === kind)),
            `${layout} × ${kind}`,
          );
        }
      }
      // the row faults, each with its truth (a row a cell short, a row added or printed twice, a file cut off)
      for (const kind of ['missingCell', 'extraRow', 'truncated'] as const) {
        assert.ok(
          list.some((g) => g.truth.faults.some((f) => f.kind === kind)),
          `${layout} × ${kind}`,
        );
      }
      // the 2019 form's 政府集中采购 with its amount alone (one cell)
      assert.ok(
        list.some((g) => Object.keys(g.truth.activeDisclosure?.procurement ?? {}).join() === 'amount'),
        `${layout}: a 2019 report with 采购 as one cell`,
      );
      assert.ok(list.every((g) => g.truth.layout === layout && g.file.endsWith('.pdf')));
    }
    assert.ok(corpus.length >= 40 && corpus.length <= 64, `${corpus.length} reports`);
  });

  for (const layout of PDF_LAYOUTS) {
    test(`${layout}: every report parses to its truth, and no cell is wrong without an issue`, () => {
      const c = tally.classes.get(layout);
      assert.ok(c && c.reports > 0);
      assert.equal(c.counts.wrongUnflagged, 0, `${layout}: cells read wrong with no issue on them`);
      assert.deepEqual(
        c.lines.slice(0, 40),
        [],
        `${layout}: ${c.mismatched} of ${c.reports} reports differ from their truth (first 40 differences)`,
      );
      assert.ok(c.counts.right > 0);
    });
  }
});

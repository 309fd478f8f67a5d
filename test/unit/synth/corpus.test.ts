/**
 * The synthetic corpus against the parser: every generated report, of every layout and form,
 * parses to exactly its ground truth (values and the set of expected issues); generation is
 * deterministic; the truth keeps identity 5 where no fault was injected; the manifest is one
 * `gongkai ingest` reads.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FormVersion, IssueCode } from '../../../src/domain/codes';
import { resolveRegion } from '../../../src/domain/regions';
import { parseReport, toGoldenJson } from '../../../src/parser';
import { readManifest } from '../../../src/ingest/manifest';
import { LAYOUTS } from '../../../src/synth/agencies';
import { synthesize, type SynthSummary } from '../../../src/synth/corpus';
import type { TruthJson } from '../../../src/synth/truth';
import { issueKeys } from '../../support/synth';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-synth-test-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function truthPath(dir: string, file: string): string {
  return path.join(dir, file.replace(/^reports\//, 'truth/').replace(/\.(txt|html)$/, '.json'));
}

describe('a corpus of every layout and form, with faults, parses to its ground truth', () => {
  const dir = path.join(tmp, 'corpus');
  let summary: SynthSummary;
  let truths: TruthJson[] = [];

  before(() => {
    summary = synthesize({
      agencies: 56,
      firstYear: 2019,
      lastYear: 2025,
      seed: 'unit-test',
      out: dir,
      faultRate: 0.25,
    });
    const manifest = fs.readFileSync(path.join(dir, 'manifest.jsonl'), 'utf8').trim().split('\n');
    truths = manifest.map((line) => {
      const file = (JSON.parse(line) as { file: string }).file;
      return JSON.parse(fs.readFileSync(truthPath(dir, file), 'utf8')) as TruthJson;
    });
  });

  test('it covers every layout × form and every kind of fault', () => {
    assert.equal(summary.reports, 56 * 7);
    assert.equal(truths.length, summary.reports);
    for (const layout of LAYOUTS) {
      for (const form of [FormVersion.V2019, FormVersion.V2021]) {
        assert.ok(
          truths.some((t) => t.layout === layout && t.formatVersion === form),
          `${layout} × ${form}`,
        );
      }
    }
    const kinds = new Set(truths.flatMap((t) => t.faults.map((f) => f.kind)));
    assert.deepEqual([...kinds].sort(), [
      'carryOver',
      'missingTable',
      'outcomeTotal',
      'reviewExtraCell',
      'reviewTotal',
      'rowTotal',
    ]);
    // a 2019-form report after 2020: agencies that kept the old form
    assert.ok(truths.some((t) => t.formatVersion === FormVersion.V2019 && t.year > 2020));
  });

  test('every report parses to exactly its truth: values, sections and issues', () => {
    const failures: string[] = [];
    for (const t of truths) {
      const json = toGoldenJson(parseReport(fs.readFileSync(path.join(dir, t.file)), { fileName: t.file }));
      const diff = (what: string, got: unknown, want: unknown) => {
        try {
          assert.deepStrictEqual(got, want);
        } catch {
          failures.push(`${t.file} (${t.layout}, ${t.formatVersion}): ${what}: got ${JSON.stringify(got)}`);
        }
      };
      diff('year', json.year, t.year);
      diff('form', json.formatVersion, t.formatVersion);
      diff('agency', json.agency.nameInText, t.agency.nameInText);
      diff('publishedAt', json.publishedAt, t.publishedAt);
      diff('sectionTitles', json.sectionTitles, t.sectionTitles);
      diff('printedTitles', json.printedTitles, t.printedTitles);
      diff('activeDisclosure', json.activeDisclosure, t.activeDisclosure);
      diff('applications', json.applications, t.applications);
      diff('reviewLitigation', json.reviewLitigation, t.reviewLitigation);
      diff('applicationColumns', json.applicationColumns, t.applicationColumns);
      diff('issues', issueKeys(json.issues), issueKeys(t.expectedIssues));
    }
    assert.deepEqual(failures.slice(0, 20), []);
  });

  test('clean reports have no expected issues; faulted ones have the issue their fault causes', () => {
    for (const t of truths) {
      const fault = t.faults[0];
      if (!fault) {
        assert.deepEqual(t.expectedIssues, [], t.file);
        continue;
      }
      const codes = new Set(t.expectedIssues.map((i) => i.code));
      const want: Record<string, IssueCode | null> = {
        rowTotal: IssueCode.ROW_TOTAL_MISMATCH,
        outcomeTotal: IssueCode.OUTCOME_TOTAL_MISMATCH,
        reviewTotal: IssueCode.REVIEW_TOTAL_MISMATCH,
        reviewExtraCell: IssueCode.CELL_COUNT_MISMATCH,
        missingTable: IssueCode.MISSING_TABLE,
        carryOver: null,
      };
      const code = want[fault.kind];
      if (code) assert.ok(codes.has(code), `${t.file}: ${fault.kind} gives ${code}`);
      else {
        assert.deepEqual(
          t.expectedIssues,
          [],
          `${t.file}: a broken carry-over breaks nothing inside the report`,
        );
        assert.ok(
          t.expectedLoadIssues.some(
            (i) => i.code === IssueCode.CARRY_OVER_MISMATCH && i.where === fault.where,
          ),
          `${t.file}: a broken carry-over is a load issue on ${fault.where}`,
        );
      }
      if (fault.kind === 'reviewExtraCell') assert.equal(t.reviewLitigation, null);
    }
  });

  test('identity 5 holds in the truth between consecutive years without faults', () => {
    let pairs = 0;
    const byAgency = new Map<string, TruthJson[]>();
    for (const t of truths) {
      const key = `${t.agency.manifestName}@${t.agency.divisionCode}`;
      byAgency.set(key, [...(byAgency.get(key) ?? []), t]);
    }
    for (const reports of byAgency.values()) {
      reports.sort((a, b) => a.year - b.year);
      for (let k = 1; k < reports.length; k++) {
        const prev = reports[k - 1] as TruthJson;
        const cur = reports[k] as TruthJson;
        if (prev.faults.length > 0 || cur.faults.length > 0) continue;
        assert.equal(cur.year, prev.year + 1);
        assert.deepEqual(cur.applications?.carriedOver, prev.applications?.carriedForward, cur.file);
        assert.deepEqual(cur.expectedLoadIssues, [], cur.file);
        pairs++;
      }
    }
    assert.ok(pairs > 100, `${pairs} clean pairs checked`);
  });

  test('the manifest is one `gongkai ingest` reads, with real division codes', () => {
    const manifest = readManifest(path.join(dir, 'manifest.jsonl'));
    assert.equal(manifest.size, summary.reports);
    const levels = new Set<string>();
    const kinds = new Set<string>();
    for (const [file, entry] of manifest) {
      assert.ok(fs.existsSync(file), file);
      assert.ok(
        entry.agency && entry.province && entry.divisionCode && entry.level && entry.kind && entry.year,
      );
      levels.add(entry.level);
      kinds.add(entry.kind);
      const region = resolveRegion(entry);
      assert.equal(region.divisionCode, entry.divisionCode, `${entry.agency}: region resolves to its code`);
    }
    assert.deepEqual([...levels].sort(), ['city', 'county', 'province', 'township']);
    assert.deepEqual([...kinds].sort(), ['department', 'developmentZone', 'government', 'township']);
  });
});

describe('determinism', () => {
  function digest(dir: string): string {
    const hash = createHash('sha256');
    const files = (fs.readdirSync(dir, { recursive: true }) as string[]).sort();
    for (const f of files) {
      const full = path.join(dir, f);
      if (fs.statSync(full).isFile()) hash.update(f).update(fs.readFileSync(full));
    }
    return hash.digest('hex');
  }
  const run = (name: string, seed: string) => {
    const out = path.join(tmp, name);
    synthesize({ agencies: 12, firstYear: 2019, lastYear: 2023, seed, out, faultRate: 0.3 });
    return digest(out);
  };

  test('the same arguments give byte-identical output; another seed another corpus', () => {
    const a = run('det-a', 's1');
    const b = run('det-b', 's1');
    const c = run('det-c', 's2');
    assert.equal(a, b);
    assert.notEqual(a, c);
  });
});

/** The five seeds parse to exactly their hand-checked golden values and issues. */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SECTION_NUMBERS, TableCode } from '../../src/domain/codes';
import { parseReport, toGoldenJson } from '../../src/parser';
import { CORPUS, goldenFiles, readGolden } from '../support/golden';

const goldens = goldenFiles().map(readGolden);

test('the corpus has the five seeds', () => {
  assert.equal(goldens.length, 5);
});

for (const golden of goldens) {
  describe(`seed ${golden.file}`, () => {
    const bytes = readFileSync(join(CORPUS, 'seeds', golden.file));
    const report = parseReport(bytes, { fileName: golden.file });
    const json = toGoldenJson(report);

    test('year, form and agency', () => {
      assert.equal(report.year, golden.year);
      assert.equal(report.formVersion, golden.formatVersion);
      assert.equal(report.agency.nameInText, golden.agency.nameInText);
      assert.equal(report.agency.name, golden.agency.nameInText);
      if (golden.publishedAt !== undefined) assert.equal(report.publishedAt, golden.publishedAt);
    });

    test('all six sections with their standard titles', () => {
      assert.deepEqual(json.sectionTitles, golden.sectionTitles);
      assert.deepEqual(
        report.sections.map((s) => s.number),
        [...SECTION_NUMBERS],
      );
      if (golden.printedTitles !== undefined) assert.deepEqual(json.printedTitles, golden.printedTitles);
    });

    test('each section contains its phrases, and only that section', () => {
      for (const [n, phrases] of Object.entries(golden.sectionContains)) {
        const section = report.sections.find((s) => s.number === Number(n));
        assert.ok(section, `section ${n} found`);
        for (const phrase of phrases) {
          assert.ok(section.text.includes(phrase), `section ${n} contains ${phrase}`);
          for (const other of report.sections) {
            if (other.number !== section.number && phrase.length > 3) {
              assert.ok(!other.text.includes(phrase), `section ${other.number} does not contain ${phrase}`);
            }
          }
        }
      }
    });

    test('active disclosure values', () => {
      assert.deepEqual(json.activeDisclosure, golden.activeDisclosure);
    });

    test('applications values', () => {
      assert.deepEqual(json.applicationColumns, golden.applicationColumns);
      assert.deepEqual(json.applications, golden.applications);
    });

    test('review and litigation values (null when flagged)', () => {
      assert.deepEqual(json.reviewLitigation, golden.reviewLitigation);
      const present = report.tables.some((t) => t.table === TableCode.REVIEW_LITIGATION);
      assert.equal(present, golden.reviewLitigation !== null);
    });

    test('exactly the expected issues', () => {
      const got = report.issues.map((i) => `${i.code}@${i.where}`).sort();
      const want = golden.expectedIssues.map((i) => `${i.code}@${i.where}`).sort();
      assert.deepEqual(got, want);
    });

    test('cells carry positions inside the source text', () => {
      const lines = report.sourceText.split(/\r\n|\r|\n/);
      for (const table of report.tables) {
        for (const row of table.rows) {
          for (const cell of row.cells) {
            assert.ok(cell.position, `${row.code}.${cell.column} has a position`);
            const line = lines[cell.position.line - 1] ?? '';
            assert.equal(
              line.slice(cell.position.column - 1).startsWith(cell.raw),
              true,
              `${row.code}.${cell.column} raw at its position`,
            );
          }
        }
      }
    });
  });
}

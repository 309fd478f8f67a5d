/** Year-over-year section similarity (pg_trgm) and section text search, on the seed reports. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SectionNumber } from '../../src/domain/codes';
import { saveReport } from '../../src/db/writes/save';
import { allGoldenReports } from '../support/golden';
import { useFixture } from '../support/fixture';

const seeds = allGoldenReports();
const zhangzhou = seeds.find((s) => s.golden.file.startsWith('003'))!;
const other = seeds.find((s) => s.golden.file.startsWith('004'))!;

const fx = useFixture({
  seeds: true,
  // The same agency's next year: sections 1–5 copied word for word, section 6 rewritten.
  load: async (db) => {
    const r = zhangzhou.report;
    await saveReport(db.ds, {
      ...r,
      year: r.year + 1,
      sourceText: `${r.sourceText} (next year)`,
      issues: [],
      sections: r.sections.map((s) =>
        s.number === 6 ? { ...s, text: other.report.sections.find((o) => o.number === 1)!.text } : s,
      ),
    });
  },
  server: 'analytics',
});

test('sections copied from the previous year are found with similarity 1; a rewritten one is not', async () => {
  const res = await fx.server.gql<{
    similarSections: { year: number; section: number; similarity: number; agencyName: string }[];
  }>(`{ similarSections(minSimilarity: 0.9) { agencyName year section similarity } }`);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const copied = zhangzhou.report.sections
    .filter((s) => s.number !== 6 && s.text.length > 0)
    .map((s) => s.number);
  assert.deepEqual(res.data!.similarSections.map((x) => x.section).sort(), [...copied].sort());
  for (const x of res.data!.similarSections) {
    assert.equal(x.similarity, 1);
    assert.equal(x.year, zhangzhou.golden.year + 1);
    assert.equal(x.agencyName, zhangzhou.golden.agency.manifestName);
  }
  const bad = await fx.server.gql(`{ similarSections(minSimilarity: 2) { year } }`);
  assert.equal(bad.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  const code = await fx.server.gql(`{ refusedBreakdown(filter: { divisionCode: "4300" }) { year } }`);
  assert.equal(code.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(code.errors![0]!.message, /divisionCode must be 6 digits/);
});

test('text search finds a phrase in the right report and section, literally', async () => {
  const { golden } = other;
  const phrase = golden.sectionContains['5']![0]!;
  const res = await fx.server.gql<{
    searchSections: { agencyName: string; year: number; section: number; snippet: string }[];
  }>(`query ($text: String!) { searchSections(text: $text) { agencyName year section snippet } }`, {
    text: phrase,
  });
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  assert.deepEqual(
    res.data!.searchSections.map((m) => [m.agencyName, m.year, m.section as SectionNumber]),
    [[golden.agency.manifestName, golden.year, 5]],
  );
  assert.ok(res.data!.searchSections[0]!.snippet.includes(phrase));
  const wildcard = await fx.server.gql<{ searchSections: unknown[] }>(
    `{ searchSections(text: "%_") { year } }`,
  );
  assert.deepEqual(wildcard.data!.searchSections, [], '% and _ are not wildcards');
});

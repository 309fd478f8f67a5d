/**
 * Analytics through the federation gateway over a generated multi-year corpus, checked against
 * values computed here from the generator's ground-truth files (not from the code under test).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse } from 'graphql';
import { ingestFiles } from '../../src/ingest/batch';
import { readManifest } from '../../src/ingest/manifest';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway } from '../../src/server/gateway';
import { synthesize } from '../../src/synth/corpus';
import { readTruth, type Truth } from '../support/synth';
import { serve, useFixture } from '../support/fixture';
import { CountingLogger, startTestServer } from '../support/server';

const REASONS = [
  'stateSecret',
  'lawProhibited',
  'threeSecurityOneStability',
  'thirdPartyRights',
  'internalAffairs',
  'processInformation',
  'enforcementCaseFile',
  'administrativeQuery',
];
const REASON_ENUM = REASONS.map((r) => r.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase());

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-analytics-'));
/** Truth of every ingested report; some files are skipped on purpose (coverage gaps). */
const truths: Truth[] = [];
const skipped: Truth[] = [];

const closeTo = (actual: unknown, expected: number | null, what: string) => {
  if (expected == null) return assert.equal(actual, null, what);
  assert.equal(typeof actual, 'number', what);
  assert.ok(Math.abs((actual as number) - expected) < 1e-9, `${what}: ${String(actual)} ≠ ${expected}`);
};
const sum = (xs: (number | null | undefined)[]): number | null => {
  const present = xs.filter((x): x is number => x != null);
  return present.length ? present.reduce((a, b) => a + b, 0) : null;
};
const total = (t: Truth, row: string) => t.applications?.[row]?.[6] ?? null;
const province = (t: Truth) => `${t.agency.divisionCode.slice(0, 2)}0000`;

/** The corpus, generated and ingested (every 11th report left out), under the in-process gateway. */
const fx = useFixture({
  load: async (db) => {
    synthesize({ agencies: 30, firstYear: 2019, lastYear: 2025, seed: 'analytics', out, faultRate: 0.15 });
    const manifest = readManifest(path.join(out, 'manifest.jsonl'));
    const files: string[] = [];
    let i = 0;
    for (const file of manifest.keys()) {
      const truth = readTruth(file);
      // Leave out every 11th report, never a first year (so carry-over truth stays as generated).
      if (i++ % 11 === 5 && truth.year > 2019 && truth.expectedLoadIssues.length === 0) {
        skipped.push(truth);
        continue;
      }
      truths.push(truth);
      files.push(file);
    }
    const summary = await ingestFiles(db.ds, files, { manifest, concurrency: 4 });
    assert.equal(summary.counts.failed, 0);
  },
  server: 'gateway',
});
after(() => fs.rmSync(out, { recursive: true, force: true }));

test('the refused-disclosure breakdown by province and year: counts and shares exactly', async () => {
  const res = await fx.server.gql<{ refusedBreakdown: Record<string, unknown>[] }>(
    `{ refusedBreakdown(groupBy: PROVINCE) { year groupCode reports totalProcessed refused
        reasons { reason label count shareOfRefusals shareOfProcessed } } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const groups = new Map<string, Truth[]>();
  for (const t of truths) {
    const key = `${t.year}|${province(t)}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  assert.equal(res.data!.refusedBreakdown.length, groups.size);
  for (const row of res.data!.refusedBreakdown) {
    const ts = groups.get(`${String(row.year)}|${String(row.groupCode)}`);
    assert.ok(ts, `group ${String(row.year)} ${String(row.groupCode)}`);
    assert.equal(row.reports, ts.length);
    const processed = sum(ts.map((t) => total(t, 'totalProcessed')));
    closeTo(row.totalProcessed, processed, 'totalProcessed');
    const counts = REASONS.map((r) => sum(ts.map((t) => total(t, `refused.${r}`))));
    const refused = sum(counts);
    closeTo(row.refused, refused, 'refused');
    const reasons = row.reasons as Record<string, unknown>[];
    assert.deepEqual(
      reasons.map((r) => r.reason),
      REASON_ENUM,
    );
    reasons.forEach((r, i) => {
      const c = counts[i] ?? null;
      closeTo(r.count, c, `${String(r.reason)} count`);
      closeTo(r.shareOfRefusals, c == null || !refused ? null : c / refused, 'shareOfRefusals');
      closeTo(r.shareOfProcessed, c == null || !processed ? null : c / processed, 'shareOfProcessed');
    });
  }
  assert.equal((res.data!.refusedBreakdown[0]!.reasons as { label: string }[])[0]!.label, '属于国家秘密');
});

test('a trend of a row group (其他处理, one row in 2019 forms, three parts in 2021) with year-over-year change', async () => {
  const res = await fx.server.gql<{ trend: Record<string, number | null>[] }>(
    `{ trend(measure: { table: APPLICATIONS, group: OTHER_DISPOSAL, column: TOTAL }) { year reports value change changeRate } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const years = [...new Set(truths.map((t) => t.year))].sort();
  const expected = years.map((y) => {
    const ts = truths.filter((t) => t.year === y && t.applications);
    return sum(
      ts.flatMap((t) =>
        Object.entries(t.applications!)
          .filter(([k]) => k === 'otherDisposal' || k.startsWith('otherDisposal.'))
          .map(([, v]) => v[6]),
      ),
    );
  });
  assert.deepEqual(
    res.data!.trend.map((p) => p.year),
    years,
  );
  res.data!.trend.forEach((p, i) => {
    closeTo(p.value, expected[i]!, `value ${p.year}`);
    const prev = i > 0 ? expected[i - 1]! : null;
    closeTo(p.change, prev == null ? null : expected[i]! - prev, `change ${p.year}`);
    closeTo(
      p.changeRate,
      prev == null || prev === 0 ? null : (expected[i]! - prev) / prev,
      `changeRate ${p.year}`,
    );
  });
  assert.ok(truths.some((t) => t.formatVersion === '2019') && truths.some((t) => t.formatVersion === '2021'));
});

test('rankings: bottom provinces by grant rate among those with enough requests', async () => {
  const res = await fx.server.gql<{ ranking: Record<string, unknown>[] }>(
    `{ ranking(rate: GRANT, groupBy: PROVINCE, order: BOTTOM, limit: 3, minRequests: 50, filter: { yearFrom: 2021 }) {
        groupCode processed grantRate } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const byProvince = new Map<string, Truth[]>();
  for (const t of truths.filter((x) => x.year >= 2021))
    byProvince.set(province(t), [...(byProvince.get(province(t)) ?? []), t]);
  const expected = [...byProvince.entries()]
    .map(([code, ts]) => {
      const processed = sum(ts.map((t) => total(t, 'totalProcessed'))) ?? 0;
      const granted = sum(ts.map((t) => total(t, 'granted'))) ?? 0;
      return { code, processed, rate: processed ? granted / processed : null };
    })
    .filter((g) => g.processed >= 50 && g.rate != null)
    .sort((a, b) => a.rate! - b.rate! || b.processed - a.processed || a.code.localeCompare(b.code))
    .slice(0, 3);
  assert.deepEqual(
    res.data!.ranking.map((r) => r.groupCode),
    expected.map((e) => e.code),
  );
  res.data!.ranking.forEach((r, i) => closeTo(r.grantRate, expected[i]!.rate, 'grantRate'));
});

test('data quality: issue counts by code and year match the truth, carry-over breaks included', async () => {
  const res = await fx.server.gql<{ issueCounts: { year: number; code: string; issues: number }[] }>(
    `{ issueCounts { year code issues reports } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const expected = new Map<string, number>();
  for (const t of truths) {
    for (const i of [...t.expectedIssues, ...t.expectedLoadIssues]) {
      const key = `${t.year}|${i.code}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
  }
  const actual = new Map(res.data!.issueCounts.map((r) => [`${r.year}|${r.code}`, r.issues]));
  assert.deepEqual(actual, expected);
  assert.ok([...expected.keys()].some((k) => k.endsWith('CARRY_OVER_MISMATCH')));
});

test('coverage: the agencies and years left out are the gaps', async () => {
  const res = await fx.server.gql<{
    coverage: { total: number; gaps: { agencyName: string; missingYears: number[] }[] };
  }>(
    `{ coverage(filter: { yearFrom: 2019, yearTo: 2025 }, limit: 100) { total gaps { agencyName missingYears } } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const expected = new Map<string, number[]>();
  for (const t of skipped)
    expected.set(t.agency.manifestName, [...(expected.get(t.agency.manifestName) ?? []), t.year].sort());
  assert.equal(res.data!.coverage.total, expected.size);
  assert.deepEqual(new Map(res.data!.coverage.gaps.map((g) => [g.agencyName, g.missingYears])), expected);
});

test('one query spans both subgraphs: agencies (reports) with their trend and rates (analytics)', async () => {
  const res = await fx.server.gql<{ agencies: { nodes: Record<string, unknown>[] } }>(
    `{ agencies(first: 3) { nodes { id name
        trend(measure: { table: APPLICATIONS, row: NEW_RECEIVED, column: TOTAL }) { year value }
        reports { year applications { newReceived { total } } rates { processed refusalRate } } } } }`,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  for (const a of res.data!.agencies.nodes) {
    const reports = a.reports as {
      year: number;
      applications: { newReceived: { total: number } } | null;
      rates: { processed: number | null };
    }[];
    const trend = a.trend as { year: number; value: number }[];
    assert.deepEqual(
      trend.map((p) => [p.year, p.value]),
      reports.filter((r) => r.applications).map((r) => [r.year, r.applications!.newReceived.total]),
    );
    assert.ok(reports.every((r) => r.rates != null));
  }
});

describe('analytics statements do not grow with reports, years, groups or agencies', () => {
  test('one statement per analysis; entity fields batched across agencies', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = await serve(counted, 'gateway');
    try {
      const count = async (query: string) => {
        logger.reset();
        const res = await s.gql(query);
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        return logger.queries.length;
      };
      const narrow = await count(`{ refusedBreakdown(filter: { yearFrom: 2024, yearTo: 2024 }) { year } }`);
      const wide = await count(`{ refusedBreakdown(groupBy: AGENCY) { year } }`);
      assert.equal(narrow, 1);
      assert.equal(wide, 1);
      assert.equal(
        await count(
          `{ trend(measure: { table: APPLICATIONS, group: REFUSED, column: TOTAL }, groupBy: COUNTY) { year } }`,
        ),
        1,
      );
      const few = await count(
        `{ agencies(first: 2) { nodes { trend(measure: { table: APPLICATIONS, row: GRANTED, column: TOTAL }) { year } refusalsByYear { year } reports { rates { grantRate } } } } }`,
      );
      const many = await count(
        `{ agencies(first: 20) { nodes { trend(measure: { table: APPLICATIONS, row: GRANTED, column: TOTAL }) { year } refusalsByYear { year } reports { rates { grantRate } } } } }`,
      );
      assert.equal(few, many, `statements for 2 vs 20 agencies: ${few} vs ${many}`);
    } finally {
      await s.close();
    }
  });
});

test('a third subgraph composes with both and extends Agency; one query spans all three', async () => {
  const external = buildSubgraphSchema({
    typeDefs: parse(`
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.3", import: ["@key"])
      type Agency @key(fields: "id") { id: ID! website: String! }
    `),
    resolvers: {
      Agency: {
        __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
        website: (a: { id: string }) => `https://agency-${a.id}.example.gov.cn`,
      },
    },
  });
  const subgraphs = [
    ...(await Promise.all(SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })))),
    { name: 'sites', schema: external },
  ];
  const s = await startTestServer(fx.db.ds, {}, { gateway: localGateway(subgraphs) });
  try {
    const res = await s.gql<{
      agencies: { nodes: { id: string; name: string; website: string; refusalsByYear: unknown[] }[] };
    }>(`{ agencies(first: 2) { nodes { id name website refusalsByYear { year refused } } } }`);
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    for (const a of res.data!.agencies.nodes) {
      assert.equal(a.website, `https://agency-${a.id}.example.gov.cn`);
      assert.ok(a.name.length > 0);
      assert.ok(a.refusalsByYear.length > 0);
    }
  } finally {
    await s.close();
  }
});

/**
 * Filters behave alike in `reports` and the analytics fields, on a subgraph's own server and
 * through the in-process gateway (what `npm start` serves).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { readRegionFilter } from '../../src/domain/regions';
import { allGoldenReports } from '../support/golden';
import { type RemoteSet, serve, serveRemote, useFixture } from '../support/fixture';
import { type TestServer } from '../support/server';

const seeds = allGoldenReports();
/** The in-process gateway, and each subgraph served alone under a gateway by URL. */
let gateway: TestServer;
let remote: RemoteSet;
const fx = useFixture({
  seeds: true,
  server: 'reports',
  setUp: async (f) => {
    gateway = f.track(await serve(f.db.ds, 'gateway'));
    remote = f.track(await serveRemote(f.db.ds));
  },
});

const REPORTS = `query ($filter: ReportFilter) { reports(filter: $filter) { totalCount nodes { year } } }`;
const BREAKDOWN = `query ($filter: ReportFilter) { refusedBreakdown(filter: $filter) { year reports } }`;

describe('yearFrom after yearTo', () => {
  const inverted = { yearFrom: 2024, yearTo: 2020 };
  const expectBadRange = (res: Awaited<ReturnType<TestServer['gql']>>, what: string) => {
    assert.equal(res.errors?.length, 1, `${what}: ${JSON.stringify(res)}`);
    const [error] = res.errors!;
    assert.equal(error!.extensions?.code, 'BAD_USER_INPUT', what);
    assert.match(error!.message, /yearFrom \(2024\) is after yearTo \(2020\)/, what);
  };

  test('is BAD_USER_INPUT naming both arguments, in reports as in analytics, with one message', async () => {
    const reports = await fx.server.gql(REPORTS, { filter: inverted });
    expectBadRange(reports, 'reports');
    const viaGateway = await gateway.gql(REPORTS, { filter: inverted });
    expectBadRange(viaGateway, 'reports through the gateway');
    const analytics = await gateway.gql(BREAKDOWN, { filter: inverted });
    expectBadRange(analytics, 'refusedBreakdown through the gateway');
    assert.equal(reports.errors![0]!.message, analytics.errors![0]!.message);
    const coverage = await gateway.gql(`{ coverage(filter: { yearFrom: 2024, yearTo: 2020 }) { total } }`);
    expectBadRange(coverage, 'coverage');
  });

  test('a one-year range (yearFrom = yearTo) is still a range', async () => {
    const res = await gateway.gql<{ reports: { totalCount: number; nodes: { year: number }[] } }>(REPORTS, {
      filter: { yearFrom: 2024, yearTo: 2024 },
    });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    const years = seeds.map((g) => g.golden.year);
    assert.equal(res.data!.reports.totalCount, years.filter((y) => y === 2024).length);
    assert.ok(res.data!.reports.nodes.every((n) => n.year === 2024));
  });
});

type Answer = Awaited<ReturnType<TestServer['gql']>> & { extensions?: { hints?: string[] } };
const servers = () => ({ subgraph: fx.server, gateway, 'remote gateway': remote.gateway });
/** Golden reports whose agency is in `province` (and `city`), by the names the golden files give. */
const inRegion = (province: string, city?: string) =>
  seeds.filter((s) => s.golden.agency.province === province && (!city || s.golden.agency.city === city))
    .length;

describe('short province and city names', () => {
  test('read as the full names of GB/T 2260, in reports, agencies and analytics, on every server', async () => {
    assert.ok(inRegion('湖南省') >= 2 && inRegion('湖南省', '岳阳市') >= 1, 'the seeds have Hunan reports');
    for (const [name, server] of Object.entries(servers())) {
      const short = await server.gql<{ reports: { totalCount: number } }>(REPORTS, {
        filter: { province: '湖南' },
      });
      assert.equal(short.errors, undefined, `${name}: ${JSON.stringify(short.errors)}`);
      assert.equal(short.data!.reports.totalCount, inRegion('湖南省'), name);
      assert.equal((short as Answer).extensions?.hints, undefined, `${name}: a short form is no mistake`);
      const city = await server.gql<{ reports: { totalCount: number } }>(REPORTS, {
        filter: { province: '湖南', city: '岳阳' },
      });
      assert.equal(city.data!.reports.totalCount, inRegion('湖南省', '岳阳市'), name);
      const agencies = await server.gql<{ agencies: { nodes: { province: string }[] } }>(
        `{ agencies(filter: { city: "岳阳" }) { nodes { province } } }`,
      );
      assert.deepEqual(
        agencies.data!.agencies.nodes.map((a) => a.province),
        Array(inRegion('湖南省', '岳阳市')).fill('湖南省'),
        name,
      );
      if (name === 'subgraph') continue; // the reports subgraph alone has no analytics fields
      const breakdown = await server.gql<{ refusedBreakdown: { reports: number }[] }>(BREAKDOWN, {
        filter: { province: '湖南' },
      });
      const counted = breakdown.data!.refusedBreakdown.reduce((n, r) => n + r.reports, 0);
      assert.equal(counted, inRegion('湖南省'), name);
    }
  });

  test('the library reads the common short forms, and leaves ambiguous ones alone', () => {
    assert.equal(readRegionFilter({ province: '湖南' }).province, '湖南省');
    assert.equal(readRegionFilter({ province: '广西' }).province, '广西壮族自治区');
    assert.equal(readRegionFilter({ province: '内蒙古' }).province, '内蒙古自治区');
    assert.equal(readRegionFilter({ city: '长沙' }).city, '长沙市');
    assert.equal(readRegionFilter({ city: '湘西' }).city, '湘西土家族苗族自治州');
    assert.equal(readRegionFilter({ city: '北京' }).city, '北京市', 'a municipality is its own city');
    assert.equal(readRegionFilter({ province: '湖南', city: '长沙' }).city, '长沙市');
    // 张家口市 and 张家界市: no guess, a hint naming both.
    const ambiguous = readRegionFilter({ city: '张家' });
    assert.equal(ambiguous.city, '张家');
    assert.deepEqual(ambiguous.hints, [
      'no city named 张家 in GB/T 2260; did you mean 张家口市 or 张家界市?',
    ]);
    // Full names and counties are taken as given.
    assert.equal(readRegionFilter({ county: '岳阳楼区' }).county, '岳阳楼区');
    assert.deepEqual(readRegionFilter({ province: '湖南省', city: '岳阳市', county: '岳阳楼区' }).hints, []);
  });
});

describe('a region GB/T 2260 does not know', () => {
  const cases: [Record<string, string>, string][] = [
    [{ province: '湖南x' }, 'no province named 湖南x in GB/T 2260; did you mean 湖南省?'],
    [{ province: '湖南', city: '长沙x' }, 'no city named 长沙x in 湖南省 in GB/T 2260; did you mean 长沙市?'],
    [{ province: '湖南', city: '广州' }, 'no city named 广州 in 湖南省 in GB/T 2260; 广州市 is in 广东省'],
    [
      { city: '岳阳', county: '岳阳楼' },
      'no county named 岳阳楼 in 岳阳市 in GB/T 2260; did you mean 岳阳楼区?',
    ],
    [{ divisionCode: '439999' }, 'no division with code 439999 in GB/T 2260; did you mean 430000 (湖南省)?'],
  ];

  test('answers empty with a hint in extensions.hints, on every server, as variables or literals', async () => {
    for (const [filter, hint] of cases) {
      for (const [name, server] of Object.entries(servers())) {
        const res = (await server.gql(REPORTS, { filter })) as Answer;
        assert.equal(res.errors, undefined, `${name}: ${JSON.stringify(res.errors)}`);
        assert.deepEqual(res.data, { reports: { totalCount: 0, nodes: [] } }, name);
        assert.deepEqual(res.extensions?.hints, [hint], `${name} ${JSON.stringify(filter)}`);
      }
    }
    // The same filter written in the query, on an analytics field, twice: one hint.
    const literal = (await gateway.gql(
      `{ a: refusedBreakdown(filter: { divisionCode: "439999" }) { year } b: reports(filter: { divisionCode: "439999" }) { totalCount } }`,
    )) as Answer;
    assert.equal(literal.errors, undefined, JSON.stringify(literal.errors));
    assert.deepEqual(literal.extensions?.hints, [cases[4]![1]]);
  });

  test('a known region gets no hint', async () => {
    const res = (await gateway.gql(REPORTS, {
      filter: { province: '湖南省', city: '岳阳市', county: '岳阳楼区', divisionCode: '430602' },
    })) as Answer;
    assert.equal(res.extensions, undefined, JSON.stringify(res.extensions));
  });
});

describe('one report scope for reports and analytics', () => {
  const ALL = `query ($filter: ReportFilter) {
    reports(filter: $filter) { totalCount }
    refusedBreakdown(filter: $filter) { reports }
    qualitySummary(filter: $filter) { reports }
  }`;
  type All = {
    reports: { totalCount: number };
    refusedBreakdown: { reports: number }[];
    qualitySummary: { reports: number }[];
  };
  const counts = (d: All) => ({
    reports: d.reports.totalCount,
    breakdown: d.refusedBreakdown.reduce((n, r) => n + r.reports, 0),
    quality: d.qualitySummary.reduce((n, r) => n + r.reports, 0),
  });

  test('an empty agencyIds list selects no report, in reports as in analytics (analytics took it as all)', async () => {
    const res = await gateway.gql<All>(ALL, { filter: { agencyIds: [] } });
    assert.equal(res.errors, undefined, JSON.stringify(res.errors));
    assert.deepEqual(counts(res.data!), { reports: 0, breakdown: 0, quality: 0 });
  });

  test('the same filter selects the same reports in reports and in analytics', async () => {
    const agencies = await gateway.gql<{ agencies: { nodes: { id: string }[] } }>(
      '{ agencies(first: 2) { nodes { id } } }',
    );
    const ids = agencies.data!.agencies.nodes.map((n) => n.id);
    for (const filter of [
      {},
      { agencyIds: ids },
      { province: '湖南', yearFrom: 2020 },
      { divisionCode: '430000', formVersion: 'V2021' },
      { level: 'COUNTY' },
    ]) {
      const res = await gateway.gql<All>(ALL, { filter });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const c = counts(res.data!);
      assert.equal(c.breakdown, c.reports, JSON.stringify(filter));
      assert.equal(c.quality, c.reports, JSON.stringify(filter));
      if (Object.keys(filter).length === 0) assert.equal(c.reports, seeds.length);
    }
  });

  test('agency ids are checked alike: a malformed one is BAD_USER_INPUT naming agencyIds', async () => {
    for (const query of [REPORTS, BREAKDOWN]) {
      const res = await gateway.gql(query, { filter: { agencyIds: ['x1'] } });
      assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', query);
      assert.match(res.errors![0]!.message, /agencyIds must be a positive whole number; got "x1"/);
    }
  });
});

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APPLICATION_COLUMNS, REVIEW_ROWS } from '../../src/domain/codes';
import { saveReport } from '../../src/db/writes/save';
import { allGoldenReports, type Golden } from '../support/golden';
import { CountingLogger, startTestServer } from '../support/server';
import { useFixture } from '../support/fixture';

const seeds = allGoldenReports();
const idsByFile = new Map<string, { reportId: number; agencyId: number }>();
const fx = useFixture({
  load: async (db) => {
    for (const { golden, report } of seeds) idsByFile.set(golden.file, await saveReport(db.ds, report));
  },
  server: 'reports',
});

const BREAKDOWN =
  'naturalPerson commercialEnterprise researchInstitution socialWelfareOrg legalServiceOrg otherOrg total';
const REPORT_QUERY = `query ($id: ID!) {
  report(id: $id) {
    id year formVersion nameInText
    agency { id name province city county divisionCode }
    sections { number standardTitle printedTitle text }
    activeDisclosure {
      regulations { issued repealed inForce newlyMade newlyPublished totalPublished }
      normativeDocuments { issued repealed inForce newlyMade newlyPublished totalPublished }
      licensing { decisions previousYearItems itemChange }
      otherManagementServices { decisions previousYearItems itemChange }
      punishment { decisions previousYearItems itemChange }
      enforcement { decisions previousYearItems itemChange }
      fees { amount previousYearItems itemChange }
      procurement { projects amount }
    }
    applications {
      newReceived { ${BREAKDOWN} } carriedOver { ${BREAKDOWN} }
      granted { ${BREAKDOWN} } partiallyGranted { ${BREAKDOWN} }
      refused {
        stateSecret { ${BREAKDOWN} } lawProhibited { ${BREAKDOWN} } threeSecurityOneStability { ${BREAKDOWN} }
        thirdPartyRights { ${BREAKDOWN} } internalAffairs { ${BREAKDOWN} } processInformation { ${BREAKDOWN} }
        enforcementCaseFile { ${BREAKDOWN} } administrativeQuery { ${BREAKDOWN} } total { ${BREAKDOWN} }
      }
      unableToProvide { notHeld { ${BREAKDOWN} } needsCreation { ${BREAKDOWN} } unclearAfterCorrection { ${BREAKDOWN} } }
      notProcessed {
        petitionOrComplaint { ${BREAKDOWN} } repeated { ${BREAKDOWN} } publication { ${BREAKDOWN} }
        excessive { ${BREAKDOWN} } confirmation { ${BREAKDOWN} }
      }
      otherDisposal { noCorrection { ${BREAKDOWN} } feeUnpaid { ${BREAKDOWN} } other { ${BREAKDOWN} } total { ${BREAKDOWN} } }
      totalProcessed { ${BREAKDOWN} } carriedForward { ${BREAKDOWN} }
    }
    reviewLitigation {
      reconsideration { upheld corrected other pending total }
      litigationDirect { upheld corrected other pending total }
      litigationAfterReconsideration { upheld corrected other pending total }
    }
    issues { code severity where }
  }
}`;

type Json = Record<string, unknown>;
const dig = (o: unknown, path: string): unknown =>
  path.split('.').reduce<unknown>((v, k) => (v == null ? v : (v as Json)[k]), o);
const asArray = (b: unknown): unknown[] => APPLICATION_COLUMNS.map((c) => (b as Json | null)?.[c] ?? null);

describe('GraphQL over HTTP returns the golden numbers of every seed', () => {
  for (const { golden } of seeds) {
    test(golden.file, async () => {
      const ids = idsByFile.get(golden.file)!;
      const res = await fx.server.gql<{ report: Json }>(REPORT_QUERY, { id: String(ids.reportId) });
      assert.equal(res.errors, undefined, JSON.stringify(res.errors));
      const r = res.data!.report;
      assert.equal(r.year, golden.year);
      assert.equal(r.formVersion, golden.formatVersion === '2019' ? 'V2019' : 'V2021');
      assert.equal(r.nameInText, golden.agency.nameInText);
      assert.equal(dig(r, 'agency.name'), golden.agency.manifestName);
      assert.equal(dig(r, 'agency.province'), golden.agency.province);
      assert.equal((r.sections as unknown[]).length, 6);

      for (const [row, cols] of Object.entries(golden.activeDisclosure)) {
        for (const [col, value] of Object.entries(cols)) {
          assert.equal(dig(r, `activeDisclosure.${row}.${col}`), value, `activeDisclosure.${row}.${col}`);
        }
      }
      for (const [code, values] of Object.entries(golden.applications)) {
        const path = code === 'otherDisposal' ? 'applications.otherDisposal.total' : `applications.${code}`;
        assert.deepEqual(asArray(dig(r, path)), values, code);
      }
      checkReview(r, golden);
      assert.deepEqual(
        (r.issues as Json[]).map((i) => `${String(i.code)}@${String(i.where)}`).sort(),
        golden.expectedIssues.map((i) => `${i.code}@${i.where}`).sort(),
      );
    });
  }
});

function checkReview(r: Json, golden: Golden): void {
  if (golden.reviewLitigation == null) {
    assert.equal(r.reviewLitigation, null, 'a flagged table is null, not guessed');
    return;
  }
  for (const row of REVIEW_ROWS) {
    assert.deepEqual(dig(r, `reviewLitigation.${row}`), golden.reviewLitigation[row], row);
  }
}

test('refused.total sums the eight reasons per applicant column', async () => {
  const { golden } = seeds[0]!;
  const id = String(idsByFile.get(golden.file)!.reportId);
  const res = await fx.server.gql<{ report: Json }>(REPORT_QUERY, { id });
  const expected = APPLICATION_COLUMNS.map((_, i) =>
    Object.entries(golden.applications)
      .filter(([k]) => k.startsWith('refused.'))
      .reduce((s, [, v]) => s + (v[i] ?? 0), 0),
  );
  assert.deepEqual(asArray(dig(res.data!.report, 'applications.refused.total')), expected);
});

test('sections, rows and cells: Section.rows, Row.cells and Row.value(column)', async () => {
  const { golden } = seeds[1]!;
  const id = String(idsByFile.get(golden.file)!.reportId);
  const res = await fx.server.gql<{ report: Json }>(
    `query ($id: ID!) { report(id: $id) {
      section(number: 3) { number standardTitle rows { id code table value naturalPerson: value(column: NATURAL_PERSON) cells { column value rawText } } }
      s1: section(number: 1) { rows { code } text }
    } }`,
    { id },
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const section = dig(res.data!.report, 'section') as Json;
  const rows = section.rows as Json[];
  assert.equal(rows.length, Object.keys(golden.applications).length);
  const carried = rows.find((row) => row.code === 'CARRIED_FORWARD')!;
  assert.equal(carried.value, golden.applications.carriedForward![6]);
  assert.equal(carried.naturalPerson, golden.applications.carriedForward![0]);
  assert.deepEqual(
    (carried.cells as Json[]).map((c) => c.column),
    [
      'NATURAL_PERSON',
      'COMMERCIAL_ENTERPRISE',
      'RESEARCH_INSTITUTION',
      'SOCIAL_WELFARE_ORG',
      'LEGAL_SERVICE_ORG',
      'OTHER_ORG',
      'TOTAL',
    ],
  );
  assert.deepEqual(dig(res.data!.report, 's1.rows'), []);
  assert.match(String(dig(res.data!.report, 's1.text')), new RegExp(golden.sectionContains['1']![0]!));
});

test('Query.agencies filters by name, region and division code, and pages by cursor', async () => {
  const q = `query ($filter: AgencyFilter, $first: Int, $after: String) {
    agencies(filter: $filter, first: $first, after: $after) { totalCount nodes { name } pageInfo { hasNextPage endCursor } } }`;
  const hunan = await fx.server.gql<{ agencies: Json }>(q, { filter: { province: '湖南省' } });
  assert.deepEqual(
    (dig(hunan.data, 'agencies.nodes') as Json[]).map((n) => n.name).sort(),
    ['岳阳市岳阳楼区人民政府', '常德经济技术开发区'].sort(),
  );
  const byCode = await fx.server.gql<{ agencies: Json }>(q, { filter: { divisionCode: '430600' } });
  assert.deepEqual(dig(byCode.data, 'agencies.nodes'), [{ name: '岳阳市岳阳楼区人民政府' }]);
  const byName = await fx.server.gql<{ agencies: Json }>(q, { filter: { nameContains: '开发区' } });
  assert.equal(dig(byName.data, 'agencies.totalCount'), 3);
  // LIKE wildcards in the text are matched literally: no name holds '%' or '_'.
  for (const nameContains of ['%', '_', '开发%']) {
    const literal = await fx.server.gql<{ agencies: Json }>(q, { filter: { nameContains } });
    assert.equal(dig(literal.data, 'agencies.totalCount'), 0, nameContains);
  }

  const seen: string[] = [];
  let after: string | null = null;
  for (let page = 0; page < 5; page++) {
    const res: { data?: { agencies: Json } } = await fx.server.gql<{ agencies: Json }>(q, {
      first: 2,
      after,
    });
    seen.push(...(dig(res.data, 'agencies.nodes') as Json[]).map((n) => String(n.name)));
    if (!dig(res.data, 'agencies.pageInfo.hasNextPage')) break;
    after = dig(res.data, 'agencies.pageInfo.endCursor') as string;
  }
  assert.equal(seen.length, seeds.length);
  assert.equal(new Set(seen).size, seeds.length);
});

test('Query.reports filters by year range, form version and region; Agency.reports(years)', async () => {
  const q = `query ($filter: ReportFilter) { reports(filter: $filter) { totalCount nodes { year agency { name reports(years: [2024]) { year } } } } }`;
  const recent = await fx.server.gql<{ reports: Json }>(q, { filter: { yearFrom: 2023, yearTo: 2024 } });
  assert.equal(dig(recent.data, 'reports.totalCount'), seeds.filter((s) => s.golden.year >= 2023).length);
  const old = await fx.server.gql<{ reports: Json }>(q, { filter: { formVersion: 'V2019' } });
  assert.deepEqual(
    (dig(old.data, 'reports.nodes') as Json[]).map((n) => n.year),
    [2020],
  );
  assert.deepEqual(dig(old.data, 'reports.nodes.0.agency.reports'), []);
  const hebei = await fx.server.gql<{ reports: Json }>(q, { filter: { divisionCode: '130000' } });
  assert.deepEqual(dig(hebei.data, 'reports.nodes.0.agency.reports'), [{ year: 2024 }]);
});

test("edges carry each node's cursor: the page after an edge's cursor starts at the next node", async () => {
  const q = `query ($after: String) { reports(first: 3, after: $after) {
    nodes { id } edges { cursor node { id } } pageInfo { endCursor } } }`;
  type Page = {
    reports: { nodes: { id: string }[]; edges: { cursor: string; node: { id: string } }[]; pageInfo: Json };
  };
  const first = await fx.server.gql<Page>(q);
  assert.equal(first.errors, undefined, JSON.stringify(first.errors));
  const { nodes, edges, pageInfo } = first.data!.reports;
  assert.deepEqual(
    edges.map((e) => e.node.id),
    nodes.map((n) => n.id),
  );
  assert.equal(edges[2]!.cursor, pageInfo.endCursor);
  const next = await fx.server.gql<Page>(q, { after: edges[0]!.cursor });
  const ids = next.data!.reports.nodes.map((n) => n.id);
  assert.equal(ids.length, 3);
  assert.deepEqual(ids.slice(0, 2), [nodes[1]!.id, nodes[2]!.id]);
});

test('page size over the cap and bad cursors are BAD_USER_INPUT with a clear message', async () => {
  const big = await fx.server.gql(`{ reports(first: 1000) { nodes { id } } }`);
  assert.equal(big.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(big.errors![0]!.message, /first must be between 1 and 100/);
  const cursor = await fx.server.gql(`{ agencies(after: "nope") { nodes { id } } }`);
  assert.equal(cursor.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  const code = await fx.server.gql(`{ agencies(filter: { divisionCode: "43" }) { nodes { id } } }`);
  assert.equal(code.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(code.errors![0]!.message, /divisionCode must be 6 digits/);
  const id = await fx.server.gql(`{ report(id: "abc") { id } }`);
  assert.equal(id.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
});

test('queries deeper than the limit are refused with QUERY_TOO_DEEP; introspection is not counted', async () => {
  const deep = await fx.server.gql(
    `{ reports { nodes { agency { reports { agency { reports { agency { reports { agency { reports { agency { reports { agency { reports { id } } } } } } } } } } } } } } }`,
  );
  assert.equal(deep.errors?.[0]?.extensions?.code, 'QUERY_TOO_DEEP');
  const intro = await fx.server.gql(
    `{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }`,
  );
  assert.equal(intro.errors, undefined);
});

test('Federation: _service.sdl has @key on Agency and Report; _entities resolves both', async () => {
  const sdl = await fx.server.gql<{ _service: { sdl: string } }>(`{ _service { sdl } }`);
  assert.match(sdl.data!._service.sdl, /type Agency\s+@key\(fields: "id"\)/);
  assert.match(sdl.data!._service.sdl, /type Report\s+@key\(fields: "id"\)/);
  const [a, b] = [...idsByFile.values()];
  const res = await fx.server.gql<{ _entities: Json[] }>(
    `query ($reps: [_Any!]!) { _entities(representations: $reps) {
       ... on Agency { __typename id name } ... on Report { __typename id year } } }`,
    {
      reps: [
        { __typename: 'Agency', id: String(a!.agencyId) },
        { __typename: 'Report', id: String(b!.reportId) },
        { __typename: 'Agency', id: String(b!.agencyId) },
      ],
    },
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const ents = res.data!._entities;
  assert.equal(ents[0]!.__typename, 'Agency');
  assert.equal(ents[0]!.id, String(a!.agencyId));
  assert.equal(ents[1]!.__typename, 'Report');
  assert.equal(ents[2]!.id, String(b!.agencyId));
});

test('Federation: a reference with an id that cannot be one is BAD_USER_INPUT, as everywhere else', async () => {
  for (const id of ['x', '0', '1.5', '99999999999']) {
    const res = await fx.server.gql(
      `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Report { id } } }`,
      { reps: [{ __typename: 'Report', id }] },
    );
    assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', `${id}: ${JSON.stringify(res)}`);
    assert.match(res.errors![0]!.message, /id must be a positive whole number/);
  }
});

describe('SQL statements per query do not grow with the result', () => {
  const NESTED = `query ($first: Int) { reports(first: $first) { nodes {
    id year agency { name reports { year } }
    sections { number rows { code cells { column value } value } }
    applications { refused { total { total } } totalProcessed { total } }
    activeDisclosure { licensing { decisions } }
    reviewLitigation { reconsideration { total } }
    issues { code }
  } } }`;

  test('the same count for 1 report as for 5, and for _entities of 1 and 5', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = await startTestServer(counted);
    try {
      const counts: number[] = [];
      for (const first of [1, 5]) {
        logger.reset();
        const res = await s.gql<{ reports: { nodes: unknown[] } }>(NESTED, { first });
        assert.equal(res.errors, undefined, JSON.stringify(res.errors));
        assert.equal(res.data!.reports.nodes.length, first);
        counts.push(logger.queries.length);
      }
      assert.equal(counts[0], counts[1], `statements for 1 vs 5 reports: ${counts.join(' vs ')}`);
      assert.ok(
        counts[0]! <= 10,
        `expected a handful of statements, got ${counts[0]}:\n${logger.queries.join('\n')}`,
      );

      const entityCounts: number[] = [];
      for (const n of [1, 5]) {
        logger.reset();
        const reps = [...idsByFile.values()]
          .slice(0, n)
          .map((x) => ({ __typename: 'Report', id: String(x.reportId) }));
        const res = await s.gql(
          `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Report { year agency { name } } } }`,
          { reps },
        );
        assert.equal(res.errors, undefined);
        entityCounts.push(logger.queries.length);
      }
      assert.equal(entityCounts[0], entityCounts[1], `_entities statements: ${entityCounts.join(' vs ')}`);
    } finally {
      await s.close();
    }
  });

  test('a list page reads only the columns asked for; fragments, edges and aliases each get theirs', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = await startTestServer(counted);
    try {
      logger.reset();
      const narrow = await s.gql('{ reports(first: 2) { nodes { id year agency { name } } } }');
      assert.equal(narrow.errors, undefined, JSON.stringify(narrow.errors));
      const sql = logger.queries.join('\n');
      assert.match(sql, /r\."year"/);
      assert.match(sql, /a\."name"/);
      assert.doesNotMatch(sql, /source_url|parser_version|ingested_at|a\."province"/, sql);

      type Node = { id: string; title: string | null; publishedAt: string | null; sourceFile: string | null };
      type Agency = { name: string; province: string | null; county: string | null };
      const wide = await s.gql<{
        a: { nodes: (Node & { agency: Agency })[]; edges: { node: { parserVersion: string } }[] };
        b: { nodes: { id: string; agency: Agency }[] };
      }>(
        `fragment F on Report { title publishedAt agency { province } }
         { a: reports(first: 5) { nodes { id ...F sourceFile agency { name county } } edges { node { parserVersion } } }
           b: reports(first: 5) { nodes { id agency { name } } } }`,
      );
      assert.equal(wide.errors, undefined, JSON.stringify(wide.errors));
      const stored: {
        id: number;
        title: string | null;
        source_file: string;
        published_at: string | null;
        parser_version: string;
      }[] = await fx.db.ds.query(
        `SELECT id, title, source_file, published_at::text, parser_version FROM reports ORDER BY id`,
      );
      const agencies: { name: string; province: string | null; county: string | null }[] =
        await fx.db.ds.query(
          `SELECT a.name, a.province, a.county FROM reports r JOIN agencies a ON a.id = r.agency_id ORDER BY r.id`,
        );
      wide.data!.a.nodes.forEach((n, i) => {
        assert.equal(n.id, String(stored[i]!.id));
        assert.equal(n.title, stored[i]!.title);
        assert.equal(n.publishedAt, stored[i]!.published_at);
        assert.equal(n.sourceFile, stored[i]!.source_file);
        assert.deepEqual(n.agency, agencies[i], 'fields of the fragment and of the node merge');
        assert.equal(wide.data!.a.edges[i]!.node.parserVersion, stored[i]!.parser_version);
      });
      wide.data!.b.nodes.forEach((n, i) => assert.equal(n.agency.name, agencies[i]!.name));

      // @include with a variable: the columns read do not depend on it (the look-ahead is cached per document).
      const q = 'query ($t: Boolean!) { reports(first: 2) { nodes { id title @include(if: $t) } } }';
      for (const t of [false, true, false]) {
        const r = await s.gql<{ reports: { nodes: { id: string; title?: string | null }[] } }>(q, { t });
        assert.equal(r.errors, undefined, JSON.stringify(r.errors));
        r.data!.reports.nodes.forEach((n, i) =>
          assert.deepEqual(
            n,
            t ? { id: String(stored[i]!.id), title: stored[i]!.title } : { id: String(stored[i]!.id) },
          ),
        );
      }
    } finally {
      await s.close();
    }
  });

  test('a list page with agency names is one statement; an agency page with its applications tables three', async () => {
    const logger = new CountingLogger();
    const counted = await fx.db.open(logger);
    const s = await startTestServer(counted);
    try {
      logger.reset();
      const page = await s.gql<{ reports: { nodes: { agency: { name: string } }[] } }>(
        '{ reports(first: 5) { nodes { id year agency { id name province } } } }',
      );
      assert.equal(page.errors, undefined, JSON.stringify(page.errors));
      assert.equal(page.data!.reports.nodes.length, 5);
      assert.ok(page.data!.reports.nodes.every((n) => n.agency.name));
      assert.equal(logger.queries.length, 1, logger.queries.join('\n'));

      const agencyId = [...idsByFile.values()][0]!.agencyId;
      logger.reset();
      const agency = await s.gql<{ agency: { reports: { applications: unknown }[] } }>(
        `query ($id: ID!) { agency(id: $id) { name reports { year applications {
           newReceived { total } refused { stateSecret { naturalPerson } total { total } } } } } }`,
        { id: String(agencyId) },
      );
      assert.equal(agency.errors, undefined, JSON.stringify(agency.errors));
      assert.ok(agency.data!.agency.reports.every((r) => r.applications));
      // the agency, its reports, their applications grids (report_grids)
      assert.equal(logger.queries.length, 3, logger.queries.join('\n'));
    } finally {
      await s.close();
    }
  });
});

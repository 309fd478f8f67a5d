/**
 * The subgraphs are served by graphql-jit (src/server/jit-executor.ts). Its answers must be
 * graphql-js's, field for field and error for error: each query here runs both ways over the
 * same data, each with a fresh request context, and the JSON must be identical.
 */
import { LocalGraphQLDataSource } from '@apollo/gateway';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import { execute, type GraphQLError, type GraphQLSchema, parse } from 'graphql';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { loadConfig } from '../../../src/config';
import { saveReport } from '../../../src/db/writes/save';
import { buildAnalyticsSchema, buildReportsSchema } from '../../../src/server/subgraphs';
import { createContext } from '../../../src/schema/context';
import { JitLocalDataSource, jitGateway } from '../../../src/server/jit-executor';
import { createTestDb, type TestDb } from '../../support/db';
import { allGoldenReports } from '../../support/golden';

let db: TestDb;
let reports: GraphQLSchema;
let analytics: GraphQLSchema;
const reportIds: number[] = [];
const agencyIds: number[] = [];

before(async () => {
  db = await createTestDb();
  for (const { report } of allGoldenReports()) {
    const res = await saveReport(db.ds, report);
    reportIds.push(res.reportId);
    agencyIds.push(res.agencyId);
  }
  reports = await buildReportsSchema();
  analytics = await buildAnalyticsSchema();
});
after(() => db.cleanup());

const config = loadConfig({});
const B =
  '{ naturalPerson commercialEnterprise researchInstitution socialWelfareOrg legalServiceOrg otherOrg total }';

/** The answer of graphql-jit (through the gateway interface Apollo calls) and of graphql-js. */
async function both(
  schema: GraphQLSchema,
  query: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
): Promise<{ jit: unknown; js: unknown }> {
  const document = parse(query);
  const gateway = jitGateway(schema);
  gateway.onSchemaLoadOrUpdate(() => undefined);
  const { executor } = await gateway.load({ apollo: {} });
  const jit = await executor!({
    document,
    operationName: operationName ?? null,
    queryHash: query,
    context: createContext(db.ds, config),
    request: { query, variables, operationName },
  } as unknown as GatewayGraphQLRequestContext);
  const js = await execute({
    schema,
    document,
    variableValues: variables,
    operationName,
    contextValue: createContext(db.ds, config),
  });
  // Errors as a client sees them (message, locations, path, code), data as JSON.
  const shape = (r: { data?: unknown; errors?: readonly unknown[] }) =>
    JSON.parse(
      JSON.stringify({
        data: r.data,
        errors: r.errors?.map((e) => {
          const g = e as GraphQLError;
          // Gongkai's errors carry their code on the cause; Apollo's formatError lifts it.
          const code = g.extensions?.code ?? (g.originalError as { code?: unknown } | undefined)?.code;
          return { message: g.message, locations: g.locations, path: g.path, code };
        }),
      }),
    ) as unknown;
  return { jit: shape(jit), js: shape(js) };
}

test('a whole report (typed views, sections, rows, cells, issues) is the same under graphql-jit', async () => {
  const query = `query R($id: ID!) {
    report(id: $id) {
      id year formVersion title publishedAt nameInText
      agency { id name province city county divisionCode reports(years: [2019, 2020, 2021, 2022, 2023, 2024, 2025]) { id year } }
      sections { number standardTitle printedTitle rows { rowCode cells { columnCode value raw } } }
      applications {
        newReceived ${B} carriedOver ${B} granted ${B} partiallyGranted ${B}
        refused { stateSecret ${B} lawProhibited ${B} threeSecurityOneStability ${B} thirdPartyRights ${B}
          internalAffairs ${B} processInformation ${B} enforcementCaseFile ${B} administrativeQuery ${B} total ${B} }
        unableToProvide { notHeld ${B} needsCreation ${B} unclearAfterCorrection ${B} total ${B} }
        notProcessed { petitionOrComplaint ${B} repeated ${B} publication ${B} excessive ${B} confirmation ${B} total ${B} }
        otherDisposal { noCorrection ${B} feeUnpaid ${B} other ${B} total ${B} }
        totalProcessed ${B} carriedForward ${B}
      }
      activeDisclosure { regulations { issued repealed inForce } licensing { decisions previousYearItems itemChange } }
      reviewLitigation { reconsideration { upheld corrected other pending total } }
      issues { code severity where }
    }
  }`;
  for (const id of reportIds) {
    const { jit, js } = await both(reports, query, { id: String(id) });
    assert.deepEqual(jit, js, `report ${id}`);
    assert.equal((js as { errors?: unknown }).errors, undefined);
  }
});

test('pages, fragments, aliases, @skip/@include and _entities are the same under graphql-jit', async () => {
  const query = `
    fragment A on Agency { id name }
    query P($after: String, $withAgency: Boolean!, $skipTitle: Boolean!) {
      first: reports(first: 2) { nodes { id year title @skip(if: $skipTitle) agency @include(if: $withAgency) { ...A } } pageInfo { hasNextPage endCursor } totalCount }
      next: reports(first: 2, after: $after) { nodes { id } }
      agencies(first: 3) { nodes { ...A kind level } totalCount }
      __typename
    }
    query E($reps: [_Any!]!) { _entities(representations: $reps) { __typename ... on Report { id year } ... on Agency { id name } } }`;
  const variants = [
    { after: null, withAgency: true, skipTitle: false },
    { after: null, withAgency: false, skipTitle: true },
  ];
  for (const v of variants) {
    const { jit, js } = await both(reports, query, v, 'P');
    assert.deepEqual(jit, js, JSON.stringify(v));
  }
  const reps = [
    { __typename: 'Report', id: String(reportIds[0]) },
    { __typename: 'Agency', id: String(agencyIds[1]) },
  ];
  const { jit, js } = await both(reports, query, { reps }, 'E');
  assert.deepEqual(jit, js);
  assert.equal(((js as { data: { _entities: unknown[] } }).data._entities ?? []).length, 2);
});

test('resolver errors keep message, path, locations and code under graphql-jit', async () => {
  const query = `{ ok: reports(first: 1) { nodes { id } } big: reports(first: 1000) { nodes { id } } }`;
  const { jit, js } = await both(reports, query);
  assert.deepEqual(jit, js);
  const errors = (jit as { errors: { code: string; path: string[]; locations: unknown[] }[] }).errors;
  assert.equal(errors[0]!.code, 'BAD_USER_INPUT');
  assert.deepEqual(errors[0]!.path, ['big']);
  assert.ok(errors[0]!.locations.length > 0);

  const id = await both(reports, `{ report(id: "abc") { id } }`);
  assert.deepEqual(id.jit, id.js);
});

test('the analytics subgraph answers the same under graphql-jit', async () => {
  const query = `{
    refusedBreakdown(groupBy: PROVINCE) { year reports refused reasons { reason label count } }
    rates(groupBy: PROVINCE) { processed }
  }`;
  const { jit, js } = await both(analytics, query);
  assert.deepEqual(jit, js);
  assert.ok(((js as { data: { refusedBreakdown: unknown[] } }).data.refusedBreakdown ?? []).length > 0);
});

test('the in-process gateway’s subgraph calls answer the same under graphql-jit as LocalGraphQLDataSource', async () => {
  const cases: { schema: GraphQLSchema; query: string; variables?: Record<string, unknown> }[] = [
    {
      schema: reports,
      query: `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Report { id year title agency { name } } } }`,
      variables: { representations: reportIds.map((id) => ({ __typename: 'Report', id: String(id) })) },
    },
    {
      schema: analytics,
      query: `{ refusedBreakdown(groupBy: PROVINCE) { year reports refused reasons { reason label count } } }`,
    },
    { schema: reports, query: `{ reports(first: 1000) { nodes { id } } }` },
    { schema: reports, query: `{ nosuchfield }` },
    { schema: reports, query: `{ unclosed` },
  ];
  for (const { schema, query, variables } of cases) {
    const jitSource = new JitLocalDataSource(schema);
    const plain = new LocalGraphQLDataSource(schema);
    // twice: the second answer comes from the compiled operation
    for (let i = 0; i < 2; i++) {
      const request = { query, variables };
      const a = await jitSource.process({ request, context: createContext(db.ds, config) } as never);
      const b = await plain.process({ request, context: createContext(db.ds, config) } as never);
      assert.deepEqual(JSON.parse(JSON.stringify(a)), JSON.parse(JSON.stringify(b)), query);
    }
  }
});

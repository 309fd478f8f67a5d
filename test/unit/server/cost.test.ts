/**
 * The cost estimator knows the size of every list in both subgraphs: a list field added without
 * one would be counted as a single value and let a query through the cost limit unchecked.
 */
import { getNamedType, isListType, isNonNullType, isObjectType, type GraphQLType } from 'graphql';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSubgraph, SUBGRAPH_NAMES } from '../../../src/server/subgraphs';
import { fanOut, listSize, YEARS } from '../../../src/server/cost';

const isList = (t: GraphQLType): boolean => (isNonNullType(t) ? isList(t.ofType) : isListType(t));

test('every list field of both subgraphs has a size', async () => {
  const missing: string[] = [];
  let lists = 0;
  for (const name of SUBGRAPH_NAMES) {
    const schema = await buildSubgraph(name);
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        if (!isList(field.type)) continue;
        lists++;
        const key = `${type.name}.${field.name}`;
        if (listSize(key, {}, 100) === undefined) missing.push(`${key}: ${String(getNamedType(field.type))}`);
      }
    }
  }
  assert.ok(lists > 20, `${lists} list fields`);
  assert.deepEqual(missing, [], 'add them to LIST_SIZES or listSize in src/server/cost.ts');
});

test('the groupBy fan-out narrows with the filter’s region, agencies and years', () => {
  assert.equal(fanOut({}), YEARS);
  assert.equal(fanOut({ groupBy: 'PROVINCE' }), YEARS * 34);
  // A subgraph's own schema hands the enum's internal value.
  assert.equal(fanOut({ groupBy: 'province' }), YEARS * 34);
  assert.equal(fanOut({ groupBy: 'COUNTY', filter: { divisionCode: '430000' } }), YEARS * 150);
  assert.equal(fanOut({ groupBy: 'COUNTY', filter: { divisionCode: '430600' } }), YEARS * 15);
  assert.equal(
    fanOut({ groupBy: 'COUNTY', filter: { city: '岳阳市', yearFrom: 2020, yearTo: 2021 } }),
    2 * 15,
  );
  assert.equal(fanOut({ groupBy: 'AGENCY', filter: { agencyIds: ['1', '2', '3'] } }), YEARS * 3);
  // A range the wrong way round is refused by the field; it counts as every year here.
  assert.equal(fanOut({ filter: { yearFrom: 2024, yearTo: 2020 } }), YEARS);
  assert.equal(fanOut({ groupBy: 'AGENCY', limit: 10 }), YEARS * 10);
});

test('page sizes count up to the page cap (a larger first is refused by the field, saying so)', () => {
  assert.equal(listSize('Query.reports', { first: 100000 }, 100), 100);
  assert.equal(listSize('Query.reports', {}, 100), 20);
  assert.equal(listSize('Query.similarSections', { limit: -5 }, 100), 0);
  assert.equal(listSize('Agency.reports', { years: [2020, 2021] }, 100), 2);
  assert.equal(listSize('Query._entities', { representations: [{}, {}, {}] }, 100), 3);
  // Pages read backwards count `last` as forwards count `first`; an agency's pages too.
  assert.equal(listSize('Query.reports', { last: 7 }, 100), 7);
  assert.equal(listSize('Query.agencies', { last: 100000 }, 100), 100);
  assert.equal(listSize('Agency.reportsConnection', { first: 3 }, 100), 3);
  assert.equal(listSize('Agency.reportsConnection', { last: 4 }, 100), 4);
});

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { readGolden, seedText } from '../support/golden';
import { serve, useFixture } from '../support/fixture';
import { type TestServer } from '../support/server';

let readOnly: TestServer;
let writable: TestServer;
const TOKEN = 'test-token-1234';
const golden = readGolden('004_be0fd55c03cb7cd4.json');

const fx = useFixture({
  setUp: async (f) => {
    readOnly = f.track(await serve(f.db.ds));
    writable = f.track(await serve(f.db.ds, 'reports', { apiToken: TOKEN }));
  },
});

const MUTATION = `mutation ($text: String!, $metadata: IngestMetadataInput) {
  ingestReport(text: $text, metadata: $metadata) {
    status
    report { id year agency { name county divisionCode } applications { newReceived { total } } reviewLitigation { reconsideration { total } } }
  }
}`;
const metadata = {
  fileName: golden.file,
  agency: golden.agency.manifestName,
  province: golden.agency.province,
  city: golden.agency.city,
  county: golden.agency.county,
};
const auth = { authorization: `Bearer ${TOKEN}` };
const reports = async () =>
  Number(((await fx.db.ds.query('SELECT count(*) AS n FROM reports')) as { n: string }[])[0]?.n);

test('without a configured token the API is read-only: UNAUTHENTICATED', async () => {
  const res = await readOnly.gql(MUTATION, { text: seedText(golden), metadata }, auth);
  assert.equal(res.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  assert.match(res.errors![0]!.message, /read-only.*GONGKAI_API_TOKEN/);
  assert.equal(await reports(), 0);
});

test('a missing or wrong token is UNAUTHENTICATED', async () => {
  for (const headers of [{}, { authorization: 'Bearer nope' }] as Record<string, string>[]) {
    const res = await writable.gql(MUTATION, { text: seedText(golden), metadata }, headers);
    assert.equal(res.errors?.[0]?.extensions?.code, 'UNAUTHENTICATED');
  }
  assert.equal(await reports(), 0);
});

test('with the token a report is parsed and stored; the same text again is UNCHANGED', async () => {
  const res = await writable.gql<{ ingestReport: { status: string; report: Record<string, unknown> } }>(
    MUTATION,
    { text: seedText(golden), metadata },
    auth,
  );
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  assert.equal(res.data!.ingestReport.status, 'LOADED');
  assert.deepEqual(res.data!.ingestReport.report.agency, {
    name: '绥中县人民政府',
    county: '绥中县',
    divisionCode: '211421',
  });
  assert.equal(res.data!.ingestReport.report.year, golden.year);
  assert.deepEqual(res.data!.ingestReport.report.applications, {
    newReceived: { total: golden.applications.newReceived![6] },
  });
  assert.deepEqual(res.data!.ingestReport.report.reviewLitigation, {
    reconsideration: { total: golden.reviewLitigation!.reconsideration!.total },
  });

  const again = await writable.gql<{ ingestReport: { status: string } }>(
    MUTATION,
    { text: seedText(golden), metadata },
    auth,
  );
  assert.equal(again.data!.ingestReport.status, 'UNCHANGED');
  assert.equal(await reports(), 1);
});

test('unreadable text is a PARSE_ERROR with line and column, and nothing is stored', async () => {
  const before = await reports();
  const res = await writable.gql(MUTATION, { text: '\u0000\u0001\u0002 not a report' }, auth);
  assert.equal(res.errors?.[0]?.extensions?.code, 'PARSE_ERROR');
  assert.equal(typeof res.errors![0]!.extensions?.line, 'number');
  assert.equal(typeof res.errors![0]!.extensions?.column, 'number');
  assert.equal(await reports(), before);
});

test('bad metadata is BAD_USER_INPUT saying which field', async () => {
  const res = await writable.gql(
    MUTATION,
    { text: seedText(golden), metadata: { ...metadata, publishedAt: '31/01/2025' } },
    auth,
  );
  assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT');
  assert.match(res.errors![0]!.message, /publishedAt must be YYYY-MM-DD/);
});

const FILE_MUTATION = `mutation ($text: String, $file: String, $metadata: IngestMetadataInput) {
  ingestReport(text: $text, file: $file, metadata: $metadata) {
    status
    report { id year sourceKind parserVersion applications { newReceived { total } } }
  }
}`;

test('a file posted in base64 is read by content and stored like the same text', async () => {
  const other = readGolden('001_9a97c9075911a516.json');
  const file = Buffer.from(seedText(other), 'utf8').toString('base64');
  const res = await writable.gql<{
    ingestReport: {
      status: string;
      report: { sourceKind: string; applications: { newReceived: { total: number } } };
    };
  }>(FILE_MUTATION, { file, metadata: { fileName: other.file, agency: other.agency.manifestName } }, auth);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  assert.equal(res.data!.ingestReport.status, 'LOADED');
  assert.equal(res.data!.ingestReport.report.sourceKind, 'TEXT');
  assert.equal(
    res.data!.ingestReport.report.applications.newReceived.total,
    other.applications.newReceived![6],
  );
  // The same bytes as text: the same stored report, unchanged.
  const asText = await writable.gql<{ ingestReport: { status: string } }>(
    FILE_MUTATION,
    { text: seedText(other), metadata: { fileName: other.file, agency: other.agency.manifestName } },
    auth,
  );
  assert.equal(asText.data!.ingestReport.status, 'UNCHANGED');
});

test('text and file together, or neither, or a file that is not base64, is BAD_USER_INPUT', async () => {
  const before = await reports();
  for (const variables of [
    { text: 'x', file: 'eA==' },
    {},
    { file: '%PDF-1.7 not base64!' },
    { file: 'abc' },
  ]) {
    const res = await writable.gql(FILE_MUTATION, variables, auth);
    assert.equal(res.errors?.[0]?.extensions?.code, 'BAD_USER_INPUT', JSON.stringify(variables));
    assert.match(res.errors![0]!.message, /`text` or `file`|base64/);
  }
  assert.equal(await reports(), before);
});

test('a file over 7 MiB is INPUT_TOO_LARGE, refused before it is decoded', async () => {
  const file = 'A'.repeat(4 * Math.ceil((7 * 2 ** 20) / 3) + 4);
  const res = await writable.gql(FILE_MUTATION, { file }, auth);
  assert.equal(res.errors?.[0]?.extensions?.code, 'INPUT_TOO_LARGE');
  assert.equal(res.errors![0]!.extensions?.limit, 7 * 2 ** 20);
});

test('a PDF posted as a file is stored with its bytes, and its cells come back with page and box', async () => {
  const pdf = fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'pdf', 'word-2019.pdf'));
  const res = await writable.gql<{
    ingestReport: {
      status: string;
      report: { id: string; sourceKind: string; applications: { newReceived: { total: number } } };
    };
  }>(FILE_MUTATION, { file: pdf.toString('base64'), metadata: { fileName: 'word-2019.pdf' } }, auth);
  assert.equal(res.errors, undefined, JSON.stringify(res.errors));
  const { report } = res.data!.ingestReport;
  assert.equal(report.sourceKind, 'PDF');
  assert.equal(report.applications.newReceived.total, 26);
  const [stored] = (await fx.db.ds.query('SELECT source_bytes FROM reports WHERE id = $1', [
    Number(report.id),
  ])) as {
    source_bytes: Buffer;
  }[];
  assert.equal(Buffer.compare(stored!.source_bytes, pdf), 0);
  const cells = await readOnly.gql<{
    report: { section: { rows: { cells: { page: number | null; box: { width: number } | null }[] }[] } };
  }>(
    'query ($id: ID!) { report(id: $id) { section(number: 3) { rows { cells { page box { width } } } } } }',
    {
      id: report.id,
    },
  );
  const all = cells.data!.report.section.rows.flatMap((r) => r.cells);
  assert.ok(all.length > 100);
  assert.ok(all.every((c) => c.page !== null && c.page >= 1 && c.box!.width > 0));
});

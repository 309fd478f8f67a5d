import { type MigrationInterface, type QueryRunner } from 'typeorm';
/**
 * The codes of src/domain/codes.ts as they were when this migration was written: a migration is
 * history and must not change when the domain enums do. A code added later needs a migration of
 * its own (ALTER TYPE … ADD VALUE); test/integration/db/migrate.test.ts fails until it has one.
 */
const ENUMS: Record<string, readonly string[]> = {
  form_version: ['2019', '2021'],
  table_code: ['activeDisclosure', 'applications', 'reviewLitigation'],
  row_code: [
    'regulations',
    'normativeDocuments',
    'licensing',
    'otherManagementServices',
    'punishment',
    'enforcement',
    'fees',
    'procurement',
    'newReceived',
    'carriedOver',
    'granted',
    'partiallyGranted',
    'refused.stateSecret',
    'refused.lawProhibited',
    'refused.threeSecurityOneStability',
    'refused.thirdPartyRights',
    'refused.internalAffairs',
    'refused.processInformation',
    'refused.enforcementCaseFile',
    'refused.administrativeQuery',
    'unableToProvide.notHeld',
    'unableToProvide.needsCreation',
    'unableToProvide.unclearAfterCorrection',
    'notProcessed.petitionOrComplaint',
    'notProcessed.repeated',
    'notProcessed.publication',
    'notProcessed.excessive',
    'notProcessed.confirmation',
    'otherDisposal',
    'otherDisposal.noCorrection',
    'otherDisposal.feeUnpaid',
    'otherDisposal.other',
    'totalProcessed',
    'carriedForward',
    'reconsideration',
    'litigationDirect',
    'litigationAfterReconsideration',
  ],
  column_code: [
    'issued',
    'repealed',
    'inForce',
    'newlyMade',
    'newlyPublished',
    'totalPublished',
    'previousYearItems',
    'itemChange',
    'decisions',
    'projects',
    'amount',
    'naturalPerson',
    'commercialEnterprise',
    'researchInstitution',
    'socialWelfareOrg',
    'legalServiceOrg',
    'otherOrg',
    'upheld',
    'corrected',
    'other',
    'pending',
    'total',
  ],
  issue_code: [
    'ROW_TOTAL_MISMATCH',
    'OUTCOME_TOTAL_MISMATCH',
    'BALANCE_MISMATCH',
    'REVIEW_TOTAL_MISMATCH',
    'CARRY_OVER_MISMATCH',
    'CELL_COUNT_MISMATCH',
    'TABLE_LAYOUT_UNKNOWN',
    'MISSING_TABLE',
    'MISSING_SECTION',
    'MISSING_ROW',
    'UNPARSEABLE_CELL',
    'METADATA_MISMATCH',
  ],
  issue_severity: ['error', 'warning', 'info'],
  agency_level: ['national', 'province', 'city', 'county', 'township'],
  agency_kind: ['government', 'department', 'developmentZone', 'township', 'other'],
};

const labels = (type: string): string => ENUMS[type]!.map((v) => `'${v}'`).join(', ');

/**
 * The report store. Sized for a few hundred thousand reports a year (tens of millions of cells):
 * a table row is one database row keyed by (report, table, row code) and holds its cells as an
 * array of a composite type. A report is then ~40 rows instead of ~230, which makes ingest
 * several times cheaper for Postgres (measured in BENCHMARKS.md); cells read back with unnest().
 */
export class InitialSchema1763700000000 implements MigrationInterface {
  name = 'InitialSchema1763700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE form_version AS ENUM (${labels('form_version')})`);
    await q.query(`CREATE TYPE table_code AS ENUM (${labels('table_code')})`);
    await q.query(`CREATE TYPE row_code AS ENUM (${labels('row_code')})`);
    await q.query(`CREATE TYPE column_code AS ENUM (${labels('column_code')})`);
    await q.query(`CREATE TYPE issue_code AS ENUM (${labels('issue_code')})`);
    await q.query(`CREATE TYPE issue_severity AS ENUM (${labels('issue_severity')})`);
    await q.query(`CREATE TYPE agency_level AS ENUM (${labels('agency_level')})`);
    await q.query(`CREATE TYPE agency_kind AS ENUM (${labels('agency_kind')})`);

    await q.query(`
      CREATE TABLE agencies (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL CHECK (name <> ''),
        province text,
        city text,
        county text,
        -- the most specific GB/T 2260 code known; province/city codes derive from it so region
        -- rollups follow the code hierarchy rather than name strings
        division_code char(6) CHECK (division_code ~ '^[0-9]{6}$'),
        province_code char(6) GENERATED ALWAYS AS (substr(division_code, 1, 2) || '0000') STORED,
        city_code char(6) GENERATED ALWAYS AS (
          CASE WHEN substr(division_code, 3, 2) = '00' THEN NULL ELSE substr(division_code, 1, 4) || '00' END
        ) STORED,
        level agency_level,
        kind agency_kind,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX agencies_name_region_key ON agencies (name, coalesce(division_code, ''))`,
    );
    await q.query(`CREATE INDEX agencies_province_code_idx ON agencies (province_code)`);
    await q.query(`CREATE INDEX agencies_city_code_idx ON agencies (city_code)`);
    await q.query(`CREATE INDEX agencies_division_code_idx ON agencies (division_code)`);
    await q.query(`CREATE INDEX agencies_province_city_county_idx ON agencies (province, city, county)`);

    await q.query(`
      CREATE TABLE reports (
        id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        agency_id integer NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        form_version form_version NOT NULL,
        title text,
        name_in_text text,
        published_at date,
        source_url text,
        source_file text,
        source_sha256 char(64) NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
        source_text text NOT NULL,
        parser_version text NOT NULL,
        ingested_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reports_agency_year_key UNIQUE (agency_id, year)
      )`);
    await q.query(`CREATE INDEX reports_year_idx ON reports (year, id)`);

    await q.query(`
      CREATE TABLE sections (
        report_id integer NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        number smallint NOT NULL CHECK (number BETWEEN 1 AND 6),
        printed_title text,
        standard_title text NOT NULL,
        text text NOT NULL,
        PRIMARY KEY (report_id, number)
      )`);

    await q.query(`
      CREATE TYPE cell AS (
        column_code column_code,
        value numeric,        -- null when the printed text could not be read as a number
        raw_text text,        -- the cell as printed
        blank boolean,        -- printed empty: read as 0
        not_applicable boolean, -- printed as / (not applicable)
        source_line integer,
        source_column integer
      )`);

    await q.query(`
      CREATE TABLE report_rows (
        report_id integer NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        table_code table_code NOT NULL,
        row_code row_code NOT NULL,
        label text NOT NULL,
        position smallint NOT NULL,
        source_line integer,
        cells cell[] NOT NULL,
        PRIMARY KEY (report_id, table_code, row_code)
      )`);
    // Trend queries read one row code across many reports.
    await q.query(`CREATE INDEX report_rows_row_code_idx ON report_rows (row_code, report_id)`);

    await q.query(`
      CREATE TABLE validation_issues (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        report_id integer NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        code issue_code NOT NULL,
        severity issue_severity NOT NULL,
        location text NOT NULL,
        message text NOT NULL,
        source_line integer,
        source_column integer
      )`);
    await q.query(`CREATE INDEX validation_issues_report_idx ON validation_issues (report_id)`);
    await q.query(`CREATE INDEX validation_issues_code_idx ON validation_issues (code)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE validation_issues`);
    await q.query(`DROP TABLE report_rows`);
    await q.query(`DROP TYPE cell`);
    await q.query(`DROP TABLE sections`);
    await q.query(`DROP TABLE reports`);
    await q.query(`DROP TABLE agencies`);
    for (const t of Object.keys(ENUMS).reverse()) {
      await q.query(`DROP TYPE ${t}`);
    }
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Row-level reading (issue 13): what the parser now keeps of a table it could read only in part,
 * and where a PDF's figures were printed.
 *
 * - issue_code gains AMBIGUOUS_CELLS and EXTRA_ROW; validation_issues.candidates keeps the readings
 *   an AMBIGUOUS_CELLS row allows (a jsonb array of arrays of numbers).
 * - reports.partial_tables: the tables some row of which was flagged (the parser's
 *   NormalizedTable.partial). A column of the report rather than derived from issues: which row
 *   codes belong to which table is the parser's knowledge, and a table flagged in part is a fact
 *   of the reading, not of an issue's location text.
 * - report_extra_rows: rows printed in a table that are not rows of the template (a province's
 *   其他主动公开文件). A table of their own, not report_rows with a nullable row code: every
 *   reader of report_rows (grids, facts, carry-over, trends) keys on the row code, and an extra
 *   row's cells may have no column (when their count does not match the table's).
 * - page_box (page, x, y, width, height): a PDF cell's or row's place on its page. The cell type
 *   gets it as one attribute. ADD ATTRIBUTE on a type stored in cell[] columns rewrites nothing:
 *   stored cells read the new attribute as null, and report_grids (derived through named
 *   attributes, c.column_code and c.value) is unchanged. What breaks is positional use of cell:
 *   ROW(…)::cell and column-alias lists over unnest(cells), updated in the same change.
 * - reports.source_kind and source_bytes (the original PDF or DOCX, null for text and HTML), so a
 *   newer parser can read the file again (gongkai ingest --reparse).
 *
 * ALTER TYPE … ADD VALUE runs inside the migration's transaction (Postgres 12 and later allow it);
 * the new values cannot be used before that transaction commits, so nothing below compares with
 * them except as text.
 */

/** Row codes of the active-disclosure and review tables; any other row code is the applications table's. */
const ACTIVE_DISCLOSURE_ROWS = [
  'regulations',
  'normativeDocuments',
  'licensing',
  'otherManagementServices',
  'punishment',
  'enforcement',
  'fees',
  'procurement',
];
const REVIEW_ROWS = ['reconsideration', 'litigationDirect', 'litigationAfterReconsideration'];
const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

/**
 * report_facts.flagged_tables as the save path now derives it (frozen copy of src/ingest/load.ts,
 * FLAGGED_TABLES_SQL): the tables flagged in part or whole, each once. Before, it counted the flag
 * issues, which was the same while a flagged table had one issue.
 */
const FLAGGED_TABLES = `
  (SELECT count(DISTINCT t) FROM (
     SELECT unnest(r.partial_tables)::text AS t
     UNION ALL
     SELECT CASE
              WHEN v.location IN ('activeDisclosure', 'applications', 'reviewLitigation') THEN v.location
              WHEN v.location IN (${quoted(ACTIVE_DISCLOSURE_ROWS)}) THEN 'activeDisclosure'
              WHEN v.location IN (${quoted(REVIEW_ROWS)}) THEN 'reviewLitigation'
              WHEN v.location IN (SELECT unnest(enum_range(NULL::row_code))::text) THEN 'applications'
            END
     FROM validation_issues v
     WHERE v.report_id = r.id AND v.code::text IN ('CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN', 'AMBIGUOUS_CELLS')
   ) flagged WHERE t IS NOT NULL)`;

/** The issue codes as they were before this migration (to recreate the type on the way down). */
const ISSUE_CODES_BEFORE = [
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
];

export class RowLevelReading1764100000000 implements MigrationInterface {
  name = 'RowLevelReading1764100000000';

  async up(q: QueryRunner): Promise<void> {
    // Declaration order of src/domain/codes.ts (the enum's sort order), as the migrations test checks.
    await q.query(`ALTER TYPE issue_code ADD VALUE 'AMBIGUOUS_CELLS' AFTER 'TABLE_LAYOUT_UNKNOWN'`);
    await q.query(`ALTER TYPE issue_code ADD VALUE 'EXTRA_ROW' AFTER 'AMBIGUOUS_CELLS'`);
    await q.query(`ALTER TABLE validation_issues ADD COLUMN candidates jsonb
                   CHECK (candidates IS NULL OR jsonb_typeof(candidates) = 'array')`);

    await q.query(`
      CREATE TYPE page_box AS (
        page integer,          -- 1-based page of the PDF
        x double precision,    -- points from the page's left edge
        y double precision,    -- points from the page's top edge
        width double precision,
        height double precision
      )`);
    await q.query(`ALTER TYPE cell ADD ATTRIBUTE box page_box`);
    await q.query(`ALTER TABLE report_rows ADD COLUMN box page_box`);

    await q.query(`CREATE TYPE source_kind AS ENUM ('text', 'html', 'pdf', 'docx')`);
    await q.query(`
      ALTER TABLE reports
        ADD COLUMN source_kind source_kind,
        ADD COLUMN source_bytes bytea,
        ADD COLUMN partial_tables table_code[] NOT NULL DEFAULT '{}'`);
    // PDF and DOCX are compressed already: keep them out of line without another compression pass.
    await q.query(`ALTER TABLE reports ALTER COLUMN source_bytes SET STORAGE EXTERNAL`);

    await q.query(`
      CREATE TABLE report_extra_rows (
        report_id integer NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        table_code table_code NOT NULL,
        position smallint NOT NULL,  -- order among the table's extra rows
        label text NOT NULL,
        source_line integer,
        box page_box,
        cells cell[] NOT NULL,       -- a cell's column_code is null when the row's cell count did not match
        PRIMARY KEY (report_id, table_code, position)
      )`);

    await q.query(`UPDATE report_facts f SET flagged_tables = ${FLAGGED_TABLES}
                   FROM reports r WHERE r.id = f.report_id`);
  }

  async down(q: QueryRunner): Promise<void> {
    // The older store has no ambiguous rows and no extra rows: an ambiguous row stays flagged as a
    // layout it could not read (its candidates go), an extra row's note goes with the row.
    await q.query(
      `UPDATE validation_issues SET code = 'TABLE_LAYOUT_UNKNOWN' WHERE code = 'AMBIGUOUS_CELLS'`,
    );
    await q.query(`DELETE FROM validation_issues WHERE code = 'EXTRA_ROW'`);
    // Facts as the older save path derived them (frozen copy of ReportFacts1763800000000's).
    await q.query(`
      UPDATE report_facts f SET
        issue_count = (SELECT count(*) FROM validation_issues v WHERE v.report_id = f.report_id),
        flagged_tables = (SELECT count(*) FROM validation_issues v WHERE v.report_id = f.report_id
                            AND v.code IN ('CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN'))`);

    // Postgres cannot drop an enum value: the type is made again without them.
    await q.query(`ALTER TYPE issue_code RENAME TO issue_code_with_row_level`);
    await q.query(`CREATE TYPE issue_code AS ENUM (${quoted(ISSUE_CODES_BEFORE)})`);
    await q.query(
      `ALTER TABLE validation_issues ALTER COLUMN code TYPE issue_code USING code::text::issue_code`,
    );
    await q.query(`DROP TYPE issue_code_with_row_level`);
    await q.query(`ALTER TABLE validation_issues DROP COLUMN candidates`);

    await q.query(`DROP TABLE report_extra_rows`);
    await q.query(
      `ALTER TABLE reports DROP COLUMN partial_tables, DROP COLUMN source_bytes, DROP COLUMN source_kind`,
    );
    await q.query(`DROP TYPE source_kind`);
    await q.query(`ALTER TABLE report_rows DROP COLUMN box`);
    await q.query(`ALTER TYPE cell DROP ATTRIBUTE box`);
    await q.query(`DROP TYPE page_box`);
  }
}

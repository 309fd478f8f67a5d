import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Analytics whose cost follows the data they are about (issue 15):
 *
 * - Indexes on report_facts' region codes (with the year): a one-province (city, county) question
 *   reads that region's rows, not the whole table. Level and kind get none: each of their values
 *   covers a large share of the reports, where a scan is the cheaper plan anyway.
 * - report_facts.total_rows: bit i set when the report's row whose row_code is the i-th label of
 *   the row_code enum (enum_range order, from 0) has a 总计 cell, even one that could not be read.
 *   With it, a trend of a 总计 figure reads the facts alone (one narrow row per report) and still
 *   counts the reports that have the figure's rows as the trend over report_rows counted them.
 *   37 row codes today; a bigint holds 63.
 *
 * The backfill is a frozen copy of the save path's derivation (src/db/read-models/report-facts.ts).
 */
const ROW_BIT = `(1::bigint << (array_position(enum_range(NULL::row_code), rr.row_code) - 1))`;

export class AnalyticsScope1764200000000 implements MigrationInterface {
  name = 'AnalyticsScope1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE report_facts ADD COLUMN total_rows bigint NOT NULL DEFAULT 0`);
    await q.query(`
      UPDATE report_facts f SET total_rows = t.bits
      FROM (SELECT rr.report_id, bit_or(${ROW_BIT}) AS bits
            FROM report_rows rr
            WHERE EXISTS (SELECT 1 FROM unnest(rr.cells) c WHERE c.column_code = 'total')
            GROUP BY rr.report_id) t
      WHERE t.report_id = f.report_id`);
    await q.query(`CREATE INDEX report_facts_province_idx ON report_facts (province_code, year)`);
    await q.query(`CREATE INDEX report_facts_city_idx ON report_facts (city_code, year)`);
    await q.query(`CREATE INDEX report_facts_division_idx ON report_facts (division_code, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX report_facts_division_idx`);
    await q.query(`DROP INDEX report_facts_city_idx`);
    await q.query(`DROP INDEX report_facts_province_idx`);
    await q.query(`ALTER TABLE report_facts DROP COLUMN total_rows`);
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Read model of the typed views (Report.applications, .activeDisclosure, .reviewLitigation): one
 * row per report and table, its figures as one jsonb object {row code: {column code: value}}.
 * A page of reports then reads a handful of small objects instead of unnesting every cell
 * (BENCHMARKS.md, "Serving"). Written in the save transaction from the stored rows; backfilled
 * here for reports stored before it.
 */
export class ReportGrids1764000000000 implements MigrationInterface {
  name = 'ReportGrids1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_grids (
        report_id integer NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        table_code table_code NOT NULL,
        grid jsonb NOT NULL,
        PRIMARY KEY (report_id, table_code)
      )`);
    // Frozen copy of the save path's statement (src/ingest/load.ts), as migrations are history.
    await q.query(`
      INSERT INTO report_grids (report_id, table_code, grid)
      SELECT rr.report_id, rr.table_code,
             jsonb_object_agg(rr.row_code, (SELECT coalesce(jsonb_object_agg(c.column_code, c.value), '{}')
                                            FROM unnest(rr.cells) c))
      FROM report_rows rr
      GROUP BY rr.report_id, rr.table_code`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_grids`);
  }
}

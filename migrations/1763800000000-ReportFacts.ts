import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A read model for cross-report analytics: one narrow row per report with the figures trend
 * queries aggregate (the 总计 column of the applications outcomes, review and litigation totals,
 * issue counts), so a breakdown over all reports scans one row per report instead of unnesting
 * ~40 cell arrays. Written in the same transaction as the report (src/ingest/load.ts).
 */
export class ReportFacts1763800000000 implements MigrationInterface {
  name = 'ReportFacts1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_facts (
        report_id integer PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        agency_id integer NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
        year smallint NOT NULL,
        form_version form_version NOT NULL,
        new_received numeric,
        carried_over numeric,
        granted numeric,
        partially_granted numeric,
        refused_state_secret numeric,
        refused_law_prohibited numeric,
        refused_three_security_one_stability numeric,
        refused_third_party_rights numeric,
        refused_internal_affairs numeric,
        refused_process_information numeric,
        refused_enforcement_case_file numeric,
        refused_administrative_query numeric,
        unable_not_held numeric,
        unable_total numeric,
        not_processed_total numeric,
        other_disposal_total numeric,
        total_processed numeric,
        carried_forward numeric,
        reconsideration_total numeric,
        litigation_total numeric,
        issue_count integer NOT NULL DEFAULT 0,
        flagged_tables integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX report_facts_year_idx ON report_facts (year, agency_id)`);
    await q.query(`CREATE INDEX report_facts_agency_idx ON report_facts (agency_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_facts`);
  }
}

import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * A read model for cross-report analytics: one narrow row per report with the figures trend
 * queries aggregate (the 总计 column of the applications outcomes, review and litigation totals,
 * issue counts), so a breakdown over all reports scans one row per report instead of unnesting
 * ~40 cell arrays. Written in the same transaction as the report (src/ingest/load.ts). Figures are
 * double precision here (counts, exact below 2^53): summing them is several times cheaper than
 * numeric, and the stored cells keep the exact printed values.
 */
/**
 * Fills report_facts for reports stored before this migration: a frozen copy of the derivation in
 * src/ingest/load.ts (FACTS_SQL) as it was when this migration was written.
 */
const BACKFILL = `
  INSERT INTO report_facts (report_id, agency_id, year, form_version, province_code, city_code, division_code,
    level, kind, new_received, carried_over, granted,
    partially_granted, refused_state_secret, refused_law_prohibited, refused_three_security_one_stability,
    refused_third_party_rights, refused_internal_affairs, refused_process_information, refused_enforcement_case_file,
    refused_administrative_query, unable_not_held, unable_total, not_processed_total, other_disposal_total,
    total_processed, carried_forward, reconsideration_total, litigation_total, issue_count, flagged_tables)
  SELECT r.id, r.agency_id, r.year, r.form_version, a.province_code, a.city_code, a.division_code, a.level, a.kind,
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'newReceived'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'carriedOver'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'granted'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'partiallyGranted'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.stateSecret'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.lawProhibited'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.threeSecurityOneStability'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.thirdPartyRights'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.internalAffairs'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.processInformation'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.enforcementCaseFile'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'refused.administrativeQuery'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'unableToProvide.notHeld'),
    sum(t.value) FILTER (WHERE rr.table_code = 'applications' AND (rr.row_code::text = 'unableToProvide' OR rr.row_code::text LIKE 'unableToProvide.%')),
    sum(t.value) FILTER (WHERE rr.table_code = 'applications' AND (rr.row_code::text = 'notProcessed' OR rr.row_code::text LIKE 'notProcessed.%')),
    sum(t.value) FILTER (WHERE rr.table_code = 'applications' AND (rr.row_code::text = 'otherDisposal' OR rr.row_code::text LIKE 'otherDisposal.%')),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'totalProcessed'),
    max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = 'carriedForward'),
    sum(t.value) FILTER (WHERE rr.table_code = 'reviewLitigation' AND rr.row_code::text IN ('reconsideration')),
    sum(t.value) FILTER (WHERE rr.table_code = 'reviewLitigation' AND rr.row_code::text IN ('litigationDirect', 'litigationAfterReconsideration')),
    (SELECT count(*) FROM validation_issues v WHERE v.report_id = r.id),
    (SELECT count(*) FROM validation_issues v WHERE v.report_id = r.id
       AND v.code IN ('CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN'))
  FROM reports r
  JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN report_rows rr ON rr.report_id = r.id
  LEFT JOIN LATERAL (SELECT c.value FROM unnest(rr.cells) c WHERE c.column_code = 'total') t ON true
  GROUP BY r.id, a.id`;

export class ReportFacts1763800000000 implements MigrationInterface {
  name = 'ReportFacts1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_facts (
        report_id integer PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
        agency_id integer NOT NULL REFERENCES agencies (id) ON DELETE CASCADE,
        year smallint NOT NULL,
        form_version form_version NOT NULL,
        -- the agency's region and kind, copied so aggregations need no join (kept in step by the
        -- save transaction when an agency's attributes change)
        province_code char(6),
        city_code char(6),
        division_code char(6),
        level agency_level,
        kind agency_kind,
        new_received double precision,
        carried_over double precision,
        granted double precision,
        partially_granted double precision,
        refused_state_secret double precision,
        refused_law_prohibited double precision,
        refused_three_security_one_stability double precision,
        refused_third_party_rights double precision,
        refused_internal_affairs double precision,
        refused_process_information double precision,
        refused_enforcement_case_file double precision,
        refused_administrative_query double precision,
        unable_not_held double precision,
        unable_total double precision,
        not_processed_total double precision,
        other_disposal_total double precision,
        total_processed double precision,
        carried_forward double precision,
        reconsideration_total double precision,
        litigation_total double precision,
        issue_count integer NOT NULL DEFAULT 0,
        flagged_tables integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX report_facts_year_idx ON report_facts (year, agency_id)`);
    await q.query(`CREATE INDEX report_facts_agency_idx ON report_facts (agency_id, year)`);
    await q.query(BACKFILL);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE report_facts`);
  }
}

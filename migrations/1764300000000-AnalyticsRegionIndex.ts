import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * One region index on report_facts that holds every column analytics read (issue 15), in place of
 * the three region indexes of AnalyticsScope1764200000000 (province, city, division code, each with
 * the year): a one-province (city, county) question is answered by an index-only scan of that
 * region's entries, which lie together in the index whatever order the reports were ingested in.
 * Through the old indexes the same question read up to one heap page per report of the region, the
 * facts rows being stored in ingest order (at 1,000,000 reports, ~36,000 rows of one province over
 * ~32,000 pages); here it reads the region's share of the index, about the pages of the region's
 * rows alone. A city or county question finds its range through the codes above it, which the
 * region conditions add over report_facts (src/db/queries/region.ts); the functional dependencies
 * of the codes are kept as statistics, so that the planner does not take the implied conditions
 * for independent ones (which would estimate a county's rows at a thousandth of what they are).
 *
 * Unlike CLUSTER (one-off: rows ingested afterwards are appended) or partitioning (the primary key
 * and the facts' ON CONFLICT (report_id) upsert would have to carry the province), an index is
 * kept in order by every insert. Index-only scans skip the heap for pages the visibility map marks
 * all-visible, which VACUUM (autovacuum after inserts) sets; a page changed since is read as before.
 */
const INCLUDED = [
  'report_id',
  'agency_id',
  'form_version',
  'level',
  'kind',
  'new_received',
  'carried_over',
  'granted',
  'partially_granted',
  'refused_state_secret',
  'refused_law_prohibited',
  'refused_three_security_one_stability',
  'refused_third_party_rights',
  'refused_internal_affairs',
  'refused_process_information',
  'refused_enforcement_case_file',
  'refused_administrative_query',
  'unable_not_held',
  'unable_total',
  'not_processed_total',
  'other_disposal_total',
  'total_processed',
  'carried_forward',
  'reconsideration_total',
  'litigation_total',
  'issue_count',
  'flagged_tables',
  'total_rows',
];

export class AnalyticsRegionIndex1764300000000 implements MigrationInterface {
  name = 'AnalyticsRegionIndex1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX report_facts_region_idx ON report_facts (province_code, city_code, division_code, year)
       INCLUDE (${INCLUDED.join(', ')})`,
    );
    await q.query(
      `CREATE STATISTICS report_facts_region_stats (dependencies) ON province_code, city_code, division_code
       FROM report_facts`,
    );
    await q.query(`DROP INDEX report_facts_province_idx`);
    await q.query(`DROP INDEX report_facts_city_idx`);
    await q.query(`DROP INDEX report_facts_division_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX report_facts_province_idx ON report_facts (province_code, year)`);
    await q.query(`CREATE INDEX report_facts_city_idx ON report_facts (city_code, year)`);
    await q.query(`CREATE INDEX report_facts_division_idx ON report_facts (division_code, year)`);
    await q.query(`DROP STATISTICS report_facts_region_stats`);
    await q.query(`DROP INDEX report_facts_region_idx`);
  }
}

/**
 * Identity 5 (FORMAT.md) across reports: this year's 上年结转 equals last year's 结转下年度. The
 * year-pair locks make writers of adjacent years queue, so each check sees the other's report.
 */
import { type EntityManager } from 'typeorm';
import { preparedQuery } from '../prepared';

/**
 * Transaction locks on the year pairs (year-1, year) and (year, year+1) of every saved report, keyed
 * by their later year and taken in ascending order: writers of the same report or of adjacent years
 * queue, so the carry-over check of each sees the other's committed report; other years, and
 * batches of other agencies, run in parallel.
 */
export async function lockYearPairs(
  em: EntityManager,
  pairs: readonly { agencyId: number; year: number }[],
): Promise<void> {
  const keys = new Map<string, [number, number]>();
  for (const { agencyId, year } of pairs) {
    keys.set(`${agencyId}|${year}`, [agencyId, year]);
    keys.set(`${agencyId}|${year + 1}`, [agencyId, year + 1]);
  }
  const sorted = [...keys.values()].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  await preparedQuery(
    em,
    'gongkai_lock_year_pairs',
    // unnest hands the keys over in array order: the locks are taken in the order sorted above.
    'SELECT count(pg_advisory_xact_lock(a, k)) FROM unnest($1::integer[], $2::integer[]) AS l(a, k)',
    [sorted.map((k) => k[0]), sorted.map((k) => k[1])],
  );
}

/** The tables some row of which was flagged, as a table_code[] literal. */

/**
 * Identity 5 (FORMAT.md): this year's 上年结转 equals last year's 结转下年度, per applicant column.
 * Re-derived in SQL for every saved year and the year after it (whose predecessor just changed).
 */
export async function checkCarryOver(em: EntityManager, pairs: readonly unknown[][]): Promise<void> {
  await preparedQuery(
    em,
    'gongkai_check_carry_over',
    `WITH target AS (
       SELECT DISTINCT r.id, r.agency_id, r.year FROM reports r
       JOIN unnest($1::integer[], $2::smallint[]) AS p(a, y) ON r.agency_id = p.a AND r.year IN (p.y, p.y + 1)
     ), gone AS (
       DELETE FROM validation_issues v USING target t WHERE v.report_id = t.id AND v.code = 'CARRY_OVER_MISMATCH'
     )
     INSERT INTO validation_issues (report_id, code, severity, location, message)
     SELECT cur.id, 'CARRY_OVER_MISMATCH', 'warning', co.column_code::text,
            format('二、上年结转 (%s) is %s, but the %s report''s 四、结转下年度 is %s',
                   co.column_code, coalesce(co.value::text, 'unreadable'), prev.year,
                   coalesce(cf.value::text, 'unreadable'))
     FROM target cur
     JOIN reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
     JOIN report_rows rco ON rco.report_id = cur.id AND rco.table_code = 'applications' AND rco.row_code = 'carriedOver'
     CROSS JOIN LATERAL unnest(rco.cells) co
     JOIN report_rows rcf ON rcf.report_id = prev.id AND rcf.table_code = 'applications'
                         AND rcf.row_code = 'carriedForward'
     CROSS JOIN LATERAL unnest(rcf.cells) cf
     WHERE cf.column_code = co.column_code AND co.value IS DISTINCT FROM cf.value
     ORDER BY cur.id, co.column_code`,
    pairs,
  );
}

/**
 * Saving a normalized report: one transaction, all or nothing. The same agency and year with an
 * unchanged source hash is a no-op; a changed one replaces the stored report in place (its id
 * stays, so references from other subgraphs stay valid). Each child table is written with one
 * multi-row INSERT … SELECT FROM unnest(…) whatever the report's size.
 */
import { createHash } from 'node:crypto';
import { type DataSource, type EntityManager } from 'typeorm';
import { inferKind, inferLevel } from '../domain/agency-kind';
import { TABLE_SECTION } from '../domain/codes';
import { resolveRegion } from '../domain/regions';
import { type NormalizedReport } from '../domain/report';
import { IngestError } from '../errors';
import { preparedQuery } from '../db/prepared';

export type SaveStatus = 'loaded' | 'unchanged' | 'replaced';

export interface SaveResult {
  status: SaveStatus;
  reportId: number;
  agencyId: number;
  /** Validation issues the report was saved with (0 when unchanged). */
  issues: number;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Find, insert or update the agency, and take transaction locks for (agency, year) in the same
 * round trip: concurrent writers of the same report, or of an adjacent year, queue here, and the
 * statements that follow (new snapshots) see whatever the previous one committed. An agency that is
 * already stored as given is only read: an upsert would lock its row until commit and serialise
 * every concurrent report of that agency (seen in the 100k bench as transactionid waits).
 */
async function upsertAgencyAndLock(em: EntityManager, report: NormalizedReport): Promise<number> {
  const a = report.agency;
  const region = resolveRegion(a);
  const divisionCode = a.divisionCode ?? region.divisionCode ?? null;
  const province = region.province ?? a.province ?? null;
  const city = region.city ?? a.city ?? null;
  const county = region.county ?? a.county ?? null;
  const kind = a.kind ?? inferKind(a.name);
  const level =
    a.level ??
    inferLevel(
      { province: province ?? undefined, city: city ?? undefined, county: county ?? undefined },
      kind,
    ) ??
    null;
  const rows = await preparedQuery<{ id: number }>(
    em,
    'gongkai_upsert_agency',
    `WITH found AS (
       SELECT id FROM agencies
       WHERE name = $1 AND coalesce(division_code, '') = coalesce($5::char(6), '')
         AND province IS NOT DISTINCT FROM coalesce($2, province)
         AND city IS NOT DISTINCT FROM coalesce($3, city)
         AND county IS NOT DISTINCT FROM coalesce($4, county)
         AND level IS NOT DISTINCT FROM coalesce($6::agency_level, level)
         AND kind IS NOT DISTINCT FROM coalesce($7::agency_kind, kind)
     ), upserted AS (
       INSERT INTO agencies (name, province, city, county, division_code, level, kind)
       SELECT $1, $2, $3, $4, $5, $6, $7 WHERE NOT EXISTS (SELECT 1 FROM found)
       ON CONFLICT (name, (coalesce(division_code, ''))) DO UPDATE SET
         province = coalesce(EXCLUDED.province, agencies.province),
         city = coalesce(EXCLUDED.city, agencies.city),
         county = coalesce(EXCLUDED.county, agencies.county),
         level = coalesce(EXCLUDED.level, agencies.level),
         kind = coalesce(EXCLUDED.kind, agencies.kind)
       RETURNING id
     )
     SELECT a.id
     FROM (SELECT id FROM found UNION ALL SELECT id FROM upserted) a
     -- Locks on the year pairs (year-1, year) and (year, year+1), keyed by their later year, taken
     -- in ascending order: writers of the same report or of adjacent years queue, so the
     -- carry-over check of each sees the other's committed report; other years run in parallel.
     CROSS JOIN LATERAL (SELECT pg_advisory_xact_lock(a.id, k) FROM generate_series($8::int, $8::int + 1) k) l`,
    [a.name, province, city, county, divisionCode, level, kind, report.year],
  );
  const id = rows[0]?.id;
  if (id == null) throw new IngestError(`could not save agency "${a.name}"`);
  return id;
}

/**
 * Sections, rows (each with its cells as a `cell[]`) and issues in one statement: one round trip
 * and one plan whatever the report's size. Cells arrive flat with the index of their row and are
 * folded into their row's array in SQL.
 */
async function insertChildren(em: EntityManager, reportId: number, r: NormalizedReport): Promise<void> {
  const rows = r.tables.flatMap((t) => t.rows.map((row, position) => ({ table: t.table, row, position })));
  const cells = rows.flatMap((x, rowIndex) => x.row.cells.map((cell) => ({ rowIndex: rowIndex + 1, cell })));
  await preparedQuery(
    em,
    'gongkai_insert_children',
    `WITH s AS (
       INSERT INTO sections (report_id, number, printed_title, standard_title, text)
       SELECT $1, * FROM unnest($2::smallint[], $3::text[], $4::text[], $5::text[])
     ), cc AS (
       SELECT ri, array_agg(ROW(col, val, raw, b, na, l, c)::cell ORDER BY k) AS cells
       FROM unnest($11::integer[], $12::column_code[], $13::numeric[], $14::text[], $15::boolean[],
                   $16::boolean[], $17::integer[], $18::integer[]) WITH ORDINALITY AS x(ri, col, val, raw, b, na, l, c, k)
       GROUP BY ri
     ), r AS (
       INSERT INTO report_rows (report_id, table_code, row_code, label, position, source_line, cells)
       SELECT $1, rr.t, rr.code, rr.label, rr.pos, rr.line, coalesce(cc.cells, '{}')
       FROM unnest($6::table_code[], $7::row_code[], $8::text[], $9::smallint[], $10::integer[])
            WITH ORDINALITY AS rr(t, code, label, pos, line, i)
       LEFT JOIN cc ON cc.ri = rr.i
     )
     INSERT INTO validation_issues (report_id, code, severity, location, message, source_line, source_column)
     SELECT $1, * FROM unnest($19::issue_code[], $20::issue_severity[], $21::text[], $22::text[], $23::integer[],
                              $24::integer[])`,
    [
      reportId,
      r.sections.map((s) => s.number),
      r.sections.map((s) => s.printedTitle),
      r.sections.map((s) => s.standardTitle),
      r.sections.map((s) => s.text),
      rows.map((x) => x.table),
      rows.map((x) => x.row.code),
      rows.map((x) => x.row.label),
      rows.map((x) => x.position),
      rows.map((x) => x.row.position?.line ?? null),
      cells.map((c) => c.rowIndex),
      cells.map((c) => c.cell.column),
      cells.map((c) => (c.cell.value == null ? null : String(c.cell.value))),
      cells.map((c) => c.cell.raw),
      cells.map((c) => c.cell.blank),
      cells.map((c) => c.cell.notApplicable),
      cells.map((c) => c.cell.position?.line ?? null),
      cells.map((c) => c.cell.position?.column ?? null),
      r.issues.map((i) => i.code),
      r.issues.map((i) => i.severity),
      r.issues.map((i) => i.where),
      r.issues.map((i) => i.message),
      r.issues.map((i) => i.position?.line ?? null),
      r.issues.map((i) => i.position?.column ?? null),
    ],
  );
}

/**
 * Identity 5 (FORMAT.md): this year's 上年结转 equals last year's 结转下年度, per applicant column.
 * Re-derived for the saved year and the year after (whose predecessor just changed), in SQL.
 */
async function checkCarryOver(em: EntityManager, agencyId: number, year: number): Promise<void> {
  await preparedQuery(
    em,
    'gongkai_check_carry_over',
    `WITH gone AS (
       DELETE FROM validation_issues v USING reports r
       WHERE v.report_id = r.id AND r.agency_id = $1 AND r.year IN ($2, $2 + 1) AND v.code = 'CARRY_OVER_MISMATCH'
     )
     INSERT INTO validation_issues (report_id, code, severity, location, message)
     SELECT cur.id, 'CARRY_OVER_MISMATCH', 'warning', co.column_code::text,
            format('二、上年结转 (%s) is %s, but the %s report''s 四、结转下年度 is %s',
                   co.column_code, coalesce(co.value::text, 'unreadable'), prev.year,
                   coalesce(cf.value::text, 'unreadable'))
     FROM reports cur
     JOIN reports prev ON prev.agency_id = cur.agency_id AND prev.year = cur.year - 1
     JOIN report_rows rco ON rco.report_id = cur.id AND rco.table_code = 'applications' AND rco.row_code = 'carriedOver'
     CROSS JOIN LATERAL unnest(rco.cells) co
     JOIN report_rows rcf ON rcf.report_id = prev.id AND rcf.table_code = 'applications'
                         AND rcf.row_code = 'carriedForward'
     CROSS JOIN LATERAL unnest(rcf.cells) cf
     WHERE cf.column_code = co.column_code AND cur.agency_id = $1 AND cur.year IN ($2, $2 + 1) AND co.value IS DISTINCT FROM cf.value
     ORDER BY cur.id, co.column_code`,
    [agencyId, year],
  );
}

/** The 总计 of one applications row, null when the row or its total is absent. */
const total = (row: string) =>
  `max(t.value) FILTER (WHERE rr.table_code = 'applications' AND rr.row_code = '${row}')`;
/** The sum of the 总计 of the rows of a group (refused.*, unableToProvide.*, …), null when none is present. */
const groupTotal = (prefix: string) =>
  `sum(t.value) FILTER (WHERE rr.table_code = 'applications' AND (rr.row_code::text = '${prefix}' OR rr.row_code::text LIKE '${prefix}.%'))`;
const reviewTotal = (rows: string[]) =>
  `sum(t.value) FILTER (WHERE rr.table_code = 'reviewLitigation' AND rr.row_code::text IN (${rows.map((r) => `'${r}'`).join(', ')}))`;

/**
 * The report's row in the analytics read model (report_facts), derived in SQL from what was just
 * stored, so analytics and the stored cells cannot disagree. Issue counts include carry-over.
 */
const FACTS_SQL = `
  INSERT INTO report_facts (report_id, agency_id, year, form_version, province_code, city_code, division_code,
    level, kind, new_received, carried_over, granted,
    partially_granted, refused_state_secret, refused_law_prohibited, refused_three_security_one_stability,
    refused_third_party_rights, refused_internal_affairs, refused_process_information, refused_enforcement_case_file,
    refused_administrative_query, unable_not_held, unable_total, not_processed_total, other_disposal_total,
    total_processed, carried_forward, reconsideration_total, litigation_total, issue_count, flagged_tables)
  SELECT r.id, r.agency_id, r.year, r.form_version, a.province_code, a.city_code, a.division_code, a.level, a.kind,
    ${total('newReceived')}, ${total('carriedOver')}, ${total('granted')}, ${total('partiallyGranted')},
    ${total('refused.stateSecret')}, ${total('refused.lawProhibited')}, ${total('refused.threeSecurityOneStability')},
    ${total('refused.thirdPartyRights')}, ${total('refused.internalAffairs')}, ${total('refused.processInformation')},
    ${total('refused.enforcementCaseFile')}, ${total('refused.administrativeQuery')},
    ${total('unableToProvide.notHeld')}, ${groupTotal('unableToProvide')}, ${groupTotal('notProcessed')},
    ${groupTotal('otherDisposal')}, ${total('totalProcessed')}, ${total('carriedForward')},
    ${reviewTotal(['reconsideration'])}, ${reviewTotal(['litigationDirect', 'litigationAfterReconsideration'])},
    (SELECT count(*) FROM validation_issues v WHERE v.report_id = r.id),
    (SELECT count(*) FROM validation_issues v WHERE v.report_id = r.id
       AND v.code IN ('CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN'))
  FROM reports r
  JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN report_rows rr ON rr.report_id = r.id
  LEFT JOIN LATERAL (SELECT c.value FROM unnest(rr.cells) c WHERE c.column_code = 'total') t ON true
  WHERE r.agency_id = $1 AND r.year IN ($2, $2 + 1)
  GROUP BY r.id, a.id
  ON CONFLICT (report_id) DO UPDATE SET
    agency_id = EXCLUDED.agency_id, year = EXCLUDED.year, form_version = EXCLUDED.form_version,
    province_code = EXCLUDED.province_code, city_code = EXCLUDED.city_code, division_code = EXCLUDED.division_code,
    level = EXCLUDED.level, kind = EXCLUDED.kind,
    new_received = EXCLUDED.new_received, carried_over = EXCLUDED.carried_over, granted = EXCLUDED.granted,
    partially_granted = EXCLUDED.partially_granted, refused_state_secret = EXCLUDED.refused_state_secret,
    refused_law_prohibited = EXCLUDED.refused_law_prohibited,
    refused_three_security_one_stability = EXCLUDED.refused_three_security_one_stability,
    refused_third_party_rights = EXCLUDED.refused_third_party_rights,
    refused_internal_affairs = EXCLUDED.refused_internal_affairs,
    refused_process_information = EXCLUDED.refused_process_information,
    refused_enforcement_case_file = EXCLUDED.refused_enforcement_case_file,
    refused_administrative_query = EXCLUDED.refused_administrative_query,
    unable_not_held = EXCLUDED.unable_not_held, unable_total = EXCLUDED.unable_total,
    not_processed_total = EXCLUDED.not_processed_total, other_disposal_total = EXCLUDED.other_disposal_total,
    total_processed = EXCLUDED.total_processed, carried_forward = EXCLUDED.carried_forward,
    reconsideration_total = EXCLUDED.reconsideration_total, litigation_total = EXCLUDED.litigation_total,
    issue_count = EXCLUDED.issue_count, flagged_tables = EXCLUDED.flagged_tables`;

/**
 * The analytics rows of the saved year and the year after (whose carry-over issues may have
 * changed with this report).
 */
async function writeFacts(em: EntityManager, agencyId: number, year: number): Promise<void> {
  await preparedQuery(em, 'gongkai_write_facts', FACTS_SQL, [agencyId, year]);
  // The agency's other years carry its region too: follow a change (usually touches nothing).
  await preparedQuery(
    em,
    'gongkai_sync_fact_regions',
    `UPDATE report_facts f SET province_code = a.province_code, city_code = a.city_code,
       division_code = a.division_code, level = a.level, kind = a.kind
     FROM agencies a
     WHERE a.id = $1 AND f.agency_id = a.id
       AND (f.division_code, f.level, f.kind) IS DISTINCT FROM (a.division_code, a.level, a.kind)`,
    [agencyId],
  );
}

/** Checks what the database cannot: every table belongs in its section. */
function checkShape(r: NormalizedReport): void {
  if (!r.agency.name.trim()) {
    throw new IngestError(
      'no agency name: the text does not name it; give it in the manifest ("agency") or the metadata',
    );
  }
  const seen = new Set<string>();
  for (const t of r.tables) {
    if (!(t.table in TABLE_SECTION)) throw new IngestError(`unknown table "${t.table}"`);
    if (seen.has(t.table)) throw new IngestError(`table "${t.table}" appears twice`);
    seen.add(t.table);
  }
}

/** Save one report in its own transaction; on any error nothing is written. */
export async function saveReport(ds: DataSource, report: NormalizedReport): Promise<SaveResult> {
  checkShape(report);
  const hash = sha256(report.sourceText);
  return ds.transaction(async (em) => {
    const agencyId = await upsertAgencyAndLock(em, report);
    const existing = await preparedQuery<{ id: number; source_sha256: string }>(
      em,
      'gongkai_find_report',
      'SELECT id, source_sha256 FROM reports WHERE agency_id = $1 AND year = $2',
      [agencyId, report.year],
    );
    const old = existing[0];
    if (old && old.source_sha256 === hash) {
      return { status: 'unchanged', reportId: old.id, agencyId, issues: 0 };
    }
    const values = [
      report.formVersion,
      report.title ?? null,
      report.agency.nameInText ?? null,
      report.publishedAt ?? null,
      report.sourceUrl ?? null,
      report.sourceFile ?? null,
      hash,
      report.sourceText,
      report.parserVersion,
    ];
    let reportId: number;
    if (old) {
      reportId = old.id;
      // Children go; the report row is rewritten in place.
      await em.query('DELETE FROM sections WHERE report_id = $1', [reportId]);
      await em.query('DELETE FROM report_rows WHERE report_id = $1', [reportId]);
      await em.query('DELETE FROM validation_issues WHERE report_id = $1', [reportId]);
      await em.query(
        `UPDATE reports SET form_version = $2, title = $3, name_in_text = $4, published_at = $5, source_url = $6,
           source_file = $7, source_sha256 = $8, source_text = $9, parser_version = $10, ingested_at = now()
         WHERE id = $1`,
        [reportId, ...values],
      );
    } else {
      const inserted = await preparedQuery<{ id: number }>(
        em,
        'gongkai_insert_report',
        `INSERT INTO reports (agency_id, year, form_version, title, name_in_text, published_at, source_url,
                              source_file, source_sha256, source_text, parser_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
        [agencyId, report.year, ...values],
      );
      reportId = inserted[0]!.id;
    }
    await insertChildren(em, reportId, report);
    await checkCarryOver(em, agencyId, report.year);
    await writeFacts(em, agencyId, report.year);
    return { status: old ? 'replaced' : 'loaded', reportId, agencyId, issues: report.issues.length };
  });
}

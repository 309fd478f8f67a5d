/**
 * The two read scenarios, each written three ways that return the same data:
 * (a) agency page: one agency, its reports of the last five years (2021–2025) with their
 *     applications table (every row, every applicant column);
 * (b) list page: 50 reports after a cursor, with their agency names.
 * Gongkai answers through its typed ApplicationsView; PostGraphile and the floor return the rows
 * of the applications table as {rowCode, values: {column: value}} (the same figures; Gongkai's
 * view also derives group totals in Node, which the others leave out).
 */
export const YEARS = [2021, 2022, 2023, 2024, 2025];

const BREAKDOWN =
  '{ naturalPerson commercialEnterprise researchInstitution socialWelfareOrg legalServiceOrg otherOrg total }';

export const GONGKAI_A = `query AgencyPage($id: ID!) {
  agency(id: $id) {
    id name province city county
    reports(years: [${YEARS.join(', ')}]) {
      id year formVersion title publishedAt
      applications {
        newReceived ${BREAKDOWN} carriedOver ${BREAKDOWN} granted ${BREAKDOWN} partiallyGranted ${BREAKDOWN}
        refused { stateSecret ${BREAKDOWN} lawProhibited ${BREAKDOWN} threeSecurityOneStability ${BREAKDOWN}
          thirdPartyRights ${BREAKDOWN} internalAffairs ${BREAKDOWN} processInformation ${BREAKDOWN}
          enforcementCaseFile ${BREAKDOWN} administrativeQuery ${BREAKDOWN} }
        unableToProvide { notHeld ${BREAKDOWN} needsCreation ${BREAKDOWN} unclearAfterCorrection ${BREAKDOWN} }
        notProcessed { petitionOrComplaint ${BREAKDOWN} repeated ${BREAKDOWN} publication ${BREAKDOWN}
          excessive ${BREAKDOWN} confirmation ${BREAKDOWN} }
        otherDisposal { noCorrection ${BREAKDOWN} feeUnpaid ${BREAKDOWN} other ${BREAKDOWN} total ${BREAKDOWN} }
        totalProcessed ${BREAKDOWN} carriedForward ${BREAKDOWN}
      }
    }
  }
}`;

export const GONGKAI_B = `query ListPage($after: String) {
  reports(first: 50, after: $after) {
    nodes { id year formVersion title publishedAt agency { id name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

// Amber names: the `id` column is `rowId` (`id` is the global node id); 5 latest years by order.
export const PGL_A = `query AgencyPage($id: Int!) {
  agencyByRowId(rowId: $id) {
    rowId name province city county
    reportsByAgencyId(orderBy: [YEAR_DESC], first: 5) {
      nodes {
        rowId year formVersion title publishedAt
        reportRowsByReportId(condition: { tableCode: "applications" }, orderBy: [POSITION_ASC]) {
          nodes { rowCode values }
        }
      }
    }
  }
}`;

export const PGL_B = `query ListPage($after: Cursor) {
  allReports(first: 50, after: $after, orderBy: [PRIMARY_KEY_ASC]) {
    nodes { rowId year formVersion title publishedAt agencyByAgencyId { rowId name } }
    pageInfo { hasNextPage endCursor }
  }
}`;

/** PostGraphile's cursor for a report (so that `after` it starts where Gongkai's does). */
export const PGL_CURSOR = `query Cursor($id: Int!) {
  allReports(condition: { rowId: $id }, orderBy: [PRIMARY_KEY_ASC]) { edges { cursor } }
}`;

/** The floor: one statement builds the whole answer as JSON text ($1: agency id). */
export const FLOOR_A = `
SELECT json_build_object(
  'id', a.id, 'name', a.name, 'province', a.province, 'city', a.city, 'county', a.county,
  'reports', (
    SELECT coalesce(json_agg(json_build_object(
      'id', r.id, 'year', r.year, 'formVersion', r.form_version, 'title', r.title,
      'publishedAt', r.published_at,
      'applications', (
        SELECT json_agg(json_build_object(
          'rowCode', rr.row_code,
          'values', (SELECT json_object_agg(c.column_code, c.value) FROM unnest(rr.cells) AS c)
        ) ORDER BY rr.position)
        FROM report_rows rr WHERE rr.report_id = r.id AND rr.table_code = 'applications')
    ) ORDER BY r.year), '[]')
    FROM reports r WHERE r.agency_id = a.id AND r.year BETWEEN ${YEARS[0]} AND ${YEARS[YEARS.length - 1]})
)::text AS json
FROM agencies a WHERE a.id = $1`;

/** ($1: the report id the page starts after) */
export const FLOOR_B = `
SELECT coalesce(json_agg(json_build_object(
  'id', r.id, 'year', r.year, 'formVersion', r.form_version, 'title', r.title,
  'publishedAt', r.published_at, 'agency', json_build_object('id', a.id, 'name', a.name)
) ORDER BY r.id), '[]')::text AS json
FROM (SELECT * FROM reports WHERE id > $1 ORDER BY id LIMIT 50) r JOIN agencies a ON a.id = r.agency_id`;

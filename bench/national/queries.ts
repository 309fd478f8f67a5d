/**
 * The read scenarios, each written the ways that return the same data:
 * (a) agency page: one agency, its reports of the last five years (2021–2025) with their
 *     applications table (every row, every applicant column);
 * (b) list page: 50 reports after a cursor, with their agency names;
 * (c) an analyst's cross-year aggregate: the refused-disclosure breakdown (the eight reasons)
 *     of all reports, by province and year. Gongkai answers it through its gateway (analytics
 *     subgraph); the floor aggregates the same report_facts read model. PostGraphile takes no
 *     part in (c).
 * Gongkai answers (a) through its typed ApplicationsView from its report_grids read model; the
 * floor (and so the HTTP and Apollo floors) builds the same answer, field for field, from the same
 * read model, so it is a lower bound for that answer. PostGraphile returns the rows of the
 * applications table as {rowCode, values: {column: value}} computed from the cells (the same
 * figures in its own shape).
 */
export const YEARS = [2021, 2022, 2023, 2024, 2025];

/** Gongkai's cursor (src/schema/types/pagination.ts), restated: importing it would load type-graphql. */
export const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');

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

/** The Apollo floor (apollo-floor-server.ts): the floor's statement through one field of Apollo. */
export const APOLLO_FLOOR = `query Floor($scenario: Scenario!, $param: Int) {
  floor(scenario: $scenario, param: $param)
}`;

/** The applicant columns of an ApplicantBreakdown, in the view's order. */
const APPLICANT_COLUMNS = [
  'naturalPerson',
  'commercialEnterprise',
  'researchInstitution',
  'socialWelfareOrg',
  'legalServiceOrg',
  'otherOrg',
  'total',
];
/** A row's ApplicantBreakdown from the grid's rows made once (`b`): null when the row is absent. */
const breakdown = (row: string) => `b.rows->'${row}'`;
/** A group total by the view's rule (totals.ts): the known parts summed, null when none is known. */
const sumOf = (rows: string[]) =>
  `CASE WHEN b.rows ?| ARRAY[${rows.map((r) => `'${r}'`).join(', ')}] THEN jsonb_build_object(${APPLICANT_COLUMNS.map(
    (c) =>
      `'${c}', (SELECT sum((b.rows->k->>'${c}')::numeric) FROM unnest(ARRAY[${rows.map((r) => `'${r}'`).join(', ')}]) k)`,
  ).join(', ')}) END`;
const group = (prefix: string, parts: string[]) =>
  `jsonb_build_object(${parts.map((p) => `'${p}', ${breakdown(`${prefix}.${p}`)}`).join(', ')})`;
const OTHER_DISPOSAL_PARTS = ['noCorrection', 'feeUnpaid', 'other'];
/**
 * Every row of a report's applications grid (report_grids, the read model Gongkai reads) as an
 * ApplicantBreakdown, by row code, made in one pass over the grid; null when the report has no
 * grid or a grid without a cell (the view is null then).
 */
const GRID_ROWS = `(SELECT CASE WHEN bool_or(e.value <> '{}'::jsonb) THEN jsonb_object_agg(e.key, jsonb_build_object(${APPLICANT_COLUMNS.map((c) => `'${c}', e.value->'${c}'`).join(', ')})) END
  FROM report_grids g CROSS JOIN jsonb_each(g.grid) e
  WHERE g.report_id = r.id AND g.table_code = 'applications')`;
/** GONGKAI_A's applications view from those rows: the same fields and values as Gongkai's. */
const APPLICATIONS_VIEW = `CASE WHEN b.rows IS NOT NULL THEN jsonb_build_object(
  'newReceived', ${breakdown('newReceived')}, 'carriedOver', ${breakdown('carriedOver')},
  'granted', ${breakdown('granted')}, 'partiallyGranted', ${breakdown('partiallyGranted')},
  'refused', ${group('refused', ['stateSecret', 'lawProhibited', 'threeSecurityOneStability', 'thirdPartyRights', 'internalAffairs', 'processInformation', 'enforcementCaseFile', 'administrativeQuery'])},
  'unableToProvide', ${group('unableToProvide', ['notHeld', 'needsCreation', 'unclearAfterCorrection'])},
  'notProcessed', ${group('notProcessed', ['petitionOrComplaint', 'repeated', 'publication', 'excessive', 'confirmation'])},
  'otherDisposal', CASE WHEN b.rows ? 'otherDisposal'
    THEN jsonb_build_object('noCorrection', NULL, 'feeUnpaid', NULL, 'other', NULL, 'total', ${breakdown('otherDisposal')})
    ELSE jsonb_build_object(${OTHER_DISPOSAL_PARTS.map((p) => `'${p}', ${breakdown(`otherDisposal.${p}`)}`).join(', ')},
      'total', ${sumOf(OTHER_DISPOSAL_PARTS.map((p) => `otherDisposal.${p}`))}) END,
  'totalProcessed', ${breakdown('totalProcessed')}, 'carriedForward', ${breakdown('carriedForward')}
) END`;

/**
 * The floor: one statement builds the whole answer as JSON text ($1: agency id), Gongkai's
 * `data.agency` for GONGKAI_A field for field, from the same read model (report_grids).
 */
export const FLOOR_A = `
SELECT json_build_object(
  'id', a.id::text, 'name', a.name, 'province', a.province, 'city', a.city, 'county', a.county,
  'reports', (
    SELECT coalesce(json_agg(json_build_object(
      'id', r.id::text, 'year', r.year, 'formVersion', 'V' || r.form_version::text, 'title', r.title,
      'publishedAt', r.published_at,
      'applications', ${APPLICATIONS_VIEW}
    ) ORDER BY r.year), '[]')
    -- OFFSET 0: the rows are made once per report, not once per field that reads them
    FROM reports r CROSS JOIN LATERAL (SELECT ${GRID_ROWS} AS rows OFFSET 0) b
    WHERE r.agency_id = a.id AND r.year BETWEEN ${YEARS[0]} AND ${YEARS[YEARS.length - 1]})
)::text AS json
FROM agencies a WHERE a.id = $1`;

/**
 * ($1: the report id the page starts after) Gongkai's `data.reports` for GONGKAI_B: 50 nodes and
 * pageInfo (a 51st row says there is a next page; the cursor is Gongkai's, id:N in base64url).
 */
export const FLOOR_B = `
WITH page AS (SELECT id, year, form_version, title, published_at, agency_id FROM reports WHERE id > $1 ORDER BY id LIMIT 51),
shown AS (SELECT * FROM page ORDER BY id LIMIT 50)
SELECT json_build_object(
  'nodes', (SELECT coalesce(json_agg(json_build_object(
      'id', r.id::text, 'year', r.year, 'formVersion', 'V' || r.form_version::text, 'title', r.title,
      'publishedAt', r.published_at, 'agency', json_build_object('id', a.id::text, 'name', a.name)
    ) ORDER BY r.id), '[]') FROM shown r JOIN agencies a ON a.id = r.agency_id),
  'pageInfo', json_build_object(
    'hasNextPage', (SELECT count(*) FROM page) > 50,
    'endCursor', (SELECT rtrim(translate(encode(convert_to('id:' || max(id), 'UTF8'), 'base64'), '+/', '-_'), '=') FROM shown))
)::text AS json`;

/** (c) over all reports and years: no argument narrows the scope, so the query is fixed. */
export const GATEWAY_C = `query RefusedByProvince {
  refusedBreakdown(groupBy: PROVINCE) {
    year groupCode groupName reports totalProcessed refused
    reasons { reason label count shareOfRefusals shareOfProcessed }
  }
}`;

/** The eight refusal reasons: GraphQL name, report_facts column, label (the form's order). */
const REASONS: ReadonlyArray<[string, string, string]> = [
  ['STATE_SECRET', 'refused_state_secret', '属于国家秘密'],
  ['LAW_PROHIBITED', 'refused_law_prohibited', '其他法律行政法规禁止公开'],
  ['THREE_SECURITY_ONE_STABILITY', 'refused_three_security_one_stability', '危及“三安全一稳定”'],
  ['THIRD_PARTY_RIGHTS', 'refused_third_party_rights', '保护第三方合法权益'],
  ['INTERNAL_AFFAIRS', 'refused_internal_affairs', '属于三类内部事务信息'],
  ['PROCESS_INFORMATION', 'refused_process_information', '属于四类过程性信息'],
  ['ENFORCEMENT_CASE_FILE', 'refused_enforcement_case_file', '属于行政执法案卷'],
  ['ADMINISTRATIVE_QUERY', 'refused_administrative_query', '属于行政查询事项'],
];

/**
 * (no parameter) Sum report_facts by year and province, name each province once, and build the
 * whole answer (rows ordered by year, then province code; reasons in the form's order) as JSON.
 */
export const FLOOR_C = `
WITH agg AS (
  SELECT year, coalesce(province_code, '') AS code, count(*) AS reports,
         sum(total_processed) AS processed,
         ${REASONS.map(([, col], i) => `sum(${col}) AS r${i}`).join(', ')}
  FROM report_facts
  GROUP BY 1, 2
), names AS (
  SELECT g.code,
         coalesce((SELECT n.province FROM agencies n WHERE n.province_code = g.code LIMIT 1), '(unknown)') AS name
  FROM (SELECT DISTINCT code FROM agg) g
)
SELECT coalesce(json_agg(json_build_object(
  'year', agg.year, 'groupCode', agg.code, 'groupName', names.name, 'reports', agg.reports,
  'totalProcessed', agg.processed, 'refused', t.refused,
  'reasons', (
    SELECT json_agg(json_build_object(
      'reason', v.reason, 'label', v.label, 'count', v.n,
      'shareOfRefusals', v.n / nullif(t.refused, 0), 'shareOfProcessed', v.n / nullif(agg.processed, 0)
    ) ORDER BY v.ord)
    FROM (VALUES ${REASONS.map(([name, , label], i) => `(${i}, '${name}', '${label}', agg.r${i})`).join(', ')})
      AS v(ord, reason, label, n))
) ORDER BY agg.year, agg.code), '[]')::text AS json
FROM agg JOIN names ON names.code = agg.code
CROSS JOIN LATERAL (SELECT sum(x) AS refused FROM unnest(ARRAY[${REASONS.map((_, i) => `agg.r${i}`).join(', ')}]) AS x) t`;

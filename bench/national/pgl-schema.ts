/**
 * What PostGraphile is given: views over Gongkai's tables in a schema of their own, created by the
 * benchmark only (never by Gongkai's migrations). Why views: PostGraphile cannot build types for
 * Gongkai's enums (`row_code` values such as "refused.stateSecret" and `form_version` values
 * "2019"/"2021" are not GraphQL names), so enum columns are exposed as text; it cannot look
 * inside `cell[]`, so a row's cells are exposed as one jsonb object {column: value}; views have
 * no constraints, so primary and foreign keys are declared with smart tags.
 */
export function pglSchemaSql(data: string, pgl: string): string[] {
  const d = `"${data}"`;
  const p = `"${pgl}"`;
  return [
    `DROP SCHEMA IF EXISTS ${p} CASCADE`,
    `CREATE SCHEMA ${p}`,
    `CREATE VIEW ${p}.agencies AS
       SELECT id, name, province, city, county, division_code, level::text AS level, kind::text AS kind
       FROM ${d}.agencies`,
    `COMMENT ON VIEW ${p}.agencies IS E'@primaryKey id'`,
    `CREATE VIEW ${p}.reports AS
       SELECT id, agency_id, year, form_version::text AS form_version, title, name_in_text,
              published_at, source_url, source_file, source_sha256, parser_version, ingested_at
       FROM ${d}.reports`,
    `COMMENT ON VIEW ${p}.reports IS E'@primaryKey id\\n@foreignKey (agency_id) references ${pgl}.agencies (id)'`,
    `CREATE VIEW ${p}.report_rows AS
       SELECT report_id, table_code::text AS table_code, row_code::text AS row_code, label, position,
              source_line,
              (SELECT jsonb_object_agg(c.column_code, c.value) FROM unnest(r.cells) AS c) AS values
       FROM ${d}.report_rows r`,
    `COMMENT ON VIEW ${p}.report_rows IS E'@primaryKey report_id,table_code,row_code\\n@foreignKey (report_id) references ${pgl}.reports (id)'`,
  ];
}

-- Issue #15's million-report corpus without a million ingests (which take hours on the shared
-- 2-core machine): copies of an ingested corpus (gongkai synth + gongkai ingest), each a new set of
-- agencies (same regions, level and kind; name suffixed with the copy's number) with their reports,
-- cells, issues and facts. Sections, grids and report sources are not copied (no analysis here
-- reads them; the copies' source_text is empty). Copy k (1, 2, …) offsets the original's ids by
-- k × its largest id; each copy is its own transaction, so a corpus of any size stops consistent.
--   createdb -T gk15a gk15m
--   A=$(psql -Atc 'SELECT max(id) FROM agencies' gk15m); R=$(psql -Atc 'SELECT max(id) FROM reports' gk15m)
--   for k in $(seq 1 9); do psql -v k=$k -v agency_span=$A -v report_span=$R -d gk15m -f bench/analytics-copies.sql; done
\set ON_ERROR_STOP on
SELECT set_config('gk.agency_span', :'agency_span', false), set_config('gk.report_span', :'report_span', false);
BEGIN;
CREATE TEMP TABLE copy_no AS SELECT :k::int AS k;
-- (province_code and city_code are generated from division_code)
INSERT INTO agencies (id, name, province, city, county, division_code, level, kind, created_at)
  OVERRIDING SYSTEM VALUE
  SELECT a.id + k * :agency_span, a.name || ' ·' || k, a.province, a.city, a.county, a.division_code,
         a.level, a.kind, a.created_at
  FROM agencies a, copy_no WHERE a.id <= :agency_span;
INSERT INTO reports (id, agency_id, year, form_version, title, name_in_text, published_at, source_url, source_file,
                     source_sha256, source_text, parser_version, ingested_at, source_kind, partial_tables)
  OVERRIDING SYSTEM VALUE
  SELECT r.id + k * :report_span, r.agency_id + k * :agency_span, r.year, r.form_version, r.title, r.name_in_text,
         r.published_at, r.source_url, r.source_file, r.source_sha256, '', r.parser_version, r.ingested_at,
         r.source_kind, r.partial_tables
  FROM reports r, copy_no WHERE r.id <= :report_span;
INSERT INTO report_rows (report_id, table_code, row_code, label, position, source_line, cells, box)
  SELECT rr.report_id + k * :report_span, rr.table_code, rr.row_code, rr.label, rr.position, rr.source_line,
         rr.cells, rr.box
  FROM copy_no, report_rows rr WHERE rr.report_id <= :report_span;
INSERT INTO validation_issues (report_id, code, severity, location, message, source_line, source_column, candidates)
  SELECT v.report_id + k * :report_span, v.code, v.severity, v.location, v.message, v.source_line,
         v.source_column, v.candidates
  FROM copy_no, validation_issues v WHERE v.report_id <= :report_span;
-- Every column of report_facts, whatever the schema's version: the ids offset, the rest as stored.
DO $$
DECLARE cols text;
BEGIN
  SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
  FROM information_schema.columns
  WHERE table_schema = current_schema() AND table_name = 'report_facts'
    AND column_name NOT IN ('report_id', 'agency_id');
  EXECUTE format(
    'INSERT INTO report_facts (report_id, agency_id, %s) SELECT f.report_id + k * %s, f.agency_id + k * %s, %s
     FROM copy_no, report_facts f WHERE f.report_id <= %s',
    cols, current_setting('gk.report_span'), current_setting('gk.agency_span'),
    (SELECT string_agg('f.' || c, ', ') FROM unnest(string_to_array(cols, ', ')) c),
    current_setting('gk.report_span'));
END $$;
SELECT setval(pg_get_serial_sequence('agencies', 'id'), (SELECT max(id) FROM agencies)),
       setval(pg_get_serial_sequence('reports', 'id'), (SELECT max(id) FROM reports));
COMMIT;
ANALYZE report_facts;

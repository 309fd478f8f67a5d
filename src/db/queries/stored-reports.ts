/**
 * Reads for `gongkai ingest --reparse` (src/ingest/reparse.ts): which stored reports an older
 * parser read, their sources as stored, and a digest of what their reading gave.
 */
import { type DataSource } from 'typeorm';
import { type AgencyKind, type AgencyLevel } from '../../domain/codes';
import { type SourceKind } from '../../domain/report';

export interface OutdatedReport {
  id: number;
  parser_version: string;
  size: number;
}

export interface StoredSource {
  id: number;
  year: number;
  source_kind: SourceKind | null;
  source_text: string;
  source_bytes: Buffer | null;
  source_file: string | null;
  source_url: string | null;
  published_at: string | null;
  name: string;
  province: string | null;
  city: string | null;
  county: string | null;
  division_code: string | null;
  level: AgencyLevel | null;
  kind: AgencyKind | null;
}

/**
 * What a reading gives, per report, as one digest: the figures of every table (report_grids),
 * the issues by code, place and candidates (not their wording), the partial tables and the extra
 * rows. Taken before and after a report is replaced, to tell a changed reading from the same one.
 */
export async function readingDigests(ds: DataSource, ids: readonly number[]): Promise<Map<number, string>> {
  const rows: { id: number; digest: string }[] = await ds.query(
    `SELECT r.id, md5(concat_ws('|', r.year::text, r.form_version::text, r.partial_tables::text,
       (SELECT string_agg(g.table_code || ':' || g.grid::text, ';' ORDER BY g.table_code)
        FROM report_grids g WHERE g.report_id = r.id),
       (SELECT string_agg(v.code || '@' || v.location || ':' || coalesce(v.candidates::text, ''), ';'
                          ORDER BY v.code, v.location, v.candidates::text)
        FROM validation_issues v WHERE v.report_id = r.id),
       (SELECT string_agg(e.table_code || ':' || e.label || ':' ||
                          coalesce((SELECT string_agg(coalesce(c.column_code::text, '') || '=' ||
                                                      coalesce(c.value::text, ''), ',')
                                    FROM unnest(e.cells) c), ''), ';' ORDER BY e.table_code, e.position)
        FROM report_extra_rows e WHERE e.report_id = r.id))) AS digest
     FROM reports r WHERE r.id = ANY($1::integer[])`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r.digest]));
}

/** The stored reports' sources and what the store knew of it besides the text. */
export async function storedSources(ds: DataSource, ids: readonly number[]): Promise<StoredSource[]> {
  return ds.query(
    `SELECT r.id, r.year, r.source_kind, r.source_text, r.source_bytes, r.source_file, r.source_url,
            r.published_at::text AS published_at, a.name, a.province, a.city, a.county, a.division_code,
            a.level, a.kind
     FROM reports r JOIN agencies a ON a.id = r.agency_id
     WHERE r.id = ANY($1::integer[]) ORDER BY r.id`,
    [ids],
  );
}

/** Stored reports read by another parser version than `current`. */
export async function countOtherVersions(ds: DataSource, current: string): Promise<number> {
  const [{ n }] = (await ds.query(
    'SELECT count(*) AS n FROM reports WHERE parser_version IS DISTINCT FROM $1',
    [current],
  )) as [{ n: string }];
  return Number(n);
}

/** The next page of them by id, with their sources' size. */
export async function otherVersionsAfter(
  ds: DataSource,
  after: number,
  current: string,
  limit: number,
): Promise<OutdatedReport[]> {
  const rows = (await ds.query(
    `SELECT id, parser_version,
            octet_length(source_text) + coalesce(octet_length(source_bytes), 0) AS size
     FROM reports WHERE id > $1 AND parser_version IS DISTINCT FROM $2 ORDER BY id LIMIT $3`,
    [after, current, limit],
  )) as OutdatedReport[];
  return rows.map((c) => ({ ...c, size: Number(c.size) }));
}

/**
 * Text across reports: how similar each section is to the same agency's section of the previous
 * year (pg_trgm trigram similarity, to find copy-pasted reports), and a literal text search over
 * section texts. One SQL statement each; computed on demand, so narrow them with the filter.
 */
import { type DataSource } from 'typeorm';
import { BadUserInputError } from '../errors';
import { type AnalyticsFilter, filterSql, num } from './filter';
import { Params } from '../db/params';

export interface SectionSimilarity {
  reportId: number;
  agencyId: number;
  agencyName: string;
  year: number;
  section: number;
  /** 0–1: trigram similarity with the previous year's section of the same agency. */
  similarity: number;
}

export async function sectionSimilarity(
  ds: DataSource,
  filter: AnalyticsFilter,
  opts: { minSimilarity: number; section?: number | null; limit: number },
): Promise<SectionSimilarity[]> {
  if (!(opts.minSimilarity >= 0 && opts.minSimilarity <= 1)) {
    throw new BadUserInputError(`minSimilarity is between 0 and 1; got ${opts.minSimilarity}`);
  }
  const p = new Params();
  const where = filterSql(filter, p, 'r');
  const min = p.add(opts.minSimilarity);
  const section = opts.section == null ? '' : `AND s.number = ${p.add(opts.section)}`;
  const limit = p.add(opts.limit);
  const rows: {
    report_id: number;
    agency_id: number;
    name: string;
    year: number;
    number: number;
    sim: string;
  }[] = await ds.query(
    `SELECT * FROM (
         SELECT r.id AS report_id, r.agency_id, a.name, r.year, s.number,
                public.similarity(s.text, ps.text) AS sim
         FROM reports r
         JOIN agencies a ON a.id = r.agency_id
         JOIN reports pr ON pr.agency_id = r.agency_id AND pr.year = r.year - 1
         JOIN sections s ON s.report_id = r.id
         JOIN sections ps ON ps.report_id = pr.id AND ps.number = s.number
         WHERE ${where} ${section} AND length(s.text) > 0
       ) x
       WHERE x.sim >= ${min}
       ORDER BY x.sim DESC, x.report_id, x.number
       LIMIT ${limit}`,
    p.values,
  );
  return rows.map((r) => ({
    reportId: r.report_id,
    agencyId: r.agency_id,
    agencyName: r.name,
    year: r.year,
    section: r.number,
    similarity: num(r.sim)!,
  }));
}

export interface SectionMatch {
  reportId: number;
  agencyName: string;
  year: number;
  section: number;
  /** The text around the first match. */
  snippet: string;
}

export async function searchSections(
  ds: DataSource,
  text: string,
  filter: AnalyticsFilter,
  opts: { section?: number | null; limit: number },
): Promise<SectionMatch[]> {
  const needle = text.trim();
  if (needle.length < 2) throw new BadUserInputError('search for at least two characters');
  const p = new Params();
  const where = filterSql(filter, p, 'r');
  const q = p.add(needle);
  const section = opts.section == null ? '' : `AND s.number = ${p.add(opts.section)}`;
  const limit = p.add(opts.limit);
  // strpos: the text is matched literally (no LIKE wildcards to escape).
  const rows: { report_id: number; name: string; year: number; number: number; snippet: string }[] =
    await ds.query(
      `SELECT r.id AS report_id, a.name, r.year, s.number,
            substr(s.text, greatest(strpos(s.text, ${q}) - 30, 1), length(${q}) + 60) AS snippet
     FROM sections s
     JOIN reports r ON r.id = s.report_id
     JOIN agencies a ON a.id = r.agency_id
     WHERE strpos(s.text, ${q}) > 0 AND ${where} ${section}
     ORDER BY r.year DESC, r.id, s.number
     LIMIT ${limit}`,
      p.values,
    );
  return rows.map((r) => ({
    reportId: r.report_id,
    agencyName: r.name,
    year: r.year,
    section: r.number,
    snippet: r.snippet,
  }));
}

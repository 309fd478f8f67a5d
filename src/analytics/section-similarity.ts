/**
 * How similar each section is to the same agency's section of the previous year (pg_trgm trigram
 * similarity), to find copy-pasted reports. One SQL statement, computed on demand: narrow it with
 * the scope.
 */
import { type DataSource } from 'typeorm';
import { num } from '../db/numeric';
import { Params } from '../db/params';
import { type ReportScope } from '../db/queries/scope';
import { BadUserInputError } from '../errors';
import { csvShape } from './csv';
import { reportsScope } from './scope';

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
  filter: ReportScope,
  opts: { minSimilarity: number; section?: number | null; limit: number },
): Promise<SectionSimilarity[]> {
  if (!(opts.minSimilarity >= 0 && opts.minSimilarity <= 1)) {
    throw new BadUserInputError(`minSimilarity is between 0 and 1; got ${opts.minSimilarity}`);
  }
  const p = new Params();
  const where = reportsScope(filter, p);
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

export const SECTION_SIMILARITY_CSV = csvShape<SectionSimilarity>([
  ['report_id', (r) => r.reportId],
  ['agency_id', (r) => r.agencyId],
  ['agency_name', (r) => r.agencyName],
  ['year', (r) => r.year],
  ['section', (r) => r.section],
  ['similarity', (r) => r.similarity],
]);

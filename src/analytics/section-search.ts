/**
 * A literal text search over section texts, newest first. One SQL statement, computed on demand:
 * narrow it with the scope.
 */
import { type DataSource } from 'typeorm';
import { Params } from '../db/params';
import { type ReportScope } from '../db/queries/scope';
import { BadUserInputError } from '../errors';
import { csvShape } from './csv';
import { reportsScope } from './scope';

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
  filter: ReportScope,
  opts: { section?: number | null; limit: number },
): Promise<SectionMatch[]> {
  const needle = text.trim();
  if (needle.length < 2) {
    throw new BadUserInputError('text: search for at least two characters', { argument: 'text' });
  }
  const p = new Params();
  const where = reportsScope(filter, p);
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

export const SECTION_SEARCH_CSV = csvShape<SectionMatch>([
  ['report_id', (r) => r.reportId],
  ['agency_name', (r) => r.agencyName],
  ['year', (r) => r.year],
  ['section', (r) => r.section],
  ['snippet', (r) => r.snippet],
]);

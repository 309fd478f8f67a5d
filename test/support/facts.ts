/** What a load stored, to compare two loads of the same files (their ids differ). */
export interface StoredFacts {
  reports: number;
  /** Distinct (agency, year): equal to `reports` when every report is stored once. */
  distinct: number;
  /**
   * md5 over every row of report_facts with its agency's name and place (not ids), in the bytewise
   * order of the rows' text: agencies of one name in different places sort the same every time.
   */
  sum: string;
}

/** `query` runs one statement and returns its rows (a DataSource's query, or a client's on a replica). */
export async function storedFacts(
  query: (text: string) => Promise<unknown[]>,
  schema: string,
): Promise<StoredFacts> {
  const s = `"${schema.replace(/"/g, '""')}"`;
  const rows = (await query(
    `SELECT (SELECT count(*)::int FROM ${s}.reports) AS reports,
            (SELECT count(DISTINCT (agency_id, year))::int FROM ${s}.reports) AS distinct,
            md5(coalesce(string_agg(t, '|' ORDER BY t COLLATE "C"), '')) AS sum
       FROM (SELECT (to_jsonb(f) - 'report_id' - 'agency_id'
                     || jsonb_build_object('agency', a.name, 'province', a.province, 'city', a.city, 'county', a.county))::text AS t
               FROM ${s}.report_facts f JOIN ${s}.agencies a ON a.id = f.agency_id) rows`,
  )) as StoredFacts[];
  return rows[0]!;
}

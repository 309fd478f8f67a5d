/**
 * The CSV form of an analysis' rows, declared beside the analysis: column names and how each is
 * read from a row (`gongkai export` writes exactly this).
 */
export interface CsvShape<R> {
  columns: readonly string[];
  rows(results: readonly R[]): unknown[][];
}

/** One CSV line per row: each column a name and its value. */
export function csvShape<R>(columns: readonly (readonly [string, (r: R) => unknown])[]): CsvShape<R> {
  return {
    columns: columns.map(([name]) => name),
    rows: (results) => results.map((r) => columns.map(([, value]) => value(r))),
  };
}

/** Several CSV lines per row (a row's list spread out, e.g. the breakdown's reasons). */
export function csvShapeOf<R, L>(
  lines: (r: R) => readonly L[],
  columns: readonly (readonly [string, (line: L) => unknown])[],
): CsvShape<R> {
  const inner = csvShape(columns);
  return { columns: inner.columns, rows: (results) => inner.rows(results.flatMap(lines)) };
}

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

/** A CSV as a header and its lines (what the options below turn into another one). */
export interface CsvTable {
  columns: readonly string[];
  rows: unknown[][];
}

/**
 * The wide layout of a long CSV: one line per `keys` (e.g. group and year), one column per value
 * of `by` (e.g. each refusal reason), holding one of `values` (the first by default). Columns of
 * neither (e.g. the reason's label) are left out.
 */
export interface CsvPivot {
  keys: readonly string[];
  by: string;
  values: readonly string[];
}

/** `gongkai export`'s layout and formatting options (the same for every analysis). */
export interface CsvOptions {
  /** One line per key, one column per value of the pivot (for the analyses that have one). */
  wide?: CsvPivot;
  /** Which of the pivot's value columns fills the wide cells (default its first). */
  value?: string;
  /** Shares and rates as percentages (`12.50%`) rather than fractions (`0.125`). */
  percent?: boolean;
}

/** Columns holding a share or rate (a fraction): `share_of_…`, `…_rate`. */
export const isShareColumn = (name: string): boolean => /^share_|_rate$/.test(name);

/** A fraction as a percentage with two decimals (`0.125` → `12.50%`); null stays empty. */
export function percentOf(value: unknown): unknown {
  return typeof value === 'number' && Number.isFinite(value) ? `${(value * 100).toFixed(2)}%` : value;
}

/** The analysis' rows as a long table (today's layout). */
export function csvTable<R>(shape: CsvShape<R>, results: readonly R[]): CsvTable {
  return { columns: shape.columns, rows: shape.rows(results) };
}

/** Shares as percentages, in place of the fractions. */
export function withPercentages(table: CsvTable): CsvTable {
  const shares = table.columns.map(isShareColumn);
  if (!shares.some(Boolean)) return table;
  return {
    columns: table.columns,
    rows: table.rows.map((r) => r.map((v, i) => (shares[i] ? percentOf(v) : v))),
  };
}

/** The wide layout (see CsvPivot): pivot columns in the order their values first appear. */
export function pivot(table: CsvTable, p: CsvPivot, value = p.values[0]!): CsvTable {
  const index = (name: string) => {
    const i = table.columns.indexOf(name);
    if (i < 0) throw new RangeError(`the CSV has no column ${name}`);
    return i;
  };
  if (!p.values.includes(value)) throw new RangeError(`${value} is not one of ${p.values.join(', ')}`);
  const keys = p.keys.map(index);
  const by = index(p.by);
  const val = index(value);
  const wideColumns: string[] = [];
  const lines = new Map<string, { keys: unknown[]; cells: Map<string, unknown> }>();
  for (const row of table.rows) {
    const column = String(row[by] ?? '');
    if (!wideColumns.includes(column)) wideColumns.push(column);
    const keyValues = keys.map((k) => row[k]);
    const id = JSON.stringify(keyValues);
    let line = lines.get(id);
    if (!line) lines.set(id, (line = { keys: keyValues, cells: new Map() }));
    line.cells.set(column, row[val]);
  }
  return {
    columns: [...p.keys, ...wideColumns],
    rows: [...lines.values()].map((l) => [...l.keys, ...wideColumns.map((c) => l.cells.get(c) ?? null)]),
  };
}

/** The table the options ask for: percentages first (they travel into the wide cells), then the layout. */
export function shapeTable(table: CsvTable, options: CsvOptions): CsvTable {
  const formatted = options.percent ? withPercentages(table) : table;
  return options.wide ? pivot(formatted, options.wide, options.value) : formatted;
}

/**
 * report_facts, the analytics read model: one narrow row per report with the figures analyses
 * aggregate (the 总计 of applications rows, review and litigation totals, issue counts), so that a
 * breakdown over all reports scans one row per report instead of unnesting ~40 cell arrays.
 *
 * The lists below are its one definition. Generated from them: the table's columns (a test checks
 * them against what the committed migrations create), the statement the save path writes the
 * rows with, the refusal reasons' columns of the breakdown, and the rates' sums. A column added
 * here needs a migration adding it (the test fails until there is one).
 *
 * Figures are double precision (counts, exact below 2^53): summing them is several times cheaper
 * than numeric, and the stored cells keep the exact printed values.
 */
import { type EntityManager } from 'typeorm';
import {
  ACTIVE_DISCLOSURE_LAYOUT,
  IssueCode,
  REFUSAL_ROWS,
  RefusalReason,
  REVIEW_ROWS,
  RowCode,
  TableCode,
} from '../../domain/codes';
import { preparedQuery } from '../prepared';
import { totalOfPartsSql } from './totals';

/** A figure column: the 总计 of one row, or the total of several (the rule of ./totals). */
export interface FactFigure {
  column: string;
  table: TableCode;
  rows: readonly RowCode[];
  /** The refusal reason whose count the column holds (the eight 不予公开 columns). */
  reason?: RefusalReason;
}

const applications = (column: string, rows: readonly RowCode[], reason?: RefusalReason): FactFigure => ({
  column,
  table: TableCode.APPLICATIONS,
  rows,
  ...(reason ? { reason } : {}),
});
/** Rows of a group of applications rows (`unableToProvide.*`; otherDisposal: the 2019 row too). */
const groupRows = (group: string): RowCode[] =>
  Object.values(RowCode).filter((c) => c === group || c.startsWith(`${group}.`));
const reasonColumn = (reason: RefusalReason): string =>
  `refused_${reason.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

/** The figure columns, in the table's column order. */
export const FACT_FIGURES: readonly FactFigure[] = [
  applications('new_received', [RowCode.NEW_RECEIVED]),
  applications('carried_over', [RowCode.CARRIED_OVER]),
  applications('granted', [RowCode.GRANTED]),
  applications('partially_granted', [RowCode.PARTIALLY_GRANTED]),
  ...Object.values(RefusalReason).map((reason) =>
    applications(reasonColumn(reason), [REFUSAL_ROWS[reason]], reason),
  ),
  applications('unable_not_held', [RowCode.UNABLE_NOT_HELD]),
  applications('unable_total', groupRows('unableToProvide')),
  applications('not_processed_total', groupRows('notProcessed')),
  applications('other_disposal_total', groupRows('otherDisposal')),
  applications('total_processed', [RowCode.TOTAL_PROCESSED]),
  applications('carried_forward', [RowCode.CARRIED_FORWARD]),
  { column: 'reconsideration_total', table: TableCode.REVIEW_LITIGATION, rows: [RowCode.RECONSIDERATION] },
  {
    column: 'litigation_total',
    table: TableCode.REVIEW_LITIGATION,
    rows: [RowCode.LITIGATION_DIRECT, RowCode.LITIGATION_AFTER_RECONSIDERATION],
  },
];

/** The eight refusal reasons' columns, in the form's order. */
export const REASON_FIGURES: readonly (FactFigure & { reason: RefusalReason })[] = FACT_FIGURES.filter(
  (f): f is FactFigure & { reason: RefusalReason } => f.reason != null,
);

const FIGURE_NAMES = new Set(FACT_FIGURES.map((f) => f.column));

/** `alias.column` of a figure column, checked against the list. */
export function factColumn(name: string, alias = 'f'): string {
  if (!FIGURE_NAMES.has(name)) throw new RangeError(`report_facts has no figure column "${name}"`);
  return `${alias}.${name}`;
}

/** The total of several figure columns of one report row (the rule of ./totals). */
export function factTotal(names: readonly string[], alias = 'f'): string {
  return totalOfPartsSql(names.map((n) => factColumn(n, alias)));
}

/** Σ 不予公开 of one report row: the total of the eight reasons. */
export const refusedTotal = (alias = 'f'): string =>
  factTotal(
    REASON_FIGURES.map((f) => f.column),
    alias,
  );

const quoted = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');
const ACTIVE_DISCLOSURE_ROWS = [
  ...new Set(Object.values(ACTIVE_DISCLOSURE_LAYOUT).flatMap((layout) => layout.map((l) => l.row))),
];
/** Issues that flag a table, whole (where = the table) or a row of it (where = the row code). */
const FLAG_CODES = [IssueCode.CELL_COUNT_MISMATCH, IssueCode.TABLE_LAYOUT_UNKNOWN, IssueCode.AMBIGUOUS_CELLS];

/**
 * flagged_tables: the tables of report `r` flagged in part (reports.partial_tables) or whole (a
 * flag issue on the table, or on a row of a table the parser left out), each counted once.
 * (Copied, frozen, into the RowLevelReading migration, which recomputed stored facts.)
 */
const FLAGGED_TABLES_SQL = `
    (SELECT count(DISTINCT t) FROM (
       SELECT unnest(r.partial_tables)::text AS t
       UNION ALL
       SELECT CASE
                WHEN v.location IN (${quoted(Object.values(TableCode))}) THEN v.location
                WHEN v.location IN (${quoted(ACTIVE_DISCLOSURE_ROWS)}) THEN '${TableCode.ACTIVE_DISCLOSURE}'
                WHEN v.location IN (${quoted(REVIEW_ROWS)}) THEN '${TableCode.REVIEW_LITIGATION}'
                WHEN v.location IN (SELECT unnest(enum_range(NULL::row_code))::text) THEN '${TableCode.APPLICATIONS}'
              END
       FROM validation_issues v
       WHERE v.report_id = r.id AND v.code IN (${quoted(FLAG_CODES)})
     ) flagged WHERE t IS NOT NULL)`;

/**
 * A figure as written from a report's rows `rr` (their 总计 cell `t`): one row's value, or SQL's
 * sum() over several rows, which is the rule of ./totals.
 */
function figureSql(f: FactFigure): string {
  if (f.rows.length === 1) {
    return `max(t.value) FILTER (WHERE rr.table_code = '${f.table}' AND rr.row_code = '${f.rows[0]}')`;
  }
  return `sum(t.value) FILTER (WHERE rr.table_code = '${f.table}' AND rr.row_code IN (${quoted(f.rows)}))`;
}

/**
 * The bit of a row code (SQL expression of type row_code) in report_facts.total_rows: its place
 * among the row_code enum's labels, so the bits follow the database's enum, not this file.
 */
export function rowBitSql(rowCode: string): string {
  return `(1::bigint << (array_position(enum_range(NULL::row_code), ${rowCode}) - 1))`;
}

/** The bits of the row codes of a row_code[] expression (a bound parameter): one bigint. */
export const rowMaskSql = (rowCodes: string): string =>
  `(SELECT coalesce(bit_or(${rowBitSql('m')}), 0) FROM unnest(${rowCodes}::row_code[]) m)`;

/**
 * The figure columns whose sum is the 总计 of exactly these rows of a table: one column holding
 * them all (a group such as unable_total), else one single-row column per row; null when the
 * facts do not hold them (a row not among the columns: its trend reads report_rows).
 */
export function factsMeasure(table: TableCode, rows: readonly RowCode[]): readonly FactFigure[] | null {
  const wanted = new Set(rows);
  const same = (f: FactFigure) => f.rows.length === wanted.size && f.rows.every((r) => wanted.has(r));
  const ofTable = FACT_FIGURES.filter((f) => f.table === table);
  const whole = ofTable.find(same);
  if (whole) return [whole];
  const parts = rows.map((r) => ofTable.find((f) => f.rows.length === 1 && f.rows[0] === r));
  return rows.length > 0 && parts.every((f) => f != null) ? (parts as FactFigure[]) : null;
}

interface Column {
  name: string;
  /** The column's type and constraints, as the migration declares them. */
  type: string;
  /** Its value in the write statement, over reports `r`, agencies `a` and rows `rr` (cell `t`). */
  value: string;
}

/** Every column of report_facts, in table order. */
const COLUMNS: readonly Column[] = [
  { name: 'report_id', type: 'integer PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE', value: 'r.id' },
  {
    name: 'agency_id',
    type: 'integer NOT NULL REFERENCES agencies (id) ON DELETE CASCADE',
    value: 'r.agency_id',
  },
  { name: 'year', type: 'smallint NOT NULL', value: 'r.year' },
  { name: 'form_version', type: 'form_version NOT NULL', value: 'r.form_version' },
  // The agency's region and kind, copied so aggregations need no join (kept in step by the save
  // transaction when an agency's attributes change).
  { name: 'province_code', type: 'char(6)', value: 'a.province_code' },
  { name: 'city_code', type: 'char(6)', value: 'a.city_code' },
  { name: 'division_code', type: 'char(6)', value: 'a.division_code' },
  { name: 'level', type: 'agency_level', value: 'a.level' },
  { name: 'kind', type: 'agency_kind', value: 'a.kind' },
  ...FACT_FIGURES.map((f) => ({ name: f.column, type: 'double precision', value: figureSql(f) })),
  // Issue counts include carry-over (checked before the facts are written).
  {
    name: 'issue_count',
    type: 'integer NOT NULL DEFAULT 0',
    value: '(SELECT count(*) FROM validation_issues v WHERE v.report_id = r.id)',
  },
  { name: 'flagged_tables', type: 'integer NOT NULL DEFAULT 0', value: FLAGGED_TABLES_SQL },
  // Which rows have a 总计 cell (read or not), one bit per row code: a trend of a 总计 figure
  // counts the reports having its rows from the facts alone (factsMeasure).
  {
    name: 'total_rows',
    type: 'bigint NOT NULL DEFAULT 0',
    value: `coalesce(bit_or(${rowBitSql('rr.row_code')}) FILTER (WHERE t.present), 0)`,
  },
];

/** The table as the list defines it (what the committed migrations must amount to). */
export function createReportFactsSql(table = 'report_facts'): string {
  return `CREATE TABLE ${table} (\n${COLUMNS.map((c) => `  ${c.name} ${c.type}`).join(',\n')}\n)`;
}

/**
 * The rows of the reports of the saved (agency, year) pairs ($1, $2) and of the years after them
 * (whose carry-over issues may have changed with these reports), derived in SQL from what was
 * just stored, so that analytics and the stored cells cannot disagree.
 */
const WRITE_FACTS_SQL = `
  INSERT INTO report_facts (${COLUMNS.map((c) => c.name).join(', ')})
  SELECT ${COLUMNS.map((c) => c.value).join(',\n    ')}
  FROM reports r
  JOIN agencies a ON a.id = r.agency_id
  LEFT JOIN report_rows rr ON rr.report_id = r.id
  LEFT JOIN LATERAL (SELECT c.value, true AS present FROM unnest(rr.cells) c WHERE c.column_code = 'total') t ON true
  WHERE r.id IN (SELECT r2.id FROM reports r2
                 JOIN unnest($1::integer[], $2::smallint[]) AS p(a, y) ON r2.agency_id = p.a AND r2.year IN (p.y, p.y + 1))
  GROUP BY r.id, a.id
  ON CONFLICT (report_id) DO UPDATE SET
    ${COLUMNS.slice(1)
      .map((c) => `${c.name} = EXCLUDED.${c.name}`)
      .join(', ')}`;

/**
 * The facts of the saved years and the years after, and the agencies' region on their other
 * years (two statements whatever the batch's size).
 */
export async function writeFacts(
  em: EntityManager,
  pairs: readonly unknown[][],
  agencyIds: readonly number[],
): Promise<void> {
  await preparedQuery(em, 'gongkai_write_facts', WRITE_FACTS_SQL, pairs);
  // The agencies' other years carry their region too: follow a change (usually touches nothing).
  await preparedQuery(
    em,
    'gongkai_sync_fact_regions',
    `UPDATE report_facts f SET province_code = a.province_code, city_code = a.city_code,
       division_code = a.division_code, level = a.level, kind = a.kind
     FROM agencies a
     WHERE a.id = ANY($1::integer[]) AND f.agency_id = a.id
       AND (f.division_code, f.level, f.kind) IS DISTINCT FROM (a.division_code, a.level, a.kind)`,
    [agencyIds],
  );
}

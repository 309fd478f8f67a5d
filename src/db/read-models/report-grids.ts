/**
 * report_grids, the typed views' read model (Report.applications, .activeDisclosure,
 * .reviewLitigation): one row per report and table, its figures as one jsonb object
 * {row code: {column code: value}}. A page of reports then reads a handful of small objects
 * instead of unnesting every cell (BENCHMARKS.md, "Serving"). This file is its one definition:
 * the grid's shape, the statement the save path writes it with, and the read of the views.
 */
import { type DataSource, type EntityManager } from 'typeorm';
import { type ColumnCode, type RowCode, type TableCode } from '../../domain/codes';
import { preparedQuery, readQuery } from '../prepared';

/**
 * A table's figures, row code → column code → value: the report_grids object as stored (plain
 * objects, not Maps: converting every page's grids cost 8% of an agency page's CPU).
 */
export type CellGrid = Partial<Record<RowCode, Partial<Record<ColumnCode, number | null>>>>;

/**
 * The grids of the reports just saved ($1), derived in SQL from their stored rows, so the views
 * and the cells cannot disagree. (The ReportGrids migration backfilled with a frozen copy.)
 */
const WRITE_GRIDS_SQL = `INSERT INTO report_grids (report_id, table_code, grid)
     SELECT rr.report_id, rr.table_code,
            jsonb_object_agg(rr.row_code, (SELECT coalesce(jsonb_object_agg(c.column_code, c.value), '{}')
                                           FROM unnest(rr.cells) c))
     FROM report_rows rr
     WHERE rr.report_id = ANY($1::integer[])
     GROUP BY rr.report_id, rr.table_code`;

/** One statement for the whole batch. */
export async function writeGrids(em: EntityManager, reportIds: readonly number[]): Promise<void> {
  await preparedQuery(em, 'gongkai_write_grids', WRITE_GRIDS_SQL, [reportIds]);
}

export interface GridKey {
  reportId: number;
  table: TableCode;
}

/** The grid of a stored table; null when it holds no cell (a missing or flagged table). */
function gridOfJson(json: CellGrid): CellGrid | null {
  return Object.values(json).some((columns) => columns && Object.keys(columns).length > 0) ? json : null;
}

/** The grids of (report, table) keys, in their order (null: no such table, or no cell in it). */
export async function readGrids(ds: DataSource, keys: readonly GridKey[]): Promise<(CellGrid | null)[]> {
  const rows = await readQuery<{ report_id: number; table_code: TableCode; grid: CellGrid }>(
    ds,
    `SELECT g.report_id, g.table_code, g.grid
     FROM report_grids g
     JOIN unnest($1::integer[], $2::table_code[]) AS k(report_id, table_code)
       ON g.report_id = k.report_id AND g.table_code = k.table_code`,
    [keys.map((k) => k.reportId), keys.map((k) => k.table)],
  );
  const grids = new Map(rows.map((r) => [`${r.report_id}|${r.table_code}`, gridOfJson(r.grid)]));
  return keys.map((k) => grids.get(`${k.reportId}|${k.table}`) ?? null);
}

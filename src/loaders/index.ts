/**
 * Per-request DataLoaders: created in the GraphQL context function, so caching never leaks
 * between requests. Each batch is one read of src/db (one parameterised statement, whatever the
 * number of keys); the loaders only hand each key its rows.
 */
import DataLoader from 'dataloader';
import { type DataSource } from 'typeorm';
import {
  type CellRecord,
  cellsOfTables,
  entitiesByIds,
  extraRowsOfReports,
  type ExtraRowRecord,
  issuesOfReports,
  partialTablesOfReports,
  reportsOfAgencies,
  type ReportTableKey,
  rowsOfReports,
  sectionsOfReports,
  sourceTexts,
} from '../db/queries/report-contents';
import { type PageResult, type Sorted } from '../db/queries/keyset';
import { countReportsOfAgencies, type ReportPage, reportPagesOfAgencies } from '../db/queries/reports';
import { type CellGrid, readGrids } from '../db/read-models/report-grids';
import { type TableCode } from '../domain/codes';
import { Agency, Report, type ReportRow, type Section, type ValidationIssue } from '../entities';
import { lazyLoaders } from './lazy';

export type { ReportTableKey };

/** A page (or, size null, all) of an agency's reports in an order: Agency.reports(orderBy), Agency.reportsConnection. */
export interface AgencyReportPageKey extends AgencyReportsKey {
  page: ReportPage;
}

/** The part of a key shared by the agencies of one statement. */
const pageGroup = (k: AgencyReportPageKey) => JSON.stringify([k.years ?? null, k.page]);
const yearsGroup = (k: AgencyReportsKey) => k.years?.join(',') ?? '*';

/**
 * A loader over keys that differ only by agency for the most part (one field of a list of
 * agencies, one argument value): one read per group of keys sharing the rest (usually one).
 */
function perAgencyGroups<K extends AgencyReportsKey, V>(
  group: (k: K) => string,
  read: (agencyIds: number[], sample: K) => Promise<Map<number, V>>,
  missing: V,
): DataLoader<K, V, string> {
  return new DataLoader<K, V, string>(
    async (keys) => {
      const groups = new Map<string, K[]>();
      for (const k of keys) groups.set(group(k), [...(groups.get(group(k)) ?? []), k]);
      const results = new Map<string, Map<number, V>>();
      for (const [g, ks] of groups) {
        results.set(g, await read([...new Set(ks.map((k) => k.agencyId))], ks[0]!));
      }
      return keys.map((k) => results.get(group(k))?.get(k.agencyId) ?? missing);
    },
    { cacheKeyFn: (k) => `${k.agencyId}|${group(k)}` },
  );
}

/** Reports of an agency, optionally restricted to some years. */
export interface AgencyReportsKey {
  agencyId: number;
  years?: readonly number[];
}

function groupBy<T, K>(items: readonly T[], key: (t: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}

/** Rows of one entity by id, one statement per batch. */
function byIdLoader<T extends { id: number }>(
  ds: DataSource,
  entity: new () => T,
  table: string,
): DataLoader<number, T | null> {
  return new DataLoader<number, T | null>(async (ids) => {
    const map = new Map((await entitiesByIds(ds, entity, table, ids)).map((r) => [r.id, r]));
    return ids.map((id) => map.get(id) ?? null);
  });
}

/** A loader of lists per report id, from one read of all of them. */
function perReport<T extends { reportId: number }>(read: (ids: readonly number[]) => Promise<T[]>) {
  return new DataLoader<number, T[]>(async (reportIds) => {
    const grouped = groupBy(await read(reportIds), (x) => x.reportId);
    return reportIds.map((id) => grouped.get(id) ?? []);
  });
}

const tableKey = (k: ReportTableKey) => `${k.reportId}|${k.table}`;

/** The loaders of a request, each made on first use (./lazy.ts). */
export const createLoaders = lazyLoaders({
  reportPagesByAgency: (ds) =>
    perAgencyGroups<AgencyReportPageKey, PageResult<Report & Sorted>>(
      pageGroup,
      (ids, k) => reportPagesOfAgencies(ds, ids, { years: k.years }, k.page),
      { rows: [], hasNextPage: false, hasPreviousPage: false },
    ),
  reportCountByAgency: (ds) =>
    perAgencyGroups<AgencyReportsKey, number>(
      yearsGroup,
      (ids, k) => countReportsOfAgencies(ds, ids, { years: k.years }),
      0,
    ),
  agencyById: (ds) => byIdLoader(ds, Agency, 'agencies'),
  reportById: (ds) => byIdLoader(ds, Report, 'reports'),
  reportsByAgency: (ds) =>
    new DataLoader<AgencyReportsKey, Report[], string>(
      async (keys) => {
        // One statement for every agency in the batch; the year filters of the keys (usually one
        // shared argument value) are applied when the rows are handed back.
        const reports = await reportsOfAgencies(ds, [...new Set(keys.map((k) => k.agencyId))]);
        const grouped = groupBy(reports, (r) => r.agencyId);
        return keys.map((k) => {
          const list = grouped.get(k.agencyId) ?? [];
          return k.years ? list.filter((r) => k.years?.includes(r.year)) : list;
        });
      },
      { cacheKeyFn: (k) => `${k.agencyId}|${k.years?.join(',') ?? '*'}` },
    ),
  sourceTextByReport: (ds) =>
    new DataLoader<number, string | null>(async (ids) => {
      const texts = await sourceTexts(ds, ids);
      return ids.map((id) => texts.get(id) ?? null);
    }),
  sectionsByReport: (ds) => perReport<Section>((ids) => sectionsOfReports(ds, ids)),
  rowsByReport: (ds) => perReport<ReportRow>((ids) => rowsOfReports(ds, ids)),
  extraRowsByReport: (ds) => perReport<ExtraRowRecord>((ids) => extraRowsOfReports(ds, ids)),
  /** The tables of each report some row of which was flagged (reports.partial_tables). */
  partialTablesByReport: (ds) =>
    new DataLoader<number, TableCode[]>(async (ids) => {
      const partial = await partialTablesOfReports(ds, ids);
      return ids.map((id) => partial.get(id) ?? []);
    }),
  cellsByReportTable: (ds) =>
    new DataLoader<ReportTableKey, CellRecord[], string>(
      async (keys) => {
        const cells = await cellsOfTables(ds, keys);
        return keys.map((k) => cells.get(tableKey(k)) ?? []);
      },
      { cacheKeyFn: tableKey },
    ),
  // The typed views read the report_grids read model: one small jsonb object per (report,
  // table) instead of every cell (profile in BENCHMARKS.md, "Serving").
  gridByReportTable: (ds) =>
    new DataLoader<ReportTableKey, CellGrid | null, string>((keys) => readGrids(ds, keys), {
      cacheKeyFn: tableKey,
    }),
  issuesByReport: (ds) => perReport<ValidationIssue>((ids) => issuesOfReports(ds, ids)),
});

export type Loaders = ReturnType<typeof createLoaders>;

/**
 * Per-request loaders of the analytics subgraph: entity fields (Agency.trend, Agency.refusals,
 * Report.rates) for many agencies or reports are answered by one statement per distinct
 * argument value, grouping by agency in SQL.
 */
import DataLoader from 'dataloader';
import { cellTrend, type Measure, type TrendPoint } from '../analytics/cell-trend';
import { GroupBy } from '../analytics/groups';
import { reportRates, type ReportRates } from '../analytics/rates';
import { refusedBreakdown, type RefusedBreakdownRow } from '../analytics/refused-breakdown';
import { lazyLoaders } from './lazy';

interface AgencyMeasureKey {
  agencyId: number;
  measure: Measure;
}

/** Batch keys by a shared argument value, run one query per value over all their agencies. */
function byArgument<K extends { agencyId: number }, V extends { groupCode: string }>(
  argKey: (k: K) => string,
  run: (agencyIds: number[], sample: K) => Promise<V[]>,
) {
  return new DataLoader<K, V[], string>(
    async (keys) => {
      const batches = new Map<string, K[]>();
      for (const k of keys) {
        const list = batches.get(argKey(k));
        if (list) list.push(k);
        else batches.set(argKey(k), [k]);
      }
      const results = new Map<string, V[]>();
      for (const [arg, batch] of batches) {
        const rows = await run([...new Set(batch.map((k) => k.agencyId))], batch[0]!);
        for (const row of rows) {
          const key = `${arg}|${row.groupCode}`;
          const list = results.get(key);
          if (list) list.push(row);
          else results.set(key, [row]);
        }
      }
      return keys.map((k) => results.get(`${argKey(k)}|${k.agencyId}`) ?? []);
    },
    { cacheKeyFn: (k) => `${argKey(k)}|${k.agencyId}` },
  );
}

/** The analytics loaders of a request, each made on first use (./lazy.ts). */
export const createAnalyticsLoaders = lazyLoaders({
  agencyTrend: (ds) =>
    byArgument<AgencyMeasureKey, TrendPoint>(
      (k) =>
        JSON.stringify([k.measure.table, k.measure.row ?? null, k.measure.group ?? null, k.measure.column]),
      (agencyIds, k) => cellTrend(ds, k.measure, { agencyIds }, GroupBy.AGENCY),
    ),
  agencyRefusals: (ds) =>
    byArgument<{ agencyId: number }, RefusedBreakdownRow>(
      () => '',
      (agencyIds) => refusedBreakdown(ds, { agencyIds }, GroupBy.AGENCY),
    ),
  reportRates: (ds) =>
    new DataLoader<number, ReportRates | null>(async (ids) => {
      const rows = await reportRates(ds, ids);
      const map = new Map(rows.map((r) => [r.reportId, r]));
      return ids.map((id) => map.get(id) ?? null);
    }),
});

export type AnalyticsLoaders = ReturnType<typeof createAnalyticsLoaders>;

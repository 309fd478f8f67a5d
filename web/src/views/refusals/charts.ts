/** The refusals view's two charts as ECharts options (pure: rows in, option out). */
import { type EChartsOption, REASON_COLOURS } from '../../charts/echarts';
import { formatNumber, formatShare } from '../../format';
import { type BreakdownRowFragment } from '../../generated/graphql';

export type Measure = 'count' | 'share';

interface TooltipItem {
  seriesName: string;
  value: number | null;
  dataIndex: number;
  marker: string;
}

/** Eight stacked bars per year: counts, or each reason's share of the year's refusals. */
export function byYearOption(rows: readonly BreakdownRowFragment[], measure: Measure): EChartsOption {
  const labels = rows[0]?.reasons.map((r) => r.label) ?? [];
  return {
    color: REASON_COLOURS,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      formatter: (items: TooltipItem[]) => {
        const row = rows[items[0]?.dataIndex ?? 0];
        if (!row) return '';
        const lines = items.map((it, i) => {
          const reason = row.reasons[i];
          return `${it.marker}${it.seriesName}：${formatNumber(reason?.count)} 件（${formatShare(reason?.shareOfRefusals)}）`;
        });
        return [
          `${row.year}年 不予公开 ${formatNumber(row.refused)} 件，占总计 ${formatShare(share(row))}`,
          ...lines,
        ].join('<br>');
      },
    },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 8, right: 16, top: 56, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: rows.map((r) => `${r.year}年`) },
    yAxis:
      measure === 'share'
        ? { type: 'value', max: 100, axisLabel: { formatter: '{value}%' }, name: '占不予公开比例' }
        : { type: 'value', name: '件数', minInterval: 1 },
    series: labels.map((label, i) => ({
      name: label,
      type: 'bar',
      stack: 'reasons',
      emphasis: { focus: 'series' },
      data: rows.map((r) => {
        const x = r.reasons[i];
        if (measure === 'share')
          return x?.shareOfRefusals == null ? null : Math.round(x.shareOfRefusals * 1000) / 10;
        return x?.count ?? null;
      }),
    })),
  };
}

const share = (r: BreakdownRowFragment) =>
  r.refused != null && r.totalProcessed ? r.refused / r.totalProcessed : null;

export interface GroupTotal {
  code: string;
  name: string;
  refused: number;
  processed: number;
  counts: number[];
}

/** Each group's reasons summed over the years shown, most refusals first. */
export function groupTotals(rows: readonly BreakdownRowFragment[]): GroupTotal[] {
  const groups = new Map<string, GroupTotal>();
  for (const r of rows) {
    let g = groups.get(r.groupCode);
    if (!g) {
      g = { code: r.groupCode, name: r.groupName, refused: 0, processed: 0, counts: r.reasons.map(() => 0) };
      groups.set(r.groupCode, g);
    }
    g.refused += r.refused ?? 0;
    g.processed += r.totalProcessed ?? 0;
    r.reasons.forEach((x, i) => (g.counts[i] = (g.counts[i] ?? 0) + (x.count ?? 0)));
  }
  return [...groups.values()].sort((a, b) => b.refused - a.refused || a.code.localeCompare(b.code));
}

/** One horizontal stacked bar per group (click a bar or its name to drill down). */
export function byGroupOption(groups: readonly GroupTotal[], labels: readonly string[]): EChartsOption {
  const shown = [...groups].reverse();
  return {
    color: REASON_COLOURS,
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { show: false },
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1 },
    yAxis: {
      type: 'category',
      data: shown.map((g) => g.name),
      triggerEvent: true,
      axisLabel: { width: 140, overflow: 'truncate', color: '#1a56a8' },
    },
    series: labels.map((label, i) => ({
      name: label,
      type: 'bar',
      stack: 'reasons',
      data: shown.map((g) => g.counts[i] ?? 0),
      cursor: 'pointer',
    })),
  };
}

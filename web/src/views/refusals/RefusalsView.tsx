/**
 * View 1: the refused-disclosure breakdown (不予公开 by the eight legal reasons) by year for a
 * region, with the next level down to drill into, the table of what is charted, and its CSV.
 */
import { useMemo } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart, type ChartClick } from '../../charts/Chart';
import { Breadcrumb } from '../../components/Breadcrumb';
import { FilterBar } from '../../components/FilterBar';
import { Status } from '../../components/Status';
import { formatNumber, formatShare } from '../../format';
import { RefusalsByGroupDocument, RefusalsDocument } from '../../generated/graphql';
import { GROUP_LABELS } from '../../labels';
import { childGrouping, filtersOf, reportFilter } from '../../state/filters';
import { href, navigate, type Route, withParams } from '../../state/route';
import { byGroupOption, byYearOption, groupTotals, type Measure } from './charts';
import { type CsvChoice, download, refusedBreakdownCsv } from './csv';

export function RefusalsView({ route }: { route: Route }) {
  const filters = filtersOf(route);
  const filter = reportFilter(filters);
  const measure: Measure = route.params.get('show') === 'share' ? 'share' : 'count';
  const groupBy = childGrouping(filters.region);
  const csv: CsvChoice = {
    wide: route.params.get('wide') === '1',
    percent: route.params.get('percent') === '1',
    excel: route.params.get('excel') === '1',
  };
  const setCsv = (key: keyof CsvChoice, on: boolean) => navigate(withParams(route, { [key]: on }), true);
  const years = useQuery(RefusalsDocument, { filter });
  const groups = useQuery(RefusalsByGroupDocument, { filter, groupBy });
  const rows = years.data?.refusedBreakdown ?? [];
  const labels = rows[0]?.reasons.map((r) => r.label) ?? [];
  const totals = useMemo(() => groupTotals(groups.data?.refusedBreakdown ?? []), [groups.data]);
  const yearOption = useMemo(() => byYearOption(rows, measure), [rows, measure]);
  const groupOption = useMemo(() => byGroupOption(totals.slice(0, 30), labels), [totals, labels]);

  const drill = (e: ChartClick) => {
    const shown = totals.slice(0, 30).reverse();
    const group =
      e.componentType === 'series' && e.dataIndex != null
        ? shown[e.dataIndex]
        : shown.find((g) => g.name === String(e.value));
    if (!group || group.code === filters.region) return;
    if (groupBy === 'AGENCY') navigate(href('agency', { id: group.code }));
    else navigate(withParams(route, { region: group.code }));
  };

  return (
    <section aria-labelledby="refusals-title">
      <h1 id="refusals-title">不予公开理由（按年度）</h1>
      <Breadcrumb route={route} region={filters.region} />
      <FilterBar route={route} filters={filters} />
      <div className="toolbar">
        <label>
          显示
          <select
            value={measure}
            onChange={(e) => navigate(withParams(route, { show: e.target.value === 'share' ? 'share' : '' }))}
          >
            <option value="count">件数</option>
            <option value="share">占不予公开比例</option>
          </select>
        </label>
        <fieldset className="csv-options">
          <legend>CSV（与 gongkai export 相同）</legend>
          <label className="switch">
            <input type="checkbox" checked={csv.wide} onChange={(e) => setCsv('wide', e.target.checked)} />
            宽表（每项理由一列）
          </label>
          <label className="switch">
            <input
              type="checkbox"
              checked={csv.percent}
              onChange={(e) => setCsv('percent', e.target.checked)}
            />
            比例用百分数
          </label>
          <label className="switch">
            <input type="checkbox" checked={csv.excel} onChange={(e) => setCsv('excel', e.target.checked)} />
            Excel（UTF-8 BOM）
          </label>
          <button
            type="button"
            disabled={!rows.length}
            onClick={() => download(refusedBreakdownCsv(rows, csv), 'refused-breakdown.csv')}
          >
            下载 CSV
          </button>
        </fieldset>
      </div>
      <Status loading={years.loading} error={years.error} empty={!years.loading && !rows.length} />
      <div className="panels">
        <div className="panel wide">
          <h2>三（三）不予公开：八项理由</h2>
          <Chart option={yearOption} label="各年度不予公开件数按八项理由堆叠" testId="year-chart" />
        </div>
        <div className="panel">
          <h2>
            下级地区（按{GROUP_LABELS[groupBy]}，{groupBy === 'AGENCY' ? '点击查看机关' : '点击下钻'}）
          </h2>
          <Status loading={groups.loading} error={groups.error} />
          <Chart
            option={groupOption}
            label={`按${GROUP_LABELS[groupBy]}的不予公开件数，点击下钻`}
            height={Math.max(200, Math.min(totals.length, 30) * 28 + 40)}
            onClick={drill}
            testId="group-chart"
          />
        </div>
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="不予公开理由表">
        <table>
          <caption>各年度不予公开理由（件数与占不予公开比例）</caption>
          <thead>
            <tr>
              <th scope="col">年度</th>
              <th scope="col">报告数</th>
              <th scope="col">三（七）总计</th>
              <th scope="col">不予公开</th>
              {labels.map((l) => (
                <th scope="col" key={l}>
                  {l}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.year}>
                <th scope="row">{r.year}</th>
                <td>{r.reports}</td>
                <td>{formatNumber(r.totalProcessed)}</td>
                <td>{formatNumber(r.refused)}</td>
                {r.reasons.map((x) => (
                  <td key={x.reason}>
                    {formatNumber(x.count)} <small>{formatShare(x.shareOfRefusals)}</small>
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

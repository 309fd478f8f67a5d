/** View 4: top or bottom regions or agencies by a rate, among those with enough requests. */
import { useMemo } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../charts/Chart';
import { type EChartsOption } from '../../charts/echarts';
import { Breadcrumb } from '../../components/Breadcrumb';
import { FilterBar } from '../../components/FilterBar';
import { Link } from '../../components/Link';
import { Status } from '../../components/Status';
import { formatNumber, formatShare } from '../../format';
import { type GroupBy, type Rate, RankingsDocument, type RankingsQuery } from '../../generated/graphql';
import { GROUP_LABELS, RATE_LABELS } from '../../labels';
import { filtersOf, reportFilter } from '../../state/filters';
import { href, navigate, type Route, withParams } from '../../state/route';

type Ranked = RankingsQuery['ranking'][number];
const RATES = Object.keys(RATE_LABELS) as Rate[];
const GROUPS: readonly Exclude<GroupBy, 'NONE'>[] = ['PROVINCE', 'CITY', 'COUNTY', 'AGENCY'];
const RATE_FIELD: Record<Rate, keyof Ranked> = {
  REFUSAL: 'refusalRate',
  GRANT: 'grantRate',
  GRANT_OR_PARTIAL: 'grantOrPartialRate',
  NOT_HELD: 'notHeldRate',
  LITIGATION: 'litigationRate',
};

export function RankingsView({ route }: { route: Route }) {
  const p = route.params;
  const filters = filtersOf(route);
  const rate = RATES.find((r) => r === p.get('rate')) ?? 'REFUSAL';
  const groupBy = GROUPS.find((g) => g === p.get('by')) ?? 'AGENCY';
  const order = p.get('order') === 'BOTTOM' ? 'BOTTOM' : 'TOP';
  const min = Number(p.get('min') ?? 30);
  const minRequests = Number.isFinite(min) && min >= 0 ? min : 30;
  const { data, loading, error } = useQuery(RankingsDocument, {
    filter: reportFilter(filters),
    groupBy,
    rate,
    order,
    minRequests,
    limit: 20,
  });
  const ranked = data?.ranking ?? [];
  const value = (r: Ranked) => r[RATE_FIELD[rate]] as number | null;
  const set = (k: string, v: string) => navigate(withParams(route, { [k]: v }));
  // The settings every view shares go along to the refusals of a region ranked here.
  const shared = {
    level: filters.level,
    kind: filters.kind,
    from: filters.from,
    to: filters.to,
    clean: filters.clean,
  };

  const option = useMemo<EChartsOption>(() => {
    const shown = [...ranked].reverse();
    return {
      color: ['#1a56a8'],
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => `${v}%` },
      grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', axisLabel: { formatter: '{value}%' } },
      yAxis: {
        type: 'category',
        data: shown.map((r) => r.groupName),
        axisLabel: { width: 140, overflow: 'truncate' },
      },
      series: [
        {
          name: RATE_LABELS[rate],
          type: 'bar',
          data: shown.map((r) => (value(r) == null ? null : Math.round(value(r)! * 1000) / 10)),
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    };
  }, [ranked, rate]);

  return (
    <section aria-labelledby="rankings-title">
      <h1 id="rankings-title">排名与比率</h1>
      <Breadcrumb route={route} region={filters.region} />
      <FilterBar route={route} filters={filters} />
      <form className="filters" aria-label="排名设置" onSubmit={(e) => e.preventDefault()}>
        <label>
          比率
          <select value={rate} onChange={(e) => set('rate', e.target.value)}>
            {RATES.map((r) => (
              <option key={r} value={r}>
                {RATE_LABELS[r]}
              </option>
            ))}
          </select>
        </label>
        <label>
          排名对象
          <select value={groupBy} onChange={(e) => set('by', e.target.value)}>
            {GROUPS.map((g) => (
              <option key={g} value={g}>
                {GROUP_LABELS[g]}
              </option>
            ))}
          </select>
        </label>
        <label>
          顺序
          <select value={order} onChange={(e) => set('order', e.target.value)}>
            <option value="TOP">最高</option>
            <option value="BOTTOM">最低</option>
          </select>
        </label>
        <label>
          最少申请数（总计）
          <input
            type="number"
            min={0}
            step={10}
            value={minRequests}
            onChange={(e) => set('min', e.target.value)}
          />
        </label>
      </form>
      <Status loading={loading} error={error} empty={!loading && !ranked.length} />
      <div className="panels">
        <div className="panel wide">
          <h2>
            {RATE_LABELS[rate]}
            {order === 'TOP' ? '最高' : '最低'}的{GROUP_LABELS[groupBy]}（总计不少于 {minRequests} 件）
          </h2>
          <Chart
            option={option}
            label={`${RATE_LABELS[rate]}排名`}
            height={Math.max(200, ranked.length * 28 + 40)}
            testId="ranking-chart"
          />
        </div>
      </div>
      <div className="table-wrap" tabIndex={0} role="region" aria-label="排名表">
        <table>
          <thead>
            <tr>
              <th scope="col">名次</th>
              <th scope="col" className="text">
                {GROUP_LABELS[groupBy]}
              </th>
              <th scope="col">报告数</th>
              <th scope="col">三（七）总计</th>
              {RATES.map((r) => (
                <th
                  scope="col"
                  key={r}
                  aria-sort={r === rate ? (order === 'TOP' ? 'descending' : 'ascending') : undefined}
                >
                  {RATE_LABELS[r]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {ranked.map((r, i) => (
              <tr key={r.groupCode}>
                <th scope="row">{i + 1}</th>
                <td className="text">
                  {groupBy === 'AGENCY' ? (
                    <Link to={href('agency', { id: r.groupCode })}>{r.groupName}</Link>
                  ) : (
                    <Link to={href('refusals', { ...shared, region: r.groupCode })}>{r.groupName}</Link>
                  )}
                </td>
                <td>{r.reports}</td>
                <td>{formatNumber(r.processed)}</td>
                {RATES.map((x) => (
                  <td key={x}>{formatShare(r[RATE_FIELD[x]] as number | null)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

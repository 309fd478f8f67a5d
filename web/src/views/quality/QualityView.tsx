/**
 * View 3: coverage and quality per year for the region chosen: which bodies published no report,
 * which reports break an identity or have a flagged table (each a link to its agency's year).
 */
import { useMemo } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../charts/Chart';
import { type EChartsOption } from '../../charts/echarts';
import { Breadcrumb } from '../../components/Breadcrumb';
import { FilterBar } from '../../components/FilterBar';
import { Link } from '../../components/Link';
import { Status } from '../../components/Status';
import {
  CoverageDocument,
  IssuesByAgencyDocument,
  type IssueCode,
  QualityDocument,
} from '../../generated/graphql';
import { IDENTITY_CODES, ISSUE_LABELS } from '../../labels';
import { filtersOf, reportFilter } from '../../state/filters';
import { href, navigate, type Route, withParams } from '../../state/route';

const FLAG_CODES: readonly IssueCode[] = ['CELL_COUNT_MISMATCH', 'TABLE_LAYOUT_UNKNOWN', 'AMBIGUOUS_CELLS'];

export function QualityView({ route }: { route: Route }) {
  const filters = { ...filtersOf(route), clean: false };
  const filter = reportFilter(filters);
  const quality = useQuery(QualityDocument, { filter });
  const summary = quality.data?.qualitySummary ?? [];
  const from = filters.from ?? summary[0]?.year;
  const to = filters.to ?? summary[summary.length - 1]?.year;
  const years = summary.map((s) => s.year);
  const picked = Number(route.params.get('year'));
  const year = years.includes(picked) ? picked : years[years.length - 1];
  const issues = useQuery(
    IssuesByAgencyDocument,
    { filter: { ...filter, yearFrom: year, yearTo: year } },
    { skip: year == null },
  );
  const coverage = useQuery(
    CoverageDocument,
    { filter: { ...filter, yearFrom: from, yearTo: to } },
    { skip: from == null || to == null },
  );

  const option = useMemo<EChartsOption>(
    () => ({
      color: ['#8fb2d9', '#d48265', '#c23531', '#ca8622'],
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 48, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: summary.map((s) => `${s.year}年`) },
      yAxis: { type: 'value', minInterval: 1, name: '报告数' },
      series: [
        { name: '报告', type: 'bar', data: summary.map((s) => s.reports) },
        { name: '有问题的报告', type: 'bar', data: summary.map((s) => s.reportsWithIssues) },
        { name: '表格被标记的报告', type: 'bar', data: summary.map((s) => s.reportsWithFlaggedTables) },
        { name: '结转不符（勾稽关系五）', type: 'bar', data: summary.map((s) => s.carryOverMismatches) },
      ],
    }),
    [summary],
  );

  const missingByYear = useMemo(() => {
    const byYear = new Map<number, { id: string; name: string }[]>();
    for (const g of coverage.data?.coverage.gaps ?? [])
      for (const y of g.missingYears)
        byYear.set(y, [...(byYear.get(y) ?? []), { id: g.agencyId, name: g.agencyName }]);
    return [...byYear.entries()].sort(([a], [b]) => a - b);
  }, [coverage.data]);

  const problemReports = useMemo(() => {
    const byReport = new Map<
      string,
      { year: number; id: string; name: string; identity: number; flagged: number; other: string[] }
    >();
    for (const c of issues.data?.issueCounts ?? []) {
      const key = `${c.year}/${c.groupCode}`;
      const r = byReport.get(key) ?? {
        year: c.year,
        id: c.groupCode,
        name: c.groupName,
        identity: 0,
        flagged: 0,
        other: [],
      };
      if (IDENTITY_CODES.includes(c.code)) r.identity += c.issues;
      else if (FLAG_CODES.includes(c.code)) r.flagged += c.issues;
      else r.other.push(ISSUE_LABELS[c.code]);
      byReport.set(key, r);
    }
    return [...byReport.values()]
      .filter((r) => r.identity > 0 || r.flagged > 0)
      .sort((a, b) => b.flagged - a.flagged || b.identity - a.identity || a.name.localeCompare(b.name));
  }, [issues.data]);

  return (
    <section aria-labelledby="quality-title">
      <h1 id="quality-title">覆盖与质量</h1>
      <Breadcrumb route={route} region={filters.region} />
      <FilterBar route={route} filters={filters} withClean={false} />
      <Status loading={quality.loading} error={quality.error} empty={!quality.loading && !summary.length} />
      <div className="panels">
        <div className="panel wide">
          <h2>各年度报告质量</h2>
          <Chart
            option={option}
            label="各年度报告数、有问题的报告数、表格被标记的报告数"
            testId="quality-chart"
          />
        </div>
        <div className="panel">
          <h2>未发布报告的机关{from != null && to != null && `（${from}—${to}年）`}</h2>
          <Status loading={coverage.loading} error={coverage.error} />
          {coverage.data && (
            <p>
              {coverage.data.coverage.total} 个机关至少缺一年
              {coverage.data.coverage.total > coverage.data.coverage.gaps.length && '（列出前 200 个）'}。
            </p>
          )}
          <div className="table-wrap" tabIndex={0} role="region" aria-label="未发布报告的机关">
            <table>
              <thead>
                <tr>
                  <th scope="col">年度</th>
                  <th scope="col" className="text">
                    未发布的机关
                  </th>
                </tr>
              </thead>
              <tbody>
                {missingByYear.map(([year, agencies]) => (
                  <tr key={year}>
                    <th scope="row">
                      {year}（{agencies.length}）
                    </th>
                    <td className="text names">
                      {agencies.map((a, i) => (
                        <span key={a.id}>
                          {i > 0 && '、'}
                          <Link to={href('agency', { id: a.id })}>{a.name}</Link>
                        </span>
                      ))}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </div>
      </div>
      <div className="panel">
        <h2>{year != null && `${year}年 `}勾稽关系不符或表格被标记的报告</h2>
        <div className="years" role="group" aria-label="问题报告的年度">
          {years.map((y) => (
            <button
              key={y}
              type="button"
              aria-pressed={y === year}
              onClick={() => navigate(withParams(route, { year: y }))}
            >
              {y}年
            </button>
          ))}
        </div>
        <Status loading={issues.loading} error={issues.error} />
        <div className="table-wrap" tabIndex={0} role="region" aria-label="有问题的报告">
          <table>
            <thead>
              <tr>
                <th scope="col">年度</th>
                <th scope="col" className="text">
                  机关
                </th>
                <th scope="col">勾稽关系问题</th>
                <th scope="col">表格标记</th>
                <th scope="col">其他</th>
              </tr>
            </thead>
            <tbody>
              {problemReports.map((r) => (
                <tr key={`${r.year}/${r.id}`}>
                  <th scope="row">{r.year}</th>
                  <td className="text">
                    <Link to={href('agency', { id: r.id, year: r.year })}>{r.name}</Link>
                  </td>
                  <td>{r.identity || ''}</td>
                  <td>{r.flagged ? <span className="badge warn">{r.flagged}</span> : ''}</td>
                  <td className="text names">{r.other.join('、')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}

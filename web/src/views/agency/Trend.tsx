/** One figure of an agency by year (Agency.trend): any row of any table, in one column. */
import { useMemo } from 'react';
import { useQuery } from '../../api/use-query';
import { Chart } from '../../charts/Chart';
import { type EChartsOption } from '../../charts/echarts';
import { Status } from '../../components/Status';
import { AgencyTrendDocument, type ColumnCode, type RowCode, type TableCode } from '../../generated/graphql';
import { columnLabel, rowLabel } from '../../labels';

export function Trend({
  agencyId,
  table,
  row,
  column,
  columns,
  onColumn,
}: {
  agencyId: string;
  table: TableCode;
  row: RowCode;
  column: ColumnCode;
  /** The row's columns (as read in the report shown), to choose among. */
  columns: readonly ColumnCode[];
  onColumn: (column: ColumnCode) => void;
}) {
  const { data, loading, error } = useQuery(AgencyTrendDocument, {
    id: agencyId,
    measure: { table, row, column },
  });
  const points = data?.agency?.trend ?? [];
  const title = `${rowLabel(row)} · ${columnLabel(column)}`;
  const option = useMemo<EChartsOption>(
    () => ({
      color: ['#1a56a8'],
      tooltip: { trigger: 'axis' },
      grid: { left: 8, right: 16, top: 24, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: points.map((p) => `${p.year}年`) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: title, type: 'line', data: points.map((p) => p.value), label: { show: true }, symbolSize: 8 },
      ],
    }),
    [points, title],
  );
  return (
    <div className="panel">
      <h3>趋势：{title}</h3>
      {columns.length > 1 && (
        <label>
          列
          <select value={column} onChange={(e) => onColumn(e.target.value as ColumnCode)}>
            {columns.map((c) => (
              <option key={c} value={c}>
                {columnLabel(c)}
              </option>
            ))}
          </select>
        </label>
      )}
      <Status loading={loading} error={error} />
      <Chart option={option} label={`${title}的各年度数值`} height={260} testId="trend-chart" />
    </div>
  );
}

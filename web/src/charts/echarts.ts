/**
 * ECharts with only the parts the dashboard draws (tree-shaken: bars, lines, grid, tooltip,
 * legend, aria), rendered as SVG: crisp on any screen, and its labels are real text.
 */
import { BarChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  LineChart,
  AriaComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

export { echarts };
export type EChartsOption = echarts.EChartsCoreOption;

/** Colours of the eight refusal reasons, in the template's order. */
export const REASON_COLOURS = [
  '#c23531',
  '#2f4554',
  '#61a0a8',
  '#d48265',
  '#91c7ae',
  '#749f83',
  '#ca8622',
  '#6e7074',
];

/** The system's CJK fonts (WenQuanYi on Debian, PingFang/YaHei elsewhere): nothing is downloaded. */
export const FONT_FAMILY =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", sans-serif';

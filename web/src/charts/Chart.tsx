/** One ECharts instance in a box: set its option, resize with its box, report clicks. */
import { useEffect, useRef } from 'react';
import { echarts, type EChartsOption, FONT_FAMILY } from './echarts';

export interface ChartClick {
  componentType: string;
  dataIndex?: number;
  seriesIndex?: number;
  /** An axis label's text (componentType xAxis/yAxis). */
  value?: unknown;
  name?: string;
}

interface Props {
  option: EChartsOption;
  /** What the chart shows, for screen readers (role=img). */
  label: string;
  height?: number;
  onClick?: (e: ChartClick) => void;
  testId?: string;
}

export function Chart({ option, label, height = 360, onClick, testId }: Props) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current!;
    const instance = echarts.init(el, undefined, { renderer: 'svg' });
    chart.current = instance;
    instance.on('click', (e) => click.current?.(e as unknown as ChartClick));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    // No animation for those who asked their system for less motion.
    const animation = !window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    chart.current?.setOption(
      { textStyle: { fontFamily: FONT_FAMILY }, aria: { enabled: true }, animation, ...option },
      true,
    );
  }, [option]);

  return (
    <div ref={box} className="chart" role="img" aria-label={label} data-testid={testId} style={{ height }} />
  );
}

import type { ChartProps } from './types'

const COLORS = ['#07c160', '#1d5fd1', '#e5484d', '#c27803']

/** The ECharts option for a chart of these figures: the same on both builds. */
export const optionOf = (p: ChartProps) => {
  const font = p.elder ? 14 : 11
  const many = p.labels.length > 6
  return {
    animation: false,
    color: COLORS,
    textStyle: { fontSize: font },
    legend: { top: 0, itemWidth: 14, itemHeight: 10, textStyle: { fontSize: font } },
    grid: { left: 8, right: 8, top: p.elder ? 34 : 28, bottom: 4, containLabel: true },
    xAxis: {
      type: 'category',
      data: p.labels,
      axisTick: { show: false },
      axisLabel: { fontSize: font, interval: many ? 2 : 0, hideOverlap: true },
    },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: font }, splitLine: { lineStyle: { color: '#e3e6ea' } } },
    series: p.series.map((s) => ({
      name: s.name,
      type: p.kind,
      data: s.values,
      ...(p.kind === 'bar' ? { barMaxWidth: 18 } : { symbolSize: 5, smooth: false }),
    })),
  }
}

export interface ChartSeries {
  name: string
  values: number[]
}

export interface ChartProps {
  kind: 'bar' | 'line'
  /** One per point on the axis (a week, a category, a station). */
  labels: string[]
  series: ChartSeries[]
  /** What the chart shows, in words (for screen readers; the table beside it has the figures). */
  label: string
  /** Larger type for 长辈模式. */
  elder?: boolean
  className?: string
}

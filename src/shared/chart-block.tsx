import { Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import Chart, { type ChartSeries } from '../ui/Chart'
import { Table, type TableColumn } from '../ui'
import './chart-block.scss'

export interface ChartBlockProps {
  title: string
  kind: 'bar' | 'line'
  labels: string[]
  series: ChartSeries[]
  /** The same figures as a table: always shown beside the chart. */
  table: ReactNode
  elder: boolean
  className?: string
}

/**
 * A chart with its table. In 长辈模式 the table comes alone first (easier to read than a chart on a small
 * screen) and the chart is one tap away.
 */
export default function ChartBlock(props: ChartBlockProps) {
  const [showChart, setShowChart] = useState<boolean>()
  const chartOn = showChart ?? !props.elder
  const empty = props.series.every((s) => s.values.every((v) => v === 0))
  return (
    <View className={`card chart-block ${props.className ?? ''}`}>
      <View className='chart-block__head'>
        <Text className='chart-block__title'>{props.title}</Text>
        {empty ? null : (
          <Text className='chart-block__toggle toggle-chart' onClick={() => setShowChart(!chartOn)}>
            {chartOn ? '只看表格' : '显示图表'}
          </Text>
        )}
      </View>
      {chartOn && !empty ? <Chart kind={props.kind} labels={props.labels} series={props.series} label={props.title} elder={props.elder} /> : null}
      {props.table}
    </View>
  )
}

const COUNT_TITLES = { filed: '新收', resolved: '办结', overdue: '超期' } as const
type Count = keyof typeof COUNT_TITLES

/** The counts of cases beside a chart as right-aligned columns: 新收, 办结, 超期 — those named, in that order. */
export const countColumns = <K extends Count>(...keys: K[]): Array<TableColumn<Record<K, number>>> =>
  keys.map((key) => ({ key, title: COUNT_TITLES[key], align: 'right', render: (r) => <Text>{r[key]}</Text> }))

/** One week of a trend: what came in, was finished and went past its deadline. */
export interface TrendWeek {
  week: string
  label: string
  filed: number
  resolved: number
  overdue: number
}

/**
 * 每周新收、办结和超期 over the weeks the server sent (oldest first): a line for each, and the table beside it with
 * the newest week on top. The dashboard's 12 weeks and the weekly report's 8.
 */
export function WeeklyTrend(props: { weeks: TrendWeek[]; elder: boolean; className: string; tableClassName?: string }) {
  const { weeks } = props
  return (
    <ChartBlock
      className={props.className}
      title='每周新收、办结和超期'
      kind='line'
      elder={props.elder}
      labels={weeks.map((w) => w.label)}
      series={[
        { name: '新收', values: weeks.map((w) => w.filed) },
        { name: '办结', values: weeks.map((w) => w.resolved) },
        { name: '超期', values: weeks.map((w) => w.overdue) },
      ]}
      table={
        <Table
          {...(props.tableClassName ? { className: props.tableClassName } : {})}
          rowKey={(w) => w.week}
          columns={[{ key: 'label', title: '周（起）', grow: 2, render: (w) => <Text>{w.label}</Text> }, ...countColumns('filed', 'resolved', 'overdue')]}
          rows={[...weeks].reverse()}
        />
      }
    />
  )
}

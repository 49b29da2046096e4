import { Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import Chart, { type ChartSeries } from '../ui/Chart'
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

import { View } from '@tarojs/components'
import { useEffect, useMemo } from 'react'
import { echarts } from './echarts'
import { optionOf } from './option'
import type { ChartProps } from './types'
import './index.scss'

export type { ChartProps }

let seq = 0

/** A bar or line chart drawn by ECharts on a canvas inside the page (H5). */
export default function Chart(props: ChartProps) {
  const id = useMemo(() => `ui-chart-${++seq}`, [])
  const key = JSON.stringify([props.kind, props.labels, props.series, props.elder])
  useEffect(() => {
    const el = document.getElementById(id)
    if (!el) return
    const chart = echarts.init(el, undefined, { renderer: 'canvas' })
    chart.setOption(optionOf(props))
    const resize = () => chart.resize()
    window.addEventListener('resize', resize)
    return () => {
      window.removeEventListener('resize', resize)
      chart.dispose()
    }
    // The figures are the chart's whole input: it is redrawn when they change.
  }, [id, key])
  return <View id={id} className={`ui-chart ${props.elder ? 'ui-chart--elder' : ''} ${props.className ?? ''}`} aria-label={props.label} />
}

import { Canvas, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useMemo, useState } from 'react'
import { echarts } from './echarts'
import { optionOf } from './option'
import type { ChartProps } from './types'
import './index.scss'

export type { ChartProps }

let seq = 0

interface CanvasNode {
  width: number
  height: number
  getContext: (kind: '2d') => unknown
}

/**
 * ECharts draws on the mini-program's own 2d canvas node. ZRender takes an object without `nodeName` as one
 * canvas and only needs its context, its size and event hooks (the charts take no touches: the table beside
 * each one has the figures), so a thin adapter over the node is all the wrapper there is.
 */
const adapter = (node: CanvasNode) => ({
  getContext: (kind: '2d') => node.getContext(kind),
  get width() {
    return node.width
  },
  set width(w: number) {
    node.width = w
  },
  get height() {
    return node.height
  },
  set height(h: number) {
    node.height = h
  },
  addEventListener: () => undefined,
  removeEventListener: () => undefined,
  attachEvent: () => undefined,
  detachEvent: () => undefined,
})

/** A bar or line chart drawn by ECharts on a `<canvas type="2d">` (weapp). */
export default function Chart(props: ChartProps) {
  const id = useMemo(() => `uichart${++seq}`, [])
  const [failed, setFailed] = useState(false)
  const key = JSON.stringify([props.kind, props.labels, props.series, props.elder])
  useEffect(() => {
    let chart: ReturnType<typeof echarts.init> | undefined
    let gone = false
    Taro.nextTick(() => {
      if (gone) return
      try {
        query()
      } catch {
        setFailed(true)
      }
    })
    const query = () =>
      Taro.createSelectorQuery()
        .select(`#${id}`)
        .fields({ node: true, size: true })
        .exec((res: Array<{ node?: CanvasNode; width?: number; height?: number } | null>) => {
          const found = res?.[0]
          if (gone) return
          if (!found?.node || !found.width || !found.height) return setFailed(true)
          try {
            const canvas = adapter(found.node)
            echarts.setPlatformAPI({ createCanvas: () => canvas as unknown as HTMLCanvasElement })
            const dpr = Taro.getSystemInfoSync().pixelRatio || 2
            chart = echarts.init(canvas as unknown as HTMLElement, undefined, { width: found.width, height: found.height, devicePixelRatio: dpr })
            chart.setOption(optionOf(props))
          } catch {
            setFailed(true)
          }
        })
    return () => {
      gone = true
      chart?.dispose()
    }
    // The figures are the chart's whole input: it is redrawn when they change.
  }, [id, key])
  if (failed) return <View className='ui-chart__failed'>图表显示不出来，请看表格</View>
  return <Canvas type='2d' id={id} canvasId={id} className={`ui-chart ${props.elder ? 'ui-chart--elder' : ''} ${props.className ?? ''}`} />
}

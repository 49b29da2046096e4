import { View } from '@tarojs/components'
import './index.scss'

export interface ProgressProps {
  /** 0–100. */
  percent: number
  /** Words beside the bar ("第 2 步，共 8 步", "12 / 40 份"). */
  label?: string
  className?: string
}

/** A plain progress bar, the same in both builds (views and CSS: readable at any 长辈模式 size). */
export default function Progress(props: ProgressProps) {
  const p = Math.max(0, Math.min(100, props.percent))
  return (
    <View className={`ui-progress ${props.className ?? ''}`} role='progressbar' aria-valuenow={Math.round(p)} aria-valuemin={0} aria-valuemax={100}>
      <View className='ui-progress__track'>
        <View className='ui-progress__bar' style={{ width: `${p}%` }} />
      </View>
      {props.label ? <View className='ui-progress__label'>{props.label}</View> : null}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import './index.scss'

export interface ProgressProps {
  /** 0–100. */
  percent: number
  /** What is being made and how far, e.g. 正在生成 12/40 张. */
  label?: string
  /** Without the figure after the label (when the label already says how far, as 第 2 步，共 7 步). */
  hidePercent?: boolean
  className?: string
}

/** A progress bar for generated work (D35), with its figure in words for screen readers and 长辈模式. */
export default function Progress({ percent, label, hidePercent, className }: ProgressProps) {
  const p = Math.max(0, Math.min(100, Math.round(percent)))
  return (
    <View className={`ui-progress ${className ?? ''}`} aria-label={`${label ?? '进度'} ${p}%`}>
      <View className='ui-progress__track'>
        <View className='ui-progress__bar' style={{ width: `${p}%` }} />
      </View>
      {label || !hidePercent ? (
        <View className='ui-progress__text'>
          {label ? <Text className='ui-progress__label'>{label}</Text> : null}
          {hidePercent ? null : <Text className='ui-progress__pct'>{p}%</Text>}
        </View>
      ) : null}
    </View>
  )
}

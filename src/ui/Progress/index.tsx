import { Text, View } from '@tarojs/components'
import './index.scss'

export interface ProgressProps {
  /** 0–100. */
  percent: number
  /** What is being made and how far, e.g. 正在生成 12/40 张. */
  label?: string
}

/** A progress bar for generated work (D35), with its figure in words for screen readers and 长辈模式. */
export default function Progress({ percent, label }: ProgressProps) {
  const p = Math.max(0, Math.min(100, Math.round(percent)))
  return (
    <View className='ui-progress' aria-label={`${label ?? '进度'} ${p}%`}>
      <View className='ui-progress__track'>
        <View className='ui-progress__bar' style={{ width: `${p}%` }} />
      </View>
      <View className='ui-progress__text'>
        {label ? <Text className='ui-progress__label'>{label}</Text> : null}
        <Text className='ui-progress__pct'>{p}%</Text>
      </View>
    </View>
  )
}

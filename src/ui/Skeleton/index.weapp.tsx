import { View } from '@tarojs/components'
import type { SkeletonProps } from './types'
import './index.scss'

export type { SkeletonProps }

export default function Skeleton(props: SkeletonProps) {
  const blocks = Array.from({ length: props.rows ?? 3 }, (_, i) => i)
  return (
    <View className='ui-skeleton' aria-busy='true'>
      {blocks.map((i) => (
        <View key={i} className='ui-skeleton__block'>
          <van-skeleton title row={2} animate />
        </View>
      ))}
    </View>
  )
}

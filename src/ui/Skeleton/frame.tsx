import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { SkeletonProps } from './types'
import './index.scss'

/** What both builds share: `rows` placeholder blocks (3 unless told), each drawn by the build's own `block`. */
export default function SkeletonFrame(props: SkeletonProps & { block: ReactNode }) {
  const blocks = Array.from({ length: props.rows ?? 3 }, (_, i) => i)
  return (
    <View className='ui-skeleton' aria-busy='true'>
      {blocks.map((i) => (
        <View key={i} className='ui-skeleton__block'>
          {props.block}
        </View>
      ))}
    </View>
  )
}

import { View } from '@tarojs/components'
import SkeletonFrame from './frame'
import type { SkeletonProps } from './types'

export type { SkeletonProps }

export default function Skeleton(props: SkeletonProps) {
  return (
    <SkeletonFrame
      rows={props.rows}
      block={
        <>
          <View className='ui-skeleton__bar ui-skeleton__bar--title' />
          <View className='ui-skeleton__bar' />
          <View className='ui-skeleton__bar ui-skeleton__bar--short' />
        </>
      }
    />
  )
}

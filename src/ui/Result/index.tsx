import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

export interface ResultProps {
  /** What has been done ("绑定成功"). */
  title: string
  /** The details and the next step, under the title. */
  children?: ReactNode
  /** Test and style hook on the card. */
  className?: string
}

/** A step that is done, the same in both builds: a ✓, what was done, then the details and the way on. */
export default function Result(props: ResultProps) {
  return (
    <View className={`ui-result ${props.className ?? ''}`}>
      <View className='ui-result__icon'>✓</View>
      <View className='ui-result__title'>{props.title}</View>
      {props.children}
    </View>
  )
}

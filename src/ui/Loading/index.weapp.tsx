import { View } from '@tarojs/components'
import type { LoadingProps } from './types'
import './index.scss'

export type { LoadingProps }

export default function Loading(props: LoadingProps) {
  return (
    <View className={`ui-loading ${props.className ?? ''}`}>
      <van-loading size='20px' type='spinner' />
      <View className='ui-loading__text'>{props.text ?? '加载中…'}</View>
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import type { CellGroupProps, CellProps } from './types'
import './index.scss'

export type { CellGroupProps, CellProps }

export function Cell(props: CellProps) {
  const clickable = !!props.onClick
  return (
    <View
      className={`ui-cell ${clickable ? 'ui-cell--clickable' : ''} ${props.className ?? ''}`}
      onClick={() => props.onClick?.()}
    >
      <View className='ui-cell__main'>
        <Text className='ui-cell__title'>{props.title}</Text>
        {props.label ? <Text className='ui-cell__label'>{props.label}</Text> : null}
      </View>
      {props.value ? <Text className='ui-cell__value'>{props.value}</Text> : null}
      {props.isLink ? <Text className='ui-cell__arrow'>›</Text> : null}
    </View>
  )
}

export function CellGroup(props: CellGroupProps) {
  return (
    <View className={`ui-cell-group ${props.className ?? ''}`}>
      {props.title ? <View className='ui-cell-group__title'>{props.title}</View> : null}
      <View className='ui-cell-group__body'>{props.children}</View>
    </View>
  )
}

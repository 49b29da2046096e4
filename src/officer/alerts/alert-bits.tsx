import { Text, View } from '@tarojs/components'
import type { AlertRow as Row } from '../../../types/contracts/cluster'
import { Tag } from '../../ui'

/** One 聚集预警 in a list: who it is about and how many, when it was raised and the latest case; a tap opens it. */
export function AlertRow(props: { row: Row; onClick: () => void }) {
  const a = props.row
  return (
    <View className={`alert-row alert-row--${a.status}`} onClick={props.onClick}>
      <View className='alert-row__top'>
        <Text className='alert-row__subject'>{a.subject}</Text>
        <Tag type={a.status === 'open' ? 'danger' : 'default'} className='alert-row__status'>
          {a.statusLabel}
        </Tag>
      </View>
      <View className='alert-row__summary'>{a.summary}</View>
      <View className='alert-row__meta'>
        <Text>{a.kindLabel}</Text>
        <Text>预警于 {a.raisedLabel}</Text>
        <Text>最近一件 {a.lastCaseLabel}</Text>
      </View>
    </View>
  )
}

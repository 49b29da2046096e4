import { Text, View } from '@tarojs/components'
import { Tag } from '../../ui'

export interface OfficerTimelineItem {
  at: number
  atLabel: string
  text: string
  internal: boolean
  /** "曹城王所长 · 曹城街道驿站"; absent for the worker and the system. */
  who?: string
}

/** The whole timeline for officers: public and internal entries (marked 内部), with who acted. */
export default function OfficerTimeline(props: { items: OfficerTimelineItem[] }) {
  if (!props.items.length) return <View className='timeline-empty muted'>还没有进展记录</View>
  return (
    <View className='timeline'>
      {props.items.map((i, n) => (
        <View key={`${i.at}-${n}`} className={`timeline__item ${i.internal ? 'timeline__item--internal' : ''}`}>
          <View className='timeline__dot' />
          <View className='timeline__body'>
            <View className='timeline__head'>
              <Text className='timeline__at'>{i.atLabel}</Text>
              {i.internal ? (
                <Tag type='warning' className='timeline__internal'>
                  内部
                </Tag>
              ) : null}
            </View>
            <View className='timeline__text'>{i.text}</View>
            {i.who ? <View className='timeline__who'>{i.who}</View> : null}
          </View>
        </View>
      ))}
    </View>
  )
}

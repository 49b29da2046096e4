import { Text, View } from '@tarojs/components'
import type { CaseState, Privacy } from '../../../types/domain'
import { Tag } from '../../ui'

/** Colours only; the words come from the server (D30). */
const STATE_TAG: Record<CaseState, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  submitted: 'warning',
  accepted: 'primary',
  in_progress: 'primary',
  on_hold: 'default',
  resolved: 'success',
  closed: 'success',
  closed_unconfirmed: 'default',
  withdrawn: 'default',
  referred: 'default',
}

export function StateChip(props: { state: CaseState; label: string }) {
  return (
    <Tag type={STATE_TAG[props.state]} className={`state-chip state-${props.state}`}>
      {props.label}
    </Tag>
  )
}

const PRIVACY_TAG: Record<Privacy, 'default' | 'warning' | 'danger'> = { open: 'default', confidential: 'warning', anonymous: 'danger' }

export function PrivacyBadge(props: { privacy: Privacy; label: string }) {
  return (
    <Tag type={PRIVACY_TAG[props.privacy]} plain className={`privacy-badge privacy-badge-${props.privacy}`}>
      {props.label}
    </Tag>
  )
}

export function DeadlineText(props: { deadline?: { label: string; overdue: boolean } }) {
  if (!props.deadline) return null
  return <Text className={`deadline ${props.deadline.overdue ? 'deadline--overdue' : ''}`}>{props.deadline.label}</Text>
}

export interface TimelineItem {
  at: number
  atLabel: string
  text: string
  internal: boolean
}

/** Newest last, as it happened. Internal notes (officers only) are marked 内部. */
export function Timeline(props: { items: TimelineItem[]; showInternal?: boolean }) {
  const items = props.showInternal ? props.items : props.items.filter((i) => !i.internal)
  if (!items.length) return <View className='timeline-empty muted'>还没有进展记录</View>
  return (
    <View className='timeline'>
      {items.map((i, n) => (
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
          </View>
        </View>
      ))}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import type { CaseState, Privacy } from '../../types/domain'
import { Tag } from '../ui'

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

/** The top of a case page: the category and the state, then `badge` (if any) and the next deadline. */
export function CaseHead(props: {
  detail: { categoryLabel: string; state: CaseState; stateLabel: string; deadline?: { label: string; overdue: boolean } }
  badge?: ReactNode
}) {
  const c = props.detail
  return (
    <View className='detail-head'>
      <View className='row-between'>
        <Text className='detail-head__title'>{c.categoryLabel}</Text>
        <StateChip state={c.state} label={c.stateLabel} />
      </View>
      <View className='detail-head__meta'>
        {props.badge}
        <DeadlineText deadline={c.deadline} />
      </View>
    </View>
  )
}

/** One key-value row of a card ("诉求编号  CX2611250001"); `className` is a hook on the value. */
export function Kv(props: { label: string; children: ReactNode; className?: string; onClick?: () => void }) {
  return (
    <View className='kv' onClick={props.onClick}>
      <Text className='kv__k'>{props.label}</Text>
      <Text className={props.className ? `kv__v ${props.className}` : 'kv__v'}>{props.children}</Text>
    </View>
  )
}

/** How big the case is: the amount owed (when given) and how many workers it concerns. */
export function AmountAndWorkers(props: { amountOwed?: number; workersAffected: number }) {
  return (
    <>
      {props.amountOwed !== undefined ? <Kv label='涉及金额'>{props.amountOwed} 元</Kv> : null}
      <Kv label='涉及人数'>{props.workersAffected} 人</Kv>
    </>
  )
}

/**
 * A case in a list: the category and the state on top, then the list's own lines; a tap opens it. `mark`:
 * something new in its conversation (「有新回复」 for the worker, 「新消息」 for the station).
 */
export function CaseRow(props: {
  row: { categoryLabel: string; state: CaseState; stateLabel: string }
  className: string
  onClick: () => void
  children: ReactNode
  mark?: string
}) {
  return (
    <View className={`case-row ${props.className}`} onClick={props.onClick}>
      <View className='case-row__top'>
        <Text className='case-row__title'>
          {props.row.categoryLabel}
          {props.mark ? (
            <Text className='case-row__mark'>{props.mark}</Text>
          ) : null}
        </Text>
        <StateChip state={props.row.state} label={props.row.stateLabel} />
      </View>
      {props.children}
    </View>
  )
}

export interface TimelineItem {
  at: number
  atLabel: string
  text: string
  internal: boolean
  /** Who acted ("曹城王所长 · 曹城街道驿站"): the server sends it to officers only. */
  who?: string
  /** What content security found in the entry's words (a withdrawal reason, a rating comment): officers only. */
  contentNotice?: string
}

/**
 * Newest last, as it happened. Workers see the public entries; officers (`showInternal`) every entry, the
 * internal ones marked 内部, with who acted.
 */
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
            {i.contentNotice ? <View className='timeline__content-notice'>{i.contentNotice}</View> : null}
            <View className='timeline__text'>{i.text}</View>
            {i.who ? <View className='timeline__who'>{i.who}</View> : null}
          </View>
        </View>
      ))}
    </View>
  )
}

import { View } from '@tarojs/components'
import type { CampaignView, Figure } from '../../types/contracts/surveys'
import { Progress, Tag } from '../ui'
import './survey-bits.scss'

/** A figure the server may withhold (the small-group rule): its value, or the server's sentence why not. */
export type Gate<T> = { shown: true; value: T } | { shown: false; reason: string }

/** The words of a gated figure: `show(value)`, or the reason it is withheld. */
export const gateWords = <T,>(g: Gate<T> | null | undefined, show: (v: T) => string, none = ''): string => (!g ? none : g.shown ? show(g.value) : g.reason)

export const score = (x: number) => `${x.toFixed(2)} 分`
export const signedScore = (x: number) => (x > 0 ? `升 ${x.toFixed(2)} 分` : x < 0 ? `降 ${Math.abs(x).toFixed(2)} 分` : '持平')

const DIST_LABEL = ['很不满意', '不满意', '一般', '满意', '很满意']

/** How the ratings spread over 1–5, as one bar of five parts and the counts under it. */
export function DistBar(props: { figure: Figure; className?: string }) {
  const total = props.figure.dist.reduce((a, b) => a + b, 0) || 1
  return (
    <View className={`sv-dist ${props.className ?? ''}`}>
      <View className='sv-dist__bar'>
        {props.figure.dist.map((n, i) => (n ? <View key={i} className={`sv-dist__part sv-dist__part--${i + 1}`} style={{ width: `${(n / total) * 100}%` }} /> : null))}
      </View>
      <View className='sv-dist__legend'>
        {props.figure.dist.map((n, i) => (
          <View key={i} className='sv-dist__item'>
            <View className={`sv-dist__dot sv-dist__part--${i + 1}`} />
            {DIST_LABEL[i]} {n}
          </View>
        ))}
      </View>
    </View>
  )
}

const PHASE_TAG: Record<CampaignView['phase'], 'primary' | 'success' | 'warning' | 'default'> = { upcoming: 'primary', running: 'success', ended: 'warning', closed: 'default' }

/** A campaign's window, state and count: the one thing a running campaign shows. */
export function CampaignCount(props: { campaign: CampaignView; className?: string }) {
  const c = props.campaign
  return (
    <View className={`sv-count ${props.className ?? ''}`}>
      <View className='sv-count__top'>
        <Tag type={PHASE_TAG[c.phase]}>{c.phaseLabel}</Tag>
        <View className='sv-count__window'>{c.windowLabel}</View>
      </View>
      <View className='sv-count__numbers campaign-count'>
        已收答卷 <View className='sv-count__big'>{c.answers}</View> 份 · 应参加 {c.headcount} 人
      </View>
      {/* Answers against the headcount while it runs; once closed, a share is a figure the rule may withhold. */}
      {c.phase !== 'closed' ? <Progress percent={c.headcount ? (c.answers / c.headcount) * 100 : 0} hidePercent /> : null}
      {c.closedLabel ? <View className='sv-count__closed muted'>{c.closedLabel}</View> : null}
    </View>
  )
}

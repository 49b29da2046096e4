import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { CountySurveyRow } from '../../../types/contracts/surveys'
import { listCampaigns, surveyOverview } from '../../../types/contracts/surveys'
import { usePaged, useQuery } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, LoadState, PagedListState, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import { gateWords, score } from '../../shared/survey-bits'
import './index.scss'

/**
 * 满意度测评总览 for admins, over their jurisdiction: per county the campaigns, participation, the weakest
 * dimensions and open 整改 tasks, then a county's campaigns leading to their results. Every figure is the
 * server's, withheld where fewer than 10 answers stand behind it.
 */
export default function SurveyOverview() {
  const [year, setYear] = useState<number>()
  const q = useQuery(surveyOverview, year ? { year } : {})
  const [county, setCounty] = useState<string>()
  usePullToReload(q.reload)
  useShownAgain(() => void q.reload())

  if (!q.data) {
    return (
      <Screen className='sv-overview'>
        <LoadState query={q} rows={5} />
      </Screen>
    )
  }
  const d = q.data
  const shownYear = d.year

  return (
    <Screen className='sv-overview'>
      <View className='sv-overview-head'>
        <View className='sv-overview-head__title'>满意度测评总览</View>
        <View className='sv-overview-head__scope muted'>{d.scopeName}</View>
        <View className='sv-year'>
          <Text className='sv-year__step sv-year-prev' onClick={() => setYear(shownYear - 1)}>
            ‹ {shownYear - 1}
          </Text>
          <Text className='sv-year__now'>{shownYear} 年</Text>
          <Text className='sv-year__step sv-year-next' onClick={() => setYear(shownYear + 1)}>
            {shownYear + 1} ›
          </Text>
        </View>
      </View>

      {d.counties.length > 1 ? <CountyCard row={d.total} threshold={d.threshold} total /> : null}

      <View className='section-title'>各县区（点开看测评）</View>
      {d.counties.map((c) => (
        <View key={c.countyId ?? 'city'}>
          <View onClick={() => setCounty(county === c.countyId ? undefined : (c.countyId ?? undefined))}>
            <CountyCard row={c} threshold={d.threshold} open={county === c.countyId} />
          </View>
          {county && county === c.countyId ? <CampaignList year={shownYear} countyId={county} /> : null}
        </View>
      ))}

      <View className='actions'>
        <Button size='large' className='go-survey-template' onClick={() => go(ROUTES.adminSurveyTemplate)}>
          {d.canEditTemplate ? '问卷和薄弱环节线' : '查看问卷'}
        </Button>
      </View>
    </Screen>
  )
}

function CountyCard({ row, threshold, total, open }: { row: CountySurveyRow; threshold: number; total?: boolean; open?: boolean }) {
  return (
    <View className={`card sv-county ${total ? 'sv-county--total' : `sv-county-${row.countyId}`} ${open ? 'sv-county--open' : ''}`}>
      <View className='sv-county__top'>
        <Text className='sv-county__name'>{row.name}</Text>
        <Text className='muted sv-county__counts'>
          测评 {row.campaigns} 次{row.running ? ` · 进行中 ${row.running}` : ''}
        </Text>
      </View>
      <View className='sv-county__line'>
        <Text className='sv-county__label'>参与率</Text>
        <Text className='sv-county__value sv-county-participation'>
          {gateWords(row.participation, (v) => `${v}%（已结束 ${row.closed} 次，收答卷 ${row.answers} 份 / 应参加 ${row.headcount} 人）`)}
        </Text>
      </View>
      <View className='sv-county__line'>
        <Text className='sv-county__label'>最薄弱</Text>
        <View className='sv-county__value sv-county-weakest'>
          {row.weakest.shown
            ? row.weakest.value.length
              ? row.weakest.value.map((w) => (
                  <View key={w.dimension} className={w.weak ? 'text-danger' : ''}>
                    {w.label} {score(w.mean)}
                    {w.weak ? `（低于 ${threshold.toFixed(1)} 分）` : ''}
                  </View>
                ))
              : '—'
            : row.weakest.reason}
        </View>
      </View>
      <View className='sv-county__line'>
        <Text className='sv-county__label'>整改</Text>
        <Text className='sv-county__value'>{row.openTasks ? <Tag type='warning'>{`${row.openTasks} 项未办结`}</Tag> : '没有未办结的整改'}</Text>
      </View>
    </View>
  )
}

function CampaignList({ year, countyId }: { year: number; countyId: string }) {
  const list = usePaged(listCampaigns, { year, countyId })
  return (
    <View className='sv-campaigns'>
      <PagedListState list={list} empty={{ text: `${year} 年还没有测评`, hint: '企业或园区驿站的负责人在「满意度测评」里发起' }} rows={2}>
        {list.items.map((c) => (
          <View key={c.id} className={`sv-campaign sv-campaign-${c.id}`} onClick={() => go(ROUTES.officerSurveyResult, { id: c.id })}>
            <View className='sv-campaign__name'>{c.stationName}</View>
            <View className='sv-campaign__meta muted'>
              {c.windowLabel} · {c.phaseLabel}
            </View>
            <View className='sv-campaign__meta'>
              {c.answers} 份 / {c.headcount} 人
              {c.participation ? ` · 参与率 ${gateWords(c.participation, (v) => `${v}%`)}` : ''}
              {c.weakCount && c.weakCount.shown && c.weakCount.value ? ` · 薄弱环节 ${c.weakCount.value} 个` : ''}
            </View>
          </View>
        ))}
      </PagedListState>
    </View>
  )
}

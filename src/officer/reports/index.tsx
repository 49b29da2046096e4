import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { listInternalNotices, listReportPlaces, listReports, type InternalNoticeRow } from '../../../types/contracts/reports'
import { usePaged, useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { LoadState, PagedListState, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

/** Opens a notice's link: only the weekly report's page (the one page a link may name). */
const openLink = (path: string) => {
  const [route, query] = path.split('?')
  if (route !== ROUTES.officerReport) return
  // No URLSearchParams in the mini-program: the query is ids only (key=value&key=value).
  go(ROUTES.officerReport, Object.fromEntries((query ?? '').split('&').filter(Boolean).map((p) => p.split('=') as [string, string])))
}

/**
 * 调度通报: the internal notices sent to the caller (each weekly report announced to station heads), and — for a
 * county's or the city's government-side head and the admins over it — the weekly reports, newest week first.
 */
export default function Reports() {
  const params = usePageParams()
  const places = useQuery(listReportPlaces, {})
  const notices = usePaged(listInternalNotices, {})
  const list0 = places.data?.places ?? []
  const [stationId, setStationId] = useState<string>()
  useEffect(() => {
    if (!stationId && list0.length) setStationId(list0.find((p) => p.id === params.stationId)?.id ?? list0[0]!.id)
  }, [list0, stationId, params.stationId])
  const reports = usePaged(listReports, stationId ? { stationId } : null)
  useListPage({
    reload: async () => {
      await Promise.all([places.reload(), notices.reload(), reports.reload()])
    },
    loadMore: () => reports.loadMore(),
  })

  return (
    <Screen className='reports'>
      {!places.data ? (
        <LoadState query={places} rows={3} />
      ) : list0.length ? (
        <>
          {list0.length > 1 ? (
            <View className='rp-places'>
              {list0.map((p) => (
                <View key={p.id} className={`rp-place rp-place-${p.id} ${p.id === stationId ? 'rp-place--on' : ''}`} onClick={() => setStationId(p.id)}>
                  {p.name}
                </View>
              ))}
            </View>
          ) : null}
          <View className='section-title'>每周通报</View>
          <View className='rp-hint'>每周一 8 点自动生成上一周的通报，并通知各驿站负责人；也可以打开后点 生成本周报告。</View>
          <PagedListState list={reports} rows={3} empty={{ text: '还没有通报', hint: '下周一 8 点会自动生成；也可以先看本周的', action: stationId ? { text: '查看本周', onClick: () => go(ROUTES.officerReport, { stationId }) } : undefined }}>
            {reports.items.map((r) => (
              <View key={r.week} className={`rp-row rp-row-${r.week}`} onClick={() => go(ROUTES.officerReport, { stationId, week: r.week })}>
                <View className='rp-row__top'>
                  <Text className='rp-row__title'>{r.weekLabel}</Text>
                  {r.partial ? <Tag type='warning'>未满一周</Tag> : null}
                </View>
                <View className='rp-row__meta'>{r.headline}</View>
                <View className='rp-row__meta muted'>{r.builtLabel}</View>
              </View>
            ))}
          </PagedListState>
        </>
      ) : null}

      <View className='section-title'>内部通知</View>
      <PagedListState list={notices} rows={2} empty={{ text: '还没有内部通知', hint: '每周通报生成后，会在这里通知驿站负责人' }}>
        {notices.items.map((n: InternalNoticeRow) => (
          <View key={n.id} className={`rp-notice rp-notice-${n.id}`}>
            <View className='rp-notice__title'>{n.title}</View>
            <View className='rp-notice__body'>{n.body}</View>
            <View className='rp-notice__meta'>
              <Text className='muted'>
                {n.stationName} · {n.atLabel}
              </Text>
              {n.link ? (
                <Text className='rp-notice__link open-report' onClick={() => openLink(n.link!.path)}>
                  {n.link.text} ›
                </Text>
              ) : null}
            </View>
          </View>
        ))}
      </PagedListState>
    </Screen>
  )
}

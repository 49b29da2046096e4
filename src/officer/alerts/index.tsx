import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { ALERT_STATUS_LABEL, AlertStatus, listAlerts } from '../../../types/contracts/cluster'
import { getMe } from '../../../types/contracts/me'
import { ERRORS } from '../../../types/errors'
import { usePaged, useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { Button, LoadState, PagedListState, Tabs } from '../../ui'
import { Screen } from '../../shared/screen'
import { AlertRow } from './alert-bits'
import './index.scss'

const EMPTY: Record<AlertStatus, { text: string; hint: string }> = {
  open: { text: '没有待处理的聚集预警', hint: '同一单位（或同一工程项目）30 天内有 3 位以上职工反映时，会提醒县区驿站，并出现在这里' },
  closed: { text: '还没有处理过的聚集预警', hint: '写明处理决定后，预警会移到这里' },
}

/**
 * 聚集预警 of one station (ADR 0011), 待处理 · 已处理 with counts, newest first. The county station is where
 * they are raised; the server lists only those the officer's side may see.
 */
export default function Alerts() {
  const me = useQuery(getMe, {})
  const memberships = me.data?.officer?.memberships ?? []
  const params = usePageParams()
  const [stationId, setStationId] = useState<string>()
  const [status, setStatus] = useState<AlertStatus>('open')
  const [counts, setCounts] = useState<Partial<Record<AlertStatus, number>>>({})

  useEffect(() => {
    if (!stationId && memberships.length) setStationId(memberships.find((m) => m.stationId === params.stationId)?.stationId ?? memberships[0].stationId)
  }, [memberships, stationId, params.stationId])

  const list = usePaged(listAlerts, stationId ? { stationId, status } : null)
  useEffect(() => {
    if (list.last) setCounts(list.last.counts)
  }, [list.last])
  useListPage(list)

  if (!me.data) {
    return (
      <Screen className='alerts'>
        <LoadState query={me} rows={3} />
      </Screen>
    )
  }
  if (!me.data.officer || !memberships.length) {
    return (
      <Screen className='alerts'>
        <View className='alerts-not-officer'>
          <View className='alerts-not-officer__text'>{ERRORS.AUTH_NOT_OFFICER}</View>
          <Button onClick={() => go(ROUTES.me)}>返回 我的</Button>
        </View>
      </Screen>
    )
  }

  return (
    <Screen className='alerts'>
      {memberships.length > 1 ? (
        <View className='alerts-stations'>
          {memberships.map((m) => (
            <View
              key={m.stationId}
              className={`alerts-station station-pick-${m.stationId} ${m.stationId === stationId ? 'alerts-station--on' : ''}`}
              onClick={() => {
                setCounts({})
                setStationId(m.stationId)
              }}
            >
              {m.stationName}
            </View>
          ))}
        </View>
      ) : (
        <View className='alerts-one-station'>{memberships[0].stationName}</View>
      )}
      <View className='alerts-intro'>同一单位 30 天内有 3 位以上职工反映，可能引发群体性事件：请尽早了解情况、协调处理，并写明处理决定。</View>

      <Tabs items={AlertStatus.options.map((s) => ({ key: s, label: ALERT_STATUS_LABEL[s], count: counts[s] }))} active={status} onChange={setStatus} />

      <View className='alerts-list'>
        <PagedListState list={list} empty={EMPTY[status]}>
          {list.items.map((a) => (
            <AlertRow key={a.id} row={a} onClick={() => go(ROUTES.officerAlert, { id: a.id })} />
          ))}
        </PagedListState>
      </View>
    </Screen>
  )
}

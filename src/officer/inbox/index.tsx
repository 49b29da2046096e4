import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { INBOX_TAB_LABEL, InboxTab, listInbox } from '../../../types/contracts/case'
import { getMe } from '../../../types/contracts/me'
import { ERRORS } from '../../../types/errors'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { usePaged, useQuery } from '../../client/query'
import { askOfficerAlerts, officerAlertsAvailable } from '../../device/subscribe'
import { Button, LoadState, PagedListState, Tabs, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import { CaseRow, DeadlineText, PrivacyBadge } from '../../shared/case-bits'
import './index.scss'

const EMPTY_TEXT: Record<InboxTab, { text: string; hint: string }> = {
  pending: { text: '没有待受理的诉求', hint: '新的诉求会出现在这里，请在 1 个工作日内受理' },
  incoming: { text: '没有转来的诉求', hint: '其他驿站转给本驿站的诉求会出现在这里，请在 1 个工作日内接收或说明理由' },
  active: { text: '没有办理中的诉求', hint: '受理后的诉求会出现在这里' },
  supervising: { text: '没有督办中的诉求', hint: '下级驿站超期未办结的诉求会交给本驿站督办，出现在这里' },
  done: { text: '还没有办结的诉求', hint: '办结、撤回和转外部机构的诉求会出现在这里' },
}

/** The officer's inbox: one station at a time, tabs 待受理 · 转来 · 办理中 · 督办 · 已办结 with counts. */
export default function Inbox() {
  const me = useQuery(getMe, {})
  const memberships = me.data?.officer?.memberships ?? []
  const [stationId, setStationId] = useState<string>()
  const [tab, setTab] = useState<InboxTab>('pending')
  const [counts, setCounts] = useState<Partial<Record<InboxTab, number>>>({})
  // D16: one agreement covers one message, so officers are asked on every visit; the bar goes after a tap.
  const [alertsAsked, setAlertsAsked] = useState(false)

  // `?stationId=` (e.g. just after binding to a station) opens that station's inbox when it is one of mine.
  const params = usePageParams()
  useEffect(() => {
    if (!stationId && memberships.length) setStationId(memberships.find((m) => m.stationId === params.stationId)?.stationId ?? memberships[0].stationId)
  }, [memberships, stationId, params.stationId])

  const list = usePaged(listInbox, stationId ? { stationId, tab } : null)

  useEffect(() => {
    if (list.last) setCounts(list.last.counts)
  }, [list.last])

  useListPage(list)

  // Straight from the tap (WeChat shows its consent sheet only then).
  const askAlerts = () => {
    setAlertsAsked(true)
    void askOfficerAlerts().then((r) => {
      if (r === 'accepted') toast('已开启提醒', 'success')
    })
  }

  // The server says who may manage a station's people and print its poster (a head, or an admin above it).
  const canManage = (id: string) => memberships.some((m) => m.stationId === id && m.canManagePeople)
  const canPrintPoster = (id: string) => memberships.some((m) => m.stationId === id && m.canPrintPoster)

  if (!me.data) {
    return (
      <Screen className='inbox'>
        <LoadState query={me} rows={3} />
      </Screen>
    )
  }
  if (!me.data.officer || !memberships.length) {
    return (
      <Screen className='inbox'>
        <View className='inbox-not-officer'>
          <View className='inbox-not-officer__text'>{ERRORS.AUTH_NOT_OFFICER}</View>
          <Button onClick={() => go(ROUTES.me)}>返回 我的</Button>
        </View>
      </Screen>
    )
  }

  return (
    <Screen className='inbox'>
      {memberships.length > 1 ? (
        <View className='inbox-stations'>
          {memberships.map((m) => (
            <View
              key={m.stationId}
              className={`inbox-station station-pick station-pick-${m.stationId} ${m.stationId === stationId ? 'inbox-station--on' : ''}`}
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
        <View className='inbox-one-station'>{memberships[0].stationName}</View>
      )}

      {stationId && (canManage(stationId) || canPrintPoster(stationId)) ? (
        <View className='inbox-manage'>
          {canManage(stationId) ? (
            <Text className='inbox-manage__link go-station-members' onClick={() => go(ROUTES.officerStation, { stationId })}>
              驿站成员 ›
            </Text>
          ) : null}
          {canPrintPoster(stationId) ? (
            <Text className='inbox-manage__link go-station-poster' onClick={() => go(ROUTES.adminPosters, { stationId })}>
              驿站海报 ›
            </Text>
          ) : null}
        </View>
      ) : null}

      {officerAlertsAvailable() && !alertsAsked ? (
        <View className='inbox-remind'>
          <Text className='inbox-remind__text'>有新诉求时，在微信里提醒你</Text>
          <Button type='primary' size='small' className='subscribe-alerts' onClick={askAlerts}>
            开启新诉求提醒
          </Button>
        </View>
      ) : null}

      <Tabs
        items={InboxTab.options.map((t) => ({ key: t, label: INBOX_TAB_LABEL[t], count: counts[t] }))}
        active={tab}
        onChange={setTab}
      />

      <View className='inbox-list'>
        <PagedListState list={list} empty={EMPTY_TEXT[tab]}>
          {list.items.map((r) => (
            <CaseRow key={r.id} row={r} className='inbox-row' onClick={() => go(ROUTES.officerCase, { id: r.id })}>
              <View className='case-row__excerpt'>{r.excerpt}</View>
              <View className='case-row__meta'>
                <PrivacyBadge privacy={r.privacy} label={r.privacyLabel} />
                <Text>{r.stationName}</Text>
                {r.workersAffected > 1 ? <Text>{r.workersAffected} 人</Text> : null}
              </View>
              <View className='case-row__meta'>
                <DeadlineText deadline={r.deadline} />
                <Text>{r.createdLabel}</Text>
                <Text className='case-row__no'>{r.caseNo}</Text>
              </View>
            </CaseRow>
          ))}
        </PagedListState>
      </View>
    </Screen>
  )
}

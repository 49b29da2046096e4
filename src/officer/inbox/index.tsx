import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { INBOX_SCOPE_LABEL, INBOX_TAB_LABEL, InboxScope, InboxTab, inboxFilters, listInbox } from '../../../types/contracts/inbox'
import { getMe } from '../../../types/contracts/me'
import { ERRORS } from '../../../types/errors'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { getInboxStation, setInboxStation } from '../../device/prefs'
import { usePaged, useQuery } from '../../client/query'
import { askOfficerAlerts, officerAlertsAvailable } from '../../device/subscribe'
import { Button, LoadState, PagedListState, RadioCards, Tabs, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import { CaseRow, DeadlineText, PrivacyBadge } from '../../shared/case-bits'
import { AlertsEntry } from '../alerts/entry'
import { filterNames, filterSummary, hasFilters, InboxFilters, type InboxFilterValue } from './filters'
import './index.scss'

const EMPTY_TEXT: Record<InboxTab, { text: string; hint: string }> = {
  pending: { text: '没有待受理的诉求', hint: '新的诉求会出现在这里，请在 1 个工作日内受理' },
  incoming: { text: '没有转来的诉求', hint: '其他驿站转给本驿站的诉求会出现在这里，请在 1 个工作日内接收或说明理由' },
  active: { text: '没有办理中的诉求', hint: '受理后的诉求会出现在这里' },
  soon: { text: '没有即将超期的诉求', hint: '受理或办结时限过了四分之三还没办好的诉求会出现在这里，请抓紧办理' },
  overdue: { text: '没有已超期的诉求', hint: '超过受理或办结时限、还在办理的诉求会出现在这里' },
  supervising: { text: '没有督办中的诉求', hint: '下级驿站超期未办结的诉求会交给本驿站督办，出现在这里' },
  done: { text: '还没有办结的诉求', hint: '办结、撤回和转外部机构的诉求会出现在这里' },
}

/** A membership's role and side as the server words them ("负责人 · 政府方 · 管理员"). */
const roleOf = (m: { roleLabel?: string; sideLabel?: string; admin?: boolean }) => [m.roleLabel, m.sideLabel, m.admin ? '管理员' : undefined].filter(Boolean).join(' · ')

const FILTERED_EMPTY = { text: '没有符合筛选条件的诉求', hint: '换个条件，或点 清除筛选 看全部' }

/**
 * The officer's inbox: the station they work as (a switcher when they have several; role and side are that
 * membership's, remembered on this phone), 本站 / 全辖区 at city and county stations, tabs 待受理 · 转来 · 办理中 ·
 * 即将超期 · 已超期 · 督办 · 已办结 with counts, filters, and the rows of the tab.
 */
export default function Inbox() {
  const me = useQuery(getMe, {})
  const memberships = me.data?.officer?.memberships ?? []
  const [stationId, setStationId] = useState<string>()
  const [subtree, setSubtree] = useState(false)
  const [tab, setTab] = useState<InboxTab>('pending')
  const [filters, setFilters] = useState<InboxFilterValue>({})
  const [filtersOpen, setFiltersOpen] = useState(false)
  const [switching, setSwitching] = useState(false)
  const [counts, setCounts] = useState<Partial<Record<InboxTab, string>>>({})
  // D16: one agreement covers one message, so officers are asked on every visit; the bar goes after a tap.
  const [alertsAsked, setAlertsAsked] = useState(false)

  // `?stationId=` (e.g. just after binding) opens that station when it is one of mine; else the one this phone
  // worked as last; else the first.
  const params = usePageParams()
  useEffect(() => {
    if (stationId || !memberships.length) return
    const last = getInboxStation()
    const pick =
      memberships.find((m) => m.stationId === params.stationId) ?? memberships.find((m) => m.stationId === last?.stationId) ?? memberships[0]!
    setStationId(pick.stationId)
    setSubtree(!!last && last.stationId === pick.stationId && last.subtree && pick.canViewSubtree)
  }, [memberships, stationId, params.stationId])

  const current = memberships.find((m) => m.stationId === stationId)
  const scope: InboxScope = subtree && current?.canViewSubtree ? 'subtree' : 'station'
  const list = usePaged(
    listInbox,
    stationId
      ? {
          stationId,
          scope,
          tab,
          ...(scope === 'subtree' && filters.stationId ? { filterStationId: filters.stationId } : {}),
          ...(filters.category ? { category: filters.category } : {}),
          ...(filters.privacy ? { privacy: filters.privacy } : {}),
          ...(filters.from ? { filedFrom: filters.from } : {}),
          ...(filters.to ? { filedTo: filters.to } : {}),
        }
      : null,
  )
  const options = useQuery(inboxFilters, stationId && (filtersOpen || hasFilters(filters)) ? { stationId } : null)

  useEffect(() => {
    if (list.last?.countLabels) setCounts(list.last.countLabels)
  }, [list.last])

  useListPage(list)

  const workAs = (id: string) => {
    setSwitching(false)
    if (id === stationId) return
    const m = memberships.find((x) => x.stationId === id)
    const keepSubtree = subtree && !!m?.canViewSubtree
    setStationId(id)
    setSubtree(keepSubtree)
    setFilters({})
    setFiltersOpen(false)
    setCounts({})
    setInboxStation({ stationId: id, subtree: keepSubtree })
  }
  const lookAt = (next: InboxScope) => {
    if (!stationId || next === scope) return
    setSubtree(next === 'subtree')
    // A station picked in 全辖区 means nothing in 本站.
    setFilters((f) => ({ ...f, stationId: undefined }))
    setCounts({})
    setInboxStation({ stationId, subtree: next === 'subtree' })
  }
  const filterBy = (v: InboxFilterValue) => {
    setFilters(v)
    setCounts({})
  }

  // Straight from the tap (WeChat shows its consent sheet only then).
  const askAlerts = () => {
    setAlertsAsked(true)
    void askOfficerAlerts().then((r) => {
      if (r === 'accepted') toast('已开启提醒', 'success')
    })
  }

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

  const roleLine = current ? roleOf(current) : ''
  const summary = filterSummary(filters, filterNames(options.data, filters))
  // Rows name their station when it is not the one worked as (全辖区, 转来, 督办).
  const showStation = (ownerStationId: string) => scope === 'subtree' || ownerStationId !== stationId

  return (
    <Screen className='inbox'>
      <View className='inbox-head'>
        <View className='inbox-head__top'>
          <View className='inbox-head__who'>
            <View className='inbox-station-name inbox-one-station'>{current?.stationName ?? ''}</View>
            {roleLine ? <View className='inbox-role'>{roleLine}</View> : null}
          </View>
          {memberships.length > 1 ? (
            <Text className='inbox-head__link switch-station' onClick={() => setSwitching(!switching)}>
              {switching ? '收起' : '切换驿站'}
            </Text>
          ) : null}
        </View>
        {switching ? (
          <View className='inbox-switch'>
            <View className='inbox-switch__hint'>你在这些驿站工作，选一个进入它的工作台：</View>
            <RadioCards
              classPrefix='station-pick'
              value={stationId}
              options={memberships.map((m) => ({ value: m.stationId, title: m.stationName, desc: roleOf(m) }))}
              onChange={workAs}
            />
          </View>
        ) : null}
        {current?.canViewSubtree ? (
          <View className='inbox-scope'>
            {InboxScope.options.map((s) => (
              <View key={s} className={`inbox-scope__item scope-${s} ${s === scope ? 'inbox-scope__item--on' : ''}`} onClick={() => lookAt(s)}>
                {INBOX_SCOPE_LABEL[s]}
              </View>
            ))}
          </View>
        ) : null}
        {current ? (
          <View className='inbox-manage'>
            <Text className='inbox-manage__link go-dashboard' onClick={() => go(ROUTES.officerDashboard, { stationId })}>
              数据看板 ›
            </Text>
            <Text className='inbox-manage__link go-ledger' onClick={() => go(ROUTES.officerLedger, { stationId })}>
              工作台账 ›
            </Text>
            <Text className='inbox-manage__link go-rating' onClick={() => go(ROUTES.officerRating, { stationId })}>
              星级驿站 ›
            </Text>
            {current.canViewSubtree ? (
              <Text className='inbox-manage__link go-projects' onClick={() => go(ROUTES.officerProjects, { stationId })}>
                欠薪项目 ›
              </Text>
            ) : null}
            {current.canManageTemplates ? (
              <Text className='inbox-manage__link go-templates' onClick={() => go(ROUTES.officerTemplates, { stationId })}>
                常用回复 ›
              </Text>
            ) : null}
            {current.canManagePeople ? (
              <Text className='inbox-manage__link go-station-members' onClick={() => go(ROUTES.officerStation, { stationId })}>
                驿站成员 ›
              </Text>
            ) : null}
            {current.canPrintPoster ? (
              <Text className='inbox-manage__link go-station-poster' onClick={() => go(ROUTES.adminPosters, { stationId })}>
                驿站海报 ›
              </Text>
            ) : null}
          </View>
        ) : null}
      </View>

      {stationId ? (
        <View className='inbox-intake'>
          <Text className='inbox-intake__text'>职工来到驿站或打电话来反映？替他填写</Text>
          <Button type='primary' plain size='small' className='go-intake' onClick={() => go(ROUTES.caseNew, { mode: 'assisted', stationId })}>
            代为登记
          </Button>
        </View>
      ) : null}
      {stationId ? <AlertsEntry key={stationId} stationId={stationId} /> : null}

      {officerAlertsAvailable() && !alertsAsked ? (
        <View className='inbox-remind'>
          <Text className='inbox-remind__text'>有新诉求时，在微信里提醒你</Text>
          <Button type='primary' size='small' className='subscribe-alerts' onClick={askAlerts}>
            开启新诉求提醒
          </Button>
        </View>
      ) : null}

      <Tabs wrap items={InboxTab.options.map((t) => ({ key: t, label: INBOX_TAB_LABEL[t], count: counts[t] }))} active={tab} onChange={setTab} />

      <View className='inbox-filter-bar'>
        <Text className={`inbox-filter-bar__open open-filters ${hasFilters(filters) ? 'inbox-filter-bar__open--on' : ''}`} onClick={() => setFiltersOpen(!filtersOpen)}>
          {filtersOpen ? '收起筛选' : '筛选'}
        </Text>
        <Text className='inbox-filter-bar__summary filter-summary'>{hasFilters(filters) ? summary : scope === 'subtree' ? '全辖区所有驿站' : '本站的诉求'}</Text>
        {hasFilters(filters) ? (
          <Text className='inbox-filter-bar__clear clear-filters' onClick={() => filterBy({})}>
            清除
          </Text>
        ) : null}
      </View>
      {filtersOpen && stationId ? (
        <InboxFilters options={options} subtree={scope === 'subtree'} value={filters} onChange={filterBy} onClose={() => setFiltersOpen(false)} />
      ) : null}

      <View className='inbox-list'>
        <PagedListState list={list} empty={hasFilters(filters) ? FILTERED_EMPTY : EMPTY_TEXT[tab]}>
          {list.items.map((r) => (
            <CaseRow key={r.id} row={r} className='inbox-row' mark={r.newMessage ? '新消息' : undefined} onClick={() => go(ROUTES.officerCase, { id: r.id })}>
              <View className='case-row__excerpt'>{r.excerpt}</View>
              {r.overdueNote ? <View className='inbox-row__overdue'>{r.overdueNote}</View> : null}
              <View className='case-row__meta'>
                <PrivacyBadge privacy={r.privacy} label={r.privacyLabel} />
                {r.blacklist ? (
                  <Tag type='danger' className='blacklist-badge'>
                    {r.blacklist.label}
                  </Tag>
                ) : null}
                {showStation(r.ownerStationId) ? <Text className='inbox-row__station'>{r.stationName}</Text> : null}
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

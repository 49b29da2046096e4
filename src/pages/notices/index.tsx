import { Text, View } from '@tarojs/components'
import { useDidShow } from '@tarojs/taro'
import { useState } from 'react'
import { listNotices, NOTICE_CATEGORY_LABEL, NoticeCategory } from '../../../types/contracts/policy-notices'
import { usePaged } from '../../client/query'
import { go, ROUTES } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { getLastStation } from '../../device/prefs'
import { PagedListState, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Tab = 'all' | NoticeCategory
const TABS = [{ key: 'all' as Tab, label: '全部' }, ...NoticeCategory.options.map((c) => ({ key: c as Tab, label: NOTICE_CATEGORY_LABEL[c] }))]

/**
 * 政策 (tab): the notices of the station this phone was last at and of every station above it, newest first,
 * by category, with what this person has not opened yet marked; the hotline guide at the top.
 */
export default function Notices() {
  const [station, setStation] = useState(getLastStation)
  const [tab, setTab] = useState<Tab>('all')
  // Another station may have been opened meanwhile (the home page remembers it).
  useDidShow(() => {
    const now = getLastStation()
    if (now?.id !== station?.id) setStation(now)
  })
  const list = usePaged(listNotices, { ...(station?.id ? { stationId: station.id } : {}), ...(tab === 'all' ? {} : { category: tab }) })
  useListPage(list)
  const shown = list.last?.station

  return (
    <Screen className='notices'>
      <View className='notices-head'>
        <View className='notices-head__where'>
          {station?.id ? (
            <>
              <Text className='notices-head__station'>{shown?.name ?? station.name ?? ''}</Text>
              <Text>和上级驿站发布的政策</Text>
            </>
          ) : (
            <Text>还没有选驿站，先看看市级驿站发布的政策</Text>
          )}
        </View>
        <View className='notices-head__switch' onClick={() => go(ROUTES.choose)}>
          {station?.id ? '换一个驿站' : '选择驿站'}
        </View>
      </View>

      <View className='notices-hotlines go-hotlines' onClick={() => go(ROUTES.hotlines)}>
        <View className='notices-hotlines__title'>遇到劳动问题，打哪个电话？</View>
        <View className='notices-hotlines__desc'>12333 · 12351 · 12348 · 12345 各管什么，先打哪一个</View>
      </View>
      <View className='notices-hotlines notices-blacklist go-blacklist' onClick={() => go(ROUTES.blacklist)}>
        <View className='notices-hotlines__title'>欠薪黑名单</View>
        <View className='notices-hotlines__desc'>人社部门公布的拖欠农民工工资失信单位，可按名称或信用代码查询</View>
      </View>

      {/* Chips that wrap rather than tabs that scroll: five long labels, and 长辈模式, on a 375 px screen. */}
      <View className='notices-cats'>
        {TABS.map((t) => (
          <View key={t.key} className={`notices-cat notices-cat-${t.key} ${t.key === tab ? 'notices-cat--on' : ''}`} onClick={() => setTab(t.key)}>
            {t.label}
          </View>
        ))}
      </View>

      <PagedListState
        list={list}
        rows={4}
        empty={{
          text: tab === 'all' ? '还没有发布的政策' : `还没有“${NOTICE_CATEGORY_LABEL[tab]}”`,
          hint: '驿站发布新的政策后会出现在这里；着急可以直接拨打 12333',
        }}
      >
        <View className='notices-list'>
          {list.items.map((n) => (
            <View key={n.id} className={`notice-row notice-row-${n.id} ${n.unread ? 'notice-row--unread' : ''}`} onClick={() => go(ROUTES.notice, { id: n.id })}>
              <View className='notice-row__top'>
                {n.unread ? <View className='notice-row__dot' /> : null}
                <Text className='notice-row__title'>{n.title}</Text>
              </View>
              <View className='notice-row__excerpt'>{n.excerpt}</View>
              <View className='notice-row__meta'>
                <Tag type='primary' plain>
                  {n.categoryLabel}
                </Tag>
                {n.unread ? <Text className='notice-row__unread'>未读</Text> : null}
                <Text>{n.stationName}</Text>
                <Text>{n.publishedLabel}</Text>
              </View>
            </View>
          ))}
        </View>
      </PagedListState>
    </Screen>
  )
}

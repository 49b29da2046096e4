import { Text, View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useRef } from 'react'
import { listMyCases } from '../../../types/contracts/case'
import { go, ROUTES } from '../../services/nav'
import { getLastStation } from '../../services/prefs'
import { usePaged } from '../../services/query'
import { ListState, Screen } from '../../ui'
import { DeadlineText, StateChip } from '../shared/case-bits'

/** 我的诉求: the worker's cases, newest first. */
export default function MyCases() {
  const list = usePaged(listMyCases, {})
  const shown = useRef(false)

  // A tab page stays alive: coming back (e.g. after filing) should show the new case.
  useDidShow(() => {
    if (shown.current) void list.reload()
    shown.current = true
  })
  usePullDownRefresh(async () => {
    await list.reload()
    Taro.stopPullDownRefresh()
  })
  useReachBottom(() => void list.loadMore())

  const fileOne = () => {
    const last = getLastStation()
    if (last?.id) go(ROUTES.caseNew, { stationId: last.id, code: last.code, kind: last.kind, channel: 'chosen' })
    else go(ROUTES.home)
  }

  return (
    <Screen className='mine'>
      <View className='section-title'>最新的在最上面</View>
      <ListState
        status={list.status}
        error={list.error}
        isEmpty={!list.items.length}
        empty={{
          text: '还没有反映过诉求',
          hint: '在驿站首页点 反映诉求，写下遇到的难处，驿站会在 1 个工作日内受理',
          action: { text: '去反映诉求', onClick: fileOne },
        }}
        onRetry={() => void list.reload()}
        hasMore={list.hasMore}
        loadingMore={list.loadingMore}
        moreError={list.moreError}
        onLoadMore={() => void list.loadMore()}
      >
        {list.items.map((c) => (
          <View key={c.id} className='case-row mine-row' onClick={() => go(ROUTES.caseDetail, { id: c.id })}>
            <View className='case-row__top'>
              <Text className='case-row__title'>{c.categoryLabel}</Text>
              <StateChip state={c.state} label={c.stateLabel} />
            </View>
            <View className='case-row__meta'>
              <Text>{c.stationName}</Text>
              <Text>{c.createdLabel}</Text>
            </View>
            <View className='case-row__meta'>
              <DeadlineText deadline={c.deadline} />
              <Text className='case-row__no'>编号 {c.caseNo}</Text>
            </View>
          </View>
        ))}
      </ListState>
    </Screen>
  )
}

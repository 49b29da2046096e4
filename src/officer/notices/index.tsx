import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import { listManagedNotices, listNoticePlaces, type NoticeStatus } from '../../../types/contracts/policy-notices'
import { usePaged, useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useListPage } from '../../device/page-hooks'
import { Button, Empty, LoadState, PagedListState, Tag } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

/** Colours only; the words come from the server. */
const STATUS_TAG: Record<NoticeStatus, 'primary' | 'success' | 'warning' | 'danger' | 'default'> = {
  draft: 'default',
  scheduled: 'warning',
  live: 'success',
  expired: 'default',
  withdrawn: 'danger',
}

/**
 * 政策宣传 for publishers: the notices of a station where the officer may publish (a county's or the city's list
 * has every notice published in it), latest change first, each with its state and how many people read it.
 */
export default function ManagedNotices() {
  const params = usePageParams()
  const places = useQuery(listNoticePlaces, {})
  const list0 = places.data?.places ?? []
  const [stationId, setStationId] = useState<string>()
  useEffect(() => {
    if (!stationId && list0.length) setStationId(list0.find((p) => p.id === params.stationId)?.id ?? list0[0].id)
  }, [list0, stationId, params.stationId])
  const list = usePaged(listManagedNotices, stationId ? { stationId } : null)
  useListPage(list)

  if (!places.data) {
    return (
      <Screen className='managed-notices'>
        <LoadState query={places} rows={3} />
      </Screen>
    )
  }
  if (!list0.length) {
    return (
      <Screen className='managed-notices'>
        <Empty text='你还不能发布政策宣传' hint='驿站负责人和管理员可以在这里发布政策、办事指南和活动通知' action={{ text: '返回 我的', onClick: () => go(ROUTES.me) }} />
      </Screen>
    )
  }
  const here = list0.find((p) => p.id === stationId)
  const scopeWords = here?.kind === 'city' ? '全市各驿站发布的政策' : here?.kind === 'county' ? '本县区各驿站发布的政策' : '本驿站发布的政策'

  return (
    <Screen className='managed-notices'>
      {list0.length > 1 ? (
        <View className='mn-places'>
          {list0.map((p) => (
            <View key={p.id} className={`mn-place mn-place-${p.id} ${p.id === stationId ? 'mn-place--on' : ''}`} onClick={() => setStationId(p.id)}>
              {p.name}
            </View>
          ))}
        </View>
      ) : null}
      <View className='mn-head'>
        <View className='mn-head__text'>
          {here?.name}：{scopeWords}。发布后，本驿站和下级驿站的职工都能看到；阅读人数每人只算一次，不显示是谁。
        </View>
        <Button type='primary' block className='mn-new' onClick={() => go(ROUTES.officerNoticeEdit, { stationId })}>
          发布新政策
        </Button>
      </View>

      <PagedListState list={list} rows={3} empty={{ text: '还没有发布过政策', hint: '点上面的 发布新政策，写好后可以立即发布、定时发布或先存草稿' }}>
        {list.items.map((n) => (
          <View key={n.id} className={`mn-row mn-row-${n.id}`} onClick={() => go(ROUTES.officerNoticeEdit, { id: n.id })}>
            <View className='mn-row__top'>
              <Text className='mn-row__title'>{n.title}</Text>
              <Tag type={STATUS_TAG[n.status]} className={`mn-status mn-status-${n.status}`}>
                {n.statusLabel}
              </Tag>
            </View>
            <View className='mn-row__meta'>
              <Text>{n.categoryLabel}</Text>
              <Text>{n.stationName}</Text>
            </View>
            <View className='mn-row__meta'>
              <Text>{n.whenLabel}</Text>
              <Text className='mn-row__reads'>阅读 {n.readCount} 人</Text>
            </View>
          </View>
        ))}
      </PagedListState>
    </Screen>
  )
}

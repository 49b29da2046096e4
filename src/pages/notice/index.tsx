import { Text, View } from '@tarojs/components'
import { useShareAppMessage } from '@tarojs/taro'
import { getNotice } from '../../../types/contracts/policy-notices'
import { useQuery } from '../../client/query'
import { back, go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { ErrorState, LoadState, Tag } from '../../ui'
import { HotlineStrip } from '../../shared/hotlines'
import { NoticeBody } from '../../shared/notice-body'
import { NoticeFiles } from '../../shared/notice-files'
import { Screen } from '../../shared/screen'
import './index.scss'

/** One notice: title, who published it and when, the body in the safe subset, and the hotlines under it. */
export default function NoticeDetail() {
  const { id } = usePageParams()
  const q = useQuery(getNotice, id ? { id } : null)
  usePullToReload(q.reload)
  useShareAppMessage(() => ({ title: q.data?.title ?? '菏谐驿站 · 政策', path: id ? `${ROUTES.notice}?id=${encodeURIComponent(id)}` : ROUTES.notices }))

  if (!id) return <Screen><ErrorState message='没有找到这条政策，请从 政策 进入' onRetry={() => back(ROUTES.notices)} /></Screen>
  if (!q.data) {
    if (q.status === 'error' && q.error?.code === 'NOTICE_NOT_FOUND') {
      return (
        <Screen className='notice-detail'>
          <View className='notice-gone'>
            <View className='notice-gone__text'>{q.error.message}</View>
            <View className='notice-gone__back' onClick={() => go(ROUTES.notices)}>
              看看其他政策
            </View>
          </View>
          <HotlineStrip />
        </Screen>
      )
    }
    return (
      <Screen className='notice-detail'>
        <LoadState query={q} rows={5} />
      </Screen>
    )
  }
  const n = q.data
  return (
    <Screen className='notice-detail'>
      <View className='notice-head'>
        <View className='notice-head__title'>{n.title}</View>
        <View className='notice-head__meta'>
          <Tag type='primary' plain>
            {n.categoryLabel}
          </Tag>
          <Text>{n.stationName}</Text>
          <Text>{n.publishedLabel} 发布</Text>
          {n.updatedLabel ? <Text className='notice-head__updated'>{n.updatedLabel} 更新</Text> : null}
        </View>
      </View>
      <View className='card notice-card'>
        <NoticeBody blocks={n.blocks} />
        <NoticeFiles items={n.attachments} />
      </View>
      <HotlineStrip />
      <View className='notice-more' onClick={() => go(ROUTES.notices)}>
        看看其他政策
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { getMyCase, submitCase } from '../../../types/contracts/case'
import type { OutputOf } from '../../../types/contract'
import { takeOver } from '../../device/handoff'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { useQuery } from '../../client/query'
import { askWorkerUpdates, workerUpdatesAvailable, type SubscribeOutcome } from '../../device/subscribe'
import { Button, copyText, ErrorState, Skeleton } from '../../ui'
import { Screen } from '../../shared/screen'
import { Kv } from '../../shared/case-bits'
import './index.scss'

type Submitted = OutputOf<typeof submitCase>

/** After 提交诉求: the case number (copyable), who handles it, and when it will be accepted. */
export default function CaseDone() {
  const params = usePageParams()
  const [fresh] = useState(() => takeOver<Submitted>('case-done'))
  // Opened without the form (e.g. the page was reloaded): read the case instead.
  const loaded = useQuery(getMyCase, fresh || !params.id ? null : { id: params.id })
  const [reminder, setReminder] = useState<'idle' | 'asking' | SubscribeOutcome>('idle')

  const view = fresh
    ? {
        caseNo: fresh.caseNo,
        owner: fresh.ownerStationName,
        promise: fresh.acceptPromise,
        due: fresh.acceptDue.label,
        routeNote: fresh.routeNote,
        anonymous: fresh.privacy === 'anonymous',
      }
    : loaded.data
      ? {
          caseNo: loaded.data.caseNo,
          owner: loaded.data.ownerStationName,
          promise: loaded.data.deadline?.label ?? loaded.data.stateLabel,
          due: '',
          routeNote: loaded.data.route?.note,
          anonymous: loaded.data.privacy === 'anonymous',
        }
      : undefined

  const copy = (caseNo: string) => copyText(caseNo, '诉求编号已复制', '没有复制成功，请手动记下编号')

  // WeChat shows its consent sheet only for a request made from a tap: ask right here, nothing awaited first.
  const askReminder = () => {
    if (reminder === 'asking') return
    setReminder('asking')
    void askWorkerUpdates().then(setReminder)
  }

  if (!view) {
    return (
      <Screen className='case-done'>
        {loaded.status === 'error' ? (
          <ErrorState message={loaded.error?.message ?? ''} onRetry={() => void loaded.reload()} />
        ) : loaded.status === 'idle' ? (
          <View className='done-card'>
            <View className='done-card__note'>没有找到刚才的诉求，可以到 我的诉求 查看</View>
            <Button type='primary' size='large' onClick={() => go(ROUTES.mine)}>
              查看我的诉求
            </Button>
          </View>
        ) : (
          <Skeleton rows={2} />
        )}
      </Screen>
    )
  }

  return (
    <Screen className='case-done'>
      <View className='done-head'>
        <View className='done-head__icon'>✓</View>
        <View className='done-head__title'>诉求已提交</View>
        <View className='done-head__promise accept-promise'>{view.promise}</View>
      </View>

      <View className='done-card'>
        <View className='done-no'>
          <View className='done-no__label'>诉求编号</View>
          <View className='done-no__row'>
            <Text className='done-no__value case-no'>{view.caseNo}</Text>
            <Text className='done-no__copy copy-case-no' onClick={() => copy(view.caseNo)}>
              复制
            </Text>
          </View>
          <View className='done-no__hint'>请记下这个编号，打电话问进度时报给工作人员</View>
        </View>
        <Kv label='办理驿站' className='owner-station'>
          {view.owner}
        </Kv>
        {/* Why not the station filed at: the server's routing decision, in its words. */}
        {view.routeNote ? <View className='done-card__note route-note'>{view.routeNote}</View> : null}
        {view.due ? <Kv label='期限'>{view.due}</Kv> : null}
        {view.anonymous ? (
          <View className='done-card__note anonymous-note'>
            你选择了匿名：不会收到消息提醒，请到 我的诉求 查看进度。
          </View>
        ) : (
          <View className='done-card__note'>受理和办理的进展，都会在 我的诉求 里告诉你。</View>
        )}
        {!view.anonymous && workerUpdatesAvailable() ? (
          <View className='done-remind'>
            {reminder === 'accepted' ? (
              <View className='done-remind__text done-remind__text--on remind-on'>已开启提醒</View>
            ) : reminder === 'refused' || reminder === 'unavailable' ? (
              <View className='done-remind__text remind-off'>没关系，可以在 我的诉求 里查看进度</View>
            ) : (
              <Button type='primary' plain block loading={reminder === 'asking'} className='subscribe-updates' onClick={askReminder}>
                接收办理进度提醒
              </Button>
            )}
          </View>
        ) : null}
      </View>

      <View className='actions done-actions'>
        <Button type='primary' size='large' className='go-mine' onClick={() => go(ROUTES.mine)}>
          查看我的诉求
        </Button>
        <Button size='large' className='go-home' onClick={() => go(ROUTES.home)}>
          返回驿站首页
        </Button>
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { useState } from 'react'
import { getCaseDetail } from '../../../types/contracts/case'
import { callPhone, replace, ROUTES, usePageParams } from '../../services/nav'
import { useQuery } from '../../services/query'
import { Button, ErrorState, Screen, Skeleton } from '../../ui'
import { DeadlineText, PrivacyBadge, StateChip } from '../../pages/shared/case-bits'
import OfficerActions from './actions'
import OfficerTimeline from './timeline'
import './index.scss'

/** Back to the inbox under this page (it reloads when shown), or open it when this page was opened directly. */
function backToInbox() {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else replace(ROUTES.officerInbox)
}

const CHANNEL_LABEL = { qr: '扫码反映', chosen: '自己选的驿站', assisted: '代为登记' } as const

/**
 * An officer's view of a case. Identity appears only when the server returns it (privacy, side); the
 * actions are exactly the ones the server lists for this officer now.
 */
export default function OfficerCase() {
  const { id } = usePageParams()
  const q = useQuery(getCaseDetail, id ? { id } : null)
  /** Set after an action that hands the case on: the reload may then find it out of this station's sight. */
  const [moved, setMoved] = useState<string>()

  usePullDownRefresh(async () => {
    await q.reload()
    Taro.stopPullDownRefresh()
  })

  if (!q.data) {
    if (moved && q.status !== 'loading') {
      return (
        <Screen className='officer-case'>
          <View className='officer-case__moved'>
            <View className='officer-case__moved-text'>{moved}</View>
            <View className='officer-case__moved-hint'>本驿站已不能查看这条诉求的后续办理</View>
            <Button type='primary' onClick={backToInbox}>
              回到收件箱
            </Button>
          </View>
        </Screen>
      )
    }
    return (
      <Screen>
        {q.status === 'error' || !id ? (
          <ErrorState message={q.error?.message ?? '没有找到这条诉求'} onRetry={() => void q.reload()} />
        ) : (
          <Skeleton rows={3} />
        )}
      </Screen>
    )
  }

  const c = q.data
  return (
    <Screen className='officer-case'>
      <View className='detail-head'>
        <View className='row-between'>
          <Text className='detail-head__title'>{c.categoryLabel}</Text>
          <StateChip state={c.state} label={c.stateLabel} />
        </View>
        <View className='detail-head__meta'>
          <PrivacyBadge privacy={c.privacy} label={c.privacyLabel} />
          <DeadlineText deadline={c.deadline} />
        </View>
      </View>

      <View className='card officer-case__actions'>
        <OfficerActions detail={c} reload={q.reload} onMoved={setMoved} />
      </View>

      <View className='section-title'>反映人</View>
      <View className='card worker-identity'>
        {c.identity ? (
          <>
            <View className='kv'>
              <Text className='kv__k'>姓名</Text>
              <Text className='kv__v identity-name'>{c.identity.name}</Text>
            </View>
            <View className='kv' onClick={() => c.identity && callPhone(c.identity.phone)}>
              <Text className='kv__k'>电话</Text>
              <Text className='kv__v identity-phone officer-case__phone'>{c.identity.phone}</Text>
            </View>
            <View className='officer-case__note'>{c.identityNote}</View>
          </>
        ) : (
          <View className='officer-case__note identity-note'>{c.identityNote}</View>
        )}
      </View>

      <View className='section-title'>反映的情况</View>
      <View className='card'>
        <Text className='detail-desc'>{c.description}</Text>
        <View className='officer-case__facts'>
          {c.amountOwed !== undefined ? (
            <View className='kv'>
              <Text className='kv__k'>涉及金额</Text>
              <Text className='kv__v'>{c.amountOwed} 元</Text>
            </View>
          ) : null}
          <View className='kv'>
            <Text className='kv__k'>涉及人数</Text>
            <Text className='kv__v'>{c.workersAffected} 人</Text>
          </View>
          <View className='kv'>
            <Text className='kv__k'>本单位问题</Text>
            <Text className='kv__v'>{c.aboutOwnEmployer ? '是，反映的是本单位' : '不是本单位'}</Text>
          </View>
        </View>
      </View>

      <View className='section-title'>办理信息</View>
      <View className='card'>
        <View className='kv'>
          <Text className='kv__k'>诉求编号</Text>
          <Text className='kv__v case-no'>{c.caseNo}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>提交时间</Text>
          <Text className='kv__v'>{c.createdLabel}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>来源</Text>
          <Text className='kv__v'>
            {CHANNEL_LABEL[c.channel]} · {c.scannedStationName}
          </Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>办理驿站</Text>
          <Text className='kv__v'>{c.ownerStationName}</Text>
        </View>
      </View>

      <View className='section-title'>办理进展（标 内部 的只有工作人员能看到）</View>
      <View className='card'>
        <OfficerTimeline items={c.timeline} />
      </View>
    </Screen>
  )
}

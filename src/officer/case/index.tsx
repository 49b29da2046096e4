import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { getCaseDetail } from '../../../types/contracts/case'
import { callPhone, usePageParams } from '../../services/nav'
import { useQuery } from '../../services/query'
import { ErrorState, Screen, Skeleton } from '../../ui'
import { DeadlineText, PrivacyBadge, StateChip, Timeline } from '../../pages/shared/case-bits'
import './index.scss'

const CHANNEL_LABEL = { qr: '扫码反映', chosen: '自己选的驿站', assisted: '代为登记' } as const

/** An officer's view of a case. Identity appears only when the server returns it (privacy, side). */
export default function OfficerCase() {
  const { id } = usePageParams()
  const q = useQuery(getCaseDetail, id ? { id } : null)

  usePullDownRefresh(async () => {
    await q.reload()
    Taro.stopPullDownRefresh()
  })

  if (!q.data) {
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
        <Timeline items={c.timeline} showInternal />
      </View>
    </Screen>
  )
}

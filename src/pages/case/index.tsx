import { Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { getMyCase } from '../../../types/contracts/case'
import { usePageParams } from '../../services/nav'
import { useQuery } from '../../services/query'
import { ErrorState, Rate, Screen, Skeleton } from '../../ui'
import { DeadlineText, StateChip, Timeline } from '../shared/case-bits'
import WorkerActions from './actions'
import './index.scss'

/**
 * A worker's own case: state, who handles it, the next deadline, what the worker may do now (as the server
 * says), and the public timeline.
 */
export default function MyCase() {
  const { id } = usePageParams()
  const q = useQuery(getMyCase, id ? { id } : null)

  usePullDownRefresh(async () => {
    await q.reload()
    Taro.stopPullDownRefresh()
  })

  if (!id) return <Screen><ErrorState message='没有找到这条诉求，请从 我的诉求 进入' onRetry={() => Taro.navigateBack()} /></Screen>
  if (!q.data) {
    return (
      <Screen>
        {q.status === 'error' ? <ErrorState message={q.error?.message ?? ''} onRetry={() => void q.reload()} /> : <Skeleton rows={3} />}
      </Screen>
    )
  }

  const c = q.data
  return (
    <Screen className='case-detail'>
      <View className='detail-head'>
        <View className='row-between'>
          <Text className='detail-head__title'>{c.categoryLabel}</Text>
          <StateChip state={c.state} label={c.stateLabel} />
        </View>
        <View className='detail-head__meta'>
          <DeadlineText deadline={c.deadline} />
        </View>
      </View>

      <View className='card'>
        <View className='kv'>
          <Text className='kv__k'>诉求编号</Text>
          <Text className='kv__v case-no'>{c.caseNo}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>办理驿站</Text>
          <Text className='kv__v'>{c.ownerStationName}</Text>
        </View>
        <View className='kv'>
          <Text className='kv__k'>提交时间</Text>
          <Text className='kv__v'>{c.createdLabel}</Text>
        </View>
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
      </View>

      {c.rating !== null ? (
        <View className='card my-rating'>
          <View className='my-rating__title'>你的评价</View>
          <View className='my-rating__stars'>
            <Rate value={c.rating} readonly label='你的评价' />
            <Text className='my-rating__count'>{c.rating} 星</Text>
          </View>
        </View>
      ) : null}

      <WorkerActions detail={c} reload={q.reload} />

      <View className='section-title'>你反映的情况</View>
      <View className='card'>
        <Text className='detail-desc'>{c.description}</Text>
      </View>

      <View className='section-title'>办理进展</View>
      <View className='card'>
        <Timeline items={c.timeline} />
      </View>
    </Screen>
  )
}

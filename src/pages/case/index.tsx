import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { getMyCase } from '../../../types/contracts/case'
import { usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useQuery } from '../../client/query'
import { ErrorState, LoadState, Rate } from '../../ui'
import { Screen } from '../../shared/screen'
import { AmountAndWorkers, CaseHead, Kv, Timeline } from '../../shared/case-bits'
import { RightsCard } from '../../shared/rights-card'
import { CaseMedia } from '../../shared/media-list'
import { ConclusionCard } from '../../shared/conclusion'
import WorkerActions from './actions'
import './index.scss'

/**
 * A worker's own case: state, who handles it, the next deadline, what the worker may do now (as the server
 * says), and the public timeline.
 */
export default function MyCase() {
  const { id } = usePageParams()
  const q = useQuery(getMyCase, id ? { id } : null)

  usePullToReload(q.reload)

  if (!id) return <Screen><ErrorState message='没有找到这条诉求，请从 我的诉求 进入' onRetry={() => Taro.navigateBack()} /></Screen>
  if (!q.data) {
    return (
      <Screen>
        <LoadState query={q} rows={3} />
      </Screen>
    )
  }

  const c = q.data
  return (
    <Screen className='case-detail'>
      <CaseHead detail={c} />

      <View className='card'>
        <Kv label='诉求编号' className='case-no'>
          {c.caseNo}
        </Kv>
        <Kv label='办理驿站'>{c.ownerStationName}</Kv>
        <Kv label='提交时间'>{c.createdLabel}</Kv>
        <AmountAndWorkers amountOwed={c.amountOwed} workersAffected={c.workersAffected} />
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

      <ConclusionCard conclusion={c.conclusion} title='驿站的办结结论' />

      <WorkerActions detail={c} reload={q.reload} />
      <RightsCard category={c.category} />

      <View className='section-title'>你反映的情况</View>
      <View className='card'>
        <Text className='detail-desc'>{c.description}</Text>
      </View>
      <CaseMedia caseId={c.id} as='worker' count={c.mediaCount} title='你提交的照片和录音' />

      <View className='section-title'>办理进展</View>
      <View className='card'>
        <Timeline items={c.timeline} />
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { getMyCase } from '../../../types/contracts/case'
import { back as goBack, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { useQuery } from '../../client/query'
import { ErrorState, LoadState, Rate } from '../../ui'
import { Screen } from '../../shared/screen'
import { AmountAndWorkers, CaseHead, Kv, Timeline } from '../../shared/case-bits'
import { RightsCard } from '../../shared/rights-card'
import { CaseMedia } from '../../shared/media-list'
import { CaseThread, ThreadComposer, type ComposerMode } from '../../shared/thread'
import { addCaseInfo } from '../../../types/contracts/case-actions'
import { ConclusionCard } from '../../shared/conclusion'
import WorkerActions from './actions'
import './index.scss'

/** The worker writes to the station: words, photos, a voice note. */
const WRITE: ComposerMode = {
  key: 'addInfo',
  label: '发消息',
  contract: addCaseInfo,
  hint: '驿站工作人员会看到，并收到提醒。',
  placeholder: '想告诉驿站的新情况，例如：今天单位又说下个月再发',
  submit: '发送',
  done: '已发送，驿站会看到',
}

/**
 * A worker's own case: state, who handles it, the next deadline; the station's 办理结果 on top once it
 * answered, with 满意 / 没有解决; then the conversation with the station (reading it marks it read) and
 * its composer, and the public timeline below.
 */
export default function MyCase() {
  const { id } = usePageParams()
  const q = useQuery(getMyCase, id ? { id } : null)

  usePullToReload(q.reload)

  // Not found (or not this worker's): retrying will not help; the way back to 我的诉求 will.
  const back = { text: '回到我的诉求', onClick: () => goBack(ROUTES.mine) }
  if (!id) return <Screen><ErrorState message='没有找到这条诉求，请从 我的诉求 进入' back={back} /></Screen>
  if (!q.data) {
    return (
      <Screen>
        <LoadState query={q} rows={3} back={back} />
      </Screen>
    )
  }

  const c = q.data
  const answered = c.actions.includes('case.confirm') || c.actions.includes('case.reopen')
  return (
    <Screen className='case-detail'>
      <CaseHead detail={c} />

      {c.result ? (
        <View className='card case-result'>
          <View className='case-result__title'>办理结果</View>
          <Text className='case-result__text'>{c.result.text}</Text>
          <View className='case-result__at'>{c.result.atLabel} 答复</View>
        </View>
      ) : null}
      {answered ? <WorkerActions detail={c} reload={q.reload} /> : null}

      <View className='card'>
        <Kv label='诉求编号' className='case-no'>
          {c.caseNo}
        </Kv>
        <Kv label='办理驿站'>{c.ownerStationName}</Kv>
        {c.route ? <View className='case-route-note'>{c.route.note}</View> : null}
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

      {answered ? null : <WorkerActions detail={c} reload={q.reload} />}
      <RightsCard category={c.category} />

      <View className='section-title'>你反映的情况</View>
      <View className='card'>
        <Text className='detail-desc'>{c.description}</Text>
      </View>
      <CaseMedia caseId={c.id} as='worker' count={c.mediaCount} title='你提交的照片和录音' />

      <View className='section-title'>和驿站的对话</View>
      <View className='card case-thread'>
        <CaseThread caseId={c.id} as='worker' messages={c.thread} empty='还没有消息。有新情况、照片或语音，可以在下面发给驿站。' />
        {c.actions.includes('case.addInfo') ? (
          <ThreadComposer modes={[WRITE]} target={{ id: c.id, version: c.version }} reload={q.reload} />
        ) : (
          <View className='case-thread__closed muted'>{answered ? '驿站已经答复：请在上面确认问题是否解决。' : '这条诉求已经结束，不能再发消息。'}</View>
        )}
      </View>

      <View className='section-title'>办理进展</View>
      <View className='card'>
        <Timeline items={c.timeline} />
      </View>
    </Screen>
  )
}

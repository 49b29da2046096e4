import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { DimensionResult } from '../../../types/contracts/surveys'
import { exportSurveyResults, getSurveyResults, listSurveyComments } from '../../../types/contracts/surveys'
import { runJob } from '../../client/job'
import { usePaged, useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { Button, LoadState, PagedListState, Progress, Tag, toast } from '../../ui'
import { useExportJob } from '../../shared/export-job'
import { Screen } from '../../shared/screen'
import { CampaignCount, DistBar, gateWords, score, signedScore } from '../../shared/survey-bits'
import './index.scss'

/**
 * One campaign's results. Running: the count only. Closed with fewer than 10 answers: the server's reason and
 * nothing else. Otherwise per dimension the mean, the spread and the count (不了解 apart), the trend against the
 * station's previous campaign, the county and city means, 薄弱环节 and 整改, each question, and the comments.
 * Every figure comes from the server, which withholds what a group under 10 would reveal.
 */
export default function SurveyResult() {
  const { id = '' } = usePageParams()
  const q = useQuery(getSurveyResults, id ? { campaignId: id } : null)
  const { job, busy: exporting, start, open } = useExportJob({ openFailed: '没能打开文件，请稍后再试' })
  usePullToReload(q.reload)

  if (!q.data) {
    return (
      <Screen className='sv-result'>
        <LoadState query={q} rows={5} missing='没有找到这次测评，请返回重新进入' />
      </Screen>
    )
  }
  const r = q.data

  async function exportXlsx() {
    const done = await start((onProgress) => runJob(exportSurveyResults, { campaignId: id }, onProgress))
    if (!done) return
    if (!done.ok || !done.job?.url) return toast(done.error ?? '文件没能生成，请稍后重试')
    await open(done.job.url, done.job.fileName ?? '满意度测评结果.xlsx')
  }

  return (
    <Screen className='sv-result'>
      <View className='sv-result-head'>
        <View className='sv-result-head__name station-name'>{r.campaign.stationName}</View>
        <View className='sv-result-head__sub muted'>
          {r.campaign.countyName} · 第 {r.campaign.templateVersion} 版问卷
        </View>
      </View>
      <View className='card'>
        <CampaignCount campaign={r.campaign} />
      </View>

      {r.state === 'running' ? (
        <View className='card sv-result-running'>测评进行中，只显示答卷份数。测评结束后，答卷满 10 份才显示结果。</View>
      ) : r.state === 'withheld' ? (
        <View className='card sv-withheld'>
          <View className='sv-withheld__title'>{r.reason}</View>
          <View className='sv-withheld__text muted'>这次测评的各方面分数、留言和对比都不显示，也不会生成整改任务。</View>
        </View>
      ) : (
        <>
          <View className='card sv-summary'>
            <View className='sv-summary__row'>
              <Text className='sv-summary__label'>参与率</Text>
              <Text className='sv-summary__value sv-participation'>{gateWords(r.participation, (v) => `${v}%`)}</Text>
            </View>
            <View className='sv-summary__row'>
              <Text className='sv-summary__label'>薄弱环节线</Text>
              <Text className='sv-summary__value'>{r.threshold !== undefined ? `低于 ${r.threshold.toFixed(1)} 分` : ''}</Text>
            </View>
            <View className='sv-summary__row'>
              <Text className='sv-summary__label'>对比</Text>
              <Text className='sv-summary__value'>{r.previous ? `上次测评（${r.previous.windowLabel}）` : '这是本驿站第一次测评'}</Text>
            </View>
          </View>
          <View className='section-title'>六个方面（满分 5 分）</View>
          {r.dimensions.map((d) => (
            <DimensionCard key={d.key} d={d} hasPrevious={!!r.previous} />
          ))}
          {r.comments.shown ? <Comments id={id} count={r.comments.count ?? 0} held={r.comments.held ?? 0} /> : null}
        </>
      )}

      {r.state !== 'running' ? (
        <View className='actions'>
          {exporting && job ? <Progress className='sv-export-progress' percent={job.percent} label={`正在生成 ${job.title}`} /> : null}
          <Button size='large' className='sv-export' loading={exporting} onClick={() => void exportXlsx()}>
            导出 Excel
          </Button>
        </View>
      ) : null}
    </Screen>
  )
}

function DimensionCard({ d, hasPrevious }: { d: DimensionResult; hasPrevious: boolean }) {
  const [open, setOpen] = useState(false)
  return (
    <View className={`card sv-dim sv-dim-${d.key} ${d.weak ? 'sv-dim--weak' : ''}`}>
      <View className='sv-dim__top'>
        <View className='sv-dim__label'>{d.label}</View>
        {d.weak ? <Tag type='danger'>薄弱环节</Tag> : null}
      </View>
      {d.figure.shown ? (
        <>
          <View className='sv-dim__mean sv-mean'>{score(d.figure.value.mean)}</View>
          <DistBar figure={d.figure.value} />
          <View className='sv-dim__counts muted'>
            {d.figure.value.count} 人次评分{d.figure.value.unknown ? ` · ${d.figure.value.unknown} 人次选了不了解（不计入平均分）` : ''}
          </View>
        </>
      ) : (
        <View className='sv-dim__withheld muted'>{d.figure.reason}</View>
      )}
      <View className='sv-dim__compare'>
        {hasPrevious ? <View>比上次：{gateWords(d.trend, (v) => `${signedScore(v.delta)}（上次 ${score(v.previous)}）`)}</View> : null}
        <View>县区平均：{gateWords(d.county, (v) => score(v.mean))}</View>
        <View>全市平均：{gateWords(d.city, (v) => score(v.mean))}</View>
      </View>
      {d.task ? (
        <View className={`sv-dim__task sv-dim__task--${d.task.status}`}>
          {d.task.status === 'open' ? '低于薄弱环节线，已生成整改任务，整改中' : `已整改：${d.task.note ?? ''}`}
        </View>
      ) : null}
      {d.followUp ? <View className='sv-dim__followup'>上次整改（{d.followUp.task.statusLabel}）：{d.followUp.words}</View> : null}
      <View className='sv-dim__toggle' onClick={() => setOpen((v) => !v)}>
        {open ? '收起每道题 ▲' : `看每道题（${d.questions.length} 道）▼`}
      </View>
      {open ? (
        <View className='sv-questions'>
          {d.questions.map((qq, i) => (
            <View key={qq.key} className={`sv-question sv-question-${qq.key}`}>
              <View className='sv-question__text'>
                {i + 1}. {qq.text}
              </View>
              {qq.figure.shown ? (
                <>
                  <View className='sv-question__mean'>
                    {score(qq.figure.value.mean)} · {qq.figure.value.count} 人评分{qq.figure.value.unknown ? ` · ${qq.figure.value.unknown} 人不了解` : ''}
                    {qq.trend?.shown ? ` · 比上次${signedScore(qq.trend.value.delta)}` : ''}
                  </View>
                  <DistBar figure={qq.figure.value} />
                  {qq.county.shown || qq.city.shown ? (
                    <View className='sv-question__compare muted'>
                      {[qq.county.shown ? `县区平均 ${score(qq.county.value.mean)}` : '', qq.city.shown ? `全市平均 ${score(qq.city.value.mean)}` : ''].filter(Boolean).join(' · ')}
                    </View>
                  ) : null}
                </>
              ) : (
                <View className='sv-question__mean muted'>{qq.figure.reason}</View>
              )}
            </View>
          ))}
        </View>
      ) : null}
    </View>
  )
}

function Comments({ id, count, held }: { id: string; count: number; held: number }) {
  const list = usePaged(listSurveyComments, { campaignId: id })
  return (
    <View className='sv-comments'>
      <View className='section-title'>职工留言（{count} 条，随机顺序，不显示时间）</View>
      {held ? <View className='sv-comments__held muted'>另有 {held} 条留言经微信内容安全检测疑似含有敏感内容，不予显示</View> : null}
      <View className='sv-comments__list'>
        <PagedListState list={list} empty={{ text: '这次测评没有留言' }} rows={2}>
          {list.items.map((c, i) => (
            <View key={i} className='sv-comment'>
              {c.text}
            </View>
          ))}
        </PagedListState>
      </View>
    </View>
  )
}

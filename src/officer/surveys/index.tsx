import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { closeCampaign, closeSurveyTask, getSurveyStation, listSurveyStations, openCampaign, TaskNote } from '../../../types/contracts/surveys'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { lengthInWords, textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { go, ROUTES, usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, confirm, Empty, Field, LoadState, Panel, RadioCards, Tag, toast } from '../../ui'
import { NotePanel } from '../../shared/note-panel'
import { Screen } from '../../shared/screen'
import { CampaignCount, score } from '../../shared/survey-bits'
import './index.scss'

type StationData = OutputOf<typeof getSurveyStation>
type Task = StationData['tasks'][number]

const NOTE = textLimits(TaskNote)
const DAY_CHOICES = [
  { value: '7', title: '7 天', desc: '一周' },
  { value: '14', title: '14 天', desc: '两周（常用）' },
  { value: '30', title: '30 天', desc: '一个月' },
]

/**
 * 满意度测评 for a station: the campaign now and its count (nothing else while it runs), opening one (heads and
 * admins), earlier campaigns leading to their results, and 整改 tasks with their closing note.
 */
export default function StationSurveys() {
  const params = usePageParams()
  const mine = useQuery(listSurveyStations, params.stationId ? null : {})
  const [picked, setPicked] = useState<string | undefined>(params.stationId)
  useEffect(() => {
    if (!picked && mine.data?.items.length) setPicked(mine.data.items[0]!.stationId)
  }, [mine.data, picked])
  const q = useQuery(getSurveyStation, picked ? { stationId: picked } : null)
  usePullToReload(q.reload)
  useShownAgain(() => void q.reload())

  if (!params.stationId && mine.data && !mine.data.items.length) {
    return (
      <Screen className='sv-station'>
        <Empty text='你所在的驿站不开展满意度测评' hint='满意度测评在企业驿站和园区驿站开展。' />
      </Screen>
    )
  }

  return (
    <Screen className='sv-station'>
      {!params.stationId && mine.data && mine.data.items.length > 1 ? (
        <View className='sv-station-picks'>
          {mine.data.items.map((s) => (
            <View key={s.stationId} className={`sv-station-pick station-pick-${s.stationId} ${s.stationId === picked ? 'sv-station-pick--on' : ''}`} onClick={() => setPicked(s.stationId)}>
              {s.name}
            </View>
          ))}
        </View>
      ) : null}
      {q.data ? <StationView data={q.data} reload={q.reload} /> : <LoadState query={mine.status === 'error' ? mine : q} rows={4} />}
    </Screen>
  )
}

function StationView({ data: d, reload }: { data: StationData; reload: () => Promise<void> }) {
  const [busy, setBusy] = useState<string>()
  return (
    <View>
      <View className='sv-station-head'>
        <View className='sv-station-head__name station-name'>{d.station.name}</View>
        <View className='sv-station-head__kind'>{d.station.kindLabel}</View>
      </View>

      {!d.surveysHere ? (
        <Empty text='这个驿站不开展满意度测评' hint='满意度测评在企业驿站和园区驿站开展。' />
      ) : (
        <>
          <View className='section-title'>本次测评</View>
          {d.current ? (
            <View className='card sv-current'>
              <CampaignCount campaign={d.current} />
              <View className='sv-current__hint'>测评进行中只显示答卷份数。结束后，答卷满 10 份才显示结果，少于 10 份不显示任何结果。</View>
              {d.canRun ? (
                <View className='sv-current__actions'>
                  <Button
                    type='danger'
                    plain
                    block
                    className='sv-close-early'
                    loading={busy === 'close'}
                    onClick={async () => {
                      if (busy) return
                      const ok = await confirm({
                        title: '提前结束这次测评？',
                        content: `结束后职工就不能再答了。现在已收 ${d.current!.answers} 份，满 10 份才会显示结果。`,
                        confirmText: '结束',
                        cancelText: '再想想',
                      })
                      if (!ok) return
                      setBusy('close')
                      const res = await call(closeCampaign, { campaignId: d.current!.id })
                      setBusy(undefined)
                      toast(res.ok ? '测评已结束' : res.error.message, res.ok ? 'success' : 'none')
                      await reload()
                    }}
                  >
                    提前结束测评
                  </Button>
                </View>
              ) : null}
            </View>
          ) : d.canRun ? (
            <OpenForm data={d} reload={reload} />
          ) : (
            <View className='card sv-none muted'>现在没有进行中的测评。发起测评请联系驿站负责人。</View>
          )}

          <View className='section-title'>整改</View>
          {d.tasks.length ? (
            <View className='sv-tasks'>
              {d.tasks.map((t) => (
                <TaskRow key={t.id} task={t} reload={reload} />
              ))}
            </View>
          ) : (
            <View className='sv-none-line muted'>没有整改任务。测评结束后，低于薄弱环节线的方面会在这里生成整改任务。</View>
          )}

          <View className='section-title'>往期测评</View>
          {d.history.length ? (
            <View className='sv-history'>
              {d.history.map((c) => (
                <View key={c.id} className={`sv-history-row sv-history-${c.id}`} onClick={() => go(ROUTES.officerSurveyResult, { id: c.id })}>
                  <View className='sv-history-row__main'>
                    <View className='sv-history-row__window'>{c.windowLabel}</View>
                    <View className='sv-history-row__meta muted'>
                      {c.answers} 份答卷 · {c.closedLabel ?? c.phaseLabel}
                    </View>
                  </View>
                  <Text className='sv-history-row__go'>看结果 ›</Text>
                </View>
              ))}
            </View>
          ) : (
            <View className='sv-none-line muted'>还没有结束的测评</View>
          )}
        </>
      )}
    </View>
  )
}

function OpenForm({ data: d, reload }: { data: StationData; reload: () => Promise<void> }) {
  const [startsOn, setStartsOn] = useState(d.startChoices[0]?.ymd)
  const [days, setDays] = useState('14')
  const [headcount, setHeadcount] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const request = useFormRequest()

  async function submit() {
    if (busy) return
    const count = Number(headcount.trim())
    if (!headcount.trim() || !Number.isInteger(count)) return setError('请填写应参加测评的职工人数')
    const input = { stationId: d.station.id, startsOn: startsOn ?? '', days: Number(days), headcount: count }
    const checked = checkInput(openCampaign, input)
    if (!checked.ok) return setError(checked.message)
    const start = d.startChoices.find((c) => c.ymd === startsOn)?.label ?? startsOn
    const ok = await confirm({
      title: '发起满意度测评？',
      content: `从${start}开始，共 ${days} 天。开始后，职工扫本驿站的二维码就能看到测评入口。`,
      confirmText: '发起',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    setError(undefined)
    const res = await call(openCampaign, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    request.done()
    toast('测评已发起', 'success')
    await reload()
  }

  return (
    <View className='card sv-open'>
      <Panel
        className='sv-open-form'
        title='发起测评'
        hint={`使用第 ${d.template.version} 版问卷（6 个方面，${d.template.questionCount} 道题，约 2 分钟）。应参加人数少于 10 人时，结果不会显示。`}
        error={error}
        submitText='发起测评'
        busy={busy}
        onSubmit={() => void submit()}
      >
        <View className='sv-open__label'>哪天开始</View>
        <RadioCards classPrefix='sv-start' value={startsOn} options={d.startChoices.map((c) => ({ value: c.ymd, title: c.label }))} onChange={(v) => { setStartsOn(v); setError(undefined) }} />
        <View className='sv-open__label'>测评几天</View>
        <RadioCards classPrefix='sv-days' columns={2} value={days} options={DAY_CHOICES} onChange={(v) => { setDays(v); setError(undefined) }} />
        <Field
          label='职工人数'
          type='number'
          required
          value={headcount}
          onChange={(v) => {
            setHeadcount(v)
            setError(undefined)
          }}
          placeholder='应参加测评的人数'
          className='field-sv-headcount'
        />
      </Panel>
    </View>
  )
}

function TaskRow({ task: t, reload }: { task: Task; reload: () => Promise<void> }) {
  const [open, setOpen] = useState(false)
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  async function submit() {
    if (busy) return
    const input = { taskId: t.id, note: note.trim() }
    const checked = checkInput(closeSurveyTask, input, '请写明做了哪些整改')
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({ title: '办结这项整改？', content: '办结后不能修改。下次测评会显示这个方面是否改善。', confirmText: '办结', cancelText: '再想想' })
    if (!ok) return
    setBusy(true)
    const res = await call(closeSurveyTask, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast('整改已办结', 'success')
    setOpen(false)
    await reload()
  }

  return (
    <View className={`sv-task sv-task-${t.dimension} sv-task--${t.status}`}>
      <View className='sv-task__top'>
        <View className='sv-task__main'>
          <View className='sv-task__title'>{t.dimensionLabel}</View>
          <View className='sv-task__meta muted'>
            {t.openedLabel} 测评 {score(t.mean)}，低于 {t.threshold.toFixed(1)} 分
          </View>
        </View>
        <Tag type={t.status === 'open' ? 'warning' : 'success'}>{t.statusLabel}</Tag>
      </View>
      {t.note ? (
        <View className='sv-task__note'>
          整改情况：{t.note}
          {t.closedLabel ? <Text className='muted'>（{t.closedLabel}）</Text> : null}
        </View>
      ) : null}
      {t.canClose && !open ? (
        <View className='sv-task__actions'>
          <Button size='small' type='primary' plain className='sv-task-close' onClick={() => setOpen(true)}>
            办结整改
          </Button>
        </View>
      ) : null}
      {open ? (
        <NotePanel
          className='sv-task-form'
          title={`办结整改：${t.dimensionLabel}`}
          hint={`写明做了哪些整改，${lengthInWords(NOTE)}。`}
          error={error}
          submitText='办结'
          busy={busy}
          onCancel={() => setOpen(false)}
          onSubmit={() => void submit()}
          label='整改情况'
          limit={NOTE}
          value={note}
          onChange={(v) => {
            setNote(v)
            setError(undefined)
          }}
          placeholder='例如：调整排班，保证每周休息一天，加班先征求职工意见'
          fieldClassName='field-sv-task-note'
        />
      ) : null}
    </View>
  )
}

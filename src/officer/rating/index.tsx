import { Text, View } from '@tarojs/components'
import { useState, type ReactNode } from 'react'
import type { OutputOf } from '../../../types/contract'
import { addTask, adjustRating, createAward, enterSupervision, finishTask, getStationRating, leaveSupervision, myTasks, taskOfficers, type TaskItem } from '../../../types/contracts/ratings'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { lengthInWords, textLimits } from '../../client/limits'
import { usePaged, useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { usePullToReload, useShownAgain } from '../../device/page-hooks'
import { Button, confirm, DatePicker, Empty, Field, LoadState, Panel, RadioCards, Tag, toast } from '../../ui'
import { NotePanel } from '../../shared/note-panel'
import { Screen } from '../../shared/screen'
import { shanghaiDate } from '../../shared/china-time'
import { StarLine } from '../../shared/rating-bits'
import './index.scss'

type Page = OutputOf<typeof getStationRating>

const ADJUST_REASON = textLimits(adjustRating.input.shape.reason)
const SUP_REASON = textLimits(enterSupervision.input.shape.reason)
const TASK_TITLE = textLimits(addTask.input.shape.title)
const TASK_NOTE = textLimits(finishTask.input.shape.note)
const AWARD_WHO = textLimits(createAward.input.shape.who)
const AWARD_WHY = textLimits(createAward.input.shape.why)

const STAR_CHOICES = (['5', '4', '3', '2', '1'] as const).map((v) => ({ value: v, title: `${v} 星` }))

type Open = 'adjust' | 'enter' | 'leave' | 'task' | 'award' | `finish-${string}` | undefined

/**
 * 星级驿站 of one station: a quarter's stars and every figure that produced them (with what to improve), an
 * adjustment and its reason, the 快速通道 notes, earlier quarters, 和谐之星 awards, and — when the station is a
 * 重点监督对象 — its 整改 tasks. Admins over the station adjust, record awards and decide on the list here; the
 * officer a task is given to marks it done here.
 */
export default function StationRating() {
  const params = usePageParams()
  const stationId = params.stationId
  const [quarter, setQuarter] = useState<string | undefined>(params.quarter || undefined)
  const q = useQuery(getStationRating, stationId ? { stationId, ...(quarter ? { quarter } : {}) } : null)
  const mine = usePaged(myTasks, stationId ? {} : null)
  const [open, setOpen] = useState<Open>()
  const reload = async () => {
    await Promise.all([q.reload(), mine.reload()])
  }
  usePullToReload(reload)
  useShownAgain(() => void reload())

  if (!q.data) {
    return (
      <Screen className='rating'>
        <LoadState query={q} rows={5} missing='没有找到这个驿站，请返回重新进入' />
      </Screen>
    )
  }
  const d = q.data

  const toggle = (what: Open) => setOpen(open === what ? undefined : what)

  return (
    <Screen className='rating'>
      <View className='rating-head'>
        <View className='rating-head__title station-name'>{d.stationName}</View>
        <View className='rating-head__sub'>星级驿站 · 每季度按办理诉求、职工满意、测评和工作活动评定</View>
      </View>

      <View className='rating-quarters'>
        <Text className='rating-quarters__step rating-prev' onClick={() => setQuarter(d.prevQuarter)}>
          ‹ 上一季度
        </Text>
        <Text className='rating-quarters__now'>{d.quarterLabel}</Text>
        {d.nextQuarter ? (
          <Text className='rating-quarters__step rating-next' onClick={() => setQuarter(d.nextQuarter!)}>
            下一季度 ›
          </Text>
        ) : (
          <Text className='rating-quarters__step rating-quarters__step--off'>最近一季</Text>
        )}
      </View>

      {d.rating ? <RatingCard page={d} /> : <Empty text={d.missing ?? '这个季度还没有评定星级'} hint='星级每季度结束后评定一次' />}

      {d.canManage && d.rating ? (
        open === 'adjust' ? (
          <AdjustPanel page={d} onDone={() => void reload()} onClose={() => setOpen(undefined)} />
        ) : (
          <View className='actions'>
            <Button className='open-adjust' onClick={() => toggle('adjust')}>
              调整星级
            </Button>
          </View>
        )
      ) : null}

      {d.history.length > 1 ? (
        <>
          <View className='section-title'>各季度星级</View>
          <View className='card rating-history'>
            {d.history.map((h) => (
              <View key={h.quarter} className={`rating-history__row history-${h.quarter}`} onClick={() => setQuarter(h.quarter)}>
                <Text>{h.quarterLabel}</Text>
                <Text className='rating-history__stars'>
                  {h.starsLabel}
                  {h.adjusted ? '（已调整）' : ''}
                </Text>
              </View>
            ))}
          </View>
        </>
      ) : null}

      <SupervisionBlock page={d} open={open} toggle={toggle} onDone={() => void reload()} />

      <View className='section-title'>和谐之星</View>
      {d.awards.length ? (
        <View className='rating-awards'>
          {d.awards.map((a) => (
            <View key={a.id} className={`card rating-award award-${a.id}`}>
              <View className='rating-award__who'>★ {a.who}</View>
              <View className='rating-award__why'>{a.why}</View>
              <View className='rating-award__meta muted'>
                {a.dateLabel} · {a.byName} 记录
              </View>
            </View>
          ))}
        </View>
      ) : (
        <View className='rating-none muted'>还没有和谐之星</View>
      )}
      {d.canManage ? (
        open === 'award' ? (
          <AwardPanel stationId={d.stationId} onDone={() => void reload()} onClose={() => setOpen(undefined)} />
        ) : (
          <View className='actions'>
            <Button className='open-award' onClick={() => toggle('award')}>
              记录和谐之星
            </Button>
          </View>
        )
      ) : null}

      {mine.items.length ? (
        <>
          <View className='section-title'>我负责的整改任务</View>
          {mine.items.map((t) => (
            <TaskCard key={t.id} task={t}>
              {open === `finish-${t.id}` ? (
                <FinishPanel task={t} onDone={() => void reload()} onClose={() => setOpen(undefined)} />
              ) : (
                <Button size='small' type='primary' className='open-finish' onClick={() => toggle(`finish-${t.id}`)}>
                  完成整改
                </Button>
              )}
            </TaskCard>
          ))}
        </>
      ) : null}
    </Screen>
  )
}

function RatingCard({ page }: { page: Page }) {
  const r = page.rating!
  return (
    <>
      <View className={`card rating-card rating-card--${r.status}`}>
        <StarLine stars={r.stars} label={r.starsLabel} />
        <View className='rating-card__summary'>{r.summary}</View>
        {r.adjustment ? (
          <View className='rating-adjusted'>
            原评 {r.adjustment.computedLabel}，{r.adjustment.byName} 于 {r.adjustment.atLabel} 调整为 {r.adjustment.stars} 星。理由：{r.adjustment.reason}
          </View>
        ) : null}
        {r.low ? <Tag type='danger'>低星：连续两个季度低星将列为重点监督对象</Tag> : null}
        <View className='rating-card__when muted'>{r.computedLabel}</View>
      </View>
      {r.fastTrack.length ? (
        <View className='card rating-fast'>
          <View className='rating-fast__title'>快速通道</View>
          {r.fastTrack.map((f) => (
            <View key={f} className='rating-fast__item'>
              · {f}
            </View>
          ))}
        </View>
      ) : null}
      <View className='section-title'>评分依据</View>
      {r.scopeNote ? <View className='rating-scope'>{r.scopeNote}</View> : null}
      <View className='rating-inputs'>
        {r.indicators.map((i) => (
          <View key={i.key} className={`card rating-input input-${i.key}`}>
            <View className='rating-input__top'>
              <Text className='rating-input__label'>{i.label}</Text>
              <Text className={`rating-input__score ${i.score !== null && i.score < 80 ? 'text-danger' : ''}`}>{i.scoreLabel}</Text>
            </View>
            <View className='rating-input__basis'>{i.basis}</View>
            <View className='rating-input__weight muted'>权重 {i.weight}</View>
            {i.advice ? <View className='rating-input__advice'>改进：{i.advice}</View> : null}
          </View>
        ))}
      </View>
    </>
  )
}

function AdjustPanel({ page, onDone, onClose }: { page: Page; onDone: () => void; onClose: () => void }) {
  const r = page.rating!
  const [stars, setStars] = useState<string>()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function submit() {
    if (!stars) return setError('请选择调整后的星级')
    const input = { stationId: page.stationId, quarter: page.quarter, stars: Number(stars), reason: reason.trim(), version: r.version }
    const checked = checkInput(adjustRating, input, '请写明调整理由')
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({
      title: `调整为 ${stars} 星？`,
      content: `${page.stationName}${page.quarterLabel}将显示 ${stars} 星（原评 ${r.starsLabel}），理由会一直和星级一起显示。`,
      confirmText: '调整',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    const res = await call(adjustRating, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast('已调整', 'success')
    onClose()
    onDone()
  }
  return (
    <View className='card'>
      <NotePanel
        className='adjust-form'
        title='调整星级'
        hint={`可以调高也可以调低。理由要写清楚，${lengthInWords(ADJUST_REASON)}，会和星级一起显示给驿站。`}
        error={error}
        submitText='调整'
        busy={busy}
        onCancel={onClose}
        onSubmit={() => void submit()}
        before={<RadioCards classPrefix='adjust-stars' columns={2} value={stars} options={STAR_CHOICES} onChange={(v) => (setStars(v), setError(undefined))} />}
        label='调整理由'
        limit={ADJUST_REASON}
        value={reason}
        onChange={(v) => (setReason(v), setError(undefined))}
        placeholder='例如：本季度发生一起群体性事件，处置不力'
        fieldClassName='field-adjust-reason'
      />
    </View>
  )
}

function SupervisionBlock({ page, open, toggle, onDone }: { page: Page; open: Open; toggle: (o: Open) => void; onDone: () => void }) {
  const s = page.supervision
  if (!s?.on && !page.canManage) return null
  return (
    <>
      <View className='section-title'>重点监督对象</View>
      <View className={`card rating-sup ${s?.on ? 'rating-sup--on' : ''}`}>
        {s?.on ? (
          <View className='rating-sup__state'>
            <Tag type='danger'>重点监督对象</Tag>
            <Text className='rating-sup__since'>{s.sinceLabel}</Text>
          </View>
        ) : (
          <View className='rating-sup__state muted'>不是重点监督对象</View>
        )}
        {s?.history.map((e, i) => (
          <View key={i} className='rating-sup__event'>
            <View>
              {e.atLabel} {e.label}
              {e.byName ? `（${e.byName}）` : ''}
            </View>
            <View className='muted'>{e.reason}</View>
          </View>
        ))}
      </View>
      {page.tasks.length ? (
        <>
          <View className='section-title'>整改任务</View>
          {page.tasks.map((t) => (
            <TaskCard key={t.id} task={t} />
          ))}
        </>
      ) : s?.on ? (
        <View className='rating-none muted'>还没有整改任务</View>
      ) : null}
      {page.canManage ? (
        open === 'enter' || open === 'leave' ? (
          <ReasonPanel page={page} leave={open === 'leave'} onDone={onDone} onClose={() => toggle(undefined)} />
        ) : open === 'task' ? (
          <TaskPanel page={page} onDone={onDone} onClose={() => toggle(undefined)} />
        ) : (
          <View className='actions rating-sup-actions'>
            {s?.on ? (
              <>
                <Button type='primary' className='open-task' onClick={() => toggle('task')}>
                  添加整改任务
                </Button>
                <Button className='open-leave' onClick={() => toggle('leave')}>
                  移出重点监督
                </Button>
              </>
            ) : (
              <Button type='danger' plain className='open-enter' onClick={() => toggle('enter')}>
                列为重点监督对象
              </Button>
            )}
          </View>
        )
      ) : null}
    </>
  )
}

function ReasonPanel({ page, leave, onDone, onClose }: { page: Page; leave: boolean; onDone: () => void; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function submit() {
    const contract = leave ? leaveSupervision : enterSupervision
    const input = leave ? { stationId: page.stationId, reason: reason.trim(), version: page.supervision?.version ?? 0 } : { stationId: page.stationId, reason: reason.trim() }
    const checked = checkInput(contract, input as never, '请写明理由')
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({
      title: leave ? '移出重点监督对象？' : '列为重点监督对象？',
      content: leave ? `${page.stationName}将移出重点监督对象，这个决定和理由会留在记录里。` : `${page.stationName}将列为重点监督对象，之后可以给它安排整改任务。`,
      confirmText: leave ? '移出' : '列入',
      cancelText: '再想想',
    })
    if (!ok) return
    setBusy(true)
    const res = leave ? await call(leaveSupervision, input as never) : await call(enterSupervision, input as never)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast(leave ? '已移出' : '已列入', 'success')
    onClose()
    onDone()
  }
  return (
    <View className='card'>
      <NotePanel
        className={leave ? 'leave-form' : 'enter-form'}
        title={leave ? '移出重点监督对象' : '列为重点监督对象'}
        hint={`请写明${leave ? '移出' : '列入'}的理由，${lengthInWords(SUP_REASON)}。`}
        error={error}
        submitText={leave ? '移出' : '列入'}
        submitType={leave ? 'primary' : 'danger'}
        busy={busy}
        onCancel={onClose}
        onSubmit={() => void submit()}
        label='理由'
        limit={SUP_REASON}
        value={reason}
        onChange={(v) => (setReason(v), setError(undefined))}
        placeholder={leave ? '例如：整改任务全部完成，经复查达到要求' : '例如：多次被职工投诉不作为'}
        fieldClassName='field-sup-reason'
      />
    </View>
  )
}

function TaskPanel({ page, onDone, onClose }: { page: Page; onDone: () => void; onClose: () => void }) {
  const people = useQuery(taskOfficers, { stationId: page.stationId })
  const [title, setTitle] = useState('')
  const [dueOn, setDueOn] = useState('')
  const [officerId, setOfficerId] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const request = useFormRequest()
  async function submit() {
    if (!officerId) return setError('请选择负责这项整改的工作人员')
    if (!dueOn) return setError('请选择完成期限')
    const input = { stationId: page.stationId, title: title.trim(), dueOn, officerId }
    const checked = checkInput(addTask, input, '请写明整改内容')
    if (!checked.ok) return setError(checked.message)
    setBusy(true)
    const res = await call(addTask, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    request.done()
    toast('已添加', 'success')
    onClose()
    onDone()
  }
  return (
    <View className='card'>
      <Panel className='task-form' title='添加整改任务' hint='写明要整改什么、什么时候完成，交给一位工作人员负责。' error={error} submitText='添加' busy={busy} onCancel={onClose} onSubmit={() => void submit()}>
        <Field type='textarea' label='整改内容' required value={title} onChange={(v) => (setTitle(v), setError(undefined))} maxlength={TASK_TITLE.max} showWordLimit placeholder='例如：建立每日查看新诉求制度，受理不再超时' className='field-task-title' />
        <View className='rating-form__label'>完成期限</View>
        <DatePicker label='完成期限' value={dueOn} onChange={(v) => (setDueOn(v), setError(undefined))} placeholder='选择日期' start={shanghaiDate(Date.now())} className='field-task-due' />
        <View className='rating-form__label'>负责人</View>
        {people.data ? (
          people.data.items.length ? (
            <RadioCards
              classPrefix='task-officer'
              value={officerId}
              options={people.data.items.map((p) => ({ value: p.officerId, title: p.name, desc: `${p.stationName} · ${p.roleLabel}` }))}
              onChange={(v) => (setOfficerId(v), setError(undefined))}
            />
          ) : (
            <View className='muted'>本驿站和上级驿站还没有工作人员，请先邀请成员</View>
          )
        ) : (
          <LoadState query={people} rows={2} />
        )}
      </Panel>
    </View>
  )
}

function TaskCard({ task, children }: { task: TaskItem; children?: ReactNode }) {
  return (
    <View className={`card rating-task task-${task.id} ${task.overdue ? 'rating-task--late' : ''}`}>
      <View className='rating-task__title'>{task.title}</View>
      <View className='rating-task__meta'>
        {task.stationName} · 负责人 {task.officerName}
      </View>
      <View className={`rating-task__due ${task.overdue ? 'text-danger' : ''}`}>{task.dueLabel}</View>
      {task.doneNote ? (
        <View className='rating-task__done muted'>
          {task.doneLabel}：{task.doneNote}
        </View>
      ) : null}
      {children}
    </View>
  )
}

function FinishPanel({ task, onDone, onClose }: { task: TaskItem; onDone: () => void; onClose: () => void }) {
  const [note, setNote] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  async function submit() {
    const input = { id: task.id, note: note.trim(), version: task.version }
    const checked = checkInput(finishTask, input, '请写明做了哪些整改')
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({ title: '标记为已完成？', content: `“${task.title}”将标记为已完成，说明会留在记录里。`, confirmText: '完成', cancelText: '再想想' })
    if (!ok) return
    setBusy(true)
    const res = await call(finishTask, input)
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    toast('已完成', 'success')
    onClose()
    onDone()
  }
  return (
    <NotePanel
      className='finish-form'
      title='完成整改'
      hint={`写明做了哪些整改，${lengthInWords(TASK_NOTE)}。`}
      error={error}
      submitText='完成'
      busy={busy}
      onCancel={onClose}
      onSubmit={() => void submit()}
      label='整改情况'
      limit={TASK_NOTE}
      value={note}
      onChange={(v) => (setNote(v), setError(undefined))}
      placeholder='例如：已建立每日查看制度，专人负责'
      fieldClassName='field-finish-note'
    />
  )
}

function AwardPanel({ stationId, onDone, onClose }: { stationId: string; onDone: () => void; onClose: () => void }) {
  const [who, setWho] = useState('')
  const [why, setWhy] = useState('')
  const [awardedOn, setAwardedOn] = useState(shanghaiDate(Date.now()))
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const request = useFormRequest()
  async function submit() {
    const input = { stationId, who: who.trim(), why: why.trim(), awardedOn }
    const checked = checkInput(createAward, input, '请写明获奖者和事迹')
    if (!checked.ok) return setError(checked.message)
    setBusy(true)
    const res = await call(createAward, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    request.done()
    toast('已记录', 'success')
    onClose()
    onDone()
  }
  return (
    <View className='card'>
      <Panel className='award-form' title='记录和谐之星' hint='写明获奖的人或单位、事迹和日期，会显示在驿站页上。' error={error} submitText='记录' busy={busy} onCancel={onClose} onSubmit={() => void submit()}>
        <Field label='获奖者' required value={who} onChange={(v) => (setWho(v), setError(undefined))} maxlength={AWARD_WHO.max} placeholder='人或单位的名称' className='field-award-who' />
        <Field type='textarea' label='事迹' required value={why} onChange={(v) => (setWhy(v), setError(undefined))} maxlength={AWARD_WHY.max} showWordLimit placeholder='例如：一年调解欠薪纠纷 40 起' className='field-award-why' />
        <View className='rating-form__label'>获奖日期</View>
        <DatePicker label='获奖日期' value={awardedOn} onChange={(v) => (setAwardedOn(v), setError(undefined))} placeholder='选择日期' end={shanghaiDate(Date.now())} className='field-award-date' />
      </Panel>
    </View>
  )
}

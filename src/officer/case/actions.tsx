import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import { REFERRAL_BODY_LABEL, ReferralBody } from '../../../types/domain'
import type { Contract, InputOf, OutputOf } from '../../../types/contract'
import type { getCaseDetail } from '../../../types/contracts/case'
import {
  acceptCase,
  answerTransfer,
  escalateCase,
  flagGroupCase,
  holdCase,
  referCase,
  resolveCase,
  resumeCase,
  startCase,
  superviseCase,
  transferCase,
} from '../../../types/contracts/case-actions'
import type { StationSummary } from '../../../types/contracts/station'
import { listConclusions } from '../../../types/contracts/conclusions'
import { lengthInWords, textLimits, type TextLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { Button, Field, Panel, RadioCards, Rate } from '../../ui'
import { useSendCaseAction, type SendHow } from '../../shared/send-action'
import ResolveFields, { emptyResolveChoice, resolveInput, type ResolveChoice } from './resolve-fields'
import StationPicker from './station-picker'

type Detail = OutputOf<typeof getCaseDetail>
type ReferTo = InputOf<typeof referCase>['to']

/** Actions that take a form (a reason, a result, a choice) before they are sent. */
type FormKey = 'hold' | 'transfer' | 'decline' | 'escalate' | 'refer' | 'resolve' | 'flagGroup' | 'supervise'
type ButtonKey = 'accept' | 'start' | 'resume' | 'takeTransfer' | FormKey

interface ActionButton {
  key: ButtonKey
  op: string
  label: string
  primary?: boolean
}

/** In the order an officer meets them. Shown only when the server lists the op in `actions`. */
const BUTTONS: ActionButton[] = [
  { key: 'accept', op: 'case.accept', label: '受理', primary: true },
  { key: 'start', op: 'case.start', label: '开始办理', primary: true },
  { key: 'hold', op: 'case.hold', label: '暂停' },
  { key: 'resume', op: 'case.resume', label: '继续办理', primary: true },
  { key: 'transfer', op: 'case.transfer', label: '转办' },
  { key: 'takeTransfer', op: 'case.answerTransfer', label: '接收转办', primary: true },
  { key: 'decline', op: 'case.answerTransfer', label: '不接收' },
  { key: 'escalate', op: 'case.escalate', label: '上报' },
  { key: 'refer', op: 'case.refer', label: '转外部机构' },
  { key: 'resolve', op: 'case.resolve', label: '办结', primary: true },
  { key: 'flagGroup', op: 'case.flagGroup', label: '标记群体性' },
  { key: 'supervise', op: 'case.supervise', label: '督办', primary: true },
]

/** Lengths come from the contracts (one place for each limit). */
const LIMITS: Record<FormKey, TextLimits> = {
  hold: textLimits(holdCase.input.shape.reason),
  transfer: textLimits(transferCase.input.shape.reason),
  // The reason is optional in the schema when accepting; declining needs at least 2 characters (its refine).
  decline: { min: 2, max: textLimits(answerTransfer.input.shape.reason).max },
  escalate: textLimits(escalateCase.input.shape.reason),
  refer: textLimits(referCase.input.shape.reason),
  resolve: textLimits(resolveCase.input.shape.text),
  flagGroup: textLimits(flagGroupCase.input.shape.reason),
  supervise: textLimits(superviseCase.input.shape.text),
}
const REFER_WHERE = textLimits(referCase.input.shape.where)
const words = (k: FormKey) => lengthInWords(LIMITS[k])

const FORM: Record<FormKey, { title: string; hint: string; field: string; placeholder: string; max: number; submit: string }> = {
  hold: {
    title: '暂停办理',
    hint: `暂停期间时限不计算。请写明暂停原因，${words('hold')}。`,
    field: '暂停原因',
    placeholder: '例如：等职工补充工资条和考勤记录',
    max: LIMITS.hold.max,
    submit: '暂停',
  },
  transfer: {
    title: '转办',
    hint: `先选要转去的驿站，再写明转办理由，${words('transfer')}。对方接收后由对方办理。`,
    field: '转办理由',
    placeholder: '例如：用人单位在开发区，由开发区驿站办理更方便',
    max: LIMITS.transfer.max,
    submit: '转办',
  },
  decline: {
    title: '不接收转办',
    hint: `请写明不接收的理由，${words('decline')}，转出的驿站能看到。`,
    field: '不接收的理由',
    placeholder: '例如：用人单位不在本驿站服务范围',
    max: LIMITS.decline.max,
    submit: '不接收',
  },
  escalate: {
    title: '上报上一级驿站',
    hint: `请写明上报理由，${words('escalate')}。`,
    field: '上报理由',
    placeholder: '例如：涉及多个单位，需要县里协调',
    max: LIMITS.escalate.max,
    submit: '上报',
  },
  refer: {
    title: '转外部机构',
    hint: `选接手的机构，机构名称可以不填（${lengthInWords(REFER_WHERE)}）。转交说明 ${words('refer')}，职工能看到。`,
    field: '转交说明',
    placeholder: '例如：已告知职工携带劳动合同和工资条到仲裁委立案',
    max: LIMITS.refer.max,
    submit: '转交',
  },
  resolve: {
    title: '办结',
    hint: `选一个办结结论，再写明办理结果，${words('resolve')}。职工会看到，并确认问题是否解决。`,
    field: '办理结果',
    placeholder: '例如：已协调单位于 3 月 5 日前补发 2 个月工资共 8600 元',
    max: LIMITS.resolve.max,
    submit: '办结',
  },
  flagGroup: {
    title: '标记为群体性诉求',
    hint: `涉及人数多、影响大的诉求。请写明标记理由，${words('flagGroup')}。`,
    field: '标记理由',
    placeholder: '例如：同一工地 30 多名工人反映同一问题',
    max: LIMITS.flagGroup.max,
    submit: '标记',
  },
  supervise: {
    title: '督办',
    hint: `写明督办意见：要办理驿站做什么、什么时候前办结，${words('supervise')}。办理驿站的工作人员会收到提醒，职工看不到。`,
    field: '督办意见',
    placeholder: '例如：请于本周五前联系用人单位核实，办结后报县驿站',
    max: LIMITS.supervise.max,
    submit: '督办',
  },
}

const REFER_TO: Array<{ value: ReferTo; title: string }> = ReferralBody.options.map((value) => ({ value, title: REFERRAL_BODY_LABEL[value] }))
const referLabel = (to?: ReferTo) => REFER_TO.find((r) => r.value === to)?.title ?? ''

const DONE: Record<ButtonKey, string> = {
  accept: '已受理',
  start: '已开始办理',
  hold: '已暂停',
  resume: '已继续办理',
  transfer: '已申请转办，等待对方接收',
  takeTransfer: '已接收',
  decline: '已退回',
  escalate: '已上报',
  refer: '已转交',
  resolve: '已办结',
  flagGroup: '已标记',
  supervise: '已督办，办理驿站会收到提醒',
}

/** When only the conversation is left to write in: what it takes, in words. */
const writeHere = (reply: boolean, note: boolean) => `${reply && note ? '回复和内部备注' : reply ? '回复' : '内部备注'}请在下面的对话里写`

export interface OfficerActionsProps {
  detail: Detail
  reload: () => Promise<void>
  /** After an action that may take the case out of this station's sight (上报, 标记群体性, 不接收). */
  onMoved: (message: string) => void
}

/**
 * What this officer may do with the case now: exactly the ops in `detail.actions` (the server decides), and
 * an inline form for actions that need words or a choice. Replies and internal notes are written in the
 * conversation (its composer, src/shared/thread.tsx).
 */
export default function OfficerActions(props: OfficerActionsProps) {
  const c = props.detail
  const actions = useSendCaseAction(props.reload)
  const can = (op: string) => c.actions.includes(op)

  const [open, setOpen] = useState<FormKey>()
  const [text, setText] = useState('')
  const [station, setStation] = useState<StationSummary>()
  const [referTo, setReferTo] = useState<ReferTo>()
  const [where, setWhere] = useState('')
  const [resolveChoice, setResolveChoice] = useState<ResolveChoice>(emptyResolveChoice)
  const [error, setError] = useState<{ key: string; message: string }>()

  const buttons = BUTTONS.filter((b) => can(b.op))
  // The standard conclusions, read when the 办结 form opens (it offers them).
  const conclusions = useQuery(listConclusions, open === 'resolve' ? {} : null)
  const target = { id: c.id, version: c.version }

  function openForm(key: FormKey) {
    setOpen(open === key ? undefined : key)
    setText('')
    setStation(undefined)
    setReferTo(undefined)
    setWhere('')
    setResolveChoice(emptyResolveChoice())
    setError(undefined)
  }

  /** Errors in words where they belong: at the open form or the composer (`inline`), else in a toast. */
  function send<C extends Contract>(key: ButtonKey, contract: C, input: InputOf<C>, opts: { confirm?: SendHow['confirm']; inline?: boolean; after?: () => void } = {}) {
    return actions.send(key, contract, input, {
      done: DONE[key],
      confirm: opts.confirm,
      inline: !!opts.inline,
      setError: (message) => setError(message === undefined ? undefined : { key, message }),
      after: opts.after,
    })
  }

  const closeForm = () => {
    setOpen(undefined)
    setText('')
  }

  /** After an action that takes the case out of this station's hands: the form closes and the page says so. */
  const closeAndMove = (message: string) => () => {
    closeForm()
    props.onMoved(message)
  }

  function submitForm(key: FormKey) {
    const reason = text.trim()
    switch (key) {
      case 'hold':
        return send(key, holdCase, { ...target, reason }, { inline: true, after: closeForm })
      case 'transfer':
        if (!station) return setError({ key, message: '请先选要转去的驿站' })
        return send(key, transferCase, { ...target, toStationId: station.id, reason }, {
          inline: true,
          after: closeForm,
          confirm: {
            title: `转给 ${station.name}？`,
            content: `转办后要等 ${station.name} 接收；对方接收后由对方办理，本驿站不能再办理这条诉求。`,
            confirmText: '转办',
          },
        })
      case 'decline':
        return send(key, answerTransfer, { ...target, accept: false, reason }, {
          inline: true,
          after: closeAndMove('已退回这条诉求，它不会再转给本驿站'),
          confirm: { title: '不接收这条转办？', content: '不接收后，这条诉求会退回，以后也不会再转给本驿站。', confirmText: '不接收' },
        })
      case 'escalate':
        return send(key, escalateCase, { ...target, reason }, {
          inline: true,
          after: closeAndMove('这条诉求已上报上一级驿站办理'),
          confirm: { title: '上报这条诉求？', content: '上报后由上一级驿站办理，本驿站不能再办理这条诉求。', confirmText: '上报' },
        })
      case 'refer':
        if (!referTo) return setError({ key, message: '请先选接手的机构' })
        return send(key, referCase, { ...target, to: referTo, where: where.trim(), reason }, {
          inline: true,
          after: closeForm,
          confirm: {
            title: `转交${referLabel(referTo)}？`,
            content: '转交后，这条诉求在驿站就办结了，职工会看到转交的机构和说明。',
            confirmText: '转交',
          },
        })
      case 'resolve':
        if (!resolveChoice.conclusion) return setError({ key, message: '请选择办结结论' })
        return send(key, resolveCase, { ...target, text: reason, ...resolveInput(conclusions.data, c.category, resolveChoice) }, {
          inline: true,
          after: closeForm,
          confirm: { title: '办结这条诉求？', content: '办结后会把办理结果告诉职工，由职工确认问题是否解决。', confirmText: '办结' },
        })
      case 'supervise':
        return send(key, superviseCase, { ...target, text: reason }, { inline: true, after: closeForm })
      case 'flagGroup':
        return send(key, flagGroupCase, { ...target, reason }, {
          inline: true,
          after: closeAndMove('已标记为群体性诉求，由县区驿站牵头办理'),
          confirm: { title: '标记为群体性诉求？', content: '标记后会报告市级管理员，并由县区驿站牵头办理。', confirmText: '标记' },
        })
    }
  }

  function tap(key: ButtonKey) {
    switch (key) {
      case 'accept':
        return void send(key, acceptCase, target)
      case 'start':
        return void send(key, startCase, target)
      case 'resume':
        return void send(key, resumeCase, target)
      case 'takeTransfer':
        return void send(key, answerTransfer, { ...target, accept: true })
      default:
        return openForm(key)
    }
  }

  const f = open && buttons.some((b) => b.key === open) ? FORM[open] : undefined
  const formError = error && error.key === open ? error.message : undefined

  return (
    <View className='case-actions'>
      {c.pendingTransfer ? (
        <View className='case-banner case-banner--transfer pending-transfer'>
          <View>
            正在等待 {c.pendingTransfer.toStationName} 接收，理由：{c.pendingTransfer.reason}
          </View>
          <View className='case-banner__sub'>由 {c.pendingTransfer.fromStationName} 转出</View>
        </View>
      ) : null}
      {c.supervisorStationName || c.supervision ? (
        <View className='case-banner case-banner--supervise supervisor'>
          <View className='supervisor__title'>{c.supervisorStationName ? `${c.supervisorStationName} 督办中` : '上级驿站督办'}</View>
          {c.supervision ? (
            <View className='case-banner__sub case-banner__supervision supervision'>
              {c.supervision.atLabel}　{c.supervision.text}
            </View>
          ) : null}
        </View>
      ) : null}
      {c.rating !== null ? (
        <View className='case-banner case-rating'>
          <Text>职工评价</Text>
          <Rate value={c.rating} readonly label='职工评价' />
          <Text>{c.rating} 星</Text>
        </View>
      ) : null}

      {c.actions.length === 0 ? <View className='case-actions__none'>现在没有需要你处理的操作</View> : null}
      {buttons.length ? (
        <View className='case-actions__buttons'>
          {buttons.map((b) => (
            <View key={b.key} className='case-actions__button'>
              <Button
                block
                size='small'
                type={b.primary ? 'primary' : 'default'}
                plain={open === b.key}
                className={`act act-${b.key}`}
                loading={actions.busy === b.key}
                onClick={() => tap(b.key)}
              >
                {b.label}
              </Button>
            </View>
          ))}
        </View>
      ) : null}

      {open && f ? (
        <Panel
          className={`action-form action-form-${open}`}
          title={f.title}
          hint={f.hint}
          error={formError}
          submitText={f.submit}
          submitType={open === 'resolve' || open === 'supervise' ? 'primary' : 'danger'}
          busy={actions.busy === open}
          onCancel={closeForm}
          onSubmit={() => void submitForm(open)}
        >
          {open === 'transfer' ? (
            <View className='action-form__choice'>
              {station ? <View className='action-form__picked'>转给：{station.name}</View> : null}
              <StationPicker
                kinds={c.transferKinds}
                privacyLabel={c.privacyLabel}
                value={station}
                onChange={(s) => {
                  setStation(s)
                  setError(undefined)
                }}
              />
            </View>
          ) : null}
          {open === 'resolve' ? (
            <ResolveFields
              list={conclusions}
              category={c.category}
              value={resolveChoice}
              onChange={(v) => {
                setResolveChoice(v)
                setError(undefined)
              }}
            />
          ) : null}
          {open === 'refer' ? (
            <View className='action-form__choice'>
              <RadioCards
                classPrefix='refer-to'
                value={referTo}
                options={REFER_TO}
                onChange={(to) => {
                  setReferTo(to)
                  setError(undefined)
                }}
              />
              <Field label='机构名称' value={where} onChange={setWhere} maxlength={REFER_WHERE.max} placeholder='选填，例如 曹县劳动人事争议仲裁院' className='field-refer-where' />
            </View>
          ) : null}
          <Field
            type='textarea'
            label={f.field}
            required
            value={text}
            onChange={(v) => {
              setText(v)
              setError(undefined)
            }}
            maxlength={f.max}
            showWordLimit
            placeholder={f.placeholder}
            className='field-action-text'
          />
        </Panel>
      ) : null}

      {c.actions.length > 0 && !buttons.length ? <View className='case-actions__none muted'>{writeHere(can('case.reply'), can('case.note'))}</View> : null}
    </View>
  )
}

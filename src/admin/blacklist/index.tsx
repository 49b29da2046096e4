import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { InputOf } from '../../../types/contract'
import { createBlacklistEntry, listBlacklist, removeBlacklistEntry } from '../../../types/contracts/arrears'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { usePaged } from '../../client/query'
import { useListPage } from '../../device/page-hooks'
import { Button, confirm, DatePicker, Field, PagedListState, Panel, RadioCards, Tabs, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Status = InputOf<typeof listBlacklist>['status'] & string
const STATUS_TABS: Array<{ key: Status; label: string }> = [
  { key: 'listed', label: '列入中' },
  { key: 'expired', label: '已到期' },
  { key: 'removed', label: '已移出' },
]
const NAME = textLimits(createBlacklistEntry.input.shape.subjectName)
const DOC = textLimits(createBlacklistEntry.input.shape.docNo)
const REASON = textLimits(createBlacklistEntry.input.shape.reason)
const REMOVE_REASON = textLimits(removeBlacklistEntry.input.shape.reason)
const YEARS = ['1', '2', '3', '4', '5'] as const

const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)

/**
 * 欠薪黑名单 (city bureau admins): enter a listing from its decision (document number and date, subject and
 * 统一社会信用代码, reason, period — 3 years unless the decision says otherwise), take one off early with a
 * reason, and see what expired. What the public sees is the decision's fields only; every change is audited.
 */
export default function BlacklistAdmin() {
  const [status, setStatus] = useState<Status>('listed')
  const list = usePaged(listBlacklist, { status })
  useListPage(list)
  const [adding, setAdding] = useState(false)
  const [form, setForm] = useState({ subjectName: '', uscc: '', docNo: '', decidedOn: today(), reason: '', years: '3' as (typeof YEARS)[number] })
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState<string>()
  const [removing, setRemoving] = useState<{ id: string; version: number; name: string; reason: string; error?: string }>()
  const request = useFormRequest()

  async function add() {
    if (busy) return
    const input: InputOf<typeof createBlacklistEntry> = { subjectName: form.subjectName.trim(), uscc: form.uscc.trim(), docNo: form.docNo.trim(), decidedOn: form.decidedOn, reason: form.reason.trim(), years: Number(form.years) }
    const checked = checkInput(createBlacklistEntry, input)
    if (!checked.ok) return setFormError(checked.message)
    const ok = await confirm({ title: '列入欠薪黑名单？', content: `${input.subjectName}（${input.uscc}）将在小程序“政策 → 欠薪黑名单”中向社会公布 ${input.years} 年，期满自动移出。`, confirmText: '列入', cancelText: '再核对' })
    if (!ok) return
    setBusy('add')
    const res = await call(createBlacklistEntry, input, { requestId: request.idFor(input) })
    setBusy(undefined)
    if (!res.ok) return setFormError(res.error.message)
    request.done()
    setAdding(false)
    setForm({ subjectName: '', uscc: '', docNo: '', decidedOn: today(), reason: '', years: '3' })
    toast('已列入', 'success')
    setStatus('listed')
    await list.reload()
  }

  async function remove() {
    if (!removing || busy) return
    const input = { id: removing.id, version: removing.version, reason: removing.reason.trim() }
    const checked = checkInput(removeBlacklistEntry, input)
    if (!checked.ok) return setRemoving({ ...removing, error: checked.message })
    const ok = await confirm({ title: '提前移出黑名单？', content: `${removing.name} 将不再向社会公布。移出的理由记入操作记录，不能撤销。`, confirmText: '移出', cancelText: '再想想' })
    if (!ok) return
    setBusy('remove')
    const res = await call(removeBlacklistEntry, input)
    setBusy(undefined)
    if (!res.ok) return setRemoving({ ...removing, error: res.error.message })
    setRemoving(undefined)
    toast('已移出', 'success')
    await list.reload()
  }

  return (
    <Screen className='blacklist-admin'>
      <View className='blacklist-admin-head'>
        <View className='blacklist-admin-head__title'>欠薪黑名单</View>
        <View className='blacklist-admin-head__sub'>按局里的列入决定录入，向社会公布决定书上的内容：单位名称、信用代码、文书号和日期、事由、列入期限。</View>
      </View>
      <Tabs items={STATUS_TABS} active={status} onChange={setStatus} />

      <View className='blacklist-admin-add'>
        {adding ? (
          <Panel className='blacklist-form' title='录入列入决定' hint='统一社会信用代码会按国家标准校验；列入期限从决定日期起算。' error={formError} submitText='列入' busy={busy === 'add'} onCancel={() => setAdding(false)} onSubmit={() => void add()}>
            <Field label='单位名称' required value={form.subjectName} onChange={(subjectName) => setForm({ ...form, subjectName })} maxlength={NAME.max} placeholder='决定书上的全称' className='field-bl-name' />
            <Field label='信用代码' required value={form.uscc} onChange={(uscc) => setForm({ ...form, uscc })} maxlength={18} placeholder='18 位统一社会信用代码' className='field-bl-uscc' />
            <Field label='决定文书号' required value={form.docNo} onChange={(docNo) => setForm({ ...form, docNo })} maxlength={DOC.max} placeholder='例如 菏人社欠黑〔2026〕3号' className='field-bl-doc' />
            <DatePicker label='决定日期' value={form.decidedOn} end={today()} placeholder='决定日期' onChange={(decidedOn) => setForm({ ...form, decidedOn })} className='bl-decided-on' />
            <Field type='textarea' label='列入事由' required value={form.reason} onChange={(reason) => setForm({ ...form, reason })} maxlength={REASON.max} placeholder='决定书上的事由' className='field-bl-reason' />
            <View className='blacklist-form__label'>列入期限</View>
            <RadioCards classPrefix='bl-years' columns={2} value={form.years} options={YEARS.map((y) => ({ value: y, title: `${y} 年${y === '3' ? '（通常）' : ''}` }))} onChange={(years) => setForm({ ...form, years })} />
          </Panel>
        ) : (
          <Button block type='primary' className='add-blacklist' onClick={() => { setFormError(undefined); setAdding(true) }}>
            录入列入决定
          </Button>
        )}
      </View>

      <View className='blacklist-admin-list'>
        <PagedListState list={list} empty={{ text: status === 'listed' ? '名单上还没有单位' : status === 'expired' ? '还没有到期移出的' : '还没有提前移出的' }}>
          {list.items.map((e) => (
            <View key={e.id} className={`card bl-row bl-${e.id}`}>
              <View className='bl-row__top'>
                <Text className='bl-row__name'>{e.subjectName}</Text>
                <Tag type={e.status === 'listed' ? 'danger' : 'default'}>{e.statusLabel}</Tag>
              </View>
              <View className='bl-row__line'>{e.uscc}</View>
              <View className='bl-row__line'>
                {e.docNo}（{e.decidedOn}） · {e.listedFrom} 至 {e.listedUntil}
              </View>
              <View className='bl-row__line bl-row__muted'>{e.reason}</View>
              <View className='bl-row__line bl-row__muted'>录入：{e.createdByName}{e.endedLabel ? ` · ${e.status === 'removed' ? '移出' : '到期'}于 ${e.endedLabel}` : ''}</View>
              {e.removedReason ? <View className='bl-row__line bl-row__removed'>移出理由：{e.removedReason}</View> : null}
              {e.status === 'listed' ? (
                removing?.id === e.id ? (
                  <Panel className='bl-remove' title='提前移出' hint='请写明理由（例如 行政复议撤销原决定）。' error={removing.error} submitText='移出' submitType='danger' busy={busy === 'remove'} onCancel={() => setRemoving(undefined)} onSubmit={() => void remove()}>
                    <Field type='textarea' label='理由' required value={removing.reason} onChange={(reason) => setRemoving({ ...removing, reason, error: undefined })} maxlength={REMOVE_REASON.max} placeholder='移出的理由' className='field-bl-remove-reason' />
                  </Panel>
                ) : (
                  <Text className='bl-row__action remove-blacklist' onClick={() => setRemoving({ id: e.id, version: e.version, name: e.subjectName, reason: '' })}>
                    提前移出
                  </Text>
                )
              ) : null}
            </View>
          ))}
        </PagedListState>
      </View>
    </Screen>
  )
}

import { View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { InputOf } from '../../../types/contract'
import { getProjectForm, updateProject, WAGE_ACCOUNT_LABEL, WageAccount } from '../../../types/contracts/arrears'
import { createProject } from '../../../types/contracts/settings'
import { listCounties } from '../../../types/contracts/station'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { back, ROUTES, usePageParams } from '../../device/nav'
import { Button, confirm, DatePicker, Field, LoadState, RadioCards, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

const NAME = textLimits(updateProject.input.shape.name)
const CONTRACTOR = textLimits(updateProject.input.shape.contractor)
const NO_OFFICER = '-'

interface Form {
  name: string
  contractor: string
  contractorUscc: string
  responsibleStationId: string | undefined
  officerId: string
  wageAccount: WageAccount
  workerCount: string
  startOn: string
  endOn: string
  clearBy: string
}

const EMPTY: Form = { name: '', contractor: '', contractorUscc: '', responsibleStationId: undefined, officerId: NO_OFFICER, wageAccount: 'not_opened', workerCount: '', startOn: '', endOn: '', clearBy: '' }

/**
 * 登记 / 编辑工程项目 (bureau admins of the county): name, general contractor and its 统一社会信用代码, the 包保
 * station and officer, the wage account, workers, dates and the 限时化解 date. The server checks every field.
 */
export default function ProjectEdit() {
  const params = usePageParams()
  const [countyId, setCountyId] = useState(params.countyId)
  const counties = useQuery(listCounties, countyId ? null : {})
  const q = useQuery(getProjectForm, countyId ? { countyId, ...(params.projectId ? { projectId: params.projectId } : {}) } : null)
  const [form, setForm] = useState<Form>(EMPTY)
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const request = useFormRequest()

  useEffect(() => {
    const p = q.data?.project
    if (p)
      setForm({
        name: p.name,
        contractor: p.contractor,
        contractorUscc: p.contractorUscc ?? '',
        responsibleStationId: p.responsibleStationId,
        officerId: p.officerId ?? NO_OFFICER,
        wageAccount: p.wageAccount,
        workerCount: p.workerCount === null ? '' : String(p.workerCount),
        startOn: p.startOn ?? '',
        endOn: p.endOn ?? '',
        clearBy: p.clearBy ?? '',
      })
  }, [q.data])

  if (!countyId) {
    return (
      <Screen className='project-edit'>
        <View className='project-edit-head'>
          <View className='project-edit-head__title'>登记工程项目</View>
          <View className='project-edit-head__sub'>先选项目所在的县区。</View>
        </View>
        {counties.data ? (
          <View className='card'>
            <RadioCards classPrefix='county' value={undefined} options={counties.data.items.map((c) => ({ value: c.id, title: c.name }))} onChange={setCountyId} />
          </View>
        ) : (
          <LoadState query={counties} rows={4} />
        )}
      </Screen>
    )
  }
  if (!q.data) {
    return (
      <Screen className='project-edit'>
        <LoadState query={q} rows={6} missing='没有找到这个项目，可能不在你的管辖范围内' />
      </Screen>
    )
  }
  const d = q.data
  const set = (patch: Partial<Form>) => {
    setForm({ ...form, ...patch })
    setError(undefined)
  }

  async function save() {
    if (busy) return
    const fields = {
      countyId: countyId!,
      name: form.name.trim(),
      contractor: form.contractor.trim(),
      ...(form.contractorUscc.trim() ? { contractorUscc: form.contractorUscc.trim() } : {}),
      responsibleStationId: form.responsibleStationId ?? '',
      ...(form.officerId !== NO_OFFICER ? { officerId: form.officerId } : {}),
      wageAccount: form.wageAccount,
      ...(form.workerCount.trim() ? { workerCount: Number(form.workerCount) } : {}),
      ...(form.startOn ? { startOn: form.startOn } : {}),
      ...(form.endOn ? { endOn: form.endOn } : {}),
      clearBy: form.clearBy || null,
    }
    if (!form.responsibleStationId) return setError('请选择包保驿站')
    const p = d.project
    if (p) {
      const input: InputOf<typeof updateProject> = { ...fields, projectId: p.id, version: p.version }
      const checked = checkInput(updateProject, input)
      if (!checked.ok) return setError(checked.message)
      setBusy(true)
      const res = await call(updateProject, input)
      setBusy(false)
      if (!res.ok) {
        setError(res.error.message)
        if (res.error.code === 'STORE_CONFLICT') await q.reload()
        return
      }
      toast('已保存', 'success')
      back(ROUTES.me)
      return
    }
    const input: InputOf<typeof createProject> = fields
    const checked = checkInput(createProject, input)
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({ title: '登记这个项目？', content: `${fields.name}（${d.countyName}）。登记后，职工在本县区反映农民工欠薪时可以选择这个项目，诉求直接交包保驿站办理。`, confirmText: '登记', cancelText: '再看看' })
    if (!ok) return
    setBusy(true)
    const res = await call(createProject, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) return setError(res.error.message)
    request.done()
    toast('已登记', 'success')
    back(ROUTES.me)
  }

  return (
    <Screen className='project-edit'>
      <View className='project-edit-head'>
        <View className='project-edit-head__title'>{d.project ? '编辑工程项目' : '登记工程项目'}</View>
        <View className='project-edit-head__sub'>{d.countyName} · 实行项目包保责任制，欠薪问题限时化解</View>
      </View>

      <View className='section-title'>项目</View>
      <View className='card'>
        <Field label='项目名称' required value={form.name} onChange={(name) => set({ name })} maxlength={NAME.max} placeholder='例如 城北安置房二期' className='field-project-name' />
        <Field label='总承包单位' required value={form.contractor} onChange={(contractor) => set({ contractor })} maxlength={CONTRACTOR.max} placeholder='营业执照上的全称' className='field-project-contractor' />
        <Field
          label='统一社会信用代码'
          value={form.contractorUscc}
          onChange={(contractorUscc) => set({ contractorUscc })}
          maxlength={18}
          placeholder='18 位，营业执照上有'
          className='field-project-uscc'
        />
        <Field label='务工人数' type='number' value={form.workerCount} onChange={(workerCount) => set({ workerCount })} placeholder='例如 120' className='field-project-workers' />
        <View className='project-edit-date'>
          <View className='project-edit-date__label'>开工日期</View>
          <DatePicker label='开工日期' value={form.startOn} placeholder='开工日期（选填）' onChange={(startOn) => set({ startOn })} className='project-start' />
        </View>
        <View className='project-edit-date'>
          <View className='project-edit-date__label'>竣工日期</View>
          <DatePicker label='竣工日期' value={form.endOn} placeholder='计划竣工日期（选填）' onChange={(endOn) => set({ endOn })} className='project-end' />
        </View>
      </View>

      <View className='section-title'>农民工工资专用账户</View>
      <View className='card'>
        <RadioCards classPrefix='wage-account' columns={2} value={form.wageAccount} options={WageAccount.options.map((value) => ({ value, title: WAGE_ACCOUNT_LABEL[value] }))} onChange={(wageAccount) => set({ wageAccount })} />
      </View>

      <View className='section-title'>包保驿站（欠薪诉求由它办理）</View>
      <View className='card'>
        <RadioCards classPrefix='responsible' value={form.responsibleStationId} options={d.stations.map((s) => ({ value: s.id, title: s.name }))} onChange={(responsibleStationId) => set({ responsibleStationId })} />
      </View>

      <View className='section-title'>包保责任人</View>
      <View className='card'>
        <RadioCards
          classPrefix='project-officer'
          value={form.officerId}
          options={[{ value: NO_OFFICER, title: '暂不指定' }, ...d.officers.map((o) => ({ value: o.id, title: o.name, desc: o.stationName }))]}
          onChange={(officerId) => set({ officerId })}
        />
      </View>

      <View className='section-title'>限时化解</View>
      <View className='card'>
        <View className='project-edit-hint'>有未化解的欠薪时，要在这个日期前化解；不填则从出现欠薪起 30 天内。</View>
        <View className='project-edit-date__label'>化解期限</View>
        <DatePicker label='化解期限' value={form.clearBy} placeholder='化解期限（选填）' onChange={(clearBy) => set({ clearBy })} className='project-clear-by' />
        {form.clearBy ? (
          <View className='project-edit-clear' onClick={() => set({ clearBy: '' })}>
            不设日期（按 30 天）
          </View>
        ) : null}
      </View>

      {error ? <View className='project-edit-error'>{error}</View> : null}
      <View className='actions'>
        <Button block type='primary' className='save-project' loading={busy} onClick={() => void save()}>
          {d.project ? '保存' : '登记'}
        </Button>
      </View>
    </Screen>
  )
}

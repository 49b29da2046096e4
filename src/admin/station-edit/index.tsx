import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { ALLOWED_PARENTS, createStation, getStationDetail, updateStation } from '../../../types/contracts/network'
import { STATION_KIND_LABEL } from '../../../types/domain'
import { fieldErrors, type Issue } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { back, replace, ROUTES, usePageParams } from '../../device/nav'
import { useQuery } from '../../client/query'
import { Button, confirm, ErrorState, Field, LoadState, RadioCards, Result, toast, useFieldErrors } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Kind = InputOf<typeof createStation>['kind']
type Detail = OutputOf<typeof getStationDetail>
type FieldKey = 'kind' | 'name' | 'address' | 'phone' | 'hours'

const KINDS = createStation.input.shape.kind.options
/** Lengths come from the contract (one place for each limit); create and update share the field schemas. */
const NAME = textLimits(createStation.input.shape.name)
const ADDRESS = textLimits(createStation.input.shape.address)
const HOURS = textLimits(createStation.input.shape.hours)
const PHONE = textLimits(createStation.input.shape.phone)
/** The contract's default opening hours, filled in for a new station. */
const DEFAULT_HOURS = createStation.input.shape.hours.parse(undefined)

const KIND_DESC: Record<Kind, string> = {
  township: '乡镇或街道的驿站，建在县区下面',
  park: '园区的驿站，服务园区里的企业和职工',
  enterprise: '规模企业自己的驿站',
}

const FALLBACK: Record<FieldKey, string> = {
  kind: '请选择驿站类型',
  name: '请填写驿站名称',
  address: '请填写地址',
  phone: '请填写正确的手机号或座机号',
  hours: '请填写开放时间',
}
const isFieldKey = (k: string): k is FieldKey => k in FALLBACK

/** Each refused field with its message (the contract's own words, or the fallback). */
const errorsOf = (issues: ReadonlyArray<Issue>) =>
  fieldErrors(issues, FALLBACK, (path) => {
    const k = String(path[0] ?? '')
    return isFieldKey(k) ? k : undefined
  })

/**
 * A station's public details. `?parentId=` creates a station under that one (the kinds offered are the ones
 * ALLOWED_PARENTS permits there); `?id=` edits one, carrying the version it was read at.
 */
export default function StationEdit() {
  const params = usePageParams()
  const editId = params.id
  const parentId = params.parentId
  const editing = !!editId
  const source = useQuery(getStationDetail, editId ? { id: editId } : parentId ? { id: parentId } : null)

  const [kind, setKind] = useState<Kind>()
  const [name, setName] = useState('')
  const [address, setAddress] = useState('')
  const [phone, setPhone] = useState('')
  const [hours, setHours] = useState(DEFAULT_HOURS)
  const [formError, setFormError] = useState<string>()
  // Changing any field takes away the message of the whole form too.
  const fields = useFieldErrors<FieldKey>(() => setFormError(undefined))
  const [busy, setBusy] = useState(false)
  const [created, setCreated] = useState<Detail>()
  const request = useFormRequest()

  const loaded = source.data
  const kinds = !editing && loaded ? KINDS.filter((k) => ALLOWED_PARENTS[k].includes(loaded.kind)) : []

  // Editing: the form shows the station as read (again after a conflict). Creating: one kind is chosen for you.
  useEffect(() => {
    if (!loaded) return
    if (editing) {
      setName(loaded.name)
      setAddress(loaded.address)
      setPhone(loaded.phone)
      setHours(loaded.hours)
    } else {
      const allowed = KINDS.filter((k) => ALLOWED_PARENTS[k].includes(loaded.kind))
      if (allowed.length === 1) setKind(allowed[0])
    }
  }, [loaded, editing])

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: editing ? '编辑驿站' : '新建驿站' })
  }, [editing])

  /** The server refused fields of the input: its message under each of them. */
  const refused = (error: { message: string; fields?: string[] }) =>
    fields.show(errorsOf((error.fields ?? []).map((f) => ({ path: f.split('.'), message: error.message }))))

  async function save() {
    if (busy || !loaded) return
    const values = { name: name.trim(), address: address.trim(), phone: phone.trim(), hours: hours.trim() }
    if (editing) {
      const input: InputOf<typeof updateStation> = { id: loaded.id, version: loaded.version, ...values }
      const checked = updateStation.input.safeParse(input)
      if (!checked.success) return fields.show(errorsOf(checked.error.issues))
      fields.show({})
      setBusy(true)
      const res = await call(updateStation, input)
      setBusy(false)
      if (!res.ok) {
        if (res.error.code === 'CASE_CONFLICT' || res.error.code === 'STORE_CONFLICT') {
          setFormError('这个驿站刚刚被别人改过，下面已换成最新的内容，请核对后再保存')
          toast(res.error.message)
          await source.reload()
          return
        }
        if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length) refused(res.error)
        setFormError(res.error.message)
        return
      }
      toast('已保存', 'success')
      back(ROUTES.adminNetwork)
      return
    }

    if (!kind) return fields.show({ kind: FALLBACK.kind })
    const input: InputOf<typeof createStation> = { parentId: loaded.id, kind, ...values }
    const checked = createStation.input.safeParse(input)
    if (!checked.success) return fields.show(errorsOf(checked.error.issues))
    fields.show({})
    const ok = await confirm({
      title: `新建 ${values.name}？`,
      content: `建在 ${loaded.name} 下面。建好后职工就能选择这个驿站反映诉求。驿站建好后不能删除，不用时可以暂停服务。`,
      confirmText: '新建',
      cancelText: '再看看',
    })
    if (!ok) return
    setBusy(true)
    const res = await call(createStation, input, { requestId: request.idFor(input) })
    setBusy(false)
    if (!res.ok) {
      if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length) refused(res.error)
      setFormError(res.error.message)
      toast(res.error.message)
      return
    }
    request.done()
    setCreated(res.data)
  }

  if (created) {
    return (
      <Screen className='station-edit'>
        <Result className='station-created' title={`已新建 ${created.name}`}>
          <View className='station-created__text'>
            {created.kindLabel} · 编号 {created.code} · 在 {created.parentName} 下面
          </View>
          <View className='station-created__text'>下一步：邀请驿站的负责人和工作人员，打印驿站海报贴出来。</View>
          <View className='station-created__buttons'>
            <Button type='primary' size='large' className='created-invite' onClick={() => replace(ROUTES.officerStation, { stationId: created.id })}>
              邀请工作人员
            </Button>
            <Button size='large' className='created-poster' onClick={() => replace(ROUTES.adminPosters, { stationId: created.id })}>
              打印驿站海报
            </Button>
            <Button size='large' className='created-back' onClick={() => back(ROUTES.adminNetwork)}>
              回到驿站网络
            </Button>
          </View>
        </Result>
      </Screen>
    )
  }

  if (!loaded) {
    return (
      <Screen className='station-edit'>
        <LoadState query={source} rows={4} missing='没有找到这个驿站，请回到驿站网络重新选择' />
      </Screen>
    )
  }

  if (!editing && !kinds.length) {
    return (
      <Screen className='station-edit'>
        <ErrorState message={`${loaded.name} 下面不能再建驿站，请回到驿站网络选择县区、乡镇(街道)或园区驿站`} onRetry={() => void source.reload()} />
      </Screen>
    )
  }

  return (
    <Screen className='station-edit'>
      <View className='station-edit-head'>
        {editing ? (
          <>
            <View className='station-edit-head__title'>{loaded.name}</View>
            <View className='station-edit-head__sub'>
              {loaded.kindLabel} · 编号 {loaded.code}
              {loaded.parentName ? ` · 在 ${loaded.parentName} 下面` : ''}
              {loaded.status === 'suspended' ? ' · 暂停服务中' : ''}
            </View>
          </>
        ) : (
          <>
            <View className='station-edit-head__title'>新建下级驿站</View>
            <View className='station-edit-head__sub'>建在 {loaded.name} 下面</View>
          </>
        )}
      </View>

      {!editing ? (
        <View className='station-edit-section'>
          <View className='station-edit-section__title'>驿站类型</View>
          <RadioCards
            classPrefix='station-kind'
            value={kind}
            options={kinds.map((k) => ({ value: k, title: STATION_KIND_LABEL[k], desc: KIND_DESC[k] }))}
            onChange={fields.onChange('kind', setKind)}
            error={fields.errors.kind}
          />
        </View>
      ) : null}

      <View className='station-edit-section'>
        <View className='station-edit-section__title'>职工看到的信息</View>
        <View className='card station-edit-fields'>
          <Field
            label='驿站名称'
            required
            value={name}
            onChange={fields.onChange('name', setName)}
            maxlength={NAME.max}
            placeholder='例如 青堌集镇驿站'
            error={fields.errors.name}
            wrap
            className='field-station-name'
          />
          <Field
            label='地址'
            required
            value={address}
            onChange={fields.onChange('address', setAddress)}
            maxlength={ADDRESS.max}
            placeholder='例如 青堌集镇政府便民服务中心一楼'
            error={fields.errors.address}
            wrap
            className='field-station-address'
          />
          <Field
            type='tel'
            label='联系电话'
            required
            value={phone}
            onChange={fields.onChange('phone', setPhone)}
            maxlength={PHONE.max}
            placeholder='手机号或座机，例如 0530-1234567'
            error={fields.errors.phone}
            className='field-station-phone'
          />
          <Field
            label='开放时间'
            required
            value={hours}
            onChange={fields.onChange('hours', setHours)}
            maxlength={HOURS.max}
            placeholder={DEFAULT_HOURS}
            error={fields.errors.hours}
            wrap
            className='field-station-hours'
          />
        </View>
      </View>

      {formError ? <View className='station-edit-error'>{formError}</View> : null}

      <View className='actions'>
        <Button type='primary' size='large' className='station-save' loading={busy} onClick={() => void save()}>
          {editing ? '保存' : '新建驿站'}
        </Button>
      </View>
      <View className='station-edit-note muted'>
        <Text>电话和开放时间会显示在驿站首页上。</Text>
      </View>
    </Screen>
  )
}

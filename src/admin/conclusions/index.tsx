import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { InputOf } from '../../../types/contract'
import { listConclusions, setConclusions } from '../../../types/contracts/conclusions'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, LoadState, Switch, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

const LABEL = textLimits(setConclusions.input.shape.items.element.shape.label)

/** One row as edited: an item already in the list keeps its key; a new one has none until saved. */
interface Row {
  key?: string
  label: string
  needsNote: boolean
  active: boolean
}

/**
 * 办结结论 (city admins): the standard conclusions an officer picks one of when resolving a case. Items can be
 * renamed, switched off (they stay in earlier ledgers) or added; one that exists is never deleted.
 */
export default function ConclusionsPage() {
  const q = useQuery(listConclusions, {})
  const [rows, setRows] = useState<Row[]>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (q.data) setRows(q.data.items.map((i) => ({ ...i })))
  }, [q.data])

  if (!q.data || !rows) {
    return (
      <Screen className='conclusions'>
        <LoadState query={q} rows={6} />
      </Screen>
    )
  }
  const version = q.data.version
  const set = (i: number, patch: Partial<Row>) => {
    setRows(rows.map((r, n) => (n === i ? { ...r, ...patch } : r)))
    setError(undefined)
  }

  async function save() {
    if (busy || !rows) return
    const input: InputOf<typeof setConclusions> = { version, items: rows.map((r) => ({ ...(r.key ? { key: r.key } : {}), label: r.label.trim(), needsNote: r.needsNote, active: r.active })) }
    const checked = checkInput(setConclusions, input, '每个结论要写 2 到 12 个字')
    if (!checked.ok) return setError(checked.message)
    const ok = await confirm({ title: '保存办结结论？', content: '保存后，新的办结都从这个列表里选；已经办结的诉求和以前的台账不受影响。', confirmText: '保存', cancelText: '再想想' })
    if (!ok) return
    setBusy(true)
    const res = await call(setConclusions, input)
    setBusy(false)
    if (!res.ok) {
      setError(res.error.message)
      if (res.error.code === 'STORE_CONFLICT') await q.reload()
      return
    }
    toast('已保存', 'success')
    await q.reload()
  }

  return (
    <Screen className='conclusions'>
      <View className='conclusions-head'>
        <View className='conclusions-head__title'>办结结论</View>
        <View className='conclusions-head__sub'>工作人员办结诉求时必须从这里选一个结论，台账按结论统计。不用的结论可以停用，已经用过的不能删除。</View>
      </View>
      <View className='conclusions-list'>
        {rows.map((r, i) => (
          <View key={r.key ?? `new-${i}`} className={`card conclusion-row conclusion-row-${r.key ?? `new-${i}`}`}>
            <View className='conclusion-row__top'>
              {r.key ? null : <Tag type='primary'>新增</Tag>}
              {r.active ? null : <Tag>已停用</Tag>}
            </View>
            <Field label='结论' required value={r.label} onChange={(label) => set(i, { label })} maxlength={LABEL.max} placeholder='例如 已协调用人单位' className='field-conclusion-label' />
            <View className='conclusion-row__switch'>
              <Text className='conclusion-row__switch-text'>办结时要写说明</Text>
              <Switch className='conclusion-needs-note' label='办结时要写说明' checked={r.needsNote} onChange={(needsNote) => set(i, { needsNote })} />
            </View>
            <View className='conclusion-row__switch'>
              <Text className='conclusion-row__switch-text'>启用</Text>
              <Switch className='conclusion-active' label='启用' checked={r.active} onChange={(active) => set(i, { active })} />
            </View>
            {r.key ? null : (
              <Text className='conclusion-row__drop' onClick={() => setRows(rows.filter((_, n) => n !== i))}>
                不加这一条
              </Text>
            )}
          </View>
        ))}
      </View>
      {error ? <View className='conclusions-error'>{error}</View> : null}
      <View className='actions'>
        <Button block className='add-conclusion' onClick={() => setRows([...rows, { label: '', needsNote: false, active: true }])}>
          新增结论
        </Button>
        <Button block type='primary' className='save-conclusions' loading={busy} onClick={() => void save()}>
          保存
        </Button>
      </View>
    </Screen>
  )
}

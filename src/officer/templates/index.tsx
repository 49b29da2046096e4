import { Text, View } from '@tarojs/components'
import { useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { listTemplates, removeTemplate, saveTemplate } from '../../../types/contracts/templates'
import { checkInput } from '../../client/check'
import { call } from '../../client/cloud'
import { useFormRequest } from '../../client/form-request'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { usePageParams } from '../../device/nav'
import { usePullToReload } from '../../device/page-hooks'
import { Button, confirm, Empty, Field, LoadState, Panel, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Item = OutputOf<typeof listTemplates>['items'][number]

const TITLE = textLimits(saveTemplate.input.shape.title)
const TEXT = textLimits(saveTemplate.input.shape.text)

/**
 * 常用回复 of one station (its head and the admins over it keep them; the city station's are offered at every
 * station). Officers insert them into the reply box of a case and edit them there before sending.
 */
export default function Templates() {
  const { stationId } = usePageParams()
  const q = useQuery(listTemplates, stationId ? { stationId } : null)
  usePullToReload(q.reload)
  /** The template being edited, or 'new'. */
  const [editing, setEditing] = useState<Item | 'new'>()
  const [title, setTitle] = useState('')
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState<string>()
  const request = useFormRequest()

  if (!q.data) {
    return (
      <Screen className='templates'>
        <LoadState query={q} rows={4} missing='没有找到这个驿站，请从工作台进入' />
      </Screen>
    )
  }
  const d = q.data

  function edit(t: Item | 'new') {
    setEditing(t)
    setTitle(t === 'new' ? '' : t.title)
    setText(t === 'new' ? '' : t.text)
    setError(undefined)
  }

  async function save() {
    if (busy || !editing) return
    const input: InputOf<typeof saveTemplate> = {
      stationId,
      ...(editing === 'new' ? {} : { id: editing.id, version: editing.version }),
      title: title.trim(),
      text: text.trim(),
    }
    const checked = checkInput(saveTemplate, input, '请填写标题和回复内容')
    if (!checked.ok) return setError(checked.message)
    setBusy('save')
    const res = await call(saveTemplate, input, { requestId: request.idFor(input) })
    setBusy(undefined)
    if (!res.ok) {
      setError(res.error.message)
      if (res.error.code === 'STORE_CONFLICT' || res.error.code === 'TEMPLATE_NOT_FOUND') await q.reload()
      return
    }
    request.done()
    toast(editing === 'new' ? '已添加' : '已保存', 'success')
    setEditing(undefined)
    await q.reload()
  }

  async function remove(t: Item) {
    if (busy) return
    const ok = await confirm({ title: `删除“${t.title}”？`, content: '删除后这条常用回复就不再出现在回复框里，已经发出的回复不受影响。', confirmText: '删除', cancelText: '再想想' })
    if (!ok) return
    setBusy(`remove-${t.id}`)
    const res = await call(removeTemplate, { stationId, id: t.id, version: t.version })
    setBusy(undefined)
    toast(res.ok ? '已删除' : res.error.message, res.ok ? 'success' : 'none')
    await q.reload()
  }

  const form = editing ? (
    <View className='card'>
      <Panel
        className='template-form'
        title={editing === 'new' ? '新增常用回复' : '修改常用回复'}
        hint='标题是给工作人员看的；回复内容会填进回复框，发送前还可以修改。'
        error={error}
        submitText={editing === 'new' ? '添加' : '保存'}
        busy={busy === 'save'}
        onCancel={() => setEditing(undefined)}
        onSubmit={() => void save()}
      >
        <Field label='标题' required value={title} onChange={setTitle} maxlength={TITLE.max} placeholder='例如 已受理' className='field-template-title' />
        <Field
          type='textarea'
          label='回复内容'
          required
          value={text}
          onChange={setText}
          maxlength={TEXT.max}
          showWordLimit
          placeholder='例如 你好，你反映的情况我们已经受理，会尽快联系单位核实，请保持电话畅通。'
          className='field-template-text'
        />
      </Panel>
    </View>
  ) : null

  return (
    <Screen className='templates'>
      <View className='templates-head'>
        <View className='templates-head__title station-name'>{d.stationName}</View>
        <View className='templates-head__sub'>
          {d.cityWide ? '这里的常用回复全市通用：每个驿站的回复框里都能选到。' : '本驿站的常用回复。回复职工时点“常用回复”选一条，填入后可以修改再发送。'}
        </View>
        <View className='templates-head__count'>
          共 {d.items.length} 条，最多 {d.max} 条
        </View>
      </View>

      {editing === 'new' ? form : null}
      {!editing && d.items.length < d.max ? (
        <View className='actions templates-add'>
          <Button type='primary' block className='open-template-new' onClick={() => edit('new')}>
            新增常用回复
          </Button>
        </View>
      ) : null}

      <View className='templates-list'>
        {d.items.length ? (
          d.items.map((t) =>
            editing !== 'new' && editing?.id === t.id ? (
              <View key={t.id}>{form}</View>
            ) : (
              <View key={t.id} className={`template-item template-item-${t.id}`}>
                <View className='template-item__title'>{t.title}</View>
                <View className='template-item__text'>{t.text}</View>
                <View className='template-item__foot'>
                  <Text className='muted'>更新于 {t.updatedLabel}</Text>
                  <View className='template-item__buttons'>
                    <Button size='small' className='template-edit' onClick={() => edit(t)}>
                      修改
                    </Button>
                    <Button size='small' type='danger' plain className='template-remove' loading={busy === `remove-${t.id}`} onClick={() => void remove(t)}>
                      删除
                    </Button>
                  </View>
                </View>
              </View>
            ),
          )
        ) : editing ? null : (
          <Empty text='还没有常用回复' hint='把经常要说的话存成常用回复，回复职工时一点就能填入' />
        )}
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { OutputOf } from '../../../types/contract'
import { getRetention, previewRetention, setRetention } from '../../../types/contracts/data-protection'
import { call } from '../../client/cloud'
import { useQuery } from '../../client/query'
import { usePullToReload } from '../../device/page-hooks'
import { Button, confirm, Field, LoadState, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Preview = OutputOf<typeof previewRetention>

/**
 * 数据保存期限 (city admins, ADR 0020): how many years a finished case keeps who filed it. 试运行 says how many
 * cases and files erasure would remove today under the period typed (it writes nothing); saving asks first and
 * is audited; the timer's last runs are listed as the audit log has them.
 */
export default function Retention() {
  const q = useQuery(getRetention, {})
  const [years, setYears] = useState('')
  const [error, setError] = useState<string>()
  const [preview, setPreview] = useState<Preview>()
  const [busy, setBusy] = useState<'preview' | 'save' | null>(null)
  usePullToReload(q.reload)

  useEffect(() => {
    if (q.data) setYears(String(q.data.years))
  }, [q.data])

  if (!q.data) {
    return (
      <Screen className='retention'>
        <LoadState query={q} rows={4} />
      </Screen>
    )
  }
  const view = q.data
  const typed = Number(years)
  const valid = /^\d+$/.test(years) && typed >= 1 && typed <= 30

  async function runPreview() {
    if (!valid) return setError('请填写 1 到 30 之间的整数年')
    setError(undefined)
    setBusy('preview')
    const res = await call(previewRetention, { years: typed })
    setBusy(null)
    if (!res.ok) return toast(res.error.message)
    setPreview(res.data)
  }

  async function save() {
    if (!valid) return setError('请填写 1 到 30 之间的整数年')
    setError(undefined)
    setBusy('preview')
    const res = await call(previewRetention, { years: typed })
    setBusy(null)
    if (!res.ok) return toast(res.error.message)
    setPreview(res.data)
    const ok = await confirm({
      title: `改为保存 ${typed} 年？`,
      content: `${res.data.sentence}。删除从下一次自动运行开始，不能恢复。`,
      confirmText: '保存',
    })
    if (!ok) return
    setBusy('save')
    const saved = await call(setRetention, { version: view.version, years: typed })
    setBusy(null)
    if (!saved.ok) return toast(saved.error.code === 'STORE_CONFLICT' ? '别人刚改过保存期限，请下拉刷新后再改' : saved.error.message)
    toast('已保存', 'success')
    void q.reload()
  }

  return (
    <Screen className='retention'>
      <View className='card retention-now'>
        <View className='retention-now__title'>现在：{view.words}</View>
        <View className='retention-now__text muted'>
          已结束的诉求（已结案、已撤回、已转外部机构）到期后，删除职工的姓名、电话、微信关联、照片和录音；诉求本身、类别、办理经过和所有统计数字都保留。每天自动运行一次，每次都记入审计日志。
          {view.isDefault ? `（默认 ${view.defaultYears} 年）` : ''}
        </View>
      </View>

      <View className='card'>
        <Field label='保存年数' type='number' value={years} onChange={(v) => setYears(v.trim())} placeholder='1 到 30' error={error} className='retention-years' />
        <View className='retention-hint muted'>试运行只统计今天会删除多少，不删除任何东西</View>
        {preview ? (
          <View className={`retention-preview ${preview.cases ? 'retention-preview--some' : ''}`}>
            <Text>试运行：{preview.sentence}</Text>
          </View>
        ) : null}
        <View className='retention-buttons'>
          <Button className='retention-preview-btn' loading={busy === 'preview'} onClick={() => void runPreview()}>
            试运行
          </Button>
          <Button type='primary' className='retention-save' loading={busy === 'save'} disabled={!valid || typed === view.years} onClick={() => void save()}>
            保存
          </Button>
        </View>
      </View>

      <View className='section-title'>最近的自动删除</View>
      <View className='card retention-runs'>
        {view.runs.length === 0 ? (
          <View className='muted'>还没有运行过</View>
        ) : (
          view.runs.map((r) => (
            <View key={r.at} className='retention-run'>
              <View className='retention-run__at muted'>{r.atLabel}</View>
              <View className='retention-run__detail'>{r.detail}</View>
            </View>
          ))
        )}
      </View>
    </Screen>
  )
}

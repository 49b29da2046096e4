import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { FIXED_DEADLINE_LABEL, getPolicy, MINUTES_PER_WORKING_DAY, POLICY_TRACK_LABEL, previewPolicy, setPolicy } from '../../../types/contracts/settings'
import { CLOCK_LABEL, FIXED_DEADLINES, TRACK_CLOCKS } from '../../../types/domain'
import { fieldErrors, type Issue } from '../../client/check'
import { call } from '../../client/cloud'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, LoadState, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Policy = OutputOf<typeof getPolicy>['policy']
type Preview = OutputOf<typeof previewPolicy>
type Track = keyof typeof POLICY_TRACK_LABEL
type Unit = 'day' | 'hour'
/** One deadline as typed: a number and its unit. */
interface Entry {
  n: string
  unit: Unit
}
type Form = { tracks: Record<string, Record<string, Entry>>; fixed: Record<string, Entry> }

const TRACKS = Object.keys(POLICY_TRACK_LABEL) as Track[]
const UNIT_LABEL: Record<Unit, string> = { day: '个工作日', hour: '个工作小时' }
/** The only arithmetic of this page: days and hours to working minutes and back. */
const PER: Record<Unit, number> = { day: MINUTES_PER_WORKING_DAY, hour: 60 }

const entryOf = (minutes: number): Entry =>
  minutes % PER.day === 0 ? { n: String(minutes / PER.day), unit: 'day' } : { n: String(minutes / PER.hour), unit: 'hour' }
const minutesOf = (e: Entry): number => (e.n.trim() === '' ? NaN : Number(e.n) * PER[e.unit])

const formOf = (p: Policy): Form => ({
  tracks: Object.fromEntries(TRACKS.map((t) => [t, Object.fromEntries(TRACK_CLOCKS.map((c) => [c, entryOf(p[t][c])]))])),
  fixed: Object.fromEntries(FIXED_DEADLINES.map((f) => [f, entryOf(p.fixed[f])])),
})
const policyOf = (f: Form): InputOf<typeof setPolicy>['policy'] =>
  ({
    ...Object.fromEntries(TRACKS.map((t) => [t, Object.fromEntries(TRACK_CLOCKS.map((c) => [c, minutesOf(f.tracks[t][c])]))])),
    fixed: Object.fromEntries(FIXED_DEADLINES.map((k) => [k, minutesOf(f.fixed[k])])),
  }) as InputOf<typeof setPolicy>['policy']

/** Errors by `track` (the whole card) or `track.clock` / `fixed.key` (one deadline). */
const errorsOf = (issues: ReadonlyArray<Issue>): Record<string, string> => {
  const keyOf = (path: readonly PropertyKey[]) => {
    const p = path.map(String)
    const rest = p[0] === 'policy' ? p.slice(1) : p
    return rest.length ? rest.slice(0, 2).join('.') : undefined
  }
  const keys = issues.map((i) => keyOf(i.path)).filter((k): k is string => !!k)
  return fieldErrors(issues, Object.fromEntries(keys.map((k) => [k, '请填写数字，例如 1 或 0.5'])), keyOf) as Record<string, string>
}

const NOT_NOW = '只对保存后新开始的时限生效，已经在计时的诉求不变'

/**
 * 时限设置 (city admins): each track's three deadlines and the three fixed ones, in working days or hours. As
 * they change, the server says what each would mean for a case filed now and what saving would change.
 */
export default function PolicyPage() {
  const source = useQuery(getPolicy, {})
  const loaded = source.data
  const [form, setForm] = useState<Form>()
  const [preview, setPreview] = useState<Preview>()
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const seq = useRef(0)

  // The form shows the policy as read (again after saving or a conflict).
  useEffect(() => {
    if (loaded) setForm(formOf(loaded.policy))
  }, [loaded])

  // What the form would mean, from the server, a moment after the last change (and again once saved: the
  // changes are counted from the stored policy).
  const key = form && loaded ? `${loaded.version}:${JSON.stringify(form)}` : ''
  useEffect(() => {
    if (!form) return
    const mine = ++seq.current
    const policy = policyOf(form)
    const checked = previewPolicy.input.safeParse({ policy })
    if (!checked.success) {
      setErrors(errorsOf(checked.error.issues))
      return
    }
    const timer = setTimeout(() => {
      void call(previewPolicy, { policy }).then((res) => {
        if (mine !== seq.current) return
        if (res.ok) {
          setPreview(res.data)
          setErrors({})
        } else if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length) {
          setErrors(errorsOf(res.error.fields.map((f) => ({ path: f.split('.'), message: res.error.message }))))
        } else setFormError(res.error.message)
      })
    }, 400)
    return () => clearTimeout(timer)
  }, [key])

  /** One deadline's number or unit, on the latest form (two quick taps never undo each other). */
  const edit = (path: string, patch: Partial<Entry>) => {
    const [group, k] = path.split('.')
    setFormError(undefined)
    setForm((f) =>
      !f
        ? f
        : group === 'fixed'
          ? { ...f, fixed: { ...f.fixed, [k]: { ...f.fixed[k], ...patch } } }
          : { ...f, tracks: { ...f.tracks, [group]: { ...f.tracks[group], [k]: { ...f.tracks[group][k], ...patch } } } },
    )
  }

  async function save() {
    if (busy || !form || !loaded) return
    const policy = policyOf(form)
    const checked = setPolicy.input.safeParse({ version: loaded.version, policy })
    if (!checked.success) {
      const next = errorsOf(checked.error.issues)
      setErrors(next)
      toast(Object.values(next)[0] ?? '请检查填写的时限')
      return
    }
    setBusy(true)
    // What saving would change, for exactly this form (the preview on screen may be a moment old).
    const now = await call(previewPolicy, { policy })
    setBusy(false)
    if (!now.ok) {
      setFormError(now.error.message)
      return toast(now.error.message)
    }
    setPreview(now.data)
    if (!now.data.changes.length) return toast('没有改动，不用保存')
    const ok = await confirm({ title: '保存时限设置？', content: `${now.data.changes.join('\n')}\n\n${NOT_NOW}`, confirmText: '保存', cancelText: '再看看' })
    if (!ok) return
    setBusy(true)
    const res = await call(setPolicy, { version: loaded.version, policy })
    setBusy(false)
    if (!res.ok) {
      if (res.error.code === 'STORE_CONFLICT') {
        setFormError('刚刚有人保存过时限设置，下面已换成最新的内容，请核对后再改')
        toast(res.error.message)
        await source.reload()
        return
      }
      if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length)
        setErrors(errorsOf(res.error.fields.map((f) => ({ path: f.split('.'), message: res.error.message }))))
      setFormError(res.error.message)
      return
    }
    toast('已保存', 'success')
    await source.reload()
  }

  if (!loaded || !form) {
    return (
      <Screen className='policy'>
        <LoadState query={source} rows={5} />
      </Screen>
    )
  }

  const clockPreview = (track: string, clock: string) => preview?.tracks.find((t) => t.track === track)?.clocks.find((c) => c.clock === clock)
  const fixedPreview = (k: string) => preview?.fixed.find((f) => f.key === k)

  const row = (path: string, label: string, shown?: { words: string; sentence: string }) => {
    const [group, k] = path.split('.')
    const e = group === 'fixed' ? form.fixed[k] : form.tracks[group][k]
    const err = errors[path]
    return (
      <View key={path} className={`policy-clock policy-clock-${path.replace('.', '-')}`}>
        <View className='policy-clock__label'>{label}</View>
        <View className='policy-clock__entry'>
          <View className='policy-clock__number'>
            <Field type='digit' value={e.n} onChange={(n) => edit(path, { n })} maxlength={5} className={`field-${path.replace('.', '-')}`} />
          </View>
          <View className='policy-units'>
            {(['day', 'hour'] as const).map((u) => (
              <View key={u} className={`policy-unit policy-unit-${u} ${e.unit === u ? 'policy-unit--on' : ''}`} onClick={() => edit(path, { unit: u })}>
                {UNIT_LABEL[u]}
              </View>
            ))}
          </View>
        </View>
        {err ? <View className='policy-clock__error'>{err}</View> : shown ? (
          <View className='policy-clock__sentence'>
            <Text className='policy-clock__words'>{shown.words}</Text>
            <Text>{shown.sentence}</Text>
          </View>
        ) : null}
      </View>
    )
  }

  return (
    <Screen className='policy'>
      <View className='policy-intro'>
        时限按工作时间计算（工作日 08:30–12:00、13:30–17:30，节假日不算）。{NOT_NOW}。
        {loaded.isDefault ? <Text className='policy-intro__default'>现在用的是默认时限。</Text> : null}
      </View>

      <View className='policy-changes'>
        <View className='policy-changes__title'>保存后的改动</View>
        {preview?.changes.length ? (
          preview.changes.map((c) => (
            <View key={c} className='policy-change'>
              {c}
            </View>
          ))
        ) : preview ? (
          <View className='policy-changes__none'>还没有改动</View>
        ) : (
          <View className='policy-changes__none'>正在计算…</View>
        )}
      </View>

      {TRACKS.map((t) => (
        <View key={t} className={`card policy-track policy-track-${t}`}>
          <View className='policy-track__title'>{POLICY_TRACK_LABEL[t]}</View>
          {errors[t] ? <View className='policy-track__error'>{errors[t]}</View> : null}
          {TRACK_CLOCKS.map((c) => row(`${t}.${c}`, CLOCK_LABEL[c], clockPreview(t, c)))}
        </View>
      ))}

      <View className='card policy-track policy-fixed'>
        <View className='policy-track__title'>每条诉求都一样的时限</View>
        {FIXED_DEADLINES.map((k) => row(`fixed.${k}`, FIXED_DEADLINE_LABEL[k], fixedPreview(k)))}
      </View>

      {formError ? <View className='policy-error'>{formError}</View> : null}

      <View className='actions'>
        <Button type='primary' size='large' className='policy-save' loading={busy} onClick={() => void save()}>
          保存
        </Button>
        <Button
          size='large'
          className='policy-defaults'
          disabled={busy}
          onClick={() => {
            setFormError(undefined)
            setForm(formOf(loaded.defaults))
            toast('已填入默认时限，保存后生效')
          }}
        >
          恢复默认
        </Button>
      </View>
      <View className='policy-note muted'>
        <Text>保存的改动会记录在审计日志里。</Text>
      </View>
    </Screen>
  )
}

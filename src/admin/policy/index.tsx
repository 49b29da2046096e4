import { Text, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { listManagedNotices, listNoticePlaces } from '../../../types/contracts/policy-notices'
import { CategoryEntryInput, FIXED_DEADLINE_LABEL, getPolicy, MINUTES_PER_WORKING_DAY, POLICY_TRACK_LABEL, previewPolicy, setPolicy } from '../../../types/contracts/settings'
import { Category, CLOCK_LABEL, FIXED_DEADLINES, TRACK_CLOCKS } from '../../../types/domain'
import { fieldErrors, type Issue } from '../../client/check'
import { call } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, LoadState, RadioCards, Switch, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Policy = OutputOf<typeof getPolicy>['policy']
type Categories = OutputOf<typeof getPolicy>['categories']
/** One category as typed: its words, whether it is offered, and its rights card (no text: no card). */
interface CatEntry {
  name: string
  hint: string
  enabled: boolean
  rightsText: string
  noticeId: string | null
}
type Preview = OutputOf<typeof previewPolicy>
type Track = keyof typeof POLICY_TRACK_LABEL
type Unit = 'day' | 'hour'
/** One deadline as typed: a number and its unit. */
interface Entry {
  n: string
  unit: Unit
}
type Form = { tracks: Record<string, Record<string, Entry>>; fixed: Record<string, Entry>; cats: Record<Category, CatEntry> }

const TRACKS = Object.keys(POLICY_TRACK_LABEL) as Track[]
const UNIT_LABEL: Record<Unit, string> = { day: '个工作日', hour: '个工作小时' }
/** The only arithmetic of this page: days and hours to working minutes and back. */
const PER: Record<Unit, number> = { day: MINUTES_PER_WORKING_DAY, hour: 60 }

const entryOf = (minutes: number): Entry =>
  minutes % PER.day === 0 ? { n: String(minutes / PER.day), unit: 'day' } : { n: String(minutes / PER.hour), unit: 'hour' }
const minutesOf = (e: Entry): number => (e.n.trim() === '' ? NaN : Number(e.n) * PER[e.unit])

const formOf = (p: Policy, cats: Categories): Form => ({
  tracks: Object.fromEntries(TRACKS.map((t) => [t, Object.fromEntries(TRACK_CLOCKS.map((c) => [c, entryOf(p[t][c])]))])),
  fixed: Object.fromEntries(FIXED_DEADLINES.map((f) => [f, entryOf(p.fixed[f])])),
  cats: Object.fromEntries(
    Category.options.map((c) => [c, { name: cats[c].name, hint: cats[c].hint, enabled: cats[c].enabled, rightsText: cats[c].rights?.text ?? '', noticeId: cats[c].rights?.noticeId ?? null }]),
  ) as Record<Category, CatEntry>,
})
const categoriesOf = (f: Form): InputOf<typeof setPolicy>['categories'] =>
  Object.fromEntries(
    Category.options.map((c) => {
      const e = f.cats[c]
      return [c, { name: e.name.trim(), hint: e.hint.trim(), enabled: e.enabled, rights: e.rightsText.trim() ? { text: e.rightsText.trim(), noticeId: e.noticeId } : null }]
    }),
  ) as InputOf<typeof setPolicy>['categories']
const policyOf = (f: Form): InputOf<typeof setPolicy>['policy'] =>
  ({
    ...Object.fromEntries(TRACKS.map((t) => [t, Object.fromEntries(TRACK_CLOCKS.map((c) => [c, minutesOf(f.tracks[t][c])]))])),
    fixed: Object.fromEntries(FIXED_DEADLINES.map((k) => [k, minutesOf(f.fixed[k])])),
  }) as InputOf<typeof setPolicy>['policy']

/** Errors by `track` (the whole card), `track.clock` / `fixed.key` (one deadline) or `cat.<category>.<field>`. */
const errorsOf = (issues: ReadonlyArray<Issue>): Record<string, string> => {
  const keyOf = (path: readonly PropertyKey[]) => {
    const p = path.map(String)
    if (p[0] === 'categories') return p.length > 2 ? `cat.${p[1]}.${p[2]}` : `cat.${p[1] ?? ''}`
    const rest = p[0] === 'policy' ? p.slice(1) : p
    return rest.length ? rest.slice(0, 2).join('.') : undefined
  }
  const keys = issues.map((i) => keyOf(i.path)).filter((k): k is string => !!k)
  return fieldErrors(issues, Object.fromEntries(keys.map((k) => [k, k.startsWith('cat.') ? '请检查类别的名称、说明和“你的权利”' : '请填写数字，例如 1 或 0.5'])), keyOf) as Record<string, string>
}

const NOT_NOW = '只对保存后新开始的时限生效，已经在计时的诉求不变'

/**
 * 诉求类别和时限 (city admins): each category's name, one-line explanation, whether the form offers it and its
 * 「你的权利」 card, with its three deadlines; the group track and the three fixed deadlines, in working days or
 * hours. As they change, the server says what each would mean for a case filed now and what saving would change.
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
    if (loaded) setForm(formOf(loaded.policy, loaded.categories))
  }, [loaded])

  // The notices a rights card may link to: those published by the city, which reach every worker.
  const places = useQuery(listNoticePlaces, {})
  const cityId = places.data?.places.find((p) => p.kind === 'city')?.id
  const notices = useQuery(listManagedNotices, cityId ? { stationId: cityId, limit: 50 } : null)
  const linkable = (notices.data?.items ?? []).filter((n) => n.status === 'live' || n.status === 'scheduled')

  // What the form would mean, from the server, a moment after the last change (and again once saved: the
  // changes are counted from the stored policy).
  const key = form && loaded ? `${loaded.version}:${JSON.stringify(form)}` : ''
  useEffect(() => {
    if (!form) return
    const mine = ++seq.current
    const policy = policyOf(form)
    const categories = categoriesOf(form)
    const checked = previewPolicy.input.safeParse({ policy, categories })
    if (!checked.success) {
      setErrors(errorsOf(checked.error.issues))
      return
    }
    const timer = setTimeout(() => {
      void call(previewPolicy, { policy, categories }).then((res) => {
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

  /** One category's words, switch or card, on the latest form. */
  const editCat = (c: Category, patch: Partial<CatEntry>) => {
    setFormError(undefined)
    setForm((f) => (f ? { ...f, cats: { ...f.cats, [c]: { ...f.cats[c], ...patch } } } : f))
  }

  async function save() {
    if (busy || !form || !loaded) return
    const policy = policyOf(form)
    const categories = categoriesOf(form)
    const checked = setPolicy.input.safeParse({ version: loaded.version, policy, categories })
    if (!checked.success) {
      const next = errorsOf(checked.error.issues)
      setErrors(next)
      toast(Object.values(next)[0] ?? '请检查填写的时限')
      return
    }
    setBusy(true)
    // What saving would change, for exactly this form (the preview on screen may be a moment old).
    const now = await call(previewPolicy, { policy, categories })
    setBusy(false)
    if (!now.ok) {
      setFormError(now.error.message)
      return toast(now.error.message)
    }
    setPreview(now.data)
    if (!now.data.changes.length) return toast('没有改动，不用保存')
    const ok = await confirm({ title: '保存类别和时限？', content: `${now.data.changes.join('\n')}\n\n${NOT_NOW}`, confirmText: '保存', cancelText: '再看看' })
    if (!ok) return
    setBusy(true)
    const res = await call(setPolicy, { version: loaded.version, policy, categories })
    setBusy(false)
    if (!res.ok) {
      if (res.error.code === 'STORE_CONFLICT') {
        setFormError('刚刚有人保存过类别和时限，下面已换成最新的内容，请核对后再改')
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
        职工在反映诉求时按这里的类别选择。停用的类别不再出现在表单上，已经提交的诉求不变。时限按工作时间计算（工作日 08:30–12:00、13:30–17:30，节假日不算），{NOT_NOW}。
        {loaded.isDefault ? <Text className='policy-intro__default'>现在用的是默认设置。</Text> : null}
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
        <View key={t} className={`card policy-track policy-track-${t} ${t !== 'group' && !form.cats[t as Category].enabled ? 'policy-track--off' : ''}`}>
          <View className='policy-track__head'>
            <Text className='policy-track__title'>{t === 'group' ? POLICY_TRACK_LABEL[t] : form.cats[t as Category].name || POLICY_TRACK_LABEL[t]}</Text>
            {t !== 'group' && t !== 'other' ? (
              <View className='policy-track__switch'>
                <Text className='policy-track__switch-label'>{form.cats[t as Category].enabled ? '受理' : '已停用'}</Text>
                <Switch
                  className={`switch-enabled-${t}`}
                  label={`${form.cats[t as Category].name} 是否受理新的诉求`}
                  checked={form.cats[t as Category].enabled}
                  onChange={(on) => editCat(t as Category, { enabled: on })}
                />
              </View>
            ) : null}
          </View>
          {t !== 'group' ? <CategoryFields c={t as Category} entry={form.cats[t as Category]} errors={errors} edit={editCat} linkable={linkable} /> : null}
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
            setForm(formOf(loaded.defaults, loaded.defaultCategories))
            toast('已填入默认的类别和时限，保存后生效')
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

const NAME = textLimits(CategoryEntryInput.shape.name)
const HINT = textLimits(CategoryEntryInput.shape.hint)
const RIGHTS = textLimits(CategoryEntryInput.shape.rights.unwrap().shape.text)

/** A category's words on the form, and its 「你的权利」 card with the notice it links to. */
function CategoryFields(props: {
  c: Category
  entry: CatEntry
  errors: Record<string, string>
  edit: (c: Category, patch: Partial<CatEntry>) => void
  linkable: Array<{ id: string; title: string }>
}) {
  const { c, entry, errors, edit } = props
  const [picking, setPicking] = useState(false)
  const linked = props.linkable.find((n) => n.id === entry.noticeId)
  return (
    <View className='policy-cat'>
      {c === 'other' ? <View className='policy-cat__note'>“其他”一直受理：职工的问题总要有地方反映。</View> : null}
      <Field label='名称' required value={entry.name} maxlength={NAME.max} onChange={(v) => edit(c, { name: v })} error={errors[`cat.${c}.name`]} className={`field-cat-name-${c}`} />
      <Field label='说明' required value={entry.hint} maxlength={HINT.max} onChange={(v) => edit(c, { hint: v })} error={errors[`cat.${c}.hint`]} wrap className={`field-cat-hint-${c}`} />
      <View className='policy-cat__sub'>你的权利（职工选了这个类别后看到；不填就不显示）</View>
      <Field
        type='textarea'
        value={entry.rightsText}
        maxlength={RIGHTS.max}
        placeholder='一两句大白话，例如：入职满一个月不签书面合同，可以要求二倍工资'
        onChange={(v) => edit(c, { rightsText: v })}
        error={errors[`cat.${c}.rights`]}
        className={`field-cat-rights-${c}`}
      />
      {entry.rightsText.trim() ? (
        <View className='policy-cat__link'>
          <Text className='policy-cat__link-label'>关联政策</Text>
          <Text className='policy-cat__link-title'>{linked?.title ?? (entry.noticeId ? '（这条政策已撤回或过期，职工看不到链接）' : '不关联')}</Text>
          <Text className={`policy-cat__link-change link-change-${c}`} onClick={() => setPicking((v) => !v)}>
            {picking ? '收起' : '换一条'}
          </Text>
        </View>
      ) : null}
      {picking && entry.rightsText.trim() ? (
        <RadioCards
          classPrefix={`link-${c}`}
          value={entry.noticeId ?? 'none'}
          onChange={(v) => {
            edit(c, { noticeId: v === 'none' ? null : v })
            setPicking(false)
          }}
          options={[{ value: 'none', title: '不关联' }, ...props.linkable.map((n) => ({ value: n.id, title: n.title }))]}
        />
      ) : null}
    </View>
  )
}

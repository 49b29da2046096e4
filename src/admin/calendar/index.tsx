import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { InputOf } from '../../../types/contract'
import { getCalendar, setCalendarYear } from '../../../types/contracts/settings'
import { fieldErrors, type Issue } from '../../client/check'
import { call } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { Button, confirm, Field, LoadState, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

interface HolidayRow {
  name: string
  dates: string
}

const SOURCE = textLimits(setCalendarYear.input.shape.arrangement.shape.source)

const FALLBACK = {
  year: '请填写 4 位年份，例如 2027',
  source: '请写明依据的通知文号',
  makeup: '日期格式应为 2027-01-01',
  form: '请检查填写的内容',
} as const
type FieldKey = string

/** Dates typed into one field, separated by spaces, commas or 、 (the form only splits them; the server checks them). */
const datesOf = (s: string) => s.split(/[\s,，、;；]+/).filter(Boolean)

/** `year`, `source`, `holiday.<i>` (a row), `makeup`, or `form` (the whole arrangement). */
const keyOf = (path: readonly PropertyKey[]): FieldKey | undefined => {
  const p = path.map(String)
  if (p[0] === 'year') return 'year'
  if (p[0] !== 'arrangement') return 'form'
  if (p[1] === 'source') return 'source'
  if (p[1] === 'holidays') return p[2] !== undefined ? `holiday.${p[2]}` : 'holidays'
  if (p[1] === 'makeupWorkdays') return 'makeup'
  return 'form'
}
const errorsOf = (issues: ReadonlyArray<Issue>): Record<string, string> => {
  const keys = issues.map((i) => keyOf(i.path)).filter((k): k is string => !!k)
  const fallback: Record<string, string> = Object.fromEntries(keys.map((k) => [k, k.startsWith('holiday') ? '请填写假日名称和日期（例如 2027-01-01）' : (FALLBACK as Record<string, string>)[k] ?? FALLBACK.form]))
  return fieldErrors(issues, fallback, keyOf) as Record<string, string>
}

const EMPTY_ROW: HolidayRow = { name: '', dates: '' }

/**
 * 节假日安排 (city admins): the years of holidays and 调休 the deadlines use, a warning when the next year is
 * missing, and a form to enter (or correct) one year as the State Council published it.
 */
export default function CalendarPage() {
  const source = useQuery(getCalendar, {})
  const loaded = source.data
  const [year, setYear] = useState('')
  const [basis, setBasis] = useState('')
  const [holidays, setHolidays] = useState<HolidayRow[]>([{ ...EMPTY_ROW }])
  const [makeup, setMakeup] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)

  // A fresh form for the first missing year whenever the calendar is read (again).
  useEffect(() => {
    if (!loaded) return
    setYear(loaded.firstMissingYear)
    setBasis('')
    setHolidays([{ ...EMPTY_ROW }])
    setMakeup('')
    setErrors({})
  }, [loaded])

  const clear = (k: string) => {
    setFormError(undefined)
    setErrors((e) => (e[k] || e.form ? { ...e, [k]: '', form: '' } : e))
  }
  const setRow = (i: number, patch: Partial<HolidayRow>) => {
    clear(`holiday.${i}`)
    setHolidays((rows) => rows.map((r, j) => (j === i ? { ...r, ...patch } : r)))
  }

  async function save() {
    if (busy || !loaded) return
    const arrangement = {
      source: basis.trim(),
      holidays: holidays.filter((h) => h.name.trim() || h.dates.trim()).map((h) => ({ name: h.name.trim(), dates: datesOf(h.dates) })),
      makeupWorkdays: datesOf(makeup),
    }
    const input: InputOf<typeof setCalendarYear> = { version: loaded.version, year: year.trim(), arrangement }
    const checked = setCalendarYear.input.safeParse(input)
    if (!checked.success) {
      const next = errorsOf(checked.error.issues)
      if (next.holidays) next['holiday.0'] = '请至少填写一个假日'
      setErrors(next)
      toast(Object.values(next).find(Boolean) ?? FALLBACK.form)
      return
    }
    setErrors({})
    const lines = arrangement.holidays.map((h) => `${h.name}：${h.dates.join('、')}`)
    if (arrangement.makeupWorkdays.length) lines.push(`调休上班：${arrangement.makeupWorkdays.join('、')}`)
    const entered = loaded.years.some((y) => y.year === input.year)
    const ok = await confirm({
      title: `保存 ${input.year} 年的节假日安排？`,
      content: `依据 ${arrangement.source}\n${lines.join('\n')}\n\n${entered ? '会替换这一年原来的安排。' : ''}落在这一年的时限按这份安排计算。`,
      confirmText: '保存',
      cancelText: '再看看',
    })
    if (!ok) return
    setBusy(true)
    const res = await call(setCalendarYear, input)
    setBusy(false)
    if (!res.ok) {
      if (res.error.code === 'STORE_CONFLICT') {
        toast(res.error.message)
        await source.reload()
        setFormError('刚刚有人改过节假日安排，上面已换成最新的内容，请核对后再填')
        return
      }
      if (res.error.code === 'REQUEST_INVALID' && res.error.fields?.length)
        setErrors(errorsOf(res.error.fields.map((f) => ({ path: f.split('.'), message: res.error.message }))))
      setFormError(res.error.message)
      toast(res.error.message)
      return
    }
    toast('已保存', 'success')
    await source.reload()
  }

  if (!loaded) {
    return (
      <Screen className='calendar'>
        <LoadState query={source} rows={4} />
      </Screen>
    )
  }

  return (
    <Screen className='calendar'>
      <View className='calendar-intro'>时限按工作日计算。每年国务院办公厅公布放假安排后，请在这里录入下一年的节假日和调休上班日。</View>

      <View className='calendar-missing'>
        还没有录入 {loaded.firstMissingYear} 年的节假日安排：落在这一年的时限暂按普通周末计算
      </View>

      <View className='section-title'>已有的年份</View>
      {loaded.years.map((y) => (
        <View key={y.year} className={`card calendar-year calendar-year-${y.year}`}>
          <View className='calendar-year__top'>
            <Text className='calendar-year__title'>{y.year} 年</Text>
            <Tag type={y.enteredByAdmin ? 'primary' : 'default'}>{y.enteredByAdmin ? '管理员录入' : '系统自带'}</Tag>
          </View>
          <View className='calendar-year__source'>依据 {y.source}</View>
          <View className='calendar-year__days'>
            假日 {y.holidayDays} 天 · 调休上班 {y.makeupWorkdays} 天
          </View>
          <View
            className='calendar-year__fix'
            onClick={() => {
              setYear(y.year)
              setBasis(y.source)
              setHolidays([{ ...EMPTY_ROW }])
              setMakeup('')
              setErrors({})
              toast(`请重新填写 ${y.year} 年的全部假日`)
            }}
          >
            更正这一年
          </View>
        </View>
      ))}

      <View className='section-title'>录入或更正一年</View>
      <View className='card calendar-form'>
        <Field label='年份' required type='number' value={year} maxlength={4} onChange={(v) => (clear('year'), setYear(v))} error={errors.year} className='field-calendar-year' />
        <Field
          label='依据'
          required
          value={basis}
          maxlength={SOURCE.max}
          placeholder='例如 国办发明电〔2026〕X号'
          onChange={(v) => (clear('source'), setBasis(v))}
          error={errors.source}
          wrap
          className='field-calendar-source'
        />

        <View className='calendar-form__sub'>法定节假日</View>
        <View className='calendar-form__hint muted'>日期写成 2027-01-01，几天之间用空格隔开</View>
        {holidays.map((h, i) => (
          <View key={i} className={`calendar-holiday calendar-holiday-${i}`}>
            <Field label='名称' required value={h.name} maxlength={20} placeholder='例如 元旦' onChange={(v) => setRow(i, { name: v })} className={`field-holiday-name-${i}`} />
            <Field
              label='日期'
              required
              value={h.dates}
              placeholder='例如 2027-01-01'
              onChange={(v) => setRow(i, { dates: v })}
              error={errors[`holiday.${i}`] || undefined}
              wrap
              className={`field-holiday-dates-${i}`}
            />
            {holidays.length > 1 ? (
              <View className='calendar-holiday__remove' onClick={() => setHolidays((rows) => rows.filter((_, j) => j !== i))}>
                删除这个假日
              </View>
            ) : null}
          </View>
        ))}
        <View className='calendar-holiday-add' onClick={() => setHolidays((rows) => [...rows, { ...EMPTY_ROW }])}>
          + 再加一个假日
        </View>

        <View className='calendar-form__sub'>调休上班</View>
        <Field
          label='日期'
          value={makeup}
          placeholder='没有就不填'
          onChange={(v) => (clear('makeup'), setMakeup(v))}
          error={errors.makeup || undefined}
          wrap
          className='field-calendar-makeup'
        />
      </View>

      {formError || errors.form ? <View className='calendar-error'>{formError || errors.form}</View> : null}

      <View className='actions'>
        <Button type='primary' size='large' className='calendar-save' loading={busy} onClick={() => void save()}>
          保存这一年
        </Button>
      </View>
      <View className='calendar-note muted'>
        <Text>保存的改动会记录在审计日志里。</Text>
      </View>
    </Screen>
  )
}

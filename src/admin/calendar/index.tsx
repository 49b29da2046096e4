import { Text, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import type { InputOf, OutputOf } from '../../../types/contract'
import { getCalendar, setCalendarYear } from '../../../types/contracts/settings'
import { fieldErrors, type Issue } from '../../client/check'
import { call } from '../../client/cloud'
import { textLimits } from '../../client/limits'
import { useQuery } from '../../client/query'
import { Button, confirm, DatePicker, Field, LoadState, Tag, toast } from '../../ui'
import { Screen } from '../../shared/screen'
import './index.scss'

type Year = OutputOf<typeof getCalendar>['years'][number]
interface HolidayRow {
  name: string
  dates: string[]
}

const SOURCE = textLimits(setCalendarYear.input.shape.arrangement.shape.source)

const FALLBACK = {
  year: '请填写 4 位年份，例如 2027',
  source: '请写明依据的通知文号',
  makeup: '请检查调休上班的日期',
  form: '请检查填写的内容',
} as const
type FieldKey = string

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
  const fallback: Record<string, string> = Object.fromEntries(keys.map((k) => [k, k.startsWith('holiday') ? '请填写假日名称，并至少选一天' : (FALLBACK as Record<string, string>)[k] ?? FALLBACK.form]))
  return fieldErrors(issues, fallback, keyOf) as Record<string, string>
}

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']
/** "1月1日 周四" for a YYYY-MM-DD (a calendar date: no time zone involved). */
const dayWords = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number)
  return `${m}月${d}日 ${WEEKDAY[new Date(Date.UTC(y!, m! - 1, d!)).getUTCDay()]}`
}
const sorted = (dates: string[]) => [...new Set(dates)].sort()

const EMPTY_ROW: HolidayRow = { name: '', dates: [] }

/** Dates as chips, each with × to take it out, and a date picker to add one (within the year). */
function DateChips(props: { dates: string[]; year: string; onChange: (dates: string[]) => void; hook: string; placeholder: string }) {
  const valid = /^20\d{2}$/.test(props.year)
  return (
    <View className={`cal-dates ${props.hook}`}>
      {props.dates.map((d) => (
        <View key={d} className={`cal-date cal-date-${d}`}>
          <Text className='cal-date__text'>{dayWords(d)}</Text>
          <Text className='cal-date__remove' onClick={() => props.onChange(props.dates.filter((x) => x !== d))}>
            ×
          </Text>
        </View>
      ))}
      <DatePicker
        label={props.placeholder}
        value=''
        placeholder={props.placeholder}
        start={valid ? `${props.year}-01-01` : undefined}
        end={valid ? `${props.year}-12-31` : undefined}
        onChange={(d) => d && props.onChange(sorted([...props.dates, d]))}
        className={`${props.hook}-add`}
      />
    </View>
  )
}

/**
 * 节假日安排 (city admins): the years of holidays and 调休 the deadlines use, each with its dates; a warning while
 * next year is missing; and a form to enter a year or correct one date by date, as the State Council published it.
 * Deadlines already counted keep their times: a change applies to clocks started afterwards.
 */
export default function CalendarPage() {
  const source = useQuery(getCalendar, {})
  const loaded = source.data
  const [year, setYear] = useState('')
  const [basis, setBasis] = useState('')
  const [holidays, setHolidays] = useState<HolidayRow[]>([{ ...EMPTY_ROW }])
  const [makeup, setMakeup] = useState<string[]>([])
  const [open, setOpen] = useState<string>()
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [formError, setFormError] = useState<string>()
  const [busy, setBusy] = useState(false)

  // A fresh form for the first missing year whenever the calendar is read (again).
  useEffect(() => {
    if (!loaded) return
    setYear(loaded.firstMissingYear)
    setBasis('')
    setHolidays([{ ...EMPTY_ROW }])
    setMakeup([])
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
  const correct = (y: Year) => {
    setYear(y.year)
    setBasis(y.source)
    setHolidays(y.holidays.map((h) => ({ name: h.name, dates: [...h.dates] })))
    setMakeup([...y.makeupDates])
    setErrors({})
    setFormError(undefined)
    toast(`已填入 ${y.year} 年的安排，改好后保存`)
  }

  async function save() {
    if (busy || !loaded) return
    const arrangement = {
      source: basis.trim(),
      holidays: holidays.filter((h) => h.name.trim() || h.dates.length).map((h) => ({ name: h.name.trim(), dates: sorted(h.dates) })),
      makeupWorkdays: sorted(makeup),
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
      content: `依据 ${arrangement.source}\n${lines.join('\n')}\n\n${entered ? '会替换这一年原来的安排。' : ''}保存后新开始计算的时限按这份安排，已经在计时的诉求不变。`,
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
      <View className='calendar-intro'>
        时限按工作日计算。每年国务院办公厅公布放假安排后，请在这里录入下一年的节假日和调休上班日。保存后新开始计算的时限按新的安排，已经在计时的诉求不变。
      </View>

      {loaded.nextYearMissing ? (
        <View className='calendar-missing'>还没有录入 {loaded.firstMissingYear} 年的节假日安排：落在这一年的时限暂按普通周末计算</View>
      ) : (
        <View className='calendar-ok'>已录入到 {Number(loaded.firstMissingYear) - 1} 年。{loaded.firstMissingYear} 年的安排公布后请及时录入。</View>
      )}

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
          {open === y.year ? (
            <View className='calendar-year__list'>
              {y.holidays.map((h) => (
                <View key={h.name} className='calendar-year__holiday'>
                  <Text className='calendar-year__name'>{h.name}</Text>
                  <Text className='calendar-year__dates'>{h.dates.map(dayWords).join('、')}</Text>
                </View>
              ))}
              <View className='calendar-year__holiday'>
                <Text className='calendar-year__name'>调休上班</Text>
                <Text className='calendar-year__dates'>{y.makeupDates.length ? y.makeupDates.map(dayWords).join('、') : '没有'}</Text>
              </View>
            </View>
          ) : null}
          <View className='calendar-year__actions'>
            <Text className='calendar-year__show' onClick={() => setOpen(open === y.year ? undefined : y.year)}>
              {open === y.year ? '收起日期' : '查看日期'}
            </Text>
            <Text className='calendar-year__fix' onClick={() => correct(y)}>
              更正这一年
            </Text>
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
        <View className='calendar-form__hint muted'>每个假日写上名称，点“加一天”选日期，点 × 去掉选错的日期</View>
        {holidays.map((h, i) => (
          <View key={i} className={`calendar-holiday calendar-holiday-${i}`}>
            <Field label='名称' required value={h.name} maxlength={20} placeholder='例如 元旦' onChange={(v) => setRow(i, { name: v })} className={`field-holiday-name-${i}`} />
            <DateChips year={year} dates={h.dates} onChange={(dates) => setRow(i, { dates })} hook={`holiday-dates-${i}`} placeholder='加一天' />
            {errors[`holiday.${i}`] ? <View className='calendar-error-line'>{errors[`holiday.${i}`]}</View> : null}
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
        <View className='calendar-form__hint muted'>周末要上班的日子；没有就不选</View>
        <DateChips year={year} dates={makeup} onChange={(dates) => (clear('makeup'), setMakeup(dates))} hook='makeup-dates' placeholder='加一天' />
        {errors.makeup ? <View className='calendar-error-line'>{errors.makeup}</View> : null}
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

/**
 * Working time in Asia/Shanghai: the clock every deadline (SLA) in the station network runs on.
 *
 * - A working day is one the calendar marks as working: Monday–Friday, minus public holidays, plus the
 *   make-up working days (调休) the State Council publishes each year.
 * - A working day has 450 working minutes (7.5 hours): 08:30–12:00 and 13:30–17:30 Shanghai time.
 *   Each segment is half-open, [08:30, 12:00) and [13:30, 17:30): 12:00 and 17:30 themselves are not
 *   working moments, but a deadline may fall exactly on them (the end of the last working minute).
 * - Times are epoch milliseconds. Asia/Shanghai is UTC+8 all year (no DST since 1991), so wall time is
 *   computed with a fixed offset and UTC accessors only. Nothing here reads the process time zone or
 *   the current time, so answers are the same on any machine.
 * - Working minutes are exact: a moment with seconds counts fractions of a minute. Given whole-minute
 *   inputs every result is a whole number of minutes.
 *
 * Pure module: the calendar data is passed in as a value (the caller imports the JSON).
 */
import { z } from 'zod'

// ---------------------------------------------------------------------------------------------------
// Constants and Shanghai wall-time arithmetic
// ---------------------------------------------------------------------------------------------------

export const WORKING_MINUTES_PER_DAY = 450

const MINUTE_MS = 60_000
const DAY_MS = 86_400_000
/** Asia/Shanghai is UTC+8 all year: every Shanghai date and period in the product is computed with it. */
export const SHANGHAI_OFFSET_MS = 8 * 60 * MINUTE_MS

/** Working segments of a working day, [start, end) in ms after Shanghai midnight. */
const SEGMENTS: ReadonlyArray<readonly [number, number]> = [
  [(8 * 60 + 30) * MINUTE_MS, 12 * 60 * MINUTE_MS],
  [(13 * 60 + 30) * MINUTE_MS, (17 * 60 + 30) * MINUTE_MS],
]
const DAY_WORK_MS = WORKING_MINUTES_PER_DAY * MINUTE_MS
const FIRST_START = SEGMENTS[0][0]
const LAST_END = SEGMENTS[SEGMENTS.length - 1][1]

/**
 * How many consecutive non-working days a search may cross before the calendar is declared broken.
 * The longest real break (Spring Festival plus a weekend) is under two weeks; a calendar with no
 * working day for a whole year is a bug, not a holiday.
 */
const MAX_IDLE_DAYS = 366

const WEEKDAY_CN = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'] as const

/** Shanghai calendar day index: days since 1970-01-01 (Shanghai). */
const dayIndexOf = (ms: number): number => Math.floor((ms + SHANGHAI_OFFSET_MS) / DAY_MS)
/** Epoch ms of Shanghai midnight starting the given day index. */
const dayStartMs = (day: number): number => day * DAY_MS - SHANGHAI_OFFSET_MS
/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
const weekdayOfDay = (day: number): number => (((day + 4) % 7) + 7) % 7

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

interface WallTime {
  year: number
  month: number // 1-12
  date: number // 1-31
  hour: number
  minute: number
  weekday: number // 0 = Sunday
}

/** Shanghai wall time of an instant, via UTC accessors on a shifted instant (process zone irrelevant). */
const wallTime = (ms: number): WallTime => {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    date: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    weekday: d.getUTCDay(),
  }
}

const ymdOfDay = (day: number): string => {
  const d = new Date(day * DAY_MS)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

const YMD_RE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Day index of a 'YYYY-MM-DD' string, or undefined when it is not a real calendar date. */
const dayOfYmd = (ymd: string): number | undefined => {
  const m = YMD_RE.exec(ymd)
  if (!m) return undefined
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  const day = ms / DAY_MS
  // Round trip rejects 2026-02-30, month 13, and the 0000–0099 two-digit-year quirk of Date.UTC.
  return Number.isInteger(day) && ymdOfDay(day) === ymd ? day : undefined
}

const assertFinite = (name: string, v: number): void => {
  if (!Number.isFinite(v)) throw new RangeError(`${name} must be a finite number of epoch milliseconds, got ${v}`)
}

// ---------------------------------------------------------------------------------------------------
// Calendar
// ---------------------------------------------------------------------------------------------------

export interface WorkdayCalendar {
  /** ymd is 'YYYY-MM-DD', a date in Asia/Shanghai. */
  isWorkingDay(ymd: string): boolean
}

/** What loadCalendar returns: a WorkdayCalendar that also says which years it has an arrangement for. */
export interface LoadedWorkdayCalendar extends WorkdayCalendar {
  /** Years with a published arrangement, ascending, e.g. ['2025', '2026']. */
  readonly years: readonly string[]
  /**
   * Whether the date's year has a published arrangement. When false, isWorkingDay answers from the
   * ordinary week only, and an admin view should warn (see `missingYears` in the calendar JSON).
   */
  coversDate(ymd: string): boolean
}

const Ymd = z
  .string()
  .regex(YMD_RE, 'expected YYYY-MM-DD')
  .refine((s) => dayOfYmd(s) !== undefined, 'not a real calendar date')

const YearArrangement = z.object({
  source: z.string().min(1),
  holidays: z.array(z.object({ name: z.string().min(1), dates: z.array(Ymd) })),
  /** 调休: weekend days that are working days. */
  makeupWorkdays: z.array(Ymd).optional(),
})

/** Shape of cloudfunctions/core/data/cn-workday-calendar.json (other top-level keys are ignored). */
const CalendarDataSchema = z
  .object({
    description: z.string().optional(),
    years: z.record(z.string().regex(/^\d{4}$/, 'year keys are four digits'), YearArrangement),
  })
  .superRefine((data, ctx) => {
    for (const [year, arr] of Object.entries(data.years)) {
      const holidays = new Set(arr.holidays.flatMap((h) => h.dates))
      for (const d of arr.makeupWorkdays ?? []) {
        if (holidays.has(d)) {
          ctx.addIssue({
            code: 'custom',
            path: ['years', year, 'makeupWorkdays'],
            message: `${d} is listed both as a holiday and as a make-up working day`,
          })
        }
      }
    }
  })
export type WorkdayCalendarData = z.infer<typeof CalendarDataSchema>

/** Module-private fast path: loaded calendars answer by day index without building strings. */
const BY_DAY_INDEX: unique symbol = Symbol('workingDayByIndex')
type IndexedCalendar = WorkdayCalendar & { [BY_DAY_INDEX]?: (day: number) => boolean }

const ordinaryWeekIsWorking = (day: number): boolean => {
  const wd = weekdayOfDay(day)
  return wd !== 0 && wd !== 6
}

/**
 * Validates the calendar JSON and precomputes lookup sets. Throws an Error naming the bad field when
 * the data does not have the expected shape.
 *
 * Dates in years the file does not cover follow the ordinary week (Mon–Fri working, Sat–Sun rest):
 * a deadline there may be off by the holidays nobody has published yet. `coversDate` tells which.
 */
export const loadCalendar = (data: unknown): LoadedWorkdayCalendar => {
  const parsed = CalendarDataSchema.safeParse(data)
  if (!parsed.success) throw new Error(`Invalid workday calendar data:\n${z.prettifyError(parsed.error)}`)

  const holidayDays = new Set<number>()
  const makeupDays = new Set<number>()
  for (const arr of Object.values(parsed.data.years)) {
    for (const h of arr.holidays) for (const d of h.dates) holidayDays.add(dayOfYmd(d) as number)
    for (const d of arr.makeupWorkdays ?? []) makeupDays.add(dayOfYmd(d) as number)
  }
  const years = Object.keys(parsed.data.years).sort()
  const yearSet = new Set(years)

  const byIndex = (day: number): boolean => {
    if (holidayDays.has(day)) return false
    if (makeupDays.has(day)) return true
    return ordinaryWeekIsWorking(day)
  }
  const toDay = (ymd: string): number => {
    const day = dayOfYmd(ymd)
    if (day === undefined) throw new RangeError(`Not a YYYY-MM-DD calendar date: ${JSON.stringify(ymd)}`)
    return day
  }

  const cal: LoadedWorkdayCalendar & IndexedCalendar = {
    years,
    isWorkingDay: (ymd) => byIndex(toDay(ymd)),
    coversDate: (ymd) => yearSet.has(ymdOfDay(toDay(ymd)).slice(0, 4)),
    [BY_DAY_INDEX]: byIndex,
  }
  return cal
}

const isWorkingDayIndex = (cal: WorkdayCalendar, day: number): boolean => {
  const fast = (cal as IndexedCalendar)[BY_DAY_INDEX]
  return fast ? fast(day) : cal.isWorkingDay(ymdOfDay(day))
}

const noWorkingDay = (fromMs: number): never => {
  throw new RangeError(`No working day within ${MAX_IDLE_DAYS} days after ${ymdOfDay(dayIndexOf(fromMs))}: is the calendar broken?`)
}

// ---------------------------------------------------------------------------------------------------
// Working-time arithmetic
// ---------------------------------------------------------------------------------------------------

/** The moment itself if it is working time, otherwise the start of the next working segment. */
export const nextWorkingMoment = (cal: WorkdayCalendar, ms: number): number => addWorkingMinutes(cal, ms, 0)

/**
 * The due time `minutes` working minutes after `fromMs`. From a non-working moment the clock starts at
 * the next working minute; adding 0 gives that start. A due time that uses up a segment exactly is the
 * segment's end (08:30 + 210 → 12:00 the same day, not 13:30). Loops by segment, not by minute.
 */
export const addWorkingMinutes = (cal: WorkdayCalendar, fromMs: number, minutes: number): number => {
  assertFinite('fromMs', fromMs)
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`)
  let remaining = Math.round(minutes * MINUTE_MS)
  let t = fromMs
  let idle = 0
  for (let day = dayIndexOf(fromMs); ; day++) {
    const base = dayStartMs(day)
    if (!isWorkingDayIndex(cal, day)) {
      if (++idle > MAX_IDLE_DAYS) noWorkingDay(fromMs)
      continue
    }
    idle = 0
    if (t <= base + FIRST_START && remaining > DAY_WORK_MS) {
      // Whole working day consumed: skip the segment walk.
      remaining -= DAY_WORK_MS
      t = base + DAY_MS
      continue
    }
    for (const [s, e] of SEGMENTS) {
      const start = Math.max(t, base + s)
      const end = base + e
      if (start >= end) continue
      const avail = end - start
      if (remaining <= avail) return start + remaining
      remaining -= avail
    }
    t = base + DAY_MS
  }
}

/**
 * Working minutes in [fromMs, toMs). Antisymmetric: negative (the same amount) when toMs < fromMs.
 * For any fromMs and m >= 0: workingMinutesBetween(cal, fromMs, addWorkingMinutes(cal, fromMs, m)) === m.
 */
export const workingMinutesBetween = (cal: WorkdayCalendar, fromMs: number, toMs: number): number => {
  assertFinite('fromMs', fromMs)
  assertFinite('toMs', toMs)
  if (toMs < fromMs) {
    const back = workingMinutesBetween(cal, toMs, fromMs)
    return back === 0 ? 0 : -back
  }
  let totalMs = 0
  const lastDay = dayIndexOf(toMs)
  for (let day = dayIndexOf(fromMs); day <= lastDay; day++) {
    if (!isWorkingDayIndex(cal, day)) continue
    const base = dayStartMs(day)
    if (fromMs <= base + FIRST_START && toMs >= base + LAST_END) {
      totalMs += DAY_WORK_MS
      continue
    }
    for (const [s, e] of SEGMENTS) {
      const overlap = Math.min(toMs, base + e) - Math.max(fromMs, base + s)
      if (overlap > 0) totalMs += overlap
    }
  }
  return totalMs / MINUTE_MS
}

// ---------------------------------------------------------------------------------------------------
// Words for people
// ---------------------------------------------------------------------------------------------------

const hhmm = (w: WallTime): string => `${pad2(w.hour)}:${pad2(w.minute)}`

/** '11月24日 周二' in Asia/Shanghai. */
export const formatDateCn = (ms: number): string => {
  assertFinite('ms', ms)
  const w = wallTime(ms)
  return `${w.month}月${w.date}日 ${WEEKDAY_CN[w.weekday]}`
}

/** '11月24日 周二 09:05' in Asia/Shanghai. */
export const formatDateTimeCn = (ms: number): string => `${formatDateCn(ms)} ${hhmm(wallTime(ms))}`

/**
 * A person-facing label for a deadline. Overdue means nowMs > dueMs (at the due instant itself the
 * case is still on time).
 * - due later today (same Shanghai date): '今天 17:30 前'
 * - not overdue, >= 450 working minutes left: '还剩 N 个工作日', N = ceil(left / 450)
 * - not overdue, < 450 left, due on a later date: '明天 HH:mm 前' if it is the next calendar day,
 *   else 'M月D日 HH:mm 前'
 * - overdue by >= 450 working minutes: '已超期 N 个工作日', N = ceil(late / 450)
 * - overdue by less: '已超期 N 个工作小时', N = ceil(late / 60), at least 1 (also when the time since
 *   the deadline is all non-working, e.g. due Friday 17:30 and seen on Saturday)
 */
export const deadlineLabel = (cal: WorkdayCalendar, nowMs: number, dueMs: number): { label: string; overdue: boolean } => {
  assertFinite('nowMs', nowMs)
  assertFinite('dueMs', dueMs)
  if (nowMs > dueMs) {
    const late = workingMinutesBetween(cal, dueMs, nowMs)
    const label =
      late >= WORKING_MINUTES_PER_DAY
        ? `已超期 ${Math.ceil(late / WORKING_MINUTES_PER_DAY)} 个工作日`
        : `已超期 ${Math.max(1, Math.ceil(late / 60))} 个工作小时`
    return { label, overdue: true }
  }
  const due = wallTime(dueMs)
  const nowDay = dayIndexOf(nowMs)
  const dueDay = dayIndexOf(dueMs)
  if (dueDay === nowDay) return { label: `今天 ${hhmm(due)} 前`, overdue: false }
  const left = workingMinutesBetween(cal, nowMs, dueMs)
  if (left >= WORKING_MINUTES_PER_DAY) {
    return { label: `还剩 ${Math.ceil(left / WORKING_MINUTES_PER_DAY)} 个工作日`, overdue: false }
  }
  if (dueDay === nowDay + 1) return { label: `明天 ${hhmm(due)} 前`, overdue: false }
  return { label: `${due.month}月${due.date}日 ${hhmm(due)} 前`, overdue: false }
}

/**
 * How a duration in working minutes sounds as a promise: a whole number of working days
 * ('2 个工作日'), otherwise working hours rounded up ('4 个工作小时'; 90 → '2 个工作小时').
 */
export const durationWords = (minutes: number): string => {
  if (!Number.isFinite(minutes) || minutes < 0) throw new RangeError(`minutes must be a finite number >= 0, got ${minutes}`)
  if (minutes > 0 && minutes % WORKING_MINUTES_PER_DAY === 0) return `${minutes / WORKING_MINUTES_PER_DAY} 个工作日`
  return `${Math.ceil(minutes / 60)} 个工作小时`
}

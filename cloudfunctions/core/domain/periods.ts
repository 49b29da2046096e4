import { SHANGHAI_OFFSET_MS } from './working-time'

/**
 * The periods figures are kept and shown by (the ledger and the dashboard): months, ISO weeks (Monday first)
 * and quarters, all in Asia/Shanghai, whatever the process zone. Ids sort as text in time order:
 * month `2026-11`, week `2026-W48`.
 */

const DAY_MS = 86_400_000
const pad = (n: number) => String(n).padStart(2, '0')

/** Shanghai calendar parts of an instant (UTC accessors on a shifted instant). */
const wall = (ms: number) => {
  const d = new Date(ms + SHANGHAI_OFFSET_MS)
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, date: d.getUTCDate(), weekday: (d.getUTCDay() + 6) % 7 }
}

/** Epoch ms of Shanghai midnight on that date. */
const midnight = (year: number, month: number, date: number) => Date.UTC(year, month - 1, date) - SHANGHAI_OFFSET_MS

export const MONTH_RE = /^(\d{4})-(\d{2})$/

/** '2026-11' of an instant. */
export const monthOf = (ms: number): string => {
  const w = wall(ms)
  return `${w.year}-${pad(w.month)}`
}

/** '2026-11-25' of an instant. */
export const dateOf = (ms: number): string => {
  const w = wall(ms)
  return `${w.year}-${pad(w.month)}-${pad(w.date)}`
}

/** The month `n` months after `month` (n may be negative). */
export const addMonths = (month: string, n: number): string => {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  const i = Number(m[1]) * 12 + Number(m[2]) - 1 + n
  return `${Math.floor(i / 12)}-${pad((i % 12) + 1)}`
}

/** '2026年11月'. */
export const monthLabel = (month: string): string => {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  return `${m[1]}年${Number(m[2])}月`
}

/** The first instant of a month and of the one after, in Shanghai. */
export const monthRange = (month: string): { start: number; end: number } => {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  return { start: midnight(Number(m[1]), Number(m[2]), 1), end: midnight(Number(m[1]), Number(m[2]) + 1, 1) }
}

/** Shanghai midnight of the Monday that starts the week of an instant. */
export const weekStart = (ms: number): number => {
  const w = wall(ms)
  return midnight(w.year, w.month, w.date) - w.weekday * DAY_MS
}

/** ISO week id of an instant: the year of its Thursday, and which week of that year it is ('2026-W48'). */
export const weekOf = (ms: number): string => {
  const thursday = wall(weekStart(ms) + 3 * DAY_MS + 12 * 3_600_000)
  const jan1 = midnight(thursday.year, 1, 1)
  const n = Math.floor((midnight(thursday.year, thursday.month, thursday.date) - jan1) / DAY_MS / 7) + 1
  return `${thursday.year}-W${pad(n)}`
}

export const WEEK_RE = /^(\d{4})-W(\d{2})$/

/** Shanghai midnight of the Monday that starts an ISO week ('2026-W48'). */
export const weekMonday = (week: string): number => {
  const m = WEEK_RE.exec(week)
  if (!m) throw new RangeError(`not a week: ${week}`)
  // 4 January is always in week 1.
  return weekStart(midnight(Number(m[1]), 1, 4) + 12 * 3_600_000) + (Number(m[2]) - 1) * 7 * DAY_MS
}

/** The months the days of an ISO week fall in: one, or two when the week crosses a month's end. */
export const monthsOfWeek = (week: string): string[] => {
  const monday = weekMonday(week)
  return [...new Set([monthOf(monday + 12 * 3_600_000), monthOf(monday + 6 * DAY_MS + 12 * 3_600_000)])]
}

/** '11月23日' of an instant (a week's Monday, on the trend's axis). */
export const shortDate = (ms: number): string => {
  const w = wall(ms)
  return `${w.month}月${w.date}日`
}

/** The `n` weeks up to and including the week of `now`, oldest first: id and Monday. */
export const recentWeeks = (now: number, n: number): Array<{ id: string; start: number }> => {
  const last = weekStart(now)
  // Noon, so a day's length never matters (there is no DST in Shanghai, but the arithmetic stays obvious).
  return Array.from({ length: n }, (_, i) => {
    const start = weekStart(last - (n - 1 - i) * 7 * DAY_MS + 12 * 3_600_000)
    return { id: weekOf(start), start }
  })
}

/** The three months of the quarter that `month` is in. */
export const quarterMonths = (month: string): string[] => {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  const first = Math.floor((Number(m[2]) - 1) / 3) * 3 + 1
  return [0, 1, 2].map((i) => `${m[1]}-${pad(first + i)}`)
}

/** '2026年第四季度'. */
export const quarterLabel = (month: string): string => {
  const m = MONTH_RE.exec(month)!
  return `${m[1]}年第${['一', '二', '三', '四'][Math.floor((Number(m[2]) - 1) / 3)]}季度`
}

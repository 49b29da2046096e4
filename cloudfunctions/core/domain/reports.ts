import type { ReportFigure } from '../../../types/contracts/reports'
import { meanStars, percent, type Figures } from './ledger'
import { shortDate, weekOf, weekStart } from './periods'

/**
 * 定期调度和通报 as pure rules (ADR 0028): which week a report is of, when the Monday run may build it, and how a
 * figure of the week is worded beside last week's.
 */

const DAY_MS = 86_400_000
const HOUR_MS = 3_600_000

/** The Monday run builds last week's reports from 08:00 Asia/Shanghai on. */
export const REPORT_HOUR = 8

/** The week that ended before the week of `now`: its Monday. */
export const lastEndedWeekStart = (now: number): number => weekStart(weekStart(now) - 12 * HOUR_MS)

/** The week the Monday run builds at `now`, once Monday 08:00 has passed; null before then. */
export const weekDue = (now: number): { id: string; start: number } | null => {
  if (now < weekStart(now) + REPORT_HOUR * HOUR_MS) return null
  const start = lastEndedWeekStart(now)
  return { id: weekOf(start), start }
}

/** The Monday that starts week `id` ('2026-W48'): found from the Thursday of week 1 of its year. */
export const weekStartOf = (id: string): number => {
  const m = /^(\d{4})-W(\d{2})$/.exec(id)
  if (!m) throw new RangeError(`not a week: ${id}`)
  // 4 January is always in week 1 (noon, so the day is never in doubt).
  const jan4 = Date.UTC(Number(m[1]), 0, 4, 12) - 8 * HOUR_MS
  return weekStart(weekStart(jan4) + (Number(m[2]) - 1) * 7 * DAY_MS + 12 * HOUR_MS)
}

/** '11月23日—11月29日'. */
export const weekLabel = (start: number): string => `${shortDate(start)}—${shortDate(start + 6 * DAY_MS + 12 * HOUR_MS)}`

/** The end of a week (the next Monday's midnight). */
export const weekEnd = (start: number): number => weekStart(start + 7 * DAY_MS + 12 * HOUR_MS)

type Direction = 'higher' | 'lower' | 'neither'

const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0')

/** A count this week beside last week's ("12 件", "上周 9 件", "+3 件"); `better` says which way is good news. */
export const countFigure = (key: string, label: string, unit: string, now: number, prev: number, better: Direction): ReportFigure => {
  const d = now - prev
  return {
    key,
    label,
    value: `${now} ${unit}`,
    prev: `上周 ${prev} ${unit}`,
    change: d === 0 ? '持平' : `${signed(d)} ${unit}`,
    tone: d === 0 || better === 'neither' ? 'none' : (d > 0) === (better === 'higher') ? 'good' : 'bad',
  }
}

/** A rate or mean this week beside last week's; "—" where a week has nothing to divide by. */
const measureFigure = (key: string, label: string, now: number | null, prev: number | null, unit: '%' | '星', better: Direction): ReportFigure => {
  const shown = (v: number | null) => (v === null ? '—' : unit === '%' ? `${v}%` : `${v} 星`)
  let change = '—'
  let tone: ReportFigure['tone'] = 'none'
  if (now !== null && prev !== null) {
    const d = Math.round((now - prev) * 10) / 10
    change = d === 0 ? '持平' : unit === '%' ? `${signed(d)} 个百分点` : `${signed(d)} 星`
    if (d !== 0 && better !== 'neither') tone = (d > 0) === (better === 'higher') ? 'good' : 'bad'
  }
  return { key, label, value: shown(now), prev: `上周 ${shown(prev)}`, change, tone }
}

/** Cases received by an area: those filed there (a move inside the area is not new). */
const filedOf = (n: Figures) => n.filed ?? 0

/** The report's volumes: this week's counts beside last week's. */
export const volumeFigures = (now: Figures, prev: Figures): ReportFigure[] => [
  countFigure('filed', '新收诉求', '件', filedOf(now), filedOf(prev), 'neither'),
  countFigure('accepted', '受理', '件', now.accepted ?? 0, prev.accepted ?? 0, 'neither'),
  countFigure('resolved', '办结', '件', now.resolved ?? 0, prev.resolved ?? 0, 'higher'),
  countFigure('overdue', '超期', '次', now.overdue ?? 0, prev.overdue ?? 0, 'lower'),
  countFigure('transferred', '转办', '件', now.transferred ?? 0, prev.transferred ?? 0, 'neither'),
  countFigure('referred', '转外部机构', '件', now.referred ?? 0, prev.referred ?? 0, 'neither'),
  countFigure('withdrawn', '职工撤回', '件', now.withdrawn ?? 0, prev.withdrawn ?? 0, 'neither'),
]

/** The report's rates: on time, satisfaction and reopens, beside last week's. */
export const rateFigures = (now: Figures, prev: Figures): ReportFigure[] => [
  measureFigure('acceptRate', '按时受理率', percent(now.acceptedOnTime, now.accepted), percent(prev.acceptedOnTime, prev.accepted), '%', 'higher'),
  measureFigure('resolveRate', '按时办结率', percent(now.resolvedOnTime, now.resolved), percent(prev.resolvedOnTime, prev.resolved), '%', 'higher'),
  measureFigure('satisfaction', '满意度', meanStars(now), meanStars(prev), '星', 'higher'),
  measureFigure('reopenRate', '重新办理率', percent(now.reopened, now.resolved), percent(prev.reopened, prev.resolved), '%', 'lower'),
]

/** The report row's headline: '新收 12 件 · 超期 3 次 · 按时办结率 80%'. */
export const headlineOf = (volumes: readonly ReportFigure[], rates: readonly ReportFigure[]): string => {
  const v = (k: string) => volumes.find((f) => f.key === k)?.value ?? ''
  const r = rates.find((f) => f.key === 'resolveRate')?.value ?? '—'
  return `新收 ${v('filed')} · 超期 ${v('overdue')} · 按时办结率 ${r}`
}

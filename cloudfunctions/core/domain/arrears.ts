import type { Category, CaseState, Privacy } from '../../../types/domain'
import { SHANGHAI_OFFSET_MS } from './working-time'

/**
 * 菏薪共治 (DOMAIN §6, ADR 0023): what a case adds to its project's arrears figures, the 限时化解 deadline and the
 * blacklist's listing period. Values in, values out.
 */

const DAY_MS = 86_400_000

/**
 * 限时化解: without a date the admin set for the project, open arrears on a project are to be cleared within
 * this many days of the day they began (the first open arrears case after none).
 */
export const CLEAR_WITHIN_DAYS = 30

/** The default listing period of a 欠薪黑名单 entry (DOMAIN §6). */
export const BLACKLIST_DEFAULT_YEARS = 3

/** A wage-arrears case is 未化解 while it is being handled: not yet answered as solved, not closed. */
export const ARREARS_OPEN_STATES: readonly CaseState[] = ['submitted', 'accepted', 'in_progress', 'on_hold']

export interface ArrearsShare {
  projectId: string
  privacy: Privacy
  /** Open cases (1), the yuan they claim, and the workers they are for. */
  open: number
  amount: number
  workers: number
}

/** What a case adds to its project's open arrears now: a wage-arrears case on a project that is still open; else nothing. */
export const arrearsShare = (c: {
  projectId?: string | null
  category: Category
  state: CaseState
  privacy: Privacy
  amountOwed?: number | null
  workersAffected: number
}): ArrearsShare | null =>
  c.projectId && c.category === 'wage_arrears' && ARREARS_OPEN_STATES.includes(c.state)
    ? { projectId: c.projectId, privacy: c.privacy, open: 1, amount: c.amountOwed ?? 0, workers: Math.max(1, c.workersAffected) }
    : null

/** The changes one case write makes to the project counters, keyed `<projectId>|<privacy>` (zero changes left out). */
export const arrearsChanges = (before: ArrearsShare | null, after: ArrearsShare | null): Map<string, { projectId: string; privacy: Privacy; open: number; amount: number; workers: number }> => {
  const out = new Map<string, { projectId: string; privacy: Privacy; open: number; amount: number; workers: number }>()
  const add = (s: ArrearsShare | null, sign: 1 | -1) => {
    if (!s) return
    const k = `${s.projectId}|${s.privacy}`
    const cur = out.get(k) ?? { projectId: s.projectId, privacy: s.privacy, open: 0, amount: 0, workers: 0 }
    cur.open += sign * s.open
    cur.amount += sign * s.amount
    cur.workers += sign * s.workers
    out.set(k, cur)
  }
  add(before, -1)
  add(after, 1)
  for (const [k, v] of out) if (v.open === 0 && v.amount === 0 && v.workers === 0) out.delete(k)
  return out
}

/** Epoch ms of the end (24:00 Shanghai) of a 'YYYY-MM-DD' day. */
export const endOfDay = (ymd: string): number => Date.UTC(Number(ymd.slice(0, 4)), Number(ymd.slice(5, 7)) - 1, Number(ymd.slice(8, 10)) + 1) - SHANGHAI_OFFSET_MS

/**
 * The 限时化解 deadline of a project's open arrears: the date the admin set, else CLEAR_WITHIN_DAYS after they
 * began; none when nothing is open. Overdue once it has passed with arrears still open.
 */
export const clearDeadline = (figures: { open: number; since: number | null }, clearBy: string | null | undefined, now: number): { dueAt: number; overdue: boolean } | null => {
  if (figures.open <= 0) return null
  const dueAt = clearBy ? endOfDay(clearBy) : figures.since !== null ? figures.since + CLEAR_WITHIN_DAYS * DAY_MS : null
  if (dueAt === null) return null
  return { dueAt, overdue: now >= dueAt }
}

/** A project is at risk when it has open arrears or an open 聚集预警 (the county view lists these). */
export const projectAtRisk = (figures: { open: number }, openAlerts: number): boolean => figures.open > 0 || openAlerts > 0

/** 'YYYY-MM-DD' plus whole years (29 Feb falls to 28 Feb in a common year). */
export const addYears = (ymd: string, years: number): string => {
  const y = Number(ymd.slice(0, 4)) + years
  const m = ymd.slice(5, 7)
  let d = Number(ymd.slice(8, 10))
  if (m === '02' && d === 29 && !(y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0))) d = 28
  return `${y}-${m}-${String(d).padStart(2, '0')}`
}

/** A blacklist entry's listing ends at the end of its last day: the sweep expires it from then on. */
export const listingEnded = (listedUntil: string, now: number): boolean => now >= endOfDay(listedUntil)

/** The last day of a listing of `years` from `from` (3 years from 2026-12-01 is to 2029-11-30, inclusive). */
export const listingUntil = (from: string, years: number): string => {
  const end = addYears(from, years)
  const d = new Date(Date.UTC(Number(end.slice(0, 4)), Number(end.slice(5, 7)) - 1, Number(end.slice(8, 10)) - 1))
  return d.toISOString().slice(0, 10)
}

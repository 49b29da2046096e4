import { TERMINAL_STATES, type CaseState } from '../../../types/domain'

/**
 * How long a finished case keeps who filed it (个人信息保护法 art. 19 and 47, ADR 0020). After the retention
 * period the identity of a closed, withdrawn or referred case is erased: the name and phone, the openid kept
 * for reminders, the worker key that shows it in 我的诉求, and its photos and voice notes. Whatever is counted —
 * the case itself, its category, state, station, dates, timeline, rating and every counter — stays.
 */

export interface RetentionPolicy {
  /** Whole years after closure. */
  years: number
}

export const DEFAULT_RETENTION: RetentionPolicy = { years: 3 }
export const RETENTION_MIN_YEARS = 1
export const RETENTION_MAX_YEARS = 30

/** Why a case's identity was erased: the retention period ended, or the worker asked for it (我的数据). */
export type ErasedHow = 'retention' | 'worker'

/** The fields of a case that name or reach the worker, and nothing else: what erasure removes. */
export const IDENTITY_FIELDS = ['identity', 'workerOpenid', 'workerKey'] as const

/** A finished case (no command moves it again): its identity may be erased. */
export const isFinished = (state: CaseState): boolean => TERMINAL_STATES.includes(state)

/**
 * The closing time before which a finished case is past retention: `years` calendar years before `now`
 * (29 February falls back to 28 February).
 */
export const retentionCutoff = (now: number, policy: RetentionPolicy): number => {
  const d = new Date(now)
  const year = d.getUTCFullYear() - policy.years
  const month = d.getUTCMonth()
  const day = Math.min(d.getUTCDate(), new Date(Date.UTC(year, month + 1, 0)).getUTCDate())
  return Date.UTC(year, month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds())
}

/** Past retention: finished, closed before the cutoff, not erased yet. */
export const isPastRetention = (c: { state: CaseState; closedAt: number | null; erasedAt?: number }, cutoff: number): boolean =>
  isFinished(c.state) && c.closedAt !== null && c.closedAt < cutoff && c.erasedAt === undefined

/**
 * A case as it is kept after erasure: the identity fields removed (undefined removes a field in the store),
 * no photos or voice notes named, and when and why it was erased.
 */
export const erasedCase = <C extends { media?: string[] }>(c: C, now: number, how: ErasedHow): C & { erasedAt: number; erasedHow: ErasedHow } => ({
  ...c,
  identity: undefined,
  workerOpenid: undefined,
  workerKey: undefined,
  media: undefined,
  erasedAt: now,
  erasedHow: how,
})

/** What a worker is told about deleting the identity of a case still being handled (it is not erased). */
export const OPEN_CASE_DELETION_NOTE = '办理中的诉求需要你的联系方式，删除后驿站无法联系你；可以先撤回，撤回后再删除'

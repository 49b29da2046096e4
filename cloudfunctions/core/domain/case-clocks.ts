import { CLOCK_LABEL, CLOCK_NAMES, type ClockName } from '../../../types/domain'
import { addWorkingMinutes, deadlineWhen, workingMinutesBetween, type WorkdayCalendar } from './working-time'

export { CLOCK_NAMES, type ClockName }

/**
 * The running clocks of one case, stored with it (D12): due and 75 % warning times computed once.
 * `accept` restarts for every new owner; `firstReply` and `resolve` run from submission across moves and
 * pause while the case is on hold (D13); `transfer` is the target's 1 working day to answer; `autoClose` is
 * the worker's 7 working days to confirm a resolution.
 */

export interface ClockState {
  /** When it runs out; null when the clock is not running. */
  dueAt: number | null
  /** When the 75 % warning is due; null once sent or when there is none. */
  warnAt: number | null
  /** On hold: working minutes that were left to the due time and to the warning. */
  paused?: { due: number; warn: number | null }
  /** Missed deadlines so far (resolve: 1 = supervised, 2 = moved up). */
  misses: number
}

export type CaseClocks = Record<ClockName, ClockState>

export const idleClock = (): ClockState => ({ dueAt: null, warnAt: null, misses: 0 })

export const idleClocks = (): CaseClocks => ({
  accept: idleClock(),
  firstReply: idleClock(),
  resolve: idleClock(),
  transfer: idleClock(),
  autoClose: idleClock(),
})

/** Starts (or restarts) a clock of `minutes` working minutes at `from`, with a warning at 75 % when asked. */
export const startClock = (cal: WorkdayCalendar, from: number, minutes: number, warn: boolean, misses = 0): ClockState => ({
  dueAt: addWorkingMinutes(cal, from, minutes),
  warnAt: warn ? addWorkingMinutes(cal, from, Math.floor(minutes * 0.75)) : null,
  misses,
})

export const stopClock = (c: ClockState): ClockState => ({ dueAt: null, warnAt: null, misses: c.misses })

export const pauseClock = (cal: WorkdayCalendar, c: ClockState, now: number): ClockState => {
  if (c.dueAt === null) return c
  return {
    dueAt: null,
    warnAt: null,
    misses: c.misses,
    paused: {
      due: Math.max(0, workingMinutesBetween(cal, now, c.dueAt)),
      warn: c.warnAt === null ? null : Math.max(0, workingMinutesBetween(cal, now, c.warnAt)),
    },
  }
}

export const resumeClock = (cal: WorkdayCalendar, c: ClockState, now: number): ClockState => {
  if (!c.paused) return c
  return {
    dueAt: addWorkingMinutes(cal, now, c.paused.due),
    warnAt: c.paused.warn === null ? null : addWorkingMinutes(cal, now, c.paused.warn),
    misses: c.misses,
  }
}

/** The earliest moment the sweep must look at this case again (indexed as `nextDueAt`); null when none. */
export const nextDue = (clocks: CaseClocks): number | null => {
  let next: number | null = null
  for (const name of CLOCK_NAMES) {
    for (const t of [clocks[name].dueAt, clocks[name].warnAt]) if (t !== null && (next === null || t < next)) next = t
  }
  return next
}

/**
 * What has to happen by each deadline, as the end of a sentence: before it ("明天 10:44 前受理"), within it
 * ("3 个工作日内办结"), and once it has passed ("受理已超期 2 个工作小时"). The confirmation clock speaks of
 * what happens when it runs out ("7 个工作日内不确认将自动结案").
 */
const CLOCK_SENTENCE: Record<ClockName, { before: (when: string) => string; within: (span: string) => string; late: (span: string) => string }> = {
  accept: { before: (w) => `${w}受理`, within: (s) => `${s}内受理`, late: (s) => `受理已超期 ${s}` },
  firstReply: { before: (w) => `${w}首次答复`, within: (s) => `${s}内首次答复`, late: (s) => `首次答复已超期 ${s}` },
  resolve: { before: (w) => `${w}办结`, within: (s) => `${s}内办结`, late: (s) => `办结已超期 ${s}` },
  transfer: { before: (w) => `${w}答复转办`, within: (s) => `${s}内答复转办`, late: (s) => `转办答复已超期 ${s}` },
  autoClose: { before: (w) => `${w}不确认将自动结案`, within: (s) => `${s}内不确认将自动结案`, late: () => `${CLOCK_LABEL.autoClose}期限已过，将自动结案` },
}

/**
 * A deadline in the words people read (D33): it always names its clock. The one formatter of deadlines on
 * cases; pages show `label` as it comes.
 */
export const clockDeadlineLabel = (cal: WorkdayCalendar, nowMs: number, dueMs: number, clock: ClockName): { label: string; overdue: boolean } => {
  const when = deadlineWhen(cal, nowMs, dueMs)
  const words = CLOCK_SENTENCE[clock]
  return { label: when.kind === 'late' ? words.late(when.text) : when.kind === 'within' ? words.within(when.text) : words.before(when.text), overdue: when.kind === 'late' }
}

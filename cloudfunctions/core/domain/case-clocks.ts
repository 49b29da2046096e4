import { CLOCK_NAMES, type ClockName } from '../../../types/domain'
import { addWorkingMinutes, workingMinutesBetween, type WorkdayCalendar } from './working-time'

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

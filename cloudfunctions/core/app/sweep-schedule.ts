import { AppError } from '../../../types/errors'
import { SHANGHAI_OFFSET_MS } from '../domain/working-time'
import type { Store } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import type { SweepScheduleDoc } from './records'

/**
 * How often the sweep's passes that no deadline waits on run (ADR 0044). The timer fires every 5 minutes for
 * the deadlines, the outbox and the content checks; the rest — setting up a new environment and moving old
 * records once, clearing abandoned uploads and ended rate-limit windows, closing ended surveys and blacklist
 * listings, retention, the quarter's star ratings, the week's reports — has nothing to do on almost every run,
 * and reading that it has nothing to do was most of an idle run's requests. A pass is due when the schedule
 * says so or names it not at all (a new environment, or a pass new in this version: it runs at once). A pass
 * that did something, or left work undone, runs again at the next run; one that found nothing to do is next due
 * at the start of the next hour or Shanghai day. What these passes wait for begins on such a boundary — Monday
 * 08:00's reports, a quarter's first day, the day after a survey's or a listing's last — so each still runs at
 * the first run after it, as when every run did everything.
 */
export const PASS_PERIOD_MS = {
  /** The first run's network and notices; records moved once (D8a, employer keys, verdict events). */
  setup: 24 * 3_600_000,
  /** Cases stored before the inbox's fields get them (ADR 0009). */
  inboxFields: 24 * 3_600_000,
  /**
   * The inbox counters stored before ADR 0045 take its form, once: a pass of its own, not setup's, so an
   * environment with data runs it at the first run of the version that reads them so (setup waits for its day).
   */
  inboxCounters: 24 * 3_600_000,
  /**
   * ADR 0050: the documents stored before CloudBase kept the case log's collections in one, moved into it once: a
   * pass of its own, first in the run, so the run's outbox and everything after it finds them.
   */
  hosts: 24 * 3_600_000,
  media: 3_600_000,
  windows: 3_600_000,
  surveys: 3_600_000,
  blacklist: 3_600_000,
  exports: 3_600_000,
  retention: 24 * 3_600_000,
  ratings: 3_600_000,
  reports: 3_600_000,
} as const

export type SweepPass = keyof typeof PASS_PERIOD_MS

/** The first moment after `now` that starts a period (an hour, a Shanghai day). */
export const nextPeriodStart = (now: number, periodMs: number): number => (Math.floor((now + SHANGHAI_OFFSET_MS) / periodMs) + 1) * periodMs - SHANGHAI_OFFSET_MS

export const SWEEP_SCHEDULE_ID = 'sweep.schedule'

/** The passes of one run: which are due, and when each that ran is next due. A dry run runs every pass and keeps nothing. */
export interface SweepPlan {
  /** Runs the pass when due (answering `nothing` otherwise); `idle` says whether it found nothing to do. */
  pass<T>(name: SweepPass, nothing: T, run: () => Promise<T>, idle: (result: T) => boolean): Promise<T>
  /** Stores when each pass that ran is next due: one write, and none when nothing ran. */
  save(): Promise<void>
}

export const planSweep = async (store: Store, now: number, dryRun: boolean): Promise<SweepPlan> => {
  const held = await store.get<SweepScheduleDoc>(COLLECTIONS.settings, SWEEP_SCHEDULE_ID)
  const next: Partial<Record<SweepPass, number>> = { ...(held?.next ?? {}) }
  let ran = false
  return {
    pass: async (name, nothing, run, idle) => {
      if (!dryRun && (next[name] ?? 0) > now) return nothing
      const result = await run()
      if (!dryRun) {
        next[name] = idle(result) ? nextPeriodStart(now, PASS_PERIOD_MS[name]) : now
        ran = true
      }
      return result
    },
    save: async () => {
      if (!ran) return
      try {
        if (held) await store.updateHeld<SweepScheduleDoc>(COLLECTIONS.settings, held, { next })
        else await store.insert<SweepScheduleDoc>(COLLECTIONS.settings, { _id: SWEEP_SCHEDULE_ID, next })
      } catch (e) {
        // Two sweeps at once: the other one wrote it, and its passes ran too.
        if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      }
    },
  }
}

import calendarData from '../data/cn-workday-calendar.json'
import { formatDateTimeCn, loadCalendar, type LoadedWorkdayCalendar, type WorkdayCalendarData } from '../domain/working-time'
import { COLLECTIONS } from '../ports/collections'
import { clockDeadlineLabel, type ClockName } from '../domain/case-clocks'
import type { Clock } from '../ports/clock'
import type { Store, StoredDoc } from '../ports/store'

/**
 * The working-day calendar in force: the years shipped with the functions (D19) plus the years an admin
 * entered later (settings doc `calendar`), the admin's version winning for a year in both. Re-read at most
 * once a minute per container, and at once after an admin change in this container.
 */
export const CALENDAR_DOC_ID = 'calendar'
export interface CalendarDoc extends StoredDoc {
  years: WorkdayCalendarData['years']
  updatedAt: number
}

const bundled = calendarData as unknown as WorkdayCalendarData

export const mergeCalendar = (extra: WorkdayCalendarData['years'] | undefined): WorkdayCalendarData => ({
  description: bundled.description,
  years: { ...bundled.years, ...(extra ?? {}) },
})

/**
 * The Clock port over a time source and the store's calendar document: each runtime (cloud, local host,
 * tests, benchmarks) makes one with its store. The calendar is re-read at most once a minute, and at once
 * after an admin change.
 */
export const storeClock = (store: Store, now: () => number): Clock => {
  let current: LoadedWorkdayCalendar = loadCalendar(bundled)
  let loadedAt = -Infinity
  let loadedVersion = 0
  return {
    now,
    calendar: () => current,
    refreshCalendar: async (force = false) => {
      const t = now()
      if (!force && Math.abs(t - loadedAt) < 60_000) return
      const doc = await store.get<CalendarDoc>(COLLECTIONS.settings, CALENDAR_DOC_ID)
      loadedAt = t
      if ((doc?._v ?? 0) === loadedVersion && !force) return
      try {
        current = loadCalendar(mergeCalendar(doc?.years))
        loadedVersion = doc?._v ?? 0
      } catch (e) {
        // A stored year that does not validate never replaces a working calendar.
        console.error('calendar: stored years are invalid; keeping the previous calendar', e)
      }
    },
  }
}

/** True when every given instant falls in a year the calendar has an arrangement for. */
export const covered = (cal: LoadedWorkdayCalendar, ...instants: Array<number | null>): boolean =>
  instants.every((t) => t === null || cal.coversDate(new Date(t + 8 * 3600_000).toISOString().slice(0, 10)))

/** A deadline of clock `name` as people read it, on the calendar in force: it names what it is for (D30, D33). */
export const deadlineView = (clock: Clock, due: number, name: ClockName) => ({ at: due, clock: name, ...clockDeadlineLabel(clock.calendar(), clock.now(), due, name) })
export const timeLabel = (ms: number) => formatDateTimeCn(ms)

import calendarData from '../data/cn-workday-calendar.json'
import { deadlineLabel, formatDateTimeCn, loadCalendar, type LoadedWorkdayCalendar, type WorkdayCalendarData } from '../domain/working-time'
import { COLLECTIONS } from '../ports/collections'
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
let current: LoadedWorkdayCalendar = loadCalendar(bundled)
let loadedAt = -Infinity
let loadedVersion = 0
let loadedFrom: Store | null = null

export const mergeCalendar = (extra: WorkdayCalendarData['years'] | undefined): WorkdayCalendarData => ({
  description: bundled.description,
  years: { ...bundled.years, ...(extra ?? {}) },
})

export const refreshCalendar = async (store: Store, force = false): Promise<LoadedWorkdayCalendar> => {
  const now = Date.now()
  if (!force && store === loadedFrom && now - loadedAt < 60_000) return current
  const doc = await store.get<CalendarDoc>(COLLECTIONS.settings, CALENDAR_DOC_ID)
  loadedAt = now
  if ((doc?._v ?? 0) !== loadedVersion || force || store !== loadedFrom) {
    loadedFrom = store
    try {
      current = loadCalendar(mergeCalendar(doc?.years))
      loadedVersion = doc?._v ?? 0
    } catch (e) {
      // A stored year that does not validate never replaces a working calendar.
      console.error('calendar: stored years are invalid; keeping the previous calendar', e)
    }
  }
  return current
}

/** The calendar last loaded (handlers refresh it before they run; see dispatch). */
export const calendarNow = (): LoadedWorkdayCalendar => current

/** True when every given instant falls in a year the calendar has an arrangement for. */
export const covered = (cal: LoadedWorkdayCalendar, ...instants: Array<number | null>): boolean =>
  instants.every((t) => t === null || cal.coversDate(new Date(t + 8 * 3600_000).toISOString().slice(0, 10)))

export const deadlineView = (now: number, due: number) => ({ at: due, ...deadlineLabel(current, now, due) })
export const timeLabel = (ms: number) => formatDateTimeCn(ms)

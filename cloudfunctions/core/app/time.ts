import calendarData from '../data/cn-workday-calendar.json'
import { deadlineLabel, formatDateTimeCn, loadCalendar, type WorkdayCalendar } from '../domain/working-time'

/** The working-day calendar shipped with the functions (D19), loaded once per container. */
export const calendar: WorkdayCalendar = loadCalendar(calendarData)

export const deadlineView = (now: number, due: number) => ({ at: due, ...deadlineLabel(calendar, now, due) })
export const timeLabel = (ms: number) => formatDateTimeCn(ms)

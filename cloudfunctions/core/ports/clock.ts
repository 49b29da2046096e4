import type { LoadedWorkdayCalendar } from '../domain/working-time'

/**
 * Time comes in through this port, and with it the working-day calendar that deadlines are counted on, so
 * the domain and handlers can be tested with a fixed clock and a calendar an admin changed.
 */
export interface Clock {
  /** Epoch milliseconds (UTC). */
  now(): number
  /** The calendar in force: the years shipped with the functions plus those an admin entered, as last loaded. */
  calendar(): LoadedWorkdayCalendar
  /** Re-reads the admin-entered years when the copy is a minute old (by `now`), or at once when forced. */
  refreshCalendar(force?: boolean): Promise<void>
}

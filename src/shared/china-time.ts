/**
 * Dates and times as the pickers show them, in Shanghai wall time (UTC+8 all year), whatever the phone's own
 * time zone: what a publisher picks is what the server stores and the worker reads.
 */
const OFFSET = 8 * 3600_000
const DAY = 86_400_000

export const shanghaiDate = (ms: number): string => new Date(ms + OFFSET).toISOString().slice(0, 10)
export const shanghaiTime = (ms: number): string => new Date(ms + OFFSET).toISOString().slice(11, 16)

/** 'YYYY-MM-DD' and 'HH:mm' in Shanghai → epoch milliseconds (NaN when either is not filled in). */
export const fromShanghai = (date: string, time = '00:00'): number => {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  const t = /^(\d{2}):(\d{2})$/.exec(time)
  if (!d || !t) return NaN
  return Date.UTC(+d[1]!, +d[2]! - 1, +d[3]!, +t[1]!, +t[2]!) - OFFSET
}

/** The first instant after the given Shanghai day: something that runs "until that day" stops then. */
export const afterShanghaiDay = (date: string): number => fromShanghai(date) + DAY

/** The last day something stopping at `ms` still runs (for a stop made by `afterShanghaiDay`). */
export const lastShanghaiDay = (ms: number): string => shanghaiDate(ms - 1)

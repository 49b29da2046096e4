/**
 * What the functions write to their logs: one JSON object a line, so the CloudBase log search can filter by
 * op, code or request id. Entries carry ids, ops, codes and durations only: never a name, a phone number,
 * an openid or a worker's words (个人信息保护法; a test greps the logs of a whole journey for them).
 */
export interface LogEntry {
  level: 'info' | 'warn' | 'error'
  /** What happened: `call` (one operation answered), `slow` (over SLOW_CALL_MS), `error` (unexpected). */
  event: string
  fn?: string
  op?: string
  requestId?: string
  ms?: number
  ok?: boolean
  code?: string
  /** For unexpected errors: the error's class and message (no documents, no input). */
  detail?: string
}

export type Logger = (entry: LogEntry) => void

/** An operation slower than this is logged as `slow`, with its op. */
export const SLOW_CALL_MS = 1000

/** The default: a JSON line on stdout (info) or stderr (warn, error). */
export const jsonLogger: Logger = (entry) => {
  const line = JSON.stringify({ t: new Date().toISOString(), ...entry })
  if (entry.level === 'info') console.log(line)
  else console.error(line)
}

import type { TimelineEvent } from './case-engine'

/**
 * The conversation of a case (issue #21 §3, ADR 0018): the messages between the worker and the station, apart
 * from the timeline of what happened to the case. A message is a timeline event the engine marks with its
 * words (`message`); this file says which ones, whose they are, and where each side has read to.
 */

/** Who wrote a message: the worker, or the station (an officer). */
export type ThreadSide = 'worker' | 'station'

/** Events that are messages: the worker's 补充 and 没有解决; the station's 回复, 办理结果 and internal notes. */
export const THREAD_KINDS = ['add_info', 'reopen', 'reply', 'resolve', 'note'] as const satisfies readonly TimelineEvent['kind'][]
export type ThreadKind = (typeof THREAD_KINDS)[number]

/** Pure messages: they are the thread and nothing else, so the timeline leaves them out. 办理结果 and 没有解决 change the case and stay on it too. */
export const MESSAGE_ONLY_KINDS: readonly ThreadKind[] = ['add_info', 'reply', 'note']

export const isThreadKind = (kind: string): kind is ThreadKind => (THREAD_KINDS as readonly string[]).includes(kind)

export const sideOfKind = (kind: ThreadKind): ThreadSide => (kind === 'add_info' || kind === 'reopen' ? 'worker' : 'station')

/**
 * What the case keeps of its conversation: when each side last wrote something the other side reads, and
 * when each side last read. Internal notes are written by the station for the station: they move nothing the
 * worker sees. `readMarks` counts the writes that only moved a read mark (see `caseVersion`).
 */
export interface ThreadState {
  lastWorkerMessageAt?: number | null
  lastStationMessageAt?: number | null
  workerReadAt?: number | null
  stationReadAt?: number | null
  readMarks?: number
}

/** The read-state fields, copied from the freshest stored case when a command writes it. */
export const readStateOf = (c: ThreadState): Pick<ThreadState, 'workerReadAt' | 'stationReadAt' | 'readMarks'> => ({
  workerReadAt: c.workerReadAt ?? null,
  stationReadAt: c.stationReadAt ?? null,
  readMarks: c.readMarks ?? 0,
})

/**
 * After a command's events: a public message from one side is news for the other, and the writer has read
 * everything up to it (they wrote on the page that shows it). Nothing when no public message was written.
 */
export const afterMessages = (events: readonly Pick<TimelineEvent, 'kind' | 'internal' | 'message'>[], now: number): ThreadState => {
  const out: ThreadState = {}
  for (const e of events) {
    if (e.internal || e.message === undefined || !isThreadKind(e.kind)) continue
    if (sideOfKind(e.kind) === 'worker') Object.assign(out, { lastWorkerMessageAt: now, workerReadAt: now })
    else Object.assign(out, { lastStationMessageAt: now, stationReadAt: now })
  }
  return out
}

/** 有新回复: the station wrote after the worker last read. */
export const workerHasUnread = (c: ThreadState): boolean => (c.lastStationMessageAt ?? 0) > (c.workerReadAt ?? 0)

/** 新消息: the worker wrote after the station last read. */
export const stationHasUnread = (c: ThreadState): boolean => (c.lastWorkerMessageAt ?? 0) > (c.stationReadAt ?? 0)

/**
 * Reading the thread: the read mark to store for this side, or null when there is nothing new (then nothing
 * is written, so a page opened again and again costs no write).
 */
export const readMarkFor = (c: ThreadState, side: ThreadSide, now: number): ThreadState | null => {
  const unread = side === 'worker' ? workerHasUnread(c) : stationHasUnread(c)
  if (!unread) return null
  return { ...(side === 'worker' ? { workerReadAt: now } : { stationReadAt: now }), readMarks: (c.readMarks ?? 0) + 1 }
}

/**
 * The version a person acts on (D25): the store's version less the writes that only moved a read mark. The
 * other side reading the thread changes nothing anyone acts on, so it does not make a page stale.
 */
export const caseVersion = (c: { _v: number } & ThreadState): number => c._v - (c.readMarks ?? 0)

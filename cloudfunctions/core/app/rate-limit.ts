import { createHash } from 'node:crypto'
import { RATE_LIMITS, rateLimitMessage, type RateBucket } from '../../../types/rate-limits'
import { AppError } from '../../../types/errors'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { RateLimitDoc } from './records'

/**
 * Counts one use of a rate-limited bucket by a caller and refuses past the limit (types/rate-limits.ts).
 * The count lives in the store, so it holds across function instances and on both adapters; its id is a
 * hash, so the record names neither the caller nor, without the key, the bucket. A refusal writes nothing.
 */
const windowOf = (ports: Ports, bucket: RateBucket, caller: string) => {
  const windowMs = RATE_LIMITS[bucket].windowMinutes * 60_000
  const now = ports.clock.now()
  const start = Math.floor(now / windowMs) * windowMs
  const id = createHash('sha256').update(`${bucket}|${ports.secrets.workerKey(caller)}|${start}`).digest('hex').slice(0, 40)
  return { id, start, windowMs, now }
}

/**
 * Windows this instance has seen counting (a guess, never an answer): a use of one of them asks to add first, a
 * use of any other window tries to open it first. Cleared when full.
 */
const counting = new Set<string>()
const COUNTING_KEPT = 20_000
const seenCounting = (id: string) => {
  if (counting.size >= COUNTING_KEPT && !counting.has(id)) counting.clear()
  counting.add(id)
}

/** A use as counted: its window, for giving it back (`giveBack`). */
export interface CountedUse {
  id: string
  until: number
}

export const countUse = async (ports: Ports, bucket: RateBucket, caller: string): Promise<CountedUse> => {
  const { limit } = RATE_LIMITS[bucket]
  const { id, start, windowMs, now } = windowOf(ports, bucket, caller)
  // Exact, without a transaction (ADR 0047): the store adds one only while the count is below the limit, in one
  // step, so uses at the same moment can never pass it together; a refusal writes nothing. Which step goes first
  // is this instance’s guess (ADR 0052): a window it has seen counting is added to (one request); any other is
  // opened (one request for a caller's first use of a window, the common case of a filing), and only when someone
  // opened it already is it added to.
  const add = () => ports.store.incrementBelow(COLLECTIONS.rateLimits, id, 'n', limit)
  const open = async () => {
    try {
      await ports.store.insert<RateLimitDoc>(COLLECTIONS.rateLimits, { _id: id, n: 1, until: start + windowMs })
      return true
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      return false
    }
  }
  // A wrong guess costs a request, never the answer: whichever step fails, the other follows.
  const guessed = counting.has(id)
  seenCounting(id)
  const counted = { id, until: start + windowMs }
  if (guessed ? (await add()) || (await open()) : await open()) return counted
  // Counting already: at the limit, or another use opened it a moment ago.
  if (await add()) return counted
  throw new AppError('RATE_LIMITED', rateLimitMessage(bucket, Math.ceil((start + windowMs - now) / 60_000)))
}

/**
 * Gives back a use `countUse` counted, for a call that turned out to be a retry of one counted already (ADR 0053):
 * one less in the same window, in one request without reading it (additions commute with the uses counted
 * meanwhile). A window the sweep removed in between (it had ended) is stored again at −1 with its end, nothing
 * counts into an ended window, and the sweep's next pass of ended windows removes it.
 */
export const giveBack = (ports: Ports, use: CountedUse): Promise<void> =>
  ports.store.increment<RateLimitDoc>(COLLECTIONS.rateLimits, use.id, { by: { n: -1 }, create: { n: 0, until: use.until } })

/**
 * Wrong tries at something a try does not name (an invite code): `locked` says whether the caller has used up
 * the bucket in this window; `countWrong` counts one more and says whether that used it up.
 */
export const lockedOut = async (ports: Ports, bucket: RateBucket, caller: string): Promise<boolean> => {
  const { id } = windowOf(ports, bucket, caller)
  return ((await ports.store.get<RateLimitDoc>(COLLECTIONS.rateLimits, id))?.n ?? 0) >= RATE_LIMITS[bucket].limit
}
export const countWrong = async (ports: Ports, bucket: RateBucket, caller: string): Promise<{ n: number; locked: boolean }> => {
  const { id, start, windowMs } = windowOf(ports, bucket, caller)
  const n = await ports.store.transaction(async (tx) => {
    const seen = await tx.get<RateLimitDoc>(COLLECTIONS.rateLimits, id)
    if (seen) return (await tx.update<RateLimitDoc>(COLLECTIONS.rateLimits, id, seen._v, { n: seen.n + 1 })).n
    return (await tx.insert<RateLimitDoc>(COLLECTIONS.rateLimits, { _id: id, n: 1, until: start + windowMs })).n
  })
  return { n, locked: n >= RATE_LIMITS[bucket].limit }
}

/** Removes the counts of windows that have ended (the sweep), a page at a time. */
export const forgetEndedWindows = async (ports: Ports, now: number): Promise<number> => {
  const page = await ports.store.find<RateLimitDoc>(COLLECTIONS.rateLimits, { where: { until: { $lte: now } }, orderBy: { field: 'until', dir: 'asc' }, limit: 200 })
  let removed = 0
  for (const d of page.items) {
    try {
      await ports.store.remove(COLLECTIONS.rateLimits, d._id, d._v)
      removed++
    } catch {
      // Someone counted into it at the very end of its window; the next sweep takes it.
    }
  }
  return removed
}

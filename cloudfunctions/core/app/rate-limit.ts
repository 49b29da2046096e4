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

export const countUse = async (ports: Ports, bucket: RateBucket, caller: string): Promise<void> => {
  const { limit } = RATE_LIMITS[bucket]
  const { id, start, windowMs, now } = windowOf(ports, bucket, caller)
  // Two requests, no transaction (ADR 0044): the count as read, then one more added without reading it again.
  // Uses at the same moment may all pass at the last allowed count, so a burst can go past the limit: these
  // limit volume. Guessing is stopped where it is exact: a claim code's wrong tries are counted on the code in a
  // versioned transaction and lock it, an invite's wrong codes by `countWrong` (below), in one too.
  const seen = await ports.store.get<RateLimitDoc>(COLLECTIONS.rateLimits, id)
  if (seen && seen.n >= limit) throw new AppError('RATE_LIMITED', rateLimitMessage(bucket, Math.ceil((start + windowMs - now) / 60_000)))
  if (!seen) {
    try {
      await ports.store.insert<RateLimitDoc>(COLLECTIONS.rateLimits, { _id: id, n: 1, until: start + windowMs })
      return
    } catch (e) {
      // Another use of the same window stored it first: add to it.
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    }
  }
  await ports.store.increment<RateLimitDoc>(COLLECTIONS.rateLimits, id, { by: { n: 1 }, create: { n: 0, until: start + windowMs } })
}

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

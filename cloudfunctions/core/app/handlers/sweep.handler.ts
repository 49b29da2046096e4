import { runSweep } from '../../../../types/contracts/sweep'
import { COLLECTIONS } from '../../ports/collections'
import { defineHandler } from '../handler'
import type { OutboxDoc } from '../records'
import { seedHeze } from '../../seed/heze'

const MAX_ATTEMPTS = 6
const BATCH = 50
/** Backoff after the n-th failure: 1, 2, 4, 8, 16 minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1)

/**
 * The timer's run: delivers due outbox rows (D16). A delivery failure only reschedules its own row; the case
 * is never touched. Each row is claimed with its version, so a concurrent sweep cannot send it twice.
 * dryRun counts what is due and sends nothing. Deadline watching joins this run with the case engine.
 */
export const runSweepHandler = defineHandler(runSweep, async ({ dryRun }, { ports }) => {
  const now = ports.clock.now()
  // A new cloud environment: the first run sets up the city and its nine counties (never the 示例 stations),
  // and the first city admin when one is configured. Afterwards this is one count per run.
  if (!dryRun && (await ports.store.count(COLLECTIONS.stations, { kind: 'city' })) === 0) {
    await seedHeze(ports.store, now, { demo: false, firstAdminOpenid: ports.settings?.firstAdminOpenid })
  }
  const due = await ports.store.find<OutboxDoc>(COLLECTIONS.outbox, {
    where: { status: 'pending', nextAttemptAt: { $lte: now } },
    orderBy: { field: 'nextAttemptAt', dir: 'asc' },
    limit: BATCH,
  })
  let delivered = 0
  let failed = 0
  if (!dryRun) {
    for (const row of due.items) {
      let claimed: OutboxDoc
      try {
        // Claim: push the next attempt out first, so a crash mid-send retries later instead of never.
        claimed = await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, row._v, {
          attempts: row.attempts + 1,
          nextAttemptAt: now + backoffMs(row.attempts + 1),
        })
      } catch {
        continue
      }
      const result = await ports.notifier
        .send({ kind: row.kind, to: row.to, caseId: row.caseId, data: row.data })
        .catch((e: unknown) => ({ ok: false as const, final: false, reason: String(e) }))
      if (result.ok) {
        await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, claimed._v, { status: 'sent' })
        delivered += 1
      } else {
        const final = result.final || claimed.attempts >= MAX_ATTEMPTS
        await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, claimed._v, {
          status: final ? 'failed' : 'pending',
          lastError: result.reason.slice(0, 200),
        })
        failed += 1
      }
    }
  }
  const pending = await ports.store.count(COLLECTIONS.outbox, { status: 'pending' })
  return { delivered, failed, pending, dryRun }
})

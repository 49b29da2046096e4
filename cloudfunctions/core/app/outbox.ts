import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { OutboxDoc } from './records'
import { jsonLogger } from '../ports/log'

const MAX_ATTEMPTS = 6
/** Backoff after the n-th failure: 1, 2, 4, 8, 16 minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1)

/**
 * Tries one outbox row (D16). The row is claimed first with its version — attempts + 1 and the next try
 * pushed out — so a concurrent sender cannot send it twice and a crash mid-send retries later. A failure
 * only reschedules the row; the case is never touched. Returns 'sent', 'failed' or 'skipped'.
 */
export const deliverRow = async (ports: Ports, row: OutboxDoc, now: number): Promise<'sent' | 'failed' | 'skipped'> => {
  let claimed: OutboxDoc
  try {
    claimed = await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, row._v, {
      attempts: row.attempts + 1,
      nextAttemptAt: now + backoffMs(row.attempts + 1),
    })
  } catch {
    return 'skipped'
  }
  const result = await ports.notifier
    .send({ kind: row.kind, to: row.to, caseId: row.caseId, data: row.data })
    .catch((e: unknown) => ({ ok: false as const, final: false, reason: String(e) }))
  try {
    if (result.ok) {
      await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, claimed._v, { status: 'sent' })
      return 'sent'
    }
    const final = result.final || claimed.attempts >= MAX_ATTEMPTS
    await ports.store.update<OutboxDoc>(COLLECTIONS.outbox, row._id, claimed._v, {
      status: final ? 'failed' : 'pending',
      lastError: result.reason.slice(0, 200),
    })
  } catch {
    // Recording the outcome failed; the row stays claimed and the sweep retries it after the backoff.
  }
  return 'failed'
}

/**
 * Right after a case change commits, its notices are tried once at once (D16); whatever fails waits for the
 * sweep. Never throws: the person's action has already succeeded.
 */
export const deliverSoon = async (ports: Ports, rows: OutboxDoc[]): Promise<void> => {
  const now = ports.clock.now()
  for (const row of rows) {
    try {
      await deliverRow(ports, row, now)
    } catch (e) {
      // The sweep retries it. The log names the row, never the recipient.
      ;(ports.log ?? jsonLogger)({ level: 'warn', event: 'outbox-retry-later', detail: `${row._id}: ${e instanceof Error ? e.name : typeof e}` })
    }
  }
}

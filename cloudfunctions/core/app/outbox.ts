import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { OutboxDoc } from './records'
import { jsonLogger } from '../ports/log'

const MAX_ATTEMPTS = 6
/** Backoff after the n-th failure: 1, 2, 4, 8, 16 minutes. */
const backoffMs = (attempts: number) => 60_000 * 2 ** Math.max(0, attempts - 1)

/**
 * The delivery fields of a new row. A row its writer tries at once (`deliverSoon`, right after the commit) is
 * stored already claimed for that first try — attempts 1, the next try pushed out — which is exactly the
 * document the claim would make, written in the case's transaction instead of two more round trips after it.
 * A row left for the sweep starts unclaimed and due now.
 */
export const newRowDelivery = (tryAtOnce: boolean, now: number): Pick<OutboxDoc, 'status' | 'attempts' | 'nextAttemptAt'> =>
  tryAtOnce ? { status: 'pending', attempts: 1, nextAttemptAt: now + backoffMs(1) } : { status: 'pending', attempts: 0, nextAttemptAt: now }

/**
 * Tries one outbox row (D16). The row is claimed first with its version — attempts + 1 and the next try
 * pushed out — so a concurrent sender cannot send it twice and a crash mid-send retries later. A failure
 * only reschedules the row; the case is never touched. Returns 'sent', 'failed' or 'skipped'.
 */
export const deliverRow = async (ports: Ports, row: OutboxDoc, now: number): Promise<'sent' | 'failed' | 'skipped'> => {
  let claimed: OutboxDoc
  try {
    claimed = await ports.store.updateHeld<OutboxDoc>(COLLECTIONS.outbox, row, {
      attempts: row.attempts + 1,
      nextAttemptAt: now + backoffMs(row.attempts + 1),
    })
  } catch {
    return 'skipped'
  }
  return sendClaimed(ports, claimed)
}

type Sent = { ok: true } | { ok: false; final: boolean; reason: string }

/** Sends a claimed row (the notifier never throws here: a throw is a failure to retry). */
const send = (ports: Ports, claimed: OutboxDoc): Promise<Sent> =>
  ports.notifier
    .send({ kind: claimed.kind, to: claimed.to, caseId: claimed.caseId, data: claimed.data })
    .catch((e: unknown) => ({ ok: false as const, final: false, reason: String(e) }))

/** Records a failed try: pending again for the sweep, or failed for good. */
const recordFailure = async (ports: Ports, claimed: OutboxDoc, result: Extract<Sent, { ok: false }>): Promise<void> => {
  const final = result.final || claimed.attempts >= MAX_ATTEMPTS
  try {
    await ports.store.updateHeld<OutboxDoc>(COLLECTIONS.outbox, claimed, { status: final ? 'failed' : 'pending', lastError: result.reason.slice(0, 200) })
  } catch {
    // Recording the outcome failed; the row stays claimed and the sweep retries it after the backoff.
  }
}

/** Sends a claimed row and records how it went (the row's version is the claim's). */
const sendClaimed = async (ports: Ports, claimed: OutboxDoc): Promise<'sent' | 'failed'> => {
  const result = await send(ports, claimed)
  if (!result.ok) {
    await recordFailure(ports, claimed, result)
    return 'failed'
  }
  try {
    await ports.store.updateHeld<OutboxDoc>(COLLECTIONS.outbox, claimed, { status: 'sent' })
    return 'sent'
  } catch {
    // As above: the sweep retries it after the backoff.
    return 'failed'
  }
}

/**
 * Right after a case change commits, its notices are tried once at once (D16); whatever fails waits for the
 * sweep. The rows that went out are marked sent together, in one write (ADR 0031), so a notice to many
 * officers costs no more round trips than one to a single officer. Never throws: the person's action has
 * already succeeded.
 */
export const deliverSoon = async (ports: Ports, rows: OutboxDoc[]): Promise<void> => {
  const now = ports.clock.now()
  const sent: OutboxDoc[] = []
  for (const row of rows) {
    try {
      // Rows written for this first try come claimed (newRowDelivery); any other is claimed here.
      if (row.attempts > 0 && row.nextAttemptAt > now) {
        const result = await send(ports, row)
        if (result.ok) sent.push(row)
        else await recordFailure(ports, row, result)
      } else await deliverRow(ports, row, now)
    } catch (e) {
      // The sweep retries it. The log names the row, never the recipient.
      ;(ports.log ?? jsonLogger)({ level: 'warn', event: 'outbox-retry-later', detail: `${row._id}: ${e instanceof Error ? e.name : typeof e}` })
    }
  }
  // A row not marked (the write failed) stays claimed: the sweep tries it again after the backoff.
  if (sent.length) await ports.store.updateHeldMany<OutboxDoc>(COLLECTIONS.outbox, sent, { status: 'sent' }).catch(() => 0)
}

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
 * The sweep's pass over due rows (D16), with the writes batched (ADR 0037): the rows are claimed together — one
 * write per attempt count among them, each row only at the version read, attempts + 1, the next try pushed out
 * and this run's mark on it — then sent one by one, and every row that went out is marked sent in one write. A
 * failure is recorded on its own row as before. When a claim updates fewer rows than it named (another run
 * claimed some meanwhile), the run reads those rows back and sends only the ones carrying its own mark, so no row
 * is sent twice. Never throws for a row: what a write misses stays claimed and is tried after the backoff.
 */
export const deliverDue = async (ports: Ports, rows: readonly OutboxDoc[], now: number): Promise<{ delivered: number; failed: number }> => {
  const claim = `${now}-${ports.ids.next()}`
  const byAttempts = new Map<number, OutboxDoc[]>()
  for (const r of rows) byAttempts.set(r.attempts, [...(byAttempts.get(r.attempts) ?? []), r])
  const claimed: OutboxDoc[] = []
  for (const [attempts, group] of byAttempts) {
    const patch = { attempts: attempts + 1, nextAttemptAt: now + backoffMs(attempts + 1), claim }
    const n = await ports.store.updateHeldMany<OutboxDoc>(COLLECTIONS.outbox, group, patch).catch(() => -1)
    if (n === group.length) {
      claimed.push(...group.map((r) => ({ ...r, ...patch, _v: r._v + 1 })))
      continue
    }
    if (n === 0) continue
    // Some went to another run (or the write's answer was lost): ours are the ones with this run's mark.
    const ids = group.map((r) => r._id)
    for (let i = 0; i < ids.length; i += 100) {
      const page = await ports.store.find<OutboxDoc>(COLLECTIONS.outbox, { where: { _id: { $in: ids.slice(i, i + 100) } }, limit: 100 }).catch(() => ({ items: [] as OutboxDoc[] }))
      claimed.push(...page.items.filter((r) => r.claim === claim && r.attempts === attempts + 1 && r.status === 'pending'))
    }
  }
  const sent: OutboxDoc[] = []
  let failed = 0
  for (const row of claimed) {
    const result = await send(ports, row)
    if (result.ok) sent.push(row)
    else {
      failed += 1
      await recordFailure(ports, row, result)
    }
  }
  // A row not marked (the write failed) stays claimed: the next run tries it again after the backoff.
  const marked = sent.length ? await ports.store.updateHeldMany<OutboxDoc>(COLLECTIONS.outbox, sent, { status: 'sent' }).catch(() => 0) : 0
  return { delivered: marked, failed: failed + sent.length - marked }
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

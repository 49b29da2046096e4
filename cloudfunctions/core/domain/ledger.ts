import type { Category } from '../../../types/domain'
import { TERMINAL_STATES } from '../../../types/domain'
import type { CaseModel, Command } from './case-engine'

/**
 * What a case change means for the ledger (工作台账, issue §6) and the dashboard: a few facts, each about one
 * station at one moment ("the street station accepted it, on time"). Facts are written once with the change
 * and never rewritten, so a month's figures do not move after the month (a resolution the worker reopens
 * later still counts as a resolution of its month; the reopen counts in its own).
 *
 * Who a fact is about:
 *  - filed: the station routing gave the new case to (its first owner);
 *  - moved in: a station that becomes the owner of a case still being handled (transfer taken over,
 *    escalation, a bounce, a group flag, the third "not solved", a suspended owner);
 *  - accepted (on time or not), resolved (on time or not; with its conclusion and, for wage arrears, the
 *    money recovered and the workers paid), referred, withdrawn, reopened, rated, closed unconfirmed: the
 *    owner at the time;
 *  - transferred: the station that asked for the transfer;
 *  - overdue: the station whose deadline ran out (accept and resolve: the owner; a transfer's answer: the
 *    station asked to take it over).
 */

export const FACT_KINDS = ['filed', 'movedIn', 'accepted', 'resolved', 'overdue', 'transferred', 'referred', 'withdrawn', 'reopened', 'rated', 'unconfirmed'] as const
export type FactKind = (typeof FACT_KINDS)[number]

export interface LedgerFact {
  kind: FactKind
  stationId: string
  at: number
  /** accepted, resolved: within the deadline. */
  onTime?: boolean
  /** resolved: the conclusion's key. */
  conclusion?: string
  /**
   * resolved, wage arrears: yuan recovered and workers paid, as a change on what the case's earlier resolution
   * recorded (a case resolved again after a reopen counts its money once).
   */
  amount?: number
  workers?: number
  /** rated: 1–5 stars. */
  rating?: number
}

/** The figures a ledger and a dashboard add up. */
export const LEDGER_METRICS = [
  'filed',
  'movedIn',
  'accepted',
  'acceptedOnTime',
  'resolved',
  'resolvedOnTime',
  'overdue',
  'transferred',
  'referred',
  'withdrawn',
  'reopened',
  'rated',
  'ratingSum',
  'unconfirmed',
  'recoveredAmount',
  'workersPaid',
] as const
export type LedgerMetric = (typeof LEDGER_METRICS)[number]
export type Figures = Partial<Record<LedgerMetric, number>>

/** Intake has no engine command of its own: it opens the case. */
export type LedgerCommand = Command | { type: 'open' }

const ownerOf = (c: CaseModel) => c.ownerStationId

/** The facts of one change of a case: `before` is null at intake. */
export const ledgerFacts = (cmd: LedgerCommand, before: CaseModel | null, after: CaseModel, now: number): LedgerFact[] => {
  const fact = (kind: FactKind, stationId: string, extra: Omit<LedgerFact, 'kind' | 'stationId' | 'at'> = {}): LedgerFact => ({ kind, stationId, at: now, ...extra })
  if (!before || cmd.type === 'open') return [fact('filed', ownerOf(after))]
  const out: LedgerFact[] = []
  if (after.ownerStationId !== before.ownerStationId && !TERMINAL_STATES.includes(after.state)) out.push(fact('movedIn', ownerOf(after)))
  const within = (due: number | null) => due === null || now <= due
  switch (cmd.type) {
    case 'accept':
      // A clock restarted after a miss (the city keeps what nobody accepted) is not on time however soon.
      out.push(fact('accepted', ownerOf(before), { onTime: before.clocks.accept.misses === 0 && within(before.clocks.accept.dueAt) }))
      break
    case 'transfer_accept':
      // Taking over a transfer is accepting the case; on time when answered within the transfer's deadline.
      out.push(fact('accepted', ownerOf(after), { onTime: within(before.clocks.transfer.dueAt) }))
      break
    case 'transfer':
      out.push(fact('transferred', ownerOf(before)))
      break
    case 'refer':
      out.push(fact('referred', ownerOf(before)))
      break
    case 'withdraw':
      out.push(fact('withdrawn', ownerOf(before)))
      break
    case 'reopen':
      out.push(fact('reopened', ownerOf(before)))
      break
    case 'confirm':
      out.push(fact('rated', ownerOf(before), { rating: cmd.rating }))
      break
    case 'resolve': {
      const c = after.conclusion
      const was = before.conclusion
      const onTime = before.clocks.resolve.misses === 0 && within(before.clocks.resolve.dueAt)
      out.push(
        fact('resolved', ownerOf(before), {
          onTime,
          ...(c ? { conclusion: c.key } : {}),
          ...(c?.amountRecovered !== undefined ? { amount: c.amountRecovered - (was?.amountRecovered ?? 0) } : {}),
          ...(c?.workersPaid !== undefined ? { workers: c.workersPaid - (was?.workersPaid ?? 0) } : {}),
        }),
      )
      break
    }
    case 'miss':
      if (cmd.clock === 'accept' || cmd.clock === 'resolve') out.push(fact('overdue', ownerOf(before)))
      else if (cmd.clock === 'transfer' && before.pendingTransfer) out.push(fact('overdue', before.pendingTransfer.toStationId))
      else if (cmd.clock === 'autoClose') out.push(fact('unconfirmed', ownerOf(before)))
      break
    default:
      break
  }
  return out
}

/** What one fact adds to the figures. */
export const factFigures = (f: LedgerFact): Figures => {
  switch (f.kind) {
    case 'accepted':
      return { accepted: 1, acceptedOnTime: f.onTime ? 1 : 0 }
    case 'resolved':
      return {
        resolved: 1,
        resolvedOnTime: f.onTime ? 1 : 0,
        ...(f.amount !== undefined ? { recoveredAmount: f.amount } : {}),
        ...(f.workers !== undefined ? { workersPaid: f.workers } : {}),
      }
    case 'rated':
      return { rated: 1, ratingSum: f.rating ?? 0 }
    default:
      return { [f.kind]: 1 }
  }
}

/** Adds figures into `into` (in place) and returns it. */
export const addFigures = (into: Figures, more: Figures, sign = 1): Figures => {
  for (const [k, v] of Object.entries(more) as Array<[LedgerMetric, number]>) {
    const next = (into[k] ?? 0) + sign * v
    // Money in yuan keeps its cents; sums of many cents must not drift.
    into[k] = k === 'recoveredAmount' ? Math.round(next * 100) / 100 : next
  }
  return into
}

/** Figures of one bucket: totals, by category, and resolutions by conclusion. */
export interface BucketFigures {
  n: Figures
  cat: Partial<Record<Category, Figures>>
  conclusions: Record<string, number>
}

export const emptyBucket = (): BucketFigures => ({ n: {}, cat: {}, conclusions: {} })

/** Adds one fact of a case of this category into a bucket (in place). */
export const addFact = (b: BucketFigures, f: LedgerFact, category: Category): BucketFigures => {
  const figures = factFigures(f)
  addFigures(b.n, figures)
  b.cat[category] = addFigures(b.cat[category] ?? {}, figures)
  if (f.kind === 'resolved' && f.conclusion) b.conclusions[f.conclusion] = (b.conclusions[f.conclusion] ?? 0) + 1
  return b
}

/** Adds bucket `more` into `into` (in place): a station's three privacy tracks, a quarter's months, a county's stations. */
export const addBucket = (into: BucketFigures, more: BucketFigures): BucketFigures => {
  addFigures(into.n, more.n)
  for (const [k, v] of Object.entries(more.cat) as Array<[Category, Figures]>) into.cat[k] = addFigures(into.cat[k] ?? {}, v)
  for (const [k, v] of Object.entries(more.conclusions)) into.conclusions[k] = (into.conclusions[k] ?? 0) + v
  return into
}

/** A rate in whole percent, or null when there is nothing to divide by. */
export const percent = (part: number | undefined, whole: number | undefined): number | null =>
  whole ? Math.round(((part ?? 0) / whole) * 100) : null

/** Mean stars to one decimal, or null when nobody rated. */
export const meanStars = (n: Figures): number | null => (n.rated ? Math.round(((n.ratingSum ?? 0) / n.rated) * 10) / 10 : null)

/** Cases received: new ones and those that moved in. */
export const received = (n: Figures): number => (n.filed ?? 0) + (n.movedIn ?? 0)

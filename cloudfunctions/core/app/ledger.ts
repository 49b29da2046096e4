import type { Privacy, Side } from '../../../types/domain'
import { addBucket, addFact, emptyBucket, ledgerFacts, type BucketFigures, type LedgerCommand } from '../domain/ledger'
import type { CaseModel } from '../domain/case-engine'
import { monthOf, monthsOfWeek, WEEK_RE, weekOf } from '../domain/periods'
import { COLLECTIONS } from '../ports/collections'
import type { Store, TxStore } from '../ports/store'
import { visibleToSide } from './cases'
import { findAll } from './find-all'
import type { LedgerFactDoc, LedgerRollupDoc, StationDoc } from './records'

/**
 * The ledger's figures, kept as cases change (ADR 16). Every case write (intake and `applyCommand`) calls
 * `bookLedger` inside its own transaction: the change's facts (domain/ledger.ts) are stored, and the rollups
 * they fall in — the station's and its area's, for the month and the ISO week, on the case's privacy
 * track — are added to by id without reading them (`TxStore.increment`, ADR 0031). A view reads a handful of rollups by id; it never scans cases.
 */

export type RollupLevel = LedgerRollupDoc['level']

export const rollupId = (level: RollupLevel, key: string, period: string, privacy: Privacy) => `lr_${level}_${key}_${period}_${privacy}`

/** The area a station's figures add up in: its county, or the city station itself. From a path when it has one. */
const areaOf = async (tx: TxStore, stationId: string, paths: ReadonlyArray<readonly string[]>): Promise<string> => {
  for (const path of paths) {
    const i = path.indexOf(stationId)
    if (i === 0) return path[0]!
    if (i > 0) return path[1]!
  }
  const s = await tx.get<StationDoc>(COLLECTIONS.stations, stationId)
  return s?.countyId ?? stationId
}

type Bucket = Pick<LedgerRollupDoc, 'level' | 'key' | 'countyId' | 'period'> & { delta: BucketFigures }

/** One change of a case as the ledger books it: the command, the case before it (null at intake) and after it. */
export interface LedgerChange {
  readonly cmd: LedgerCommand
  readonly before: CaseModel | null
  readonly after: CaseModel
}

/**
 * Books what happened to a case in one write: the ledger facts of each change and the rollups they fall in, in
 * the transaction `tx` that writes the case. `before` is the case as read (null at intake), `after` the case as
 * written; `changes` the steps between them, in order (one command, or a sweep's deadline steps written together),
 * each fact booked on its step's privacy track and category. The facts of all steps are numbered on from one
 * another, and a rollup that several steps add to is written once.
 */
export const bookLedger = async (
  tx: TxStore,
  before: (CaseModel & { _v: number }) | null,
  after: CaseModel & { _id: string },
  changes: readonly LedgerChange[],
  now: number,
): Promise<void> => {
  const version = (before?._v ?? 0) + 1
  const paths = [after.ownerPath, ...changes.flatMap((c) => [c.after.ownerPath, ...(c.before ? [c.before.ownerPath] : [])]), ...(before ? [before.ownerPath] : [])]
  const buckets = new Map<string, Bucket & { privacy: Privacy; weeks: Map<string, BucketFigures> }>()
  const rows: Array<Omit<LedgerFactDoc, '_v'>> = []
  for (const change of changes) {
    for (const f of ledgerFacts(change.cmd, change.before, change.after, now)) {
      const { privacy, category } = change.after
      const areaId = await areaOf(tx, f.stationId, paths)
      const row: Omit<LedgerFactDoc, '_v'> = {
        _id: `${after._id}_v${String(version).padStart(4, "0")}_${rows.length}`,
        caseId: after._id,
        kind: f.kind,
        stationId: f.stationId,
        areaId,
        month: monthOf(f.at),
        week: weekOf(f.at),
        at: f.at,
        privacy,
        category,
        ...(f.onTime !== undefined ? { onTime: f.onTime } : {}),
        ...(f.conclusion !== undefined ? { conclusion: f.conclusion } : {}),
        ...(f.amount !== undefined ? { amount: f.amount } : {}),
        ...(f.workers !== undefined ? { workers: f.workers } : {}),
        ...(f.rating !== undefined ? { rating: f.rating } : {}),
      }
      rows.push(row)
      // One document per station and per area and month, holding that month's days of each ISO week too (ADR 0037).
      for (const [level, key] of [['station', f.stationId], ['area', areaId]] as const) {
        const id = rollupId(level, key, row.month, privacy)
        const b = buckets.get(id) ?? { level, key, countyId: areaId, period: row.month, privacy, delta: emptyBucket(), weeks: new Map() }
        addFact(b.delta, f, category)
        const w = b.weeks.get(row.week) ?? emptyBucket()
        b.weeks.set(row.week, addFact(w, f, category))
        buckets.set(id, b)
      }
    }
  }
  if (!rows.length) return
  // The facts in one insert; one request per rollup, whatever the number of facts in it: added to without reading (ADR 0031).
  await tx.insertMany<LedgerFactDoc>(COLLECTIONS.ledgerFacts, rows)
  for (const [id, b] of buckets) {
    const by = bucketPaths(b.delta)
    for (const [week, w] of b.weeks) for (const [path, v] of Object.entries(bucketPaths(w))) by[`weeks.${week}.${path}`] = v
    await tx.increment<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, id, {
      by,
      set: { updatedAt: now },
      create: { level: b.level, key: b.key, countyId: b.countyId, period: b.period, privacy: b.privacy, n: {}, cat: {}, conclusions: {}, weeks: {}, updatedAt: now },
    })
  }
}

/** A bucket's figures as the counter paths `increment` adds to: `n.<figure>`, `cat.<category>.<figure>`, `conclusions.<code>`. */
export const bucketPaths = (b: BucketFigures): Record<string, number> => {
  const by: Record<string, number> = {}
  for (const [k, v] of Object.entries(b.n)) if (v !== undefined) by[`n.${k}`] = v
  for (const [c, f] of Object.entries(b.cat)) for (const [k, v] of Object.entries(f ?? {})) if (v !== undefined) by[`cat.${c}.${k}`] = v
  for (const [k, v] of Object.entries(b.conclusions)) by[`conclusions.${k}`] = v
  return by
}

const PRIVACIES: readonly Privacy[] = ['open', 'confidential', 'anonymous']

/** A week's figures as a month document holds them: counters a fact has added to, the rest empty. */
const weekIn = (d: LedgerRollupDoc, week: string): BucketFigures | null => {
  const w = d.weeks?.[week]
  return w ? { n: w.n ?? {}, cat: w.cat ?? {}, conclusions: w.conclusions ?? {} } : null
}

/**
 * The documents a period's figures are in: a month's is its own; an ISO week's are the months its days fall in
 * (their `weeks` cells, ADR 0037), and the week's own document, which rollups booked before kept per week.
 */
const periodsHolding = (period: string): string[] => (WEEK_RE.test(period) ? [period, ...monthsOfWeek(period)] : [period])

/** What a rollup document adds to a period's figures, or null when it adds nothing. */
const figuresIn = (d: LedgerRollupDoc, period: string): BucketFigures | null => (d.period === period ? d : WEEK_RE.test(period) ? weekIn(d, period) : null)

/**
 * The rollups of these (level, key, period) cells that a side may see (D8a: the store filter `visibleToSide`),
 * added up per cell key `${key}|${period}`. One query for up to a few hundred cells.
 */
export const readRollups = async (store: Store, cells: ReadonlyArray<{ level: RollupLevel; key: string; period: string }>, side: Side): Promise<Map<string, BucketFigures>> => {
  const out = new Map<string, BucketFigures>()
  // Each document read once, and added to every cell asked for that it holds figures of.
  const wanted = new Map<string, Set<string>>()
  for (const c of cells)
    for (const p of periodsHolding(c.period)) for (const privacy of PRIVACIES) {
      const id = rollupId(c.level, c.key, p, privacy)
      wanted.set(id, (wanted.get(id) ?? new Set()).add(c.period))
    }
  const ids = [...wanted.keys()]
  for (let i = 0; i < ids.length; i += 300) {
    const docs = await findAll<LedgerRollupDoc>(store, COLLECTIONS.ledgerRollups, { where: { _id: { $in: ids.slice(i, i + 300) } , ...visibleToSide(side) } })
    for (const d of docs) {
      for (const period of wanted.get(d._id) ?? []) {
        const figures = figuresIn(d, period)
        if (!figures) continue
        const k = `${d.key}|${period}`
        out.set(k, addBucket(out.get(k) ?? emptyBucket(), figures))
      }
    }
  }
  return out
}

/** One station's figures for one period, as a side may see them. */
export const stationFigures = async (store: Store, stationId: string, period: string, side: Side): Promise<BucketFigures> =>
  (await readRollups(store, [{ level: 'station', key: stationId, period }], side)).get(`${stationId}|${period}`) ?? emptyBucket()

/** Every station of an area with figures in a period, as a side may see them (one indexed query). */
export const areaStationFigures = async (store: Store, areaId: string, period: string, side: Side): Promise<Map<string, BucketFigures>> => {
  const holding = periodsHolding(period)
  const docs = await findAll<LedgerRollupDoc>(store, COLLECTIONS.ledgerRollups, {
    where: { level: 'station', countyId: areaId, period: holding.length === 1 ? period : { $in: holding }, ...visibleToSide(side) },
  })
  const out = new Map<string, BucketFigures>()
  for (const d of docs) {
    const figures = figuresIn(d, period)
    if (figures) out.set(d.key, addBucket(out.get(d.key) ?? emptyBucket(), figures))
  }
  return out
}

/**
 * The cases a station's ledger of a month lists — every case with a fact there that month, as a side may see
 * them — with those facts, in the order the cases first appear.
 */
export const ledgerCaseFacts = async (store: Store, stationId: string, month: string, side: Side): Promise<Map<string, LedgerFactDoc[]>> => {
  const facts = await findAll<LedgerFactDoc>(store, COLLECTIONS.ledgerFacts, { where: { stationId, month, ...visibleToSide(side) } })
  const out = new Map<string, LedgerFactDoc[]>()
  for (const f of facts.sort((a, b) => a.at - b.at || a._id.localeCompare(b._id))) out.set(f.caseId, [...(out.get(f.caseId) ?? []), f])
  return out
}

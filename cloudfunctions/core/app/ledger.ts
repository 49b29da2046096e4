import type { Privacy, Side } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { addBucket, addFact, emptyBucket, ledgerFacts, type BucketFigures, type LedgerCommand } from '../domain/ledger'
import type { CaseModel } from '../domain/case-engine'
import { monthOf, monthsOfWeek, WEEK_RE, weekOf } from '../domain/periods'
import { COLLECTIONS } from '../ports/collections'
import type { Store, TxStore, Where } from '../ports/store'
import { visibleToSide } from './cases'
import { findAll } from './find-all'
import type { LedgerFactDoc, LedgerRollupCursorDoc, LedgerRollupDoc, StationDoc } from './records'

/**
 * The ledger's figures, kept as cases change (ADR 16). Every case write (intake and `applyCommand`) calls
 * `bookLedger` inside its own transaction: the change's facts (domain/ledger.ts) are stored there, marked as
 * waiting to be rolled up. The roll-up pass (`rollUpLedger`, ADR 0051) follows the facts: it adds each waiting
 * fact to the rollups it falls in — the station's and its area's month document, with its ISO week inside, on
 * the case's privacy track — without reading them (`TxStore.increment`, ADR 0031). The sweep runs it every run,
 * and every read of figures runs it first (`ledgerFigures`), so a view reads them exact at that moment. A view
 * reads a handful of rollups by id; it never scans cases.
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

/** One change of a case as the ledger books it: the command, the case before it (null at intake) and after it. */
export interface LedgerChange {
  readonly cmd: LedgerCommand
  readonly before: CaseModel | null
  readonly after: CaseModel
}

/** A fact stored so is still to be added to its rollups (ADR 0051): the only value of `rollup`. */
const WAITING = { rollup: 'waiting' } as const

/**
 * Books what happened to a case in one write: the ledger facts of each change, in the transaction `tx` that
 * writes the case, waiting for the roll-up pass. `before` is the case as read (null at intake), `after` the case
 * as written; `changes` the steps between them, in order (one command, or a sweep's deadline steps written
 * together), each fact on its step's privacy track and category. The facts of all steps are numbered on from one
 * another and stored in one insert.
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
  const rows: Array<Omit<LedgerFactDoc, '_v'>> = []
  for (const change of changes) {
    for (const f of ledgerFacts(change.cmd, change.before, change.after, now)) {
      const { privacy, category } = change.after
      const areaId = await areaOf(tx, f.stationId, paths)
      rows.push({
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
        ...WAITING,
      })
    }
  }
  if (rows.length) await tx.insertMany<LedgerFactDoc>(COLLECTIONS.ledgerFacts, rows)
}

/**
 * Adds facts to the rollups they fall in, in `tx`: each on its own privacy track and category, into its
 * station's and its area's month document, that month's days of its ISO week inside it (ADR 0037). One request
 * per rollup document, whatever the number of facts in it: added to without reading (ADR 0031).
 */
const addToRollups = async (tx: TxStore, facts: ReadonlyArray<Omit<LedgerFactDoc, '_v'>>, now: number): Promise<void> => {
  const buckets = new Map<string, Pick<LedgerRollupDoc, 'level' | 'key' | 'countyId' | 'period' | 'privacy'> & { delta: BucketFigures; weeks: Map<string, BucketFigures> }>()
  for (const f of facts) {
    for (const [level, key] of [['station', f.stationId], ['area', f.areaId]] as const) {
      const id = rollupId(level, key, f.month, f.privacy)
      const b = buckets.get(id) ?? { level, key, countyId: f.areaId, period: f.month, privacy: f.privacy, delta: emptyBucket(), weeks: new Map() }
      addFact(b.delta, f, f.category)
      b.weeks.set(f.week, addFact(b.weeks.get(f.week) ?? emptyBucket(), f, f.category))
      buckets.set(id, b)
    }
  }
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

/** Facts the pass takes in one transaction (at most twice as many rollup documents: a station's and its area's). */
export const ROLLUP_BATCH = 100
/** How long a read of figures lets the pass run first (the sweep gives it what is left of its budget). */
export const FIGURES_ROLLUP_BUDGET_MS = 2_000
export const ROLLUP_CURSOR_ID = 'ledger.rollup'
/** Rounds a pass leaves the rest after when another pass keeps winning the cursor (it is doing the same work). */
const ROLLUP_CONFLICTS = 5

const waitingFacts = (store: Store, limit: number) =>
  store.find<LedgerFactDoc>(COLLECTIONS.ledgerFacts, { where: { ...WAITING }, orderBy: { field: '_id', dir: 'asc' }, limit })

/**
 * The roll-up pass (ADR 0051): adds the facts waiting to their rollups, a batch of `ROLLUP_BATCH` at a time in
 * `_id` order, until none wait or `budgetMs` has passed (a first batch always runs). When nothing waits it costs
 * one query. A batch:
 *  1. in one transaction, reads the cursor (`ledger.rollup`): the ids an earlier batch added whose mark may not
 *     have landed; then finds the waiting facts (the store's own read, after the cursor's, so a fact an earlier
 *     batch named is there to be seen); leaves out those the cursor names, adds the rest to their rollups and
 *     writes the cursor with the ids it added, and those of the cursor that may still wait;
 *  2. marks the facts it added and those it left out as rolled up, in one request.
 * A crash between the two adds nothing twice: the next batch finds those facts still waiting, and the cursor
 * names them. Two passes at once serialize on the cursor: the one that commits second meets a write conflict
 * and runs again, or ends its round on STORE_CONFLICT and starts another. Facts stored before ADR 0051 carry no
 * mark and are never found.
 */
export const rollUpLedger = async (ports: { store: Store; clock: { now(): number } }, budgetMs: number): Promise<{ rolledUp: number; complete: boolean }> => {
  const { store } = ports
  const started = performance.now()
  let rolledUp = 0
  let conflicts = 0
  for (let round = 0; ; round++) {
    if (round > 0 && performance.now() - started > budgetMs) return { rolledUp, complete: false }
    if (!round && !(await waitingFacts(store, 1)).items.length) return { rolledUp, complete: true }
    let batch: { added: LedgerFactDoc[]; leftOut: LedgerFactDoc[]; full: boolean }
    try {
      batch = await store.transaction(async (tx) => {
        const cursor = await tx.get<LedgerRollupCursorDoc>(COLLECTIONS.settings, ROLLUP_CURSOR_ID)
        const found = (await waitingFacts(store, ROLLUP_BATCH)).items
        const full = found.length === ROLLUP_BATCH
        const applied = new Set(cursor?.applied ?? [])
        const added = found.filter((f) => !applied.has(f._id))
        const leftOut = found.filter((f) => applied.has(f._id))
        if (!added.length) return { added, leftOut, full }
        await addToRollups(tx, added, ports.clock.now())
        // What the cursor named that this find could not see (past its last fact when the page was full) may still wait.
        const last = found[found.length - 1]!._id
        const seen = new Set(found.map((f) => f._id))
        const unseen = full ? [...applied].filter((id) => id > last && !seen.has(id)) : []
        const next = { applied: [...added, ...leftOut].map((f) => f._id).concat(unseen), updatedAt: ports.clock.now() }
        if (cursor) await tx.update<LedgerRollupCursorDoc>(COLLECTIONS.settings, ROLLUP_CURSOR_ID, cursor._v, next)
        else await tx.insert<LedgerRollupCursorDoc>(COLLECTIONS.settings, { _id: ROLLUP_CURSOR_ID, ...next })
        return { added, leftOut, full }
      })
    } catch (e) {
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      // Another pass wrote the cursor first (a version it had moved, or the cursor it created): it is adding up
      // the same facts. Another round, or after a few the rest is left to it.
      if (++conflicts >= ROLLUP_CONFLICTS) return { rolledUp, complete: false }
      continue
    }
    const done = [...batch.added, ...batch.leftOut]
    if (done.length) await store.updateHeldMany<LedgerFactDoc>(COLLECTIONS.ledgerFacts, done, { rollup: undefined })
    rolledUp += batch.added.length
    if (!batch.full) return { rolledUp, complete: true }
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
const readRollups = async (store: Store, cells: ReadonlyArray<{ level: RollupLevel; key: string; period: string }>, side: Side): Promise<Map<string, BucketFigures>> => {
  const out = new Map<string, BucketFigures>()
  // Each document read once, and added to every cell asked for that it holds figures of.
  const wanted = new Map<string, Set<string>>()
  for (const c of cells)
    for (const p of periodsHolding(c.period)) for (const privacy of PRIVACIES) {
      const id = rollupId(c.level, c.key, p, privacy)
      wanted.set(id, (wanted.get(id) ?? new Set()).add(c.period))
    }
  for (const d of await rollupDocs(store, [...wanted.keys()], visibleToSide(side))) {
    for (const period of wanted.get(d._id) ?? []) {
      const figures = figuresIn(d, period)
      if (!figures) continue
      const k = `${d.key}|${period}`
      out.set(k, addBucket(out.get(k) ?? emptyBucket(), figures))
    }
  }
  return out
}

/** Rollup documents by id that also meet `where`: one query for each few hundred ids. */
const rollupDocs = async (store: Store, ids: readonly string[], where: Where = {}): Promise<LedgerRollupDoc[]> => {
  const out: LedgerRollupDoc[] = []
  for (let i = 0; i < ids.length; i += 300) out.push(...(await findAll<LedgerRollupDoc>(store, COLLECTIONS.ledgerRollups, { where: { _id: { $in: ids.slice(i, i + 300) }, ...where } })))
  return out
}

/** Every station of an area with figures in a period, as a side may see them (one indexed query). */
const areaStationFigures = async (store: Store, areaId: string, period: string, side: Side): Promise<Map<string, BucketFigures>> => {
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

/** The ledger's figures as they stand, read through `ledgerFigures`: every reader of rollups goes through these. */
export interface LedgerFigures {
  /** The rollups of these (level, key, period) cells that a side may see, added up per cell key `${key}|${period}`. */
  readRollups(cells: ReadonlyArray<{ level: RollupLevel; key: string; period: string }>, side: Side): Promise<Map<string, BucketFigures>>
  /** One station's figures for one period, as a side may see them. */
  stationFigures(stationId: string, period: string, side: Side): Promise<BucketFigures>
  /** Every station of an area with figures in a period, as a side may see them (one indexed query). */
  areaStationFigures(areaId: string, period: string, side: Side): Promise<Map<string, BucketFigures>>
  /** Rollup documents by id, of every privacy track (the ratings add up each side's tracks themselves). */
  rollupsById(ids: readonly string[]): Promise<LedgerRollupDoc[]>
}

/**
 * The one way to the rollups (ADR 0051): the facts waiting are rolled up first (`rollUpLedger`, within
 * `FIGURES_ROLLUP_BUDGET_MS`; one query when none wait), so what is read is exact at this moment — every change
 * committed before the call is in it. Take one per view and read through it.
 */
export const ledgerFigures = async (ports: { store: Store; clock: { now(): number } }): Promise<LedgerFigures> => {
  const { store } = ports
  await rollUpLedger(ports, FIGURES_ROLLUP_BUDGET_MS)
  return {
    readRollups: (cells, side) => readRollups(store, cells, side),
    stationFigures: async (stationId, period, side) => (await readRollups(store, [{ level: 'station', key: stationId, period }], side)).get(`${stationId}|${period}`) ?? emptyBucket(),
    areaStationFigures: (areaId, period, side) => areaStationFigures(store, areaId, period, side),
    rollupsById: (ids) => rollupDocs(store, ids),
  }
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

import { cellChanges, counterCountiesOf, countyOfPath, inboxCellsOf, inboxPlaceOf, stationCounterFields, stationOfCounter } from '../domain/inbox'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { MAX_LIMIT, type NewDoc, type Store, type TxStore } from '../ports/store'
import type { LedgerCommand } from '../domain/ledger'
import { readMarkFor, type ThreadSide } from '../domain/thread'
import { AppError } from '../../../types/errors'
import { bookLedger, type LedgerChange } from './ledger'
import { findAll } from './find-all'
import { oncePerEnvironment } from './once'
import { bookProjectArrears } from './projects'
import type { CaseDoc, InboxCountDoc, StationDoc } from './records'

/**
 * The one writer of case documents (ADR 0009): intake's insert and every command's versioned update go through
 * `writeCase`, inside the case's transaction. It stores where the case stands in the inbox
 * (`domain/inbox.ts`: the fields the tabs query and sort on) and moves the tab counters by exactly what the
 * change moves: the case records the cells it is counted in (`inboxCells`), so a change takes back those and
 * adds the new ones, whatever else happened to the document meanwhile (added to blindly, `TxStore.increment`:
 * a cell back at 0 stays, as 0). Only the counters of the stations the case is listed under move (ADR 0045): a
 * 全辖区 adds up its stations' documents, found by the county each carries, which every increment sets.
 * `booked`: what happened to the case (intake or a command) and when, for the ledger's facts (ADR 0016), booked in
 * the same transaction and added to their rollups by the roll-up pass (ADR 0051); a write that changes nothing
 * the ledger counts (a claim, filling in the inbox fields) books nothing.
 */
export const writeCase = async (
  tx: TxStore,
  before: CaseDoc | null,
  next: NewDoc<CaseDoc> | CaseDoc,
  /** `steps`: the changes between `before` and `next` when several were decided together (the sweep's deadline steps), in order. */
  booked?: { readonly cmd: LedgerCommand; readonly at: number; readonly steps?: readonly LedgerChange[] },
): Promise<CaseDoc> => {
  const counties = await countiesOf(tx, before, next)
  const place = inboxPlaceOf(next, (id) => counties.get(id) ?? null)
  const inboxCells = inboxCellsOf(next, place)
  const { _v: _ignored, ...body } = next as CaseDoc
  const doc = { ...body, ...place, inboxCells, ...(body.projectId ? { projectCounted: true } : {}) }
  let stored: CaseDoc
  if (before) {
    const { _id, ...patch } = doc
    stored = await tx.update<CaseDoc>(COLLECTIONS.cases, before._id, before._v, patch)
  } else {
    stored = await tx.insert<CaseDoc>(COLLECTIONS.cases, doc)
  }
  // Added to without reading (ADR 0031): one request per station counter the change moves (ADR 0045), each
  // carrying its station's county; a station the case leaves has it from where the case was.
  const counterCounties = new Map([...(before?.inboxCells?.length ? counterCountiesOf(before, before) : []), ...counterCountiesOf(next, place)])
  for (const [id, changes] of cellChanges(before?.inboxCells ?? [], inboxCells)) {
    const by = Object.fromEntries([...changes].map(([cell, d]) => [`cells.${cell}`, d]))
    const county = counterCounties.get(id)
    // Every counter a change moves is one of the case's stations, before or after (so `county` is known); were it
    // not, the cells still move and the fields stay as they are.
    const fields = county === undefined ? {} : stationCounterFields(county)
    await tx.increment<InboxCountDoc>(COLLECTIONS.inboxCounts, id, { by, set: fields, create: { cells: {}, ...fields } })
  }
  if (booked) await bookLedger(tx, before, stored, booked.steps ?? [{ cmd: booked.cmd, before, after: stored }], booked.at)
  // 菏薪共治: the project's open arrears move with the case (ADR 0023); a write of no wage-arrears project case reads nothing.
  if (stored.projectId || before?.projectId) await bookProjectArrears(tx, before?.projectCounted ? before : null, stored, booked?.at ?? stored.updatedAt)
  return stored
}

/** The counties of the transfer target and the supervisor: as stored when they did not change, else from the station. */
const countiesOf = async (tx: TxStore, before: CaseDoc | null, next: NewDoc<CaseDoc>): Promise<Map<string, string | null>> => {
  const out = new Map<string, string | null>()
  const known = (id: string, was: string | null | undefined, wasCounty: string | null | undefined) =>
    before && was === id && wasCounty !== undefined ? wasCounty : undefined
  const need: Array<[string, string | null | undefined]> = []
  const target = next.pendingTransfer?.toStationId
  if (target) need.push([target, known(target, before?.transferTargetId, before?.transferCountyId)])
  if (next.supervisorStationId) need.push([next.supervisorStationId, known(next.supervisorStationId, before?.supervisorStationId, before?.supervisorCountyId)])
  for (const [id, county] of need) {
    if (county !== undefined) out.set(id, county)
    else {
      const s = await tx.get<StationDoc>(COLLECTIONS.stations, id)
      out.set(id, s ? countyOfPath(s.path) : null)
    }
  }
  return out
}

/**
 * Cases stored before the inbox fields existed get them, and are counted, one versioned transaction each (run
 * by the sweep until none is left). Returns how many it filled in.
 */
export const fillInboxFields = async (ports: Ports, budgetMs: number): Promise<number> => {
  const started = performance.now()
  let filled = 0
  for (;;) {
    const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: { ownTab: null }, limit: 100 })
    if (!page.items.length) return filled
    for (const c of page.items) {
      await ports.store.transaction(async (tx) => {
        const fresh = await tx.get<CaseDoc>(COLLECTIONS.cases, c._id)
        if (fresh && fresh.ownTab === undefined) await writeCase(tx, fresh, fresh)
      })
      filled += 1
    }
    if (performance.now() - started > budgetMs) return filled
  }
}

/** The inbox counters as ADR 0045 keeps them: station documents with their county, no `:subtree` documents. */
export const INBOX_COUNTERS_DOC_ID = 'migration.inbox-counters'

/**
 * Counters stored before ADR 0045, once per environment (from the sweep): each station's document gets the
 * fields a 全辖区 finds it by (`stationCounterFields`, set by an increment of nothing: no version to lose to a
 * case change adding to it meanwhile), and the counties' and the city's `:subtree` documents are removed (no
 * case change writes them any more; a case's stored cells that still name them are left out of its next change,
 * `cellChanges`). A subtree document changed as it was removed (a function of the old version still running)
 * leaves the pass unrecorded: a later run tries again.
 */
export const scopeInboxCountersOnce = (ports: Ports): Promise<number> =>
  oncePerEnvironment(ports, INBOX_COUNTERS_DOC_ID, async () => {
    const { store } = ports
    const counties = new Map((await findAll<StationDoc>(store, COLLECTIONS.stations, {}, MAX_LIMIT)).map((s) => [s._id, countyOfPath(s.path)]))
    let scoped = 0
    let removed = 0
    let finished = true
    for (const d of await findAll<InboxCountDoc>(store, COLLECTIONS.inboxCounts, {}, MAX_LIMIT)) {
      const station = stationOfCounter(d._id)
      if (station === null) {
        try {
          await store.remove(COLLECTIONS.inboxCounts, d._id, d._v)
          removed += 1
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
          finished = false
        }
        continue
      }
      const fields = stationCounterFields(counties.get(station) ?? null)
      if (d.scope === fields.scope && d.countyId === fields.countyId) continue
      await store.increment<InboxCountDoc>(COLLECTIONS.inboxCounts, d._id, { by: {}, set: fields, create: { cells: {}, ...fields } })
      scoped += 1
    }
    return { count: scoped + removed, record: { scoped, removed }, finished }
  })

/**
 * Reading a case's conversation marks it read for this side (the worker, or the station that handles it):
 * one versioned write through the case writer, only when the other side wrote since. Returns the case as
 * stored after it (the same case when there was nothing to mark). It books nothing in the ledger: reading is
 * not something that happened to the case.
 */
export const markThreadRead = async (store: Store, c: CaseDoc, side: ThreadSide, now: number): Promise<CaseDoc> => {
  if (!readMarkFor(c, side, now)) return c
  try {
    return await store.transaction(async (tx) => {
      const fresh = await tx.get<CaseDoc>(COLLECTIONS.cases, c._id)
      const mark = fresh && readMarkFor(fresh, side, now)
      if (!fresh || !mark) return fresh ?? c
      return writeCase(tx, fresh, { ...fresh, ...mark })
    })
  } catch (e) {
    // Someone changed the case at this moment: the mark waits for the next read; the page still shows the case.
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return c
    throw e
  }
}

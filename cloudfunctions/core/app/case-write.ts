import { cellChanges, countyOfPath, inboxCellsOf, inboxPlaceOf } from '../domain/inbox'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { NewDoc, Store, TxStore } from '../ports/store'
import type { LedgerCommand } from '../domain/ledger'
import { readMarkFor, type ThreadSide } from '../domain/thread'
import { AppError } from '../../../types/errors'
import { bookLedger, type LedgerChange } from './ledger'
import { bookProjectArrears } from './projects'
import type { CaseDoc, InboxCountDoc, StationDoc } from './records'

/**
 * The one writer of case documents (ADR 0009): intake's insert and every command's versioned update go through
 * `writeCase`, inside the case's transaction. It stores where the case stands in the inbox
 * (`domain/inbox.ts`: the fields the tabs query and sort on) and moves the tab counters by exactly what the
 * change moves: the case records the cells it is counted in (`inboxCells`), so a change takes back those and
 * adds the new ones, whatever else happened to the document meanwhile (added to blindly, `TxStore.increment`:
 * a cell back at 0 stays, as 0). `booked`: what happened to the case (intake
 * or a command) and when, for the ledger's facts and rollups (ADR 0016), booked in the same transaction; a
 * write that changes nothing the ledger counts (a claim, filling in the inbox fields) books nothing.
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
  // Added to without reading (ADR 0031): one request per counter document the change moves.
  for (const [id, changes] of cellChanges(before?.inboxCells ?? [], inboxCells)) {
    const by = Object.fromEntries([...changes].map(([cell, d]) => [`cells.${cell}`, d]))
    await tx.increment<InboxCountDoc>(COLLECTIONS.inboxCounts, id, { by, create: { cells: {} } })
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

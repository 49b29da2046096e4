import { Category, Privacy, TERMINAL_STATES } from '../../../types/domain'
import type { InboxTab } from '../../../types/contracts/inbox'
import type { CaseModel } from './case-engine'
import type { ClockName } from './case-clocks'

/**
 * Where a case stands in the inbox, as a pure function of the case (ADR 0009). The case writer stores the
 * result on the case (indexed fields the tabs query and sort on) and keeps the tab counters from it, in the
 * case's own transaction, so listing and counting read the same facts.
 */

/** The tabs by the station a case is listed under: its owner, the station a transfer waits on, its supervisor. */
export const TAB_ROLE: Record<InboxTab, 'owner' | 'transfer' | 'supervisor'> = {
  pending: 'owner',
  active: 'owner',
  soon: 'owner',
  overdue: 'owner',
  done: 'owner',
  incoming: 'transfer',
  supervising: 'supervisor',
}

export type OwnTab = 'pending' | 'active' | 'done'
export type TimeTab = 'soon' | 'overdue'

/** Sorts after every dated case: cases with no deadline for the station (paused, or waiting on the worker). */
export const AFTER_DATED = 8_000_000_000_000_000

export interface InboxPlace {
  /** The county of the owning station (its path's second station); null for a case the city owns. */
  ownerCountyId: string | null
  /** 待受理 · 办理中 · 已办结, by state. */
  ownTab: OwnTab
  /**
   * Sorts the owner's tabs and 督办 by the deadline that matters there: the one the station must meet now, soonest
   * first (cases without one after them, by filing time); 已办结 by when it was closed, newest first.
   */
  ownSort: number
  /** 即将超期 / 已超期, or neither. */
  timeTab: TimeTab | null
  /** The station a transfer waits on, its county, and the time it has to answer by (sorts 转来). */
  transferTargetId: string | null
  transferCountyId: string | null
  transferDue: number | null
  /** The county of the supervising station (督办). */
  supervisorCountyId: string | null
  /** `ownSort` while a supervised case is still open; null when there is nothing to supervise (sorts and selects 督办). */
  superSort: number | null
}

/** The deadline the owning station has to meet now: 受理 while the case waits to be accepted, 办结 while it is handled. */
export const stationClock = (c: Pick<CaseModel, 'state'>): 'accept' | 'resolve' | null =>
  c.state === 'submitted' ? 'accept' : c.state === 'accepted' || c.state === 'in_progress' ? 'resolve' : null

/**
 * The deadline a case still being handled has already missed: 办结 once the resolve clock has run out (the
 * parent supervises it, or owns it after a second miss: it stays late until it is answered), or 受理 at the
 * city, which keeps a case it did not accept in time. A missed accept elsewhere moves the case up with a fresh
 * clock, and the new owner has missed nothing.
 */
export const missedClock = (c: Pick<CaseModel, 'state' | 'clocks'>): 'accept' | 'resolve' | null => {
  const n = stationClock(c)
  if (!n) return null
  if (c.clocks.resolve.misses > 0) return 'resolve'
  if (n === 'accept' && c.clocks.accept.misses > 0) return 'accept'
  return null
}

/**
 * 即将超期 and 已超期, defined once (ADR 0009), for cases the station is handling (待受理 or 已受理/办理中, not
 * paused and not waiting on the worker):
 *  - 已超期: `missedClock` names a deadline it has missed;
 *  - 即将超期: otherwise, its station clock is past the 75 % point where the engine warns the station (the sweep's
 *    `warn` command clears `warnAt` when it does), and not yet due. A clock the engine runs without a warning
 *    (a group case's shortened 办结 deadline, the city's repeated 受理 clock) counts as near from its start.
 * Both follow the engine's own steps, which the sweep takes at the 75 % point and at the deadline (every 5
 * minutes): a case enters the tab with that write, never by the clock alone.
 */
export const timeTabOf = (c: Pick<CaseModel, 'state' | 'clocks'>): TimeTab | null => {
  const n = stationClock(c)
  if (!n) return null
  if (missedClock(c)) return 'overdue'
  const clock = c.clocks[n]
  return clock.dueAt !== null && clock.warnAt === null ? 'soon' : null
}

const ownTabOf = (c: Pick<CaseModel, 'state'>): OwnTab => (c.state === 'submitted' ? 'pending' : TERMINAL_STATES.includes(c.state) ? 'done' : 'active')

const ownSortOf = (c: Pick<CaseModel, 'state' | 'clocks' | 'closedAt' | 'createdAt'>): number => {
  if (TERMINAL_STATES.includes(c.state)) return c.closedAt ?? c.createdAt
  const n: ClockName | null = stationClock(c)
  const due = n ? c.clocks[n].dueAt : null
  return due ?? AFTER_DATED + c.createdAt
}

export type InboxCase = Pick<
  CaseModel,
  'state' | 'clocks' | 'closedAt' | 'createdAt' | 'ownerPath' | 'ownerStationId' | 'pendingTransfer' | 'supervisorStationId' | 'privacy' | 'category'
>

/** The county a station belongs to, from its path (null for the city). */
export const countyOfPath = (path: readonly string[]): string | null => path[1] ?? null

/** Where the case stands; `countyOf` gives the county of the transfer target and the supervisor. */
export const inboxPlaceOf = (c: InboxCase, countyOf: (stationId: string) => string | null): InboxPlace => {
  const ownTab = ownTabOf(c)
  const ownSort = ownSortOf(c)
  const target = c.pendingTransfer?.toStationId ?? null
  return {
    ownerCountyId: countyOfPath(c.ownerPath),
    ownTab,
    ownSort,
    timeTab: timeTabOf(c),
    transferTargetId: target,
    transferCountyId: target ? countyOf(target) : null,
    transferDue: target ? (c.clocks.transfer.dueAt ?? AFTER_DATED + c.createdAt) : null,
    supervisorCountyId: c.supervisorStationId ? countyOf(c.supervisorStationId) : null,
    superSort: c.supervisorStationId && ownTab !== 'done' ? ownSort : null,
  }
}

/**
 * The counter document of a station (本站): `<stationId>:station`. It is the only kind there is (ADR 0045): a
 * county's or the city's 全辖区 counts are the sum of the station documents of that subtree, found by the county
 * each carries (`StationCounterFields`).
 */
const STATION_COUNTER = ':station'
export const counterDocId = (stationId: string): string => `${stationId}${STATION_COUNTER}`
/** The station of a counter document; null for one that is not a station's (a `:subtree` document of before ADR 0045). */
export const stationOfCounter = (docId: string): string | null => (docId.endsWith(STATION_COUNTER) ? docId.slice(0, -STATION_COUNTER.length) : null)

/**
 * What a station's counter document carries besides its cells, so one query finds a subtree's documents: the
 * city's 全辖区 reads every document of `scope: 'station'`, a county's those of its `countyId` (the station's
 * path's second station: the county station itself is in its county; null for the city's own station, which only
 * the city's 全辖区 counts). Kept by every increment, so a document is right from the first change that makes it.
 */
export interface StationCounterFields {
  scope: 'station'
  countyId: string | null
}
export const stationCounterFields = (countyId: string | null): StationCounterFields => ({ scope: 'station', countyId })

/** A counter cell within a document: `<tab>|<privacy>|<category>`, so counts honour the visibility rule and filters. */
export const cellKey = (tab: InboxTab, privacy: Privacy, category: Category): string => `${tab}|${privacy}|${category}`

/**
 * Every counter cell a case adds 1 to, as `<counter doc id>|<cell key>`: for each tab it is in, the counter of the
 * station it is listed under there (owner, transfer target, supervisor). A case is in at most one tab per station
 * role, so no cell appears twice.
 */
export const inboxCellsOf = (c: InboxCase, place: InboxPlace): string[] => {
  const out: string[] = []
  const add = (tab: InboxTab, stationId: string) => out.push(`${counterDocId(stationId)}|${cellKey(tab, c.privacy, c.category)}`)
  add(place.ownTab, c.ownerStationId)
  if (place.timeTab) add(place.timeTab, c.ownerStationId)
  if (place.transferTargetId) add('incoming', place.transferTargetId)
  if (place.superSort !== null && c.supervisorStationId) add('supervising', c.supervisorStationId)
  return out
}

/**
 * The counter documents a case in this place may be counted in, with the county each carries: its owner, the
 * station a transfer waits on, its supervisor (as the place says of each).
 */
export const counterCountiesOf = (
  c: Pick<InboxCase, 'ownerStationId' | 'supervisorStationId'>,
  place: Partial<Pick<InboxPlace, 'ownerCountyId' | 'transferTargetId' | 'transferCountyId' | 'supervisorCountyId'>>,
): Map<string, string | null> => {
  const out = new Map<string, string | null>()
  if (c.supervisorStationId) out.set(counterDocId(c.supervisorStationId), place.supervisorCountyId ?? null)
  if (place.transferTargetId) out.set(counterDocId(place.transferTargetId), place.transferCountyId ?? null)
  out.set(counterDocId(c.ownerStationId), place.ownerCountyId ?? null)
  return out
}

/**
 * What a change does to the counters: per document, the cells that move and by how much (never a 0). Only
 * station counters move: a case stored before ADR 0045 may still name the county's and the city's `:subtree`
 * documents among its cells, which are no more (the once-per-environment pass removes them), so those cells are
 * left out; the case's next cells name its stations only.
 */
export const cellChanges = (before: readonly string[], after: readonly string[]): Map<string, Map<string, number>> => {
  const delta = new Map<string, number>()
  for (const c of before) delta.set(c, (delta.get(c) ?? 0) - 1)
  for (const c of after) delta.set(c, (delta.get(c) ?? 0) + 1)
  const out = new Map<string, Map<string, number>>()
  for (const [cell, d] of delta) {
    if (d === 0) continue
    const bar = cell.indexOf('|')
    const doc = cell.slice(0, bar)
    if (stationOfCounter(doc) === null) continue
    const key = cell.slice(bar + 1)
    if (!out.has(doc)) out.set(doc, new Map())
    out.get(doc)!.set(key, d)
  }
  return out
}

/**
 * A tab's count from counter cells: the privacy tracks the reader's side may see (the visibility rule, D8a),
 * narrowed by the privacy and category filters when given.
 */
export const countFromCells = (
  cells: ReadonlyArray<Readonly<Record<string, number>>>,
  tab: InboxTab,
  privacies: readonly Privacy[],
  category?: Category,
): number => {
  let n = 0
  for (const doc of cells)
    for (const p of privacies) for (const cat of category ? [category] : Category.options) n += doc[cellKey(tab, p, cat)] ?? 0
  return n
}

/** Beijing midnight of a day ("2026-11-25") in epoch ms; `next` gives the midnight after it. */
export const dayStart = (day: string, next = false): number => {
  const [y, m, d] = day.split('-').map(Number)
  return Date.UTC(y!, m! - 1, d! + (next ? 1 : 0)) - 8 * 3600_000
}

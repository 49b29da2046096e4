import { PRIVACIES_SEEN_BY, sideSees } from '../../../types/authz'
import { INBOX_COUNT_CAP, InboxTab, type ListInboxInput } from '../../../types/contracts/inbox'
import type { Privacy, Side } from '../../../types/domain'
import { counterDocId, countFromCells, dayStart, TAB_ROLE } from '../domain/inbox'
import { MAX_LIMIT, type Store, type Where } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import { visibleToSide } from './cases'
import { findAll } from './find-all'
import type { CaseDoc, InboxCountDoc, StationDoc } from './records'

/**
 * The inbox's store queries (ADR 0009). A view is a station and a level: one station's own cases (本站, or a
 * station picked in 全辖区), a county's every station, or the whole city. Each tab is one indexed walk in the
 * order the tab sorts (`INDEXES` names them), with the visibility rule (`visibleToSide`) and the filters on top;
 * the counts come from the tab counters the case writer keeps, in one read.
 */
export interface InboxView {
  stationId: string
  level: 'station' | 'county' | 'city'
}

/** The view an inbox call asks for: its station (checked by the contract's station access) and scope. */
export const viewOf = (input: Pick<ListInboxInput, 'scope' | 'filterStationId'>, station: StationDoc): InboxView => {
  if (input.scope === 'station') return { stationId: station._id, level: 'station' }
  if (input.filterStationId) return { stationId: input.filterStationId, level: 'station' }
  return { stationId: station._id, level: station.kind === 'city' ? 'city' : 'county' }
}

const ROLE_FIELD = {
  owner: { station: 'ownerStationId', county: 'ownerCountyId' },
  transfer: { station: 'transferTargetId', county: 'transferCountyId' },
  supervisor: { station: 'supervisorStationId', county: 'supervisorCountyId' },
} as const

/** Each tab: what selects it and how it sorts (the deadline that matters there; 已办结 newest first). */
const TAB_QUERY: Record<InboxTab, { where: Where; sort: { field: string; dir: 'asc' | 'desc' } }> = {
  pending: { where: { ownTab: 'pending' }, sort: { field: 'ownSort', dir: 'asc' } },
  active: { where: { ownTab: 'active' }, sort: { field: 'ownSort', dir: 'asc' } },
  soon: { where: { timeTab: 'soon' }, sort: { field: 'ownSort', dir: 'asc' } },
  overdue: { where: { timeTab: 'overdue' }, sort: { field: 'ownSort', dir: 'asc' } },
  done: { where: { ownTab: 'done' }, sort: { field: 'ownSort', dir: 'desc' } },
  incoming: { where: { transferDue: { $gte: 0 } }, sort: { field: 'transferDue', dir: 'asc' } },
  supervising: { where: { superSort: { $gte: 0 } }, sort: { field: 'superSort', dir: 'asc' } },
}

export type InboxFilters = Pick<ListInboxInput, 'category' | 'privacy' | 'filedFrom' | 'filedTo'>

/**
 * The privacy tracks a view may show: what the reader's side sees (D8a), narrowed by the privacy filter. Empty
 * when the filter asks for a track the side does not see.
 */
export const privaciesShown = (side: Side, filter?: Privacy): readonly Privacy[] =>
  filter ? (sideSees(side, filter) ? [filter] : []) : PRIVACIES_SEEN_BY[side]

/** The query of one tab of a view, for a reader of this side, with the filters. */
export const tabWhere = (view: InboxView, tab: InboxTab, side: Side, filters: InboxFilters): Where => {
  const role = ROLE_FIELD[TAB_ROLE[tab]]
  const shown = privaciesShown(side, filters.privacy)
  return {
    ...(view.level === 'city' ? {} : { [role[view.level]]: view.stationId }),
    ...TAB_QUERY[tab].where,
    ...(filters.privacy ? { privacy: { $in: [...shown] } } : visibleToSide(side)),
    ...(filters.category ? { category: filters.category } : {}),
    ...(filters.filedFrom || filters.filedTo
      ? { createdAt: { ...(filters.filedFrom ? { $gte: dayStart(filters.filedFrom) } : {}), ...(filters.filedTo ? { $lt: dayStart(filters.filedTo, true) } : {}) } }
      : {}),
  }
}

/** One page of a tab. */
export const findTab = (store: Store, view: InboxView, tab: InboxTab, side: Side, filters: InboxFilters, page: { after?: string; limit: number }) =>
  store.find<CaseDoc>(COLLECTIONS.cases, { where: tabWhere(view, tab, side, filters), orderBy: TAB_QUERY[tab].sort, limit: page.limit, after: page.after })

export interface TabCounts {
  counts: Record<InboxTab, number>
  /** True for a count that reached the cap (shown 「99+」). */
  capped: Record<InboxTab, boolean>
}

/**
 * The counter documents a view adds up (ADR 0045): 本站 (or a station picked in 全辖区) its station's own, one
 * read; a county's 全辖区 every station counter of the county, the city's every station counter, in one query
 * (a page of up to 1000 documents: a station has one once a case has been listed under it; each further 1000 is
 * one more request).
 */
const counterCells = async (store: Store, view: InboxView): Promise<Array<Record<string, number>>> => {
  if (view.level === 'station') {
    const doc = await store.get<InboxCountDoc>(COLLECTIONS.inboxCounts, counterDocId(view.stationId))
    return doc ? [doc.cells] : []
  }
  const where: Where = { scope: 'station', ...(view.level === 'county' ? { countyId: view.stationId } : {}) }
  const docs = await findAll<InboxCountDoc>(store, COLLECTIONS.inboxCounts, { where }, MAX_LIMIT)
  return docs.map((d) => d.cells)
}

/**
 * Every tab's count. Without a filing-date filter: from the view's counter documents, one request, exact (a
 * station, category or privacy filter is a cell of them). With one: a capped indexed count per tab.
 */
export const countTabs = async (store: Store, view: InboxView, side: Side, filters: InboxFilters): Promise<TabCounts> => {
  const shown = privaciesShown(side, filters.privacy)
  const tabs = InboxTab.options
  if (!filters.filedFrom && !filters.filedTo) {
    const cells = shown.length ? await counterCells(store, view) : []
    return {
      counts: Object.fromEntries(tabs.map((t) => [t, countFromCells(cells, t, shown, filters.category)])) as Record<InboxTab, number>,
      capped: Object.fromEntries(tabs.map((t) => [t, false])) as Record<InboxTab, boolean>,
    }
  }
  const counts = await Promise.all(
    tabs.map((t) => (shown.length ? store.count(COLLECTIONS.cases, tabWhere(view, t, side, filters), { upTo: INBOX_COUNT_CAP }) : Promise.resolve(0))),
  )
  return {
    counts: Object.fromEntries(tabs.map((t, i) => [t, counts[i]!])) as Record<InboxTab, number>,
    capped: Object.fromEntries(tabs.map((t, i) => [t, counts[i]! >= INBOX_COUNT_CAP])) as Record<InboxTab, boolean>,
  }
}

/** A count as a tab shows it. */
export const countLabel = (n: number, capped: boolean): string => (capped ? `${INBOX_COUNT_CAP - 1}+` : String(n))

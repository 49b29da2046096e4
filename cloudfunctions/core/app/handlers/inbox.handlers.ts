import { PRIVACIES_SEEN_BY } from '../../../../types/authz'
import { INBOX_CONTRACTS, InboxTab, inboxFilters, listInbox } from '../../../../types/contracts/inbox'
import { Category, PRIVACY_LABEL, STATION_KIND_LABEL } from '../../../../types/domain'
import { COLLECTIONS } from '../../ports/collections'
import { inboxRow } from '../cases'
import { findAll } from '../find-all'
import { loadCategories, recentCategoryNames } from '../policy'
import { defineHandler, type HandlersOf } from '../handler'
import { countLabel, countTabs, findTab, privaciesShown, viewOf } from '../inbox'
import type { StationDoc } from '../records'
import { allowsStation } from '../scope'
import { stationsById } from '../stations'

// The operations of contracts/inbox.ts: the officer's inbox and what its filters offer.

/**
 * One tab of a view (本站 or 全辖区, filtered), with every tab's count on the first page. The station, the scope and
 * a station filter were checked by the contract's station access; rows and counts show only what the
 * membership's side may see (D8a). At most three reads: the counters, the page, the names of other stations.
 */
const listInboxHandler = defineHandler(listInbox, async (input, { ports, officer, station }) => {
  const here = station!
  const membership = officer!.memberships.find((m) => m.stationId === here._id)!
  const view = viewOf(input, here)
  const filters = { category: input.category, privacy: input.privacy, filedFrom: input.filedFrom, filedTo: input.filedTo }
  const nothingShown = privaciesShown(membership.side, input.privacy).length === 0
  const [counted, page, categoryNames] = await Promise.all([
    input.after ? null : countTabs(ports.store, view, membership.side, filters),
    nothingShown ? { items: [] } : findTab(ports.store, view, input.tab, membership.side, filters, { after: input.after, limit: input.limit }),
    recentCategoryNames(ports.store),
  ])
  const names = new Map<string, StationDoc>([[here._id, here]])
  const others = page.items.flatMap((c) => [c.ownerStationId, ...(c.supervisorStationId ? [c.supervisorStationId] : [])]).filter((id) => !names.has(id))
  if (others.length) for (const [id, s] of await stationsById(ports.store, others, officer!.stations)) names.set(id, s)
  return {
    items: page.items.map((c) => inboxRow(c, names, ports.clock, categoryNames)),
    ...('next' in page && page.next ? { next: page.next } : {}),
    ...(counted
      ? {
          counts: counted.counts,
          countLabels: Object.fromEntries(InboxTab.options.map((t) => [t, countLabel(counted.counts[t], counted.capped[t])])) as Record<InboxTab, string>,
        }
      : {}),
  }
})

/** The filters' choices: 全辖区's stations (this one, then below it by county and kind), the categories, the tracks seen. */
const inboxFiltersHandler = defineHandler(inboxFilters, async (_input, { ports, officer, station, scope }) => {
  const here = station!
  const membership = officer!.memberships.find((m) => m.stationId === here._id)!
  let stations: StationDoc[] = []
  if (allowsStation('subtree', here, officer!, scope!)) {
    if (here.kind === 'city') {
      const all = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { orderBy: { field: 'sortKey', dir: 'asc' } })
      const counties = all.filter((s) => s.kind === 'county')
      stations = [here, ...counties.flatMap((c) => [c, ...all.filter((s) => s.countyId === c._id && s._id !== c._id)])]
    } else {
      const below = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { countyId: here._id }, orderBy: { field: 'sortKey', dir: 'asc' } })
      stations = [here, ...below.filter((s) => s._id !== here._id)]
    }
  }
  return {
    stations: stations.map((s) => ({ id: s._id, name: s.name, kindLabel: `${STATION_KIND_LABEL[s.kind]}${s.status === 'suspended' ? '（暂停服务）' : ''}` })),
    categories: await loadCategories(ports.store).then((cat) => Category.options.map((c) => ({ value: c, label: cat[c].enabled ? cat[c].name : `${cat[c].name}（已停用）` }))),
    privacies: PRIVACIES_SEEN_BY[membership.side].map((p) => ({ value: p, label: PRIVACY_LABEL[p] })),
  }
})

export const INBOX_HANDLERS: HandlersOf<typeof INBOX_CONTRACTS> = {
  listInbox: listInboxHandler,
  inboxFilters: inboxFiltersHandler,
}

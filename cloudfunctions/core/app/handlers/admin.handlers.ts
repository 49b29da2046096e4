import { ADMIN_CONTRACTS, getNetworkTree, type TreeNodeT } from '../../../../types/contracts/admin'
import { COLLECTIONS } from '../../ports/collections'
import { findAll } from '../find-all'
import { defineHandler, type HandlersOf } from '../handler'
import type { MembershipDoc, StationDoc } from '../records'
import { summary } from '../stations'

/** The tree under each station where the caller is an admin (a city admin sees the whole network). */
const getNetworkTreeHandler = defineHandler(getNetworkTree, async (_input, { ports, scope }) => {
  const adminStations = scope!.stations.map((s) => s.id)
  const stations = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { orderBy: { field: 'sortKey', dir: 'asc' } })
  const memberships = await findAll<MembershipDoc>(ports.store, COLLECTIONS.memberships, {}, 1000)
  const officerCount = new Map<string, Set<string>>()
  for (const m of memberships) {
    if (!officerCount.has(m.stationId)) officerCount.set(m.stationId, new Set())
    officerCount.get(m.stationId)!.add(m.officerId)
  }
  const children = new Map<string, StationDoc[]>()
  for (const s of stations) {
    if (!s.parentId) continue
    if (!children.has(s.parentId)) children.set(s.parentId, [])
    children.get(s.parentId)!.push(s)
  }
  const node = (s: StationDoc): TreeNodeT => ({
    ...summary(s),
    officerCount: officerCount.get(s._id)?.size ?? 0,
    children: (children.get(s._id) ?? []).map(node),
  })
  // A county admin under a city admin's tree would repeat: keep only the topmost admin stations.
  const byId = new Map(stations.map((s) => [s._id, s]))
  const roots = adminStations
    .map((id) => byId.get(id))
    .filter((s): s is StationDoc => !!s)
    .filter((s) => !adminStations.some((other) => other !== s._id && s.path.includes(other)))
  return { roots: roots.map(node) }
})

export const ADMIN_HANDLERS: HandlersOf<typeof ADMIN_CONTRACTS> = { getNetworkTree: getNetworkTreeHandler }

import { STATION_KIND_LABEL, type StationKind } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import type { StationSummary } from '../../../types/contracts/station'
import { employerKey, enterpriseNameOf } from '../domain/employer'
import type { Store, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import type { MembershipDoc, StationDoc } from './records'

const KIND_RANK: Record<StationKind, number> = { city: 0, county: 1, township: 2, park: 3, enterprise: 4 }

/** Orders siblings in lists: by kind (city, county, township, park, enterprise), then by the given key. */
export const stationSortKey = (kind: StationKind, key: string): string => `${KIND_RANK[kind]}-${key}`

export const summary = (s: StationDoc): StationSummary => ({
  id: s._id,
  code: s.code,
  name: s.name,
  kind: s.kind,
  kindLabel: STATION_KIND_LABEL[s.kind],
  demo: s.demo,
  status: s.status,
})

/**
 * The stations a call already holds, read fresh in its first request: the caller's own stations and those above
 * them, joined to their memberships (`OfficerView.stations`, ADR 0040). A station asked for by id is taken from
 * there and not read again; any other is read. Only for what the call reads before it writes: a station the call
 * changes is read again by whoever needs it after.
 */
export type KnownStations = ReadonlyMap<string, StationDoc>

export const getStationOr404 = async (store: Store | TxStore, id: string, known?: KnownStations): Promise<StationDoc> => {
  const s = known?.get(id) ?? (await store.get<StationDoc>(COLLECTIONS.stations, id))
  if (!s) throw new AppError('STATION_NOT_FOUND')
  return s
}

/**
 * A station and its chain (itself, then its ancestors nearest first, up to the city), every document read fresh,
 * in one query when this instance has seen the station before (ADR 0037): the path it last saw is only a guess
 * of which ids to ask for with the station itself. The station's path as read now decides the chain; an
 * ancestor the guess missed (the station moved since) is read in a second query, as is every ancestor the first
 * time. Nothing is taken from memory but ids to ask for, so a suspension, a move or a rename is seen at once.
 */
export const stationWithChain = async (store: Store, id: string): Promise<StationDoc[]> => (await chainOf(store, id, false)).chain

/**
 * `stationWithChain`, with the memberships of the stations its first query read, joined to them in that same
 * request (ADR 0055): what a filing tells the officers of the station it goes to, without reading them again.
 * A station read in the second query (the first time, or after a move) has no entry: its members are read by
 * whoever needs them.
 */
export const stationWithChainAndMembers = (store: Store, id: string): Promise<{ chain: StationDoc[]; members: Map<string, MembershipDoc[]> }> => chainOf(store, id, true)

const chainOf = async (store: Store, id: string, withMembers: boolean): Promise<{ chain: StationDoc[]; members: Map<string, MembershipDoc[]> }> => {
  const guess = pathSeen.get(id) ?? []
  const members = new Map<string, MembershipDoc[]>()
  let found: Map<string, StationDoc>
  if (withMembers) {
    found = new Map()
    const ids = [...new Set([id, ...guess])]
    const page = await store.findJoined<StationDoc, 'members'>(COLLECTIONS.stations, {
      where: { _id: { $in: ids } },
      limit: ids.length,
      join: [{ from: COLLECTIONS.memberships, localField: '_id', foreignField: 'stationId', as: 'members' }],
    })
    for (const { members: m, ...s } of page.items) {
      found.set(s._id, s as StationDoc)
      members.set(s._id, m as MembershipDoc[])
    }
  } else found = await stationsById(store, [id, ...guess])
  const station = found.get(id)
  if (!station) throw new AppError('STATION_NOT_FOUND')
  rememberPath(station)
  const above = [...station.path].reverse().slice(1)
  const missing = above.filter((a) => !found.has(a))
  if (missing.length) for (const [k, s] of await stationsById(store, missing)) found.set(k, s)
  return {
    chain: [
      station,
      ...above.map((a) => {
        const s = found.get(a)
        if (!s) throw new AppError('STATION_NOT_FOUND')
        return s
      }),
    ],
    members,
  }
}
/** Station id → the path this instance last read for it: which ids to ask for with it (a guess, never an answer). */
const pathSeen = new Map<string, readonly string[]>()
const PATHS_KEPT = 20_000
const rememberPath = (s: StationDoc) => {
  if (pathSeen.size >= PATHS_KEPT && !pathSeen.has(s._id)) pathSeen.clear()
  pathSeen.set(s._id, s.path.filter((x) => x !== s._id))
}

/** Loads many stations by id, once each: those the call holds (`known`) from there, the others in one query per 100. */
export const stationsById = async (store: Store, ids: Iterable<string>, known?: KnownStations): Promise<Map<string, StationDoc>> => {
  const found = new Map<string, StationDoc>()
  const unique = [...new Set(ids)].filter((id) => {
    const s = known?.get(id)
    if (s) found.set(id, s)
    return !s
  })
  for (let i = 0; i < unique.length; i += 100) {
    const page = await store.find<StationDoc>(COLLECTIONS.stations, { where: { _id: { $in: unique.slice(i, i + 100) } }, limit: 100 })
    for (const s of page.items) found.set(s._id, s)
  }
  return found
}

/** The key an enterprise station is found by in the case form's employer suggestions (ADR 0011); other kinds have none. */
export const stationEmployerFields = (kind: StationKind, name: string): { employerKey?: string } =>
  kind === 'enterprise' ? { employerKey: employerKey(enterpriseNameOf(name)) } : {}

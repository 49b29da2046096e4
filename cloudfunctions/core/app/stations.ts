import { STATION_KIND_LABEL, type StationKind } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import type { StationSummary } from '../../../types/contracts/station'
import { employerKey, enterpriseNameOf } from '../domain/employer'
import type { Store, TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import type { StationDoc } from './records'

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

export const getStationOr404 = async (store: Store | TxStore, id: string): Promise<StationDoc> => {
  const s = await store.get<StationDoc>(COLLECTIONS.stations, id)
  if (!s) throw new AppError('STATION_NOT_FOUND')
  return s
}

/** The station and its ancestors, nearest first, up to the city: its `path` names them all, read in one query. */
export const chainOf = async (store: Store, station: StationDoc): Promise<StationDoc[]> => {
  const above = [...station.path].reverse().slice(1)
  const found = await stationsById(store, above)
  return [
    station,
    ...above.map((id) => {
      const s = found.get(id)
      if (!s) throw new AppError('STATION_NOT_FOUND')
      return s
    }),
  ]
}

/** Loads many stations by id, once each. */
export const stationsById = async (store: Store, ids: Iterable<string>): Promise<Map<string, StationDoc>> => {
  const unique = [...new Set(ids)]
  const found = new Map<string, StationDoc>()
  for (let i = 0; i < unique.length; i += 100) {
    const page = await store.find<StationDoc>(COLLECTIONS.stations, { where: { _id: { $in: unique.slice(i, i + 100) } }, limit: 100 })
    for (const s of page.items) found.set(s._id, s)
  }
  return found
}

/** The key an enterprise station is found by in the case form's employer suggestions (ADR 0011); other kinds have none. */
export const stationEmployerFields = (kind: StationKind, name: string): { employerKey?: string } =>
  kind === 'enterprise' ? { employerKey: employerKey(enterpriseNameOf(name)) } : {}

import type { Ports } from '../ports'
import type { OfficerView, StationDoc } from './records'
import { stationsById } from './stations'

/** Where an officer is a bureau admin: the whole city, or some counties. */
export interface AdminScope {
  city: boolean
  countyIds: string[]
}

export const adminScope = async (ports: Ports, officer: OfficerView): Promise<AdminScope> => {
  const ids = officer.memberships.filter((m) => m.admin).map((m) => m.stationId)
  const stations = [...(await stationsById(ports.store, ids)).values()]
  return { city: stations.some((s) => s.kind === 'city'), countyIds: stations.filter((s) => s.kind === 'county').map((s) => s._id) }
}

/** An admin's scope covers a station when it is the city's, or the station is (in) one of their counties. */
export const covers = (scope: AdminScope, station: StationDoc): boolean =>
  scope.city || scope.countyIds.includes(station._id) || (station.countyId !== null && scope.countyIds.includes(station.countyId))

export const isHeadOf = (officer: OfficerView, stationId: string): boolean =>
  officer.memberships.some((m) => m.stationId === stationId && m.role === 'head')

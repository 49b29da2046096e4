import { isAdminMembership } from '../../../types/authz'
import type { Side } from '../../../types/domain'
import type { Ports } from '../ports'
import type { OfficerView, StationDoc } from './records'
import { stationsById } from './stations'

/** Where an officer is a bureau admin: the whole city, or some counties. */
export interface AdminScope {
  city: boolean
  countyIds: string[]
  /** The sides the admin memberships read through (always government, D8b). */
  sides: Side[]
}

export const adminScope = async (ports: Ports, officer: OfficerView): Promise<AdminScope> => {
  const admin = officer.memberships.filter(isAdminMembership)
  const stations = [...(await stationsById(ports.store, admin.map((m) => m.stationId))).values()]
  return {
    city: stations.some((s) => s.kind === 'city'),
    countyIds: stations.filter((s) => s.kind === 'county').map((s) => s._id),
    sides: [...new Set(admin.map((m) => m.side))],
  }
}

/** An admin's scope covers a station when it is the city's, or the station is (in) one of their counties. */
export const covers = (scope: AdminScope, station: StationDoc): boolean =>
  scope.city || scope.countyIds.includes(station._id) || (station.countyId !== null && scope.countyIds.includes(station.countyId))

export const isHeadOf = (officer: OfficerView, stationId: string): boolean =>
  officer.memberships.some((m) => m.stationId === stationId && m.role === 'head')

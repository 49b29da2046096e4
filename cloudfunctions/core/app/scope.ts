import { isAdminMembership, mayAccessStation, STATION_ACCESS_TABLE, stationRelationsOf, type StationAccess, type StationPlace } from '../../../types/authz'
import { AppError } from '../../../types/errors'
import { COLLECTIONS } from '../ports/collections'
import type { Side } from '../../../types/domain'
import type { Ports } from '../ports'
import type { AlertDoc, InviteDoc, MembershipDoc, OfficerView, PolicyNoticeDoc, StationDoc, SurveyCampaignDoc, SurveyTaskDoc } from './records'
import { getStationOr404, stationsById, type KnownStations } from './stations'

/** Where an officer is a bureau admin: the whole city, or some counties. */
export interface AdminScope {
  city: boolean
  countyIds: string[]
  /** The sides the admin memberships read through (always government, D8b). */
  sides: Side[]
  /** The stations where the officer is an admin, for the station access table. */
  stations: StationPlace[]
}

export const adminScope = async (ports: Ports, officer: OfficerView): Promise<AdminScope> => {
  const admin = officer.memberships.filter(isAdminMembership)
  const stations = [...(await stationsById(ports.store, admin.map((m) => m.stationId), officer.stations)).values()]
  return {
    city: stations.some((s) => s.kind === 'city'),
    countyIds: stations.filter((s) => s.kind === 'county').map((s) => s._id),
    sides: [...new Set(admin.map((m) => m.side))],
    stations: stations.map(placeOf),
  }
}

/**
 * The station an operation names (contract `stationAccess.from`): by id in an input field, or through the
 * invite, membership or alert the field names. A missing one answers as its handler would. One of the caller's
 * own (`known`: read with their memberships, ADR 0040) is not read again.
 */
export const stationNamed = async (
  ports: Ports,
  input: Record<string, unknown>,
  from: { field: string; via?: 'invite' | 'membership' | 'notice' | 'alert' | 'surveyCampaign' | 'surveyTask' },
  known?: KnownStations,
): Promise<StationDoc> => {
  const value = input[from.field]
  if (typeof value !== 'string') throw new AppError('REQUEST_INVALID', undefined, [from.field])
  let stationId = value
  if (from.via === 'invite') {
    const invite = await ports.store.get<InviteDoc>(COLLECTIONS.invites, value)
    if (!invite) throw new AppError('INVITE_NOT_FOUND')
    stationId = invite.stationId
  } else if (from.via === 'membership') {
    const m = await ports.store.get<MembershipDoc>(COLLECTIONS.memberships, value)
    if (!m) throw new AppError('REQUEST_INVALID', '这位成员已经不在本驿站了')
    stationId = m.stationId
  } else if (from.via === 'notice') {
    const n = await ports.store.get<PolicyNoticeDoc>(COLLECTIONS.policyNotices, value)
    if (!n) throw new AppError('NOTICE_NOT_FOUND')
    stationId = n.stationId
  } else if (from.via === 'alert') {
    const a = await ports.store.get<AlertDoc>(COLLECTIONS.alerts, value)
    if (!a) throw new AppError('ALERT_NOT_FOUND')
    stationId = a.stationId
  } else if (from.via === 'surveyCampaign' || from.via === 'surveyTask') {
    const doc = await ports.store.get<SurveyCampaignDoc | SurveyTaskDoc>(from.via === 'surveyCampaign' ? COLLECTIONS.surveyCampaigns : COLLECTIONS.surveyTasks, value)
    if (!doc) throw new AppError('SURVEY_NOT_FOUND')
    stationId = doc.stationId
  }
  return getStationOr404(ports.store, stationId, known)
}

/** Whether the station access table gives this officer this access to the station (for pages: what to offer). */
export const allowsStation = (access: StationAccess, station: StationDoc | null, officer: OfficerView, scope: AdminScope): boolean => {
  const place = station && placeOf(station)
  return mayAccessStation(access, place, stationRelationsOf(place, officer.memberships, scope.stations))
}

/** Checks the station access rule of an operation (STATION_ACCESS_TABLE) once, before its handler. */
export const checkStationAccess = (access: StationAccess, station: StationDoc | null, officer: OfficerView, scope: AdminScope) => {
  if (allowsStation(access, station, officer, scope)) return
  const { code, message, field } = STATION_ACCESS_TABLE[access].refusal
  throw new AppError(code, message, field ? [field] : undefined)
}

/**
 * A second station an operation names (contract `stationAccess.within`) must lie at or below the station it is
 * asked through: its path holds that station. Otherwise it is out of scope, exactly like a station one is not a
 * member of (a missing one too, so nothing is learnt about stations elsewhere).
 */
export const checkStationWithin = async (ports: Ports, id: string, above: StationDoc | null, known?: KnownStations): Promise<StationDoc> => {
  const s = known?.get(id) ?? (await ports.store.get<StationDoc>(COLLECTIONS.stations, id))
  if (!s || !above || !s.path.includes(above._id)) throw new AppError('STATION_OUT_OF_SCOPE')
  return s
}

export const placeOf = (s: StationDoc): StationPlace => ({ id: s._id, kind: s.kind, countyId: s.countyId })

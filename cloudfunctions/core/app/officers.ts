import { isAdminMembership, sideSees } from '../../../types/authz'
import { ROLE_LABEL, SIDE_LABEL, type Privacy, type Role, type Side } from '../../../types/domain'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { MembershipDoc, OfficerDoc, OfficerView, StationDoc } from './records'

/** Each membership with its station and the stations above it (the station's `path`), in the one query (ADR 0040). */
const WITH_STATIONS = [
  { from: COLLECTIONS.stations, localField: 'stationId', as: 'station' },
  { from: COLLECTIONS.stations, localField: 'station.path', as: 'chain' },
] as const

/**
 * The officer bound to an openid, with their memberships and their stations; null for a plain worker. One query
 * when the memberships carry the officer's name (`officerName`, ADR 0031): the memberships joined with their
 * stations and the stations above those (ADR 0040), so a call about one of the caller's own stations reads it no
 * more. Otherwise, and for an officer with no membership left, the officer document is read as well.
 */
export const findOfficer = async (ports: Ports, openid: string): Promise<OfficerView | null> => {
  const found = (await ports.store.findJoined<MembershipDoc, 'station' | 'chain'>(COLLECTIONS.memberships, { where: { openid }, limit: 200, join: WITH_STATIONS })).items
  const joined = found.map(({ station, chain, ...m }) => ({ m: m as MembershipDoc, stations: [...station, ...chain] as StationDoc[] }))
  const view = (doc: OfficerView['doc'], kept: typeof joined): OfficerView => ({
    doc,
    memberships: kept.map((j) => j.m),
    stations: new Map(kept.flatMap((j) => j.stations.map((s) => [s._id, s] as const))),
  })
  const first = joined[0]?.m
  if (first?.officerName !== undefined && joined.every(({ m }) => m.officerId === first.officerId && m.officerName !== undefined))
    return view({ _id: first.officerId, openid, name: first.officerName }, joined)
  const page = await ports.store.find<OfficerDoc>(COLLECTIONS.officers, { where: { openid }, limit: 1 })
  const doc = page.items[0]
  if (!doc) return null
  return view(doc, joined.filter(({ m }) => m.officerId === doc._id))
}

/** Every membership of a station (one indexed query). */
export const stationMembers = async (ports: Ports, stationId: string): Promise<MembershipDoc[]> =>
  (await ports.store.find<MembershipDoc>(COLLECTIONS.memberships, { where: { stationId }, limit: 200 })).items

/** Of a station's members, those who may hear about a case of this privacy (D8a: the employer side only of open ones). */
export const recipientsAmong = (members: readonly MembershipDoc[], privacy: Privacy): MembershipDoc[] => members.filter((m) => sideSees(m.side, privacy))

/** Officers of a station who may hear about a case of this privacy. */
export const stationRecipients = async (ports: Ports, stationId: string, privacy: Privacy): Promise<MembershipDoc[]> =>
  recipientsAmong(await stationMembers(ports, stationId), privacy)

/** Role, side and admin flag with the words people read, as every membership-like view shows them (an admin flag on a non-government side counts for nothing, D8b). */
export const roleSideView = (m: { role: Role; side: Side; admin: boolean }) => ({
  role: m.role,
  roleLabel: ROLE_LABEL[m.role],
  side: m.side,
  sideLabel: SIDE_LABEL[m.side],
  admin: isAdminMembership(m),
})

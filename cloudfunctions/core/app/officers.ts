import { isAdminMembership, sideSees } from '../../../types/authz'
import { ROLE_LABEL, SIDE_LABEL, type Privacy, type Role, type Side } from '../../../types/domain'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { MembershipDoc, OfficerDoc, OfficerView } from './records'

/**
 * The officer bound to an openid, with their memberships; null for a plain worker. One query when the
 * memberships carry the officer's name (`officerName`, ADR 0031); otherwise, and for an officer with no
 * membership left, the officer document is read as well.
 */
export const findOfficer = async (ports: Ports, openid: string): Promise<OfficerView | null> => {
  const memberships = (await ports.store.find<MembershipDoc>(COLLECTIONS.memberships, { where: { openid }, limit: 200 })).items
  const first = memberships[0]
  if (first?.officerName !== undefined && memberships.every((m) => m.officerId === first.officerId && m.officerName !== undefined))
    return { doc: { _id: first.officerId, openid, name: first.officerName }, memberships }
  const page = await ports.store.find<OfficerDoc>(COLLECTIONS.officers, { where: { openid }, limit: 1 })
  const doc = page.items[0]
  if (!doc) return null
  return { doc, memberships: memberships.filter((m) => m.officerId === doc._id) }
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

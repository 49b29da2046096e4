import { TERMINAL_STATES, type CaseState, type Role, type Side } from '../../../types/domain'
import type { MembershipView, Relation } from '../../../types/authz'

/** Where a case stands in the tree, as far as relations go. */
export interface CasePlacement {
  ownerStationId: string
  /** Station ids from the city down to the owner, inclusive. */
  ownerPath: readonly string[]
  firstStationId: string
  supervisorStationId?: string | null
  pendingTransfer?: { toStationId: string } | null
  /** The first station reads the case only until it is closed (首问负责, DOMAIN §3). */
  state?: CaseState
}

/**
 * Every way a station stands to a case (D3). A station can hold several at once — the parent that
 * supervises (督办) is also an ancestor — and each grants what the access table gives it.
 */
export const relationsOf = (stationId: string, c: CasePlacement): Relation[] => {
  const out: Relation[] = []
  if (stationId === c.ownerStationId) out.push('owner')
  else if (c.ownerPath.includes(stationId)) out.push('ancestor')
  if (c.supervisorStationId && stationId === c.supervisorStationId) out.push('supervisor')
  if (c.pendingTransfer && stationId === c.pendingTransfer.toStationId) out.push('transfer_target')
  if (stationId === c.firstStationId && !(c.state && TERMINAL_STATES.includes(c.state))) out.push('first_station')
  return out.length ? out : ['none']
}

/** The first of a station's relations to a case, strongest first (owner, ancestor, supervisor, …). */
export const relationOf = (stationId: string, c: CasePlacement): Relation => relationsOf(stationId, c)[0]!

/** An officer's memberships as access-table views of one case: one view per relation held. */
export const viewsOf = <M extends { stationId: string; role: Role; side: Side }>(
  memberships: readonly M[],
  c: CasePlacement,
): Array<MembershipView & { membership: M }> =>
  memberships.flatMap((m) => relationsOf(m.stationId, c).map((relation) => ({ role: m.role, side: m.side, relation, membership: m })))

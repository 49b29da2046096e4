import { TERMINAL_STATES, type CaseState } from '../../../types/domain'
import type { Relation } from '../../../types/authz'

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

/** How a station stands to a case (D3). The strongest relation wins. */
export const relationOf = (stationId: string, c: CasePlacement): Relation => {
  if (stationId === c.ownerStationId) return 'owner'
  if (c.ownerPath.includes(stationId)) return 'ancestor'
  if (c.supervisorStationId && stationId === c.supervisorStationId) return 'supervisor'
  if (c.pendingTransfer && stationId === c.pendingTransfer.toStationId) return 'transfer_target'
  if (stationId === c.firstStationId && !(c.state && TERMINAL_STATES.includes(c.state))) return 'first_station'
  return 'none'
}

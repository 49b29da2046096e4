import type { Relation } from '../../../types/authz'

/** Where a case stands in the tree, as far as relations go. */
export interface CasePlacement {
  ownerStationId: string
  /** Station ids from the city down to the owner, inclusive. */
  ownerPath: readonly string[]
  firstStationId: string
  supervisorStationId?: string | null
  pendingTransfer?: { toStationId: string } | null
}

/** How a station stands to a case (D3). The strongest relation wins. */
export const relationOf = (stationId: string, c: CasePlacement): Relation => {
  if (stationId === c.ownerStationId) return 'owner'
  if (c.ownerPath.includes(stationId)) return 'ancestor'
  if (c.supervisorStationId && stationId === c.supervisorStationId) return 'supervisor'
  if (c.pendingTransfer && stationId === c.pendingTransfer.toStationId) return 'transfer_target'
  if (stationId === c.firstStationId) return 'first_station'
  return 'none'
}

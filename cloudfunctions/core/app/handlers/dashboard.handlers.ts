import { DASHBOARD_CONTRACTS, getDashboard } from '../../../../types/contracts/dashboard'
import { dashboardView } from '../dashboard'
import { defineHandler, type HandlersOf } from '../handler'

/** Through the caller's membership at the station (the contract's `member` access): its side decides what counts (D8a). */
const getDashboardHandler = defineHandler(getDashboard, async ({ stationId, scope }, ctx) => {
  const side = ctx.officer!.memberships.find((m) => m.stationId === stationId)!.side
  return dashboardView(ctx.ports, ctx.officer!, ctx.station!, scope, side)
})

export const DASHBOARD_HANDLERS: HandlersOf<typeof DASHBOARD_CONTRACTS> = { getDashboard: getDashboardHandler }

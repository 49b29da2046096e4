import { z } from 'zod'
import { defineContract } from '../contract'
import { Category } from '../domain'
import { Id } from '../values'

/**
 * The dashboard (issue §7): this week, month and quarter for a station's own cases, or — at a county or the city
 * station — for its whole area; by category, by station, a 12-week trend and the cases past their deadline. Every
 * figure is the server's, from the same rollups as the ledger, through the viewer's side (D8a).
 */

export const DashboardScope = z.enum(['own', 'area'])
export type DashboardScope = z.infer<typeof DashboardScope>

/** One headline figure, worded by the server ("85%", "4.6 星", "—"). */
export const DashboardTile = z.object({ key: z.string(), label: z.string(), value: z.string(), note: z.string().optional() })

export const DashboardView = z.object({
  stationId: Id,
  title: z.string(),
  scope: DashboardScope,
  /** A county or city station may switch between its own cases and its whole area. */
  areaLabel: z.string().nullable(),
  scopeNote: z.string().optional(),
  periods: z.array(z.object({ key: z.enum(['week', 'month', 'quarter']), label: z.string(), tiles: z.array(DashboardTile) })),
  byCategory: z.object({
    periodLabel: z.string(),
    rows: z.array(z.object({ category: Category, label: z.string(), filed: z.number(), resolved: z.number(), overdue: z.number() })),
  }),
  /** Only for an area: its stations (a county) or its counties (the city). */
  byStation: z
    .object({
      periodLabel: z.string(),
      rows: z.array(z.object({ id: Id, name: z.string(), filed: z.number(), resolved: z.number(), overdue: z.number(), acceptRate: z.string(), resolveRate: z.string() })),
    })
    .nullable(),
  trend: z.array(z.object({ week: z.string(), label: z.string(), filed: z.number(), resolved: z.number(), overdue: z.number() })),
  overdue: z.object({
    total: z.number(),
    rows: z.array(z.object({ id: Id, caseNo: z.string(), categoryLabel: z.string(), stationName: z.string(), supervisorName: z.string(), createdLabel: z.string(), deadlineLabel: z.string() })),
  }),
})
export type DashboardView = z.infer<typeof DashboardView>

export const getDashboard = defineContract({
  fn: 'officer',
  op: 'dashboard.get',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, scope: DashboardScope.default('own') }),
  output: DashboardView,
})

/** The operations of this file by name (handlers/dashboard.handlers.ts has one handler for each). */
export const DASHBOARD_CONTRACTS = { getDashboard } as const

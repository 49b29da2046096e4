import { z } from 'zod'
import { defineContract } from '../contract'
import { Hotline, StationKind } from '../domain'
import { Id, StationCode } from '../values'
import { SurveyEntry } from './surveys'

export const StationSummary = z.object({
  id: Id,
  code: z.string(),
  name: z.string(),
  kind: StationKind,
  kindLabel: z.string(),
  /** Invented demo station (示例). */
  demo: z.boolean(),
  status: z.enum(['active', 'suspended']),
})
export type StationSummary = z.infer<typeof StationSummary>

export const StationCard = StationSummary.extend({
  countyName: z.string(),
  /** Names from the city down to the parent, for "菏泽市 · 曹县 · 青堌集镇". */
  path: z.array(z.string()),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  hotlines: z.array(Hotline),
  /** The satisfaction survey this station takes answers for now (D31: absent when none runs). */
  survey: SurveyEntry.nullable().optional(),
  /** 星级驿站: the stars of the latest rated quarter and a plain line (absent when the station has none). */
  rating: z.object({ stars: z.number().int().min(1).max(5), line: z.string() }).nullable().optional(),
})
export type StationCard = z.infer<typeof StationCard>

/** The station page a QR poster opens (scene = station code). */
export const getStation = defineContract({
  fn: 'worker',
  op: 'station.get',
  audience: 'user',
  input: z.strictObject({ code: StationCode }),
  output: StationCard,
})

/** The nine counties/districts, for a worker without a QR. */
export const listCounties = defineContract({
  fn: 'worker',
  op: 'station.counties',
  audience: 'user',
  input: z.strictObject({}),
  output: z.object({ items: z.array(StationSummary) }),
})

/** Active stations of a county (the county station first), optionally filtered by name. */
export const listCountyStations = defineContract({
  fn: 'worker',
  op: 'station.listByCounty',
  audience: 'user',
  input: z.strictObject({ countyId: Id, q: z.string().trim().max(20).optional() }),
  output: z.object({ county: StationSummary, items: z.array(StationSummary) }),
})

/** The operations of this file by name (handlers/station.handlers.ts has one handler for each). */
export const STATION_CONTRACTS = { getStation, listCounties, listCountyStations } as const

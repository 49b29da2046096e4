import { z } from 'zod'
import { defineContract } from '../contract'
import { Id } from '../values'
import { JobId, JobView } from './jobs'
import { StationSummary } from './station'

/**
 * Station posters (DOMAIN §7, 政策宣传站 · 信息收集站): each station's code and a printable A4 poster, one
 * PDF per station and one per county (a job with progress, D35). The poster is laid out once on the server;
 * the PDF and the page's preview both draw that layout, so the preview shows what prints.
 */

/** Points on an A4 page (595 × 842, the PDF's own unit), from the top left. */
const Pt = z.number()

export const PosterItem = z.discriminatedUnion('type', [
  z.object({ type: z.literal('rect'), x: Pt, y: Pt, w: Pt, h: Pt, fill: z.string(), radius: Pt }),
  z.object({
    type: z.literal('text'),
    x: Pt,
    y: Pt,
    w: Pt,
    /** Font size in points; each line is `size × lineHeight` tall. */
    size: Pt,
    lineHeight: z.number(),
    weight: z.enum(['regular', 'bold']),
    color: z.string(),
    align: z.enum(['left', 'center', 'right']),
    /** Already broken into lines by the poster's own font, so nothing re-wraps differently. */
    lines: z.array(z.string()),
  }),
  /** The station's code (a square image). */
  z.object({ type: z.literal('code'), x: Pt, y: Pt, size: Pt }),
])
export type PosterItem = z.infer<typeof PosterItem>

export const PosterLayout = z.object({ width: Pt, height: Pt, items: z.array(PosterItem) })
export type PosterLayout = z.infer<typeof PosterLayout>

export const PosterView = z.object({
  station: StationSummary.extend({ countyName: z.string() }),
  /** The kept poster: its PDF (a short-lived URL), its layout for the preview, and the code image. */
  poster: z.object({
    fileName: z.string(),
    url: z.string(),
    codeUrl: z.string(),
    layout: PosterLayout,
    madeAt: z.number(),
    madeLabel: z.string(),
  }),
  /** What the station says now that the poster does not (驿站名称：旧 → 新): empty while the poster is current. */
  changes: z.array(z.string()),
  /** The county's batch, when the caller may run it (admins over the county): how many posters it holds. */
  batch: z.object({ countyId: Id, countyName: z.string(), stations: z.number().int() }).nullable(),
})
export type PosterView = z.infer<typeof PosterView>

/**
 * A station's poster, made the first time it is asked for and kept. Heads of the station and admins above
 * it (the station access table).
 */
export const getPoster = defineContract({
  fn: 'admin',
  op: 'poster.get',
  audience: 'officer',
  stationAccess: { access: 'poster', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: PosterView,
})

/** Makes the station's poster again from the station as it is now (after a rename, a new phone, …). */
export const remakePoster = defineContract({
  fn: 'admin',
  op: 'poster.remake',
  audience: 'officer',
  stationAccess: { access: 'poster', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: PosterView,
})

/**
 * Every active station of a county in one PDF, a page each, as a job the page follows (D35). Admins over
 * the county.
 */
export const batchPosters = defineContract({
  fn: 'admin',
  op: 'poster.batch',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'countyId' } },
  input: z.strictObject({ countyId: Id, jobId: JobId }),
  output: JobView,
})

/** The operations of this file by name (handlers/posters.handlers.ts has one handler for each). */
export const POSTERS_CONTRACTS = { getPoster, remakePoster, batchPosters } as const

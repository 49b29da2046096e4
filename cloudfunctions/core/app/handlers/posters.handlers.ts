import { POSTERS_CONTRACTS, batchPosters, getPoster, remakePoster, type PosterView } from '../../../../types/contracts/posters'
import { AppError } from '../../../../types/errors'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { runJob } from '../jobs'
import { countyNameOf, countyStations, keptPoster, makeCountyPosters, makePoster, posterView } from '../posters'
import type { StationDoc } from '../records'
import { allowsStation } from '../scope'
import { getStationOr404 } from '../stations'

/** The county batch the page may offer beside a station's poster: only to admins over its county. */
const batchFor = async (ctx: HandlerContext, station: StationDoc): Promise<PosterView['batch']> => {
  if (!station.countyId) return null
  const county = station.countyId === station._id ? station : await getStationOr404(ctx.ports.store, station.countyId)
  if (!allowsStation('admin', county, ctx.officer!, ctx.scope!)) return null
  return { countyId: county._id, countyName: countyNameOf(county), stations: (await countyStations(ctx.ports, county)).length }
}

const getPosterHandler = defineHandler(getPoster, async (_input, ctx) => {
  const station = ctx.station!
  const doc = await keptPoster(ctx.ports, station, ctx.officer!.doc._id)
  return posterView(ctx.ports, station, doc, await batchFor(ctx, station))
})

const remakePosterHandler = defineHandler(remakePoster, async (_input, ctx) => {
  const station = ctx.station!
  const doc = await makePoster(ctx.ports, station, ctx.officer!.doc._id)
  return posterView(ctx.ports, station, doc, await batchFor(ctx, station))
})

const batchPostersHandler = defineHandler(batchPosters, async ({ jobId }, ctx) => {
  const county = ctx.station!
  if (county.kind !== 'county') throw new AppError('POSTER_NOT_COUNTY', undefined, ['countyId'])
  const stations = await countyStations(ctx.ports, county)
  return runJob(
    ctx.ports,
    { jobId, openid: ctx.caller.openid!, kind: 'poster.batch', title: `${countyNameOf(county)}驿站海报（共 ${stations.length} 张）`, total: stations.length },
    (progress) => makeCountyPosters(ctx.ports, county, stations, progress),
  )
})

export const POSTERS_HANDLERS: HandlersOf<typeof POSTERS_CONTRACTS> = {
  getPoster: getPosterHandler,
  remakePoster: remakePosterHandler,
  batchPosters: batchPostersHandler,
}

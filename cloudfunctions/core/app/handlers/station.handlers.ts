import { STATION_CONTRACTS, getStation, listCounties, listCountyStations } from '../../../../types/contracts/station'
import { AppError } from '../../../../types/errors'
import { HOTLINES, hotlineOnWire } from '../../../../types/hotlines'
import { COLLECTIONS } from '../../ports/collections'
import { findAll } from '../find-all'
import { defineHandler, type HandlersOf } from '../handler'
import type { StationDoc } from '../records'
import { getStationOr404, stationsById, summary } from '../stations'
import { surveyEntryAt } from '../surveys'
import { publishedRating } from '../ratings'

const getStationHandler = defineHandler(getStation, async ({ code }, { ports, caller }) => {
  const page = await ports.store.find<StationDoc>(COLLECTIONS.stations, { where: { code }, limit: 1 })
  const station = page.items[0]
  if (!station) throw new AppError('STATION_NOT_FOUND')
  if (station.status !== 'active') throw new AppError('STATION_SUSPENDED')
  const ancestors = await stationsById(ports.store, station.path.slice(0, -1))
  const county = station.countyId ? await getStationOr404(ports.store, station.countyId) : station
  return {
    ...summary(station),
    countyName: county.name,
    path: station.path.slice(0, -1).map((id) => ancestors.get(id)?.name ?? ''),
    address: station.address,
    phone: station.phone,
    hours: station.hours,
    hotlines: HOTLINES.map(hotlineOnWire),
    survey: await surveyEntryAt(ports, station, caller.openid),
    rating: await publishedRating(ports, station._id),
  }
})

const listCountiesHandler = defineHandler(listCounties, async (_input, { ports }) => {
  const page = await ports.store.find<StationDoc>(COLLECTIONS.stations, {
    where: { kind: 'county' },
    orderBy: { field: 'sortKey', dir: 'asc' },
    limit: 50,
  })
  return { items: page.items.map(summary) }
})

const listCountyStationsHandler = defineHandler(listCountyStations, async ({ countyId, q }, { ports }) => {
  const county = await getStationOr404(ports.store, countyId)
  if (county.kind !== 'county') throw new AppError('STATION_NOT_FOUND')
  // A county has tens to a few hundred stations.
  const items = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { countyId }, orderBy: { field: 'sortKey', dir: 'asc' } })
  const needle = q?.trim()
  const visible = items.filter((s) => s.status === 'active' && s._id !== county._id && (!needle || s.name.includes(needle)))
  return { county: summary(county), items: visible.map(summary) }
})

export const STATION_HANDLERS: HandlersOf<typeof STATION_CONTRACTS> = {
  getStation: getStationHandler,
  listCounties: listCountiesHandler,
  listCountyStations: listCountyStationsHandler,
}

import type { PosterView } from '../../../types/contracts/posters'
import { STATION_KIND_LABEL } from '../../../types/domain'
import { HOTLINES } from '../../../types/hotlines'
import divisions from '../data/heze-divisions.json'
import type { FileBody, Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { FILE_URL_TTL_SECONDS } from '../ports/files'
import { findAll } from './find-all'
import { POSTER_DESIGN, type PosterFacts } from './poster-layout'
import { openPosterPdf } from './poster-pdf'
import type { PosterDoc, StationCodeDoc, StationDoc } from './records'
import { stationCode } from './station-codes'
import { getStationOr404, summary } from './stations'
import { timeLabel } from './time'

/**
 * Station posters (DOMAIN §7): a station's poster is made the first time it is asked for and kept, so a
 * download is instant and the poster on the wall can be compared with the station as it is now (renamed,
 * new phone): the page then lists what changed and offers to make it again. A county's batch is made fresh
 * each time, as a job (D35).
 */

/** The county's name as people say it (曹县), from the divisions; the city's for the city station. */
export const countyNameOf = (station: StationDoc): string =>
  divisions.counties.find((c) => c.abbr === station.abbr)?.name ?? divisions.city.name

/** What a station's poster says, from the station as it is now. */
export const posterFacts = async (ports: Ports, station: StationDoc): Promise<PosterFacts> => {
  const county = station.countyId && station.countyId !== station._id ? await getStationOr404(ports.store, station.countyId) : null
  const countyName = station.kind === 'city' ? null : countyNameOf(station)
  return {
    name: station.name,
    kindLabel: STATION_KIND_LABEL[station.kind],
    place: countyName ? `${divisions.city.name} · ${countyName}` : divisions.city.name,
    code: station.code,
    phone: station.phone,
    hours: station.hours,
    address: station.address,
    county: county ? { name: county.name, phone: county.phone } : null,
  }
}

const FACT_LABELS: Array<[keyof Omit<PosterFacts, 'county'>, string]> = [
  ['name', '驿站名称'],
  ['kindLabel', '驿站类型'],
  ['phone', '联系电话'],
  ['hours', '开放时间'],
  ['address', '地址'],
  ['place', '所在县区'],
  ['code', '驿站编号'],
]

/** What the station says now that its poster does not, in words (驿站名称：旧 → 新). */
export const posterChanges = (printed: PosterFacts, now: PosterFacts, design: number): string[] => {
  const out: string[] = []
  for (const [key, label] of FACT_LABELS) if (printed[key] !== now[key]) out.push(`${label}：${printed[key]} → ${now[key]}`)
  const county = (f: PosterFacts) => (f.county ? `${f.county.name} ${f.county.phone}` : '无')
  if (county(printed) !== county(now)) out.push(`县区驿站：${county(printed)} → ${county(now)}`)
  if (design !== POSTER_DESIGN) out.push('海报的样式更新了')
  return out
}

const posterFileName = (station: StationDoc) => `${station.name}海报.pdf`

/** Makes the station's poster from the station as it is now and keeps it, in place of the one before. */
export const makePoster = async (ports: Ports, station: StationDoc, officerId: string): Promise<PosterDoc> => {
  const code = await stationCode(ports, station)
  const facts = await posterFacts(ports, station)
  const pdf = await openPosterPdf(ports.fonts, `${station.name} 驿站海报`)
  const layout = pdf.layout({ ...facts, hotlines: HOTLINES })
  pdf.addPage(layout, code.image.bytes)
  const fileName = posterFileName(station)
  const fileId = await ports.files.put('generated', { bytes: await pdf.finish(), mime: 'application/pdf', name: fileName })
  const fields = { fileId, fileName, printed: facts, design: POSTER_DESIGN, layout, codeFileId: code.fileId, createdAt: ports.clock.now(), createdBy: officerId }
  const seen = await ports.store.get<PosterDoc>(COLLECTIONS.posters, station._id)
  try {
    const doc = seen
      ? await ports.store.update<PosterDoc>(COLLECTIONS.posters, station._id, seen._v, fields)
      : await ports.store.insert<PosterDoc>(COLLECTIONS.posters, { _id: station._id, ...fields })
    if (seen && seen.fileId !== fileId) await ports.files.remove(seen.fileId)
    return doc
  } catch (e) {
    // Made twice at the same moment: the other one is kept.
    await ports.files.remove(fileId)
    const other = await ports.store.get<PosterDoc>(COLLECTIONS.posters, station._id)
    if (other && other._v !== seen?._v) return other
    throw e
  }
}

/** The kept poster, or one made now when there is none yet (or its file is gone). */
export const keptPoster = async (ports: Ports, station: StationDoc, officerId: string): Promise<PosterDoc> => {
  const seen = await ports.store.get<PosterDoc>(COLLECTIONS.posters, station._id)
  if (seen && (await ports.files.get(seen.fileId))) return seen
  return makePoster(ports, station, officerId)
}

/** The active stations of a county, the county station first: a batch's pages, in the tree's order. */
export const countyStations = async (ports: Ports, county: StationDoc): Promise<StationDoc[]> =>
  (
    await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { countyId: county._id }, orderBy: { field: 'sortKey', dir: 'asc' } })
  ).filter((s) => s.status === 'active')

/** The page's view of a kept poster: its files as short-lived URLs, and what changed since it was made. */
export const posterView = async (ports: Ports, station: StationDoc, doc: PosterDoc, batch: PosterView['batch']): Promise<PosterView> => {
  const changes = posterChanges(doc.printed, await posterFacts(ports, station), doc.design)
  // The code itself may have been made again (another mini-program build): the printed one is then stale too.
  const code = await ports.store.get<StationCodeDoc>(COLLECTIONS.stationCodes, station.code)
  if (!code || code.target !== ports.qrCodes.target(station.code) || code.fileId !== doc.codeFileId) changes.push('驿站的小程序码更新了')
  return {
    station: { ...summary(station), countyName: countyNameOf(station) },
    poster: {
      fileName: doc.fileName,
      url: await ports.files.url(doc.fileId, FILE_URL_TTL_SECONDS),
      codeUrl: await ports.files.url(doc.codeFileId, FILE_URL_TTL_SECONDS),
      layout: doc.layout,
      madeAt: doc.createdAt,
      madeLabel: timeLabel(doc.createdAt),
    },
    changes,
    batch,
  }
}

/** A county's posters in one PDF, a page each, reporting each page done. */
export const makeCountyPosters = async (
  ports: Ports,
  county: StationDoc,
  stations: readonly StationDoc[],
  progress: (done: number) => Promise<void>,
): Promise<FileBody> => {
  const name = `${countyNameOf(county)}驿站海报（${stations.length} 张）`
  const pdf = await openPosterPdf(ports.fonts, name)
  for (const [i, station] of stations.entries()) {
    const code = await stationCode(ports, station)
    pdf.addPage(pdf.layout({ ...(await posterFacts(ports, station)), hotlines: HOTLINES }), code.image.bytes)
    await progress(i + 1)
  }
  return { bytes: await pdf.finish(), mime: 'application/pdf', name: `${name}.pdf` }
}

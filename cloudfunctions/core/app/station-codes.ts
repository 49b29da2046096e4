import { AppError } from '../../../types/errors'
import type { FileBody, Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { StationCodeDoc, StationDoc } from './records'

/**
 * Each station's code (scene = its station code), made once and kept: WeChat rate-limits getUnlimited, and
 * a code that has been printed must keep working, so it is never made twice for the same target. The image
 * is kept through Files and named by a record keyed by the station code. It is made again only when where it
 * leads changes (another mini-program build, another local address) or its file is gone.
 */

export interface StationCode {
  fileId: string
  image: FileBody
}

const keep = async (ports: Ports, station: StationDoc, target: string, seen: StationCodeDoc | null): Promise<StationCode> => {
  let image: FileBody
  try {
    image = await ports.qrCodes.make(station.code)
  } catch (e) {
    console.error(`[station code ${station.code}] could not be made`, e)
    throw new AppError('POSTER_CODE_FAILED')
  }
  const fileId = await ports.files.put('generated', image)
  const now = ports.clock.now()
  try {
    if (seen) await ports.store.update<StationCodeDoc>(COLLECTIONS.stationCodes, seen._id, seen._v, { target, fileId, stationId: station._id, createdAt: now })
    else await ports.store.insert<StationCodeDoc>(COLLECTIONS.stationCodes, { _id: station.code, stationId: station._id, target, fileId, createdAt: now })
  } catch (e) {
    // Someone else kept one at the same moment: theirs stands, this one goes.
    await ports.files.remove(fileId)
    const other = await ports.store.get<StationCodeDoc>(COLLECTIONS.stationCodes, station.code)
    const bytes = other && other.target === target ? await ports.files.get(other.fileId) : null
    if (other && bytes) return { fileId: other.fileId, image: bytes }
    throw e
  }
  if (seen && seen.fileId !== fileId) await ports.files.remove(seen.fileId)
  return { fileId, image }
}

/** The station's code: the kept one, or one made now (once) and kept. */
export const stationCode = async (ports: Ports, station: StationDoc): Promise<StationCode> => {
  const target = ports.qrCodes.target(station.code)
  const seen = await ports.store.get<StationCodeDoc>(COLLECTIONS.stationCodes, station.code)
  if (seen && seen.target === target) {
    const image = await ports.files.get(seen.fileId)
    if (image) return { fileId: seen.fileId, image }
  }
  return keep(ports, station, target, seen)
}

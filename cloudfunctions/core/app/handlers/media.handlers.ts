import { getCaseMedia, getMyCaseMedia, MEDIA_CONTRACTS, uploadMedia } from '../../../../types/contracts/media'
import { defineHandler, type HandlersOf } from '../handler'
import { mediaViews, receiveChunk } from '../media'
import { mediaFlags } from '../content-safety'
import { caseEventsAndVerdicts } from '../cases'

// The operations of contracts/media.ts: chunks in, and short-lived URLs out after the case's own access.

const uploadMediaHandler = defineHandler(uploadMedia, (input, { ports, caller }) => receiveChunk(ports, caller.openid!, input, 'case'))

/**
 * An officer who may see the case (the contract's case access, checked before the handler), with what content
 * security found on each file (ADR 0019); the worker's own view below never carries it.
 */
const getCaseMediaHandler = defineHandler(getCaseMedia, async ({ ids }, { ports, caseDoc }) => {
  const wanted = ids ?? caseDoc!.media ?? []
  // The case's own files and its messages' (ADR 0032): their verdicts are among the case's events (ADR 0042).
  return mediaViews(ports, caseDoc!._id, wanted, { internal: true }, wanted.length ? mediaFlags((await caseEventsAndVerdicts(ports.store, caseDoc!._id)).verdicts) : undefined)
})

/** The worker's own case only, found by the keyed hash; anyone else's looks missing. */
const getMyCaseMediaHandler = defineHandler(getMyCaseMedia, async ({ ids }, { ports, caseDoc }) => {
  // Read and checked before the handler (contract `workerCase`).
  const c = caseDoc!
  // An internal note's photos are officers' only: the worker is handed none, whatever ids are asked for.
  return mediaViews(ports, c._id, ids ?? c.media ?? [], { internal: false })
})

export const MEDIA_HANDLERS: HandlersOf<typeof MEDIA_CONTRACTS> = {
  uploadMedia: uploadMediaHandler,
  getCaseMedia: getCaseMediaHandler,
  getMyCaseMedia: getMyCaseMediaHandler,
}

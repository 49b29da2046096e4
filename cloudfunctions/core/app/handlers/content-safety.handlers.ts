import { CONTENT_SAFETY_CONTRACTS, recordMediaVerdict } from '../../../../types/contracts/content-safety'
import { recordMediaVerdict as record } from '../content-safety'
import { defineHandler, type HandlersOf } from '../handler'

/** The platform's push of a media verdict (the dispatcher maps the `wxa_media_check` event onto it). */
const recordMediaVerdictHandler = defineHandler(recordMediaVerdict, async (input, { ports }) => record(ports, input))

export const CONTENT_SAFETY_HANDLERS: HandlersOf<typeof CONTENT_SAFETY_CONTRACTS> = { recordMediaVerdict: recordMediaVerdictHandler }

import { MEDIA_LIMITS, uploadMedia, type MediaKind, type MediaRef } from '../../types/contracts/media'
import type { InputOf } from '../../types/contract'
import type { uploadActivityPhoto } from '../../types/contracts/ledger'
import type { uploadNoticeFile } from '../../types/contracts/policy-notices'
import { ERRORS, type Result } from '../../types/errors'
import { call, newRequestId } from './cloud'

/**
 * Sends a photo or voice note to the server in chunks (ADR 15): each chunk is an ordinary call, under the
 * local host's body limit and a weak signal's patience; a chunk whose answer was lost is simply sent again
 * (the server answers a repeat as before), so a dropped connection costs one chunk, not the whole file.
 */

const TRIES_PER_CHUNK = 3
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

/** Base64 without btoa (the mini-program has none), 3 bytes at a time. */
export function toBase64(b: Uint8Array): string {
  let out = ''
  let i = 0
  for (; i + 2 < b.length; i += 3) {
    const n = (b[i]! << 16) | (b[i + 1]! << 8) | b[i + 2]!
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!
  }
  if (i < b.length) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8)
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + (i + 1 < b.length ? B64[(n >> 6) & 63]! : '=') + '='
  }
  return out
}

/** The upload operations (one checked path, ADR 15), and the fields besides the chunk that one names. */
export type UploadVia = typeof uploadMedia | typeof uploadNoticeFile | typeof uploadActivityPhoto
export type UploadFields = { stationId?: string }

export async function uploadFile(
  kind: MediaKind,
  bytes: Uint8Array,
  thumb: Uint8Array | undefined,
  onProgress: (fraction: number) => void,
  /**
   * The upload operation: a case's photos and voice notes by default; a notice's attachments with `notice.upload`;
   * an activity's photos with `activity.upload`, which names its station in `fields`.
   */
  via: UploadVia = uploadMedia,
  fields: UploadFields = {},
): Promise<Result<MediaRef>> {
  const uploadId = newRequestId()
  const parts = Math.max(1, Math.ceil(bytes.length / MEDIA_LIMITS.chunkBytes))
  const thumbData = thumb && thumb.length <= MEDIA_LIMITS.thumbBytes ? toBase64(thumb) : undefined
  onProgress(0)
  for (let index = 0; index < parts; index++) {
    const chunk = bytes.subarray(index * MEDIA_LIMITS.chunkBytes, (index + 1) * MEDIA_LIMITS.chunkBytes)
    const input = {
      ...fields,
      uploadId,
      kind,
      size: bytes.length,
      index,
      data: toBase64(chunk),
      ...(index === parts - 1 && thumbData ? { thumb: thumbData } : {}),
    }
    // The operation's own contract checks the fields it names (the station of an activity's photo).
    const send = () => call(via, input as InputOf<typeof uploadActivityPhoto>)
    let r = await send()
    for (let t = 1; t < TRIES_PER_CHUNK && !r.ok && r.error.code === 'NETWORK_FAILED'; t++) {
      await sleep(800 * t)
      r = await send()
    }
    if (!r.ok) return r
    onProgress((index + 1) / parts)
    if (r.data.done) return { ok: true, data: r.data.media }
  }
  return { ok: false, error: { code: 'UPLOAD_LOST', message: ERRORS.UPLOAD_LOST } }
}

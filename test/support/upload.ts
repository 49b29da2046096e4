import { MEDIA_LIMITS, uploadMedia, type MediaKind, type MediaRef } from '../../types/contracts/media'
import type { uploadNoticeFile } from '../../types/contracts/policy-notices'
import type { uploadActivityPhoto } from '../../types/contracts/ledger'
import type { InputOf } from '../../types/contract'
import type { Result } from '../../types/errors'
import { expectOk, newRequestId, type Harness } from './harness'

/**
 * Uploads a file as a page does: in chunks of `MEDIA_LIMITS.chunkBytes`, the thumbnail with the last one.
 * Returns the last answer (the media, or the refusal that stopped it).
 */
export const upload = async (
  h: Harness,
  openid: string,
  kind: MediaKind,
  bytes: Uint8Array,
  /**
   * `via`: the upload operation (a case's photos by default; a notice's attachments with `notice.upload`; an
   * activity's photos with `activity.upload`, which names its `stationId` too).
   */
  options: { thumb?: Uint8Array; uploadId?: string; size?: number; via?: typeof uploadMedia | typeof uploadNoticeFile | typeof uploadActivityPhoto; stationId?: string } = {},
): Promise<Result<{ done: true; media: MediaRef } | { done: false; received: number }>> => {
  const uploadId = options.uploadId ?? newRequestId().replace(/[^A-Za-z0-9_-]/g, '')
  const size = options.size ?? bytes.length
  const parts = Math.max(1, Math.ceil(bytes.length / MEDIA_LIMITS.chunkBytes))
  let last: Awaited<ReturnType<typeof upload>> | undefined
  for (let index = 0; index < parts; index++) {
    const chunk = bytes.subarray(index * MEDIA_LIMITS.chunkBytes, (index + 1) * MEDIA_LIMITS.chunkBytes)
    last = await h.op(options.via ?? uploadMedia, openid, {
      ...(options.stationId ? { stationId: options.stationId } : {}),
      uploadId,
      kind,
      size,
      index,
      data: Buffer.from(chunk).toString('base64'),
      ...(index === parts - 1 && options.thumb ? { thumb: Buffer.from(options.thumb).toString('base64') } : {}),
    } as InputOf<typeof uploadActivityPhoto>)
    if (!last.ok) return last
  }
  return last!
}

/** Uploads and expects the media back. */
export const uploaded = async (h: Harness, openid: string, kind: 'photo' | 'voice', bytes: Uint8Array, thumb?: Uint8Array): Promise<MediaRef> => {
  const r = expectOk(await upload(h, openid, kind, bytes, thumb ? { thumb } : {}))
  if (!r.done) throw new Error('upload did not finish')
  return r.media
}

/** The bytes behind a URL an operation handed out, as the local host would serve them (null: it would not). */
export const fetchLocal = async (h: Harness, url: string) => {
  const u = new URL(url, 'http://local')
  return h.ports.files.open(u.pathname.slice('/__files/'.length), u.searchParams, h.clock.now)
}

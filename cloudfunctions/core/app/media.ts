import { createHash } from 'node:crypto'
import type { z } from 'zod'
import { MEDIA_LIMITS, MEDIA_WORDS, type MediaRef, type MediaView, type UploadChunkInput, type UploadChunkOutput } from '../../../types/contracts/media'
import { AppError } from '../../../types/errors'
import { cleanJpeg, cleanPdf, cleanPhoto, cleanVoice, MediaError, sniff, type MediaKind, type PhotoMime, type VoiceMime } from '../domain/media'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { FILE_URL_TTL_SECONDS, type FileArea } from '../ports/files'
import type { TxStore } from '../ports/store'
import type { MediaDoc, UploadDoc, UploadPartDoc } from './records'

/**
 * Photos and voice notes (D34, ADR 15): chunks in, checked media out. Nothing is kept before the type is
 * known from the first bytes and the size and the person's rate allow it; nothing reaches `Files` before the
 * whole file was read as what it claims to be, measured and stripped of its metadata.
 */

type ChunkInput = z.output<typeof UploadChunkInput>
type ChunkOutput = z.input<typeof UploadChunkOutput>

const HOUR = 60 * 60 * 1000
const DAY = 24 * HOUR
/** A voice note may run this much past the limit (a recorder stops a little late). */
const VOICE_GRACE_MS = 1500
const VOICE_MIN_MS = 500

const sha = (s: string) => createHash('sha256').update(s).digest('hex')
const refuse = (message: string, field = 'data'): never => {
  throw new AppError('FILE_REFUSED', message, [field])
}

const typeWords = (kind: MediaDoc['kind']) => (kind === 'photo' ? MEDIA_WORDS.photoType : kind === 'voice' ? MEDIA_WORDS.voiceType : MEDIA_WORDS.documentType)
const brokenWords = (kind: MediaDoc['kind']) => (kind === 'photo' ? MEDIA_WORDS.photoBroken : kind === 'voice' ? MEDIA_WORDS.voiceBroken : MEDIA_WORDS.documentBroken)

export const mediaRef = (m: MediaDoc): MediaRef => ({
  id: m._id,
  kind: m.kind,
  ...(m.durationMs !== undefined ? { durationMs: m.durationMs } : {}),
  ...(m.width ? { width: m.width, height: m.height } : {}),
})

/** How many chunks a file of this size travels in. */
const partsOf = (size: number) => Math.ceil(size / MEDIA_LIMITS.chunkBytes)

/** The person's uploads of the last day: at most so many an hour and so many bytes a day. */
const checkRate = async (ports: Ports, ownerKey: string, size: number, now: number) => {
  const recent = await ports.store.find<UploadDoc>(COLLECTIONS.uploads, {
    where: { ownerKey, createdAt: { $gte: now - DAY } },
    orderBy: { field: 'createdAt', dir: 'desc' },
    limit: 1000,
  })
  const lastHour = recent.items.filter((u) => u.createdAt >= now - HOUR).length
  const bytes = recent.items.reduce((n, u) => n + u.size, 0)
  if (lastHour >= MEDIA_LIMITS.uploadsPerHour || bytes + size > MEDIA_LIMITS.bytesPerDay) throw new AppError('FILE_RATE_LIMITED', MEDIA_WORDS.tooMany)
}

/** Reads the chunks back in order and removes them. */
const takeParts = async (ports: Ports, up: UploadDoc): Promise<Uint8Array> => {
  const chunks: Buffer[] = []
  for (let i = 0; i < up.parts; i++) {
    const part = await ports.store.get<UploadPartDoc>(COLLECTIONS.uploadParts, `${up._id}-${i}`)
    if (!part) throw new AppError('UPLOAD_LOST', MEDIA_WORDS.lost)
    chunks.push(Buffer.from(part.data, 'base64'))
  }
  await dropParts(ports, up)
  return new Uint8Array(Buffer.concat(chunks))
}

const dropParts = async (ports: Ports, up: Pick<UploadDoc, '_id' | 'parts'>) => {
  for (let i = 0; i < up.parts; i++) {
    const id = `${up._id}-${i}`
    const part = await ports.store.get<UploadPartDoc>(COLLECTIONS.uploadParts, id)
    if (part) await ports.store.remove(COLLECTIONS.uploadParts, id, part._v).catch(() => undefined)
  }
}

/** A thumbnail the page made: a small JPEG, stripped like any photo; one that is not is left out. */
const checkedThumb = (base64: string | undefined): Uint8Array | null => {
  if (!base64) return null
  const b = new Uint8Array(Buffer.from(base64, 'base64'))
  if (b.length > MEDIA_LIMITS.thumbBytes || sniff(b)?.mime !== 'image/jpeg') return null
  try {
    const clean = cleanJpeg(b)
    return Math.max(clean.width, clean.height) <= MEDIA_LIMITS.thumbSide ? clean.bytes : null
  } catch {
    return null
  }
}

/** The whole file, read as what its first bytes said it is: stripped, measured, or refused. */
const checkedFile = (up: UploadDoc, bytes: Uint8Array) => {
  if (bytes.length !== up.size) refuse(MEDIA_WORDS.lost)
  try {
    if (up.kind === 'document') {
      try {
        return { bytes: cleanPdf(bytes).bytes }
      } catch (e) {
        if (e instanceof MediaError && e.message.startsWith('PDF has active content')) refuse(MEDIA_WORDS.documentActive)
        throw e
      }
    }
    if (up.kind === 'photo') {
      const clean = cleanPhoto(up.mime as PhotoMime, bytes)
      return { bytes: clean.bytes, width: clean.width, height: clean.height }
    }
    const clean = cleanVoice(up.mime as VoiceMime, bytes)
    if (clean.durationMs > MEDIA_LIMITS.voiceMs + VOICE_GRACE_MS) refuse(MEDIA_WORDS.voiceTooLong)
    if (clean.durationMs < VOICE_MIN_MS) refuse(MEDIA_WORDS.voiceEmpty)
    return { bytes: clean.bytes, durationMs: clean.durationMs }
  } catch (e) {
    if (e instanceof MediaError) return refuse(brokenWords(up.kind))
    throw e
  }
}

/**
 * One chunk of a file. The first creates the upload after its checks (type from the bytes, size, rate);
 * each chunk is kept until the last, which turns them into media. A chunk sent again (its answer was lost)
 * is answered as before, so a page on a weak signal simply repeats what did not come back.
 */
export const receiveChunk = async (ports: Ports, openid: string, input: ChunkInput, area: FileArea, kinds: readonly MediaKind[] = ['photo', 'voice']): Promise<ChunkOutput> => {
  if (!kinds.includes(input.kind)) refuse(MEDIA_WORDS.notHere, 'kind')
  const ownerKey = ports.secrets.workerKey(openid)
  const key = sha(`${ownerKey}|${input.uploadId}`).slice(0, 40)
  const now = ports.clock.now()
  const parts = partsOf(input.size)
  const bytes = Buffer.from(input.data, 'base64')
  const expected = input.index < parts - 1 ? MEDIA_LIMITS.chunkBytes : input.size - MEDIA_LIMITS.chunkBytes * (parts - 1)
  if (input.index >= parts || bytes.length !== expected) throw new AppError('UPLOAD_LOST', MEDIA_WORDS.lost, ['data'])

  let up = await ports.store.get<UploadDoc>(COLLECTIONS.uploads, key)
  if (!up) {
    if (input.index !== 0) throw new AppError('UPLOAD_LOST', MEDIA_WORDS.lost, ['data'])
    const sniffed = sniff(new Uint8Array(bytes))
    if (!sniffed || sniffed.kind !== input.kind) refuse(typeWords(input.kind))
    await checkRate(ports, ownerKey, input.size, now)
    try {
      up = await ports.store.insert<UploadDoc>(COLLECTIONS.uploads, {
        _id: key,
        ownerKey,
        kind: input.kind,
        mime: sniffed!.mime,
        size: input.size,
        parts,
        received: 0,
        state: 'receiving',
        createdAt: now,
        updatedAt: now,
      })
    } catch (e) {
      // The same first chunk, twice at once: the other call made the upload.
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      up = (await ports.store.get<UploadDoc>(COLLECTIONS.uploads, key))!
    }
  }
  if (up.size !== input.size || up.kind !== input.kind) throw new AppError('REQUEST_REUSED')
  if (up.state === 'refused') refuse(up.refusal ?? typeWords(up.kind))
  if (up.state === 'done') {
    const media = await ports.store.get<MediaDoc>(COLLECTIONS.media, up.mediaId!)
    if (!media) throw new AppError('UPLOAD_LOST', MEDIA_WORDS.gone, ['data'])
    return { done: true, media: mediaRef(media) }
  }
  // Every chunk came but the call that had the last one stopped before the end: finish now.
  if (up.received === up.parts) return finish(ports, up, input.thumb, area, now)
  if (input.index < up.received) return { done: false, received: up.received }
  if (input.index > up.received) throw new AppError('UPLOAD_LOST', MEDIA_WORDS.lost, ['data'])

  try {
    await ports.store.insert<UploadPartDoc>(COLLECTIONS.uploadParts, { _id: `${key}-${input.index}`, uploadId: key, index: input.index, data: input.data })
    up = await ports.store.update<UploadDoc>(COLLECTIONS.uploads, key, up._v, { received: up.received + 1, updatedAt: now })
  } catch (e) {
    // A repeat of this chunk got there first: answer as it was answered.
    if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    const now2 = (await ports.store.get<UploadDoc>(COLLECTIONS.uploads, key))!
    return now2.state === 'done' ? receiveChunk(ports, openid, input, area, kinds) : { done: false, received: now2.received }
  }
  if (up.received < up.parts) return { done: false, received: up.received }
  return finish(ports, up, input.thumb, area, now)
}

const finish = async (ports: Ports, up: UploadDoc, thumb: string | undefined, area: FileArea, now: number): Promise<ChunkOutput> => {
  const whole = await takeParts(ports, up)
  let file: ReturnType<typeof checkedFile>
  try {
    file = checkedFile(up, whole)
  } catch (e) {
    if (e instanceof AppError) await ports.store.update<UploadDoc>(COLLECTIONS.uploads, up._id, up._v, { state: 'refused', refusal: e.message, updatedAt: now })
    throw e
  }
  const small = up.kind === 'photo' ? checkedThumb(thumb) : null
  const fileId = await ports.files.put(area, { bytes: file.bytes, mime: up.mime })
  const thumbFileId = small ? await ports.files.put(area, { bytes: small, mime: 'image/jpeg' }) : undefined
  const media = await ports.store.insert<MediaDoc>(COLLECTIONS.media, {
    _id: ports.ids.next(),
    ownerKey: up.ownerKey,
    kind: up.kind,
    mime: up.mime,
    bytes: file.bytes.length,
    fileId,
    ...(thumbFileId ? { thumbFileId } : {}),
    ...('width' in file ? { width: file.width, height: file.height } : {}),
    ...('durationMs' in file ? { durationMs: file.durationMs } : {}),
    caseId: null,
    area,
    createdAt: now,
  })
  await ports.store.update<UploadDoc>(COLLECTIONS.uploads, up._id, up._v, { state: 'done', mediaId: media._id, updatedAt: now })
  return { done: true, media: mediaRef(media) }
}

/**
 * The media a form names, checked before the record that will name them is written: each the caller's own,
 * named by no record yet, and no more photos and voice notes than one form holds. With `area`, each must have
 * come through that area's upload operation (an activity's photos through `activity.upload`).
 */
export const mediaToAttach = async (ports: Ports, openid: string, ids: readonly string[], kinds: readonly MediaKind[] = ['photo', 'voice'], area?: FileArea): Promise<MediaDoc[]> => {
  // Nothing to attach (most filings): nothing to read, and no keyed hash of the caller to make.
  if (!ids.length) return []
  if (new Set(ids).size !== ids.length) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.gone, ['media'])
  const ownerKey = ports.secrets.workerKey(openid)
  const docs = await Promise.all(ids.map((id) => ports.store.get<MediaDoc>(COLLECTIONS.media, id)))
  const found = docs.filter((m): m is MediaDoc => !!m && m.ownerKey === ownerKey && m.caseId === null && (!area || m.area === area))
  if (found.length !== ids.length || found.some((m) => !kinds.includes(m.kind))) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.gone, ['media'])
  if (found.filter((m) => m.kind === 'photo').length > MEDIA_LIMITS.photos) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.tooManyPhotos, ['media'])
  if (found.filter((m) => m.kind === 'voice').length > MEDIA_LIMITS.voices) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.tooManyVoices, ['media'])
  return found
}

/** Inside the record's transaction: the media now belong to it (another record that took one first wins). */
export const attachMedia = async (tx: TxStore, media: readonly MediaDoc[], caseId: string, internal = false) => {
  for (const m of media) {
    const fresh = await tx.get<MediaDoc>(COLLECTIONS.media, m._id)
    if (!fresh || fresh.caseId !== null) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.gone, ['media'])
    await tx.update<MediaDoc>(COLLECTIONS.media, m._id, fresh._v, { caseId, ...(internal ? { internal: true } : {}) })
  }
}

/**
 * Short-lived URLs for the media a record names. Only call it after the caller's authorization for that
 * record: a URL is worth exactly that authorization, for ten minutes.
 */
export const mediaViews = async (
  ports: Ports,
  caseId: string,
  ids: readonly string[],
  /** Whether the caller may have an internal note's media (officers); the worker never. */
  may: { internal: boolean } = { internal: false },
  /** Officers only: content-security findings per media id (ADR 0019), shown as a note, risky ones blurred. */
  flags?: ReadonlyMap<string, { note: string; blurred: boolean }>,
): Promise<{ items: MediaView[]; expiresAt: number }> => {
  const docs = await Promise.all([...new Set(ids)].map((id) => ports.store.get<MediaDoc>(COLLECTIONS.media, id)))
  const items: MediaView[] = []
  for (const m of docs) {
    if (!m || m.caseId !== caseId || (m.internal && !may.internal)) continue
    items.push({ ...(await viewOf(ports, m)), ...flags?.get(m._id) })
  }
  return { items, expiresAt: ports.clock.now() + FILE_URL_TTL_SECONDS * 1000 }
}

const READ_BATCH = 100

/** One media record with its short-lived URLs (the photo's thumbnail too). */
const viewOf = async (ports: Ports, m: MediaDoc): Promise<MediaView> => {
  const [url, thumbUrl] = await Promise.all([ports.files.url(m.fileId, FILE_URL_TTL_SECONDS), m.thumbFileId ? ports.files.url(m.thumbFileId, FILE_URL_TTL_SECONDS) : undefined])
  return { ...mediaRef(m), url, ...(thumbUrl ? { thumbUrl } : {}) }
}

/**
 * The media of many records at once (a page of a list): one read per hundred media and their URLs asked
 * together, so a page of twenty activities costs no more round trips than one. Each record gets only the
 * media it names that name it back, in its own order. The same rule as `mediaViews`: only after the caller's
 * authorization for those records.
 */
export const mediaViewsOf = async (
  ports: Ports,
  records: ReadonlyArray<{ id: string; media: readonly string[] }>,
): Promise<{ byRecord: Map<string, MediaView[]>; expiresAt: number }> => {
  const ids = [...new Set(records.flatMap((r) => r.media))]
  const found = new Map<string, MediaDoc>()
  for (let i = 0; i < ids.length; i += READ_BATCH) {
    const batch = ids.slice(i, i + READ_BATCH)
    for (const m of (await ports.store.find<MediaDoc>(COLLECTIONS.media, { where: { _id: { $in: batch } }, limit: READ_BATCH })).items) found.set(m._id, m)
  }
  const views = new Map(await Promise.all([...found.values()].map(async (m) => [m._id, await viewOf(ports, m)] as const)))
  const byRecord = new Map(records.map((r) => [r.id, r.media.flatMap((id) => (found.get(id)?.caseId === r.id && !found.get(id)!.internal ? [views.get(id)!] : []))]))
  return { byRecord, expiresAt: ports.clock.now() + FILE_URL_TTL_SECONDS * 1000 }
}

/**
 * Inside the transaction that removes a record: the media it names go with it (only those that name it back).
 * Their files go after the transaction, with `removeFilesOf`, so a rolled-back removal loses no file.
 */
export const detachAndRemove = async (tx: TxStore, ids: readonly string[], recordId: string): Promise<MediaDoc[]> => {
  const removed: MediaDoc[] = []
  for (const id of new Set(ids)) {
    const m = await tx.get<MediaDoc>(COLLECTIONS.media, id)
    if (!m || m.caseId !== recordId) continue
    await tx.remove(COLLECTIONS.media, id, m._v)
    removed.push(m)
  }
  return removed
}

/** The files (and thumbnails) of media whose records are gone. */
export const removeFilesOf = async (ports: Ports, media: readonly MediaDoc[]) => {
  for (const m of media) {
    await ports.files.remove(m.fileId)
    if (m.thumbFileId) await ports.files.remove(m.thumbFileId)
  }
}

/** Media no form was filed with, and uploads that never got their last chunk, are kept this long. */
export const ABANDONED_AFTER_MS = DAY
const CLEAN_BATCH = 100


/**
 * One media record and its files removed: the record first, so a case filed at this moment finds its media
 * gone and says so. False, with nothing removed, when the record changed meanwhile (someone took it).
 */
export const removeMedia = async (ports: Ports, m: MediaDoc): Promise<boolean> => {
  try {
    await ports.store.remove(COLLECTIONS.media, m._id, m._v)
  } catch (e) {
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return false
    throw e
  }
  await removeFilesOf(ports, [m])
  return true
}
/**
 * The sweep's clean-up: a photo of a pay slip that was added to a form and never sent is not kept
 * forever. Media named by no case after a day go (their files too), and so do the chunks of uploads that
 * stopped halfway. A batch per run; the next run takes the rest.
 */
export const removeAbandonedMedia = async (ports: Ports, now: number, dryRun: boolean): Promise<{ media: number; uploads: number }> => {
  const before = now - ABANDONED_AFTER_MS
  const media = await ports.store.find<MediaDoc>(COLLECTIONS.media, { where: { caseId: null, createdAt: { $lt: before } }, orderBy: { field: 'createdAt', dir: 'asc' }, limit: CLEAN_BATCH })
  const uploads = await ports.store.find<UploadDoc>(COLLECTIONS.uploads, { where: { state: 'receiving', updatedAt: { $lt: before } }, orderBy: { field: 'updatedAt', dir: 'asc' }, limit: CLEAN_BATCH })
  if (dryRun) return { media: media.items.length, uploads: uploads.items.length }
  let removed = 0
  for (const m of media.items) if (await removeMedia(ports, m)) removed += 1
  for (const u of uploads.items) {
    await dropParts(ports, u)
    await ports.store.update<UploadDoc>(COLLECTIONS.uploads, u._id, u._v, { state: 'refused', refusal: MEDIA_WORDS.lost, updatedAt: now }).catch(() => undefined)
  }
  return { media: removed, uploads: uploads.items.length }
}

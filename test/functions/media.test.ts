import exifr from 'exifr'
import type { CaseDoc, MediaDoc, UploadDoc } from '../../cloudfunctions/core/app/records'
import { getCaseMedia, getMyCaseMedia, MEDIA_LIMITS, MEDIA_WORDS, runSweep, submitCase, uploadMedia } from '../../types/contracts'
import { expectError, expectOk, makeHarness, OTHER_WORKER, submitInput, WORKER, type Harness } from '../support/harness'
import { adtsAac, exeBytes, gpsJpeg, m4a, mp3, plainJpeg, webm } from '../support/media-fixtures'
import { fetchLocal, upload, uploaded } from '../support/upload'

const OWNER = 'dev-CX-street-head'
const PARK_EMPLOYER = 'dev-CX-park-employer'
const PARK_LIAISON = 'dev-CX-park-liaison'

const stored = (h: Harness) => (h.ports.files as unknown as { stored: () => string[] }).stored()

describe('photos and voice notes on a case', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness()
  })
  afterEach(() => h.close())

  it('files a case with two photos and a voice note; the owning officer gets them, stripped, through short-lived URLs', async () => {
    const big = gpsJpeg(400, 300, 6, true)
    expect(big.length).toBeGreaterThan(MEDIA_LIMITS.chunkBytes)
    const photo1 = await uploaded(h, WORKER, 'photo', big, plainJpeg(160, 120))
    const photo2 = await uploaded(h, WORKER, 'photo', gpsJpeg())
    const voice = await uploaded(h, WORKER, 'voice', webm(4))
    expect(photo1).toMatchObject({ kind: 'photo', width: 400, height: 300 })
    expect(voice).toMatchObject({ kind: 'voice', durationMs: expect.any(Number) })
    expect(voice.durationMs).toBeGreaterThan(3900)

    const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ media: [photo1.id, photo2.id, voice.id] })))
    const seen = expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id }))
    expect(seen.items.map((m) => m.id)).toEqual([photo1.id, photo2.id, voice.id])
    expect(seen.expiresAt).toBe(h.clock.now + 10 * 60 * 1000)
    expect(seen.items[0]!.thumbUrl).toBeDefined()
    expect(seen.items[1]!.thumbUrl).toBeUndefined()

    for (const m of seen.items.filter((i) => i.kind === 'photo')) {
      const file = (await fetchLocal(h, m.url))!
      expect(file.mime).toBe('image/jpeg')
      expect(await exifr.gps(Buffer.from(file.bytes))).toBeUndefined()
      expect(await exifr.parse(Buffer.from(file.bytes), { tiff: true, gps: true, xmp: true })).toEqual({ Orientation: 'Rotate 90 CW' })
    }
    expect((await fetchLocal(h, seen.items[2]!.url))!.mime).toBe('audio/webm')
    expect((await fetchLocal(h, seen.items[0]!.thumbUrl!))!.bytes.length).toBeLessThan(MEDIA_LIMITS.thumbBytes)

    // The case keeps media ids, never a URL.
    const doc = (await h.store.get<CaseDoc>('cases', filed.id))!
    expect(doc.media).toEqual([photo1.id, photo2.id, voice.id])
    expect(JSON.stringify(doc)).not.toMatch(/__files|sig=/)

    // The worker sees their own; another worker sees nothing of it.
    expect(expectOk(await h.op(getMyCaseMedia, WORKER, { id: filed.id })).items).toHaveLength(3)
    expectError(await h.op(getMyCaseMedia, OTHER_WORKER, { id: filed.id }), 'CASE_NOT_FOUND')
  })

  it('every accepted voice format is measured from the sound', async () => {
    for (const [bytes, mime] of [
      [adtsAac(3), 'audio/aac'],
      [mp3(3), 'audio/mpeg'],
      [m4a(3), 'audio/mp4'],
    ] as const) {
      const v = await uploaded(h, WORKER, 'voice', bytes)
      const doc = (await h.store.get<MediaDoc>('media', v.id))!
      expect([doc.mime, Math.round(v.durationMs! / 1000)]).toEqual([mime, 3])
    }
  })

  it('refuses a 12 MB photo and a renamed .exe with words that say what to do, and keeps nothing', async () => {
    const twelve = 12 * 1024 * 1024
    const tooBig = await upload(h, WORKER, 'photo', gpsJpeg().subarray(0, MEDIA_LIMITS.chunkBytes), { size: twelve })
    expect(expectError(tooBig, 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.photoTooLarge)
    const exe = await upload(h, WORKER, 'photo', exeBytes(200_000))
    expect(expectError(exe, 'FILE_REFUSED').message).toBe(MEDIA_WORDS.photoType)
    // A photo sent as a voice note, and a voice note sent as a photo.
    expect(expectError(await upload(h, WORKER, 'voice', plainJpeg()), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.voiceType)
    expect(expectError(await upload(h, WORKER, 'photo', mp3(2)), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.photoType)
    expect(stored(h)).toEqual([])
    expect(await h.store.count('uploads')).toBe(0)
    expect(await h.store.count('upload_parts')).toBe(0)
    expect(await h.store.count('media')).toBe(0)
  })

  it('refuses a voice note longer than 60 s, and a photo broken inside, and keeps nothing of them', async () => {
    expect(expectError(await upload(h, WORKER, 'voice', webm(62)), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.voiceTooLong)
    const photo = plainJpeg(400, 300, 95, true)
    const broken = photo.slice(0, photo.length - 200)
    expect(expectError(await upload(h, WORKER, 'photo', broken), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.photoBroken)
    expect(stored(h)).toEqual([])
    expect(await h.store.count('upload_parts')).toBe(0)
    expect(await h.store.count('media')).toBe(0)
  })

  it('a chunk sent again is answered as before; a chunk out of order or of the wrong length is refused', async () => {
    const bytes = gpsJpeg(400, 300, 6, true)
    const first = Buffer.from(bytes.subarray(0, MEDIA_LIMITS.chunkBytes)).toString('base64')
    const rest = Buffer.from(bytes.subarray(MEDIA_LIMITS.chunkBytes)).toString('base64')
    const chunk = (index: number, data: string) => h.op(uploadMedia, WORKER, { uploadId: 'upload-retry-1', kind: 'photo', size: bytes.length, index, data })
    expectError(await chunk(1, rest), 'UPLOAD_LOST')
    expect(expectOk(await chunk(0, first))).toEqual({ done: false, received: 1 })
    expect(expectOk(await chunk(0, first))).toEqual({ done: false, received: 1 })
    expectError(await chunk(1, first), 'UPLOAD_LOST')
    const done = expectOk(await chunk(1, rest))
    expect(done.done).toBe(true)
    // The last chunk again (its answer was lost): the same media, nothing kept twice.
    expect(expectOk(await chunk(1, rest))).toEqual(done)
    expect(stored(h)).toHaveLength(1)
    expect(await h.store.count('upload_parts')).toBe(0)
  })

  it('a thumbnail that is not a small JPEG is left out; the photo is kept', async () => {
    const m = await uploaded(h, WORKER, 'photo', plainJpeg(), plainJpeg(600, 20))
    expect((await h.store.get<MediaDoc>('media', m.id))!.thumbFileId).toBeUndefined()
    const n = await uploaded(h, WORKER, 'photo', plainJpeg(), exeBytes(1000))
    expect((await h.store.get<MediaDoc>('media', n.id))!.thumbFileId).toBeUndefined()
  })

  it('a case names only its filer’s own media, each once, and no more than the form holds', async () => {
    const mine = await uploaded(h, WORKER, 'photo', plainJpeg())
    const theirs = await uploaded(h, OTHER_WORKER, 'photo', plainJpeg())
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: [theirs.id] })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.gone)
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: ['no-such-media'] })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.gone)
    expectOk(await h.op(submitCase, WORKER, submitInput({ media: [mine.id] })))
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: [mine.id] })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.gone)
    const voices = [await uploaded(h, WORKER, 'voice', mp3(2)), await uploaded(h, WORKER, 'voice', mp3(2))]
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: voices.map((v) => v.id) })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.tooManyVoices)
    const photos = []
    for (let i = 0; i < 10; i++) photos.push((await uploaded(h, WORKER, 'photo', plainJpeg())).id)
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: photos })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.tooManyPhotos)
    // Nothing refused was attached.
    expect((await h.store.get<MediaDoc>('media', theirs.id))!.caseId).toBeNull()
    expect((await h.store.get<MediaDoc>('media', photos[0]!))!.caseId).toBeNull()
  })

  it('limits how many uploads one person starts in an hour', async () => {
    const small = plainJpeg(16, 16)
    for (let i = 0; i < MEDIA_LIMITS.uploadsPerHour; i++) expectOk(await upload(h, WORKER, 'photo', small))
    expect(expectError(await upload(h, WORKER, 'photo', small), 'FILE_RATE_LIMITED').message).toBe(MEDIA_WORDS.tooMany)
    // Someone else is not held up, and an hour later the first may go on.
    expectOk(await upload(h, OTHER_WORKER, 'photo', small))
    h.clock.now += 61 * 60 * 1000
    expectOk(await upload(h, WORKER, 'photo', small))
    expect((await h.store.find<UploadDoc>('uploads', { limit: 1000 })).items.every((u) => u.state === 'done')).toBe(true)
  })

  it('an employer-side officer gets none of the files of a case that is not open, by the case or by a URL', async () => {
    const photo = await uploaded(h, WORKER, 'photo', gpsJpeg())
    const confidential = expectOk(await h.op(submitCase, WORKER, submitInput({ stationId: 'st-CX-0003', privacy: 'confidential', media: [photo.id] })))
    // The park station owns it: its government-side liaison sees the photo; its employer-side member nothing.
    const seen = expectOk(await h.op(getCaseMedia, PARK_LIAISON, { id: confidential.id }))
    expect(seen.items).toHaveLength(1)
    expectError(await h.op(getCaseMedia, PARK_EMPLOYER, { id: confidential.id }), 'CASE_NOT_FOUND')
    expectError(await h.op(getMyCaseMedia, PARK_EMPLOYER, { id: confidential.id }), 'CASE_NOT_FOUND')
    // A URL is good only as handed out: another signature, another expiry or another file id opens nothing.
    const good = new URL(seen.items[0]!.url, 'http://local')
    expect(await fetchLocal(h, good.href)).not.toBeNull()
    const forged = (edit: (u: URL) => void) => {
      const u = new URL(good.href)
      edit(u)
      return fetchLocal(h, u.href)
    }
    expect(await forged((u) => u.searchParams.set('sig', 'A'.repeat(43)))).toBeNull()
    expect(await forged((u) => u.searchParams.set('exp', String(Number(u.searchParams.get('exp')) + 3600)))).toBeNull()
    expect(await forged((u) => u.searchParams.delete('sig'))).toBeNull()
    const other = await uploaded(h, WORKER, 'photo', plainJpeg())
    const otherFile = (await h.store.get<MediaDoc>('media', other.id))!.fileId
    expect(await forged((u) => (u.pathname = `/__files/${otherFile}`))).toBeNull()
    // Ten minutes on, the handed-out URL itself is dead.
    h.clock.now += 10 * 60 * 1000 + 1000
    expect(await fetchLocal(h, good.href)).toBeNull()
  })

  it('an open case at the same station shows the employer-side officer its photos', async () => {
    const photo = await uploaded(h, WORKER, 'photo', plainJpeg())
    const open = expectOk(await h.op(submitCase, WORKER, submitInput({ stationId: 'st-CX-0003', privacy: 'open', media: [photo.id] })))
    expect(expectOk(await h.op(getCaseMedia, PARK_EMPLOYER, { id: open.id })).items).toHaveLength(1)
  })

  it('an anonymous case keeps no openid with its media', async () => {
    const photo = await uploaded(h, WORKER, 'photo', plainJpeg())
    const anon = expectOk(await h.op(submitCase, WORKER, submitInput({ privacy: 'anonymous', contact: undefined, media: [photo.id] })))
    const doc = (await h.store.get<MediaDoc>('media', photo.id))!
    expect(doc.caseId).toBe(anon.id)
    expect(JSON.stringify(doc)).not.toContain(WORKER)
    expect(expectOk(await h.op(getMyCaseMedia, WORKER, { id: anon.id })).items).toHaveLength(1)
  })

  it('the sweep removes, after a day, media no case was filed with and uploads that stopped halfway; filed ones stay', async () => {
    const filedPhoto = await uploaded(h, WORKER, 'photo', plainJpeg(), plainJpeg(32, 24))
    const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ media: [filedPhoto.id] })))
    const leftOver = await uploaded(h, WORKER, 'photo', plainJpeg(), plainJpeg(32, 24))
    const bytes = gpsJpeg(400, 300, 6, true)
    expect(expectOk(await upload(h, WORKER, 'photo', bytes.subarray(0, MEDIA_LIMITS.chunkBytes), { size: bytes.length, uploadId: 'halfway-1' }))).toEqual({ done: false, received: 1 })
    expect(stored(h)).toHaveLength(4)

    h.clock.now += 23 * 60 * 60 * 1000
    expect(expectOk(await h.op(runSweep, null, {})).abandoned).toEqual({ media: 0, uploads: 0 })
    h.clock.now += 2 * 60 * 60 * 1000
    expect(expectOk(await h.op(runSweep, null, { dryRun: true })).abandoned).toEqual({ media: 1, uploads: 1 })
    expect(expectOk(await h.op(runSweep, null, {})).abandoned).toEqual({ media: 1, uploads: 1 })
    expect(await h.store.get('media', leftOver.id)).toBeNull()
    expect(stored(h)).toHaveLength(2)
    expect(await h.store.count('upload_parts')).toBe(0)
    expect(expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id })).items).toHaveLength(1)
    // The form that still names it is told so.
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ media: [leftOver.id] })), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.gone)
    expect(expectOk(await h.op(runSweep, null, {})).abandoned).toEqual({ media: 0, uploads: 0 })
  })
})

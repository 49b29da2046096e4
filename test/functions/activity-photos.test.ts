import ExcelJS from 'exceljs'
import exifr from 'exifr'
import type { ActivityDoc, MediaDoc, MembershipDoc, OfficerDoc } from '../../cloudfunctions/core/app/records'
import type { InputOf } from '../../types/contract'
import { createActivity, exportLedger, getActivityPhotos, listActivities, removeActivity, uploadActivityPhoto } from '../../types/contracts'
import { MEDIA_WORDS } from '../../types/contracts/media'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, type Harness } from '../support/harness'
import { exeBytes, gpsJpeg, mp3, plainJpeg } from '../support/media-fixtures'
import { fetchLocal, upload, uploaded } from '../support/upload'

/**
 * Photos on the station ledger's activities (issue §6, D34): uploaded through the one checked upload of ADR 15
 * (`activity.upload`, photos only, the `activity` area), named by id on `activity.create`, shown by `activity.list`
 * with short-lived URLs and thumbnails to the station's officers only — whichever side they are on — and removed
 * with their activity. Another station's officer, the county above and a worker get nothing, by id or by URL.
 */

const STREET = 'st-CX-0002'
const HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const PARK = 'st-CX-0003'
const PARK_LEAD = 'dev-CX-park-liaison'
const COUNTY_HEAD = 'dev-CX-county-head'
const STREET_EMPLOYER = 'emp-street-member'

const stored = (h: Harness) => (h.ports.files as unknown as { stored: () => string[] }).stored()
const fileIdOf = (url: string) => new URL(url, 'http://local').pathname.slice('/__files/'.length)

type Input = InputOf<typeof createActivity>
const activity = (over: Partial<Input> = {}): Input => ({
  stationId: STREET,
  kind: 'propaganda',
  date: '2026-11-20',
  place: '曹城街道文化广场',
  attendees: 60,
  note: '宣讲《保障农民工工资支付条例》，发放资料 80 份',
  ...over,
})

const photo = async (h: Harness, openid: string, bytes: Uint8Array, stationId = STREET) => {
  const r = expectOk(await upload(h, openid, 'photo', bytes, { via: uploadActivityPhoto, stationId, thumb: plainJpeg(32, 24) }))
  if (!r.done) throw new Error('upload did not finish')
  return r.media
}

/** What a refused call must not have written. */
const counts = async (h: Harness) => ({ activities: await h.store.count('activities'), media: await h.store.count('media'), files: stored(h).length })

onBothStores((harness) => {
  let h: Harness

  beforeAll(async () => {
    h = harness()
    h.clock.now = sh('2026-11-25 09:00')
    // An employer-side member of the station: the employer rule is about cases and hides no activity.
    await h.store.insert<OfficerDoc>('officers', { _id: 'of-emp', openid: STREET_EMPLOYER, name: '街道企业方代表', createdAt: h.clock.now })
    await h.store.insert<MembershipDoc>('memberships', { _id: 'ms-emp', officerId: 'of-emp', openid: STREET_EMPLOYER, stationId: STREET, role: 'member', side: 'employer', admin: false, createdAt: h.clock.now })
  })

  it('uploads two photos, logs the activity with them, and the station’s officers see thumbnails and pictures without GPS', async () => {
    const a = await photo(h, HEAD, gpsJpeg(640, 480))
    const b = await photo(h, HEAD, gpsJpeg(480, 640))
    expect((await h.store.get<MediaDoc>('media', a.id))!).toMatchObject({ area: 'activity', caseId: null, kind: 'photo' })
    const made = expectOk(await h.op(createActivity, HEAD, activity({ photos: [a.id, b.id] })))
    expect(made.photoCount).toBe(2)
    const doc = (await h.store.get<ActivityDoc>('activities', made.id))!
    // The record names its photos by id, never by an address.
    expect(doc.photos).toEqual([a.id, b.id])
    expect(JSON.stringify(doc)).not.toMatch(/__files|sig=/)
    expect((await h.store.get<MediaDoc>('media', a.id))!.caseId).toBe(made.id)

    for (const who of [HEAD, REP, STREET_EMPLOYER]) {
      const list = expectOk(await h.op(listActivities, who, { stationId: STREET, month: '2026-11' }))
      const row = list.items.find((i) => i.id === made.id)!
      expect(row.photos.map((p) => p.id)).toEqual([a.id, b.id])
      expect(row.photos[0]).toMatchObject({ kind: 'photo', width: 640, height: 480 })
      expect(row.photosExpireAt).toBe(h.clock.now + 10 * 60 * 1000)
      const full = await fetchLocal(h, row.photos[0]!.url)
      expect(full?.mime).toBe('image/jpeg')
      expect(await exifr.gps(Buffer.from(full!.bytes))).toBeUndefined()
      expect((await fetchLocal(h, row.photos[0]!.thumbUrl!))?.mime).toBe('image/jpeg')
    }
    // Asked again later (a page open past ten minutes): fresh URLs for the same photos.
    const again = expectOk(await h.op(getActivityPhotos, REP, { stationId: STREET, id: made.id }))
    expect(again.items.map((p) => p.id)).toEqual([a.id, b.id])

    // A photo named by the activity cannot be named again, by another activity or a case.
    const before = await counts(h)
    expect(expectError(await h.op(createActivity, HEAD, activity({ photos: [a.id] })), 'REQUEST_INVALID')).toMatchObject({ message: '照片已失效，请删掉后重新添加', fields: ['photos'] })
    expect(await counts(h)).toEqual(before)

    // The export says how many photos, and no address travels with the file.
    const job = expectOk(await h.op(exportLedger, HEAD, { stationId: STREET, month: '2026-11', jobId: 'activity-photos-export-1' }))
    const body = (await h.ports.files.get(fileIdOf(job.url!)))!
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(body.bytes) as never)
    const sheet = wb.getWorksheet('活动记录')!
    expect(sheet.getRow(1).getCell(7).value).toBe('照片（张）')
    expect(sheet.getRow(2).getCell(7).value).toBe(2)
    expect(Buffer.from(body.bytes).toString('latin1')).not.toMatch(/__files/)
  })

  it('gives another station’s officer, the county above and a worker nothing: no upload, no list, no photos, no file by a made-up URL', async () => {
    const p = await photo(h, HEAD, plainJpeg(320, 240))
    const made = expectOk(await h.op(createActivity, HEAD, activity({ kind: 'visit', place: '曹城街道某工地', note: '走访工地了解工资发放', photos: [p.id] })))
    const before = await counts(h)
    for (const outsider of [PARK_LEAD, COUNTY_HEAD]) {
      expectError(await upload(h, outsider, 'photo', plainJpeg(), { via: uploadActivityPhoto, stationId: STREET }), 'STATION_OUT_OF_SCOPE')
      expectError(await h.op(listActivities, outsider, { stationId: STREET, month: '2026-11' }), 'STATION_OUT_OF_SCOPE')
      expectError(await h.op(getActivityPhotos, outsider, { stationId: STREET, id: made.id }), 'STATION_OUT_OF_SCOPE')
    }
    // Through their own station, the activity's id finds nothing.
    expectError(await h.op(getActivityPhotos, PARK_LEAD, { stationId: PARK, id: made.id }), 'ACTIVITY_NOT_FOUND')
    expectError(await h.op(removeActivity, PARK_LEAD, { stationId: PARK, id: made.id, version: made.version }), 'ACTIVITY_NOT_FOUND')
    expect(expectOk(await h.op(listActivities, PARK_LEAD, { stationId: PARK, month: '2026-11' })).items).toEqual([])
    expectError(await upload(h, WORKER, 'photo', plainJpeg(), { via: uploadActivityPhoto, stationId: STREET }), 'AUTH_NOT_OFFICER')
    expectError(await h.op(listActivities, WORKER, { stationId: STREET, month: '2026-11' }), 'AUTH_NOT_OFFICER')
    expect(await counts(h)).toEqual(before)

    // The local host serves a file only through a URL an authorized call handed out: the file's id alone, another
    // signature, another file under this signature or a stale one get nothing.
    const url = new URL(expectOk(await h.op(getActivityPhotos, HEAD, { stationId: STREET, id: made.id })).items[0]!.url, 'http://local')
    const id = fileIdOf(url.href)
    expect(id).toMatch(/^activity\/[0-9a-f]{32}$/)
    expect(await fetchLocal(h, `/__files/${id}`)).toBeNull()
    expect(await fetchLocal(h, `/__files/${id}?exp=${url.searchParams.get('exp')}&sig=${'A'.repeat(43)}`)).toBeNull()
    expect(await fetchLocal(h, `/__files/activity/${'0'.repeat(32)}?${url.searchParams}`)).toBeNull()
    h.clock.now += 11 * 60 * 1000
    expect(await fetchLocal(h, url.href)).toBeNull()
    h.clock.now -= 11 * 60 * 1000
  })

  it('refuses a tenth photo, a photo that is not the caller’s own upload, a case photo, a program renamed .jpg and a voice note, in Chinese and writing nothing', async () => {
    const mine = await photo(h, HEAD, plainJpeg())
    const ten = [mine.id, ...Array.from({ length: 9 }, (_, i) => `media-${i}`)]
    const before = await counts(h)
    expect(expectError(await h.op(createActivity, HEAD, activity({ photos: ten })), 'REQUEST_INVALID')).toMatchObject({ message: MEDIA_WORDS.tooManyPhotos })
    // Another officer's upload of the same station, and a photo the head uploaded for a case form.
    const repPhoto = await photo(h, REP, plainJpeg())
    const casePhoto = await uploaded(h, HEAD, 'photo', plainJpeg())
    const after = await counts(h)
    for (const other of [repPhoto.id, casePhoto.id, 'no-such-media'])
      expect(expectError(await h.op(createActivity, HEAD, activity({ photos: [mine.id, other] })), 'REQUEST_INVALID')).toMatchObject({ message: '照片已失效，请删掉后重新添加', fields: ['photos'] })
    expect(await counts(h)).toEqual(after)
    expect(after.activities).toBe(before.activities)
    expect((await h.store.get<MediaDoc>('media', mine.id))!.caseId).toBeNull()

    // A program renamed .jpg is refused at its first chunk: nothing kept. A voice note has no place here.
    const uploadsBefore = await h.store.count('uploads')
    expect(expectError(await upload(h, HEAD, 'photo', exeBytes(200_000), { via: uploadActivityPhoto, stationId: STREET }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.photoType)
    expect(expectError(await upload(h, HEAD, 'voice', mp3(2), { via: uploadActivityPhoto, stationId: STREET }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.notHere)
    expect(expectError(await upload(h, HEAD, 'document', plainJpeg(), { via: uploadActivityPhoto, stationId: STREET }), 'FILE_REFUSED').message).toBe(MEDIA_WORDS.notHere)
    // Over 10 MB is refused by the contract before a byte is read.
    expect(expectError(await upload(h, HEAD, 'photo', plainJpeg(), { via: uploadActivityPhoto, stationId: STREET, size: 11 * 1024 * 1024 }), 'REQUEST_INVALID').message).toBe(MEDIA_WORDS.photoTooLarge)
    expect(await h.store.count('uploads')).toBe(uploadsBefore)
    expect(await counts(h)).toEqual(after)
  })

  it('removing an activity removes its photos: their records, files and thumbnails', async () => {
    const p = await photo(h, HEAD, plainJpeg(320, 240))
    const made = expectOk(await h.op(createActivity, HEAD, activity({ kind: 'meeting', place: '曹城街道驿站会议室', note: '驿站例会，通报本月办理情况', photos: [p.id] })))
    const m = (await h.store.get<MediaDoc>('media', p.id))!
    const url = expectOk(await h.op(getActivityPhotos, HEAD, { stationId: STREET, id: made.id })).items[0]!.url
    expect(stored(h)).toEqual(expect.arrayContaining([m.fileId, m.thumbFileId]))
    // Only the officer who logged it removes it: the photos stay meanwhile.
    expectError(await h.op(removeActivity, REP, { stationId: STREET, id: made.id, version: made.version }), 'AUTH_FORBIDDEN')
    expect(stored(h)).toContain(m.fileId)
    expectOk(await h.op(removeActivity, HEAD, { stationId: STREET, id: made.id, version: made.version }))
    expect(await h.store.get('activities', made.id)).toBeNull()
    expect(await h.store.get('media', p.id)).toBeNull()
    expect(stored(h)).not.toContain(m.fileId)
    expect(stored(h)).not.toContain(m.thumbFileId)
    expect(await fetchLocal(h, url)).toBeNull()
  })
})

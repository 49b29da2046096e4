import exifr from 'exifr'
import { cloudbaseFiles } from '../../cloudfunctions/core/adapters/cloudbase/files'
import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { getCaseMedia, submitCase } from '../../types/contracts'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectError, expectOk, makeHarness, submitInput, WORKER, type Harness } from '../support/harness'
import { gpsJpeg, mp3 } from '../support/media-fixtures'
import { uploaded } from '../support/upload'

/**
 * The Files port on CloudBase storage, through the real @cloudbase/node-sdk against the local fake
 * (test/support/cloudbase-fake.ts: upload metadata and the COS PUT, temporary URLs, download, delete).
 */
// Every call goes through the real SDK over HTTP; a filing also has its photo read for the content check.
jest.setTimeout(20_000)

describe('CloudBase storage through the real SDK', () => {
  let fake: CloudbaseFake
  let now = Date.now()
  beforeAll(async () => {
    fake = await startCloudbaseFake({ now: () => now })
  })
  afterAll(() => fake.close())

  const files = () => cloudbaseFiles(connectCloudbase(fake.url).app)

  it('keeps bytes under their area with the type in the extension, hands out a URL that lives as long as asked, and removes them', async () => {
    const f = files()
    const bytes = gpsJpeg()
    const id = await f.put('case', { bytes, mime: 'image/jpeg' })
    expect(id).toMatch(/^cloud:\/\/test-env\.fake-bucket\/case\/[0-9a-f]{32}\.jpg$/)
    expect(fake.storage.files.size).toBe(1)
    const got = (await f.get(id))!
    expect(got.mime).toBe('image/jpeg')
    expect(Buffer.from(got.bytes).equals(Buffer.from(bytes))).toBe(true)

    const url = await f.url(id, 600)
    expect((await fetch(url)).status).toBe(200)
    expect((await fetch(url.replace(/sign=[0-9a-f]+/, 'sign=0000'))).status).toBe(403)
    now += 601_000
    expect((await fetch(url)).status).toBe(403)

    const voice = await f.put('message', { bytes: mp3(1), mime: 'audio/mpeg' })
    expect(voice).toMatch(/\/message\/[0-9a-f]{32}\.mp3$/)
    expect((await f.get(voice))!.mime).toBe('audio/mpeg')

    await f.remove(id)
    expect(await f.get(id)).toBeNull()
    await expect(f.remove(id)).resolves.toBeUndefined()
  })

  it('reaches no file outside its own areas, and a missing file is null', async () => {
    const f = files()
    fake.storage.files.set('secrets/keys.txt', Buffer.from('not ours'))
    expect(await f.get('cloud://test-env.fake-bucket/secrets/keys.txt')).toBeNull()
    await expect(f.url('cloud://test-env.fake-bucket/secrets/keys.txt', 60)).rejects.toThrow()
    await f.remove('cloud://test-env.fake-bucket/secrets/keys.txt')
    expect(fake.storage.files.has('secrets/keys.txt')).toBe(true)
    expect(await f.get('cloud://test-env.fake-bucket/case/0123456789abcdef0123456789abcdef.jpg')).toBeNull()
    await expect(f.url('cloud://test-env.fake-bucket/case/0123456789abcdef0123456789abcdef.jpg', 60)).rejects.toThrow()
  })

  describe('a case with a photo, on the CloudBase store and storage', () => {
    let h: Harness
    beforeAll(async () => {
      const { app, db } = connectCloudbase(fake.url)
      h = await makeHarness({ store: createCloudbaseStore(db), files: () => cloudbaseFiles(app) })
    }, 60_000)

    it('is filed, stripped and shown to the owning officer only through a temporary URL', async () => {
      now = h.clock.now
      const photo = await uploaded(h, WORKER, 'photo', gpsJpeg(400, 300, 6, true))
      const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ media: [photo.id] })))
      const seen = expectOk(await h.op(getCaseMedia, 'dev-CX-street-head', { id: filed.id }))
      const res = await fetch(seen.items[0]!.url)
      expect(res.status).toBe(200)
      const bytes = Buffer.from(await res.arrayBuffer())
      expect(await exifr.gps(bytes)).toBeUndefined()
      expectError(await h.op(getCaseMedia, 'dev-other-nobody', { id: filed.id }), 'AUTH_NOT_OFFICER')
    })
  })
})

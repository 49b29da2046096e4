import exifr from 'exifr'
import type { Page } from 'playwright-core'
import type { CaseDoc, MediaDoc } from '../../cloudfunctions/core/app/records'
import { MEDIA_WORDS } from '../../types/contracts/media'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { exeBytes, gpsJpeg } from '../support/media-fixtures'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * Photos and a voice note in a real browser on the H5 build: a worker at the 开发区 station adds two photos
 * with a GPS position in them and records a voice note with Chromium's fake microphone, sees each upload's
 * progress, is refused a 12 MB photo and a renamed .exe with words that say what to do, and files the case
 * (对单位保密). The station's government-side liaison sees both photos and plays the voice note; the
 * stored photos carry no GPS; the station's employer-side member gets none of the files, by the case or by
 * a URL. Screenshots at 375 px, normally and in 长辈模式, with HX_SHOTS=<dir>. Needs `dist/h5`.
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('media', { chromiumArgs: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'] })

const WORKER = 'dev-worker-zhang'
const LIAISON = 'dev-CX-park-liaison'
const EMPLOYER = 'dev-CX-park-employer'

async function addPhotos(page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) {
  const chooser = page.waitForEvent('filechooser')
  await visible(page, '.add-photo').first().click()
  await (await chooser).setFiles(files)
}

const uploadsSettled = (page: Page) => page.waitForFunction(() => !document.querySelector('.media-tile--uploading') && !Array.from(document.querySelectorAll('.media-voice__state')).some((e) => /上传 \d/.test(e.textContent ?? '')))

/** An operation called from inside the page, as its own code would (the page's cookie names the caller). */
const callFrom = (page: Page, fn: string, op: string, input: unknown) =>
  page.evaluate(
    async ([f, o, i]) => (await fetch(`/api/${f}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: o, input: i, requestId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }) })).json(),
    [fn, op, input] as const,
  ) as Promise<{ ok: boolean; data?: { items: Array<{ url: string; thumbUrl?: string; kind: string }> }; error?: { code: string; message: string } }>

/** Cut-off elements, less the picture inside a photo tile: aspectFill draws it larger and the tile clips it. */
const cutOffBesidesTiles = async (page: Page, root: string) => (await cutOff(page, root)).filter((c) => !c.startsWith('taro-img__mode-aspectfill'))

let caseId = ''
let ownerUrls: string[] = []

it('a worker files a case with two photos and a voice note, and is refused a 12 MB photo and a renamed .exe', async () => {
  const page = await e2e.personPage(WORKER, '/pages/index/index?scene=HZ-CX-0003')
  await seen(page, '反映诉求', true).click()
  await seen(page, '照片和录音（可不填）').waitFor()

  await addPhotos(page, [
    { name: '工资条.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(gpsJpeg(400, 300, 1, true)) },
    { name: '工地告示.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(gpsJpeg(300, 400, 1, true)) },
  ])
  // Each tile shows its own upload, then the photo alone.
  await visible(page, '.media-tile__pct').first().waitFor()
  await uploadsSettled(page)
  expect(await visible(page, '.media-tile--done').count()).toBe(2)

  // A voice note from the fake microphone: the running time, then 停止, then it uploads and can be played.
  await visible(page, '.voice-start').first().click()
  await seen(page, '正在录音').waitFor()
  await page.waitForTimeout(2600)
  await shoot(page, 'media-form-recording')
  await visible(page, '.voice-stop').first().click()
  await seen(page, '已上传').waitFor()
  await uploadsSettled(page)
  await visible(page, '.media-voice .voice-player__time').filter({ hasText: /0:0[2-4]/ }).first().waitFor()

  const kept = async () => (await e2e.store.find<MediaDoc>('media', { limit: 100 })).items.length
  expect(await kept()).toBe(3)
  const files = (e2e.ports.files as unknown as { stored: () => string[] }).stored().length

  // Refused on the phone before sending: larger than 10 MB.
  await addPhotos(page, [{ name: '大照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(12 * 1024 * 1024, 0xff) }])
  await visible(page, '.media-attach__error').filter({ hasText: MEDIA_WORDS.photoTooLarge }).first().waitFor()
  // Refused by the server, which reads the bytes: a program named like a photo.
  await addPhotos(page, [{ name: '照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(exeBytes(50_000)) }])
  await visible(page, '.media-attach__error').filter({ hasText: MEDIA_WORDS.photoType }).first().waitFor()
  await uploadsSettled(page)
  expect(await visible(page, '.media-grid .media-tile--done').count()).toBe(2)
  expect(await kept()).toBe(3)
  expect((e2e.ports.files as unknown as { stored: () => string[] }).stored().length).toBe(files)
  expect(await e2e.store.count('upload_parts')).toBe(0)
  await shoot(page, 'media-form')
  expect(await cutOffBesidesTiles(page, '.case-new')).toEqual([])

  await visible(page, '.category-pay').first().click()
  await fill(page, '.field-description', '开发区电子厂三个月工资没发，工资条和厂门口的告示都拍了照片。')
  await visible(page, '.own-employer-yes').first().click()
  await fill(page, '.field-employer-name', '开发区电子厂')
  await fill(page, '.field-contact-name', '张师傅')
  await fill(page, '.field-contact-phone', '13800000001')
  await visible(page, '.submit-case').first().click()
  await confirmModal(page, '确认提交')
  await seen(page, '诉求编号').waitFor()

  const filed = (await e2e.store.find<CaseDoc>('cases', { limit: 10 })).items
  expect(filed).toHaveLength(1)
  caseId = filed[0]!._id
  expect(filed[0]!.privacy).toBe('confidential')
  expect(filed[0]!.media).toHaveLength(3)
  expect(page.errors).toEqual([])

  // The worker's own case page shows them too.
  await page.goto(`${e2e.host.url}/pages/case/index?id=${caseId}`)
  await seen(page, '你提交的照片和录音').waitFor()
  expect(await visible(page, '.case-photo').count()).toBe(2)
  await page.context().close()
})

it('the owning station’s liaison sees both photos, opens one and plays the voice note; the stored photos carry no GPS', async () => {
  const page = await e2e.personPage(LIAISON, `/officer/case/index?id=${caseId}`)
  const media = page.waitForResponse((r) => r.url().endsWith('/api/officer') && (r.request().postData() ?? '').includes('"case.media"'))
  const answer = (await (await media).json()) as { data: { items: Array<{ url: string; thumbUrl?: string; kind: string }> } }
  ownerUrls = answer.data.items.map((i) => i.url)
  await seen(page, '照片和录音').waitFor()
  expect(await visible(page, '.case-photo').count()).toBe(2)
  // The list shows the thumbnails the phone made, loaded.
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.case-photo img')).filter((i) => i.naturalWidth > 0).length === 2)

  for (const item of answer.data.items.filter((i) => i.kind === 'photo')) {
    const bytes = Buffer.from(await (await fetch(e2e.host.url + item.url)).arrayBuffer())
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]))
    expect(await exifr.gps(bytes)).toBeUndefined()
    expect(await exifr.parse(bytes, { tiff: true, gps: true, xmp: true })).toBeUndefined()
    expect(item.thumbUrl).toBeDefined()
  }

  await visible(page, '.case-voice .voice-player').first().click()
  await seen(page, '正在播放').waitFor()
  await visible(page, '.case-voice .voice-player__time').filter({ hasText: /^0:0[1-4] \/ 0:0[2-4]$/ }).first().waitFor({ timeout: 10_000 })
  await shoot(page, 'media-officer-playing')
  await seen(page, '播放录音').waitFor({ timeout: 10_000 })

  await visible(page, '.case-photo').first().click()
  await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.photo-viewer img')?.naturalWidth ?? 0) > 0)
  await shoot(page, 'media-officer-photo')
  await visible(page, '.photo-viewer').first().click()
  expect(await cutOffBesidesTiles(page, '.officer-case')).toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the station’s employer-side member gets none of the files of this confidential case, by the case or by a URL', async () => {
  const page = await e2e.personPage(EMPLOYER, '/officer/inbox/index')
  const r = await callFrom(page, 'officer', 'case.media', { id: caseId })
  expect(r.ok).toBe(false)
  expect(r.error!.code).toBe('CASE_NOT_FOUND')
  // A URL is only as good as what handed it out: altered, unsigned or made up, it opens nothing.
  const url = new URL(ownerUrls[0]!, e2e.host.url)
  const tries = [
    `${url.pathname}?exp=${url.searchParams.get('exp')}&sig=${'A'.repeat(43)}`,
    `${url.pathname}?exp=${Number(url.searchParams.get('exp')) + 86_400}&sig=${url.searchParams.get('sig')}`,
    url.pathname,
    `/__files/case/${'0'.repeat(32)}?exp=${url.searchParams.get('exp')}&sig=${url.searchParams.get('sig')}`,
  ]
  for (const t of tries) {
    const status = await page.evaluate(async (u) => (await fetch(u)).status, t)
    expect([t, status]).toEqual([t, 404])
  }
  await page.context().close()
})

it('in 长辈模式 the form with photos and a voice note, and the officer page playing it, fit 375 px', async () => {
  const page = await e2e.personPage(WORKER, '/pages/me/index')
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/pages/index/index?scene=HZ-CX-0003`)
  await seen(page, '反映诉求', true).click()
  await seen(page, '照片和录音（可不填）').waitFor()
  await addPhotos(page, [
    { name: 'a.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(gpsJpeg(400, 300, 1, true)) },
    { name: 'b.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(gpsJpeg(300, 400, 1, true)) },
  ])
  await visible(page, '.voice-start').first().click()
  await seen(page, '正在录音').waitFor()
  await page.waitForTimeout(1600)
  await visible(page, '.voice-stop').first().click()
  await seen(page, '已上传').waitFor()
  await uploadsSettled(page)
  await visible(page, '.screen.elder.case-new').first().waitFor()
  await shoot(page, 'media-form-elder')
  expect(await cutOffBesidesTiles(page, '.case-new')).toEqual([])
  await page.context().close()

  const officer = await e2e.personPage(LIAISON, '/pages/me/index')
  await turnOnElderMode(officer, e2e.host.url)
  await officer.goto(`${e2e.host.url}/officer/case/index?id=${caseId}`)
  await seen(officer, '照片和录音').waitFor()
  await visible(officer, '.case-voice .voice-player').first().click()
  await seen(officer, '正在播放').waitFor()
  await shoot(officer, 'media-officer-playing-elder')
  expect(await cutOffBesidesTiles(officer, '.officer-case')).toEqual([])
  await officer.context().close()
})

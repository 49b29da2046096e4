/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { plainJpeg } from '../support/media-fixtures'
import { askedForOnePhoto, stubPhotoPipeline, stubWx, type PhotoPipeline } from '../support/weapp-wx'
import { one, setUpWeappHarness, tap, tapVanButton, text } from './support/page'

/**
 * The photo picker of the weapp build's 反映诉求 form: chooseMedia (compressed, album or camera), then
 * compressImage for the photo (quality 80) and for its list thumbnail (320 px wide), the bytes read from the
 * temporary file and sent in chunks through `media.upload`; the case then names the media id the server
 * gave back. A photo still over 10 MB after compression is refused on the phone with the words to fix it.
 */
const { h, type } = setUpWeappHarness(undefined, { pages: ['pages/case-new/index'] })

const PHOTO = plainJpeg(64, 48)
const THUMB = plainJpeg(32, 24)
const FILES: Record<string, Uint8Array> = {
  'wxfile://tmp/photo-c.jpg': PHOTO,
  'wxfile://tmp/photo-t.jpg': THUMB,
  'wxfile://tmp/huge-c.jpg': new Uint8Array(11 * 1024 * 1024),
  'wxfile://tmp/huge-t.jpg': THUMB,
}
/** WeChat's privacy check: set to hold the next chooseMedia until the page's consent is answered. */
let askPrivacy = false
let privacyListener: ((resolve: (o: { event: string; buttonId?: string }) => void) => void) | undefined
const privacyAnswers: Array<{ event: string; buttonId?: string }> = []
let photos: PhotoPipeline

beforeEach(() => {
  askPrivacy = false
  privacyAnswers.length = 0
  stubWx({
    onNeedPrivacyAuthorization: (l: typeof privacyListener) => {
      privacyListener = l
    },
  })
  // A held chooseMedia answers once the consent is: 同意 goes on, 不同意 refuses.
  const hold = () =>
    askPrivacy
      ? new Promise<boolean>((done) =>
          privacyListener!((answer) => {
            privacyAnswers.push(answer)
            if (answer.event === 'exposureAuthorization') return
            askPrivacy = false
            done(answer.event === 'agree')
          }),
        )
      : null
  photos = stubPhotoPipeline(FILES, { hold })
})

it('chooses a photo, compresses it, uploads it with its thumbnail and files the case with its media id', async () => {
  h.reply = (c) => {
    const { op } = c.data as { op: string }
    if (op === 'media.upload') return { ok: true, data: { done: true, media: { id: 'media-1', kind: 'photo', width: 64, height: 48 } } }
    if (op === 'case.submit')
      return { ok: true, data: { id: 'case-1', caseNo: 'CX2611250001', ownerStationName: '曹城街道驿站', privacy: 'confidential', acceptPromise: '1 个工作日内受理', acceptDue: { at: 0, clock: 'accept', label: '明天 17:30 前受理', overdue: false }, routeReasons: ['scanned'] } }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  photos.chosen = [{ tempFilePath: 'wxfile://tmp/photo.jpg', size: 3_000_000 }]
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'township', channel: 'qr' })
  await h.waitFor(() => text(page).includes('照片和录音（可不填）'))
  expect(text(page)).toContain('添加照片')
  expect(text(page)).toContain('0/9')

  tap(page, '.add-photo')
  await h.waitFor(() => text(page).includes('1/9') && !!page.querySelector('.media-tile--done'))
  expect(photos.seen).toEqual(askedForOnePhoto('wxfile://tmp/photo.jpg'))
  const upload = h.calls.find((c) => c.data.op === 'media.upload')!
  expect(upload.name).toBe('worker')
  const sent = upload.data.input as { kind: string; size: number; index: number; data: string; thumb: string }
  expect({ kind: sent.kind, size: sent.size, index: sent.index }).toEqual({ kind: 'photo', size: PHOTO.length, index: 0 })
  expect(Buffer.from(sent.data, 'base64').equals(Buffer.from(PHOTO))).toBe(true)
  expect(Buffer.from(sent.thumb, 'base64').equals(Buffer.from(THUMB))).toBe(true)

  tap(page, '.category-pay')
  await type(page, '.field-description', '工地三个月工资没结，工资条拍了照片。')
  tap(page, '.own-employer-no')
  await type(page, '.field-employer-name', '县城东关饭店')
  await type(page, '.field-contact-name', '张三')
  await type(page, '.field-contact-phone', '13800000001')
  tapVanButton(page, '.submit-case')
  await h.waitFor(() => h.calls.some((c) => c.data.op === 'case.submit'))
  expect((h.calls.find((c) => c.data.op === 'case.submit')!.data.input as { media: string[] }).media).toEqual(['media-1'])
})

it('refuses on the phone a photo still over 10 MB after compression, and sends nothing', async () => {
  photos.chosen = [{ tempFilePath: 'wxfile://tmp/huge.jpg', size: 30_000_000 }]
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'township', channel: 'qr' })
  await h.waitFor(() => text(page).includes('添加照片'))
  tap(page, '.add-photo')
  await h.waitFor(() => text(page).includes('照片超过 10MB，请压缩后再试'))
  expect(text(one(page, '.media-attach__error'))).toBe('照片超过 10MB，请压缩后再试')
  expect(page.querySelector('.media-tile--uploading')).toBeFalsy()
  expect(h.calls.filter((c) => c.data.op === 'media.upload')).toHaveLength(0)
})

it('shows the mini-program’s own consent before the album is first opened: 不同意 opens nothing, 同意 goes on', async () => {
  h.reply = () => ({ ok: true, data: { done: true, media: { id: 'media-2', kind: 'photo' } } })
  photos.chosen = [{ tempFilePath: 'wxfile://tmp/photo.jpg', size: 3_000_000 }]
  const page = h.render('pages/case-new/index', { stationId: 'st-CX-0002', code: 'HZ-CX-0002', kind: 'township', channel: 'qr' })
  await h.waitFor(() => text(page).includes('添加照片'))
  expect(privacyListener).toBeDefined()

  askPrivacy = true
  tap(page, '.add-photo')
  await h.waitFor(() => !!page.querySelector('.privacy-consent'))
  expect(text(one(page, '.privacy-consent'))).toContain('《菏谐驿站隐私政策》')
  expect(text(one(page, '.privacy-consent'))).toContain('照片会去掉拍摄地点')
  tap(page, '.privacy-consent__no')
  await h.waitFor(() => !page.querySelector('.privacy-consent'))
  expect(privacyAnswers).toEqual([{ event: 'exposureAuthorization' }, { event: 'disagree' }])
  expect(photos.seen).toEqual([])
  expect(page.querySelector('.media-tile--done')).toBeFalsy()

  askPrivacy = true
  tap(page, '.add-photo')
  await h.waitFor(() => !!page.querySelector('.privacy-consent'))
  const agree = one(page, '.privacy-consent__yes')
  // The button WeChat checks: open-type agreePrivacyAuthorization and our id, as the page's data renders it.
  const data = JSON.stringify(page.instance?.data)
  expect(data).toContain('"agreePrivacyAuthorization"')
  expect(data).toContain('"hx-agree-privacy"')
  agree.dispatchEvent('agreeprivacyauthorization')
  await h.waitFor(() => !!page.querySelector('.media-tile--done'))
  expect(privacyAnswers.slice(2)).toEqual([{ event: 'exposureAuthorization' }, { event: 'agree', buttonId: 'hx-agree-privacy' }])
  expect(photos.seen[0]).toEqual({ chooseMedia: { count: 9, mediaType: ['image'], sizeType: ['compressed'] } })
})

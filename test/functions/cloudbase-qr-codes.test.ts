import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { qrPng } from '../../cloudfunctions/core/adapters/qr/h5'
import { GET_UNLIMITED_API, WxacodeError, wxacodeOptionsFromEnv, wxacodeQrCodes } from '../../cloudfunctions/core/adapters/wechat/qr-codes'
import type { memoryFiles } from '../../cloudfunctions/core/adapters/files/local'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import type { StationCodeDoc } from '../../cloudfunctions/core/app/records'
import { batchPosters, getPoster, remakePoster } from '../../types/contracts/posters'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectError, expectOk, makeHarness, type Harness } from '../support/harness'
import { readQrCode, renderPdf } from '../support/pdf'

/**
 * Station codes in the cloud: the wxacode adapter through the real @cloudbase/node-sdk (its byte-returning
 * open-API call, `wx.openApi`) against the local fake endpoint, which answers as the platform does — the
 * image's bytes, or WeChat's JSON refusal. The fake's "mini-program code" is a plain QR code of the scene it
 * was asked for, so reading it back proves which scene reached WeChat. Then the whole poster path on the
 * CloudBase store: a station's code is asked of WeChat once and read from storage after that.
 *
 * What the fake cannot show: WeChat's real image (a round mini-program code, which QR readers do not read),
 * its rate limits and the function's open-API permission.
 */
jest.setTimeout(60_000)

let fake: CloudbaseFake
beforeAll(async () => {
  fake = await startCloudbaseFake()
})
afterAll(() => fake.close())
beforeEach(() => {
  fake.reset()
  fake.wx.answer = (call) =>
    call.apiName === GET_UNLIMITED_API ? { bytes: qrPng(`scene:${String(call.request.scene)}`), contentType: 'image/png' } : { json: { errcode: -1, errmsg: 'unknown api' } }
})

const sdk = () => connectCloudbase(fake.url).app

describe('the wxacode adapter through the real SDK', () => {
  it('asks getUnlimited for the station code as scene, the station home as page, and the stage’s build', async () => {
    const codes = wxacodeQrCodes(sdk(), { envVersion: 'trial', checkPath: false })
    const image = await codes.make('HZ-CX-0002')
    expect(fake.wx.calls).toEqual([
      { apiName: '/wxa/getwxacodeunlimit', request: { scene: 'HZ-CX-0002', page: 'pages/index/index', check_path: false, env_version: 'trial', width: 860 } },
    ])
    expect(image.mime).toBe('image/png')
    expect(await readQrCode(image.bytes)).toBe('scene:HZ-CX-0002')
    expect(codes.target('HZ-CX-0002')).toBe('wxacode trial pages/index/index')
  })

  it('takes a JPEG as WeChat usually sends it', async () => {
    fake.wx.answer = () => ({ bytes: new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]), contentType: 'image/jpeg' })
    const image = await wxacodeQrCodes(sdk(), { envVersion: 'release', checkPath: true }).make('HZ-CX-0002')
    expect(image).toMatchObject({ mime: 'image/jpeg', name: 'HZ-CX-0002.jpg' })
    expect(fake.wx.calls[0]!.request).toMatchObject({ check_path: true, env_version: 'release' })
  })

  it('says why when WeChat refuses, and never passes a refusal off as an image', async () => {
    const codes = wxacodeQrCodes(sdk(), { envVersion: 'release', checkPath: true })
    fake.wx.answer = () => ({ json: { errcode: 41030, errmsg: 'invalid page rid: 1' } })
    await expect(codes.make('HZ-CX-0002')).rejects.toThrow(new WxacodeError('小程序码页面不存在（所选版本里没有这个页面，或还没有发布）（41030：invalid page rid: 1）'))
    fake.wx.answer = () => ({ json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } })
    await expect(codes.make('HZ-CX-0002')).rejects.toMatchObject({ errcode: 45009 })
    // The platform's own error (no permission in config.json, say): the SDK throws it.
    fake.wx.answer = () => ({ json: { code: 'INVALID_PERMISSION', message: 'wxacode.getUnlimited not permitted' } })
    await expect(codes.make('HZ-CX-0002')).rejects.toMatchObject({ code: 'INVALID_PERMISSION' })
    // Bytes that are no image.
    fake.wx.answer = () => ({ bytes: new TextEncoder().encode('<html>busy</html>'), contentType: 'text/html' })
    await expect(codes.make('HZ-CX-0002')).rejects.toThrow('微信返回的不是图片')
    // A scene WeChat would refuse is not sent at all.
    await expect(codes.make('HZ-CX-0002-AND-A-VERY-LONG-TAIL-OF-TEXT')).rejects.toThrow('scene must be')
    expect(fake.wx.calls).toHaveLength(4)
  })

  it('takes the build per stage from HX_MP_STATE', () => {
    const of = (HX_MP_STATE?: string) => wxacodeOptionsFromEnv({ HX_MP_STATE } as unknown as NodeJS.ProcessEnv)
    expect(of()).toEqual({ envVersion: 'release', checkPath: true })
    expect(of('formal')).toEqual({ envVersion: 'release', checkPath: true })
    expect(of('trial')).toEqual({ envVersion: 'trial', checkPath: false })
    expect(of('developer')).toEqual({ envVersion: 'develop', checkPath: false })
  })
})

describe('posters on the CloudBase store with codes from WeChat', () => {
  let h: Harness
  beforeEach(async () => {
    h = await makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db), qrCodes: () => wxacodeQrCodes(sdk(), { envVersion: 'release', checkPath: true }) })
  })

  it('asks WeChat for a station’s code once, then reads it from storage', async () => {
    const first = expectOk(await h.op(getPoster, 'dev-CX-county-head', { stationId: 'st-CX-0002' }))
    expect(fake.wx.calls.map((c) => c.request.scene)).toEqual(['HZ-CX-0002'])
    const kept = await h.store.get<StationCodeDoc>(COLLECTIONS.stationCodes, 'HZ-CX-0002')
    expect(kept).toMatchObject({ stationId: 'st-CX-0002', target: 'wxacode release pages/index/index' })
    expect((h.ports.files as ReturnType<typeof memoryFiles>).stored()).toContain(kept!.fileId)

    expectOk(await h.op(getPoster, 'dev-CX-street-head', { stationId: 'st-CX-0002' }))
    const again = expectOk(await h.op(remakePoster, 'dev-CX-county-head', { stationId: 'st-CX-0002' }))
    const job = expectOk(await h.op(batchPosters, 'dev-CX-county-head', { countyId: 'st-CX-0001', jobId: 'job-cloud-batch-01' }))
    expect(job.state).toBe('done')
    // The street's code was never asked for again; the batch asked for the four others, once each.
    expect(fake.wx.calls.map((c) => c.request.scene)).toEqual(['HZ-CX-0002', 'HZ-CX-0001', 'HZ-CX-0003', 'HZ-CX-0004', 'HZ-CX-0005'])
    expect(again.poster.codeUrl).toBe(first.poster.codeUrl)

    // The printed poster carries the code WeChat made for this station.
    const url = new URL(again.poster.url, 'http://local')
    const pdf = await (h.ports.files as ReturnType<typeof memoryFiles>).open(url.pathname.slice('/__files/'.length), url.searchParams, h.clock.now)
    expect((await renderPdf(pdf!.bytes)).rendered[0]!.qr).toBe('scene:HZ-CX-0002')
  })

  it('keeps nothing when WeChat refuses, and asks again next time', async () => {
    fake.wx.answer = () => ({ json: { errcode: 45009, errmsg: 'reach max api daily quota limit' } })
    expectError(await h.op(getPoster, 'dev-CX-county-head', { stationId: 'st-CX-0002' }), 'POSTER_CODE_FAILED')
    expect(await h.store.count(COLLECTIONS.stationCodes)).toBe(0)
    fake.wx.answer = (call) => ({ bytes: qrPng(`scene:${String(call.request.scene)}`), contentType: 'image/png' })
    expectOk(await h.op(getPoster, 'dev-CX-county-head', { stationId: 'st-CX-0002' }))
    expect(fake.wx.calls).toHaveLength(2)
  })
})

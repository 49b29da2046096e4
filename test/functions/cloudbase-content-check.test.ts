import { cloudbaseContentCheck, MEDIA_CHECK_ASYNC_API, MSG_SEC_CHECK_API } from '../../cloudfunctions/core/adapters/cloudbase/content-check'
import { cloudbaseFiles } from '../../cloudfunctions/core/adapters/cloudbase/files'
import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import type { ContentCheckDoc } from '../../cloudfunctions/core/app/records'
import { getCaseDetail, getCaseMedia, getMyCaseMedia, recordMediaVerdict, runSweep, submitCase } from '../../types/contracts'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectOk, makeHarness, submitInput, WORKER, type Harness } from '../support/harness'
import { mp3, plainJpeg } from '../support/media-fixtures'
import { uploaded } from '../support/upload'

/**
 * The ContentCheck port on WeChat content security 2.0, through the real @cloudbase/node-sdk (`callWxOpenApi`,
 * action `wx.api`) against the local fake (test/support/cloudbase-fake.ts, its WeChat open-API block): the
 * request shapes, long text in parts, the photo's temporary URL, and a case whose photo's verdict arrives later
 * as the `wxa_media_check` push, on the CloudBase store and storage.
 */
// Each test files cases and runs the sweep through the real SDK and the local endpoint: seconds on a busy machine.
jest.setTimeout(30_000)

describe('WeChat content security through the real SDK', () => {
  let fake: CloudbaseFake
  beforeAll(async () => {
    fake = await startCloudbaseFake()
  })
  afterAll(() => fake.close())
  beforeEach(() => {
    fake.wxApi.calls.length = 0
  })

  const connect = () => {
    const { app } = connectCloudbase(fake.url)
    const files = cloudbaseFiles(app)
    return { files, check: cloudbaseContentCheck(app, files) }
  }

  it('checks text with msgSecCheck 2.0: the openid, the scene and the content, and reads the verdict', async () => {
    const { check } = connect()
    expect(await check.text({ text: '老板拖欠了三个月工资', openid: 'o-worker', scene: 2 })).toEqual({ suggest: 'pass', label: 100, parts: 1 })
    expect(fake.wxApi.calls).toEqual([{ apiName: MSG_SEC_CHECK_API, requestData: { version: 2, openid: 'o-worker', scene: 2, content: '老板拖欠了三个月工资' } }])
    expect(await check.text({ text: '这里有违规测试词', openid: 'o-worker', scene: 2 })).toEqual({ suggest: 'risky', label: 20006, parts: 1 })
    expect((await check.text({ text: '这里有复核测试词', openid: 'o-worker', scene: 2 })).suggest).toBe('review')
  })

  it('checks text over 2 500 characters in overlapping parts, and the strictest part decides', async () => {
    const { check } = connect()
    const filler = '工'.repeat(6000)
    expect(await check.text({ text: filler, openid: 'o-worker', scene: 2 })).toMatchObject({ suggest: 'pass', parts: 3 })
    const sent = fake.wxApi.calls.map((c) => [...String(c.requestData.content)].length)
    expect(sent).toEqual([2500, 2500, 1200])
    expect(sent.every((n) => n <= 2500)).toBe(true)

    // A flagged phrase only in the last part, and one cut by a part boundary (2 500), are both found.
    fake.wxApi.calls.length = 0
    expect((await check.text({ text: `${filler}违规测试词`, openid: 'o-worker', scene: 2 })).suggest).toBe('risky')
    expect(fake.wxApi.calls.map((c) => c.requestData.content as string).filter((c) => c.includes('违规测试词'))).toHaveLength(1)
    const across = `${'工'.repeat(2497)}违规测试词${'工'.repeat(2000)}`
    expect((await check.text({ text: across, openid: 'o-worker', scene: 2 })).suggest).toBe('risky')
    // Characters, not UTF-16 units: 2 500 emoji are one part.
    fake.wxApi.calls.length = 0
    expect((await check.text({ text: '😀'.repeat(2500), openid: 'o-worker', scene: 2 })).parts).toBe(1)
  })

  it('throws when WeChat refuses or the platform fails, so the caller records a failed check', async () => {
    const { check } = connect()
    fake.wxApi.failNext = -1
    await expect(check.text({ text: '老板拖欠了三个月工资', openid: 'o-worker', scene: 2 })).rejects.toThrow(/errcode -1/)
    await expect(check.text({ text: '老板拖欠了三个月工资', openid: 'o-worker', scene: 9 as 2 })).rejects.toThrow(/40129/)
  })

  it('starts mediaCheckAsync 2.0 with a temporary URL WeChat can download, and skips what it cannot read', async () => {
    const { check, files } = connect()
    const photo = plainJpeg(32, 24)
    const fileId = await files.put('case', { bytes: photo, mime: 'image/jpeg' })
    const started = await check.media({ fileId, kind: 'photo', mime: 'image/jpeg', openid: 'o-worker', scene: 2 })
    expect(started).toEqual({ traceId: expect.stringMatching(/^fake-trace-/) })
    const call = fake.wxApi.calls[0]!
    expect(call.apiName).toBe(MEDIA_CHECK_ASYNC_API)
    expect(call.requestData).toMatchObject({ version: 2, openid: 'o-worker', scene: 2, media_type: 2 })
    const downloaded = await fetch(String(call.requestData.media_url))
    expect(Buffer.from(await downloaded.arrayBuffer()).equals(Buffer.from(photo))).toBe(true)

    const voiceId = await files.put('case', { bytes: mp3(1), mime: 'audio/mpeg' })
    await check.media({ fileId: voiceId, kind: 'voice', mime: 'audio/mpeg', openid: 'o-worker', scene: 2 })
    expect(fake.wxApi.calls[1]!.requestData).toMatchObject({ media_type: 1 })

    fake.wxApi.calls.length = 0
    expect(await check.media({ fileId, kind: 'photo', mime: 'image/webp', openid: 'o-worker', scene: 2 })).toEqual({ skipped: expect.stringContaining('image/webp') })
    expect(await check.media({ fileId, kind: 'voice', mime: 'audio/webm', openid: 'o-worker', scene: 2 })).toEqual({ skipped: expect.any(String) })
    expect(fake.wxApi.calls).toEqual([])
  })

  describe('a case with a photo, on the CloudBase store, storage and content security', () => {
    let h: Harness
    beforeAll(async () => {
      const { app, db } = connectCloudbase(fake.url)
      h = await makeHarness({ store: createCloudbaseStore(db), files: () => cloudbaseFiles(app), contentCheck: (files) => cloudbaseContentCheck(app, files) })
    }, 60_000)

    it('records the words’ verdict at intake, and the photo’s when WeChat pushes it', async () => {
      const photo = await uploaded(h, WORKER, 'photo', plainJpeg(48, 32))
      fake.wxApi.calls.length = 0
      const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ description: '老板拖欠工资，还说了违规测试词这样的话', media: [photo.id] })))
      expect(filed.caseNo).toMatch(/^CX/)
      expect(fake.wxApi.calls.map((c) => [c.apiName, c.requestData.openid, c.requestData.scene])).toEqual([
        [MSG_SEC_CHECK_API, WORKER, 2],
        [MEDIA_CHECK_ASYNC_API, WORKER, 2],
      ])
      const rows = (await h.store.find<ContentCheckDoc>('content_checks', { where: { caseId: filed.id } })).items
      expect(rows.map((r) => [r.subject, r.state, r.suggest ?? null]).sort()).toEqual([
        ['media', 'pending', null],
        ['text', 'done', 'risky'],
      ])
      const OWNER = 'dev-CX-street-head'
      expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容')
      expect(expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id })).items[0]!.blurred).toBeUndefined()

      // The push, as the platform delivers it to `sweep` (no openid, no envelope).
      const traceId = [...fake.wxApi.traces.keys()].pop()!
      const pushed = await h.raw('sweep', fake.wxApi.pushFor(traceId, 'risky'), { openid: null, via: 'timer' })
      expect(pushed).toEqual({ ok: true, data: { recorded: true } })
      expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示')
      expect(expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id })).items[0]).toMatchObject({ blurred: true, note: '疑似含有敏感内容' })
      // The worker's own view carries none of it.
      expect(expectOk(await h.op(getMyCaseMedia, WORKER, { id: filed.id })).items[0]).not.toHaveProperty('blurred')
      // A second delivery of the same push changes nothing.
      expect(await h.raw('sweep', fake.wxApi.pushFor(traceId, 'pass'), { openid: null, via: 'timer' })).toEqual({ ok: true, data: { recorded: false } })
      expect(expectOk(await h.op(recordMediaVerdict, null, { traceId, suggest: 'pass' })).recorded).toBe(false)
    })

    it('tries a check WeChat failed again from the sweep, with the worker’s openid read again from the case (ADR 0032)', async () => {
      fake.wxApi.failNext = -1
      const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ description: '老板拖欠工资，还说了违规测试词这样的话' })))
      const [failed] = (await h.store.find<ContentCheckDoc>('content_checks', { where: { caseId: filed.id } })).items
      expect(failed).toMatchObject({ state: 'failed', tries: 0, retryAt: h.clock.now + 60_000 })
      fake.wxApi.calls.length = 0
      h.clock.now += 60_000
      expect(expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).contentChecks).toMatchObject({ due: 1, done: 1 })
      expect(fake.wxApi.calls.map((c) => [c.apiName, c.requestData.openid, c.requestData.scene])).toEqual([[MSG_SEC_CHECK_API, WORKER, 2]])
      const [row] = (await h.store.find<ContentCheckDoc>('content_checks', { where: { caseId: filed.id } })).items
      expect(row).toMatchObject({ state: 'done', suggest: 'risky', tries: 1, retryAt: null })
      expect(expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容')
    })
  })
})

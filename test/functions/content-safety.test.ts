import { LOCAL_CHECK_WORDS } from '../../cloudfunctions/local/content-check'
import type { CaseDoc, CaseEventDoc, ContentCheckDoc, OfficerDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import type { ContentCheck } from '../../cloudfunctions/core/ports'
import { acceptCase, addCaseInfo, confirmCase, createNotice, fileAssistedCase, getCaseDetail, getCaseMedia, getManagedNotice, getMyCase, getMyCaseMedia, getNotice, holdCase, listInbox, listMyCases, recordMediaVerdict, replyCase, resolveCase, runSweep, runVerdictMigration, submitCase, updateNotice, withdrawCase } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { checksOf as recordedChecks, verdictsOf } from '../support/content-checks'
import { markedJpeg, markedMp3 } from '../support/content-fixtures'
import { expectError, expectOk, makeHarness, snapshotCounts, submitInput, WORKER, type Harness } from '../support/harness'
import { plainJpeg } from '../support/media-fixtures'
import { uploaded } from '../support/upload'

/**
 * Content security (D24, ADR 0019) with the embedded checker of the local host: what it judges is recorded
 * beside the case after the case is stored; a case judged risky still reaches its station and its worker gets
 * their case number; a checker that fails or hangs never fails the filing; officers read a badge and get risky
 * photos blurred, the worker never sees any of it; media verdicts arrive as the platform's push to `sweep`.
 */

const OWNER = 'dev-CX-street-head'
const RISKY = LOCAL_CHECK_WORDS.risky[0]
const REVIEW = LOCAL_CHECK_WORDS.review[0]
const COUNTY_HEAD = 'dev-CX-county-head'
const MINUTE = 60_000

const sweep = async (h: Harness) => expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).contentChecks

const checksOf = (h: Harness, caseId: string) => recordedChecks(h.store, caseId)

// The CloudBase suite sends every call through the real SDK over HTTP (a filing also records its content check):
// on a loaded machine a test there takes seconds.
jest.setTimeout(20_000)

onBothStores((get) => {
  it('records the verdict on the words of every case: pass, review, risky', async () => {
    const h = get()
    for (const [description, verdict] of [
      ['老板拖欠了我们三个月的工资，一直说下个月发。', 'pass'],
      [`老板拖欠工资，${REVIEW}，请驿站帮忙。`, 'review'],
      [`老板拖欠工资，${RISKY}，请驿站帮忙。`, 'risky'],
    ] as const) {
      const filed = await h.file({ description })
      const [row] = await checksOf(h, filed.id)
      expect(row).toMatchObject({ subject: 'text', state: 'done', suggest: verdict, caseId: filed.id })
      const notice = expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice
      if (verdict === 'pass') expect(notice).toBeNull()
      else expect(notice).toEqual({ text: verdict === 'risky' ? '内容安全提示：文字疑似含有敏感内容' : '内容安全提示：文字可能含有敏感内容', hint: expect.stringContaining('照常受理') })
    }
  })

  it('still delivers a case judged risky: the worker gets the number, the station its inbox row and message', async () => {
    const h = get()
    const filed = await h.file({ description: `我被老板威胁，不许说出去。${LOCAL_CHECK_WORDS.risky[1]}` })
    expect(filed.caseNo).toMatch(/^CX\d{10}$/)
    expect(filed.acceptPromise).toMatch(/内受理$/)
    const inbox = expectOk(await h.op(listInbox, OWNER, { stationId: 'st-CX-0002', tab: 'pending', limit: 50 }))
    expect(inbox.items.map((r) => r.id)).toContain(filed.id)
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.caseId === filed.id)
    expect(outbox.map((r) => r.kind)).toContain('case.new')
    // The worker's own views: the case as filed, and not a word about the check.
    const mine = expectOk(await h.op(getMyCase, WORKER, { id: filed.id }))
    expect(mine.description).toContain('我被老板威胁')
    expect(JSON.stringify(mine)).not.toMatch(/内容安全提示|敏感内容|blurred/)
    expect(JSON.stringify(expectOk(await h.op(listMyCases, WORKER, {})))).not.toMatch(/内容安全提示|敏感内容|blurred/)
  })

  it('judges photos and voice notes by their push: risky ones blurred for officers, never for the worker', async () => {
    const h = get()
    const plain = await uploaded(h, WORKER, 'photo', plainJpeg(40, 30))
    const risky = await uploaded(h, WORKER, 'photo', markedJpeg('risky'))
    const review = await uploaded(h, WORKER, 'photo', markedJpeg('review'))
    const voice = await uploaded(h, WORKER, 'voice', markedMp3('risky'))
    const filed = await h.file({ media: [plain.id, risky.id, review.id, voice.id] })
    // The checks were started at intake and their verdicts pushed right after the call (as the local host does).
    const media = (await checksOf(h, filed.id)).filter((r) => r.subject === 'media')
    expect(media.map((r) => [r.mediaId, r.mediaKind, r.state, r.suggest]).sort()).toEqual(
      [
        [plain.id, 'photo', 'done', 'pass'],
        [risky.id, 'photo', 'done', 'risky'],
        [review.id, 'photo', 'done', 'review'],
        [voice.id, 'voice', 'done', 'risky'],
      ].sort(),
    )
    const seen = expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id })).items
    const byId = new Map(seen.map((m) => [m.id, m]))
    expect(byId.get(plain.id)).not.toHaveProperty('blurred')
    expect(byId.get(risky.id)).toMatchObject({ blurred: true, note: '疑似含有敏感内容' })
    expect(byId.get(review.id)).toMatchObject({ blurred: false, note: '可能含有敏感内容' })
    expect(byId.get(voice.id)).toMatchObject({ blurred: true })
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe(
      '内容安全提示：1 张照片和 1 段录音疑似含有敏感内容，已模糊显示；1 个照片或录音可能含有敏感内容',
    )
    for (const m of expectOk(await h.op(getMyCaseMedia, WORKER, { id: filed.id })).items) {
      expect(m).not.toHaveProperty('blurred')
      expect(m).not.toHaveProperty('note')
    }
  })
})

onBothStores((get) => {
  it('checks a worker’s message in the thread: officers see the badge on it and the photo blurred, the worker nothing', async () => {
    const h = get()
    const filed = await h.file()
    const risky = await uploaded(h, WORKER, 'photo', markedJpeg('risky'))
    expectOk(await h.act(addCaseInfo, WORKER, filed.id, { text: `补充：老板说${RISKY}`, media: [risky.id] }))
    const rows = (await checksOf(h, filed.id)).filter((r) => r.about === 'message')
    expect(rows.map((r) => [r.subject, r.state, r.suggest]).sort()).toEqual([
      ['media', 'done', 'risky'],
      ['text', 'done', 'risky'],
    ])
    const detail = expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id }))
    // The case's own words passed: its badge stays off; the message carries its own.
    expect(detail.contentNotice).toBeNull()
    const message = detail.thread.find((m) => m.text.includes('补充'))!
    expect(message.contentNotice).toBe('内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示')
    expect(expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id, ids: [risky.id] })).items[0]).toMatchObject({ blurred: true })
    const mine = expectOk(await h.op(getMyCase, WORKER, { id: filed.id }))
    expect(mine.thread.find((m) => m.text.includes('补充'))).toBeDefined()
    expect(JSON.stringify(mine)).not.toMatch(/内容安全提示|敏感内容|contentNotice/)
  })

  it('checks a notice when saved: the publisher reads the verdict, the notice is published all the same, workers see nothing', async () => {
    const h = get()
    const base = { stationId: 'st-CX-0001', category: 'campaign' as const, publishAt: null, expiresAt: null, draft: false, attachments: [] }
    const made = expectOk(await h.op(createNotice, COUNTY_HEAD, { ...base, title: '欠薪专项治理', body: `正文：专项治理期间，${RISKY}` }))
    expect(made.status).toBe('live')
    expect(made.contentNotice).toEqual({ text: '内容安全提示：文字疑似含有敏感内容', hint: expect.stringContaining('照常发布') })
    const row = (await h.store.find<ContentCheckDoc>('content_checks', { where: { noticeId: made.id } })).items[0]
    expect(row).toMatchObject({ about: 'notice', noticeRev: 1, subject: 'text', suggest: 'risky' })
    expect(expectOk(await h.op(getManagedNotice, COUNTY_HEAD, { id: made.id })).contentNotice).toMatchObject({ text: '内容安全提示：文字疑似含有敏感内容' })
    const read = expectOk(await h.op(getNotice, WORKER, { id: made.id }))
    expect(read.title).toBe('欠薪专项治理')
    expect(JSON.stringify(read)).not.toMatch(/内容安全提示|敏感内容/)
    // The publisher mends the words: the new revision is checked, and the notice as it stands has no finding.
    const { stationId: _s, ...fields } = base
    const mended = expectOk(await h.op(updateNotice, COUNTY_HEAD, { ...fields, id: made.id, version: made.version, title: '欠薪专项治理', body: '正文已经改过了，请大家留意。' }))
    expect(mended.contentNotice).toBeUndefined()
    expect(expectOk(await h.op(getManagedNotice, COUNTY_HEAD, { id: made.id })).contentNotice).toBeNull()
  })

  it('retries a failed check from the sweep with the local checker’s fail-once words and file: both pass on the retry', async () => {
    const h = get()
    const photo = await uploaded(h, WORKER, 'photo', markedJpeg('failOnce'))
    const filed = await h.file({ description: `老板拖欠工资。${LOCAL_CHECK_WORDS.failOnce}`, media: [photo.id] })
    const failed = await checksOf(h, filed.id)
    expect(failed.map((r) => [r.subject, r.state, r.tries, r.retryAt])).toEqual([
      ['media', 'failed', 0, h.clock.now + MINUTE],
      ['text', 'failed', 0, h.clock.now + MINUTE],
    ])
    // Not due yet: nothing is tried.
    expect(await sweep(h)).toMatchObject({ due: 0, done: 0 })
    h.clock.now += MINUTE
    // A dry run counts the due checks and tries none.
    expect(expectOk(await h.op(runSweep, undefined as never, { dryRun: true })).contentChecks).toEqual({ due: 2, done: 0, failed: 0, givenUp: 0, complete: true })
    expect(await sweep(h)).toEqual({ due: 2, done: 2, failed: 0, givenUp: 0, complete: true })
    // The words are judged; the photo's check is started again and its verdict pushed; the failed row is gone.
    expect((await checksOf(h, filed.id)).map((r) => [r.subject, r.state, r.suggest, r.retryAt ?? null, r.tries])).toEqual([
      ['media', 'done', 'pass', null, 1],
      ['text', 'done', 'pass', null, 1],
    ])
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice).toBeNull()
  })

  it('cannot retry anonymous words: the check is left as 未能检查 at once, and officers are told', async () => {
    const h = get()
    const filed = await h.file({ description: `老板拖欠工资。${LOCAL_CHECK_WORDS.fail}`, privacy: 'anonymous', contact: undefined })
    // Settled at once: its verdict event only, no row waiting for a retry (ADR 0042).
    const [row] = await checksOf(h, filed.id)
    expect(row).toMatchObject({ state: 'failed', tries: 0 })
    expect(row).not.toHaveProperty('writer')
    expect(await h.store.count('content_checks', { caseId: filed.id })).toBe(0)
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：文字未能检查（检查出错，匿名内容不能重试）')
  })
})

onBothStores((get) => {
  it('checks a worker’s withdrawal reason and rating comment: officers see the badge on the timeline entry, the worker nothing', async () => {
    const h = get()
    const withdrawn = await h.file()
    expectOk(await h.act(withdrawCase, WORKER, withdrawn.id, { reason: `老板找我谈话，${RISKY}` }))
    const rated = await h.file()
    expectOk(await h.act(acceptCase, OWNER, rated.id, {}))
    expectOk(await h.act(resolveCase, OWNER, rated.id, { text: '单位已补发工资，请确认。', conclusion: 'solved' }))
    expectOk(await h.act(confirmCase, WORKER, rated.id, { rating: 2, comment: `钱是发了，${REVIEW}` }))
    const silent = await h.file()
    expectOk(await h.act(withdrawCase, WORKER, silent.id, {}))
    for (const [c, verdict, entry, badge] of [
      [withdrawn, 'risky', '职工撤回了诉求：老板找我谈话', '内容安全提示：文字疑似含有敏感内容'],
      [rated, 'review', '职工确认已解决，评价 2 星：钱是发了', '内容安全提示：文字可能含有敏感内容'],
    ] as const) {
      const rows = (await checksOf(h, c.id)).filter((r) => r.about === 'message')
      expect(rows.map((r) => [r.subject, r.state, r.suggest, r.writer])).toEqual([['text', 'done', verdict, { as: 'worker' }]])
      // The words reach the station as written, and the case went where the worker took it.
      const detail = expectOk(await h.op(getCaseDetail, OWNER, { id: c.id }))
      expect(detail.state).toBe(c === withdrawn ? 'withdrawn' : 'closed')
      expect(detail.contentNotice).toBeNull()
      expect(detail.timeline.find((t) => t.text.includes(entry))).toMatchObject({ contentNotice: badge })
      const mine = expectOk(await h.op(getMyCase, WORKER, { id: c.id }))
      expect(mine.timeline.some((t) => t.text.includes(entry))).toBe(true)
      expect(JSON.stringify(mine)).not.toMatch(/内容安全提示|敏感内容|contentNotice/)
    }
    // No reason given: nothing of the worker's to check.
    expect((await checksOf(h, silent.id)).filter((r) => r.about === 'message')).toEqual([])
  })

  it('checks an officer’s reply, its photo and a reason the worker reads from the sweep: the worker has them at once, officers see the badges', async () => {
    const h = get()
    const run = async () => expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).officerWords
    // What the tests before left due (an 办理结果) is checked first.
    await run()
    const filed = await h.file()
    expectOk(await h.act(acceptCase, OWNER, filed.id, {}))
    const photo = await uploaded(h, OWNER, 'photo', markedJpeg('risky'))
    expectOk(await h.act(replyCase, OWNER, filed.id, { text: `回复：${RISKY}`, media: [photo.id] }))
    expectOk(await h.act(holdCase, OWNER, filed.id, { reason: `等单位回复，${REVIEW}` }))
    // The worker reads the reply and the reason before any check; nothing is checked in the officer's call.
    const before = expectOk(await h.op(getMyCase, WORKER, { id: filed.id }))
    expect(before.thread.find((m) => m.text.startsWith('回复：'))!.media.map((m) => m.id)).toEqual([photo.id])
    expect(before.timeline.some((t) => t.text.includes('等单位回复'))).toBe(true)
    expect((await checksOf(h, filed.id)).filter((r) => r.about === 'message')).toEqual([])
    // A dry run counts them and checks nothing.
    expect(expectOk(await h.op(runSweep, undefined as never, { dryRun: true })).officerWords).toEqual({ due: 2, checked: 0, complete: true })
    expect(await run()).toEqual({ due: 2, checked: 2, complete: true })
    const officerId = (await h.store.find<OfficerDoc>('officers', { where: { openid: OWNER } })).items[0]!._id
    expect((await checksOf(h, filed.id)).filter((r) => r.about === 'message').map((r) => [r.subject, r.state, r.suggest, r.writer]).sort()).toEqual(
      [
        ['media', 'done', 'risky', { as: 'officer', officerId }],
        ['text', 'done', 'review', { as: 'officer', officerId }],
        ['text', 'done', 'risky', { as: 'officer', officerId }],
      ].sort(),
    )
    expect(await run()).toMatchObject({ due: 0, checked: 0 })
    const detail = expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id }))
    expect(detail.thread.find((m) => m.text.startsWith('回复：'))!.contentNotice).toBe('内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示')
    expect(detail.timeline.find((t) => t.text.includes('等单位回复'))).toMatchObject({ contentNotice: '内容安全提示：文字可能含有敏感内容' })
    expect(expectOk(await h.op(getCaseMedia, OWNER, { id: filed.id, ids: [photo.id] })).items[0]).toMatchObject({ blurred: true })
    // The worker's views: the station's words and photo as sent, and not a word about the check.
    const mine = expectOk(await h.op(getMyCase, WORKER, { id: filed.id }))
    expect(JSON.stringify(mine)).not.toMatch(/内容安全提示|敏感内容|contentNotice/)
    expect(expectOk(await h.op(getMyCaseMedia, WORKER, { id: filed.id, ids: [photo.id] })).items[0]).not.toHaveProperty('blurred')
  })

  it('retries an officer’s words whose check failed, with the officer’s openid', async () => {
    const h = get()
    const filed = await h.file()
    expectOk(await h.act(acceptCase, OWNER, filed.id, {}))
    expectOk(await h.act(resolveCase, OWNER, filed.id, { text: `单位已补发工资。${LOCAL_CHECK_WORDS.failOnce}`, conclusion: 'solved' }))
    expect(expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).officerWords).toMatchObject({ checked: 1 })
    const [failed] = (await checksOf(h, filed.id)).filter((r) => r.about === 'message')
    expect(failed).toMatchObject({ state: 'failed', tries: 0, retryAt: h.clock.now + MINUTE, writer: { as: 'officer' } })
    h.clock.now += MINUTE
    expect(await sweep(h)).toMatchObject({ due: 1, done: 1 })
    expect((await checksOf(h, filed.id)).filter((r) => r.about === 'message').map((r) => [r.state, r.suggest, r.tries])).toEqual([['done', 'pass', 1]])
  })
})

describe('a checker that fails', () => {
  let h: Harness
  afterEach(() => h.close())

  const failing = (how: 'throw' | 'hang'): (() => ContentCheck) => () => ({
    text: () => (how === 'throw' ? Promise.reject(new TypeError('socket hang up')) : new Promise(() => undefined)),
    media: () => (how === 'throw' ? Promise.reject(new TypeError('socket hang up')) : new Promise(() => undefined)),
  })

  it.each(['throw', 'hang'] as const)('never fails the filing (%s): the case is stored and answered, the check recorded as failed and logged without its words', async (how) => {
    h = await makeHarness({ contentCheck: failing(how) })
    const photo = await uploaded(h, WORKER, 'photo', plainJpeg(40, 30))
    const started = Date.now()
    const filed = expectOk(await h.op(submitCase, WORKER, submitInput({ description: '老板拖欠工资不发，还威胁我们不许说出去。', media: [photo.id] })))
    expect(Date.now() - started).toBeLessThan(6000)
    expect(filed.caseNo).toMatch(/^CX/)
    const rows = await checksOf(h, filed.id)
    expect(rows.map((r) => [r.subject, r.state, r.reason])).toEqual([
      ['media', 'failed', how === 'throw' ? 'TypeError' : 'timeout'],
      ['text', 'failed', how === 'throw' ? 'TypeError' : 'timeout'],
    ])
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice).toBeNull()
    expect(expectOk(await h.op(listInbox, OWNER, { stationId: 'st-CX-0002', tab: 'pending', limit: 50 })).items.map((r) => r.id)).toContain(filed.id)
    const warned = h.logs.filter((l) => l.event === 'content-check-failed')
    expect(warned).toHaveLength(2)
    expect(JSON.stringify(h.logs)).not.toMatch(/拖欠|威胁|dev-worker/)
  }, 20_000)

  it('is retried by the sweep after each wait, then left as 未能检查 with the reason; a check that comes back later is recorded', async () => {
    let up = false
    const seen: string[] = []
    h = await makeHarness({
      contentCheck: () => ({
        text: async ({ openid }) => {
          seen.push(openid)
          if (!up) throw new TypeError('socket hang up')
          return { suggest: 'risky', label: 20001, parts: 1 }
        },
        media: async () => ({ skipped: 'none' }),
      }),
    })
    const given = await h.file({ description: '老板拖欠了三个月的工资。' })
    const run = async () => expectOk(await h.op(runSweep, undefined as never, { budgetMs: 5000 })).contentChecks
    for (const wait of [1, 4, 15]) {
      h.clock.now += wait * MINUTE
      expect(await run()).toMatchObject({ due: 1, failed: 1 })
    }
    // The words' openid is the worker's, read again from the named case.
    expect(seen).toEqual([WORKER, WORKER, WORKER, WORKER])
    h.clock.now += 40 * MINUTE
    expect(await run()).toMatchObject({ due: 1, givenUp: 1 })
    const [row] = await checksOf(h, given.id)
    expect(row).toMatchObject({ state: 'failed', reason: 'TypeError', tries: 4, retryAt: null })
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: given.id })).contentNotice!.text).toBe('内容安全提示：文字未能检查（检查出错，已重试 4 次）')
    h.clock.now += 60 * MINUTE
    expect(await run()).toMatchObject({ due: 0 })

    // Another case whose check comes back on its second retry: recorded like any verdict.
    up = false
    const later = await h.file({ description: '工资被扣了一半，没有说明。' })
    h.clock.now += MINUTE
    await run()
    up = true
    h.clock.now += 4 * MINUTE
    expect(await run()).toMatchObject({ due: 1, done: 1 })
    expect((await checksOf(h, later.id))[0]).toMatchObject({ state: 'done', suggest: 'risky', tries: 2, retryAt: null })
    expect(expectOk(await h.op(getCaseDetail, OWNER, { id: later.id })).contentNotice!.text).toBe('内容安全提示：文字疑似含有敏感内容')
  })

  it('does the same for 代为登记, checked with the filing officer’s openid', async () => {
    const seen: string[] = []
    h = await makeHarness({
      contentCheck: () => ({
        text: async ({ openid }) => {
          seen.push(openid)
          throw new Error('down')
        },
        media: async () => ({ skipped: 'none' }),
      }),
    })
    const filed = expectOk(await h.op(fileAssistedCase, OWNER, { ...submitInput(), channel: 'walk_in' }))
    expect(filed.slip.claimCode).toMatch(/^[A-Z0-9]{6}$/)
    expect(seen).toEqual([OWNER])
  })
})

describe('the media verdict push', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })
  afterAll(() => h.close())
  const platform = { openid: null, via: 'timer' as const }
  const push = (traceId: unknown, suggest: unknown, label: unknown = '20002') => ({
    ToUserName: 'gh_x',
    FromUserName: 'o-from',
    CreateTime: 1,
    MsgType: 'event',
    Event: 'wxa_media_check',
    appid: 'wx1',
    trace_id: traceId,
    version: 2,
    result: { suggest, label },
    detail: [],
  })

  it('records a verdict that arrives before its check’s row, and the check then finds it', async () => {
    let traceId = ''
    const early = await makeHarness({
      contentCheck: () => ({
        text: async () => ({ suggest: 'pass', label: 100, parts: 1 }),
        media: async () => {
          traceId = 'trace-early-1'
          // WeChat is quick: its push is answered before this call returns.
          expect(await early.raw('sweep', push(traceId, 'risky'), platform)).toEqual({ ok: true, data: { recorded: true } })
          return { traceId }
        },
      }),
    })
    const photo = await uploaded(early, WORKER, 'photo', plainJpeg(40, 30))
    const filed = await early.file({ media: [photo.id] })
    const media = (await checksOf(early, filed.id)).find((r) => r.subject === 'media')!
    expect(media).toMatchObject({ state: 'done', suggest: 'risky', mediaId: photo.id, caseId: filed.id })
    expect(expectOk(await early.op(getCaseMedia, OWNER, { id: filed.id })).items[0]!.blurred).toBe(true)
    await early.close()
  })

  it('shows a verdict that settles later where the case page reads, leaving the case and the version an officer acts on alone', async () => {
    const late = await makeHarness({
      contentCheck: () => ({ text: async () => ({ suggest: 'pass', label: 100, parts: 1 }), media: async () => ({ traceId: 'trace-late-1' }) }),
    })
    const photo = await uploaded(late, WORKER, 'photo', plainJpeg(40, 30))
    const filed = await late.file({ media: [photo.id] })
    // The page an officer has open, read before the verdict.
    const read = expectOk(await late.op(getCaseDetail, OWNER, { id: filed.id }))
    expect(read.contentNotice).toBeNull()
    expect((await verdictsOf(late.store, filed.id)).map((v) => [v.subject, v.suggest])).toEqual([['text', 'pass']])
    const before = (await late.store.get<CaseDoc>('cases', filed.id))!._v
    expect(await late.raw('sweep', push('trace-late-1', 'risky'), platform)).toEqual({ ok: true, data: { recorded: true } })
    // Recorded on the case's events, once: the case document is not written, a repeat adds nothing.
    expect((await late.store.get<CaseDoc>('cases', filed.id))!._v).toBe(before)
    expect(await late.raw('sweep', push('trace-late-1', 'pass'), platform)).toEqual({ ok: true, data: { recorded: false } })
    expect((await verdictsOf(late.store, filed.id)).map((v) => [v.about, v.subject, v.mediaId ?? null, v.suggest]).sort()).toEqual(
      [
        ['case', 'media', photo.id, 'risky'],
        ['case', 'text', null, 'pass'],
      ].sort(),
    )
    // The officer's action with the version of the page read before it goes through.
    expectOk(await late.op(acceptCase, OWNER, { id: filed.id, version: read.version }))
    const after = expectOk(await late.op(getCaseDetail, OWNER, { id: filed.id }))
    expect(after.contentNotice!.text).toBe('内容安全提示：1 张照片疑似含有敏感内容，已模糊显示')
    // Never a timeline entry, never the worker's.
    expect(after.timeline.map((t) => t.text).join('')).not.toMatch(/内容安全|content_verdict/)
    const mine = expectOk(await late.op(getMyCase, WORKER, { id: filed.id }))
    expect(JSON.stringify(mine)).not.toMatch(/内容安全提示|敏感内容|contentNotice|content_verdict|blurred/)
    await late.close()
  })

  it('shows verdicts recorded before verdict events once a city admin runs migration.verdicts; a second run finds them shown', async () => {
    const old = await makeHarness()
    const filed = await old.file()
    const message = `${filed.id}-old-msg`
    await old.store.insert<CaseEventDoc>('case_events', { _id: message, caseId: filed.id, at: old.clock.now, kind: 'add_info', text: '职工补充：工资条', message: '工资条', internal: false, actor: 'worker' })
    const at = old.clock.now
    // Rows as checks settled before ADR 0042 left them (one from before ADR 0032, with no `about`), and rows that are no verdict of a case.
    for (const row of [
      { _id: 'media-old-1', caseId: filed.id, subject: 'media', mediaId: 'md-old-1', mediaKind: 'photo', state: 'done', suggest: 'risky', label: 20002, requestedAt: at },
      { _id: `text-msg-${message}`, about: 'message', caseId: filed.id, eventId: message, subject: 'text', state: 'done', suggest: 'review', label: 20001, requestedAt: at },
      { _id: 'media-old-2-failed', about: 'case', caseId: filed.id, subject: 'media', mediaId: 'md-old-2', mediaKind: 'voice', state: 'failed', reason: 'timeout', retryAt: null, tries: 0, requestedAt: at },
      { _id: 'media-old-3', about: 'case', caseId: filed.id, subject: 'media', mediaId: 'md-old-3', mediaKind: 'photo', state: 'pending', requestedAt: at },
      { _id: 'media-old-4-failed', about: 'case', caseId: filed.id, subject: 'media', mediaId: 'md-old-4', mediaKind: 'photo', state: 'failed', reason: 'timeout', retryAt: at + MINUTE, tries: 0, writer: { as: 'worker' }, requestedAt: at },
      { _id: 'text-ntc-n1-r1', about: 'notice', noticeId: 'n1', noticeRev: 1, subject: 'text', state: 'done', suggest: 'risky', label: 20001, requestedAt: at },
    ] as const) await old.store.insert<ContentCheckDoc>('content_checks', row)
    expect(expectOk(await old.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice).toBeNull()
    expectError(await old.op(runVerdictMigration, COUNTY_HEAD, { dryRun: false }), 'AUTH_FORBIDDEN')
    const counts = await snapshotCounts(old.store)
    expect(expectOk(await old.op(runVerdictMigration, 'dev-city-admin', {}))).toEqual({ dryRun: true, examined: 3, shown: 3, already: 0 })
    expect(await snapshotCounts(old.store)).toEqual(counts)
    expect(expectOk(await old.op(runVerdictMigration, 'dev-city-admin', { dryRun: false }))).toEqual({ dryRun: false, examined: 3, shown: 3, already: 0 })
    const detail = expectOk(await old.op(getCaseDetail, OWNER, { id: filed.id }))
    expect(detail.contentNotice!.text).toBe('内容安全提示：1 张照片疑似含有敏感内容，已模糊显示；录音未能检查（检查超时，匿名内容不能重试）')
    expect(detail.thread.find((m) => m.id === message)!.contentNotice).toBe('内容安全提示：文字可能含有敏感内容')
    expect(expectOk(await old.op(runVerdictMigration, 'dev-city-admin', { dryRun: false }))).toEqual({ dryRun: false, examined: 3, shown: 0, already: 3 })
    expect(JSON.stringify(expectOk(await old.op(getMyCase, WORKER, { id: filed.id })))).not.toMatch(/内容安全提示|敏感内容|contentNotice/)
    await old.close()
  })

  it('shows verdicts recorded before verdict events from the sweep’s setup pass once, without an admin (ADR 0044)', async () => {
    const old = await makeHarness()
    const filed = await old.file()
    await old.store.insert<ContentCheckDoc>('content_checks', { _id: 'media-old-1', caseId: filed.id, subject: 'media', mediaId: 'md-old-1', mediaKind: 'photo', state: 'done', suggest: 'risky', label: 20002, requestedAt: old.clock.now })
    expect(expectOk(await old.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice).toBeNull()
    expectOk(await old.op(runSweep, null, {}))
    expect(expectOk(await old.op(getCaseDetail, OWNER, { id: filed.id })).contentNotice!.text).toBe('内容安全提示：1 张照片疑似含有敏感内容，已模糊显示')
    expect(await old.store.get('settings', 'migration.verdicts')).toMatchObject({ shown: 1 })
    expect(expectOk(await old.op(runVerdictMigration, 'dev-city-admin', { dryRun: false }))).toMatchObject({ shown: 0, already: 1 })
    await old.close()
  })

  it('answers only the platform, and refuses a push with bad fields, changing nothing', async () => {
    const before = await h.store.count('content_checks')
    // A user sending a push-shaped body to `sweep` makes no operation: only the platform's push is one.
    expectError(await h.raw('sweep', push('t-1', 'pass'), { openid: WORKER, via: 'timer' }), 'REQUEST_INVALID')
    // The same body to another function is no operation at all.
    expectError(await h.raw('worker', push('t-1', 'pass'), { openid: WORKER, via: 'wechat' }), 'REQUEST_INVALID')
    expectError(await h.raw('sweep', push(42, 'pass'), platform), 'REQUEST_INVALID')
    expectError(await h.raw('sweep', push('t-2', 'maybe'), platform), 'REQUEST_INVALID')
    expectError(await h.raw('sweep', push('t-3', 'pass', 'x'), platform), 'REQUEST_INVALID')
    expectError(await h.op(recordMediaVerdict, WORKER, { traceId: 't-4', suggest: 'pass' }), 'SWEEP_CALLER_FORBIDDEN')
    expect(await h.store.count('content_checks')).toBe(before)
  })
})

import type { Contract } from '../../types/contract'
import {
  acceptCase,
  addCaseInfo,
  CONTRACTS,
  getCaseDetail,
  getCaseMedia,
  getMyCase,
  getMyCaseMedia,
  listInbox,
  listMyCases,
  noteCase,
  reopenCase,
  replyCase,
  resolveCase,
} from '../../types/contracts'
import type { CaseDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { RATE_LIMITS } from '../../types/rate-limits'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, snapshotCounts, WORKER, OTHER_WORKER, type Harness } from '../support/harness'
import { adtsAac, plainJpeg } from '../support/media-fixtures'
import { uploaded } from '../support/upload'

/**
 * The conversation of a case (ADR 0018): the worker and the station write to each other with words, photos
 * and voice notes; each side's read mark lives on the case, 有新回复 and 新消息 follow it, and internal notes
 * never reach the worker.
 */
jest.setTimeout(60_000)

const OWNER = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const COUNTY = 'dev-CX-county-head'
const STATION = 'st-CX-0002'

const myRow = async (h: Harness, id: string, openid = WORKER) => expectOk(await h.op(listMyCases, openid, { limit: 50 })).items.find((r) => r.id === id)!
const inboxRow = async (h: Harness, id: string) => {
  for (const tab of ['pending', 'active', 'done'] as const) {
    const row = expectOk(await h.op(listInbox, OWNER, { stationId: STATION, tab })).items.find((r) => r.id === id)
    if (row) return row
  }
  throw new Error(`case ${id} is in none of the owner's tabs`)
}

onBothStores((harness) => {
  it('carries words, photos and a voice note both ways, newest last, with who and when; each side reading clears its mark', async () => {
    const h = harness()
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, OWNER, id))
    expect((await myRow(h, id)).hasNewReply).toBe(false)
    expect((await inboxRow(h, id)).newMessage).toBe(false)

    // The worker writes with a photo and a voice note.
    const photo = await uploaded(h, WORKER, 'photo', plainJpeg(160, 120), plainJpeg(32, 24))
    const voice = await uploaded(h, WORKER, 'voice', adtsAac(3))
    h.clock.now += 60_000
    expectOk(await h.act(addCaseInfo, WORKER, id, { text: '这是工资条，单位又拖了一个月', media: [photo.id, voice.id] }))
    // The station has not read it: 新消息 on its inbox row (the list does not mark it read).
    expect((await inboxRow(h, id)).newMessage).toBe(true)
    expect((await inboxRow(h, id)).newMessage).toBe(true)
    // The worker's own message is no 新回复 for them.
    expect((await myRow(h, id)).hasNewReply).toBe(false)

    // The officer of the handling station opens the case: the message is in the thread, and the mark goes.
    const seen = expectOk(await h.op(getCaseDetail, REP, { id }))
    expect(seen.thread).toHaveLength(1)
    const [m] = seen.thread
    expect(m).toMatchObject({ from: 'worker', kind: 'message', who: '职工', text: '这是工资条，单位又拖了一个月', internal: false })
    expect(m!.media.map((x) => x.kind)).toEqual(['photo', 'voice'])
    expect(m!.media[1]!.durationMs).toBeGreaterThan(2500)
    expect((await inboxRow(h, id)).newMessage).toBe(false)
    // The message is not a timeline entry too.
    expect(seen.timeline.some((t) => t.text.includes('这是工资条'))).toBe(false)
    // The officer gets the photo (with its thumbnail) and the voice note by the ids the thread names.
    const views = expectOk(await h.op(getCaseMedia, REP, { id, ids: m!.media.map((x) => x.id) }))
    expect(views.items.map((v) => v.kind)).toEqual(['photo', 'voice'])
    expect(views.items[0]!.thumbUrl).toBeTruthy()
    // The case's own (filed) media stay what they were: none.
    expect(expectOk(await h.op(getCaseMedia, REP, { id })).items).toEqual([])

    // The worker reads the case now: their read mark is a write, and the officer's page is not stale for it.
    const officerVersion = seen.version
    expectOk(await h.op(getMyCase, WORKER, { id }))

    // The station answers with a photo.
    const reply = await uploaded(h, REP, 'photo', plainJpeg(200, 100))
    h.clock.now += 60_000
    expectOk(await h.op(replyCase, REP, { id, version: officerVersion, text: '收到，已约单位明天谈', media: [reply.id] }))
    expect((await myRow(h, id)).hasNewReply).toBe(true)
    // Listing is not reading: still new.
    expect((await myRow(h, id)).hasNewReply).toBe(true)
    // The station's own reply is no 新消息 for it.
    expect((await inboxRow(h, id)).newMessage).toBe(false)

    const mine = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(mine.hasNewReply).toBe(false)
    expect(mine.thread.map((x) => [x.from, x.who, x.text])).toEqual([
      ['worker', '我', '这是工资条，单位又拖了一个月'],
      ['station', '曹城街道驿站（示例）', '收到，已约单位明天谈'],
    ])
    expect(mine.thread[0]!.at).toBeLessThan(mine.thread[1]!.at)
    expect(mine.thread[1]!.atLabel).toBeTruthy()
    expect((await myRow(h, id)).hasNewReply).toBe(false)
    const workerViews = expectOk(await h.op(getMyCaseMedia, WORKER, { id, ids: mine.thread.flatMap((x) => x.media.map((r) => r.id)) }))
    expect(workerViews.items.map((v) => v.id)).toEqual([photo.id, voice.id, reply.id])
    // Reading again when nothing is new writes nothing.
    const before = await h.store.get<CaseDoc>('cases', id)
    expectOk(await h.op(getMyCase, WORKER, { id }))
    expect((await h.store.get<CaseDoc>('cases', id))!._v).toBe(before!._v)

    // A county officer looking in (not the handling station) does not clear the station's mark.
    h.clock.now += 60_000
    expectOk(await h.act(addCaseInfo, WORKER, id, { text: '单位说下周再谈' }))
    expect(expectOk(await h.op(getCaseDetail, COUNTY, { id })).thread).toHaveLength(3)
    expect((await inboxRow(h, id)).newMessage).toBe(true)
  })

  it('asks for words or a photo, takes only the sender’s own media, and changes nothing when it refuses', async () => {
    const h = harness()
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, OWNER, id))
    const theirs = await uploaded(h, OTHER_WORKER, 'photo', plainJpeg())
    const workerSaw = expectOk(await h.op(getMyCase, WORKER, { id })).version
    const officerSaw = expectOk(await h.op(getCaseDetail, REP, { id })).version
    const before = await snapshotCounts(h.store)
    const caseBefore = (await h.store.get<CaseDoc>('cases', id))!._v
    const empty = expectError(await h.op(addCaseInfo, WORKER, { id, version: workerSaw, text: ' ' }), 'REQUEST_INVALID')
    expect(empty.message).toContain('或者附上照片、录音')
    expectError(await h.op(addCaseInfo, WORKER, { id, version: workerSaw, media: [theirs.id] }), 'REQUEST_INVALID')
    expectError(await h.op(replyCase, REP, { id, version: officerSaw, text: '', media: [theirs.id] }), 'REQUEST_INVALID')
    expect(await snapshotCounts(h.store)).toEqual(before)
    expect((await h.store.get<CaseDoc>('cases', id))!._v).toBe(caseBefore)
    expect(await h.store.count('media', { caseId: id })).toBe(0)
    // A photo alone is a message.
    const mine = await uploaded(h, WORKER, 'photo', plainJpeg())
    expectOk(await h.act(addCaseInfo, WORKER, id, { media: [mine.id] }))
    const t = expectOk(await h.op(getMyCase, WORKER, { id })).thread
    expect(t.map((x) => [x.text, x.media.length])).toEqual([['', 1]])
    // A photo named by one message cannot be sent again with another.
    expectError(await h.act(addCaseInfo, WORKER, id, { text: '再发一次', media: [mine.id] }), 'REQUEST_INVALID')
  })

  it('keeps internal notes, their words and their photos, away from everything the worker gets', async () => {
    const h = harness()
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, OWNER, id))
    const secret = '内部：单位老板是区里熟人，注意方式'
    const notePhoto = await uploaded(h, REP, 'photo', plainJpeg(90, 60), plainJpeg(30, 20))
    expectOk(await h.act(noteCase, REP, id, { text: secret, media: [notePhoto.id] }))
    expectOk(await h.act(replyCase, REP, id, { text: '已经联系单位' }))
    expectOk(await h.act(addCaseInfo, WORKER, id, { text: '好的谢谢' }))
    expectOk(await h.act(resolveCase, OWNER, id, { text: '单位已补发工资', conclusion: 'solved' }))
    expectOk(await h.act(reopenCase, WORKER, id, { reason: '只发了一半' }))

    // Officers see the note, marked internal, with its photo.
    const officer = expectOk(await h.op(getCaseDetail, OWNER, { id }))
    const note = officer.thread.find((m) => m.internal)!
    expect(note).toMatchObject({ kind: 'note', from: 'station', text: secret })
    expect(expectOk(await h.op(getCaseMedia, OWNER, { id, ids: [notePhoto.id] })).items).toHaveLength(1)

    // Every worker operation that answers with something about this case: none carries the note or its photo.
    const answers: Record<string, string> = {}
    const inputs = [{ id }, { id, ids: [notePhoto.id] }, { limit: 50 }, {}]
    for (const contract of Object.values(CONTRACTS) as Contract[]) {
      if (contract.fn !== 'worker' || contract.op === 'case.submit' || contract.op === 'media.upload') continue
      for (const input of inputs) {
        const r = await h.op(contract, WORKER, input as never)
        if (r.ok) answers[`${contract.op} ${JSON.stringify(input)}`] = JSON.stringify(r.data)
      }
    }
    // The check is against real answers: the case itself, 我的诉求 and the media operation all answered.
    expect(Object.keys(answers).map((k) => k.split(' ')[0])).toEqual(expect.arrayContaining(['case.get', 'case.mine', 'case.myMedia']))
    const seenByWorker = Object.values(answers).join('\n')
    expect(seenByWorker).toContain('已经联系单位')
    expect(seenByWorker).toContain('单位已补发工资')
    expect(seenByWorker).not.toContain(secret)
    expect(seenByWorker).not.toContain('单位老板')
    expect(seenByWorker).not.toContain(notePhoto.id)
    expect(seenByWorker).not.toContain('内部备注')
    expect(expectOk(await h.op(getMyCaseMedia, WORKER, { id, ids: [notePhoto.id] })).items).toEqual([])

    // Nothing sent or waiting to be sent to the worker carries it either.
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.caseId === id)
    const toWorker = outbox.filter((r) => r.to === WORKER)
    expect(toWorker.map((r) => r.kind)).toEqual(expect.arrayContaining(['case.replied', 'case.resolved']))
    expect(JSON.stringify(toWorker)).not.toContain(secret)
    expect(JSON.stringify(h.sent.filter((s) => JSON.stringify(s).includes(WORKER)))).not.toContain(secret)
  })

  it('puts 办理结果 on the worker’s case as the answer to confirm, and tells them 有新回复', async () => {
    const h = harness()
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, OWNER, id))
    expect(expectOk(await h.op(getMyCase, WORKER, { id })).result).toBeNull()
    expectOk(await h.act(resolveCase, OWNER, id, { text: '已协调单位补发 2 个月工资', conclusion: 'solved' }))
    expect((await myRow(h, id)).hasNewReply).toBe(true)
    const mine = expectOk(await h.op(getMyCase, WORKER, { id }))
    expect(mine.result).toMatchObject({ text: '已协调单位补发 2 个月工资' })
    expect(mine.actions).toEqual(expect.arrayContaining(['case.confirm', 'case.reopen']))
    expect(mine.thread.at(-1)).toMatchObject({ kind: 'result', from: 'station', text: '已协调单位补发 2 个月工资' })
    expect((await myRow(h, id)).hasNewReply).toBe(false)
    // 没有解决 is the worker's message to the station: 新消息.
    h.clock.now += 60_000
    expectOk(await h.act(reopenCase, WORKER, id, { reason: '只补发了一个月' }))
    expect((await inboxRow(h, id)).newMessage).toBe(true)
  })
})

it('counts every message against the message bucket', () => {
  for (const c of [addCaseInfo, replyCase, noteCase]) expect([c.op, c.rateLimit]).toEqual([c.op, 'message'])
  expect(RATE_LIMITS.message.what).toBe('发送消息')
})

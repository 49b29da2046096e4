import type { CaseDoc, CaseEventDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import {
  acceptCase,
  answerTransfer,
  confirmCase,
  escalateCase,
  flagGroupCase,
  getCaseDetail,
  getMyCase,
  listInbox,
  noteCase,
  replyCase,
  resolveCase,
  resumeCase,
  runSweep,
  superviseCase,
  transferCase,
  withdrawCase,
} from '../../types/contracts'
import { WORKER, OTHER_WORKER, expectError, expectOk, makeHarness, sh, type Harness } from '../support/harness'

const HEAD = 'dev-CX-street-head'
const REP = 'dev-CX-street-rep'
const COUNTY = 'dev-CX-county-head'
const PARK = 'dev-CX-park-liaison'
const PARK_EMPLOYER = 'dev-CX-park-employer'
const LAWYER = 'dev-CX-street-lawyer'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

const detail = async (openid: string, id: string) => expectOk(await h.op(getCaseDetail, openid, { id }))
const mine = async (id: string, openid = WORKER) => expectOk(await h.op(getMyCase, openid, { id }))
const events = async (id: string) => (await h.store.find<CaseEventDoc>('case_events', { where: { caseId: id }, limit: 500 })).items

describe('an officer handles a case from accept to close', () => {
  it('accepts, replies, notes internally, resolves; the worker confirms with a rating', async () => {
    const { id } = await h.file()
    expect((await detail(HEAD, id)).actions).toEqual(
      expect.arrayContaining(['case.accept', 'case.note', 'case.transfer', 'case.escalate', 'case.refer', 'case.flagGroup']),
    )
    expect((await detail(HEAD, id)).actions).not.toContain('case.resolve')
    expect(expectOk(await h.act(acceptCase, HEAD, id)).state).toBe('accepted')
    expect(expectOk(await h.act(replyCase, HEAD, id, { text: '你好，我们已联系单位核实工资情况。' })).state).toBe('in_progress')
    expectOk(await h.act(noteCase, HEAD, id, { text: '单位负责人电话已记下，周五回访。' }))
    expect(expectOk(await h.act(resolveCase, HEAD, id, { text: '单位已于本周补发全部工资。', conclusion: 'solved' })).state).toBe('resolved')

    const seen = await mine(id)
    expect(seen.state).toBe('resolved')
    expect(seen.actions.sort()).toEqual(['case.confirm', 'case.reopen'])
    // Replies are messages of the conversation (ADR 0018); the result stays on the timeline too.
    const texts = [...seen.timeline.map((t) => t.text), ...seen.thread.map((m) => m.text)]
    expect(texts).toEqual(expect.arrayContaining(['你好，我们已联系单位核实工资情况。', '办理结果：单位已于本周补发全部工资。']))
    expect(texts.join('')).not.toContain('周五回访')
    const officerView = await detail(HEAD, id)
    // The note is a message of the conversation, internal, for officers only (ADR 0018), whoever reads it.
    const note = (d: typeof officerView) => d.thread.filter((m) => m.internal).map((m) => [m.kind, m.text])
    expect(note(officerView)).toEqual([['note', '单位负责人电话已记下，周五回访。']])
    const county = await detail('dev-CX-county-head', id)
    expect(note(county)).toEqual([['note', '单位负责人电话已记下，周五回访。']])

    expect(expectOk(await h.op(confirmCase, WORKER, { id, version: seen.version, rating: 5, comment: '谢谢' })).state).toBe('closed')
    expect((await mine(id)).rating).toBe(5)
    // The worker heard about accept, reply and resolve; nothing about the note.
    const toWorker = (await h.store.find<OutboxDoc>('outbox', { limit: 100 })).items.filter((r) => r.to === WORKER)
    expect(toWorker.map((r) => [r.kind, r.status]).sort()).toEqual([
      ['case.accepted', 'sent'],
      ['case.replied', 'sent'],
      ['case.resolved', 'sent'],
    ])
    expect(h.sent.filter((m) => m.to === WORKER).map((m) => m.kind)).toEqual(['case.accepted', 'case.replied', 'case.resolved'])
  })

  it('refuses an action in the wrong state with a coded error and changes nothing', async () => {
    const { id } = await h.file()
    const before = await h.store.get<CaseDoc>('cases', id)
    expectError(await h.act(resolveCase, HEAD, id, { text: '直接办结看看。', conclusion: 'solved' }), 'CASE_ILLEGAL_ACTION')
    expectError(await h.act(resumeCase, HEAD, id), 'CASE_ILLEGAL_ACTION')
    expect(await h.store.get<CaseDoc>('cases', id)).toEqual(before)
  })

  it('lets one of two officers acting on the same version win; the other gets a conflict and nothing is lost', async () => {
    const { id } = await h.file()
    const { version } = await detail(HEAD, id)
    const [a, b] = await Promise.all([
      h.op(acceptCase, HEAD, { id, version }),
      h.op(noteCase, LAWYER, { id, version, text: '我来跟进这个。' }),
    ])
    const outcomes = [a, b].map((r) => (r.ok ? 'ok' : r.error.code)).sort()
    expect(outcomes).toEqual(['CASE_CONFLICT', 'ok'])
    const doc = (await h.store.get<CaseDoc>('cases', id))!
    expect(doc._v).toBe(version + 1)
    // The loser tries again on the new version and lands.
    expectOk(a.ok ? await h.act(noteCase, LAWYER, id, { text: '我来跟进这个。' }) : await h.act(acceptCase, HEAD, id))
    expect((await h.store.get<CaseDoc>('cases', id))!._v).toBe(version + 2)
  })
})

describe('who may do what (the access table, checked before the handler)', () => {
  it('a member may accept and reply but not transfer or escalate', async () => {
    const { id } = await h.file()
    const d = await detail(REP, id)
    expect(d.actions).toContain('case.accept')
    expect(d.actions).not.toContain('case.transfer')
    expect(d.actions).not.toContain('case.escalate')
    expectError(await h.op(transferCase, REP, { id, version: d.version, toStationId: 'st-CX-0003', reason: '属于开发区' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(escalateCase, REP, { id, version: d.version, reason: '请县里协调' }), 'AUTH_FORBIDDEN')
  })

  it('the county sees its township’s case but only the owner handles it', async () => {
    const { id } = await h.file()
    const d = await detail(COUNTY, id)
    expect(d.actions).toEqual(['case.note', 'case.flagGroup', 'case.supervise'])
    expectError(await h.op(acceptCase, COUNTY, { id, version: d.version }), 'AUTH_FORBIDDEN')
  })

  it('the county sends 督办 (ADR 0029): the township’s officers read it and are told, the worker sees nothing, nothing moves', async () => {
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, HEAD, id))
    // The owner is not offered it, nor is a member of the county.
    expect((await detail(HEAD, id)).actions).not.toContain('case.supervise')
    expectError(await h.act(superviseCase, HEAD, id, { text: '请尽快办结' }), 'AUTH_FORBIDDEN')
    const before = (await h.store.get<CaseDoc>('cases', id))!
    expect(expectError(await h.act(superviseCase, COUNTY, id, { text: '快' }), 'REQUEST_INVALID').message).toBe('请写明督办意见')
    expect(expectOk(await h.act(superviseCase, COUNTY, id, { text: '请于本周五前联系用人单位核实，办结后报县驿站。' })).state).toBe('accepted')
    const after = (await h.store.get<CaseDoc>('cases', id))!
    expect([after.state, after.ownerStationId, after.supervisorStationId, after.clocks]).toEqual([before.state, before.ownerStationId, before.supervisorStationId, before.clocks])
    const own = (await detail(HEAD, id)).timeline.map((t) => t.text)
    expect(own).toContain('曹县劳动关系服务驿站 曹县周科长 督办了这条诉求：请于本周五前联系用人单位核实，办结后报县驿站。')
    expect((await detail(COUNTY, id)).timeline.map((t) => t.text)).toContain('你督办了这条诉求：请于本周五前联系用人单位核实，办结后报县驿站。')
    // The banner repeats the latest one while the case is handled, and not once it is answered.
    expect((await detail(HEAD, id)).supervision?.text).toBe('曹县劳动关系服务驿站 曹县周科长 督办了这条诉求：请于本周五前联系用人单位核实，办结后报县驿站。')
    expectOk(await h.act(resolveCase, HEAD, id, { text: '单位已于本周补发全部工资。', conclusion: 'solved' }))
    expect((await detail(HEAD, id)).supervision).toBeNull()
    expect(JSON.stringify(await mine(id))).not.toContain('本周五前联系用人单位')
    const told = (await h.store.find<OutboxDoc>('outbox', { limit: 200 })).items.filter((r) => r.caseId === id && r.kind === 'case.escalated').map((r) => r.to)
    expect(told).toEqual(expect.arrayContaining([HEAD, REP]))
    expect(told).not.toContain(WORKER)
    expect(told).not.toContain(COUNTY)
  })

  it('a group case (10 or more workers) is not offered 标记群体性, and flagging it again is refused', async () => {
    const { id } = await h.file({ workersAffected: 12 })
    const d = await detail(COUNTY, id)
    expect(d.actions).toContain('case.accept')
    expect(d.actions).not.toContain('case.flagGroup')
    const e = expectError(await h.act(flagGroupCase, COUNTY, id, { reason: '同一工地多人反映' }), 'CASE_ILLEGAL_ACTION')
    expect(e.message).toBe('这条诉求已经是群体性诉求')
  })

  it('an employer-side officer can neither see nor act on a confidential case', async () => {
    const { id } = await h.file({ stationId: 'st-CX-0004', privacy: 'confidential' })
    expectError(await h.op(acceptCase, PARK_EMPLOYER, { id, version: 1 }), 'CASE_NOT_FOUND')
    expectOk(await h.act(acceptCase, PARK, id))
  })

  it('a worker acts on their own case only', async () => {
    const { id } = await h.file()
    const { version } = await mine(id)
    expectError(await h.op(withdrawCase, OTHER_WORKER, { id, version }), 'CASE_NOT_FOUND')
    expect(expectOk(await h.op(withdrawCase, WORKER, { id, version, reason: '已经和老板谈好了' })).state).toBe('withdrawn')
    expect((await mine(id)).actions).toEqual([])
  })
})

describe('transfers through the functions', () => {
  it('the target sees the case while the transfer waits, answers it, and the first station keeps read access', async () => {
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, HEAD, id))
    expectOk(await h.act(transferCase, HEAD, id, { toStationId: 'st-CX-0003', reason: '工作地点在开发区' }))
    const waiting = await detail(PARK, id)
    expect(waiting.actions).toEqual(['case.answerTransfer'])
    expect(waiting.pendingTransfer).toEqual({ toStationName: '曹县经济开发区驿站（示例）', fromStationName: '曹城街道驿站（示例）', reason: '工作地点在开发区' })
    expectOk(await h.act(answerTransfer, PARK, id, { accept: true }))
    const after = await detail(PARK, id)
    expect(after.actions).toContain('case.resolve')
    // 首问负责: the street station still reads it, and can no longer act.
    expect((await detail(HEAD, id)).actions).toEqual([])
  })

  it('a decline needs a reason and sends the case to the common ancestor', async () => {
    const { id } = await h.file()
    expectOk(await h.act(transferCase, HEAD, id, { toStationId: 'st-CX-0003', reason: '工作地点在开发区' }))
    expectError(await h.act(answerTransfer, PARK, id, { accept: false }), 'REQUEST_INVALID')
    expectOk(await h.act(answerTransfer, PARK, id, { accept: false, reason: '该单位不在开发区' }))
    const doc = (await h.store.get<CaseDoc>('cases', id))!
    expect([doc.ownerStationId, doc.state]).toEqual(['st-CX-0001', 'submitted'])
    expect((await detail(COUNTY, id)).actions).toContain('case.accept')
  })
})

describe('the sweep over the store', () => {
  it('escalates a case nobody accepted, once, even with two sweeps at the same time', async () => {
    const { id } = await h.file({ category: 'wage_arrears', amountOwed: 8000 })
    // 4 working hours from Wednesday 10:00 is 15:30.
    h.clock.now = sh('2026-11-25 15:30')
    const [a, b] = await Promise.all([h.op(runSweep, null, {}), h.op(runSweep, null, {})])
    expectOk(a)
    expectOk(b)
    const doc = (await h.store.get<CaseDoc>('cases', id))!
    expect(doc.ownerStationId).toBe('st-CX-0001')
    const escalations = (await events(id)).filter((e) => e.kind === 'miss')
    expect(escalations).toHaveLength(1)
    // County officers are told; then running again does nothing more.
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 200 })).items
    expect(outbox.some((r) => r.kind === 'case.escalated' && r.to === COUNTY)).toBe(true)
    const again = expectOk(await h.op(runSweep, null, {}))
    expect(again.cases.applied).toBe(0)
  })

  it('reports in a dry run what it would do and changes nothing', async () => {
    const { id } = await h.file()
    const before = await h.store.get<CaseDoc>('cases', id)
    h.clock.now = sh('2026-11-26 10:00')
    const dry = expectOk(await h.op(runSweep, null, { dryRun: true }))
    expect(dry.planned).toEqual([{ caseNo: 'CX2611250001', commands: ['miss:accept'] }])
    expect(await h.store.get<CaseDoc>('cases', id)).toEqual(before)
  })

  it('never notifies the employer side about a case that is not open, and never an anonymous worker', async () => {
    const { id } = await h.file({ stationId: 'st-CX-0004', privacy: 'anonymous', contact: undefined })
    expectOk(await h.act(acceptCase, PARK, id))
    const conf = (await h.file({ stationId: 'st-CX-0004', privacy: 'confidential' })).id
    h.clock.now = sh('2026-11-26 10:00')
    expectOk(await h.op(runSweep, null, {}))
    const rows = (await h.store.find<OutboxDoc>('outbox', { limit: 500 })).items
    expect(rows.filter((r) => r.caseId === id && r.kind === 'case.accepted')).toEqual([])
    expect(rows.filter((r) => r.caseId === conf).map((r) => r.to)).not.toContain(PARK_EMPLOYER)
    expect(rows.filter((r) => r.caseId === conf).map((r) => r.to)).toContain(COUNTY)
  })
})

describe('the inbox of a transfer target', () => {
  it('lists a case waiting for this station under 转来 until it is answered', async () => {
    const { id } = await h.file()
    expectOk(await h.act(transferCase, HEAD, id, { toStationId: 'st-CX-0003', reason: '工作地点在开发区' }))
    const waiting = expectOk(await h.op(listInbox, PARK, { stationId: 'st-CX-0003', tab: 'incoming' }))
    expect(waiting.items.map((c) => c.id)).toEqual([id])
    expect(waiting.counts).toEqual({ pending: 0, incoming: 1, active: 0, soon: 0, overdue: 0, supervising: 0, done: 0 })
    expectOk(await h.act(answerTransfer, PARK, id, { accept: true }))
    const after = expectOk(await h.op(listInbox, PARK, { stationId: 'st-CX-0003', tab: 'incoming' }))
    expect(after.counts).toEqual({ pending: 0, incoming: 0, active: 1, soon: 0, overdue: 0, supervising: 0, done: 0 })
  })
})

describe('the inbox of a supervising station', () => {
  it('lists a case past its resolve deadline under 督办 at the parent, which may note and escalate it', async () => {
    const { id } = await h.file()
    expectOk(await h.act(acceptCase, HEAD, id))
    // Resolve: 15 working days from Wednesday 25 November 10:00 → 16 December 10:00.
    h.clock.now = sh('2026-12-16 10:00')
    expectOk(await h.op(runSweep, null, {}))
    const sup = expectOk(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0001', tab: 'supervising' }))
    expect(sup.items.map((c) => c.id)).toEqual([id])
    expect(sup.counts!.supervising).toBe(1)
    const d = await detail(COUNTY, id)
    expect(d.supervisorStationName).toBe('曹县劳动关系服务驿站')
    expect(d.actions).toEqual(expect.arrayContaining(['case.note', 'case.escalate']))
  })
})

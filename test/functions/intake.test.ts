import type { CaseDoc, ClaimDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import type { InputOf } from '../../types/contract'
import {
  acceptCase,
  addCaseInfo,
  claimCase,
  fileAssistedCase,
  getCaseDetail,
  getMyCase,
  issueClaimCode,
  listMyCases,
  submitCase,
} from '../../types/contracts'
import { CLAIM_CODE_LENGTH } from '../../types/contracts/intake'
import { CODE_ALPHABET } from '../../types/values'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, newRequestId, snapshotCounts, submitInput, type Harness } from '../support/harness'

/**
 * 代为登记 (ADR 0010), end to end through the dispatcher on both store adapters: an officer files for a walk-in
 * or a caller with the worker's form; the case records who filed it and how; the officer gets a claim code that
 * the store keeps only as a keyed hash; the worker claims the case with it from 我的诉求 and it is theirs from
 * then on; wrong codes lock it at the fifth and the officer who gave it out is told; a used code is refused;
 * every caller has an hourly limit kept in the store; an anonymous claim stores no identity; and an
 * employer-side officer's confidential intake goes where the visibility rule says, without a code.
 */
const STREET_HEAD = 'dev-CX-street-head' // 曹城街道驿站, head, government
const STREET_REP = 'dev-CX-street-rep' // 曹城街道驿站, member, worker rep
const COUNTY = 'dev-CX-county-head'
const PARK_UNION = 'dev-CX-park-liaison' // 曹县开发区驿站, union
const FIRM_HR = 'dev-CX-firm-hr' // 示例纺织企业驿站, employer side
const FIRM_UNION = 'dev-CX-firm-union' // the same enterprise station, union side

type FileInput = InputOf<typeof fileAssistedCase>
const intake = (over: Partial<FileInput> = {}): FileInput => ({ ...submitInput(), channel: 'walk_in', contact: { name: '王五', phone: '13900000002' }, ...over })

let workerSeq = 0
/** A worker of their own per test: the hourly limit counts per caller. */
const newWorker = () => `claim-worker-${++workerSeq}`

/** A code of the alphabet that is not `code` (a wrong one). */
const otherCode = (code: string) => (code[0] === 'A' ? 'B' : 'A') + code.slice(1)

onBothStores((harness) => {
  let h: Harness
  beforeAll(() => {
    h = harness()
  })
  const file = async (openid = STREET_HEAD, over: Partial<FileInput> = {}) => expectOk(await h.op(fileAssistedCase, openid, intake(over)))
  const claim = (openid: string, caseNo: string, code: string) => h.op(claimCase, openid, { caseNo, code })
  const stored = async (id: string) => (await h.store.get<CaseDoc>('cases', id))!

  it('records who filed it and how, stores the identity the worker gave and no openid, and answers a claim code once', async () => {
    const before = await snapshotCounts(h.store)
    const filed = await file(STREET_HEAD, { channel: 'walk_in' })
    expect(filed.caseNo).toMatch(/^CX\d{10}$/)
    expect(filed.ownerStationName).toBe('曹城街道驿站（示例）')
    const code = filed.slip.claimCode!
    expect(code).toHaveLength(CLAIM_CODE_LENGTH)
    for (const ch of code) expect(CODE_ALPHABET).toContain(ch)
    expect(filed.slip).toMatchObject({ caseNo: filed.caseNo, stationName: '曹城街道驿站（示例）', hotline: { number: '12333' }, mayIssue: true, note: null })
    expect(filed.slip.stationPhone).toMatch(/^0530-/)

    const c = await stored(filed.id)
    expect(c.channel).toBe('walk_in')
    expect(c.stationId).toBe('st-CX-0002')
    expect(c.filedBy).toEqual({ officerId: 'of-dev-CX-street-head', membershipId: expect.any(String), stationId: 'st-CX-0002', officerName: '曹城街道王所长' })
    expect(c.identity).toEqual({ name: '王五', phone: '13900000002' })
    expect(c.workerKey).toBeUndefined()
    expect(c.workerOpenid).toBeUndefined()
    expect((await snapshotCounts(h.store)).cases).toBe(before.cases + 1)

    // Only a keyed hash of the code is kept: the code appears nowhere in the store (the remembered answer included).
    const claimDoc = (await h.store.get<ClaimDoc>('claims', filed.caseNo))!
    expect(claimDoc).toMatchObject({ caseId: filed.id, status: 'open', wrongTries: 0 })
    expect(claimDoc.codeKey).toBe(h.ports.secrets.claimCodeKey(filed.caseNo, code))
    for (const name of ['cases', 'case_events', 'claims', 'requests', 'outbox'])
      for (const d of (await h.store.find(name, { limit: 1000 })).items) expect(JSON.stringify(d)).not.toContain(code)

    // The officer's case page says how it came and who filed it.
    const detail = expectOk(await h.op(getCaseDetail, STREET_REP, { id: filed.id }))
    expect(detail.channel).toBe('walk_in')
    expect(detail.filedBy).toEqual({ officerName: '曹城街道王所长', stationName: '曹城街道驿站（示例）' })
    expect(detail.claim).toMatchObject({ state: 'open', mayIssue: true })
    expect(detail.timeline[0]!.text).toBe(`曹城街道驿站（示例） 曹城街道王所长 代职工登记了这条诉求（到站），编号 ${filed.caseNo}`)
    // The station's officers are told of the new case as of any other.
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.caseId === filed.id)
    expect(outbox.some((r) => r.kind === 'case.new' && r.to === STREET_REP)).toBe(true)
    // Not the officer who filed it.
    expect(outbox.some((r) => r.to === STREET_HEAD)).toBe(false)
  })

  it('records a telephone intake as 电话', async () => {
    const filed = await file(STREET_REP, { channel: 'phone' })
    expect((await stored(filed.id)).channel).toBe('phone')
    const detail = expectOk(await h.op(getCaseDetail, STREET_REP, { id: filed.id }))
    expect(detail.timeline[0]!.text).toBe(`你代职工登记了这条诉求（电话），编号 ${filed.caseNo}`)
  })

  it('answers a retry of the same request with the same case and no code (the code is never stored)', async () => {
    const requestId = newRequestId()
    const first = await h.call<{ caseNo: string; slip: { claimCode: string | null } }>('officer', STREET_HEAD, 'intake.file', intake(), { requestId })
    const again = await h.call<{ caseNo: string; slip: { claimCode: string | null; note: string | null } }>('officer', STREET_HEAD, 'intake.file', intake(), { requestId })
    expect(expectOk(again).caseNo).toBe(expectOk(first).caseNo)
    expect(expectOk(first).slip.claimCode).toHaveLength(CLAIM_CODE_LENGTH)
    expect(expectOk(again).slip.claimCode).toBeNull()
    expect(expectOk(again).slip.note).toContain('重新生成认领码')
  })

  it('attaches the case to the worker who enters the right code: 我的诉求 lists it and they follow and act on it', async () => {
    const worker = newWorker()
    const filed = await file()
    // Typed as people type it: lower case, spaces.
    const r = expectOk(await claim(worker, ` ${filed.caseNo.toLowerCase()} `, `${filed.slip.claimCode!.slice(0, 3).toLowerCase()} ${filed.slip.claimCode!.slice(3)}`))
    expect(r).toEqual({ id: filed.id, caseNo: filed.caseNo, already: false })

    const c = await stored(filed.id)
    expect(c.workerKey).toBe(h.ports.secrets.workerKey(worker))
    expect(c.workerOpenid).toBe(worker)
    expect((await h.store.get<ClaimDoc>('claims', filed.caseNo))!).toMatchObject({ status: 'used', usedByKey: h.ports.secrets.workerKey(worker) })
    expect(JSON.stringify(await h.store.get('claims', filed.caseNo))).not.toContain(worker)

    const mine = expectOk(await h.op(listMyCases, worker, {}))
    expect(mine.items.map((i) => i.id)).toEqual([filed.id])
    const seen = expectOk(await h.op(getMyCase, worker, { id: filed.id }))
    expect(seen.actions).toEqual(expect.arrayContaining(['case.withdraw', 'case.addInfo']))
    expect(seen.timeline.map((t) => t.text)).toEqual([
      `曹城街道驿站（示例） 工作人员代你登记了诉求（到站），编号 ${filed.caseNo}`,
      expect.stringContaining('由 曹城街道驿站（示例） 办理'),
      '职工已在微信里认领这条诉求，可以自己查看进度',
    ])
    expectOk(await h.act(addCaseInfo, worker, filed.id, { text: '补充一下：欠薪从三月开始。' }))
    // From now on they hear about it like a worker who filed it.
    expectOk(await h.act(acceptCase, STREET_HEAD, filed.id))
    const toWorker = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((o) => o.caseId === filed.id && o.to === worker)
    expect(toWorker.map((o) => o.kind)).toEqual(['case.accepted'])
    // The officers see the claim.
    expect(expectOk(await h.op(getCaseDetail, STREET_HEAD, { id: filed.id })).claim).toMatchObject({ state: 'claimed', mayIssue: false })
  })

  it('refuses a used code to anyone else, and answers the worker who used it as already theirs', async () => {
    const first = newWorker()
    const second = newWorker()
    const filed = await file()
    expectOk(await claim(first, filed.caseNo, filed.slip.claimCode!))
    const before = await stored(filed.id)
    expectError(await claim(second, filed.caseNo, filed.slip.claimCode!), 'CLAIM_USED')
    expect(await stored(filed.id)).toEqual(before)
    expect(expectOk(await h.op(listMyCases, second, {})).items).toEqual([])
    expect(expectOk(await claim(first, filed.caseNo, filed.slip.claimCode!)).already).toBe(true)
    // Nor can a new code be given out for it.
    expectError(await h.op(issueClaimCode, STREET_HEAD, { id: filed.id }), 'CLAIM_ALREADY_CLAIMED')
  })

  it('refuses a wrong code five times, saying how many tries are left, then locks it and tells the officer who gave it out', async () => {
    const worker = newWorker()
    const filed = await file(STREET_REP)
    const wrong = otherCode(filed.slip.claimCode!)
    for (const left of [4, 3, 2, 1]) {
      const e = expectError(await claim(worker, filed.caseNo, wrong), 'CLAIM_WRONG_CODE')
      expect(e.message).toContain(`还可以再试 ${left} 次`)
      expect(e.fields).toEqual(['code'])
    }
    expect(expectError(await claim(worker, filed.caseNo, wrong), 'CLAIM_LOCKED').message).toBe('认领码已锁定，请联系驿站重新获取')
    // Locked: the right code is refused too, and the case stays unclaimed.
    expectError(await claim(newWorker(), filed.caseNo, filed.slip.claimCode!), 'CLAIM_LOCKED')
    expect((await stored(filed.id)).workerKey).toBeUndefined()
    expect((await h.store.get<ClaimDoc>('claims', filed.caseNo))!).toMatchObject({ status: 'locked', wrongTries: 5 })

    // The officer who gave it out (a member of the owning station) is told, once, through the outbox.
    const rows = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.caseId === filed.id && r.kind === 'case.claim_locked')
    expect(rows.map((r) => r.to)).toEqual([STREET_REP])
    expect(rows[0]!.data).toMatchObject({ caseNo: filed.caseNo, summary: '认领码输错5次已锁定' })
    expect(h.sent.some((m) => m.kind === 'case.claim_locked' && m.to === STREET_REP)).toBe(true)
    const detail = expectOk(await h.op(getCaseDetail, STREET_REP, { id: filed.id }))
    expect(detail.claim).toMatchObject({ state: 'locked', mayIssue: true })
    expect(detail.timeline.some((t) => t.internal && t.text.includes('认领码连续输错 5 次，已锁定'))).toBe(true)

    // A new code from the station works; the old one does not.
    const slip = expectOk(await h.op(issueClaimCode, STREET_REP, { id: filed.id }))
    expect(slip.claimCode).not.toBe(filed.slip.claimCode)
    const claimer = newWorker()
    expectError(await claim(claimer, filed.caseNo, filed.slip.claimCode!), 'CLAIM_WRONG_CODE')
    expectOk(await claim(claimer, filed.caseNo, slip.claimCode!))
    const timeline = expectOk(await h.op(getCaseDetail, STREET_HEAD, { id: filed.id })).timeline
    expect(timeline.some((t) => t.internal && t.text === '曹城街道驿站（示例） 曹城陈代表 重新生成了认领码，之前的认领码不能再用')).toBe(true)
  })

  it('limits each caller to 10 attempts an hour, kept in the store, and says when to try again', async () => {
    const HOUR = 60 * 60_000
    h.clock.now = Math.ceil(h.clock.now / HOUR) * HOUR // the start of an hour
    const worker = newWorker()
    const filed = await file()
    const other = await file()
    // Unknown case numbers and wrong codes count alike; the wrong codes go to two cases so neither locks.
    expectError(await claim(worker, 'CX2611259999', 'ABCDEF'), 'CLAIM_NOT_FOUND')
    for (let i = 0; i < 4; i++) expectError(await claim(worker, filed.caseNo, otherCode(filed.slip.claimCode!)), 'CLAIM_WRONG_CODE')
    for (let i = 0; i < 4; i++) expectError(await claim(worker, other.caseNo, otherCode(other.slip.claimCode!)), 'CLAIM_WRONG_CODE')
    h.clock.now += 10 * 60_000
    expectError(await claim(worker, 'CX2611259998', 'ABCDEF'), 'CLAIM_NOT_FOUND')
    const limited = expectError(await claim(worker, filed.caseNo, filed.slip.claimCode!), 'RATE_LIMITED')
    expect(limited.message).toBe('输入认领码太频繁了，请在 50 分钟后再试；着急可以拨打 12333')
    // The refused attempt changed nothing: the code is still open with its wrong tries.
    expect((await h.store.get<ClaimDoc>('claims', filed.caseNo))!).toMatchObject({ status: 'open', wrongTries: 4 })
    // Another worker is not limited by this one.
    expectOk(await claim(newWorker(), other.caseNo, other.slip.claimCode!))
    // The next hour the caller may try again.
    h.clock.now += 50 * 60_000
    expectOk(await claim(worker, filed.caseNo, filed.slip.claimCode!))
  })

  it('lets an anonymous worker follow their case by a claim that stores no identity', async () => {
    const worker = newWorker()
    const filed = await file(STREET_HEAD, { privacy: 'anonymous', contact: undefined })
    const c0 = await stored(filed.id)
    expect(c0.identity).toBeUndefined()
    expectOk(await claim(worker, filed.caseNo, filed.slip.claimCode!))
    const c = await stored(filed.id)
    // Only the keyed hash, as for an anonymous case the worker filed themselves (D5): no name, phone or openid.
    expect(c.workerKey).toBe(h.ports.secrets.workerKey(worker))
    expect(c.workerOpenid).toBeUndefined()
    expect(c.identity).toBeUndefined()
    expect(JSON.stringify(c)).not.toContain(worker)
    for (const name of ['claims', 'rate_limits', 'case_events'])
      for (const d of (await h.store.find(name, { limit: 1000 })).items) expect(JSON.stringify(d)).not.toContain(worker)
    expect(expectOk(await h.op(listMyCases, worker, {})).items.map((i) => i.id)).toEqual([filed.id])
    expect(expectOk(await h.op(getMyCase, worker, { id: filed.id })).privacy).toBe('anonymous')
    // No push reminders on an anonymous case.
    expectOk(await h.act(acceptCase, STREET_HEAD, filed.id))
    expect((await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((o) => o.caseId === filed.id && o.to === worker)).toEqual([])
    expect(expectOk(await h.op(getCaseDetail, STREET_HEAD, { id: filed.id })).identityNote).toBe('匿名反映：没有保存职工的姓名和电话')
  })

  it('routes an employer-side officer’s confidential intake past the enterprise, as the rule says, and gives them no code', async () => {
    const filed = await file(FIRM_HR, { stationId: 'st-CX-0004', privacy: 'confidential', aboutOwnEmployer: true })
    // stationMayHold: a case that is not open never lands on an enterprise station.
    const c = await stored(filed.id)
    expect(c.ownerStationId).toBe('st-CX-0003')
    expect(c.firstStationId).toBe('st-CX-0003')
    expect(c.stationId).toBe('st-CX-0004')
    expect(filed.ownerStationName).toBe('曹县经济开发区驿站（示例）')
    // The employer side gets the case number and whom to ask, but no code to follow the case with (D8a).
    expect(filed.slip.claimCode).toBeNull()
    expect(filed.slip.note).toContain('由 曹县经济开发区驿站（示例） 办理')
    expect(filed.slip.stationName).toBe('曹县经济开发区驿站（示例）')
    expect(await h.store.get('claims', filed.caseNo)).toBeNull()
    // And it sees nothing of it afterwards; the enterprise's union side neither (it is not the owner).
    expectError(await h.op(getCaseDetail, FIRM_HR, { id: filed.id }), 'CASE_NOT_FOUND')
    expectError(await h.op(issueClaimCode, FIRM_HR, { id: filed.id }), 'CASE_NOT_FOUND')
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.caseId === filed.id)
    expect(outbox.some((r) => r.to === FIRM_HR)).toBe(false)
    // The owning station gives the code out; the worker claims with it.
    const detail = expectOk(await h.op(getCaseDetail, PARK_UNION, { id: filed.id }))
    expect(detail.claim).toMatchObject({ state: 'none', mayIssue: true })
    const slip = expectOk(await h.op(issueClaimCode, PARK_UNION, { id: filed.id }))
    expect(slip.stationName).toBe('曹县经济开发区驿站（示例）')
    expectOk(await claim(newWorker(), filed.caseNo, slip.claimCode!))
  })

  it('keeps an employer-side officer’s open intake at the enterprise, with a code', async () => {
    const filed = await file(FIRM_HR, { stationId: 'st-CX-0004', privacy: 'open', aboutOwnEmployer: true })
    expect((await stored(filed.id)).ownerStationId).toBe('st-CX-0004')
    expect(filed.slip.claimCode).toHaveLength(CLAIM_CODE_LENGTH)
    expectOk(await h.op(getCaseDetail, FIRM_UNION, { id: filed.id }))
  })

  it('gives new codes only to the owning station, and none for a case the worker filed', async () => {
    const filed = await file()
    // The county sees the case (an ancestor) but does not hold it.
    expectError(await h.op(issueClaimCode, COUNTY, { id: filed.id }), 'AUTH_FORBIDDEN')
    expect(expectOk(await h.op(getCaseDetail, COUNTY, { id: filed.id })).claim).toMatchObject({ state: 'open', mayIssue: false })
    expectError(await h.op(issueClaimCode, PARK_UNION, { id: filed.id }), 'CASE_NOT_FOUND')
    const own = expectOk(await h.op(submitCase, newWorker(), submitInput()))
    expectError(await h.op(issueClaimCode, STREET_HEAD, { id: own.id }), 'CLAIM_NOT_NEEDED')
    expect(expectOk(await h.op(getCaseDetail, STREET_HEAD, { id: own.id })).claim).toBeNull()
    // A case the worker filed cannot be claimed by anyone.
    expectError(await claim(newWorker(), own.caseNo, 'ABCDEF'), 'CLAIM_NOT_FOUND')
  })

  it('refuses bad input and callers who may not file, writing nothing', async () => {
    const before = await snapshotCounts(h.store)
    const attempts = async () => (await h.store.find('rate_limits', { limit: 1000 })).items
    const attemptsBefore = await attempts()
    const refused = [
      // Not an officer.
      [await h.op(fileAssistedCase, newWorker(), intake()), 'AUTH_NOT_OFFICER'],
      // Another station than the officer's own.
      [await h.op(fileAssistedCase, STREET_HEAD, intake({ stationId: 'st-CX-0003' })), 'STATION_OUT_OF_SCOPE'],
      // The worker app's channels are not an officer's.
      [await h.call('officer', STREET_HEAD, 'intake.file', { ...intake(), channel: 'qr' }), 'REQUEST_INVALID'],
      [await h.call('officer', STREET_HEAD, 'intake.file', { ...intake(), channel: undefined }), 'REQUEST_INVALID'],
      // The same rules as the worker's form.
      [await h.op(fileAssistedCase, STREET_HEAD, intake({ contact: undefined })), 'REQUEST_INVALID'],
      [await h.op(fileAssistedCase, STREET_HEAD, intake({ privacy: 'anonymous' })), 'REQUEST_INVALID'],
      // A claim is checked before anything is counted.
      [await h.call('worker', newWorker(), 'case.claim', { caseNo: 'CX26', code: 'ABCDEF' }), 'REQUEST_INVALID'],
      [await h.call('worker', newWorker(), 'case.claim', { caseNo: 'CX2611250001', code: 'OIL01A' }), 'REQUEST_INVALID'],
      [await h.call('worker', null, 'case.claim', { caseNo: 'CX2611250001', code: 'ABCDEF' }), 'AUTH_REQUIRED'],
    ] as const
    for (const [r, code] of refused) expectError(r, code)
    const anonymous = expectError(await h.op(fileAssistedCase, STREET_HEAD, intake({ privacy: 'anonymous' })), 'REQUEST_INVALID')
    expect(anonymous.message).toBe('匿名反映不需要填写姓名和电话')
    expect(await snapshotCounts(h.store)).toEqual(before)
    expect(await attempts()).toEqual(attemptsBefore)
  })
}, { rateLimits: true })

import * as contracts from '../../types/contracts'
import {
  CONTRACTS,
  getCaseDetail,
  getMe,
  getMyCase,
  getNetworkTree,
  getStation,
  listCounties,
  listCountyStations,
  listInbox,
  listMyCases,
  runSweep,
  submitCase,
} from '../../types/contracts'
import { byOperation } from '../../cloudfunctions/core/app/handler'
import { HANDLERS } from '../../cloudfunctions/core/app/handlers/index'
import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import {
  OTHER_WORKER,
  WORKER,
  caseInput,
  expectError,
  expectOk,
  makeHarness,
  newRequestId,
  sh,
  snapshotCounts,
  submitInput,
  type Harness,
} from '../support/harness'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

describe('contracts and handlers', () => {
  // The type checker already refuses a contract without a handler and a handler without a contract.
  it('names each contract by its export name and pairs it with the handler of that very contract', () => {
    const exported: Record<string, unknown> = { ...contracts }
    const handlers: Record<string, { contract: unknown }> = HANDLERS
    expect(Object.entries(CONTRACTS).filter(([name, c]) => exported[name] !== c).map(([name]) => name)).toEqual([])
    expect(Object.entries(CONTRACTS).filter(([name, c]) => handlers[name]?.contract !== c).map(([name]) => name)).toEqual([])
    expect(Object.keys(HANDLERS).sort()).toEqual(Object.keys(CONTRACTS).sort())
  })

  it('gives every operation a name of its own within its function', () => {
    expect(byOperation(HANDLERS).size).toBe(Object.keys(CONTRACTS).length)
    const twice = { ...HANDLERS, again: { ...HANDLERS.getStation } }
    expect(() => byOperation(twice)).toThrow('operation worker:station.get is defined twice')
  })
})

describe('stations', () => {
  it('opens a station by its QR code with its path and hotlines', async () => {
    const card = expectOk(await h.op(getStation, WORKER, { code: 'hz-cx-0004' }))
    expect(card).toMatchObject({ code: 'HZ-CX-0004', kind: 'enterprise', demo: true, countyName: '曹县劳动关系服务驿站' })
    expect(card.path).toEqual(['菏泽市劳动关系服务驿站', '曹县劳动关系服务驿站', '曹县经济开发区驿站（示例）'])
    expect(card.hotlines.map((x) => x.number)).toEqual(['12333', '12351', '12348', '12345'])
  })

  it('refuses an unknown or malformed code', async () => {
    expectError(await h.op(getStation, WORKER, { code: 'HZ-CX-9999' }), 'STATION_NOT_FOUND')
    const e = expectError(await h.op(getStation, WORKER, { code: 'DROP TABLE' }), 'REQUEST_INVALID')
    expect(e.fields).toEqual(['code'])
  })

  it('lists the nine counties in order, then a county’s stations without the county itself', async () => {
    const counties = expectOk(await h.op(listCounties, WORKER, {}))
    expect(counties.items.map((c) => c.name)).toHaveLength(9)
    expect(counties.items[0]!.name).toBe('牡丹区劳动关系服务驿站')
    const cx = expectOk(await h.op(listCountyStations, WORKER, { countyId: 'st-CX-0001' }))
    expect(cx.county.id).toBe('st-CX-0001')
    expect(cx.items.map((s) => s.id)).toEqual(['st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005'])
    const searched = expectOk(await h.op(listCountyStations, WORKER, { countyId: 'st-CX-0001', q: '纺织' }))
    expect(searched.items.map((s) => s.id)).toEqual(['st-CX-0004'])
    expectError(await h.op(listCountyStations, WORKER, { countyId: 'st-CX-0002' }), 'STATION_NOT_FOUND')
  })
})

describe('filing a case', () => {
  it('numbers the case per county and day, routes it, and promises the accept deadline in working time', async () => {
    const first = await h.file()
    expect(first.caseNo).toBe('CX2611250001')
    expect(first.ownerStationName).toBe('曹城街道驿站（示例）')
    expect(first.acceptPromise).toBe('1 个工作日内受理')
    expect(first.acceptDue.at).toBe(sh('2026-11-26 10:00'))
    expect((await h.file()).caseNo).toBe('CX2611250002')
    expect((await h.file({ stationId: 'st-MD-0002' })).caseNo).toBe('MD2611250001')
    h.clock.now = sh('2026-11-26 09:00')
    expect((await h.file()).caseNo).toBe('CX2611260001')
  })

  it('gives wage arrears the shorter accept clock', async () => {
    const c = await h.file({ category: 'wage_arrears', amountOwed: 36000 })
    expect(c.acceptPromise).toBe('4 个工作小时内受理')
    expect(c.acceptDue.at).toBe(sh('2026-11-25 15:30'))
  })

  it('sends a confidential case past the enterprise station to the nearest non-enterprise ancestor', async () => {
    const c = await h.file({ stationId: 'st-CX-0004', privacy: 'confidential' })
    const doc = (await h.store.get<CaseDoc>('cases', c.id))!
    expect(doc.ownerStationId).toBe('st-CX-0003')
    expect(doc.firstStationId).toBe('st-CX-0003')
    expect(doc.stationId).toBe('st-CX-0004')
    const open = await h.file({ stationId: 'st-CX-0004', privacy: 'open' })
    expect((await h.store.get<CaseDoc>('cases', open.id))!.ownerStationId).toBe('st-CX-0004')
  })

  it('sends a group case (10 or more workers) to the county station', async () => {
    const c = await h.file({ workersAffected: 12 })
    expect(c.ownerStationName).toBe('曹县劳动关系服务驿站')
    expect(h.sent.filter((m) => m.kind === 'case.escalated').map((m) => m.to)).toEqual(['dev-city-admin'])
    expect(c.acceptPromise).toBe('2 个工作小时内受理')
  })

  it('stores no identity for an anonymous case, yet the worker still finds it', async () => {
    const c = await h.file({ privacy: 'anonymous', contact: undefined })
    const doc = (await h.store.get<CaseDoc>('cases', c.id))!
    expect(doc.identity).toBeUndefined()
    expect(doc.workerOpenid).toBeUndefined()
    expect(JSON.stringify(doc)).not.toContain(WORKER)
    const mine = expectOk(await h.op(listMyCases, WORKER, {}))
    expect(mine.items.map((x) => x.id)).toEqual([c.id])
  })

  it('refuses contact on an anonymous case and requires it otherwise', async () => {
    const before = await snapshotCounts(h.store)
    expectError(await h.op(submitCase, WORKER, submitInput({ privacy: 'anonymous' })), 'REQUEST_INVALID')
    expectError(await h.op(submitCase, WORKER, submitInput({ contact: undefined })), 'REQUEST_INVALID')
    expect(await snapshotCounts(h.store)).toEqual(before)
  })

  it('refuses bad input with a coded Chinese error, the refused fields, and no write at all', async () => {
    const before = await snapshotCounts(h.store)
    const bad: Array<[Record<string, unknown>, string]> = [
      [{ description: '太短了' }, 'description'],
      [{ description: '长'.repeat(2001) }, 'description'],
      [{ category: 'bribery' }, 'category'],
      [{ workersAffected: '3' }, 'workersAffected'],
      [{ workersAffected: 0 }, 'workersAffected'],
      [{ amountOwed: -5 }, 'amountOwed'],
      [{ contact: { name: '张三', phone: '12345' } }, 'contact.phone'],
      [{ stationId: '../../etc' }, 'stationId'],
      [{ color: 'red' }, 'color'],
    ]
    for (const [over, field] of bad) {
      // Sent by name: the contract's type would not let most of these shapes through.
      const e = expectError(await h.call('worker', WORKER, 'case.submit', caseInput(over)), 'REQUEST_INVALID')
      expect(e.fields).toContain(field)
    }
    expectError(await h.op(submitCase, WORKER, submitInput({ stationId: 'st-XX-0001' })), 'STATION_NOT_FOUND')
    expect(await snapshotCounts(h.store)).toEqual(before)
    expect(expectError(await h.op(submitCase, WORKER, submitInput({ description: '太短了' })), 'REQUEST_INVALID').message).toBe(
      '请至少写 10 个字，说清楚发生了什么',
    )
  })

  it('ignores nothing silently: a caller named in the body is refused and nothing is written under it', async () => {
    const before = await snapshotCounts(h.store)
    const forged = [
      { op: 'case.submit', input: caseInput(), requestId: newRequestId(), openid: OTHER_WORKER },
      { op: 'case.submit', input: caseInput(), requestId: newRequestId(), caller: { openid: OTHER_WORKER } },
      { op: 'case.submit', input: { ...caseInput(), workerOpenid: OTHER_WORKER }, requestId: newRequestId() },
      { op: 'case.submit', input: { ...caseInput(), openid: OTHER_WORKER }, requestId: newRequestId() },
    ]
    for (const event of forged) expectError(await h.raw('worker', event, { openid: WORKER, via: 'wechat' }), 'REQUEST_INVALID')
    expect(await snapshotCounts(h.store)).toEqual(before)
    // The platform's own keys are dropped, not refused; the caller still comes from the context.
    const withPlatform = { op: 'case.submit', input: caseInput(), requestId: newRequestId(), userInfo: { openId: OTHER_WORKER, appId: 'wx' } }
    const ok = expectOk((await h.raw('worker', withPlatform, { openid: WORKER, via: 'wechat' })) as never) as { id: string }
    expect(expectOk(await h.op(listMyCases, WORKER, {})).items.map((x) => x.id)).toEqual([ok.id])
    expect(expectOk(await h.op(listMyCases, OTHER_WORKER, {})).items).toEqual([])
  })

  it('needs a signed-in caller', async () => {
    expectError(await h.op(submitCase, null, submitInput()), 'AUTH_REQUIRED')
    expectError(await h.op(listMyCases, null, {}), 'AUTH_REQUIRED')
  })

  it('is idempotent per request id, and refuses the same id with different input', async () => {
    const event = { op: 'case.submit', input: caseInput(), requestId: 'retry-0000000001' }
    const a = expectOk(await h.raw('worker', event, { openid: WORKER, via: 'local' }))
    const b = expectOk(await h.raw('worker', event, { openid: WORKER, via: 'local' }))
    expect(b).toEqual(a)
    expect(await h.store.count('cases')).toBe(1)
    const changed = { ...event, input: caseInput({ description: '换了一种说法，但请求编号还是同一个。' }) }
    expectError(await h.raw('worker', changed, { openid: WORKER, via: 'local' }), 'REQUEST_REUSED')
    // Another person reusing the same request id is a different key.
    expectOk(await h.raw('worker', event, { openid: OTHER_WORKER, via: 'local' }))
    expect(await h.store.count('cases')).toBe(2)
  })

  it('refuses unknown operations and malformed envelopes', async () => {
    expectError(await h.raw('worker', { op: 'case.delete', input: {}, requestId: newRequestId() }, { openid: WORKER, via: 'local' }), 'REQUEST_UNKNOWN_OP')
    expectError(await h.raw('worker', { op: 'case.mine', input: {}, requestId: 'x' }, { openid: WORKER, via: 'local' }), 'REQUEST_INVALID')
    expectError(await h.raw('worker', 'case.mine', { openid: WORKER, via: 'local' }), 'REQUEST_INVALID')
    expectError(await h.raw('worker', [1, 2], { openid: WORKER, via: 'local' }), 'REQUEST_INVALID')
    // An officer operation is not reachable through the worker function.
    expectError(await h.raw('worker', { op: 'inbox.list', input: {}, requestId: newRequestId() }, { openid: WORKER, via: 'local' }), 'REQUEST_UNKNOWN_OP')
  })
})

describe('我的诉求', () => {
  it('lists my cases newest first with labels and pages through them', async () => {
    for (let i = 0; i < 5; i++) {
      h.clock.now += 60_000
      await h.file()
    }
    await h.file({}, OTHER_WORKER)
    const p1 = expectOk(await h.op(listMyCases, WORKER, { limit: 3 }))
    expect(p1.items.map((x) => x.caseNo)).toEqual(['CX2611250005', 'CX2611250004', 'CX2611250003'])
    expect(p1.items[0]).toMatchObject({ stateLabel: '已提交', categoryLabel: '工资报酬', stationName: '曹城街道驿站（示例）' })
    expect(p1.items[0]!.deadline?.label).toBe('1 个工作日内受理')
    const p2 = expectOk(await h.op(listMyCases, WORKER, { limit: 3, after: p1.next }))
    expect(p2.items.map((x) => x.caseNo)).toEqual(['CX2611250002', 'CX2611250001'])
    expect(p2.next).toBeUndefined()
  })

  it('shows a case’s public timeline to its worker only', async () => {
    const c = await h.file()
    const detail = expectOk(await h.op(getMyCase, WORKER, { id: c.id }))
    expect(detail.timeline.map((t) => t.text)).toEqual([`诉求已提交，编号 ${c.caseNo}`, '由 曹城街道驿站（示例） 办理'])
    expectError(await h.op(getMyCase, OTHER_WORKER, { id: c.id }), 'CASE_NOT_FOUND')
    expectError(await h.op(getMyCase, WORKER, { id: 'nope' }), 'CASE_NOT_FOUND')
  })
})

describe('officer inbox and case detail', () => {
  const HEAD = 'dev-CX-street-head'

  it('shows the owning station’s new case with tab counts, and identity in the detail, logged', async () => {
    const c = await h.file()
    const inbox = expectOk(await h.op(listInbox, HEAD, { stationId: 'st-CX-0002', tab: 'pending' }))
    expect(inbox.items.map((x) => x.id)).toEqual([c.id])
    expect(inbox.counts).toEqual({ pending: 1, incoming: 0, active: 0, soon: 0, overdue: 0, supervising: 0, done: 0 })
    expect(inbox.items[0]).not.toHaveProperty('identity')
    expect(JSON.stringify(inbox)).not.toContain('13800000001')
    expect(await h.store.count('access_log')).toBe(0)
    const d = expectOk(await h.op(getCaseDetail, HEAD, { id: c.id }))
    expect(d.identity).toEqual({ name: '张三', phone: '13800000001' })
    expect(await h.store.count('access_log')).toBe(1)
  })

  it('refuses a station the officer does not belong to, and workers', async () => {
    expectError(await h.op(listInbox, HEAD, { stationId: 'st-MD-0002', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
    expectError(await h.op(listInbox, WORKER, { stationId: 'st-CX-0002', tab: 'pending' }), 'AUTH_NOT_OFFICER')
    expectError(await h.op(listInbox, null, { stationId: 'st-CX-0002', tab: 'pending' }), 'AUTH_REQUIRED')
  })

  it('does not open a case of another station', async () => {
    const c = await h.file({ stationId: 'st-MD-0002' })
    expectError(await h.op(getCaseDetail, HEAD, { id: c.id }), 'CASE_NOT_FOUND')
  })

  it('lets an ancestor (the county) open a case and see the identity of an open case', async () => {
    const c = await h.file()
    const d = expectOk(await h.op(getCaseDetail, 'dev-CX-county-head', { id: c.id }))
    expect(d.identity).not.toBeNull()
  })
})

describe('privacy: confidential cases never reach the employer side', () => {
  it('keeps a confidential case from employer-side officers in lists, details and notices', async () => {
    const c = await h.file({ stationId: 'st-CX-0004', privacy: 'confidential' })
    // The park station owns it; its employer-side member neither lists nor opens it.
    const employer = 'dev-CX-park-employer'
    const list = expectOk(await h.op(listInbox, employer, { stationId: 'st-CX-0003', tab: 'pending' }))
    expect(list.items).toEqual([])
    expect(list.counts).toEqual({ pending: 0, incoming: 0, active: 0, soon: 0, overdue: 0, supervising: 0, done: 0 })
    expectError(await h.op(getCaseDetail, employer, { id: c.id }), 'CASE_NOT_FOUND')
    // The enterprise's own officers (employer and union side) never got it.
    expectError(await h.op(getCaseDetail, 'dev-CX-firm-hr', { id: c.id }), 'CASE_NOT_FOUND')
    const firm = expectOk(await h.op(listInbox, 'dev-CX-firm-union', { stationId: 'st-CX-0004', tab: 'pending' }))
    expect(firm.items).toEqual([])
    // The union-side liaison of the park sees it with identity.
    const union = expectOk(await h.op(getCaseDetail, 'dev-CX-park-liaison', { id: c.id }))
    expect(union.identity).toEqual({ name: '张三', phone: '13800000001' })
    expect(union.identityNote).toContain('对单位保密')
    // Notices went to the park's non-employer officers only (曹县周科长 is a government-side member there too).
    const outbox = await h.store.find<{ to: string; _id: string; _v: number }>('outbox', {})
    expect(outbox.items.map((r) => r.to).sort()).toEqual(['dev-CX-county-head', 'dev-CX-park-liaison'])
    expect(h.sent.map((m) => m.to).sort()).toEqual(['dev-CX-county-head', 'dev-CX-park-liaison'])
  })

  it('shows an open case to the employer side but hides identity of a confidential one from worker reps', async () => {
    const open = await h.file({ stationId: 'st-CX-0004', privacy: 'open' })
    const hr = expectOk(await h.op(getCaseDetail, 'dev-CX-firm-hr', { id: open.id }))
    expect(hr.identity).toEqual({ name: '张三', phone: '13800000001' })
    const conf = await h.file({ privacy: 'confidential' })
    const rep = expectOk(await h.op(getCaseDetail, 'dev-CX-street-rep', { id: conf.id }))
    expect(rep.identity).toBeNull()
    expect(rep.identityNote).toBe('对单位保密：身份仅政府/工会/第三方可见')
    const lawyer = expectOk(await h.op(getCaseDetail, 'dev-CX-street-lawyer', { id: conf.id }))
    expect(lawyer.identity).not.toBeNull()
  })

  it('shows 匿名 and no identity to anyone for an anonymous case', async () => {
    const c = await h.file({ privacy: 'anonymous', contact: undefined })
    const d = expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id: c.id }))
    expect(d.identity).toBeNull()
    expect(d.identityNote).toContain('匿名')
    expect(await h.store.count('access_log')).toBe(0)
  })
})

describe('me and the network tree', () => {
  it('tells a worker they are not an officer and an officer their memberships', async () => {
    expect(expectOk(await h.op(getMe, WORKER, {})).officer).toBeNull()
    const me = expectOk(await h.op(getMe, 'dev-CX-county-head', {}))
    expect(me.officer?.memberships).toEqual([
      expect.objectContaining({ stationId: 'st-CX-0001', roleLabel: '负责人', sideLabel: '政府方', admin: true, canViewSubtree: true }),
      // A second station: role and side are that membership's; 全辖区 only from a city or county station.
      expect.objectContaining({ stationId: 'st-CX-0003', roleLabel: '工作人员', sideLabel: '政府方', admin: false, canViewSubtree: false }),
    ])
  })

  it('gives a city admin the whole tree and a county admin their county; others are refused', async () => {
    const city = expectOk(await h.op(getNetworkTree, 'dev-city-admin', {}))
    expect(city.roots).toHaveLength(1)
    expect(city.roots[0]!.children).toHaveLength(9)
    const county = expectOk(await h.op(getNetworkTree, 'dev-CX-county-head', {}))
    expect(county.roots.map((r) => r.name)).toEqual(['曹县劳动关系服务驿站'])
    expect(county.roots[0]!.children.map((c) => c.name)).toEqual(['曹城街道驿站（示例）', '曹县经济开发区驿站（示例）'])
    expectError(await h.op(getNetworkTree, 'dev-CX-street-head', {}), 'AUTH_FORBIDDEN')
    expectError(await h.op(getNetworkTree, WORKER, {}), 'AUTH_NOT_OFFICER')
  })
})

describe('sweep', () => {
  it('answers the timer only', async () => {
    expectError(await h.raw('sweep', { op: 'sweep.run', input: {}, requestId: newRequestId() }, { openid: WORKER, via: 'wechat' }), 'SWEEP_CALLER_FORBIDDEN')
    expectError(await h.raw('sweep', { op: 'sweep.run', input: {}, requestId: newRequestId() }, { openid: null, via: 'local' }), 'SWEEP_CALLER_FORBIDDEN')
  })

  it('tries notices right after the case is stored, and the sweep retries the failed ones with backoff', async () => {
    h.deliver.next = (m) => (m.to === 'dev-CX-street-rep' ? { ok: false, final: false, reason: 'timeout' } : { ok: true })
    await h.file()
    expect(h.sent.map((m) => m.to).sort()).toEqual(['dev-CX-street-head', 'dev-CX-street-lawyer'])
    // Not due again yet (1 minute backoff): a dry run counts, a run sends nothing.
    expect(expectOk(await h.op(runSweep, null, { dryRun: true }))).toMatchObject({ delivered: 0, pending: 1, dryRun: true })
    expect(expectOk(await h.op(runSweep, null, {}))).toMatchObject({ delivered: 0, failed: 0, pending: 1 })
    h.clock.now += 60_000
    h.deliver.next = () => ({ ok: true })
    expect(expectOk(await h.op(runSweep, null, {}))).toMatchObject({ delivered: 1, failed: 0, pending: 0, dryRun: false })
    expect(h.sent).toHaveLength(3)
    // Nothing is sent twice.
    h.clock.now += 3_600_000
    expect(expectOk(await h.op(runSweep, null, {}))).toMatchObject({ delivered: 0 })
    expect(h.sent).toHaveLength(3)
  })

  it('gives up on a final failure (the user never subscribed) without touching the case', async () => {
    h.deliver.next = () => ({ ok: false, final: true, reason: '43101' })
    const c = await h.file()
    const before = (await h.store.get<CaseDoc>('cases', c.id))!
    const rows = (await h.store.find<{ _id: string; _v: number; status: string; lastError: string }>('outbox', {})).items
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ['failed', '43101'],
      ['failed', '43101'],
      ['failed', '43101'],
    ])
    h.clock.now += 3_600_000
    expect(expectOk(await h.op(runSweep, null, {}))).toMatchObject({ delivered: 0, failed: 0, pending: 0 })
    expect(await h.store.get<CaseDoc>('cases', c.id)).toEqual(before)
  })
})

describe('a new cloud environment', () => {
  it('is set up by the first timer run: city and nine counties, no 示例 stations, the first admin', async () => {
    const { createSqliteStore } = await import('../../cloudfunctions/core/adapters/sqlite/store')
    const store = createSqliteStore({ file: ':memory:' })
    const ports = { ...h.ports, store, settings: { firstAdminOpenid: 'o-first-admin' } }
    const { dispatch } = await import('../../cloudfunctions/core/app/dispatch')
    const timerEvent = { Type: 'Timer', TriggerName: 'sweep', Time: '2026-11-25T02:00:00Z' }
    expectOk(await dispatch('sweep', timerEvent, { openid: null, via: 'timer' }, ports))
    expect(await store.count('stations')).toBe(10)
    expect(await store.count('stations', { kind: 'county' })).toBe(9)
    const tree = expectOk(await dispatch('admin', { op: 'network.tree', input: {}, requestId: newRequestId() }, { openid: 'o-first-admin', via: 'wechat' }, ports)) as {
      roots: Array<{ children: unknown[] }>
    }
    expect(tree.roots[0]!.children).toHaveLength(9)
    // Running again writes nothing more; a user cannot trigger it.
    expectOk(await dispatch('sweep', timerEvent, { openid: null, via: 'timer' }, ports))
    expect(await store.count('stations')).toBe(10)
    expectError(await dispatch('sweep', timerEvent, { openid: 'someone', via: 'wechat' }, ports), 'REQUEST_INVALID')
    await store.close()
  })
})

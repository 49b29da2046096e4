import type { AuditDoc, CaseDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/domain/sla-policy'
import { createProject, getCalendar, getPolicy, listProjects, previewPolicy, setCalendarYear, setPolicy, submitCase, transferCase } from '../../types/contracts'
import { WORKER, expectError, expectOk, makeHarness, sh, snapshotCounts, submitInput, type Harness } from '../support/harness'

const CITY = 'dev-city-admin'
const CX_ADMIN = 'dev-CX-county-head'

let h: Harness
beforeEach(async () => {
  h = await makeHarness()
})
afterEach(async () => {
  await h.close()
})

describe('the deadline policy is data an admin changes', () => {
  it('shows the defaults, refuses a county admin and an inconsistent table, and applies a change to new cases', async () => {
    const view = expectOk(await h.op(getPolicy, CITY, {}))
    expect(view).toMatchObject({ isDefault: true, version: 0 })
    expect(view.policy).toEqual(DEFAULT_SLA_POLICY)
    expectError(await h.op(getPolicy, CX_ADMIN, {}), 'AUTH_FORBIDDEN')

    const before = await snapshotCounts(h.store)
    const broken = { ...DEFAULT_SLA_POLICY, pay: { accept: 900, firstReply: 450, resolve: 6750 } }
    const e = expectError(await h.op(setPolicy, CITY, { version: 0, policy: broken }), 'REQUEST_INVALID')
    expect(e.message).toBe('时限应满足：受理 ≤ 首次答复 ≤ 办结')
    expectError(await h.op(setPolicy, CITY, { version: 0, policy: { ...DEFAULT_SLA_POLICY, pay: { accept: 10, firstReply: 900, resolve: 6750 } } }), 'REQUEST_INVALID')
    expect(await snapshotCounts(h.store)).toEqual(before)

    const old = await h.file()
    const faster = { ...DEFAULT_SLA_POLICY, pay: { accept: 225, firstReply: 450, resolve: 4500 } }
    expect(expectOk(await h.op(setPolicy, CITY, { version: 0, policy: faster })).version).toBe(1)
    expectError(await h.op(setPolicy, CITY, { version: 0, policy: faster }), 'STORE_CONFLICT')
    const fresh = await h.file()
    expect(fresh.acceptPromise).toBe('4 个工作小时内受理')
    // Running clocks keep the deadlines they started with (D12).
    expect((await h.store.get<CaseDoc>('cases', old.id))!.clocks.accept.dueAt).toBe(sh('2026-11-26 10:00'))
    expect((await h.store.get<CaseDoc>('cases', fresh.id))!.clocks.accept.dueAt).toBe(sh('2026-11-25 15:15'))
  })
})

describe('the fixed deadlines (督办, transfer answer, confirmation) are admin-editable beside the tracks', () => {
  it('keeps them when only the tracks are sent, changes them when sent, and refuses a bad one with nothing written', async () => {
    const { fixed: _fixed, ...tracks } = DEFAULT_SLA_POLICY
    expect(expectOk(await h.op(setPolicy, CITY, { version: 0, policy: tracks })).policy.fixed).toEqual(DEFAULT_SLA_POLICY.fixed)
    const quicker = { ...DEFAULT_SLA_POLICY, fixed: { supervision: 900, transfer: 225, autoClose: 1350 } }
    const saved = expectOk(await h.op(setPolicy, CITY, { version: 1, policy: quicker }))
    expect(saved.policy.fixed).toEqual(quicker.fixed)
    expectError(await h.op(setPolicy, CITY, { version: 2, policy: { ...quicker, fixed: { ...quicker.fixed, autoClose: 5 } } }), 'REQUEST_INVALID')
    expect(expectOk(await h.op(getPolicy, CITY, {})).version).toBe(2)
    // A new transfer is answered within the stored window.
    const { id } = await h.file()
    expectOk(await h.act(transferCase, 'dev-CX-street-head', id, { toStationId: 'st-CX-0003', reason: '属于开发区' }))
    expect((await h.store.get<CaseDoc>('cases', id))!.clocks.transfer.dueAt).toBe(sh('2026-11-25 15:15'))
  })
})

describe('the holiday calendar: later years are entered by an admin', () => {
  it('flags a deadline in a year without data to city admins, then counts the year once entered', async () => {
    expect(expectOk(await h.op(getCalendar, CITY, {})).firstMissingYear).toBe('2027')
    h.clock.now = sh('2026-12-28 10:00')
    const c = await h.file()
    const doc = (await h.store.get<CaseDoc>('cases', c.id))!
    expect(doc.calendarGap).toBe(true)
    // 15 working days on the ordinary week: 1 January 2027 counts as a working day for now.
    expect(doc.clocks.resolve.dueAt).toBe(sh('2027-01-18 10:00'))
    const rows = (await h.store.find<OutboxDoc>('outbox', { limit: 100 })).items
    expect(rows.filter((r) => r.kind === 'case.warning').map((r) => r.to)).toEqual([CITY])

    const bad = { version: 0, year: '2027', arrangement: { source: '国办发明电〔2026〕X号', holidays: [{ name: '元旦', dates: ['2027-02-30'] }] } }
    expectError(await h.op(setCalendarYear, CITY, bad), 'REQUEST_INVALID')
    const stray = { version: 0, year: '2027', arrangement: { source: '国办发明电〔2026〕X号', holidays: [{ name: '元旦', dates: ['2026-01-01'] }] } }
    expectError(await h.op(setCalendarYear, CITY, stray), 'REQUEST_INVALID')
    expectError(await h.op(setCalendarYear, CX_ADMIN, bad), 'AUTH_FORBIDDEN')

    const ok = { version: 0, year: '2027', arrangement: { source: '国办发明电〔2026〕X号', holidays: [{ name: '元旦', dates: ['2027-01-01'] }], makeupWorkdays: [] } }
    const view = expectOk(await h.op(setCalendarYear, CITY, ok))
    expect(view.firstMissingYear).toBe('2028')
    expect(view.years.find((y) => y.year === '2027')?.enteredByAdmin).toBe(true)
    const after = await h.file()
    const afterDoc = (await h.store.get<CaseDoc>('cases', after.id))!
    expect(afterDoc.calendarGap).toBeUndefined()
    expect(afterDoc.clocks.resolve.dueAt).toBe(sh('2027-01-19 10:00'))
  })
})

describe('projects route wage arrears to their responsible station', () => {
  it('lets a county admin register a project in their county and sends its arrears cases there', async () => {
    expectError(
      await h.op(createProject, CX_ADMIN, { countyId: 'st-MD-0001', name: '牡丹区示例安置房项目', contractor: '示例建工集团', responsibleStationId: 'st-MD-0002' }),
      'STATION_OUT_OF_SCOPE',
    )
    expectError(
      await h.op(createProject, CX_ADMIN, { countyId: 'st-CX-0001', name: '曹县示例学校项目', contractor: '示例建工集团', responsibleStationId: 'st-MD-0002' }),
      'STATION_OUT_OF_SCOPE',
    )
    const p = expectOk(
      await h.op(createProject, CX_ADMIN, {
        countyId: 'st-CX-0001',
        name: '曹县示例学校项目',
        contractor: '示例建工集团',
        responsibleStationId: 'st-CX-0003',
      }),
    )
    expect(p.responsibleStationName).toBe('曹县经济开发区驿站（示例）')
    const listed = expectOk(await h.op(listProjects, WORKER, { stationId: 'st-CX-0002' }))
    expect(listed.items.map((x) => x.id)).toEqual([p.id])

    const c = await h.file({ category: 'wage_arrears', amountOwed: 20000, projectId: p.id })
    expect(c.ownerStationName).toBe('曹县经济开发区驿站（示例）')
    // Another category on the same project stays where it was filed.
    const other = await h.file({ projectId: p.id })
    expect(other.ownerStationName).toBe('曹城街道驿站（示例）')
    expectError(await h.op(submitCase, WORKER, submitInput({ category: 'wage_arrears', projectId: 'no-such-project' })), 'REQUEST_INVALID')
  })
})

describe('policy pages: preview, audit, city admins only', () => {
  it('previews a change in dates before it is saved, writes nothing, and names what would change', async () => {
    const quicker = { ...DEFAULT_SLA_POLICY, pay: { accept: 3 * 450, firstReply: 3 * 450, resolve: 15 * 450 } }
    const before = await h.store.count('audit_log')
    const p = expectOk(await h.op(previewPolicy, CITY, { policy: quicker }))
    const pay = p.tracks.find((t) => t.track === 'pay')!
    expect(pay.clocks[0]).toEqual({ clock: 'accept', minutes: 1350, words: '3 个工作日', sentence: '今天提交的诉求将在 11月30日 周一 10:00 前受理' })
    expect(p.fixed.map((f) => f.key)).toEqual(['supervision', 'transfer', 'autoClose'])
    expect(p.changes).toEqual(['工资报酬 受理：1 个工作日 → 3 个工作日', '工资报酬 首次答复：2 个工作日 → 3 个工作日'])
    expect(await h.store.count('audit_log')).toBe(before)
    expectError(await h.op(previewPolicy, 'dev-CX-county-head', { policy: quicker }), 'AUTH_FORBIDDEN')
  })

  it('writes who changed what, before → after, to the audit log with the policy and with a calendar year', async () => {
    const quicker = { ...DEFAULT_SLA_POLICY, fixed: { ...DEFAULT_SLA_POLICY.fixed, autoClose: 5 * 450 } }
    expectOk(await h.op(setPolicy, CITY, { version: 0, policy: quicker }))
    const rows = (await h.store.find<AuditDoc>('audit_log', { orderBy: { field: 'at', dir: 'desc' }, limit: 5 })).items
    expect(rows[0]).toMatchObject({ what: 'policy.set', by: 'of-dev-city-admin', detail: '职工确认期限（到期自动结案）：7 个工作日 → 5 个工作日' })
  })
})

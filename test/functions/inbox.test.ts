import { caseVersion } from '../../cloudfunctions/core/domain/thread'
import type { CaseDoc, MembershipDoc, OfficerDoc } from '../../cloudfunctions/core/app/records'
import type { Contract, InputOf } from '../../types/contract'
import {
  acceptCase,
  answerTransfer,
  inboxFilters,
  listInbox,
  referCase,
  resolveCase,
  runSweep,
  transferCase,
  withdrawCase,
  type InboxTab,
} from '../../types/contracts'
import type { Side } from '../../types/domain'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, type Harness } from '../support/harness'

/**
 * The inbox (ADR 0009), on both store adapters: each tab in the order of the deadline that matters there,
 * pages by cursor, 即将超期 and 已超期 as the sweep records them, 本站 and 全辖区 through the station access table,
 * the filters (station, category, privacy, filing date), and the station an officer works as (role and side
 * follow the membership). Counts come with the first page and agree with the rows.
 */
jest.setTimeout(120_000)

const addOfficer = async (h: Harness, openid: string, stationId: string, side: Side, role: MembershipDoc['role'] = 'head') => {
  const officerId = `of-${openid}`
  if (!(await h.store.get<OfficerDoc>('officers', officerId))) await h.store.insert<OfficerDoc>('officers', { _id: officerId, openid, name: openid, createdAt: h.clock.now })
  await h.store.insert<MembershipDoc>('memberships', { _id: `ms-${openid}-${stationId}`, officerId, openid, stationId, role, side, admin: false, createdAt: h.clock.now })
}

/** An action on the version in the store (not through case.detail, which would log an identity view). */
const act = async <C extends Contract>(h: Harness, contract: C, openid: string, id: string, fields: Omit<InputOf<C>, 'id' | 'version'>) => {
  const c = (await h.store.get<CaseDoc>('cases', id))!
  return expectOk(await h.op(contract, openid, { ...fields, id, version: caseVersion(c) } as InputOf<C>))
}

type Ask = Omit<InputOf<typeof listInbox>, 'tab'> & { tab: InboxTab }
const inbox = async (h: Harness, openid: string, ask: Ask) => expectOk(await h.op(listInbox, openid, ask))
const ids = async (h: Harness, openid: string, ask: Ask) => (await inbox(h, openid, { limit: 50, ...ask })).items.map((r) => r.id)

/** Every page of a tab, two rows at a time. */
const allPages = async (h: Harness, openid: string, ask: Ask) => {
  const out: string[] = []
  let after: string | undefined
  let pages = 0
  do {
    const page = await inbox(h, openid, { ...ask, limit: 2, ...(after ? { after } : {}) })
    if (after) expect(page.counts).toBeUndefined()
    else expect(page.counts).toBeDefined()
    out.push(...page.items.map((r) => r.id))
    after = page.next
    pages += 1
  } while (after && pages < 20)
  return out
}

onBothStores((get) => {
  let h: Harness
  beforeAll(() => {
    h = get()
  })

  describe('tabs and their order', () => {
    const HEAD = 'dev-MD-street-head'
    const STATION = 'st-MD-0002'
    const filed: Record<string, string> = {}

    beforeAll(async () => {
      const start = h.clock.now
      const file = async (name: string, minutes: number, category: InputOf<typeof listInbox>['category'] & string) => {
        h.clock.now = start + minutes * 60_000
        filed[name] = (await h.file({ stationId: STATION, category })).id
      }
      // 工资报酬 is accepted within 1 working day, 农民工欠薪 within 4 working hours: the later one is due first.
      await file('pay0', 0, 'pay')
      await file('arrears', 10, 'wage_arrears')
      await file('pay20', 20, 'pay')
      await file('policy', 30, 'policy_question')
      await file('pay40', 40, 'pay')
      await file('pay50', 50, 'pay')
      h.clock.now = start + 60 * 60_000
    })

    it('lists 待受理 by the 受理 deadline, soonest first, and pages through it by cursor without repeats', async () => {
      const first = await inbox(h, HEAD, { stationId: STATION, tab: 'pending' })
      expect(first.items.map((r) => r.id)).toEqual([filed.arrears, filed.pay0, filed.pay20, filed.policy, filed.pay40, filed.pay50])
      const dues = first.items.map((r) => r.deadline!.at)
      expect([...dues].sort((a, b) => a - b)).toEqual(dues)
      expect(first.counts?.pending).toBe(6)
      expect(first.countLabels?.pending).toBe('6')
      expect(await allPages(h, HEAD, { stationId: STATION, tab: 'pending' })).toEqual(first.items.map((r) => r.id))
    })

    it('moves a case to 办理中 when accepted (by the 办结 deadline), and to 已办结 when closed (newest first)', async () => {
      await act(h, acceptCase, HEAD, filed.pay20!, {})
      await act(h, acceptCase, HEAD, filed.arrears!, {})
      await act(h, acceptCase, HEAD, filed.policy!, {})
      h.clock.now += 60_000
      await act(h, resolveCase, HEAD, filed.policy!, { text: '已经答复了职工的问题，告知了具体的政策规定。', conclusion: 'explained' })
      // 政策咨询 is resolved within 3 working days, 欠薪 within 10, 工资报酬 within 15; an answered one waits on the worker, last.
      const active = await inbox(h, HEAD, { stationId: STATION, tab: 'active' })
      expect(active.items.map((r) => r.id)).toEqual([filed.arrears, filed.pay20, filed.policy])
      expect(active.counts).toMatchObject({ pending: 3, active: 3, done: 0 })

      h.clock.now += 60_000
      expectOk(await h.op(withdrawCase, WORKER, { id: filed.pay40!, version: caseVersion((await h.store.get<CaseDoc>('cases', filed.pay40!))!) }))
      h.clock.now += 60_000
      await act(h, referCase, HEAD, filed.pay0!, { to: 'arbitration', where: '牡丹区劳动人事争议仲裁院', reason: '职工要求仲裁' })
      const done = await inbox(h, HEAD, { stationId: STATION, tab: 'done' })
      expect(done.items.map((r) => r.id)).toEqual([filed.pay0, filed.pay40])
      expect(done.counts).toMatchObject({ pending: 1, active: 3, done: 2 })
      expect(await allPages(h, HEAD, { stationId: STATION, tab: 'active' })).toEqual([filed.arrears, filed.pay20, filed.policy])
    })

    it('lists 转来 by the time the target has to answer, and takes the case off when it is answered', async () => {
      const PARK = 'dev-MD-park-liaison'
      await act(h, transferCase, HEAD, filed.pay50!, { toStationId: 'st-MD-0003', reason: '工作地点在开发区' })
      const waiting = await inbox(h, PARK, { stationId: 'st-MD-0003', tab: 'incoming' })
      expect(waiting.items.map((r) => [r.id, r.stationName])).toEqual([[filed.pay50, '西城街道驿站（示例）']])
      expect(waiting.counts?.incoming).toBe(1)
      // The county sees it waiting below it, in 全辖区.
      expect(await ids(h, 'dev-MD-county-head', { stationId: 'st-MD-0001', scope: 'subtree', tab: 'incoming' })).toEqual([filed.pay50])
      await act(h, answerTransfer, PARK, filed.pay50!, { accept: true })
      expect((await inbox(h, PARK, { stationId: 'st-MD-0003', tab: 'incoming' })).counts).toMatchObject({ incoming: 0, active: 1 })
    })
  })

  describe('本站 and 全辖区', () => {
    const COUNTY = 'dev-CX-county-head'
    let street: string
    let firm: string
    let park: string

    beforeAll(async () => {
      street = (await h.file({ stationId: 'st-CX-0002', category: 'pay' })).id
      firm = (await h.file({ stationId: 'st-CX-0004', category: 'social_insurance', privacy: 'open', aboutOwnEmployer: false })).id
      park = (await h.file({ stationId: 'st-CX-0003', category: 'pay', privacy: 'confidential' })).id
    })

    it('shows a county head his own station’s cases in 本站 and every station below it in 全辖区, each row naming its station', async () => {
      expect(await ids(h, COUNTY, { stationId: 'st-CX-0001', tab: 'pending' })).toEqual([])
      const all = await inbox(h, COUNTY, { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' })
      expect(new Set(all.items.map((r) => r.id))).toEqual(new Set([street, firm, park]))
      expect(Object.fromEntries(all.items.map((r) => [r.id, r.stationName]))).toEqual({
        [street]: '曹城街道驿站（示例）',
        [firm]: '示例纺织有限公司驿站（曹县，示例）',
        [park]: '曹县经济开发区驿站（示例）',
      })
      expect(all.counts?.pending).toBe(3)
      expect((await inbox(h, COUNTY, { stationId: 'st-CX-0001', tab: 'pending' })).counts?.pending).toBe(0)
    })

    it('shows the city every county in 全辖区', async () => {
      const city = await inbox(h, 'dev-city-admin', { stationId: 'st-HZ-0001', scope: 'subtree', tab: 'pending', limit: 50 })
      expect(city.items.map((r) => r.id)).toEqual(expect.arrayContaining([street, firm, park]))
      expect(city.counts?.pending).toBe(city.items.length)
      expect(city.items.find((r) => r.id === firm)!.stationName).toBe('示例纺织有限公司驿站（曹县，示例）')
      // Cases of other counties are there too (牡丹区's, handled by its park station now).
      const active = await inbox(h, 'dev-city-admin', { stationId: 'st-HZ-0001', scope: 'subtree', tab: 'active', limit: 50 })
      expect(active.items.some((r) => r.stationName === '牡丹区经济开发区驿站（示例）')).toBe(true)
    })

    it('narrows 全辖区 to one station below, and refuses a station elsewhere or a filter outside 全辖区', async () => {
      const one = await inbox(h, COUNTY, { stationId: 'st-CX-0001', scope: 'subtree', filterStationId: 'st-CX-0004', tab: 'pending' })
      expect(one.items.map((r) => r.id)).toEqual([firm])
      expect(one.counts?.pending).toBe(1)
      expectError(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0001', scope: 'subtree', filterStationId: 'st-MD-0002', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
      expectError(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0001', scope: 'subtree', filterStationId: 'st-NOPE-0001', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
      const e = expectError(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0001', filterStationId: 'st-CX-0004', tab: 'pending' }), 'REQUEST_INVALID')
      expect(e.fields).toEqual(['filterStationId'])
    })

    it('offers 全辖区 only at city and county stations, and only to their members', async () => {
      const e = expectError(await h.op(listInbox, 'dev-CX-street-head', { stationId: 'st-CX-0002', scope: 'subtree', tab: 'pending' }), 'AUTH_FORBIDDEN')
      expect(e.message).toBe('只有市、县区驿站可以查看全辖区')
      expectError(await h.op(listInbox, 'dev-CX-street-head', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
      expectError(await h.op(listInbox, 'dev-MD-county-head', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
    })

    it('filters by category, privacy and filing date, with the counts under the same filters', async () => {
      const ask = { stationId: 'st-CX-0001', scope: 'subtree' as const, tab: 'pending' as const }
      const pay = await inbox(h, COUNTY, { ...ask, category: 'pay' })
      expect(new Set(pay.items.map((r) => r.id))).toEqual(new Set([street, park]))
      expect(pay.counts?.pending).toBe(2)
      const secret = await inbox(h, COUNTY, { ...ask, privacy: 'confidential' })
      expect(secret.items.map((r) => r.id)).toEqual([park])
      expect(secret.counts?.pending).toBe(1)
      // A filing date is counted by an indexed query, capped at 99+.
      const today = await inbox(h, COUNTY, { ...ask, filedFrom: '2026-11-25', filedTo: '2026-11-25' })
      expect(new Set(today.items.map((r) => r.id))).toEqual(new Set([street, firm, park]))
      expect(today.counts?.pending).toBe(3)
      expect(today.countLabels?.pending).toBe('3')
      expect((await inbox(h, COUNTY, { ...ask, filedFrom: '2026-11-26' })).items).toEqual([])
      expect((await inbox(h, COUNTY, { ...ask, filedTo: '2026-11-24' })).counts?.pending).toBe(0)
      const both = await inbox(h, COUNTY, { ...ask, category: 'pay', privacy: 'open', filedFrom: '2026-11-01' })
      expect(both.items.map((r) => r.id)).toEqual([street])
      const backwards = expectError(await h.op(listInbox, COUNTY, { ...ask, filedFrom: '2026-11-26', filedTo: '2026-11-25' }), 'REQUEST_INVALID')
      expect(backwards.message).toBe('结束日期不能早于开始日期')
      expectError(await h.op(listInbox, COUNTY, { ...ask, filedFrom: '2026-02-30' }), 'REQUEST_INVALID')
    })

    it('offers the filters what this membership may use: 全辖区’s stations, the categories, the tracks its side sees', async () => {
      const county = expectOk(await h.op(inboxFilters, COUNTY, { stationId: 'st-CX-0001' }))
      expect(county.stations.map((s) => s.id)).toEqual(['st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005'])
      expect(county.categories).toHaveLength(10)
      expect(county.privacies.map((p) => p.label)).toEqual(['公开给驿站', '对单位保密', '匿名'])
      const park = expectOk(await h.op(inboxFilters, COUNTY, { stationId: 'st-CX-0003' }))
      expect(park.stations).toEqual([])
      const employer = expectOk(await h.op(inboxFilters, 'dev-CX-park-employer', { stationId: 'st-CX-0003' }))
      expect(employer.privacies.map((p) => p.value)).toEqual(['open'])
      const city = expectOk(await h.op(inboxFilters, 'dev-city-admin', { stationId: 'st-HZ-0001' }))
      expect(city.stations[0]!.id).toBe('st-HZ-0001')
      expect(city.stations).toHaveLength(46)
      expectError(await h.op(inboxFilters, COUNTY, { stationId: 'st-MD-0001' }), 'STATION_OUT_OF_SCOPE')
    })

    it('works as the station the officer picks: role and side are that membership’s', async () => {
      // 曹县周科长 is also a government-side member of the park station: there he sees its cases, and no 全辖区.
      const asPark = await inbox(h, COUNTY, { stationId: 'st-CX-0003', tab: 'pending' })
      expect(asPark.items.map((r) => r.id)).toEqual([park])
      expectError(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0003', scope: 'subtree', tab: 'pending' }), 'AUTH_FORBIDDEN')
      expectError(await h.op(listInbox, COUNTY, { stationId: 'st-CX-0005', tab: 'pending' }), 'STATION_OUT_OF_SCOPE')
      // One officer, government side at the county and employer side at the park: the park shows only open cases.
      await addOfficer(h, 'two-sided', 'st-CX-0001', 'government', 'member')
      await addOfficer(h, 'two-sided', 'st-CX-0003', 'employer', 'member')
      expect(await ids(h, 'two-sided', { stationId: 'st-CX-0003', tab: 'pending' })).toEqual([])
      expect((await inbox(h, 'two-sided', { stationId: 'st-CX-0003', tab: 'pending' })).counts?.pending).toBe(0)
      expect(new Set(await ids(h, 'two-sided', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }))).toEqual(new Set([street, firm, park]))
    })
  })

  describe('即将超期 and 已超期, as the sweep records them', () => {
    const HEAD = 'dev-DT-street-head'
    const STATION = 'st-DT-0002'
    let waiting: string
    let handled: string

    beforeAll(async () => {
      h.clock.now = sh('2026-11-25 10:00')
      waiting = (await h.file({ stationId: STATION })).id
      handled = (await h.file({ stationId: STATION })).id
      await act(h, acceptCase, HEAD, handled, {})
    })

    it('puts a case under 即将超期 once the engine has warned that 75 % of its deadline is gone', async () => {
      h.clock.now = sh('2026-11-25 16:00')
      expectOk(await h.op(runSweep, null, {}))
      expect(await ids(h, HEAD, { stationId: STATION, tab: 'soon' })).toEqual([])
      h.clock.now = sh('2026-11-25 17:20')
      expectOk(await h.op(runSweep, null, {}))
      const soon = await inbox(h, HEAD, { stationId: STATION, tab: 'soon' })
      expect(soon.items.map((r) => r.id)).toEqual([waiting])
      expect(soon.items[0]!.deadline!.label).toBe('明天 10:00 前受理')
      expect(soon.counts).toMatchObject({ soon: 1, overdue: 0, pending: 1, active: 1 })
      const county = await inbox(h, 'dev-DT-county-head', { stationId: 'st-DT-0001', scope: 'subtree', tab: 'soon' })
      expect(county.items.map((r) => [r.id, r.stationName])).toEqual([[waiting, '天中街道驿站（示例）']])
    })

    it('puts a missed 办结 deadline under 已超期 while the case is still handled, for the station and the county above', async () => {
      h.clock.now = sh('2026-12-16 10:00')
      expectOk(await h.op(runSweep, null, {}))
      const late = await inbox(h, HEAD, { stationId: STATION, tab: 'overdue' })
      expect(late.items.map((r) => r.id)).toEqual([handled])
      expect(late.items[0]!.overdueNote).toBe('办结已超期，定陶区劳动关系服务驿站督办')
      expect(late.counts).toMatchObject({ overdue: 1, soon: 0 })
      // The case nobody accepted went up to the county, and missed its 办结 deadline there too (the city supervises).
      const county = await inbox(h, 'dev-DT-county-head', { stationId: 'st-DT-0001', scope: 'subtree', tab: 'overdue' })
      expect(county.items.map((r) => [r.id, r.stationName])).toEqual([
        [waiting, '定陶区劳动关系服务驿站'],
        [handled, '天中街道驿站（示例）'],
      ])
      expect(county.items[0]!.overdueNote).toMatch(/^办结已超期，菏泽市.+督办$/)
      expect(county.counts?.overdue).toBe(2)
      expect(await ids(h, 'dev-DT-county-head', { stationId: 'st-DT-0001', tab: 'overdue' })).toEqual([waiting])
      expect(await ids(h, 'dev-DT-county-head', { stationId: 'st-DT-0001', tab: 'supervising' })).toEqual([handled])
      expect(await ids(h, 'dev-city-admin', { stationId: 'st-HZ-0001', scope: 'subtree', tab: 'overdue', limit: 50 })).toEqual(expect.arrayContaining([waiting, handled]))
      // Answering it takes it off 已超期.
      await act(h, resolveCase, HEAD, handled, { text: '已经协调单位补发了拖欠的工资。', conclusion: 'solved' })
      expect((await inbox(h, HEAD, { stationId: STATION, tab: 'overdue' })).counts).toMatchObject({ overdue: 0, active: 1 })
    })
  })
})

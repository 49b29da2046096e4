import ExcelJS from 'exceljs'
import type { AccessLogDoc, CaseDoc, MembershipDoc, OfficerDoc } from '../../cloudfunctions/core/app/records'
import {
  acceptCase,
  answerTransfer,
  confirmCase,
  exportLedger,
  getDashboard,
  getLedger,
  getMyCase,
  listAccessLog,
  referCase,
  reopenCase,
  resolveCase,
  runSweep,
  transferCase,
  withdrawCase,
  type LedgerView,
} from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, type Harness } from '../support/harness'

/**
 * The ledger equals a hand count: seven cases at 曹城街道驿站 in November 2026 (and one move each to the park
 * and the county), driven through the real operations, give the figures counted here by hand — on SQLite and
 * on the CloudBase adapter, whose rollups are written in the cases' own transactions. Then an employer-side
 * officer of the same station counts only the open ones, and the export reads back with the same rows.
 */

const STREET = 'st-CX-0002'
const PARK = 'st-CX-0003'
const COUNTY = 'st-CX-0001'
const HEAD = 'dev-CX-street-head'
const PARK_LEAD = 'dev-CX-park-liaison'
const COUNTY_HEAD = 'dev-CX-county-head'
const STREET_EMPLOYER = 'emp-street-member'

const figure = (v: LedgerView, key: string) => v.figures.find((f) => f.key === key)?.value
const conclusions = (v: LedgerView) => Object.fromEntries(v.conclusions.filter((c) => c.count).map((c) => [c.key, c.count]))

onBothStores((harness) => {
  let h: Harness
  const ids: Record<string, string> = {}

  beforeAll(async () => {
    h = harness()
    h.clock.now = sh('2026-11-25 09:00')
    await h.store.insert<OfficerDoc>('officers', { _id: 'of-emp', openid: STREET_EMPLOYER, name: '街道企业方代表', createdAt: h.clock.now })
    await h.store.insert<MembershipDoc>('memberships', { _id: 'ms-emp', officerId: 'of-emp', openid: STREET_EMPLOYER, stationId: STREET, role: 'member', side: 'employer', admin: false, createdAt: h.clock.now })

    const anon = { privacy: 'anonymous' as const, contact: undefined }
    ids.A = (await h.file({ description: 'A 单位三个月没发工资了，一直拖着。' })).id
    ids.B = (await h.file({ category: 'wage_arrears', privacy: 'confidential', workersAffected: 4, description: 'B 工地欠我们四个人的工资。' })).id
    ids.C = (await h.file({ description: 'C 加班费一直没给算，找谁都不管。' })).id
    ids.D = (await h.file({ ...anon, description: 'D 不想让单位知道，反映社保断缴。' })).id
    ids.E = (await h.file({ description: 'E 厂子在开发区，工资少发了一半。' })).id
    ids.F = (await h.file({ privacy: 'confidential', description: 'F 先反映一下，后来自己谈好了。' })).id
    ids.G = (await h.file({ description: 'G 工资条和实际发的不一样。' })).id

    h.clock.now = sh('2026-11-25 10:00')
    for (const k of ['A', 'B', 'D', 'G']) expectOk(await h.act(acceptCase, HEAD, ids[k]!))
    expectOk(await h.act(resolveCase, HEAD, ids.A!, { text: '单位已补发工资。', conclusion: 'solved' }))
    expectOk(await h.act(confirmCase, WORKER, ids.A!, { rating: 5 }))
    expectOk(await h.act(resolveCase, HEAD, ids.B!, { text: '双方调解，先付一部分。', conclusion: 'mediated', amountRecovered: 8600, workersPaid: 3 }))
    expectOk(await h.act(reopenCase, WORKER, ids.B!, { reason: '还有一个人没拿到钱' }))
    expectOk(await h.act(resolveCase, HEAD, ids.B!, { text: '已全部付清。', conclusion: 'solved', amountRecovered: 9000, workersPaid: 4 }))
    expectOk(await h.act(confirmCase, WORKER, ids.B!, { rating: 4 }))
    expectOk(await h.act(referCase, HEAD, ids.D!, { to: 'inspection', reason: '需要劳动保障监察立案' }))
    expectOk(await h.act(transferCase, HEAD, ids.E!, { toStationId: PARK, reason: '单位在开发区' }))
    expectOk(await h.act(answerTransfer, PARK_LEAD, ids.E!, { accept: true }))
    expectOk(await h.act(withdrawCase, WORKER, ids.F!, {}))
    expectOk(await h.act(resolveCase, HEAD, ids.G!, { text: '已说明工资构成，单位补发差额。', conclusion: 'solved' }))

    // C is never accepted: the next working day the sweep moves it to the county (overdue at the street).
    h.clock.now = sh('2026-11-26 10:00')
    expectOk(await h.op(runSweep, null, {}))
    expectOk(await h.act(acceptCase, COUNTY_HEAD, ids.C!))
    // G is never confirmed: 7 working days later it closes unconfirmed (in December).
    h.clock.now = sh('2026-12-07 10:00')
    expectOk(await h.op(runSweep, null, {}))
    expect((await h.store.get<CaseDoc>('cases', ids.G!))!.state).toBe('closed_unconfirmed')
    expect((await h.store.get<CaseDoc>('cases', ids.C!))!.ownerStationId).toBe(COUNTY)
  }, 120_000)

  it('counts the street station’s November by hand', async () => {
    const v = expectOk(await h.op(getLedger, HEAD, { stationId: STREET, month: '2026-11' }))
    expect(v.scopeNote).toBeUndefined()
    expect(Object.fromEntries(v.figures.map((f) => [f.key, f.value]))).toEqual({
      received: 7,
      accepted: 4,
      acceptedOnTime: 4,
      resolved: 4, // A, B twice, G
      resolvedOnTime: 4,
      overdue: 1, // C's accept
      transferred: 1, // E
      referred: 1, // D
      reopened: 1, // B
      withdrawn: 1, // F
    })
    expect(v.figures.find((f) => f.key === 'received')!.note).toBe('新收 7 件，转入 0 件')
    expect(v.figures.find((f) => f.key === 'resolvedOnTime')!.note).toBe('按时办结率 100%')
    expect(v.satisfaction).toEqual({ rated: 2, meanStars: 4.5, unconfirmed: 0, words: '2 件由职工确认并评价，平均 4.5 星' })
    expect(conclusions(v)).toEqual({ solved: 3, mediated: 1 })
    // B's money counts once: 8600 at the first resolution, 400 more at the second; 3 then 1 more worker.
    expect(v.wage).toMatchObject({ amount: 9000, workersPaid: 4 })
    expect(v.byCategory).toEqual([
      { category: 'pay', label: '工资报酬', received: 6, resolved: 2, overdue: 1 },
      { category: 'wage_arrears', label: '农民工欠薪', received: 1, resolved: 2, overdue: 0 },
    ])
    expect([v.monthLabel, v.prevMonth, v.nextMonth]).toEqual(['2026年11月', '2026-10', '2026-12'])
  })

  it('counts December apart: the unconfirmed close is G’s, never a satisfied one', async () => {
    const v = expectOk(await h.op(getLedger, HEAD, { stationId: STREET }))
    expect([v.month, v.nextMonth]).toEqual(['2026-12', null])
    expect(v.satisfaction).toMatchObject({ rated: 0, meanStars: null, unconfirmed: 1 })
    expect(v.satisfaction.words).toContain('已结案(未确认)')
    expect(figure(v, 'received')).toBe(0)
  })

  it('counts the moves at the stations they moved to', async () => {
    const park = expectOk(await h.op(getLedger, PARK_LEAD, { stationId: PARK, month: '2026-11' }))
    expect([figure(park, 'received'), figure(park, 'accepted'), figure(park, 'acceptedOnTime')]).toEqual([1, 1, 1])
    expect(park.figures.find((f) => f.key === 'received')!.note).toBe('新收 0 件，转入 1 件')
    const county = expectOk(await h.op(getLedger, COUNTY_HEAD, { stationId: COUNTY, month: '2026-11' }))
    expect([figure(county, 'received'), figure(county, 'accepted')]).toEqual([1, 1])
  })

  it('gives an employer-side officer of the station only the open cases (D8a)', async () => {
    const v = expectOk(await h.op(getLedger, STREET_EMPLOYER, { stationId: STREET, month: '2026-11' }))
    expect(v.scopeNote).toBe('只统计职工选择“公开给驿站”的诉求')
    // Open: A, C, E, G. Not B (confidential), D (anonymous), F (confidential).
    expect([figure(v, 'received'), figure(v, 'accepted'), figure(v, 'resolved'), figure(v, 'referred'), figure(v, 'withdrawn'), figure(v, 'reopened')]).toEqual([4, 2, 2, 0, 0, 0])
    expect(v.wage.amount).toBe(0)
    expect(conclusions(v)).toEqual({ solved: 2 })
  })

  it('refuses a month that has not begun and a station the caller is not a member of', async () => {
    expectError(await h.op(getLedger, HEAD, { stationId: STREET, month: '2027-01' }), 'REQUEST_INVALID')
    expectError(await h.op(getLedger, HEAD, { stationId: PARK, month: '2026-11' }), 'STATION_OUT_OF_SCOPE')
  })

  it('exports the month as .xlsx whose sheets read back with the same rows, identity logged', async () => {
    const logBefore = (await h.store.find<AccessLogDoc>('access_log', { limit: 1000 })).items.length
    const job = expectOk(await h.op(exportLedger, HEAD, { stationId: STREET, month: '2026-11', jobId: 'ledger-test-0001' }))
    expect(job).toMatchObject({ state: 'done', percent: 100, fileName: '曹城街道驿站（示例）工作台账（2026年11月）.xlsx' })
    const files = h.ports.files
    const fileId = job.url!.match(/__files\/(.+)\?/)![1]!
    const body = (await files.get(fileId))!
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(body.bytes) as never)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['台账汇总', '办结结论', '分类统计', '诉求明细', '活动记录'])
    const summary = wb.getWorksheet('台账汇总')!
    expect(summary.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const values = new Map<string, unknown>()
    summary.eachRow((r, n) => n > 1 && values.set(String(r.getCell(1).value), r.getCell(2).value))
    expect([values.get('收到诉求'), values.get('办结'), values.get('追回工资'), values.get('已结案(未确认)')]).toEqual([7, 4, 9000, 0])

    const list = wb.getWorksheet('诉求明细')!
    expect(list.getRow(1).values).toEqual([undefined, '诉求编号', '提交时间', '类别', '隐私选择', '本月在本驿站', '现在状态', '现在办理驿站', '办结结论', '追回工资（元）', '拿到工资人数', '职工评价（星）', '姓名', '电话'])
    const rows: Array<Record<string, unknown>> = []
    list.eachRow((r, n) => {
      if (n > 1) rows.push({ no: r.getCell(1).value, at: r.getCell(2).value, here: r.getCell(5).value, state: r.getCell(6).value, conclusion: r.getCell(8).value, amount: r.getCell(9).value, name: r.getCell(12).value })
    })
    expect(rows).toHaveLength(7)
    const cases = await Promise.all(['A', 'B', 'C', 'D', 'E', 'F', 'G'].map(async (k) => (await h.store.get<CaseDoc>('cases', ids[k]!))!))
    expect(rows.map((r) => r.no)).toEqual(cases.map((c) => c.caseNo))
    // Dates are real dates, in Shanghai wall time: A was filed at 09:00.
    expect((rows[0]!.at as Date).toISOString()).toBe('2026-11-25T09:00:00.000Z')
    expect(rows[1]).toMatchObject({ here: '新收、受理、办结、职工不满意、重新办理、办结、职工评价 4 星', conclusion: '已解决', amount: 9000, name: '张三' })
    expect(rows[2]).toMatchObject({ here: '新收、超期', name: '（无权查看）' }) // the county owns C now: no identity for the street
    expect(rows[3]).toMatchObject({ here: '新收、受理、转外部机构', name: '匿名职工' })
    // One access-log row per name written into the file (A, B, F, G: the park owns E now), each saying why.
    const log = (await h.store.find<AccessLogDoc>('access_log', { limit: 1000 })).items.slice(logBefore)
    expect(log.filter((r) => r.why === 'ledger.export').map((r) => r.caseId).sort()).toEqual(['A', 'B', 'F', 'G'].map((k) => ids[k]).sort())
    // The admin's access log says what was done.
    const read = expectOk(await h.op(listAccessLog, 'dev-city-admin', { limit: 50 }))
    expect(read.items.filter((r) => r.what === '导出台账，文件里有职工姓名和电话').map((r) => r.caseId).sort()).toEqual(['A', 'B', 'F', 'G'].map((k) => ids[k]).sort())
  })

  it('exports for the employer side no row, figure or name of a case that is not open', async () => {
    const job = expectOk(await h.op(exportLedger, STREET_EMPLOYER, { stationId: STREET, month: '2026-11', jobId: 'ledger-test-0002' }))
    const body = (await h.ports.files.get(job.url!.match(/__files\/(.+)\?/)![1]!))!
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(Buffer.from(body.bytes) as never)
    const nos: unknown[] = []
    wb.getWorksheet('诉求明细')!.eachRow((r, n) => n > 1 && nos.push(r.getCell(1).value))
    const open = await Promise.all(['A', 'C', 'E', 'G'].map(async (k) => (await h.store.get<CaseDoc>('cases', ids[k]!))!.caseNo))
    expect(nos).toEqual(open)
    const text = JSON.stringify(wb.worksheets.map((w) => w.getSheetValues()))
    expect(text).not.toContain('9000')
    expect(text).toContain('只统计职工选择“公开给驿站”的诉求')
  })

  it('shows the worker the conclusion in plain words', async () => {
    const b = expectOk(await h.op(getMyCase, WORKER, { id: ids.B! }))
    expect(b.conclusion).toEqual({ label: '已解决', lines: ['已解决', '追回工资 9000 元', '4 人拿到了工资'] })
    expect(b.timeline.map((t) => t.text)).toContain('办结结论：已解决，追回工资 9000 元，4 人拿到了工资')
  })

  describe('the dashboard, from the same rollups', () => {
    const tile = (v: { periods: Array<{ key: string; tiles: Array<{ key: string; value: string; note?: string }> }> }, period: string, key: string) =>
      v.periods.find((p) => p.key === period)!.tiles.find((t) => t.key === key)!

    it('shows a station its own week, month and quarter, by category and over 12 weeks', async () => {
      const v = expectOk(await h.op(getDashboard, HEAD, { stationId: STREET }))
      expect([v.title, v.scope, v.areaLabel]).toEqual(['曹城街道驿站（示例）', 'own', null])
      expect(v.periods.map((p) => p.label)).toEqual(['本周（12月7日起）', '本月（2026年12月）', '本季度（2026年第四季度）'])
      expect(tile(v, 'quarter', 'new').value).toBe('7 件')
      expect(tile(v, 'quarter', 'overdue').value).toBe('1 次')
      expect(tile(v, 'quarter', 'acceptRate').value).toBe('100%')
      expect(tile(v, 'quarter', 'satisfaction')).toEqual({ key: 'satisfaction', label: '满意度', value: '4.5 星', note: '2 件评价；已结案(未确认) 1 件，不算满意' })
      expect(tile(v, 'quarter', 'reopenRate').value).toBe('25%')
      expect(tile(v, 'week', 'new').value).toBe('0 件')
      expect(v.trend).toHaveLength(12)
      expect(v.trend.find((w) => w.label === '11月23日')).toEqual({ week: '2026-W48', label: '11月23日', filed: 7, resolved: 4, overdue: 1 })
      expect(v.trend.at(-1)!.label).toBe('12月7日')
      expect(v.byStation).toBeNull()
      expectError(await h.op(getDashboard, HEAD, { stationId: STREET, scope: 'area' }), 'REQUEST_INVALID')
    })

    it('gives the employer side only the open cases', async () => {
      const v = expectOk(await h.op(getDashboard, STREET_EMPLOYER, { stationId: STREET }))
      expect(v.scopeNote).toBe('只统计职工选择“公开给驿站”的诉求')
      expect(v.trend.find((w) => w.week === '2026-W48')).toMatchObject({ filed: 4, resolved: 2 })
      expect(tile(v, 'quarter', 'reopenRate').value).toBe('0%')
    })

    it('adds up a county and the city, by station, and lists the cases under 督办', async () => {
      h.clock.now = sh('2026-12-17 10:00')
      expectOk(await h.op(runSweep, null, {}))
      const county = expectOk(await h.op(getDashboard, COUNTY_HEAD, { stationId: COUNTY, scope: 'area' }))
      expect([county.title, county.areaLabel]).toEqual(['曹县劳动关系服务驿站 · 全县区', '全县区'])
      // In the area a move between its stations is not a new case: 7 filed, not 7 + 2 moved in.
      expect(tile(county, 'quarter', 'new')).toMatchObject({ label: '新收诉求', value: '7 件' })
      const cases = await Promise.all(['C', 'E'].map(async (k) => (await h.store.get<CaseDoc>('cases', ids[k]!))!))
      expect(cases.map((c) => c.supervisorStationId)).toEqual(['st-HZ-0001', COUNTY])
      expect(county.overdue.total).toBe(2)
      expect(county.overdue.rows.map((r) => [r.caseNo, r.supervisorName])).toEqual([
        [cases[0]!.caseNo, '菏泽市劳动关系服务驿站'],
        [cases[1]!.caseNo, '曹县劳动关系服务驿站'],
      ])
      // December at each station with figures: G closed unconfirmed at the street, the two misses.
      expect(county.byStation!.rows.map((r) => [r.name, r.overdue])).toEqual([
        ['曹城街道驿站（示例）', 0],
        ['曹县经济开发区驿站（示例）', 1],
        ['曹县劳动关系服务驿站', 1],
      ])
      const own = expectOk(await h.op(getDashboard, HEAD, { stationId: STREET }))
      expect(own.overdue.total).toBe(0)

      const city = expectOk(await h.op(getDashboard, 'dev-city-admin', { stationId: 'st-HZ-0001', scope: 'area' }))
      expect(city.title).toBe('菏泽市劳动关系服务驿站 · 全市')
      expect(tile(city, 'quarter', 'new').value).toBe('7 件')
      expect(city.byStation!.rows[0]).toMatchObject({ name: '曹县劳动关系服务驿站', overdue: 2 })
      expect(city.byStation!.rows).toHaveLength(10)
      expect(city.overdue.total).toBe(2)
    })
  })
})

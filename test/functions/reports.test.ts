import ExcelJS from 'exceljs'
import type { AlertDoc, InternalNoticeDoc, MembershipDoc, OfficerDoc, StationRatingDoc, SurveyCampaignDoc, WeeklyReportDoc } from '../../cloudfunctions/core/app/records'
import { reportId } from '../../cloudfunctions/core/app/reports'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import {
  acceptCase,
  confirmCase,
  createProject,
  exportReport,
  generateReport,
  getNotice,
  getReport,
  listInternalNotices,
  listNotices,
  listReportPlaces,
  listReports,
  resolveCase,
  runSweep,
  type ReportContent,
} from '../../types/contracts'
import { expectError, expectOk, makeHarness, sh, WORKER, type Harness } from '../support/harness'

/**
 * 定期调度和通报 (ADR 0028) on a seeded week, 2026-W48 (11月23日—11月29日) at 曹县, counted by hand:
 *  - last week (W47): two cases filed at 曹城街道, both accepted on time;
 *  - this week: four filed at 曹城街道 (A, B, C, and D a wage-arrears case on a project, anonymous); A, B, D
 *    accepted on time; A resolved (5 stars) and B resolved, both on time; C never accepted, so on Thursday the
 *    sweep moves it to the county (one missed deadline at 曹城街道), which accepts it in its own time;
 *  - two cluster alerts of the county (one raised this week, one earlier), two campaigns that ended this week (12
 *    answers with 工资薪酬待遇 weak, 5 answers with 劳动合同 weak: withheld, D36), two ratings of 2026-Q3.
 * The Monday run after 08:00 builds the report of every area once, with one internal notice each.
 */
jest.setTimeout(120_000)

const STREET = 'st-CX-0002'
const COUNTY = 'st-CX-0001'
const CITY = 'st-HZ-0001'
const HEAD = 'dev-CX-street-head'
const CX_ADMIN = 'dev-CX-county-head'
const STREET_NAME = '曹城街道驿站（示例）'
const PARK_NAME = '曹县经济开发区驿站（示例）'
const GOV_HEAD = 'cx-gov-head'
const EMP_HEAD = 'cx-emp-head'

const fig = (c: ReportContent, key: string) => [...c.volumes, ...c.rates].find((f) => f.key === key)!
const member = async (h: Harness, openid: string, side: 'government' | 'employer') => {
  await h.store.insert<OfficerDoc>(COLLECTIONS.officers, { _id: `of-${openid}`, openid, name: openid, createdAt: h.clock.now })
  await h.store.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: `ms-${openid}`, officerId: `of-${openid}`, openid, stationId: COUNTY, role: 'head', side, admin: false, createdAt: h.clock.now })
}

describe('weekly reports', () => {
  let h: Harness
  let county: ReportContent

  beforeAll(async () => {
    h = await makeHarness({ now: sh('2026-11-18 09:00') })
    await member(h, GOV_HEAD, 'government')
    await member(h, EMP_HEAD, 'employer')
    for (const d of ['W47 甲 单位拖欠工资两个月了。', 'W47 乙 加班费一直没有算给我们。']) expectOk(await h.act(acceptCase, HEAD, (await h.file({ description: d })).id))

    h.clock.now = sh('2026-11-25 09:00')
    const project = expectOk(await h.op(createProject, CX_ADMIN, { countyId: COUNTY, name: '曹县城北安置房项目', contractor: '示例建工集团有限公司', responsibleStationId: STREET })).id
    const A = (await h.file({ description: 'A 单位三个月没发工资了，一直拖着。' })).id
    const B = (await h.file({ privacy: 'confidential', description: 'B 加班费一直没给算，找谁都不管。' })).id
    const C = (await h.file({ description: 'C 工资条和实际发的不一样。' })).id
    const D = (
      await h.file({
        category: 'wage_arrears',
        projectId: project,
        privacy: 'anonymous',
        contact: undefined,
        amountOwed: 5000,
        workersAffected: 3,
        aboutOwnEmployer: false,
        employer: { kind: 'named', name: '示例建工集团有限公司' },
        description: 'D 工地欠我们三个人的工资，五千块。',
      })
    ).id
    h.clock.now = sh('2026-11-25 10:00')
    for (const id of [A, B, D]) expectOk(await h.act(acceptCase, HEAD, id))
    expectOk(await h.act(resolveCase, HEAD, A, { text: '单位已补发工资。', conclusion: 'solved' }))
    expectOk(await h.act(confirmCase, WORKER, A, { rating: 5 }))
    expectOk(await h.act(resolveCase, HEAD, B, { text: '已协调单位补算加班费。', conclusion: 'solved' }))
    h.clock.now = sh('2026-11-26 10:00')
    expectOk(await h.op(runSweep, null, {}))
    expectOk(await h.act(acceptCase, CX_ADMIN, C))

    const alert = (id: string, raisedAt: number): AlertDoc =>
      ({ _id: id, _v: 1, stationId: COUNTY, clusterKey: id, subject: `示例单位${id}`, kind: 'employer', caseIds: [], caseCount: 3, privacy: 'open', workers: 3, status: 'open', raisedAt, lastCaseAt: raisedAt }) as AlertDoc
    await h.store.insert<AlertDoc>(COLLECTIONS.alerts, alert('al-this', sh('2026-11-27 15:00')))
    await h.store.insert<AlertDoc>(COLLECTIONS.alerts, alert('al-old', sh('2026-11-10 15:00')))
    const campaign = (id: string, answers: number, weak: SurveyCampaignDoc['weak']) =>
      ({ _id: id, _v: 1, stationId: 'st-CX-0003', stationName: PARK_NAME, stationKind: 'park', countyId: COUNTY, status: 'closed', endsAt: sh('2026-11-28 00:00'), headcount: 40, tally: { answers, comments: 0, questions: {}, dimensions: {} }, weak }) as unknown as SurveyCampaignDoc
    await h.store.insert<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, campaign('sc-big', 12, ['pay']))
    await h.store.insert<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, campaign('sc-small', 5, ['contract']))
    const rating = (stationId: string, stationName: string, starsKey: number, score: number, low: boolean) =>
      ({ _id: `rt_2026-Q3_${stationId}`, _v: 1, stationId, stationName, stationKind: 'township', areaId: COUNTY, quarter: '2026-Q3', status: 'rated', score, stars: starsKey, starsKey, low, fastTrack: [] }) as unknown as StationRatingDoc
    await h.store.insert<StationRatingDoc>(COLLECTIONS.stationRatings, rating(STREET, STREET_NAME, 5, 92, false))
    await h.store.insert<StationRatingDoc>(COLLECTIONS.stationRatings, rating('st-CX-0003', PARK_NAME, 2, 55, true))

    // Monday before 08:00: nothing yet; after: every area's report.
    h.clock.now = sh('2026-11-30 07:55')
    expect(expectOk(await h.op(runSweep, null, {})).reports).toEqual({ week: '', built: 0, complete: true })
    h.clock.now = sh('2026-11-30 08:05')
    expect(expectOk(await h.op(runSweep, null, {})).reports).toEqual({ week: '2026-W48', built: 10, complete: true })
    county = expectOk(await h.op(getReport, GOV_HEAD, { stationId: COUNTY, week: '2026-W48' }))
  })
  afterAll(() => h.close())

  it('counts the week’s volumes and rates beside last week’s by hand', () => {
    expect(county.weekLabel).toBe('11月23日—11月29日')
    expect(county.partialNote).toBeUndefined()
    expect(fig(county, 'filed')).toMatchObject({ value: '4 件', prev: '上周 2 件', change: '+2 件' })
    expect(fig(county, 'accepted')).toMatchObject({ value: '4 件', prev: '上周 2 件' })
    expect(fig(county, 'resolved')).toMatchObject({ value: '2 件', prev: '上周 0 件', change: '+2 件', tone: 'good' })
    expect(fig(county, 'overdue')).toMatchObject({ value: '1 次', prev: '上周 0 次', change: '+1 次', tone: 'bad' })
    // C, taken over by the county after the street missed it, is accepted within the county's own deadline.
    expect(fig(county, 'acceptRate')).toMatchObject({ value: '100%', prev: '上周 100%', change: '持平', tone: 'none' })
    expect(fig(county, 'resolveRate')).toMatchObject({ value: '100%', prev: '上周 —', change: '—' })
    expect(fig(county, 'satisfaction')).toMatchObject({ value: '5 星' })
    expect(county.trend.slice(-2)).toEqual([
      { week: '2026-W47', label: '11月16日', filed: 2, resolved: 0, overdue: 0 },
      { week: '2026-W48', label: '11月23日', filed: 4, resolved: 2, overdue: 1 },
    ])
  })

  it('lists the stations, the missed deadlines by station, the ranking, alerts, weak dimensions and projects at risk', () => {
    const street = county.stations.rows.find((r) => r.id === STREET)!
    expect(street).toMatchObject({ name: STREET_NAME, filed: 4, resolved: 2, overdue: 1, acceptRate: '100%', resolveRate: '100%' })
    expect(county.stations.rows.find((r) => r.id === COUNTY)).toMatchObject({ filed: 0, acceptRate: '100%' })
    expect(county.overdue).toEqual({ weekTotal: 1, supervisedTotal: 0, rows: [{ stationName: STREET_NAME, countyName: '', week: 1, supervised: 0 }] })
    expect(county.ranking).toMatchObject({ quarterLabel: '2026年第三季度', rated: 2, stars: [0, 1, 0, 0, 1] })
    expect(county.ranking.top.map((r) => r.stationName)).toEqual([STREET_NAME, PARK_NAME])
    expect(county.ranking.low).toEqual([{ stationName: PARK_NAME, starsLabel: '2 星', score: '55 分' }])
    expect(county.clusters).toMatchObject({ raised: 1, open: 2 })
    expect(county.clusters.rows.map((r) => r.subject)).toEqual(['示例单位al-this'])
    // D36: the campaign of 5 answers gives no dimension, only that it was withheld.
    expect(county.surveys).toEqual({ closed: 2, withheld: 1, withheldNote: '1 次测评答卷不足 10 份，为保护答卷人，不显示结果', rows: [{ stationName: PARK_NAME, answers: 12, dimensions: ['工资薪酬待遇'] }] })
    expect(JSON.stringify(county)).not.toContain('劳动合同')
    expect(county.arrears.total).toBe(1)
    expect(county.arrears.rows[0]).toMatchObject({ name: '曹县城北安置房项目', open: 1, workers: 3, amountLabel: '5,000 元' })
  })

  it('adds the counties up for the city', async () => {
    const city = expectOk(await h.op(getReport, 'dev-city-admin', { stationId: CITY, week: '2026-W48' }))
    expect(fig(city, 'filed').value).toBe('4 件')
    expect(city.stations.label).toBe('各县区')
    expect(city.stations.rows.find((r) => r.id === COUNTY)).toMatchObject({ filed: 4, resolved: 2, overdue: 1 })
    expect(city.overdue.rows).toEqual([{ stationName: STREET_NAME, countyName: '曹县劳动关系服务驿站', week: 1, supervised: 0 }])
  })

  it('builds each week once: the next runs and a second sweep at once build nothing', async () => {
    const before = (await h.store.get<WeeklyReportDoc>(COLLECTIONS.weeklyReports, reportId('2026-W48', COUNTY)))!
    h.clock.now = sh('2026-11-30 08:10')
    const [a, b] = await Promise.all([h.op(runSweep, null, {}), h.op(runSweep, null, {})])
    expect([expectOk(a).reports.built, expectOk(b).reports.built]).toEqual([0, 0])
    expect((await h.store.get<WeeklyReportDoc>(COLLECTIONS.weeklyReports, reportId('2026-W48', COUNTY)))!._v).toBe(before._v)
    // One notice a week (W47's was built by Thursday's sweep, the first run after its Monday).
    const notices = (await h.store.find<InternalNoticeDoc>(COLLECTIONS.internalNotices, { where: { stationId: COUNTY }, limit: 10 })).items
    expect(notices.map((n) => n._id).sort()).toEqual([`in_${reportId('2026-W47', COUNTY)}`, `in_${reportId('2026-W48', COUNTY)}`])
  })

  it('builds a week a budgeted area at a time when the budget is spent', async () => {
    const g = await makeHarness({ now: sh('2026-12-07 08:30') })
    try {
      // Each run builds at least one area and stops once its budget is spent; the next goes on from the record.
      const built: number[] = []
      for (let i = 0; i < 10; i++) {
        const r = expectOk(await g.op(runSweep, null, { budgetMs: 100 })).reports
        expect(r.week).toBe('2026-W49')
        built.push(r.built)
        if (r.complete) break
      }
      expect(built.every((n) => n >= 1)).toBe(true)
      expect(built.reduce((a, b) => a + b, 0)).toBe(10)
      const docs = (await g.store.find<WeeklyReportDoc>(COLLECTIONS.weeklyReports, { limit: 20 })).items
      expect(docs).toHaveLength(10)
      expect(docs.every((d) => d._v === 1 && d.final && d.builtHow === 'timer')).toBe(true)
      expect(expectOk(await g.op(runSweep, null, { budgetMs: 100 })).reports).toEqual({ week: '2026-W49', built: 0, complete: true })
    } finally {
      await g.close()
    }
  })

  it('lists the reports and the places; reads only for government-side heads and admins over the area', async () => {
    expect(expectOk(await h.op(listReports, GOV_HEAD, { stationId: COUNTY, limit: 10 })).items).toEqual([
      { week: '2026-W48', weekLabel: '11月23日—11月29日', headline: '新收 4 件 · 超期 1 次 · 按时办结率 100%', builtLabel: '11月30日 周一 08:05 生成', partial: false },
      // Last week's, built by Thursday's sweep (the first after its Monday).
      { week: '2026-W47', weekLabel: '11月16日—11月22日', headline: '新收 2 件 · 超期 0 次 · 按时办结率 —', builtLabel: '11月26日 周四 10:00 生成', partial: false },
    ])
    expect(expectOk(await h.op(listReportPlaces, GOV_HEAD, {})).places.map((p) => p.id)).toEqual([COUNTY])
    expect(expectOk(await h.op(listReportPlaces, 'dev-city-admin', {})).places.map((p) => p.id)).toEqual(expect.arrayContaining([CITY, COUNTY]))
    expect(expectOk(await h.op(listReportPlaces, EMP_HEAD, {})).places).toEqual([])
    expectError(await h.op(getReport, EMP_HEAD, { stationId: COUNTY, week: '2026-W48' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getReport, HEAD, { stationId: COUNTY, week: '2026-W48' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getReport, 'dev-MD-county-head', { stationId: COUNTY, week: '2026-W48' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getReport, 'dev-city-admin', { stationId: STREET, week: '2026-W48' }), 'AUTH_FORBIDDEN')
    expectError(await h.op(getReport, GOV_HEAD, { stationId: COUNTY, week: '2026-W46' }), 'REPORT_NOT_FOUND')
  })

  it('announces the report to the government-side heads, with the link for those who may open it, and never to workers', async () => {
    // The county's head hears of the county's and the city's reports; only the county's opens for them.
    const county = expectOk(await h.op(listInternalNotices, GOV_HEAD, { limit: 10 })).items
    expect(county.map((n) => n.title)).toEqual([
      '菏泽市劳动关系服务驿站每周通报（11月23日—11月29日）',
      '曹县劳动关系服务驿站每周通报（11月23日—11月29日）',
      '菏泽市劳动关系服务驿站每周通报（11月16日—11月22日）',
      '曹县劳动关系服务驿站每周通报（11月16日—11月22日）',
    ])
    expect(county[1]!.body).toBe('新收 4 件 · 超期 1 次 · 按时办结率 100%（超期较上周 +1 次）；督办中 0 件，聚集预警 1 起，欠薪风险项目 1 个。')
    expect(county[1]!.link).toEqual({ text: '查看通报', path: `/officer/report/index?stationId=${COUNTY}&week=2026-W48` })
    expect(county[0]!.link).toBeUndefined()
    expect(expectOk(await h.op(listInternalNotices, 'dev-city-admin', { limit: 10 })).items.every((n) => !!n.link)).toBe(true)
    // The street's head (government side) hears of the county's report and the city's; it opens neither.
    const street = expectOk(await h.op(listInternalNotices, HEAD, { limit: 10 })).items
    expect(street.map((n) => n.title)).toEqual(county.map((n) => n.title))
    expect(street.every((n) => !n.link)).toBe(true)
    expect(expectOk(await h.op(listInternalNotices, EMP_HEAD, { limit: 10 })).items).toEqual([])
    expect(expectOk(await h.op(listInternalNotices, 'dev-CX-park-employer', { limit: 10 })).items).toEqual([])
    // Workers: their notice lists (every station on the path) have no internal notice, and its id is not found.
    for (const stationId of [STREET, COUNTY, CITY]) {
      const titles = expectOk(await h.op(listNotices, WORKER, { stationId, limit: 50 })).items.map((n) => n.title)
      expect(titles.some((t) => t.includes('每周通报'))).toBe(false)
    }
    expectError(await h.op(getNotice, WORKER, { id: `in_${reportId('2026-W48', COUNTY)}` }), 'NOTICE_NOT_FOUND')
  })

  it('builds this week’s report on demand, to the moment, and downloads a report as .xlsx with its sheets', async () => {
    h.clock.now = sh('2026-12-01 15:00')
    const now = expectOk(await h.op(generateReport, GOV_HEAD, { stationId: COUNTY }))
    expect(now.week).toBe('2026-W49')
    expect(now.partialNote).toContain('截至 12月1日 周二 15:00')
    expect(expectOk(await h.op(listReports, GOV_HEAD, { stationId: COUNTY, limit: 10 })).items.map((r) => [r.week, r.partial])).toEqual([
      ['2026-W49', true],
      ['2026-W48', false],
      ['2026-W47', false],
    ])
    const job = expectOk(await h.op(exportReport, GOV_HEAD, { stationId: COUNTY, week: '2026-W48', jobId: 'report-xlsx-0001' }))
    expect(job).toMatchObject({ state: 'done', percent: 100, fileName: '曹县劳动关系服务驿站每周通报（11月23日—11月29日）.xlsx' })
    const wb = new ExcelJS.Workbook()
    const body = (await h.ports.files.get(job.url!.match(/__files\/(.+)\?/)![1]!))!
    await wb.xlsx.load(Buffer.from(body.bytes) as never)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['概况', '各驿站', '超期', '星级排名', '聚集预警', '测评薄弱环节', '欠薪风险项目'])
    const overview = wb.getWorksheet('概况')!
    expect(overview.getRow(2).values).toEqual([undefined, '新收诉求', '4 件', '2 件', '+2 件'])
    expect(wb.getWorksheet('超期')!.getRow(2).values).toEqual(expect.arrayContaining([county.overdue.rows[0]!.stationName, 1, 0]))
  })
})

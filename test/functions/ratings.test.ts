import { rollupId } from '../../cloudfunctions/core/app/ledger'
import { quarterRatings } from '../../cloudfunctions/core/app/ratings'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import type { ActivityDoc, AuditDoc, LedgerRollupDoc, MembershipDoc, StationDoc, OfficerDoc, StationRatingDoc, SurveyCampaignDoc } from '../../cloudfunctions/core/app/records'
import { DEFAULT_RATING_CONFIG, type RatingConfig } from '../../cloudfunctions/core/domain/ratings'
import type { Figures } from '../../cloudfunctions/core/domain/ledger'
import type { Privacy } from '../../types/domain'
import {
  addTask,
  adjustRating,
  computeRatings,
  createAward,
  enterSupervision,
  finishTask,
  getRatingConfig,
  getStation,
  getStationRating,
  leaveSupervision,
  listAwards,
  listRatings,
  listSupervision,
  myTasks,
  runSweep,
  setRatingConfig,
  taskOfficers,
} from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, sh, WORKER, type Harness } from '../support/harness'

/**
 * 星级驿站 on fixtures: the ledger's rollups of three months written directly (as the case writer books them),
 * activities and survey campaigns, then the quarterly run (the sweep, or an admin's job) — on SQLite and on the
 * CloudBase adapter. The minimum volume gives 数据不足, a station goes down a quarter, an adjustment keeps its
 * reason, the weights change the result, two low quarters put a station on the list and a decision takes it off;
 * an employer-side member sees the stars and only the figures of open cases.
 */

const CITY = 'st-HZ-0001'
const CX = 'st-CX-0001'
const STREET = 'st-CX-0002'
const PARK = 'st-CX-0003'
const FIRM = 'st-CX-0004'
const MD = 'st-MD-0001'
const MD_STREET = 'st-MD-0002'
const CITY_ADMIN = 'dev-city-admin'
const CX_ADMIN = 'dev-CX-county-head'
const STREET_HEAD = 'dev-CX-street-head'
const MD_HEAD = 'dev-MD-street-head'
const STREET_EMPLOYER = 'emp-street-rating'

const Q2 = ['2026-04', '2026-05', '2026-06']
const Q3 = ['2026-07', '2026-08', '2026-09']

/** Figures of a quarter, spread over its three months (whatever is left over goes in the first). */
type QuarterFigures = Required<Pick<Figures, 'filed' | 'accepted' | 'acceptedOnTime' | 'resolved' | 'resolvedOnTime' | 'reopened' | 'rated' | 'ratingSum'>> & Figures

const good = (n = 20): QuarterFigures => ({ filed: n, accepted: n, acceptedOnTime: n, resolved: n, resolvedOnTime: n, reopened: 0, rated: n / 2, ratingSum: (n / 2) * 5, unconfirmed: 2 })
const bad = (n = 12): QuarterFigures => ({ filed: n, accepted: n, acceptedOnTime: Math.floor(n / 3), resolved: n, resolvedOnTime: Math.floor(n / 4), reopened: Math.floor(n / 3), rated: 4, ratingSum: 6 })

const putRollups = async (h: Harness, stationId: string, area: string, months: string[], f: Figures, privacy: Privacy = 'open') => {
  for (const [i, month] of months.entries()) {
    const n: Figures = {}
    for (const [k, v] of Object.entries(f) as Array<[keyof Figures, number]>) n[k] = i === 0 ? v - 2 * Math.floor(v / 3) : Math.floor(v / 3)
    const id = rollupId('station', stationId, month, privacy)
    const old = await h.store.get<LedgerRollupDoc>('ledger_rollups', id)
    if (old) await h.store.remove('ledger_rollups', id, old._v)
    await h.store.insert<LedgerRollupDoc>('ledger_rollups', { _id: id, level: 'station', key: stationId, countyId: area, period: month, privacy, n, cat: {}, conclusions: {}, updatedAt: h.clock.now })
  }
}

const putActivities = async (h: Harness, stationId: string, month: string, count: number) => {
  for (let i = 0; i < count; i++)
    await h.store.insert<ActivityDoc>('activities', {
      _id: `act-${stationId}-${month}-${i}`,
      stationId,
      kind: 'propaganda',
      date: `${month}-1${i % 9}`,
      month,
      place: '街道办事处',
      attendees: 30,
      note: '劳动合同法宣讲',
      officerId: 'of-x',
      officerName: '王所长',
      createdAt: h.clock.now,
    })
}

const putCampaign = async (h: Harness, id: string, stationId: string, endsOn: string, answers: number, headcount: number, weak: string[]) => {
  const endsAt = sh(`${endsOn} 23:59`)
  await h.store.insert('survey_campaigns', {
    _id: id,
    stationId,
    stationName: '',
    stationKind: 'park',
    countyId: CX,
    seq: 1,
    templateId: 'survey-template-v1',
    templateVersion: 1,
    startsOn: endsOn,
    endsOn,
    startsAt: endsAt - 86_400_000,
    endsAt,
    year: 2026,
    headcount,
    status: 'closed',
    tally: { answers, comments: 0, dimensions: {}, questions: {} },
    openedBy: 'x',
    openedByName: 'x',
    createdAt: endsAt,
    weak,
  } as unknown as SurveyCampaignDoc)
}

jest.setTimeout(60_000)

const activeStations = async (h: Harness) => (await findAll<StationDoc>(h.store, 'stations', {})).filter((s) => s.status === 'active')

const job = () => `job-${Math.random().toString(36).slice(2, 12)}`

onBothStores((harness) => {
  let h: Harness

  beforeAll(async () => {
    h = harness()
    h.clock.now = sh('2026-07-02 09:00')
    await h.store.insert<OfficerDoc>('officers', { _id: 'of-emp-r', openid: STREET_EMPLOYER, name: '企业方代表', createdAt: h.clock.now })
    await h.store.insert<MembershipDoc>('memberships', { _id: 'ms-emp-r', officerId: 'of-emp-r', openid: STREET_EMPLOYER, stationId: STREET, role: 'member', side: 'employer', admin: false, createdAt: h.clock.now })

    // Q2: the park did well; the MD street station did badly.
    await putRollups(h, PARK, CX, Q2, good(15))
    await putActivities(h, PARK, '2026-05', 6)
    await putRollups(h, MD_STREET, MD, Q2, bad())
    // Q3: the street does well (open and confidential cases); the park goes down; MD street is low again; the
    // firm has only three cases, all late.
    await putRollups(h, STREET, CX, Q3, good(18))
    await putRollups(h, STREET, CX, Q3, { filed: 6, accepted: 6, acceptedOnTime: 3, resolved: 6, resolvedOnTime: 3, reopened: 3, rated: 3, ratingSum: 3 }, 'confidential')
    await putActivities(h, STREET, '2026-08', 6)
    await putRollups(h, PARK, CX, Q3, bad(15))
    await putCampaign(h, 'sv-park-q3', PARK, '2026-09-20', 40, 50, ['pay', 'hours'])
    await putCampaign(h, 'sv-firm-q3', FIRM, '2026-09-21', 7, 30, [])
    await putRollups(h, MD_STREET, MD, Q3, bad())
    await putRollups(h, FIRM, CX, Q3, { filed: 3, accepted: 3, acceptedOnTime: 0, resolved: 3, resolvedOnTime: 0, reopened: 2, rated: 3, ratingSum: 3 })
  })

  it('the city admin rates a quarter as a job; the sweep rates the quarter that ended, once, within its budget', async () => {
    // Q2 by hand (a job with its progress and the table as a file).
    const j = expectOk(await h.op(computeRatings, CITY_ADMIN, { areaId: CITY, quarter: '2026-Q2', jobId: job() }))
    expect(j.state).toBe('done')
    expect(j.fileName).toMatch(/2026年第二季度星级评定\.xlsx$/)
    expect(j.done).toBe(j.total)
    // A quarter not yet ended cannot be rated.
    expectError(await h.op(computeRatings, CITY_ADMIN, { areaId: CITY, quarter: '2026-Q3', jobId: job() }), 'REQUEST_INVALID')

    // October: the sweep rates Q3 for every station, then finds nothing more to do.
    h.clock.now = sh('2026-10-08 09:00')
    const first = expectOk(await h.op(runSweep, null, {}))
    expect(first.ratings).toMatchObject({ quarter: '2026-Q3', complete: true })
    const stations = (await activeStations(h)).length
    expect(first.ratings.rated).toBe(stations)
    const again = expectOk(await h.op(runSweep, null, {}))
    expect(again.ratings).toEqual({ quarter: '2026-Q3', rated: 0, complete: true })
    // Stations with nothing at all in the quarter get no row (数据不足 without one): here the four with figures.
    expect(await h.store.count('station_ratings', { quarter: '2026-Q3' })).toBe(4)
  })

  it('fewer cases than the minimum is 数据不足, not a low score; a good quarter gets five stars with its inputs', async () => {
    const firm = expectOk(await h.op(getStationRating, 'dev-CX-firm-union', { stationId: FIRM, quarter: '2026-Q3' }))
    expect(firm.rating).toMatchObject({ status: 'insufficient', stars: null, starsLabel: '数据不足', low: false })
    expect(firm.rating!.summary).toBe('本季度收到诉求 3 件，少于 5 件，不评星级（数据不足），不算低分')
    // Its campaign had 7 answers: no survey figure at all (D36).
    expect(firm.rating!.indicators.find((i) => i.key === 'survey')).toMatchObject({ score: null, scoreLabel: '不计', basis: '本季度的测评答卷不足 10 份，为保护答卷人，不计入' })

    const street = expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET, quarter: '2026-Q3' }))
    expect(street.rating).toMatchObject({ status: 'rated', low: false })
    const acc = street.rating!.indicators.find((i) => i.key === 'acceptOnTime')!
    // 18 open + 6 confidential accepted, 21 on time: the government side counts every case.
    expect(acc.basis).toBe('受理 24 件，按时 21 件')
    expect(street.rating!.indicators.find((i) => i.key === 'satisfaction')!.basis).toBe('12 件由职工评价，平均 4 星；另有 2 件已结案(未确认)，单独列出，不算满意也不算不满意')
    expect(street.rating!.indicators.find((i) => i.key === 'survey')).toMatchObject({ score: null, basis: '本季度没有结束的满意度测评' })
    expect(street.rating!.stars).toBe(4)
    expect(street.rating!.fastTrack).toEqual(['开通人社公共服务经办快速通道', '优化各项补贴申领和办理流程', '及时落实职业培训补贴、失业保险稳岗返还、社会保险补贴等政策'])
    // The worker's station home shows the stars and a plain line.
    const home = expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0002' }))
    expect(home.rating).toEqual({ stars: 4, line: '2026年第三季度评为四星驿站：按受理、办结是否及时和职工是否满意评定' })
    expect(expectOk(await h.op(getStation, WORKER, { code: 'HZ-CX-0004' })).rating).toBeNull()
  })

  it('stars go down: the park had five stars in Q2 and fewer in Q3, with the advice that says why', async () => {
    const q2 = expectOk(await h.op(getStationRating, CX_ADMIN, { stationId: PARK, quarter: '2026-Q2' }))
    expect(q2.rating!.stars).toBe(5)
    const q3 = expectOk(await h.op(getStationRating, CX_ADMIN, { stationId: PARK, quarter: '2026-Q3' }))
    expect(q3.rating!.stars).toBeLessThan(3)
    expect(q3.history.map((x) => [x.quarter, x.starsLabel])).toEqual([['2026-Q3', `${q3.rating!.stars} 星`], ['2026-Q2', '5 星']])
    const survey = q3.rating!.indicators.find((i) => i.key === 'survey')!
    expect(survey.basis).toBe('测评 1 次，收答卷 40 份 / 应参加 50 人（参与率 80%）；薄弱环节：工资薪酬待遇、工时休假待遇')
    expect(survey.score).toBe(50)
    expect(q3.rating!.indicators.find((i) => i.key === 'resolveOnTime')!.advice).toMatch(/办结超时/)
    // One low quarter after a good one is not two low quarters.
    expect(q3.supervision).toBeNull()
  })

  it('an adjustment keeps its reason, is shown and audited, and may go down as well as up', async () => {
    const before = expectOk(await h.op(getStationRating, CX_ADMIN, { stationId: STREET, quarter: '2026-Q3' }))
    expectError(await h.op(adjustRating, CX_ADMIN, { stationId: STREET, quarter: '2026-Q3', stars: 3, reason: '短', version: before.rating!.version }), 'REQUEST_INVALID')
    // Another county's admin may not.
    expectError(await h.op(adjustRating, 'dev-MD-county-head', { stationId: STREET, quarter: '2026-Q3', stars: 3, reason: '本季度有一起群体性事件处置不力', version: before.rating!.version }), 'STATION_OUT_OF_SCOPE')
    const adj = expectOk(await h.op(adjustRating, CX_ADMIN, { stationId: STREET, quarter: '2026-Q3', stars: 3, reason: '本季度有一起群体性事件处置不力', version: before.rating!.version }))
    expect(adj).toMatchObject({ stars: 3, starsLabel: '3 星', adjustment: { stars: 3, computedLabel: '4 星', reason: '本季度有一起群体性事件处置不力', byName: '曹县周科长' }, fastTrack: [] })
    const page = expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET, quarter: '2026-Q3' }))
    expect(page.rating!.adjustment!.reason).toBe('本季度有一起群体性事件处置不力')
    const rows = (await h.store.find<AuditDoc>('audit_log', { where: { at: { $gte: 0 } }, orderBy: { field: 'at', dir: 'desc' }, limit: 20 })).items
    expect(rows.find((r) => r.what === 'rating.adjust')!.detail).toBe('曹城街道劳动关系服务驿站2026年第三季度：4 星 → 3 星。理由：本季度有一起群体性事件处置不力'.replace('曹城街道劳动关系服务驿站', page.stationName))
    // Running the quarter again keeps the adjustment.
    expectOk(await h.op(computeRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3', jobId: job() }))
    expect(expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET, quarter: '2026-Q3' })).rating).toMatchObject({ stars: 3, adjustment: { stars: 3 } })
  })

  it('the weights change the result, and the change is audited; a quarter keeps its rules until run again', async () => {
    const cfg = expectOk(await h.op(getRatingConfig, CX_ADMIN, {}))
    expect(cfg).toMatchObject({ isDefault: true, canEdit: false })
    const next: RatingConfig = { ...DEFAULT_RATING_CONFIG, weights: { acceptOnTime: 0, resolveOnTime: 0, satisfaction: 0, reopen: 0, survey: 0, activity: 100 } }
    // Only a city admin edits them.
    expectError(await h.op(setRatingConfig, CX_ADMIN, { version: 0, config: next }), 'AUTH_FORBIDDEN')
    expectError(await h.op(setRatingConfig, CITY_ADMIN, { version: 0, config: { ...next, weights: { ...next.weights, activity: 0 } } }), 'REQUEST_INVALID')
    expectError(await h.op(setRatingConfig, CITY_ADMIN, { version: 0, config: { ...next, starLines: [60, 50, 80, 90] } }), 'REQUEST_INVALID')
    // The page's preview: what would change, nothing written.
    const auditsBefore = await h.store.count('audit_log', { what: 'ratings.config' })
    const preview = expectOk(await h.op(setRatingConfig, CITY_ADMIN, { version: 0, config: { ...DEFAULT_RATING_CONFIG, weights: { ...DEFAULT_RATING_CONFIG.weights, activity: 20 } }, dryRun: true }))
    expect(preview).toMatchObject({ isDefault: true, version: 0, changes: ['工作活动权重：10 → 20'] })
    expect(await h.store.count('audit_log', { what: 'ratings.config' })).toBe(auditsBefore)
    expect(expectOk(await h.op(getRatingConfig, CITY_ADMIN, {}))).toMatchObject({ isDefault: true, version: 0, changes: [] })
    const saved = expectOk(await h.op(setRatingConfig, CITY_ADMIN, { version: 0, config: next }))
    expect(saved).toMatchObject({ isDefault: false, version: 1 })
    const audit = (await h.store.find<AuditDoc>('audit_log', { where: { at: { $gte: 0 } }, orderBy: { field: 'at', dir: 'desc' }, limit: 30 })).items.find((r) => r.what === 'ratings.config')!
    expect(audit.detail).toBe('按时受理权重：25 → 0；按时办结权重：25 → 0；职工满意度权重：20 → 0；办结后不再重办权重：10 → 0；满意度测评权重：10 → 0；工作活动权重：10 → 100')

    const parkBefore = (await h.store.get<StationRatingDoc>('station_ratings', 'rt_2026-Q3_st-CX-0003'))!
    expect(parkBefore.config.weights.activity).toBe(10)
    expectOk(await h.op(computeRatings, CITY_ADMIN, { areaId: CITY, quarter: '2026-Q3', jobId: job() }))
    // Activity alone: the park logged none in Q3 (1 star), the street six (5 stars, its adjustment still stands).
    const park = expectOk(await h.op(getStationRating, CX_ADMIN, { stationId: PARK, quarter: '2026-Q3' }))
    expect(park.rating).toMatchObject({ stars: 1, score: 0 })
    const street = (await h.store.get<StationRatingDoc>('station_ratings', 'rt_2026-Q3_st-CX-0002'))!
    expect([street.stars, street.starsKey]).toEqual([5, 3])
    // Back to the defaults for what follows.
    expectOk(await h.op(setRatingConfig, CITY_ADMIN, { version: 1, config: DEFAULT_RATING_CONFIG }))
    expectOk(await h.op(computeRatings, CITY_ADMIN, { areaId: CITY, quarter: '2026-Q3', jobId: job() }))
  })

  it('two low quarters put a station on the list; tasks go to an officer who marks them done; leaving takes a decision', async () => {
    const md = expectOk(await h.op(getStationRating, 'dev-MD-county-head', { stationId: MD_STREET, quarter: '2026-Q3' }))
    expect(md.rating!.low).toBe(true)
    expect(md.supervision).toMatchObject({ on: true, history: [{ kind: 'enter', label: '连续两个季度低星，列入' }] })
    expect(md.supervision!.history[0]!.reason).toMatch(/^2026年第二季度 \d 星、2026年第三季度 \d 星，连续两个季度不高于 2 星$/)

    // A county admin sees their county's list only; the city admin sees every county's.
    expect(expectOk(await h.op(listSupervision, 'dev-MD-county-head', { areaId: MD })).items.map((r) => r.stationId)).toEqual([MD_STREET])
    expect(expectOk(await h.op(listSupervision, CX_ADMIN, { areaId: CX })).items).toEqual([])
    expectError(await h.op(listSupervision, CX_ADMIN, { areaId: MD }), 'STATION_OUT_OF_SCOPE')
    expect(expectOk(await h.op(listSupervision, CITY_ADMIN, { areaId: CITY })).items.map((r) => r.stationId)).toContain(MD_STREET)

    // A task for the station's head, due in a month.
    h.clock.now = sh('2026-10-09 09:00')
    const people = expectOk(await h.op(taskOfficers, 'dev-MD-county-head', { stationId: MD_STREET })).items
    const head = people.find((p) => p.stationName && p.roleLabel === '负责人' && p.name.includes('王所长'))!
    expectError(await h.op(addTask, 'dev-MD-county-head', { stationId: MD_STREET, title: '整改受理超时问题', dueOn: '2026-10-01', officerId: head.officerId }), 'REQUEST_INVALID')
    expectError(await h.op(addTask, 'dev-MD-county-head', { stationId: MD_STREET, title: '整改受理超时问题', dueOn: '2026-11-09', officerId: 'of-emp-r' }), 'REQUEST_INVALID')
    const task = expectOk(await h.op(addTask, 'dev-MD-county-head', { stationId: MD_STREET, title: '整改受理超时问题，建立每日查看制度', dueOn: '2026-11-09', officerId: head.officerId }))
    expect(task).toMatchObject({ status: 'open', officerName: head.name, dueLabel: '11月9日 周一前完成', overdue: false })
    const mine = expectOk(await h.op(myTasks, MD_HEAD, {}))
    expect(mine.items.map((t) => t.id)).toEqual([task.id])
    // Someone else cannot mark it done.
    expectError(await h.op(finishTask, STREET_HEAD, { id: task.id, note: '已经建立每日查看制度', version: task.version }), 'TASK_NOT_FOUND')
    h.clock.now = sh('2026-11-12 09:00')
    expect(expectOk(await h.op(myTasks, MD_HEAD, {})).items[0]).toMatchObject({ overdue: true, dueLabel: '已超期 3 天（应在11月9日 周一前完成）' })
    const done = expectOk(await h.op(finishTask, MD_HEAD, { id: task.id, note: '已经建立每日查看制度，专人负责', version: task.version }))
    expect(done).toMatchObject({ status: 'done', dueLabel: '已完成', doneNote: '已经建立每日查看制度，专人负责' })
    expect(expectOk(await h.op(myTasks, MD_HEAD, {})).items).toEqual([])

    // Leaving: a decision with a reason.
    const row = expectOk(await h.op(listSupervision, 'dev-MD-county-head', { areaId: MD })).items[0]!
    expect(row).toMatchObject({ openTasks: 0, overdueTasks: 0 })
    expectError(await h.op(leaveSupervision, 'dev-MD-county-head', { stationId: MD_STREET, reason: '好', version: row.version }), 'REQUEST_INVALID')
    const left = expectOk(await h.op(leaveSupervision, 'dev-MD-county-head', { stationId: MD_STREET, reason: '整改任务全部完成，经复查达到要求', version: row.version }))
    expect(left.on).toBe(false)
    expect(left.history.map((e) => e.label)).toEqual(['管理员决定移出', '连续两个季度低星，列入'])
    expect(expectOk(await h.op(listSupervision, 'dev-MD-county-head', { areaId: MD })).items).toEqual([])
    expect(expectOk(await h.op(listSupervision, 'dev-MD-county-head', { areaId: MD, status: 'all' })).items[0]).toMatchObject({ on: false, lastReason: '整改任务全部完成，经复查达到要求' })
    // Running the quarter again does not put it back for the same two quarters.
    expectOk(await h.op(computeRatings, 'dev-MD-county-head', { areaId: MD, quarter: '2026-Q3', jobId: job() }))
    expect(expectOk(await h.op(listSupervision, 'dev-MD-county-head', { areaId: MD })).items).toEqual([])

    // An admin's decision puts a station on the list with a reason.
    const on = expectOk(await h.op(enterSupervision, CX_ADMIN, { stationId: PARK, reason: '开发区驿站多次被职工投诉不作为' }))
    expect(on).toMatchObject({ on: true, history: [{ label: '管理员决定列入', reason: '开发区驿站多次被职工投诉不作为', byName: '曹县周科长' }] })
    expectError(await h.op(enterSupervision, CX_ADMIN, { stationId: PARK, reason: '再列一次试试看' }), 'REQUEST_INVALID')
    // Its own members see it is on the list, without the history.
    const seen = expectOk(await h.op(getStationRating, 'dev-CX-park-liaison', { stationId: PARK, quarter: '2026-Q3' }))
    expect(seen.supervision).toMatchObject({ on: true, history: [] })
    expect(seen.canManage).toBe(false)
  })

  it('awards are records shown on the station page; the admin list filters and counts by stars', async () => {
    h.clock.now = sh('2026-11-20 09:00')
    expectError(await h.op(createAward, CX_ADMIN, { stationId: STREET, who: '王所长', why: '一年调解欠薪纠纷 40 起', awardedOn: '2026-12-01' }), 'REQUEST_INVALID')
    const a = expectOk(await h.op(createAward, CX_ADMIN, { stationId: STREET, who: '曹城街道王所长', why: '一年调解欠薪纠纷 40 起，追回工资 60 万元', awardedOn: '2026-11-18' }))
    expect(a).toMatchObject({ who: '曹城街道王所长', dateLabel: '11月18日 周三', byName: '曹县周科长' })
    expect(expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET })).awards.map((x) => x.id)).toEqual([a.id])
    expect(expectOk(await h.op(listAwards, CX_ADMIN, { areaId: CX })).items.map((x) => x.id)).toEqual([a.id])
    expect(expectOk(await h.op(listAwards, 'dev-MD-county-head', { areaId: MD })).items).toEqual([])
    // Officers who are not admins cannot record awards.
    expectError(await h.op(createAward, STREET_HEAD, { stationId: STREET, who: '自己', why: '自己给自己发奖状', awardedOn: '2026-11-18' }), 'AUTH_FORBIDDEN')

    const list = expectOk(await h.op(listRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3' }))
    const inCounty = (await findAll<StationDoc>(h.store, 'stations', { where: { countyId: CX } })).length
    expect(list.counts.total).toBe(3)
    expect(list.counts.empty).toBe(inCounty - 3)
    expect(list.counts.insufficient + list.counts.stars.reduce((a, b) => a + b, 0)).toBe(3)
    expect(list.items[0]!.stars).not.toBeNull()
    const starsSeen = list.items.map((r) => r.stars ?? 0)
    expect([...starsSeen].sort((x, y) => y - x)).toEqual(starsSeen)
    const insufficient = expectOk(await h.op(listRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3', filter: 'insufficient' }))
    expect(insufficient.items.map((r) => r.starsLabel)).toEqual(insufficient.items.map(() => '数据不足'))
    expect(insufficient.items.map((r) => r.stationId)).toContain(FIRM)
    const low = expectOk(await h.op(listRatings, CITY_ADMIN, { areaId: CITY, quarter: '2026-Q3', filter: 'low' }))
    expect(low.items.map((r) => r.stationId).sort()).toEqual([PARK, MD_STREET].sort())
    expect(low.items.find((r) => r.stationId === PARK)!.supervised).toBe(true)
    expectError(await h.op(listRatings, CX_ADMIN, { areaId: MD, quarter: '2026-Q3' }), 'STATION_OUT_OF_SCOPE')
    // A page of 2, then the rest.
    const p1 = expectOk(await h.op(listRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3', limit: 2 }))
    const p2 = expectOk(await h.op(listRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3', limit: 50, after: p1.next! }))
    expect(p1.items.length + p2.items.length).toBe(3)
    // The function the weekly report reads: the county's stations, stars first.
    const rows = await quarterRatings(h.store, CX, '2026-Q3')
    expect(rows.map((r) => r.stationId).sort()).toEqual([STREET, PARK, FIRM].sort())
    expect((await quarterRatings(h.store, CITY, '2026-Q3')).length).toBe(4)
    // A station with no record at all says so.
    expect(expectOk(await h.op(getStationRating, CX_ADMIN, { stationId: CX, quarter: '2026-Q3' })).missing).toBe('2026年第三季度本驿站没有诉求、活动和测评记录：数据不足，不评星级')
  })

  it('an employer-side member sees the stars and only figures of open cases: no score, nothing a confidential case adds', async () => {
    const gov = expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET, quarter: '2026-Q3' }))
    const emp = expectOk(await h.op(getStationRating, STREET_EMPLOYER, { stationId: STREET, quarter: '2026-Q3' }))
    expect(emp.rating!.stars).toBe(gov.rating!.stars)
    expect(emp.rating!.score).toBeNull()
    expect(emp.rating!.scopeNote).toBe('只统计职工选择“公开给驿站”的诉求；星级按全部诉求评定')
    expect(emp.rating!.summary).toBe('星级按本季度全部诉求和测评、活动评定')
    expect(emp.rating!.indicators.find((i) => i.key === 'acceptOnTime')!.basis).toBe('受理 18 件，按时 18 件')

    // More confidential and anonymous cases at the station change nothing the employer side is shown but the stars.
    const strip = (v: typeof emp) => JSON.stringify({ ...v.rating, stars: 0, starsLabel: '', low: false, fastTrack: [], status: '', computedLabel: '', version: 0, adjustment: undefined })
    await putRollups(h, STREET, CX, Q3, { filed: 30, accepted: 30, acceptedOnTime: 0, resolved: 30, resolvedOnTime: 0, reopened: 20, rated: 10, ratingSum: 10, unconfirmed: 9 }, 'anonymous')
    expectOk(await h.op(computeRatings, CX_ADMIN, { areaId: CX, quarter: '2026-Q3', jobId: job() }))
    const emp2 = expectOk(await h.op(getStationRating, STREET_EMPLOYER, { stationId: STREET, quarter: '2026-Q3' }))
    expect(strip(emp2)).toBe(strip(emp))
    const gov2 = expectOk(await h.op(getStationRating, STREET_HEAD, { stationId: STREET, quarter: '2026-Q3' }))
    expect(gov2.rating!.indicators.find((i) => i.key === 'acceptOnTime')!.basis).toBe('受理 54 件，按时 21 件')
    // An employer-side officer is no admin: none of the admin operations answer.
    expectError(await h.op(listRatings, STREET_EMPLOYER, { areaId: CX }), 'AUTH_FORBIDDEN')
  })
})

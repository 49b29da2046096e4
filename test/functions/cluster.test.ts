import type { AlertDoc, AuditDoc, CaseDoc, MembershipDoc, OfficerDoc, ProjectDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import type { InputOf } from '../../types/contract'
import {
  closeAlert,
  createProject,
  getAlert,
  getCaseDetail,
  linkAlertCases,
  linkCase,
  listAlerts,
  listCaseLinks,
  runSweep,
  submitCase,
  suggestEmployers,
  unlinkCase,
  updateStation,
} from '../../types/contracts'
import type { Role, Side } from '../../types/domain'
import { onBothStores } from '../support/both-stores'
import { caseInput, expectError, expectOk, makeHarness, type Harness } from '../support/harness'

/**
 * The employer named on every case and 聚集预警 (ADR 0011), end to end through the functions: what intake
 * records, suggestions by prefix within the county, the alert raised by the third separate case against one
 * employer within 30 days (and not on day 31), its notice, its list and detail, closing it with a decision,
 * and 关联 both ways.
 */

const COUNTY_HEAD = 'dev-CX-county-head'
const STREET = 'st-CX-0002'
const FIRM = 'st-CX-0004'
const DAY = 24 * 3600_000
type Submit = InputOf<typeof submitCase>

const addOfficer = async (h: Harness, openid: string, stationId: string, role: Role, side: Side) => {
  const officerId = `of-${openid}`
  if (!(await h.store.get<OfficerDoc>('officers', officerId))) await h.store.insert<OfficerDoc>('officers', { _id: officerId, openid, name: openid, createdAt: h.clock.now })
  await h.store.insert<MembershipDoc>('memberships', { _id: `ms-${openid}-${stationId}`, officerId, openid, stationId, role, side, admin: false, createdAt: h.clock.now })
}

/** A case by its own worker, against the named employer at the 曹城街道 station unless told otherwise. */
const fileAgainst = (h: Harness, worker: string, name: string, over: Partial<Submit> = {}) =>
  h.file({ aboutOwnEmployer: true, employer: { kind: 'named', name }, privacy: 'confidential', ...over }, worker)

const alertsOf = async (h: Harness, openid = COUNTY_HEAD, status: 'open' | 'closed' = 'open', stationId = 'st-CX-0001') =>
  expectOk(await h.op(listAlerts, openid, { stationId, status }))

describe('the employer on a case', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })
  afterAll(() => h.close())

  it('at an enterprise station is that enterprise, filled in whatever was sent', async () => {
    const { id } = await h.file({ stationId: FIRM, aboutOwnEmployer: true, employer: { kind: 'station' } })
    const c = (await h.store.get<CaseDoc>('cases', id))!
    expect(c.employer).toEqual({ name: '示例纺织有限公司', key: '示例纺织', fromStation: true })
    expect(c.countyId).toBe('st-CX-0001')
    const detail = expectOk(await h.op(getCaseDetail, COUNTY_HEAD, { id }))
    expect(detail.employer).toEqual({ name: '示例纺织有限公司', fromStation: true })
    const sent = await h.file({ stationId: FIRM, aboutOwnEmployer: true, employer: { kind: 'named', name: '别的公司' } })
    expect((await h.store.get<CaseDoc>('cases', sent.id))!.employer?.name).toBe('示例纺织有限公司')
  })

  it('is asked elsewhere, and 本单位 cannot be filled in at a station that is not an enterprise', async () => {
    const missing = expectError(await h.call('worker', 'dev-worker-li', 'case.submit', caseInput({ employer: undefined })), 'REQUEST_INVALID')
    expect(missing.fields).toEqual(['employer'])
    expect(missing.message).toBe('请填写单位名称；不清楚全称可以选「不清楚单位全称」')
    const station = expectError(await h.op(submitCase, 'dev-worker-li', caseInput({ employer: { kind: 'station' } }) as Submit), 'REQUEST_INVALID')
    expect(station.fields).toEqual(['employer'])
    const notOwn = expectError(await h.op(submitCase, 'dev-worker-li', caseInput({ stationId: FIRM, aboutOwnEmployer: false, employer: { kind: 'station' } }) as Submit), 'REQUEST_INVALID')
    expect(notOwn.message).toBe('你选了“不是本单位”，请填写反映的是哪个单位')
  })

  it('may be 不清楚单位全称 with what the worker knows, or left out of a policy question', async () => {
    const unknown = await h.file({ employer: { kind: 'unknown', note: '县城东边的服装厂，老板姓王' } })
    expect((await h.store.get<CaseDoc>('cases', unknown.id))!.employer).toEqual({ name: null, key: null, note: '县城东边的服装厂，老板姓王' })
    expect(expectOk(await h.op(getCaseDetail, COUNTY_HEAD, { id: unknown.id })).employer).toEqual({ name: null, note: '县城东边的服装厂，老板姓王', fromStation: false })
    const question = await h.file({ category: 'policy_question', employer: undefined })
    expect((await h.store.get<CaseDoc>('cases', question.id))!.employer).toBeUndefined()
    expect(expectOk(await h.op(getCaseDetail, COUNTY_HEAD, { id: question.id })).employer).toBeNull()
  })

  it('takes a 统一社会信用代码 only when it checks out, in capitals', async () => {
    const bad = expectError(await h.op(submitCase, 'dev-worker-li', caseInput({ employer: { kind: 'named', name: '示例纺织有限公司', uscc: '9144030071526726XH' } }) as Submit), 'REQUEST_INVALID')
    expect(bad.message).toBe('统一社会信用代码校验不通过，请核对')
    expect(bad.fields).toEqual(['employer.uscc'])
    const short = expectError(await h.op(submitCase, 'dev-worker-li', caseInput({ employer: { kind: 'named', name: '示例纺织有限公司', uscc: '91440300' } }) as Submit), 'REQUEST_INVALID')
    expect(short.message).toMatch(/18 位/)
    const ok = await h.file({ employer: { kind: 'named', name: '腾讯（示例）', uscc: ' 9144030071526726xg ' } })
    expect((await h.store.get<CaseDoc>('cases', ok.id))!.employer).toMatchObject({ uscc: '9144030071526726XG' })
    expect(expectOk(await h.op(getCaseDetail, COUNTY_HEAD, { id: ok.id })).employer?.uscc).toBe('9144030071526726XG')
  })
})

describe('employer suggestions', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
    expectOk(await h.op(createProject, 'dev-SX-county-head', { countyId: 'st-SX-0001', name: '单县城南安置房项目', contractor: '示例建设集团有限公司', responsibleStationId: 'st-SX-0002' }))
    expectOk(await h.op(createProject, COUNTY_HEAD, { countyId: 'st-CX-0001', name: '曹县北关小学项目', contractor: '示例纺织工程有限公司', responsibleStationId: STREET }))
  })
  afterAll(() => h.close())

  const suggest = async (stationId: string, prefix: string) => expectOk(await h.op(suggestEmployers, 'dev-worker-li', { stationId, prefix }))

  it('offers the county’s enterprises and project contractors by prefix, names only', async () => {
    const r = await suggest(STREET, '示例')
    expect(r.items).toEqual([
      { name: '示例纺织有限公司', note: '本县企业驿站' },
      { name: '示例食品有限公司', note: '本县企业驿站' },
      { name: '示例纺织工程有限公司', note: '曹县北关小学项目 总承包' },
    ])
    expect(r.stationEmployer).toBeNull()
    expect((await suggest(STREET, '示例纺织有限')).items.map((i) => i.name)).toEqual(['示例纺织有限公司', '示例纺织工程有限公司'])
    expect((await suggest(STREET, '示例食')).items.map((i) => i.name)).toEqual(['示例食品有限公司'])
    expect((await suggest(STREET, 'ｘ')).items).toEqual([])
    expect((await suggest(STREET, '')).items).toEqual([])
  })

  it('is scoped to the county of the station filed at', async () => {
    expect((await suggest(STREET, '示例建设')).items).toEqual([])
    expect((await suggest('st-SX-0002', '示例建设')).items).toEqual([{ name: '示例建设集团有限公司', note: '单县城南安置房项目 总承包' }])
    expect((await suggest('st-SX-0002', '示例')).items.map((i) => i.name)).not.toContain('示例纺织工程有限公司')
    // The city station belongs to no county.
    expect((await suggest('st-HZ-0001', '示例')).items).toEqual([])
  })

  it('names the enterprise of an enterprise station', async () => {
    expect((await suggest(FIRM, '')).stationEmployer).toBe('示例纺织有限公司')
  })

  it('follows a rename, and the sweep gives stations from before suggestions their key once', async () => {
    const s = (await h.store.get<StationDoc>('stations', 'st-CX-0005'))!
    expectOk(await h.op(updateStation, COUNTY_HEAD, { id: s._id, version: s._v, name: '示例乳业有限公司驿站（曹县，示例）', address: s.address, phone: s.phone, hours: s.hours }))
    expect((await suggest(STREET, '示例乳')).items.map((i) => i.name)).toEqual(['示例乳业有限公司'])
    const old = (await h.store.get<StationDoc>('stations', 'st-CX-0004'))!
    const { employerKey: _gone, _v, ...rest } = old
    await h.store.remove('stations', old._id, _v)
    await h.store.insert<StationDoc>('stations', rest)
    expect((await suggest(STREET, '示例纺织有')).items.map((i) => i.name)).toEqual(['示例纺织工程有限公司'])
    expectOk(await h.op(runSweep, null, {}))
    expect((await suggest(STREET, '示例纺织有')).items.map((i) => i.name)).toEqual(['示例纺织有限公司', '示例纺织工程有限公司'])
  })
})

describe('聚集预警 counts 30 days back from each new case', () => {
  let h: Harness
  beforeAll(async () => {
    h = await makeHarness()
  })
  afterAll(() => h.close())

  it('a third case against 示例纺织 on day 31 raises nothing; a fourth on day 35 has three within 30 days and does', async () => {
    const start = h.clock.now
    await h.file({ stationId: FIRM, aboutOwnEmployer: true, employer: { kind: 'station' } }, 'day-0-worker')
    h.clock.now = start + 10 * DAY
    await fileAgainst(h, 'day-10-worker', '示例纺织 有限责任公司')
    h.clock.now = start + 31 * DAY
    await fileAgainst(h, 'day-31-worker', '示例纺织有限公司')
    expect((await alertsOf(h)).counts).toEqual({ open: 0, closed: 0 })
    h.clock.now = start + 35 * DAY
    await fileAgainst(h, 'day-35-worker', '示例纺织股份有限公司')
    const raised = await alertsOf(h)
    expect(raised.counts.open).toBe(1)
    expect(raised.items[0]).toMatchObject({ caseCount: 3, workers: 3 })
  })
})

onBothStores((harness) => {
  describe('聚集预警', () => {
    const h = () => harness()
    let start: number
    const ids: string[] = []

    beforeAll(async () => {
      start = h().clock.now
      await addOfficer(h(), 'county-employer-rep', 'st-CX-0001', 'member', 'employer')
      await addOfficer(h(), 'county-union-rep', 'st-CX-0001', 'member', 'union')
    })

    it('the third case against 示例纺织 within 30 days, from three workers, raises an alert at the county station', async () => {
      ids.push((await h().file({ stationId: FIRM, aboutOwnEmployer: true, employer: { kind: 'station' }, privacy: 'open' }, 'worker-a')).id)
      h().clock.now = start + 10 * DAY
      ids.push((await fileAgainst(h(), 'worker-b', '示例纺织 有限责任公司')).id)
      expect((await alertsOf(h())).items).toEqual([])
      h().clock.now = start + 29 * DAY
      const sentBefore = h().sent.length
      ids.push((await fileAgainst(h(), 'worker-c', '示例纺织有限公司（曹县分公司）', { privacy: 'anonymous', contact: undefined })).id)
      const list = await alertsOf(h())
      expect(list.counts).toEqual({ open: 1, closed: 0 })
      expect(list.items[0]).toMatchObject({ subject: '示例纺织有限公司（曹县分公司）', kind: 'employer', caseCount: 3, workers: 3, status: 'open', statusLabel: '待处理' })
      const detail = expectOk(await h().op(getAlert, COUNTY_HEAD, { id: list.items[0]!.id }))
      expect(detail.cases.map((c) => c.id)).toEqual(ids)
      expect(detail.names).toEqual(['示例纺织有限公司', '示例纺织 有限责任公司', '示例纺织有限公司（曹县分公司）'])
      expect(detail).toMatchObject({ hiddenCases: 0, unlistedCases: 0, allLinked: false, decision: null, stationName: '曹县劳动关系服务驿站' })
      // Told to the county station's officers whose side may see every case in it: not the employer side.
      const told = h().sent.slice(sentBefore).filter((m) => m.kind === 'case.cluster')
      expect(told.map((m) => m.to).sort()).toEqual([COUNTY_HEAD, 'county-union-rep'].sort())
      expect(told[0]!.data).toEqual({ caseNo: expect.stringMatching(/^[A-Z]{2}\d{10}$/), summary: '示例纺织有限公司（曹县分 3人反映' })
    })

    it('keeps an alert with a case that is not open from the employer side, in rows, counts and detail', async () => {
      const rep = await alertsOf(h(), 'county-employer-rep')
      expect(rep.items).toEqual([])
      expect(rep.counts).toEqual({ open: 0, closed: 0 })
      const id = (await alertsOf(h())).items[0]!.id
      expectError(await h().op(getAlert, 'county-employer-rep', { id }), 'ALERT_NOT_FOUND')
      expectError(await h().op(closeAlert, 'county-employer-rep', { id, version: 1, decision: '企业方想关掉它' }), 'ALERT_NOT_FOUND')
      // Not a member of the county station: its station access refuses, as for any station operation.
      expectError(await h().op(getAlert, 'dev-CX-street-head', { id }), 'STATION_OUT_OF_SCOPE')
    })

    it('adds each new case to the open alert', async () => {
      h().clock.now = start + 30 * DAY
      ids.push((await fileAgainst(h(), 'worker-d', '示例纺织股份有限公司')).id)
      const list = await alertsOf(h())
      expect(list.counts.open).toBe(1)
      expect(list.items[0]).toMatchObject({ caseCount: 4, workers: 4 })
    })

    it('links its cases both ways, and one case to another by number', async () => {
      const id = (await alertsOf(h())).items[0]!.id
      const linked = expectOk(await h().op(linkAlertCases, COUNTY_HEAD, { id }))
      expect(linked.allLinked).toBe(true)
      for (const c of ids) {
        const others = expectOk(await h().op(listCaseLinks, COUNTY_HEAD, { id: c })).items.map((r) => r.id)
        expect(others.sort()).toEqual(ids.filter((x) => x !== c).sort())
      }
      const first = expectOk(await h().op(listCaseLinks, COUNTY_HEAD, { id: ids[0]! })).items[0]!
      expect(first.linkedLabel).toMatch(/^曹县周科长 关联于 /)
      // Undo one link: gone from both sides.
      expectOk(await h().op(unlinkCase, COUNTY_HEAD, { id: ids[0]!, otherId: ids[1]! }))
      expect(expectOk(await h().op(listCaseLinks, COUNTY_HEAD, { id: ids[1]! })).items.map((r) => r.id)).not.toContain(ids[0])
      expect(expectOk(await h().op(getAlert, COUNTY_HEAD, { id })).allLinked).toBe(false)
      // And again by its number, from the case page.
      const no = (await h().store.get<CaseDoc>('cases', ids[1]!))!.caseNo
      const again = expectOk(await h().op(linkCase, COUNTY_HEAD, { id: ids[0]!, caseNo: no.toLowerCase() }))
      expect(again.items.map((r) => r.id)).toContain(ids[1])
      expect(expectOk(await h().op(listCaseLinks, COUNTY_HEAD, { id: ids[1]! })).items.map((r) => r.id)).toContain(ids[0])
      expectError(await h().op(linkCase, COUNTY_HEAD, { id: ids[0]!, caseNo: (await h().store.get<CaseDoc>('cases', ids[0]!))!.caseNo }), 'REQUEST_INVALID')
      expectError(await h().op(linkCase, COUNTY_HEAD, { id: ids[0]!, caseNo: 'CX0000000000' }), 'CASE_NOT_FOUND')
    })

    it('shows the employer side of the enterprise no linked case that is not open', async () => {
      // The first case is open and sits at the enterprise station; the others are confidential or anonymous.
      const r = expectOk(await h().op(listCaseLinks, 'dev-CX-firm-hr', { id: ids[0]! }))
      expect(r.items).toEqual([])
      const union = expectOk(await h().op(listCaseLinks, 'dev-CX-firm-union', { id: ids[0]! }))
      // The union side of the enterprise station may open only what it holds: none of the others either.
      expect(union.items).toEqual([])
      expectError(await h().op(linkCase, 'dev-CX-firm-hr', { id: ids[0]!, caseNo: (await h().store.get<CaseDoc>('cases', ids[1]!))!.caseNo }), 'CASE_NOT_FOUND')
    })

    it('is closed with a decision, who and when, in the audit log; twice or on a stale version is refused', async () => {
      const id = (await alertsOf(h())).items[0]!.id
      const before = expectOk(await h().op(getAlert, COUNTY_HEAD, { id }))
      expectError(await h().op(closeAlert, COUNTY_HEAD, { id, version: before.version, decision: '好' }), 'REQUEST_INVALID')
      expectError(await h().op(closeAlert, COUNTY_HEAD, { id, version: before.version - 1, decision: '已约谈企业负责人，限期补发工资' }), 'STORE_CONFLICT')
      const closed = expectOk(await h().op(closeAlert, COUNTY_HEAD, { id, version: before.version, decision: '已约谈企业负责人，限期 11 月底前补发工资' }))
      expect(closed).toMatchObject({ status: 'closed', statusLabel: '已处理', decision: { text: '已约谈企业负责人，限期 11 月底前补发工资', byName: '曹县周科长' } })
      expect(closed.decision!.atLabel).toMatch(/\d+月\d+日/)
      const audit = (await h().store.find<AuditDoc>('audit_log', { limit: 1000 })).items.filter((r) => r.what === 'alert.close')
      expect(audit).toEqual([expect.objectContaining({ by: 'of-dev-CX-county-head', target: id, detail: '示例纺织有限公司（曹县分公司）：已约谈企业负责人，限期 11 月底前补发工资' })])
      expectError(await h().op(closeAlert, COUNTY_HEAD, { id, version: closed.version, decision: '再关一次试试看' }), 'REQUEST_INVALID')
      expect((await alertsOf(h())).counts).toEqual({ open: 0, closed: 1 })
      expect((await alertsOf(h(), COUNTY_HEAD, 'closed')).items.map((a) => a.id)).toEqual([id])
    })

    it('raises a new alert when complaints go on after the decision', async () => {
      h().clock.now = start + 31 * DAY
      ids.push((await fileAgainst(h(), 'worker-e', '示例纺织有限公司')).id)
      const open = await alertsOf(h())
      expect(open.counts).toEqual({ open: 1, closed: 1 })
      // The window is the last 30 days: the first case (day 0) has left it.
      expect(open.items[0]).toMatchObject({ caseCount: 4, workers: 4 })
    })

    it('raises nothing for a third case on day 31, or for one worker filing three times', async () => {
      const t0 = h().clock.now + DAY
      h().clock.now = t0
      await fileAgainst(h(), 'worker-f', '示例食品有限公司')
      h().clock.now = t0 + 10 * DAY
      await fileAgainst(h(), 'worker-g', '示例食品有限公司')
      h().clock.now = t0 + 31 * DAY
      await fileAgainst(h(), 'worker-h', '示例食品 有限公司')
      for (let i = 0; i < 3; i++) await fileAgainst(h(), 'worker-i', '示例五金有限公司')
      const all = [...(await alertsOf(h())).items, ...(await alertsOf(h(), COUNTY_HEAD, 'closed')).items]
      expect(all.map((a) => a.subject)).not.toContain('示例食品 有限公司')
      expect(all.map((a) => a.subject)).not.toContain('示例五金有限公司')
      expect(all).toHaveLength(2)
    })

    it('counts cases filed at the same moment once each, and raises one alert, told once', async () => {
      // Each of the two sees one earlier case before its transaction; inside it, the later one finds the third.
      await fileAgainst(h(), 'worker-same-1', '示例机械有限公司')
      const sentBefore = h().sent.length
      await Promise.all(['2', '3'].map((w) => fileAgainst(h(), `worker-same-${w}`, '示例机械有限公司')))
      const raised = (await alertsOf(h())).items.filter((a) => a.subject === '示例机械有限公司')
      expect(raised).toHaveLength(1)
      expect(raised[0]).toMatchObject({ caseCount: 3, workers: 3 })
      const stored = (await h().store.get<AlertDoc>('alerts', raised[0]!.id))!
      expect(new Set(stored.caseIds).size).toBe(3)
      expect(h().sent.slice(sentBefore).filter((m) => m.kind === 'case.cluster' && m.to === COUNTY_HEAD)).toHaveLength(1)
    })

    it('counts a project’s wage arrears by the project, in the project’s county', async () => {
      const project = (await h().store.find<ProjectDoc>('projects', { where: { countyId: 'st-CX-0001' }, limit: 10 })).items[0]
      const pid =
        project?._id ??
        expectOk(await h().op(createProject, COUNTY_HEAD, { countyId: 'st-CX-0001', name: '曹县北关小学项目', contractor: '示例建设集团有限公司', responsibleStationId: STREET }, { requestId: 'req-project-once' })).id
      for (const w of ['p1', 'p2', 'p3']) await fileAgainst(h(), `worker-${w}`, `包工头${w}`, { category: 'wage_arrears', projectId: pid })
      const raised = (await alertsOf(h())).items.filter((a) => a.kind === 'project')
      expect(raised).toEqual([expect.objectContaining({ subject: '曹县北关小学项目', kindLabel: '工程项目', caseCount: 3 })])
    })
  })
})

describe('enterprise stations and projects stored before their employer keys', () => {
  it('get their keys from the sweep once; the record stops it from looking again', async () => {
    const h = await makeHarness()
    try {
      const firm = (await h.store.find<StationDoc>('stations', { where: { kind: 'enterprise' }, limit: 1 })).items[0]!
      const { employerKey: key, _v, ...older } = firm
      expect(key).toBeTruthy()
      await h.store.remove('stations', firm._id, _v)
      await h.store.insert<StationDoc>('stations', older)
      expectOk(await h.op(runSweep, null, {}))
      expect((await h.store.get<StationDoc>('stations', firm._id))!.employerKey).toBe(key)
      expect(await h.store.get('settings', 'migration.employer-keys')).toMatchObject({ written: expect.any(Number) })
      // Recorded: a station that loses its key again is not looked at by the next day's setup pass.
      const again = (await h.store.get<StationDoc>('stations', firm._id))!
      await h.store.update<StationDoc>('stations', firm._id, again._v, { employerKey: undefined })
      h.clock.now += 86_400_000
      expectOk(await h.op(runSweep, null, {}))
      expect((await h.store.get<StationDoc>('stations', firm._id))!.employerKey).toBeUndefined()
    } finally {
      await h.close()
    }
  })
})

import {
  CASE_ACCESS_TABLE,
  IDENTITY_SIDES,
  PRIVACIES_SEEN_BY,
  STATION_ACCESS_TABLE,
  SUBTREE_KINDS,
  type CaseAccess,
  type Relation,
  type StationAccess,
  type StationRelation,
} from '../../types/authz'
import type { Contract } from '../../types/contract'
import * as K from '../../types/contracts'
import { CONTRACTS } from '../../types/contracts'
import { TERMINAL_STATES, type Role, type Side } from '../../types/domain'
import { usccCheckChar } from '../../types/uscc'
import type { Result } from '../../types/errors'
import { DEFAULT_SLA_POLICY } from '../../cloudfunctions/core/domain/sla-policy'
import type { AlertDoc, CaseDoc, MembershipDoc, OfficerDoc, LedgerRollupDoc, ProjectDoc, StationDoc, StationRatingDoc, SupervisionDoc, SurveyTaskDoc } from '../../cloudfunctions/core/app/records'
import { DEFAULT_RATING_CONFIG } from '../../cloudfunctions/core/domain/ratings'
import { ratingId, supervisionId } from '../../cloudfunctions/core/app/ratings'
import { rollupId } from '../../cloudfunctions/core/app/ledger'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { plainJpeg } from '../support/media-fixtures'
import { expectOk, makeHarness, newRequestId, OTHER_WORKER, submitInput, WORKER, type Harness } from '../support/harness'

/**
 * The authorization matrix of every operation in CONTRACTS, generated from the declarations: each contract's
 * `audience`, `caseAccess` and `stationAccess`, read through the tables of types/authz.ts by an oracle written
 * here (not the dispatcher's own check). For every operation × caller the oracle says allowed or refused (and
 * with which code); the call goes through the harness with a valid input built by the operation's fixture, and
 * exactly the allowed calls get past authorization: a refused one answers the oracle's code, an allowed one
 * anything but an authorization refusal (and at least one caller of every operation succeeds, so the fixture
 * really is a valid call).
 *
 * A new operation fails this test until it has a fixture below (the type checker asks for it too).
 *
 * The one rule not in the tables is the worker's own case (a worker operation on a case answers anyone but the
 * worker who filed it as if the case did not exist): the fixtures of those operations say so (`workerCase`).
 */
jest.setTimeout(120_000)

const HOME = 'st-CX-0002' // 曹城街道 (township): the station "in scope" callers work at; fixtures aim here
const AWAY = 'st-CX-0003' // 曹县经济开发区 (park), a sibling in the same county: "out of scope"
const COUNTY = 'st-CX-0001'
const HEAD_HOME = 'in-head-government' // the caller whose hands fixtures use to build state at HOME

const ROLES: Role[] = ['head', 'liaison', 'member']
const SIDES: Side[] = ['government', 'union', 'employer', 'worker_rep', 'third_party']

/** The callers: openid, and the memberships the test gives them (seeded callers keep the seed's). */
interface Caller {
  name: string
  openid: string | null
  make?: { stationId: string; role: Role; side: Side }
}
const CALLERS: Caller[] = [
  { name: 'anonymous', openid: null },
  { name: 'the case’s worker', openid: WORKER },
  { name: 'another worker', openid: OTHER_WORKER },
  ...ROLES.flatMap((role) => SIDES.map((side) => ({ name: `in-${role}-${side}`, openid: `in-${role}-${side}`, make: { stationId: HOME, role, side } }))),
  ...ROLES.flatMap((role) => SIDES.map((side) => ({ name: `out-${role}-${side}`, openid: `out-${role}-${side}`, make: { stationId: AWAY, role, side } }))),
  { name: 'a removed officer', openid: 'removed-officer' },
  { name: 'the county’s admin', openid: 'dev-CX-county-head' },
  { name: 'the city admin', openid: 'dev-city-admin' },
  { name: 'an admin of another county', openid: 'dev-MD-county-head' },
]

/** What a fixture builds with: the harness and a few ready-made things. */
interface Fx {
  h: Harness
  /** A new open case at HOME filed by the case's worker, brought to `state` by HOME's head. */
  newCase: (state?: 'submitted' | 'accepted' | 'on_hold' | 'resolved', over?: Parameters<typeof submitInput>[0]) => Promise<{ id: string; version: number; caseNo: string }>
  version: (id: string) => Promise<number>
  seq: () => number
}

interface Fixture<S = unknown> {
  /** Built once per operation (a fresh harness each), e.g. a campaign its calls share. */
  setup?: (f: Fx) => Promise<S>
  /** A valid input, built before each call (a fresh case, a fresh invite, …). */
  input: (f: Fx, s: S, caller: string | null) => Promise<Record<string, unknown>> | Record<string, unknown>
  /** A worker operation on the case of the case's worker: anyone else finds no case (CASE_NOT_FOUND). */
  workerCase?: boolean
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each fixture keeps its own state type
type AnyFixture = Fixture<any>
const fx = <S>(f: Fixture<S>): Fixture<S> => f

const ok = <T>(r: Result<T>): T => expectOk(r)
const ymd = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
const CASE_FIELDS = { text: '已经联系单位核实情况。', reason: '需要进一步协调处理' }

const newInvite = async (f: Fx) =>
  ok(await f.h.op(K.createInvite, HEAD_HOME, { stationId: HOME, name: `受邀${f.seq()}`, role: 'member', side: 'union' })).code
const newNotice = async (f: Fx) =>
  ok(
    await f.h.op(K.createNotice, HEAD_HOME, {
      stationId: HOME,
      title: `测试通知${f.seq()}`,
      category: 'guide',
      body: '这是一条测试用的通知正文内容。',
      publishAt: null,
      expiresAt: null,
      draft: false,
    }),
  )
/** Surveys run at enterprise and park stations only: their fixtures aim at AWAY (a park), whose officers are then the ones in scope. */
const SURVEYED = AWAY
const campaign = async (f: Fx) =>
  ok(await f.h.op(K.openCampaign, 'out-head-government', { stationId: SURVEYED, startsOn: ymd(f.h.clock.now), days: 14, headcount: 40 })).id
const freshStation = async (f: Fx) =>
  ok(
    await f.h.op(K.createStation, 'dev-city-admin', {
      parentId: HOME,
      kind: 'enterprise',
      name: `测试企业驿站${f.seq()}`,
      address: '曹县测试路1号',
      phone: '0530-5001234',
    }),
  ).id as string
const assisted = async (f: Fx) =>
  ok(
    await f.h.op(K.fileAssistedCase, HEAD_HOME, {
      ...submitInput(),
      contact: { name: '王五', phone: '13800000009' },
      stationId: HOME,
      channel: 'walk_in',
    }),
  ).slip

/** The quarter ratings are run for: the last one ended at the harness's clock (2026-11-25). */
const RATED = '2026-Q3'
/** A fresh station under HOME put under supervision by the city admin. */
const supervised = async (f: Fx) => {
  const stationId = await freshStation(f)
  ok(await f.h.op(K.enterSupervision, 'dev-city-admin', { stationId, reason: '多次被职工投诉不作为' }))
  return stationId
}
/** A listing with its own (valid) credit code. */
const blacklistEntry = (f: Fx) => {
  const first17 = `91371700MA3D${String(f.seq()).padStart(5, '0')}`
  return { subjectName: '菏泽示例劳务有限公司', uscc: first17 + usccCheckChar(first17)!, docNo: '菏人社欠黑〔2026〕3号', decidedOn: ymd(f.h.clock.now), reason: '拖欠 46 名农民工工资 120 万元，经责令限期支付逾期未支付' }
}

const FIXTURES: { [K in keyof typeof CONTRACTS]: AnyFixture | AnyFixture[] } = {
  // Stations and the worker's start
  getStation: fx({ input: () => ({ code: 'HZ-CX-0002' }) }),
  listCounties: fx({ input: () => ({}) }),
  listCountyStations: fx({ input: () => ({ countyId: COUNTY }) }),
  getMe: fx({ input: () => ({}) }),
  listProjects: fx({ input: () => ({ stationId: HOME }) }),
  listCategories: fx({ input: () => ({}) }),
  suggestEmployers: fx({ input: () => ({ stationId: HOME, prefix: '示例' }) }),
  // A worker's own cases
  submitCase: fx({ input: () => submitInput() }),
  listMyCases: fx({ input: () => ({}) }),
  getMyCase: fx({ workerCase: true, input: async (f) => ({ id: (await f.newCase()).id }) }),
  withdrawCase: fx({ workerCase: true, input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version } } }),
  addCaseInfo: fx({ workerCase: true, input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version, text: '补充一下：老板姓王。' } } }),
  confirmCase: fx({ workerCase: true, input: async (f) => { const c = await f.newCase('resolved'); return { id: c.id, version: c.version, rating: 5 } } }),
  reopenCase: fx({ workerCase: true, input: async (f) => { const c = await f.newCase('resolved'); return { id: c.id, version: c.version, reason: '工资还是没有发下来。' } } }),
  getMyCaseMedia: fx({ workerCase: true, input: async (f) => ({ id: (await f.newCase()).id }) }),
  uploadMedia: fx({ input: (f) => ({ uploadId: `upload-${f.seq()}-xx`, kind: 'photo', size: plainJpeg().length, index: 0, data: Buffer.from(plainJpeg()).toString('base64') }) }),
  claimCase: fx({ input: async (f) => { const s = await assisted(f); return { caseNo: s.caseNo, code: s.claimCode! } } }),
  redeemInvite: fx({ input: async (f) => ({ code: await newInvite(f) }) }),
  // An officer on a case
  getCaseDetail: fx({ input: async (f) => ({ id: (await f.newCase()).id }) }),
  acceptCase: fx({ input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version } } }),
  startCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version } } }),
  replyCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, text: CASE_FIELDS.text } } }),
  noteCase: fx({ input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version, text: CASE_FIELDS.text } } }),
  holdCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, reason: CASE_FIELDS.reason } } }),
  resumeCase: fx({ input: async (f) => { const c = await f.newCase('on_hold'); return { id: c.id, version: c.version } } }),
  transferCase: fx({ input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version, toStationId: AWAY, reason: CASE_FIELDS.reason } } }),
  answerTransfer: fx({
    // Filed at AWAY and sent to HOME: HOME's officers are the transfer's target.
    input: async (f) => {
      const { id } = await f.h.file({ stationId: AWAY })
      ok(await f.h.op(K.transferCase, 'dev-CX-park-liaison', { id, version: await f.version(id), toStationId: HOME, reason: CASE_FIELDS.reason }))
      return { id, version: await f.version(id), accept: true }
    },
  }),
  escalateCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, reason: CASE_FIELDS.reason } } }),
  referCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, to: 'arbitration', where: '', reason: CASE_FIELDS.reason } } }),
  resolveCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, text: '单位已补发全部工资。', conclusion: 'solved' } } }),
  flagGroupCase: fx({ input: async (f) => { const c = await f.newCase(); return { id: c.id, version: c.version, reason: CASE_FIELDS.reason } } }),
  superviseCase: fx({ input: async (f) => { const c = await f.newCase('accepted'); return { id: c.id, version: c.version, text: CASE_FIELDS.reason } } }),
  issueClaimCode: fx({ input: async (f) => ({ id: (await assisted(f)).caseId }) }),
  listCaseLinks: fx({ input: async (f) => ({ id: (await f.newCase()).id }) }),
  linkCase: fx({ input: async (f) => ({ id: (await f.newCase()).id, caseNo: (await f.newCase()).caseNo }) }),
  unlinkCase: fx({
    input: async (f) => {
      const a = await f.newCase()
      const b = await f.newCase()
      ok(await f.h.op(K.linkCase, HEAD_HOME, { id: a.id, caseNo: b.caseNo }))
      return { id: a.id, otherId: b.id }
    },
  }),
  getCaseMedia: fx({ input: async (f) => ({ id: (await f.newCase()).id }) }),
  templatesForCase: fx({ input: async (f) => ({ id: (await f.newCase()).id }) }),
  // The inbox
  listInbox: [
    fx({ input: () => ({ stationId: HOME, tab: 'pending' }) }),
    fx({ input: () => ({ stationId: HOME, tab: 'pending', scope: 'subtree' }) }),
    fx({ input: () => ({ stationId: COUNTY, tab: 'active', scope: 'subtree', filterStationId: HOME }) }),
  ],
  inboxFilters: fx({ input: () => ({ stationId: HOME }) }),
  fileAssistedCase: fx({ input: () => ({ ...submitInput(), stationId: HOME, channel: 'phone' }) }),
  // The network
  getNetworkTree: fx({ input: () => ({}) }),
  createStation: fx({ input: (f) => ({ parentId: HOME, kind: 'enterprise', name: `新建企业驿站${f.seq()}`, address: '曹县测试路2号', phone: '0530-5001235' }) }),
  updateStation: fx({
    input: async (f) => {
      const id = await freshStation(f)
      return { id, version: (await f.h.store.get<StationDoc>(COLLECTIONS.stations, id))!._v, name: `改名企业驿站${f.seq()}`, address: '曹县测试路3号', phone: '0530-5001236', hours: '工作日 9:00-17:00' }
    },
  }),
  setStationStatus: fx({
    input: async (f) => {
      const id = await freshStation(f)
      return { id, version: (await f.h.store.get<StationDoc>(COLLECTIONS.stations, id))!._v, status: 'suspended', reason: '企业停产整顿' }
    },
  }),
  moveStation: fx({
    input: async (f) => {
      const id = await freshStation(f)
      return { id, version: (await f.h.store.get<StationDoc>(COLLECTIONS.stations, id))!._v, parentId: AWAY, reason: '企业搬进开发区' }
    },
  }),
  getStationDetail: fx({ input: () => ({ id: HOME }) }),
  listStationOfficers: fx({ input: () => ({ stationId: HOME }) }),
  createInvite: [
    fx({ input: (f) => ({ stationId: HOME, name: `新成员${f.seq()}`, role: 'member', side: 'union' }) }),
    fx({ input: (f) => ({ stationId: COUNTY, name: `新管理员${f.seq()}`, role: 'member', side: 'government', admin: true }) }),
  ],
  cancelInvite: fx({ input: async (f) => ({ code: await newInvite(f) }) }),
  removeMembership: fx({
    input: async (f) => {
      const n = f.seq()
      const officerId = `of-leaving-${n}`
      await f.h.store.insert<OfficerDoc>(COLLECTIONS.officers, { _id: officerId, openid: `leaving-${n}`, name: '将离开的成员', createdAt: f.h.clock.now })
      await f.h.store.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: `ms-${officerId}`, officerId, openid: `leaving-${n}`, stationId: HOME, role: 'member', side: 'union', admin: false, createdAt: f.h.clock.now })
      return { membershipId: `ms-${officerId}`, reason: '调离本驿站' }
    },
  }),
  createProject: fx({ input: (f) => ({ countyId: COUNTY, name: `测试工程项目${f.seq()}`, contractor: '测试建设公司', responsibleStationId: HOME }) }),
  // Settings of the city
  getPolicy: fx({ input: () => ({}) }),
  setPolicy: fx({ input: async (f) => ({ version: ok(await f.h.op(K.getPolicy, 'dev-city-admin', {})).version, policy: DEFAULT_SLA_POLICY }) }),
  previewPolicy: fx({ input: () => ({ policy: DEFAULT_SLA_POLICY }) }),
  getCalendar: fx({ input: () => ({}) }),
  setCalendarYear: fx({
    input: async (f) => {
      const cal = ok(await f.h.op(K.getCalendar, 'dev-city-admin', {}))
      const y = cal.years.find((x) => x.year === '2026')!
      return { version: cal.version, year: '2026', arrangement: { source: y.source, holidays: y.holidays.map((x) => ({ name: x.name, dates: x.dates })), makeupWorkdays: y.makeupDates } }
    },
  }),
  listAccessLog: fx({ input: () => ({}) }),
  runPrivacyMigration: fx({ input: () => ({ dryRun: true }) }),
  runVerdictMigration: fx({ input: () => ({ dryRun: true }) }),
  runSweep: fx({ input: () => ({}) }),
  listConclusions: fx({ input: () => ({}) }),
  setConclusions: fx({
    input: async (f) => {
      const list = ok(await f.h.op(K.listConclusions, 'dev-city-admin', {}))
      return { version: list.version, items: list.items.map((i) => ({ key: i.key, label: i.label, needsNote: i.needsNote, active: i.active })) }
    },
  }),
  // Policy notices
  listNotices: fx({ input: () => ({ stationId: HOME }) }),
  getNotice: fx({ input: () => ({ id: 'ntc-demo-cx-street-case' }) }),
  listNoticePlaces: fx({ input: () => ({}) }),
  listManagedNotices: fx({ input: () => ({ stationId: HOME }) }),
  getManagedNotice: fx({ input: () => ({ id: 'ntc-demo-cx-street-case' }) }),
  createNotice: fx({ input: (f) => ({ stationId: HOME, title: `新的通知${f.seq()}`, category: 'guide', body: '这是一条新的测试通知正文。', publishAt: null, expiresAt: null, draft: true }) }),
  updateNotice: fx({
    input: async (f) => {
      const n = await newNotice(f)
      return { id: n.id, version: n.version, title: '修改后的通知', category: 'guide', body: '这是修改后的通知正文内容。', publishAt: null, expiresAt: null, draft: false }
    },
  }),
  withdrawNotice: fx({ input: async (f) => { const n = await newNotice(f); return { id: n.id, version: n.version, reason: '内容已经过时' } } }),
  previewNotice: fx({ input: () => ({ body: '## 标题\n\n正文' }) }),
  uploadNoticeFile: fx({ input: (f) => ({ uploadId: `notice-upload-${f.seq()}`, kind: 'photo', size: plainJpeg().length, index: 0, data: Buffer.from(plainJpeg()).toString('base64') }) }),
  getNoticeRevision: fx({ input: async (f) => ({ id: (await newNotice(f)).id, rev: 1 }) }),
  // Jobs: the caller's own (a job no one started answers JOB_NOT_FOUND to everyone, which is no refusal)
  getJob: fx({
    setup: async (f) => {
      const jobId = `ledger-job-${f.seq()}-xx`
      ok(await f.h.op(K.exportLedger, HEAD_HOME, { stationId: HOME, month: ymd(f.h.clock.now).slice(0, 7), jobId }))
      return jobId
    },
    input: (_f, jobId: string) => ({ jobId }),
  }),
  // 聚集预警: an alert at HOME
  listAlerts: fx({ input: () => ({ stationId: HOME }) }),
  ...(() => {
    const alertAt = async (f: Fx) => {
      const cases = [await f.newCase(), await f.newCase()]
      const id = `alert-${f.seq()}`
      const at = f.h.clock.now
      await f.h.store.insert<AlertDoc>(COLLECTIONS.alerts, {
        _id: id,
        stationId: HOME,
        clusterKey: `employer|测试单位${id}`,
        subject: '测试单位',
        kind: 'employer',
        caseIds: cases.map((c) => c.id),
        caseCount: 2,
        privacy: 'open',
        workers: 2,
        status: 'open',
        raisedAt: at,
        lastCaseAt: at,
      })
      return id
    }
    return {
      getAlert: fx({ input: async (f) => ({ id: await alertAt(f) }) }),
      closeAlert: fx({ input: async (f) => ({ id: await alertAt(f), version: 1, decision: '已约谈企业负责人，限期整改。' }) }),
      linkAlertCases: fx({ input: async (f) => ({ id: await alertAt(f) }) }),
    }
  })(),
  // Surveys
  getSurveyForm: fx({ setup: campaign, input: (_f, campaignId: string) => ({ campaignId }) }),
  submitSurvey: fx({
    setup: async (f) => {
      const campaignId = await campaign(f)
      const form = ok(await f.h.op(K.getSurveyForm, WORKER, { campaignId }))
      return { campaignId, ratings: Object.fromEntries(form.template.dimensions.flatMap((d) => d.questions.map((q) => [q.key, 4]))) }
    },
    input: (f, s: { campaignId: string; ratings: Record<string, number> }) => ({ ...s, key: `answer-key-${f.seq()}-x` }),
  }),
  mySurveys: fx({ input: () => ({}) }),
  listSurveyStations: fx({ input: () => ({}) }),
  getSurveyStation: fx({ input: () => ({ stationId: SURVEYED }) }),
  openCampaign: fx({ input: (f) => ({ stationId: SURVEYED, startsOn: ymd(f.h.clock.now), days: 14, headcount: 40 }) }),
  // One campaign runs at a time: the first caller allowed closes it, the later ones find it closed (no refusal).
  closeCampaign: fx({ setup: campaign, input: (_f, campaignId: string) => ({ campaignId }) }),
  getSurveyResults: fx({ setup: campaign, input: (_f, campaignId: string) => ({ campaignId }) }),
  listSurveyComments: fx({ setup: campaign, input: (_f, campaignId: string) => ({ campaignId }) }),
  exportSurveyResults: fx({ setup: campaign, input: (f, campaignId: string) => ({ campaignId, jobId: `survey-job-${f.seq()}-x` }) }),
  closeSurveyTask: fx({
    input: async (f) => {
      const id = `task-${f.seq()}`
      await f.h.store.insert<SurveyTaskDoc>(COLLECTIONS.surveyTasks, {
        _id: id,
        stationId: SURVEYED,
        stationName: '曹县经济开发区劳动关系服务驿站',
        countyId: COUNTY,
        campaignId: 'campaign-test',
        dimension: 'hours',
        mean: 2.1,
        threshold: 3,
        status: 'open',
        openedAt: f.h.clock.now,
      })
      return { taskId: id, note: '已经调整排班，保证每周休息一天' }
    },
  }),
  surveyOverview: fx({ input: () => ({}) }),
  listCampaigns: fx({ input: () => ({ year: 2026 }) }),
  getSurveyTemplate: fx({ input: () => ({}) }),
  publishSurveyTemplate: fx({
    input: async (f) => {
      const t = ok(await f.h.op(K.getSurveyTemplate, 'dev-city-admin', {}))
      return { basedOn: t.current.version, note: '同样的题目再发布一次', commentPrompt: t.current.commentPrompt, dimensions: t.current.dimensions.map((d) => ({ key: d.key, questions: d.questions.map((q) => q.text) })) }
    },
  }),
  setSurveyThreshold: fx({ input: async (f) => ({ version: ok(await f.h.op(K.getSurveyTemplate, 'dev-city-admin', {})).threshold.version, value: 3 }) }),
  // Reply templates
  listTemplates: fx({ input: () => ({ stationId: HOME }) }),
  saveTemplate: fx({ input: (f) => ({ stationId: HOME, title: `回复${f.seq()}`, text: '您好，我们已经收到您的诉求。' }) }),
  removeTemplate: fx({
    input: async (f) => {
      const t = ok(await f.h.op(K.saveTemplate, HEAD_HOME, { stationId: HOME, title: `回复${f.seq()}`, text: '您好，我们已经收到您的诉求。' }))
      return { stationId: HOME, id: t.id, version: t.version }
    },
  }),
  // The ledger and the dashboard
  getLedger: fx({ input: () => ({ stationId: HOME }) }),
  exportLedger: fx({ input: (f) => ({ stationId: HOME, month: ymd(f.h.clock.now).slice(0, 7), jobId: `ledger-job-${f.seq()}-x` }) }),
  createActivity: fx({ input: (f) => ({ stationId: HOME, kind: 'propaganda', date: ymd(f.h.clock.now), place: '曹城街道文化广场', attendees: 30, note: '劳动法律法规宣传' }) }),
  uploadActivityPhoto: fx({ input: (f) => ({ stationId: HOME, uploadId: `activity-upload-${f.seq()}`, kind: 'photo', size: plainJpeg().length, index: 0, data: Buffer.from(plainJpeg()).toString('base64') }) }),
  listActivities: fx({ input: (f) => ({ stationId: HOME, month: ymd(f.h.clock.now).slice(0, 7) }) }),
  getActivityPhotos: fx({
    input: async (f) => {
      const a = ok(await f.h.op(K.createActivity, HEAD_HOME, { stationId: HOME, kind: 'meeting', date: ymd(f.h.clock.now), place: '曹城街道驿站', attendees: 8, note: '驿站例会' }))
      return { stationId: HOME, id: a.id }
    },
  }),
  removeActivity: fx({
    // Only the officer who recorded an activity removes it (the handler's rule, below the table's): each caller
    // removes one of their own where they may record one, else one HOME's head recorded.
    input: async (f, _s, caller) => {
      const activity = { stationId: HOME, kind: 'visit' as const, date: ymd(f.h.clock.now), place: '曹城街道某工地', attendees: 5, note: '走访工地了解工资发放' }
      const own = caller ? await f.h.op(K.createActivity, caller, activity) : null
      const a = own?.ok ? own.data : ok(await f.h.op(K.createActivity, HEAD_HOME, activity))
      return { stationId: HOME, id: a.id, version: a.version }
    },
  }),
  getDashboard: fx({ input: () => ({ stationId: HOME }) }),
  // Content security: only the platform pushes a verdict (a trace no check asked for yet is kept for when it does)
  recordMediaVerdict: fx({ input: (f) => ({ traceId: `trace-${f.seq()}`, suggest: 'pass' }) }),
  // Data protection
  getRetention: fx({ input: () => ({}) }),
  setRetention: fx({ input: async (f) => ({ version: ok(await f.h.op(K.getRetention, 'dev-city-admin', {})).version, years: 3 }) }),
  previewRetention: fx({ input: () => ({ years: 2 }) }),
  getMyData: fx({ input: () => ({}) }),
  exportMyData: fx({ input: (f) => ({ jobId: `mydata-job-${f.seq()}-x` }) }),
  eraseMyData: fx({ input: () => ({ confirm: true }) }),
  getRetentionWords: fx({ input: () => ({}) }),
  // A worker's own job (someone else's answers JOB_NOT_FOUND, which is no refusal)
  getWorkerJob: fx({
    setup: async (f) => {
      const jobId = `mydata-job-${f.seq()}-xx`
      ok(await f.h.op(K.exportMyData, WORKER, { jobId }))
      return jobId
    },
    input: (_f, jobId: string) => ({ jobId }),
  }),
  // Posters
  getPoster: fx({ input: () => ({ stationId: HOME }) }),
  remakePoster: fx({ input: () => ({ stationId: HOME }) }),
  batchPosters: fx({ input: (f) => ({ countyId: COUNTY, jobId: `poster-job-${f.seq()}-x` }) }),
  // 定期调度和通报: a county's weekly report, built on demand by the city admin for the reading ones
  listReportPlaces: fx({ input: () => ({}) }),
  listReports: fx({ input: () => ({ stationId: COUNTY }) }),
  getReport: fx({ setup: async (f) => ok(await f.h.op(K.generateReport, 'dev-city-admin', { stationId: COUNTY })).week, input: (_f, week: string) => ({ stationId: COUNTY, week }) }),
  generateReport: fx({ input: () => ({ stationId: COUNTY }) }),
  exportReport: fx({
    setup: async (f) => ok(await f.h.op(K.generateReport, 'dev-city-admin', { stationId: COUNTY })).week,
    input: (f, week: string) => ({ stationId: COUNTY, week, jobId: `report-job-${f.seq()}-x` }),
  }),
  listInternalNotices: fx({ input: () => ({}) }),
  // 星级驿站, 重点监督, awards (the last ended quarter is 2026-Q3)
  getStationRating: fx({ input: () => ({ stationId: HOME }) }),
  listRatings: fx({ input: () => ({ areaId: COUNTY }) }),
  computeRatings: fx({ input: (f) => ({ areaId: COUNTY, quarter: RATED, jobId: `rating-job-${f.seq()}-x` }) }),
  adjustRating: fx({
    // A quarter with cases at HOME (its ledger's rollup, as the case writer books it), then rated: a rating to adjust.
    setup: async (f) => {
      const n = { filed: 20, accepted: 20, acceptedOnTime: 18, resolved: 20, resolvedOnTime: 16, reopened: 1, rated: 10, ratingSum: 45 }
      await f.h.store.insert<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, { _id: rollupId('station', HOME, '2026-08', 'open'), level: 'station', key: HOME, countyId: COUNTY, period: '2026-08', privacy: 'open', n, cat: {}, conclusions: {}, updatedAt: f.h.clock.now })
      ok(await f.h.op(K.computeRatings, 'dev-city-admin', { areaId: COUNTY, quarter: RATED, jobId: `rating-job-${f.seq()}-xx` }))
    },
    input: async (f) => ({ stationId: HOME, quarter: RATED, stars: 3, reason: '本季度有一起群体性事件处置不力', version: (await f.h.store.get<StationRatingDoc>(COLLECTIONS.stationRatings, ratingId(RATED, HOME)))!._v }),
  }),
  getRatingConfig: fx({ input: () => ({}) }),
  setRatingConfig: fx({ input: async (f) => ({ version: ok(await f.h.op(K.getRatingConfig, 'dev-city-admin', {})).version, config: DEFAULT_RATING_CONFIG }) }),
  listSupervision: fx({ input: () => ({ areaId: COUNTY }) }),
  enterSupervision: fx({ input: async (f) => ({ stationId: await freshStation(f), reason: '多次被职工投诉不作为' }) }),
  leaveSupervision: fx({
    input: async (f) => {
      const stationId = await supervised(f)
      return { stationId, reason: '整改任务全部完成，经复查达到要求', version: (await f.h.store.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(stationId)))!._v }
    },
  }),
  taskOfficers: fx({ input: () => ({ stationId: HOME }) }),
  addTask: fx({
    setup: supervised,
    input: (f, stationId: string) => ({ stationId, title: `整改受理超时问题${f.seq()}`, dueOn: ymd(f.h.clock.now + 30 * 86_400_000), officerId: `of-${HEAD_HOME}` }),
  }),
  myTasks: fx({ input: () => ({}) }),
  finishTask: fx({
    // A task is its officer's alone (anyone else finds none, TASK_NOT_FOUND, no refusal): each officer at HOME finishes one given to them.
    setup: supervised,
    input: async (f, stationId: string, caller) => {
      const officerId = caller?.startsWith('in-') ? `of-${caller}` : `of-${HEAD_HOME}`
      const t = ok(await f.h.op(K.addTask, 'dev-city-admin', { stationId, title: `整改受理超时问题${f.seq()}`, dueOn: ymd(f.h.clock.now + 30 * 86_400_000), officerId }))
      return { id: t.id, note: '已经建立每日查看制度，专人负责', version: t.version }
    },
  }),
  createAward: fx({ input: (f) => ({ stationId: HOME, who: `曹城街道王所长${f.seq()}`, why: '一年调解欠薪纠纷 40 起，追回工资 60 万元', awardedOn: ymd(f.h.clock.now) }) }),
  listAwards: fx({ input: () => ({ areaId: COUNTY }) }),
  // 菏薪共治
  // Members of a city or county station only (`member` and `subtree`): a township's answers no one, the county's its members.
  getProjectLedger: [fx({ input: () => ({ stationId: HOME }) }), fx({ input: () => ({ stationId: COUNTY }) })],
  getProjectForm: fx({ input: () => ({ countyId: COUNTY }) }),
  updateProject: fx({
    input: async (f) => {
      const p = ok(await f.h.op(K.createProject, 'dev-city-admin', { countyId: COUNTY, name: `测试工程项目${f.seq()}`, contractor: '测试建设公司', responsibleStationId: HOME }))
      const v = (await f.h.store.get<ProjectDoc>(COLLECTIONS.projects, p.id))!._v
      return { countyId: COUNTY, projectId: p.id, version: v, name: p.name, contractor: '测试建设集团', responsibleStationId: HOME, workerCount: 40 }
    },
  }),
  searchBlacklist: fx({ input: () => ({ q: '劳务' }) }),
  listBlacklist: fx({ input: () => ({}) }),
  createBlacklistEntry: fx({ input: (f) => blacklistEntry(f) }),
  removeBlacklistEntry: fx({
    input: async (f) => {
      const e = ok(await f.h.op(K.createBlacklistEntry, 'dev-city-admin', blacklistEntry(f)))
      return { id: e.id, version: e.version, reason: '行政复议撤销原决定' }
    },
  }),
  // The export runs from a county (or the city): a township answers that it cannot, after authorization.
  exportCases: fx({ input: (f) => ({ stationId: COUNTY, since: null, jobId: `export-job-${f.seq()}-x` }) }),
}

// ---------------------------------------------------------------------------------------------------------
// The oracle: the declarations, read here.

type Expect = { allowed: true } | { allowed: false; code: string }
const REFUSAL_CODES = new Set(['AUTH_REQUIRED', 'AUTH_NOT_OFFICER', 'AUTH_FORBIDDEN', 'SWEEP_CALLER_FORBIDDEN', 'STATION_OUT_OF_SCOPE'])
const refuse = (code: string): Expect => ({ allowed: false, code })

interface Member {
  stationId: string
  role: Role
  side: Side
  admin: boolean
}

/** How a station stands to a case (DECISIONS D3), from the case's placement. */
const caseRelations = (stationId: string, c: CaseDoc): Relation[] => {
  const out: Relation[] = []
  if (stationId === c.ownerStationId) out.push('owner')
  else if (c.ownerPath.includes(stationId)) out.push('ancestor')
  if (c.supervisorStationId === stationId) out.push('supervisor')
  if (c.pendingTransfer?.toStationId === stationId) out.push('transfer_target')
  if (c.firstStationId === stationId && !TERMINAL_STATES.includes(c.state)) out.push('first_station')
  return out
}

const caseAllows = (access: CaseAccess, c: CaseDoc, members: Member[]): boolean =>
  members.some((m) => {
    const rule = CASE_ACCESS_TABLE[access]
    if (!PRIVACIES_SEEN_BY[m.side].includes(c.privacy)) return false
    if (access === 'view_identity' && !IDENTITY_SIDES[c.privacy].includes(m.side)) return false
    return rule.roles.includes(m.role) && rule.sides.includes(m.side) && caseRelations(m.stationId, c).some((r) => rule.relations.includes(r))
  })

/** An admin flag counts on the government side only (D8b). */
const adminAt = (members: Member[]) => members.filter((m) => m.admin && m.side === 'government').map((m) => m.stationId)

const stationRelations = async (h: Harness, station: StationDoc | null, members: Member[]): Promise<StationRelation[]> => {
  const out: StationRelation[] = []
  const adminStations = (await Promise.all(adminAt(members).map((id) => h.store.get<StationDoc>(COLLECTIONS.stations, id)))).filter((s): s is StationDoc => !!s)
  const city = adminStations.some((s) => s.kind === 'city')
  if (city) out.push('city_admin')
  if (!station) return out
  const here = members.filter((m) => m.stationId === station._id)
  if (here.length) out.push('member')
  if (here.some((m) => m.role === 'head')) out.push('head')
  if (here.some((m) => m.role === 'head' && m.side === 'government')) out.push('government_head')
  const counties = adminStations.filter((s) => s.kind === 'county').map((s) => s._id)
  if (city || counties.includes(station._id) || (station.countyId !== null && counties.includes(station.countyId))) out.push('admin_over')
  return out
}

/** The station an operation names, found as its declaration says (by id, or through the document named). */
const namedStation = async (h: Harness, contract: Contract, input: Record<string, unknown>): Promise<StationDoc | null> => {
  const from = contract.stationAccess?.from
  if (!from) return null
  const value = input[from.field] as string
  const via: Record<string, string> = {
    invite: COLLECTIONS.invites,
    membership: COLLECTIONS.memberships,
    notice: COLLECTIONS.policyNotices,
    alert: COLLECTIONS.alerts,
    surveyCampaign: COLLECTIONS.surveyCampaigns,
    surveyTask: COLLECTIONS.surveyTasks,
  }
  const stationId = from.via ? (await h.store.get<{ _id: string; _v: number; stationId: string }>(via[from.via]!, value))!.stationId : value
  return h.store.get<StationDoc>(COLLECTIONS.stations, stationId)
}

const expected = async (h: Harness, contract: Contract, fixture: AnyFixture, input: Record<string, unknown>, openid: string | null): Promise<Expect> => {
  const officer = openid ? (await h.store.find<OfficerDoc>(COLLECTIONS.officers, { where: { openid }, limit: 1 })).items[0] : undefined
  const members: Member[] = officer
    ? (await h.store.find<MembershipDoc>(COLLECTIONS.memberships, { where: { openid: openid! }, limit: 200 })).items.filter((m) => m.officerId === officer._id)
    : []
  switch (contract.audience) {
    case 'system':
      if (openid) return refuse('SWEEP_CALLER_FORBIDDEN')
      break
    case 'user':
      if (!openid) return refuse('AUTH_REQUIRED')
      if (fixture.workerCase && openid !== WORKER) return refuse('CASE_NOT_FOUND')
      break
    case 'officer':
    case 'admin':
      if (!openid) return refuse('AUTH_REQUIRED')
      if (!members.length) return refuse('AUTH_NOT_OFFICER')
      if (contract.audience === 'admin' && !adminAt(members).length) return refuse('AUTH_FORBIDDEN')
      break
  }
  if (contract.caseAccess) {
    const c = (await h.store.get<CaseDoc>(COLLECTIONS.cases, input.id as string))!
    if (!caseAllows('view', c, members)) return refuse('CASE_NOT_FOUND')
    if (!caseAllows(contract.caseAccess, c, members)) return refuse('AUTH_FORBIDDEN')
  }
  if (contract.stationAccess) {
    const { access, within } = contract.stationAccess
    const station = await namedStation(h, contract, input)
    const relations = await stationRelations(h, station, members)
    const rules = typeof access === 'function' ? access(input as never) : access
    for (const rule of (typeof rules === 'string' ? [rules] : rules) as StationAccess[]) {
      const r = STATION_ACCESS_TABLE[rule]
      const kindOk = !r.kinds || (!!station && r.kinds.includes(station.kind))
      if (!kindOk || !r.relations.some((x) => relations.includes(x))) return refuse(r.refusal.code)
    }
    if (within && typeof input[within.field] === 'string') {
      const inner = await h.store.get<StationDoc>(COLLECTIONS.stations, input[within.field] as string)
      if (!inner || !station || !inner.path.includes(station._id)) return refuse('STATION_OUT_OF_SCOPE')
    }
  }
  return { allowed: true }
}

// ---------------------------------------------------------------------------------------------------------
// The run.

const world = async (): Promise<{ h: Harness; f: Fx }> => {
  const h = await makeHarness()
  let n = 0
  const now = h.clock.now
  for (const c of CALLERS) {
    if (!c.make) continue
    const officerId = `of-${c.openid}`
    await h.store.insert<OfficerDoc>(COLLECTIONS.officers, { _id: officerId, openid: c.openid!, name: `测试${c.name}`, createdAt: now })
    await h.store.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: `ms-${officerId}`, officerId, openid: c.openid!, ...c.make, admin: false, createdAt: now })
  }
  // The removed officer: a member of HOME until its head took them off.
  await h.store.insert<OfficerDoc>(COLLECTIONS.officers, { _id: 'of-removed', openid: 'removed-officer', name: '已调离的成员', createdAt: now })
  await h.store.insert<MembershipDoc>(COLLECTIONS.memberships, { _id: 'ms-of-removed', officerId: 'of-removed', openid: 'removed-officer', stationId: HOME, role: 'member', side: 'government', admin: false, createdAt: now })
  ok(await h.op(K.removeMembership, 'dev-CX-street-head', { membershipId: 'ms-of-removed', reason: '调离本驿站' }))
  const version = async (id: string) => (await h.store.get<CaseDoc>(COLLECTIONS.cases, id))!._v
  const act = async (contract: Contract, id: string, extra: Record<string, unknown> = {}) =>
    ok(await h.op(contract, HEAD_HOME, { id, version: await version(id), ...extra } as never))
  const f: Fx = {
    h,
    seq: () => ++n,
    version,
    newCase: async (state = 'submitted', over = {}) => {
      const { id, caseNo } = await h.file(over)
      if (state !== 'submitted') await act(K.acceptCase, id)
      if (state === 'on_hold') await act(K.holdCase, id, { reason: CASE_FIELDS.reason })
      if (state === 'resolved') await act(K.resolveCase, id, { text: '单位已补发全部工资。', conclusion: 'solved' })
      return { id, caseNo, version: await version(id) }
    },
  }
  return { h, f }
}

const names = Object.keys(CONTRACTS) as Array<keyof typeof CONTRACTS>

it('has a fixture for every operation', () => {
  expect(names.filter((n) => !(n in FIXTURES))).toEqual([])
})

describe.each(names)('%s', (name) => {
  it('lets exactly the callers the declarations allow past authorization', async () => {
    const contract = CONTRACTS[name] as Contract
    const fixtures = FIXTURES[name]
    const { h, f } = await world()
    try {
      const wrong: string[] = []
      let succeeded = 0
      for (const fixture of Array.isArray(fixtures) ? fixtures : [fixtures]) {
        const state = fixture.setup ? await fixture.setup(f) : undefined
        for (const caller of CALLERS) {
          const input = await fixture.input(f, state as never, caller.openid)
          const want = await expected(h, contract, fixture, input, caller.openid)
          const r = (await h.call(contract.fn, caller.openid, contract.op, input, { requestId: newRequestId() })) as Result<unknown>
          const got = r.ok ? 'ok' : r.error.code
          if (r.ok) succeeded++
          const refusedForWho = !r.ok && (REFUSAL_CODES.has(r.error.code) || (r.error.code === 'CASE_NOT_FOUND' && (contract.caseAccess || fixture.workerCase)))
          if (want.allowed ? refusedForWho || got === 'REQUEST_INVALID' || got === 'INTERNAL' : got !== want.code)
            wrong.push(`${caller.name}: expected ${want.allowed ? 'allowed' : want.code}, got ${got}${r.ok ? '' : ` (${r.error.message})`} for ${JSON.stringify(input).slice(0, 120)}`)
        }
      }
      expect(wrong).toEqual([])
      expect(succeeded).toBeGreaterThan(0)
    } finally {
      await h.close()
    }
  })
})

describe('the callers', () => {
  it('cover every role × side in and out of scope, the workers, a removed officer and admins in and out of the county', () => {
    expect(CALLERS.filter((c) => c.make?.stationId === HOME)).toHaveLength(ROLES.length * SIDES.length)
    expect(CALLERS.filter((c) => c.make?.stationId === AWAY)).toHaveLength(ROLES.length * SIDES.length)
    expect(SUBTREE_KINDS).toContain('county')
  })
})

import { caseVersion } from '../../cloudfunctions/core/domain/thread'
import ExcelJS from 'exceljs'
import type { AccessLogDoc, AlertDoc, CaseDoc, CaseEventDoc, ContentVerdictDoc, LedgerFactDoc, MediaDoc, MembershipDoc, OfficerDoc, OutboxDoc, ProjectDoc, StationDoc, StationRatingDoc } from '../../cloudfunctions/core/app/records'
import type { Contract, InputOf } from '../../types/contract'
import {
  acceptCase,
  answerTransfer,
  computeRatings,
  confirmCase,
  exportReport,
  generateReport,
  getReport,
  listInternalNotices,
  listReportPlaces,
  listReports,
  getStationRating,
  exportCases,
  exportLedger,
  getProjectLedger,
  fileAssistedCase,
  getAlert,
  getCaseDetail,
  getCaseMedia,
  getMyData,
  InboxTab,
  getDashboard,
  getLedger,
  linkAlertCases,
  linkCase,
  listAccessLog,
  listAlerts,
  listCaseLinks,
  listInbox,
  previewRetention,
  resolveCase,
  runSweep,
  submitCase,
  transferCase,
} from '../../types/contracts'
import type { Privacy, Role } from '../../types/domain'
import type { LedgerView } from '../../types/contracts/ledger'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { ratingView } from '../../cloudfunctions/core/app/rating-view'
import { expectError, expectOk, makeHarness, sh, submitInput, type Harness } from '../support/harness'
import { plainJpeg } from '../support/media-fixtures'
import { ARREARS_OPEN_STATES } from '../../cloudfunctions/core/domain/arrears'
import { monthOf, quarterMonths, recentWeeks, weekOf } from '../../cloudfunctions/core/domain/periods'

/**
 * The privacy property (DECISIONS D8a), generated over every combination of privacy × about-own-employer ×
 * the station where the case is filed × the path it takes (QR, chosen, project, group, transfer, decline
 * bounce, escalation to the county, 代为登记 by the station's employer-side officer), for every employer-side officer: one of each role, and one carrying an
 * admin flag written before D8b. Each employer-side officer is held against a government-side twin with the
 * same station and role: the employer side sees a case, counts it, is notified of it and reads its access-log
 * rows exactly when its twin does and the case is open — in every inbox tab (即将超期 and 已超期 too), in 本站
 * and, at the county and the city, 全辖区 (also narrowed to a station), under every filter; it finds it in the station
 * ledger's figures (resolutions, conclusions, stars and money too: some cases of each privacy are answered and
 * rated) and every sheet of its export, and in every figure of the dashboard (each period's tiles, the trend, by
 * category, by station, the overdue list), exactly then too — each held against a hand count of the facts, open
 * ones for the employer side and all for the twin. The twin and the station that owns the case still see
 * it, and a case that is not open never sits on an enterprise station. Each case carries a photo that content
 * security judged risky: the employer side gets the URLs of a case's files, the photo's veil and the case's
 * content-security badge exactly when it may see the case.
 *
 * The same holds for 聚集预警 and 关联 (ADR 0011): every case is filed by a worker of its own against an employer
 * chosen so that each path raises alerts of open cases only and alerts mixing open and other cases; every
 * alert's cases are linked, and each case to the next one filed. The employer side lists, counts, opens and is
 * told of an alert exactly when its twin does and every case in it is open, and reads a case's linked cases
 * exactly as its twin does, less those that are not open.
 *
 * 菏薪共治 (ADR 0023): at a county or city station the project ledger counts, and the county view lists at risk,
 * exactly what a hand count of the open cases finds for the employer side and of every case for its twin.
 */

// Each test walks every view of every case for one officer (and now the ledger and the badges too): on a loaded
// machine that takes longer than the default 5 s.
jest.setTimeout(30_000)

interface Person {
  openid: string
  station: string
  role: Role
  admin?: boolean
}

/** Employer-side officers: two from the demo seed, the others added here. */
const EMPLOYERS: Person[] = [
  { openid: 'dev-CX-firm-hr', station: 'st-CX-0004', role: 'liaison' },
  { openid: 'dev-CX-park-employer', station: 'st-CX-0003', role: 'member' },
  { openid: 'emp-street-head', station: 'st-CX-0002', role: 'head' },
  { openid: 'emp-firm5-member', station: 'st-CX-0005', role: 'member' },
  { openid: 'emp-county-admin', station: 'st-CX-0001', role: 'liaison', admin: true },
  { openid: 'emp-city-head', station: 'st-HZ-0001', role: 'head', admin: true },
]
const twinOf = (p: Person) => `twin-${p.openid}`

/** A lead who may see every case at each station (the one who answers transfers there and checks the inbox). */
const LEAD: Record<string, string> = {
  'st-HZ-0001': 'dev-city-admin',
  'st-CX-0001': 'dev-CX-county-head',
  'st-CX-0002': 'dev-CX-street-head',
  'st-CX-0003': 'dev-CX-park-liaison',
  'st-CX-0004': 'dev-CX-firm-union',
  'st-CX-0005': 'union-firm5-head',
}

const FILED_AT = ['st-CX-0004', 'st-CX-0005', 'st-CX-0002', 'st-CX-0003', 'st-CX-0001'] as const
const PRIVACIES: Privacy[] = ['open', 'confidential', 'anonymous']
const PATHS = ['qr', 'chosen', 'project', 'group', 'transfer', 'bounce', 'escalation', 'assisted'] as const
type Path = (typeof PATHS)[number]
const TABS = InboxTab.options

/**
 * The inbox views an officer of this station may ask for: 本站, and 全辖区 at a county or city station (also
 * narrowed to a station below), each plain and under every filter: category, privacy track, filing date.
 */
type View = Omit<InputOf<typeof listInbox>, 'stationId' | 'tab'>
const viewsAt = (station: string): View[] => {
  const filters: View[] = [{}, { category: 'pay' }, { category: 'wage_arrears' }, { privacy: 'open' }, { privacy: 'confidential' }, { privacy: 'anonymous' }, { filedFrom: '2026-11-25', filedTo: '2026-12-31' }]
  const subtree = station === 'st-CX-0001' || station === 'st-HZ-0001'
  return [
    ...filters.map((f) => ({ ...f, scope: 'station' as const })),
    ...(subtree
      ? [
          ...filters.map((f) => ({ ...f, scope: 'subtree' as const })),
          { scope: 'subtree' as const, filterStationId: 'st-CX-0002' },
          { scope: 'subtree' as const, filterStationId: 'st-CX-0004', privacy: 'open' as const },
          { scope: 'subtree' as const, filterStationId: 'st-CX-0003', category: 'pay' as const },
        ]
      : []),
  ]
}

const addOfficer = async (h: Harness, openid: string, stationId: string, role: Role, side: MembershipDoc['side'], admin = false) => {
  const officerId = `of-${openid}`
  if (!(await h.store.get<OfficerDoc>('officers', officerId))) await h.store.insert<OfficerDoc>('officers', { _id: officerId, openid, name: openid, createdAt: h.clock.now })
  await h.store.insert<MembershipDoc>('memberships', { _id: `ms-${openid}-${stationId}`, officerId, openid, stationId, role, side, admin, createdAt: h.clock.now })
}

const setUp = async () => {
  const h = await makeHarness()
  for (const p of EMPLOYERS) {
    if (!p.openid.startsWith('dev-')) await addOfficer(h, p.openid, p.station, p.role, 'employer', p.admin ?? false)
    // Before D8b an employer-side membership could carry the admin flag: written straight into the store.
    else if (p.admin) throw new Error('seeded personas carry no admin flag')
    await addOfficer(h, twinOf(p), p.station, p.role, 'government')
  }
  await addOfficer(h, 'union-firm5-head', 'st-CX-0005', 'head', 'union')
  for (const station of FILED_AT)
    await h.store.insert<ProjectDoc>('projects', { _id: `pj-${station}`, name: `示例工地 ${station}`, countyId: 'st-CX-0001', responsibleStationId: station, contractor: '示例建设公司', createdAt: h.clock.now })
  return h
}

interface Filed {
  id: string
  privacy: Privacy
  label: string
  /** 代为登记: the officer who filed it (not told of their own filing). */
  filer?: string
}

/**
 * An officer's action on the version in the store. Not `h.act`: that reads the version through `case.detail`,
 * which logs an identity view, and the log is part of what this property checks.
 */
const act = async <C extends Contract>(h: Harness, contract: C, openid: string, id: string, fields: Omit<InputOf<C>, 'id' | 'version'>) => {
  const c = (await h.store.get<CaseDoc>('cases', id))!
  return h.op(contract, openid, { ...fields, id, version: caseVersion(c) } as InputOf<C>)
}

/**
 * Who a case is against: open 本单位 cases name one employer (at enterprise stations the station's own
 * enterprise is filled in), all others another, so alerts of open cases only and mixed ones both arise.
 */
const ALL_OPEN_EMPLOYER = '示例公开单位有限公司'
const MIXED_EMPLOYER = '示例混合单位有限公司'
let workerSeq = 0

/** Files one case and drives it along its path; returns it, or null when the path is refused by the rule itself. */
const drive = async (h: Harness, path: Path, privacy: Privacy, own: boolean, at: string): Promise<Filed | null> => {
  const label = `${path} · ${privacy} · ${own ? '本单位' : '非本单位'} · ${at}`
  const employer = { kind: 'named' as const, name: own && privacy === 'open' ? ALL_OPEN_EMPLOYER : MIXED_EMPLOYER }
  const base = { privacy, aboutOwnEmployer: own, employer, ...(privacy === 'anonymous' ? { contact: undefined } : {}) }
  // Each case by a worker of its own, so three of them against one employer make an alert.
  const submit = async (over: Partial<InputOf<typeof submitCase>>) => (await h.file({ ...base, ...over }, `worker-${++workerSeq}`)).id
  switch (path) {
    case 'qr':
      return { id: await submit({ stationId: at, channel: 'qr' }), privacy, label }
    case 'chosen':
      return { id: await submit({ stationId: at, channel: 'chosen' }), privacy, label }
    case 'project':
      return { id: await submit({ stationId: 'st-CX-0002', category: 'wage_arrears', projectId: `pj-${at}`, amountOwed: 1000 * (1 + PRIVACIES.indexOf(privacy)) }), privacy, label }
    case 'group':
      return { id: await submit({ stationId: at, workersAffected: 12 }), privacy, label }
    case 'transfer':
    case 'bounce': {
      const source = at === 'st-CX-0002' ? 'st-CX-0003' : 'st-CX-0002'
      const id = await submit({ stationId: source })
      const asked = await act(h, transferCase, LEAD[source]!, id, { toStationId: at, reason: '由对方驿站办理更合适' })
      if (!asked.ok) {
        // The only refusal the rule makes: a case that is not open never goes to an enterprise.
        expect(asked.error.code).toBe('CASE_CONFIDENTIAL_TARGET')
        expect(privacy).not.toBe('open')
        expect(['st-CX-0004', 'st-CX-0005']).toContain(at)
        return { id, privacy, label }
      }
      const answer = path === 'transfer' ? { accept: true } : { accept: false, reason: '不属于本驿站' }
      expectOk(await act(h, answerTransfer, LEAD[at]!, id, answer))
      return { id, privacy, label }
    }
    case 'escalation':
      return { id: await submit({ stationId: at }), privacy, label }
    case 'assisted': {
      // 代为登记 by the employer-side officer of the station itself: routed by the same rule, and no claim code
      // (which would let them follow the case as its worker) for a case their side may not see.
      const filer = EMPLOYERS.find((p) => p.station === at)!
      const filed = expectOk(await h.op(fileAssistedCase, filer.openid, { ...submitInput(), ...base, stationId: at, channel: 'walk_in' }))
      expect([label, filed.slip.claimCode === null]).toEqual([label, privacy !== 'open'])
      return { id: filed.id, privacy, label, filer: filer.openid }
    }
  }
}

/** The case numbers an officer's export of a station's month lists (the 诉求明细 sheet), and how many it only counts. */
const exportedCaseNos = async (h: Harness, openid: string, stationId: string, month: string, jobId: string) => {
  const job = expectOk(await h.op(exportLedger, openid, { stationId, month, jobId }))
  expect(job.state).toBe('done')
  const file = (await h.ports.files.get(job.url!.match(/__files\/(.+)\?/)![1]!))!
  const wb = new ExcelJS.Workbook()
  await wb.xlsx.load(Buffer.from(file.bytes) as never)
  const nos: string[] = []
  let omitted = 0
  wb.getWorksheet('诉求明细')!.eachRow((r, n) => {
    const v = r.getCell(1).value
    if (n === 1 || typeof v !== 'string') return
    const more = /^另有 (\d+) 件/.exec(v)
    if (more) omitted = Number(more[1])
    else nos.push(v)
  })
  /** 台账汇总, 办结结论 and 分类统计 as label → numbers. */
  const table = (name: string, columns: number[]) => {
    const out: Record<string, unknown[]> = {}
    wb.getWorksheet(name)!.eachRow((r, n) => {
      if (n > 1) out[String(r.getCell(1).value)] = columns.map((c) => r.getCell(c).value)
    })
    return out
  }
  return { nos, omitted, sheets: { summary: table('台账汇总', [2]), conclusions: table('办结结论', [2]), categories: table('分类统计', [2, 3, 4]) } }
}

/** What the export's summary, conclusions and category sheets should hold: the ledger view the caller reads. */
const sheetsOf = (l: LedgerView) => ({
  summary: {
    驿站: [l.stationName],
    月份: [l.monthLabel],
    ...Object.fromEntries(l.figures.map((f) => [f.label, [f.value]])),
    职工评价: [l.satisfaction.rated],
    平均满意度: [l.satisfaction.meanStars ?? ''],
    '已结案(未确认)': [l.satisfaction.unconfirmed],
    追回工资: [l.wage.amount],
    拿到工资: [l.wage.workersPaid],
    活动: [l.activities],
  },
  conclusions: Object.fromEntries(l.conclusions.map((c) => [c.label, [c.count]])),
  categories: Object.fromEntries(l.byCategory.map((c) => [c.label, [c.received, c.resolved, c.overdue]])),
})

const inboxOf = async (h: Harness, openid: string, stationId: string, view: View = {}) => {
  const rows: Record<string, string[]> = {}
  /** The rows marked 新消息 (the worker wrote after the station last read). */
  const fresh: Record<string, string[]> = {}
  let counts: Record<string, number> = {}
  for (const tab of TABS) {
    const page = expectOk(await h.op(listInbox, openid, { ...view, stationId, tab, limit: 50 }))
    expect(page.next).toBeUndefined()
    rows[tab] = page.items.map((r) => r.id)
    fresh[tab] = page.items.filter((r) => r.newMessage).map((r) => r.id)
    counts = page.counts!
  }
  return { rows, counts, fresh }
}

describe.each(PATHS)('the privacy property along the path %s', (path) => {
  let h: Harness
  const filed: Filed[] = []

  beforeAll(async () => {
    h = await setUp()
    for (const privacy of PRIVACIES) for (const own of [true, false]) for (const at of FILED_AT) {
      const f = await drive(h, path, privacy, own, at)
      if (f) filed.push(f)
    }
    const countyTakes = async () => {
      for (const f of filed) {
        const c = (await h.store.get<CaseDoc>('cases', f.id))!
        if (c.ownerStationId === 'st-CX-0001' && c.state === 'submitted') expectOk(await act(h, acceptCase, LEAD['st-CX-0001']!, f.id, {}))
      }
    }
    const sweepAt = async (wall: string) => {
      h.clock.now = sh(wall)
      expectOk(await h.op(runSweep, null, {}))
    }
    if (path === 'escalation') {
      // Nobody accepts: each working day the sweep moves every case one station up, until the county takes it.
      await countyTakes()
      for (const day of ['2026-11-26 10:00', '2026-11-27 10:00', '2026-11-30 10:00', '2026-12-01 10:00']) {
        await sweepAt(day)
        await countyTakes()
      }
      for (const f of filed) expect((await h.store.get<CaseDoc>('cases', f.id))!.ownerPath).toContain('st-CX-0001')
      // Three quarters of the 办结 time gone: the engine warns, and the cases are 即将超期.
      await sweepAt('2026-12-11 10:00')
    }
    if (path === 'group') {
      // The county takes the group cases and misses their 5-day 办结 deadline: 已超期, the city supervises.
      await countyTakes()
      await sweepAt('2026-12-03 10:00')
    }
    // Every eligible officer of the owner and the twins open each case they may: identity views are logged.
    const photo = { bytes: plainJpeg(16, 16), mime: 'image/jpeg' }
    for (const f of filed) {
      // A photo filed with the case (kept as `media.upload` keeps one; the upload itself is tested elsewhere).
      const media = await h.store.insert<MediaDoc>('media', {
        _id: `md-${f.id}`,
        ownerKey: (await h.store.get<CaseDoc>('cases', f.id))!.workerKey ?? 'filed-for-a-worker',
        kind: 'photo',
        mime: photo.mime,
        bytes: photo.bytes.length,
        fileId: await h.ports.files.put('case', photo),
        caseId: f.id,
        createdAt: h.clock.now,
      })
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      await h.store.update<CaseDoc>('cases', f.id, c._v, { media: [media._id] })
      // Content security judged it risky (ADR 0019), shown as its verdict event (ADR 0042): its badge and veil are part of the case's views.
      await h.store.insert<ContentVerdictDoc>('case_events', { _id: `cv-media-${media._id}`, caseId: f.id, at: h.clock.now, kind: 'content_verdict', internal: true, about: 'case', checkId: `media-${media._id}`, subject: 'media', mediaId: media._id, mediaKind: 'photo', state: 'done', suggest: 'risky', label: 20002 })
    }
    for (const f of filed) {
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      for (const openid of [LEAD[c.ownerStationId]!, ...EMPLOYERS.map(twinOf), ...EMPLOYERS.map((p) => p.openid)]) await h.op(getCaseDetail, openid, { id: f.id })
    }
    // Then the worker writes to the station with a photo (a message as `case.addInfo` stores one): 新消息 on the
    // rows, the message and its photo in the thread.
    h.clock.now += 60_000
    for (const f of filed) {
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      const media = await h.store.insert<MediaDoc>('media', {
        _id: `md-msg-${f.id}`,
        ownerKey: c.workerKey ?? 'filed-for-a-worker',
        kind: 'photo',
        mime: photo.mime,
        bytes: photo.bytes.length,
        fileId: await h.ports.files.put('case', photo),
        caseId: f.id,
        createdAt: h.clock.now,
      })
      await h.store.insert<CaseEventDoc>('case_events', {
        _id: `${f.id}-msg`,
        caseId: f.id,
        at: h.clock.now,
        kind: 'add_info',
        text: '职工补充：工资条',
        message: '工资条',
        media: [{ id: media._id, kind: 'photo' }],
        internal: false,
        actor: 'worker',
      })
      // Content security judged the message's words risky (ADR 0032): its badge is part of the thread officers read.
      await h.store.insert<ContentVerdictDoc>('case_events', { _id: `cv-text-msg-${f.id}-msg`, caseId: f.id, at: h.clock.now, kind: 'content_verdict', internal: true, about: 'message', checkId: `text-msg-${f.id}-msg`, eventId: `${f.id}-msg`, subject: 'text', state: 'done', suggest: 'risky', label: 20001 })
      await h.store.update<CaseDoc>('cases', f.id, c._v, { lastWorkerMessageAt: h.clock.now })
    }
    // 关联: the county links every alert's cases, and each case to the next one filed (open with not open too).
    for (const a of (await h.store.find<AlertDoc>('alerts', { limit: 1000 })).items) expectOk(await h.op(linkAlertCases, LEAD['st-CX-0001']!, { id: a._id }))
    for (let i = 0; i + 1 < filed.length; i++) {
      const next = (await h.store.get<CaseDoc>('cases', filed[i + 1]!.id))!
      expectOk(await h.op(linkCase, LEAD['st-CX-0001']!, { id: filed[i]!.id, caseNo: next.caseNo }))
    }
    // Some are answered, so the ledger's and the dashboard's resolutions, conclusions, stars and money are held to
    // the rule too: of each privacy, the first two still being handled are resolved by their owner (accepted first
    // when need be), and the first of them rated 4 stars by its worker.
    for (const privacy of PRIVACIES) {
      let answered = 0
      for (const f of filed.filter((x) => x.privacy === privacy)) {
        if (answered === 2) break
        const c = (await h.store.get<CaseDoc>('cases', f.id))!
        const lead = LEAD[c.ownerStationId]
        if (!lead || c.pendingTransfer || !['submitted', 'accepted', 'in_progress'].includes(c.state)) continue
        if (c.state === 'submitted') expectOk(await act(h, acceptCase, lead, f.id, {}))
        const wage = c.category === 'wage_arrears' ? { amountRecovered: 1000 * (1 + PRIVACIES.indexOf(privacy)), workersPaid: 1 } : {}
        expectOk(await act(h, resolveCase, lead, f.id, { text: '单位已补发拖欠的工资。', conclusion: answered ? 'mediated' : 'solved', ...wage }))
        const worker = c.workerKey ? Array.from({ length: workerSeq }, (_, i) => `worker-${i + 1}`).find((w) => h.ports.secrets.workerKey(w) === c.workerKey) : undefined
        if (!answered && worker) expectOk(await h.op(confirmCase, worker, { id: f.id, version: caseVersion((await h.store.get<CaseDoc>('cases', f.id))!), rating: 4 }))
        answered += 1
      }
      expect([path, privacy, answered]).toEqual([path, privacy, 2])
    }
  }, 180_000)
  afterAll(() => h.close())

  it('files every combination', async () => {
    expect(filed).toHaveLength(PRIVACIES.length * 2 * FILED_AT.length)
    // The deadline tabs are not empty where the path leads there, so the rule is held on them too.
    const county = await inboxOf(h, LEAD['st-CX-0001']!, 'st-CX-0001', { scope: 'subtree' })
    if (path === 'escalation') expect(county.counts.soon).toBeGreaterThan(0)
    if (path === 'group') expect(county.counts.overdue).toBeGreaterThan(0)
    // The worker's messages are 新消息 on the rows of the stations that hold the cases, so the rule is held on the mark too.
    expect(Object.values(county.fresh).flat().length).toBeGreaterThan(0)
  })

  it('never lets a case that is not open sit on an enterprise station', async () => {
    const stations = new Map((await h.store.find<StationDoc>('stations', { limit: 1000 })).items.map((s) => [s._id, s]))
    for (const f of filed.filter((x) => x.privacy !== 'open')) {
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      for (const held of [c.ownerStationId, c.firstStationId, c.pendingTransfer?.toStationId].filter(Boolean))
        expect([f.label, stations.get(held!)!.kind]).not.toEqual([f.label, 'enterprise'])
    }
  })

  it('still shows every case to the station that owns it and to the county', async () => {
    for (const f of filed) {
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      const owner = await inboxOf(h, LEAD[c.ownerStationId]!, c.ownerStationId)
      expect([f.label, Object.values(owner.rows).flat().includes(f.id)]).toEqual([f.label, true])
      expect((await h.op(getCaseDetail, 'dev-CX-county-head', { id: f.id })).ok).toBe(true)
      expect([f.label, expectOk(await h.op(getCaseMedia, LEAD[c.ownerStationId]!, { id: f.id })).items.length]).toEqual([f.label, 1])
    }
    // The county's 全辖区 lists every one of them, in some tab.
    const county = Object.values((await inboxOf(h, 'dev-CX-county-head', 'st-CX-0001', { scope: 'subtree' })).rows).flat()
    for (const f of filed) expect([f.label, county.includes(f.id)]).toEqual([f.label, true])
  })

  it('shows an employer-side officer no case in 我的数据 and no retention figures, whatever their twin sees (ADR 0020)', async () => {
    for (const p of EMPLOYERS) {
      // 我的数据 lists the caller's own filings only: an officer who filed, read or was told of a case holds none of it.
      expect([p.openid, expectOk(await h.op(getMyData, p.openid, {})).cases]).toEqual([p.openid, []])
      expect([p.openid, expectOk(await h.op(getMyData, twinOf(p), {})).cases]).toEqual([p.openid, []])
      // The dry run counts every station's cases: the city admin's alone (D8b), never the employer side's.
      const preview = await h.op(previewRetention, p.openid, {})
      expect([p.openid, preview.ok]).toEqual([p.openid, false])
    }
    // The worker who filed a case (each has their own) sees it there, and only it.
    for (const f of filed.slice(0, 3)) {
      const c = (await h.store.get<CaseDoc>('cases', f.id))!
      if (!c.workerKey) continue
      const worker = Array.from({ length: workerSeq }, (_, i) => `worker-${i + 1}`).find((w) => h.ports.secrets.workerKey(w) === c.workerKey)!
      expect([f.label, expectOk(await h.op(getMyData, worker, {})).cases.map((x) => x.id)]).toEqual([f.label, [f.id]])
    }
  })

  it.each(EMPLOYERS.map((p) => [p.openid, p] as const))('shows %s a case, its counts, its notices and its log rows exactly when its twin sees it and it is open', async (_name, p) => {
    const privacyOf = new Map(filed.map((f) => [f.id, f.privacy]))
    // Every tab of every view (本站, 全辖区, each filter): rows and counts.
    for (const view of viewsAt(p.station)) {
      const mine = await inboxOf(h, p.openid, p.station, view)
      const twin = await inboxOf(h, twinOf(p), p.station, view)
      for (const tab of TABS) {
        const label = [JSON.stringify(view), tab]
        // Rows: the twin's, less what is not open (cases filed in other tests of this harness are all in `filed`).
        expect([label, mine.rows[tab]]).toEqual([label, twin.rows[tab]!.filter((id) => privacyOf.get(id) === 'open')])
        // Counts follow the same rule as the rows.
        expect([label, mine.counts[tab]]).toEqual([label, twin.rows[tab]!.filter((id) => privacyOf.get(id) === 'open').length])
        // 新消息: the same rule as the rows.
        expect([label, 'fresh', mine.fresh[tab]]).toEqual([label, 'fresh', twin.fresh[tab]!.filter((id) => privacyOf.get(id) === 'open')])
        // The twin's counts are its rows too, so the comparison above is not against nothing.
        expect([label, twin.counts[tab]]).toEqual([label, twin.rows[tab]!.length])
      }
    }
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items
    for (const f of filed) {
      const detail = await h.op(getCaseDetail, p.openid, { id: f.id })
      const twinDetail = await h.op(getCaseDetail, twinOf(p), { id: f.id })
      expect([f.label, detail.ok]).toEqual([f.label, twinDetail.ok && f.privacy === 'open'])
      if (!detail.ok) expect(detail.error.code).toBe('CASE_NOT_FOUND')
      // Its photos: the URLs exactly when the case itself, and the same refusal otherwise.
      const media = await h.op(getCaseMedia, p.openid, { id: f.id })
      const twinMedia = await h.op(getCaseMedia, twinOf(p), { id: f.id })
      expect([f.label, media.ok]).toEqual([f.label, detail.ok])
      expect([f.label, twinMedia.ok]).toEqual([f.label, twinDetail.ok])
      if (media.ok) expect(media.data.items.map((m) => m.blurred)).toEqual([true])
      else expect(media.error.code).toBe('CASE_NOT_FOUND')
      // The content-security badge (ADR 0019): exactly the twin's, on exactly the cases the side may open.
      if (detail.ok && twinDetail.ok) expect([f.label, detail.data.contentNotice]).toEqual([f.label, twinDetail.data.contentNotice])
      if (twinDetail.ok) expect(twinDetail.data.contentNotice!.text).toContain('1 张照片疑似含有敏感内容')
      // The conversation: the twin's thread exactly when the case is open, and its photos the same way.
      if (detail.ok && twinDetail.ok) expect([f.label, detail.data.thread]).toEqual([f.label, twinDetail.data.thread])
      if (twinDetail.ok) expect([f.label, twinDetail.data.thread.map((m) => m.text)]).toEqual([f.label, expect.arrayContaining(['工资条'])])
      if (twinDetail.ok) expect([f.label, twinDetail.data.thread.find((m) => m.text === '工资条')?.contentNotice]).toEqual([f.label, '内容安全提示：文字疑似含有敏感内容'])
      const ids = [`md-msg-${f.id}`]
      const thread = await h.op(getCaseMedia, p.openid, { id: f.id, ids })
      const twinThread = await h.op(getCaseMedia, twinOf(p), { id: f.id, ids })
      expect([f.label, thread.ok, twinThread.ok]).toEqual([f.label, detail.ok, twinDetail.ok])
      if (thread.ok) expect(thread.data.items.map((i) => i.id)).toEqual(ids)
      else expect(thread.error.code).toBe('CASE_NOT_FOUND')
      // The case's own notices (聚集预警 notices are held to the alert's rule below).
      const caseNotices = (to: string) => outbox.filter((r) => r.caseId === f.id && r.to === to && r.kind !== 'case.cluster').map((r) => r.kind)
      const notices = caseNotices(p.openid)
      const twinNotices = caseNotices(twinOf(p))
      // The officer who filed a case is not told of it as a new case; the twin is.
      if (f.filer === p.openid && f.privacy === 'open') {
        const intake = twinNotices.indexOf('case.new')
        expect([f.label, intake >= 0]).toEqual([f.label, true])
        twinNotices.splice(intake, 1)
      }
      expect([f.label, notices]).toEqual([f.label, f.privacy === 'open' ? twinNotices : []])
    }
    // The station ledger: its figures count, and its export lists, only open cases for the employer side —
    // exactly the twin's, less what is not open. An export writes its identity views to the log (checked below).
    const facts = (await h.store.find<LedgerFactDoc>('ledger_facts', { limit: 1000 })).items.filter((f) => f.stationId === p.station)
    const noToPrivacy = new Map(await Promise.all(filed.map(async (f) => [(await h.store.get<CaseDoc>('cases', f.id))!.caseNo, f.privacy] as const)))
    for (const month of [...new Set(facts.map((f) => f.month))]) {
      const ledger = expectOk(await h.op(getLedger, p.openid, { stationId: p.station, month }))
      const twinLedger = expectOk(await h.op(getLedger, twinOf(p), { stationId: p.station, month }))
      const figure = (l: typeof ledger, k: string) => l.figures.find((x) => x.key === k)!.value
      const count = (kinds: string[], open: boolean) => facts.filter((f) => f.month === month && kinds.includes(f.kind) && (!open || f.privacy === 'open')).length
      for (const [key, kinds] of [['received', ['filed', 'movedIn']], ['accepted', ['accepted']], ['resolved', ['resolved']], ['overdue', ['overdue']], ['transferred', ['transferred']]] as const) {
        expect([path, p.openid, month, key, figure(ledger, key)]).toEqual([path, p.openid, month, key, count([...kinds], true)])
        expect([path, month, key, figure(twinLedger, key)]).toEqual([path, month, key, count([...kinds], false)])
      }
      // Stars, conclusions, money and categories: the same hand count of the month's facts.
      const monthFacts = (open: boolean) => facts.filter((f) => f.month === month && (!open || f.privacy === 'open'))
      const handLedger = (open: boolean) => {
        const fs = monthFacts(open)
        const rated = fs.filter((f) => f.kind === 'rated')
        const conclusions: Record<string, number> = {}
        for (const f of fs) if (f.kind === 'resolved' && f.conclusion) conclusions[f.conclusion] = (conclusions[f.conclusion] ?? 0) + 1
        const byCategory: Record<string, number[]> = {}
        for (const f of fs) {
          const row = (byCategory[f.category] ??= [0, 0, 0])
          if (f.kind === 'filed' || f.kind === 'movedIn') row[0]! += 1
          if (f.kind === 'resolved') row[1]! += 1
          if (f.kind === 'overdue') row[2]! += 1
        }
        return {
          rated: rated.length,
          stars: rated.reduce((n, f) => n + (f.rating ?? 0), 0),
          conclusions,
          amount: fs.reduce((n, f) => n + (f.kind === 'resolved' ? (f.amount ?? 0) : 0), 0),
          byCategory: Object.fromEntries(Object.entries(byCategory).filter(([, r]) => r.some((x) => x > 0))),
        }
      }
      const shown = (l: typeof ledger) => ({
        rated: l.satisfaction.rated,
        stars: Math.round((l.satisfaction.meanStars ?? 0) * l.satisfaction.rated),
        conclusions: Object.fromEntries(l.conclusions.filter((c) => c.count).map((c) => [c.key, c.count])),
        amount: l.wage.amount,
        byCategory: Object.fromEntries(l.byCategory.filter((c) => c.received || c.resolved || c.overdue).map((c) => [c.category, [c.received, c.resolved, c.overdue]])),
      })
      expect([path, p.openid, month, shown(ledger)]).toEqual([path, p.openid, month, handLedger(true)])
      expect([path, month, shown(twinLedger)]).toEqual([path, month, handLedger(false)])
      expect(ledger.scopeNote).toBe('只统计职工选择“公开给驿站”的诉求')
      const mine = await exportedCaseNos(h, p.openid, p.station, month, `pp-${path}-${p.openid}-${month}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64))
      const twin = await exportedCaseNos(h, twinOf(p), p.station, month, `pp-${path}-twin-${p.openid}-${month}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 64))
      expect([path, p.openid, month, mine.nos]).toEqual([path, p.openid, month, twin.nos.filter((no) => noToPrivacy.get(no) === 'open')])
      // The other sheets say what the employer side's own ledger says (held to the hand count above), nothing more.
      expect([path, p.openid, month, mine.sheets]).toEqual([path, p.openid, month, sheetsOf(ledger)])
      expect([path, month, twin.sheets]).toEqual([path, month, sheetsOf(twinLedger)])
      for (const no of mine.nos) expect(noToPrivacy.get(no)).toBe('open')
      // Even the line counting the cases it does not list counts only open ones.
      const openCases = new Set(facts.filter((f) => f.month === month && f.privacy === 'open').map((f) => f.caseId)).size
      expect([path, p.openid, month, mine.nos.length + mine.omitted]).toEqual([path, p.openid, month, openCases])
    }

    // The dashboard: every figure of it — each period's tiles, the 12-week trend, by category, by station — against
    // a hand count of the facts in its scope (open ones for the employer side, all for the twin); its overdue list the same way.
    const allFacts = await findAll<LedgerFactDoc>(h.store, 'ledger_facts', {})
    const station = (await h.store.get<StationDoc>('stations', p.station))!
    const now = h.clock.now
    const month = monthOf(now)
    const periods = { week: [weekOf(now)], month: [month], quarter: quarterMonths(month).filter((m) => m <= month) }
    for (const scope of station.kind === 'county' || station.kind === 'city' ? (['own', 'area'] as const) : (['own'] as const)) {
      const mineD = expectOk(await h.op(getDashboard, p.openid, { stationId: p.station, scope }))
      const twinD = expectOk(await h.op(getDashboard, twinOf(p), { stationId: p.station, scope }))
      const inScope = allFacts.filter((f) => (scope === 'own' ? f.stationId === p.station : station.kind === 'city' || f.areaId === p.station))
      const isNew = (f: LedgerFactDoc) => f.kind === 'filed' || (scope === 'own' && f.kind === 'movedIn')
      const hand = (open: boolean) => {
        const fs = inScope.filter((f) => !open || f.privacy === 'open')
        const of = (kind: string) => fs.filter((f) => (kind === 'new' ? isNew(f) : f.kind === kind))
        const inPeriod = (key: keyof typeof periods, f: LedgerFactDoc) => (key === 'week' ? periods.week.includes(f.week) : periods[key].includes(f.month))
        const byCategory: Record<string, number[]> = {}
        for (const f of fs.filter((x) => x.month === month)) {
          const row = (byCategory[f.category] ??= [0, 0, 0])
          if (isNew(f)) row[0]! += 1
          if (f.kind === 'resolved') row[1]! += 1
          if (f.kind === 'overdue') row[2]! += 1
        }
        const byStation: Record<string, number[]> = {}
        // A county's stations (new: filed or moved in there), or the city's counties (new: filed there).
        if (scope === 'area')
          for (const f of fs.filter((x) => x.month === month)) {
            const row = (byStation[station.kind === 'county' ? f.stationId : f.areaId] ??= [0, 0, 0])
            if (f.kind === 'filed' || (station.kind === 'county' && f.kind === 'movedIn')) row[0]! += 1
            if (f.kind === 'resolved') row[1]! += 1
            if (f.kind === 'overdue') row[2]! += 1
          }
        return {
          tiles: (Object.keys(periods) as Array<keyof typeof periods>).map((key) => {
            const n = (kind: string) => of(kind).filter((f) => inPeriod(key, f)).length
            return [key, `${n('new')} 件`, `${n('overdue')} 次`, `受理 ${n('accepted')} 件`, `办结 ${n('resolved')} 件`, `${n('rated')} 件评价`, `职工不满意 ${n('reopened')} 件`]
          }),
          trend: recentWeeks(now, 12).map((w) => [w.id, of('new').filter((f) => f.week === w.id).length, of('resolved').filter((f) => f.week === w.id).length, of('overdue').filter((f) => f.week === w.id).length]),
          byCategory: Object.fromEntries(Object.entries(byCategory).filter(([, r]) => r.some((x) => x > 0))),
          byStation: Object.fromEntries(Object.entries(byStation).filter(([, r]) => r.some((x) => x > 0))),
        }
      }
      const shownD = (d: typeof mineD) => {
        const tile = (t: (typeof d.periods)[number]['tiles'], key: string, what: 'value' | 'note') => t.find((x) => x.key === key)![what]!
        return {
          tiles: d.periods.map((x) => [x.key, tile(x.tiles, 'new', 'value'), tile(x.tiles, 'overdue', 'value'), tile(x.tiles, 'acceptRate', 'note'), tile(x.tiles, 'resolveRate', 'note'), tile(x.tiles, 'satisfaction', 'note').split('；')[0], tile(x.tiles, 'reopenRate', 'note')]),
          trend: d.trend.map((w) => [w.week, w.filed, w.resolved, w.overdue]),
          byCategory: Object.fromEntries(d.byCategory.rows.filter((r) => r.filed || r.resolved || r.overdue).map((r) => [r.category, [r.filed, r.resolved, r.overdue]])),
          byStation: Object.fromEntries(
            d.byStation ? d.byStation.rows.filter((r) => r.filed || r.resolved || r.overdue).map((r) => [r.id, [r.filed, r.resolved, r.overdue]]) : [],
          ),
        }
      }
      expect([path, p.openid, scope, shownD(mineD)]).toEqual([path, p.openid, scope, hand(true)])
      expect([path, scope, shownD(twinD)]).toEqual([path, scope, hand(false)])
      const privacyOfId = new Map(filed.map((f) => [f.id, f.privacy]))
      expect(mineD.overdue.rows.map((r) => r.id)).toEqual(twinD.overdue.rows.map((r) => r.id).filter((id) => privacyOfId.get(id) === 'open'))
    }

    // 定期调度和通报 (ADR 0028): the weekly report counts every case, so it is the government side's alone: an
    // employer-side officer (even a head or an admin flag from before D8b) gets no report, no place, no notice;
    // the city admin reads one that counts the cases the employer side may not see.
    if (station.kind === 'county' || station.kind === 'city') {
      expect(expectOk(await h.op(listReportPlaces, p.openid, {})).places).toEqual([])
      expectError(await h.op(generateReport, p.openid, { stationId: p.station }), 'AUTH_FORBIDDEN')
      expectError(await h.op(listReports, p.openid, { stationId: p.station, limit: 10 }), 'AUTH_FORBIDDEN')
      const built = expectOk(await h.op(generateReport, 'dev-city-admin', { stationId: p.station }))
      expectError(await h.op(getReport, p.openid, { stationId: p.station, week: built.week }), 'AUTH_FORBIDDEN')
      expectError(await h.op(exportReport, p.openid, { stationId: p.station, week: built.week, jobId: `pp-report-${p.openid}`.slice(0, 64) }), 'AUTH_FORBIDDEN')
      const weekFiled = allFacts.filter((f) => f.kind === 'filed' && f.week === built.week && (station.kind === 'city' || f.areaId === p.station))
      expect([path, p.station, built.volumes.find((v) => v.key === 'filed')!.value]).toEqual([path, p.station, `${weekFiled.length} 件`])
    }
    expect(expectOk(await h.op(listInternalNotices, p.openid, { limit: 50 })).items).toEqual([])

    // The access log: an employer-side officer reads no row of a case that is not open (a flag from before
    // D8b grants nothing), and no row of its own is ever about such a case.
    const log = await h.op(listAccessLog, p.openid, {})
    if (log.ok) for (const r of log.data.items) expect(privacyOf.get(r.caseId) ?? 'open').toBe('open')
    else expect(log.error.code).toBe('AUTH_FORBIDDEN')
    const own = (await h.store.find<AccessLogDoc>('access_log', { limit: 1000 })).items.filter((r) => r.officerId === `of-${p.openid}`)
    for (const r of own) expect(privacyOf.get(r.caseId)).toBe('open')
  })

  it('rates the quarter: an employer-side officer reads the stars, no score, and figures of open cases only', async () => {
    const was = h.clock.now
    h.clock.now = sh('2027-01-05 10:00')
    expectOk(await h.op(computeRatings, 'dev-city-admin', { areaId: 'st-HZ-0001', quarter: '2026-Q4', jobId: `pp-rating-${Math.random().toString(36).slice(2, 10)}` }))
    const facts = (await findAll<LedgerFactDoc>(h.store, 'ledger_facts', {})).filter((f) => f.month >= '2026-10' && f.month <= '2026-12')
    const received = (station: string, open: boolean) => facts.filter((f) => f.stationId === station && ['filed', 'movedIn'].includes(f.kind) && (!open || f.privacy === 'open')).length
    let differs = 0
    for (const p of EMPLOYERS) {
      const mine = expectOk(await h.op(getStationRating, p.openid, { stationId: p.station, quarter: '2026-Q4' }))
      const twin = expectOk(await h.op(getStationRating, twinOf(p), { stationId: p.station, quarter: '2026-Q4' }))
      const doc = await h.store.get<StationRatingDoc>('station_ratings', `rt_2026-Q4_${p.station}`)
      expect([p.openid, !!mine.rating, !!twin.rating]).toEqual([p.openid, !!doc, !!doc])
      if (!doc || !mine.rating || !twin.rating) continue
      // The rating was made of every case; the employer side's figures of the open ones only.
      expect([p.openid, doc.inputs.received, doc.openInputs.received]).toEqual([p.openid, received(p.station, false), received(p.station, true)])
      expect([p.openid, mine.rating.stars, mine.rating.score]).toEqual([p.openid, twin.rating.stars, null])
      // What it is shown is exactly what a rating of the open cases alone would show.
      expect([p.openid, mine.rating.indicators]).toEqual([p.openid, ratingView({ ...doc, inputs: doc.openInputs }, 'government').indicators])
      if (received(p.station, true) !== received(p.station, false)) differs++
    }
    // Somewhere the twin counts cases the employer side does not: the comparison is not against nothing.
    expect(differs).toBeGreaterThan(0)
    h.clock.now = was
  }, 60_000)

  it('raises alerts of open cases only and alerts mixing them with others, each under its strictest case', async () => {
    const privacyOf = new Map(filed.map((f) => [f.id, f.privacy]))
    const alerts = (await h.store.find<AlertDoc>('alerts', { limit: 1000 })).items
    for (const a of alerts) {
      const privacies = a.caseIds.map((id) => privacyOf.get(id)!)
      expect(a.privacy).toBe(privacies.includes('anonymous') ? 'anonymous' : privacies.includes('confidential') ? 'confidential' : 'open')
    }
    // On a project every case is counted by its project, and each project has cases of every privacy.
    if (path !== 'project') expect(alerts.some((a) => a.privacy === 'open')).toBe(true)
    expect(alerts.some((a) => a.privacy !== 'open' && a.caseIds.some((id) => privacyOf.get(id) === 'open'))).toBe(true)
  })

  it.each(EMPLOYERS.map((p) => [p.openid, p] as const))('shows %s an alert, its counts, its notice and its linked cases exactly when its twin sees them and they are open', async (_name, p) => {
    const privacyOf = new Map(filed.map((f) => [f.id, f.privacy]))
    const alerts = (await h.store.find<AlertDoc>('alerts', { limit: 1000 })).items
    const alertPrivacy = new Map(alerts.map((a) => [a._id, a.privacy]))
    // The list and its counts, at the officer's own station, in both tabs.
    for (const status of ['open', 'closed'] as const) {
      const mine = expectOk(await h.op(listAlerts, p.openid, { stationId: p.station, status, limit: 50 }))
      const twin = expectOk(await h.op(listAlerts, twinOf(p), { stationId: p.station, status, limit: 50 }))
      expect(mine.items.map((a) => a.id)).toEqual(twin.items.map((a) => a.id).filter((id) => alertPrivacy.get(id) === 'open'))
      expect(mine.counts).toEqual({
        open: alerts.filter((a) => a.stationId === p.station && a.status === 'open' && a.privacy === 'open').length,
        closed: alerts.filter((a) => a.stationId === p.station && a.status === 'closed' && a.privacy === 'open').length,
      })
    }
    // Every alert's detail: opened exactly when the twin opens it and it is all open; then the same cases.
    for (const a of alerts) {
      const mine = await h.op(getAlert, p.openid, { id: a._id })
      const twin = await h.op(getAlert, twinOf(p), { id: a._id })
      expect([a._id, mine.ok]).toEqual([a._id, twin.ok && a.privacy === 'open'])
      if (mine.ok && twin.ok) expect(mine.data.cases.map((c) => c.id)).toEqual(twin.data.cases.map((c) => c.id))
      if (!mine.ok) expect(mine.error.code).toBe(twin.ok ? 'ALERT_NOT_FOUND' : (twin as { error: { code: string } }).error.code)
    }
    // 聚集预警 notices: told exactly when the twin is told and every case of the alert, when it was raised, was open.
    const outbox = (await h.store.find<OutboxDoc>('outbox', { limit: 1000 })).items.filter((r) => r.kind === 'case.cluster')
    for (const caseId of new Set(outbox.map((r) => r.caseId))) {
      const a = alerts.find((x) => x.caseIds.includes(caseId))!
      const raisedWith = a.caseIds.slice(0, a.caseIds.indexOf(caseId) + 1)
      const allOpen = raisedWith.every((id) => privacyOf.get(id) === 'open')
      const told = (to: string) => outbox.some((r) => r.caseId === caseId && r.to === to)
      expect([caseId, told(p.openid)]).toEqual([caseId, told(twinOf(p)) && allOpen])
    }
    // Linked cases: the twin's, less those that are not open; none at all of a case the officer may not open.
    let someLinked = 0
    for (const f of filed) {
      const mine = await h.op(listCaseLinks, p.openid, { id: f.id })
      const twin = await h.op(listCaseLinks, twinOf(p), { id: f.id })
      expect([f.label, mine.ok]).toEqual([f.label, twin.ok && f.privacy === 'open'])
      if (mine.ok && twin.ok) {
        expect([f.label, mine.data.items.map((r) => r.id)]).toEqual([f.label, twin.data.items.map((r) => r.id).filter((id) => privacyOf.get(id) === 'open')])
        someLinked += mine.data.items.length
      }
    }
    if (p.station === 'st-CX-0001') expect(someLinked).toBeGreaterThan(0)
  })

  it.each(EMPLOYERS.map((p) => [p.openid, p] as const))('counts for %s a project’s arrears and lists it at risk exactly as its twin, from open cases only', async (_name, p) => {
    // 菏薪共治 (ADR 0023): the project ledger and the county view at a county or city station; elsewhere both are refused alike.
    const privacyOf = new Map(filed.map((f) => [f.id, f.privacy]))
    for (const riskOnly of [false, true]) {
      const mine = await h.op(getProjectLedger, p.openid, { stationId: p.station, riskOnly })
      const twin = await h.op(getProjectLedger, twinOf(p), { stationId: p.station, riskOnly })
      expect([p.openid, riskOnly, mine.ok]).toEqual([p.openid, riskOnly, twin.ok])
      if (!mine.ok || !twin.ok) {
        expect(mine.ok ? '' : mine.error.code).toBe(twin.ok ? '' : twin.error.code)
        continue
      }
      // A hand count from the cases themselves: open wage-arrears cases per project, by what each side may see.
      const hand = async (onlyOpen: boolean) => {
        const out = new Map<string, { open: number; amount: number; workers: number }>()
        for (const f of filed) {
          const c = (await h.store.get<CaseDoc>('cases', f.id))!
          if (!c.projectId || c.category !== 'wage_arrears' || !ARREARS_OPEN_STATES.includes(c.state) || (onlyOpen && privacyOf.get(f.id) !== 'open')) continue
          const x = out.get(c.projectId) ?? { open: 0, amount: 0, workers: 0 }
          x.open += 1
          x.amount += c.amountOwed ?? 0
          x.workers += Math.max(1, c.workersAffected)
          out.set(c.projectId, x)
        }
        return out
      }
      for (const [view, onlyOpen] of [[mine.data, true], [twin.data, false]] as const) {
        const counted = await hand(onlyOpen)
        for (const r of view.rows) expect([path, p.openid, onlyOpen, r.id, { open: r.open, amount: r.amount, workers: r.workers }]).toEqual([path, p.openid, onlyOpen, r.id, counted.get(r.id) ?? { open: 0, amount: 0, workers: 0 }])
      }
      // At risk: the twin's projects, less those at risk only through cases (or alerts) that are not open.
      const openAlertsOnProjects = new Set(
        (await h.store.find<AlertDoc>('alerts', { limit: 1000 })).items.filter((a) => a.status === 'open' && a.privacy === 'open' && a.projectId).map((a) => a.projectId!),
      )
      const openCounted = await hand(true)
      const expectedRisk = mine.data.rows.filter((r) => (openCounted.get(r.id)?.open ?? 0) > 0 || openAlertsOnProjects.has(r.id)).map((r) => r.id)
      expect([path, p.openid, riskOnly, mine.data.rows.filter((r) => r.atRisk).map((r) => r.id)]).toEqual([path, p.openid, riskOnly, expectedRisk])
      if (path === 'project' && !riskOnly) expect(twin.data.totals.open).toBeGreaterThan(mine.data.totals.open)
    }
    // The provincial export is a bureau admin's: an employer-side flag from before D8b grants none of it.
    const exported = await h.op(exportCases, p.openid, { stationId: p.station, since: null, jobId: `pp-export-${p.openid}`.replace(/[^A-Za-z0-9_-]/g, '-') })
    expect(exported.ok).toBe(false)
  })

  it('still lets the city admin read the log of every identity view, on every track that has an identity', async () => {
    const log = expectOk(await h.op(listAccessLog, 'dev-city-admin', { limit: 50 }))
    const privacies = new Set(log.items.map((r) => filed.find((f) => f.id === r.caseId)?.privacy))
    expect(privacies.has('confidential')).toBe(true)
  })
})

import { caseVersion } from '../../cloudfunctions/core/domain/thread'
import { forgetRecentPolicy } from '../../cloudfunctions/core/app/policy'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { fillInboxFields, INBOX_COUNTERS_DOC_ID, scopeInboxCountersOnce } from '../../cloudfunctions/core/app/case-write'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { INBOX_HANDLERS } from '../../cloudfunctions/core/app/handlers/inbox.handlers'
import { findOfficer } from '../../cloudfunctions/core/app/officers'
import type { CaseDoc, InboxCountDoc, MembershipDoc, OfficerDoc, StationDoc } from '../../cloudfunctions/core/app/records'
import { adminScope } from '../../cloudfunctions/core/app/scope'
import { countyOfPath, inboxCellsOf, inboxPlaceOf, stationOfCounter, type InboxPlace } from '../../cloudfunctions/core/domain/inbox'
import type { Contract, InputOf } from '../../types/contract'
import {
  acceptCase,
  addCaseInfo,
  answerTransfer,
  confirmCase,
  escalateCase,
  flagGroupCase,
  superviseCase,
  getCaseDetail,
  getMyCase,
  holdCase,
  InboxTab,
  listInbox,
  moveStation,
  noteCase,
  referCase,
  reopenCase,
  replyCase,
  resolveCase,
  resumeCase,
  runSweep,
  startCase,
  submitCase,
  transferCase,
  withdrawCase,
} from '../../types/contracts'
import { sideSees } from '../../types/authz'
import { Category, Privacy, type Side } from '../../types/domain'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectOk, makeHarness, submitInput, WORKER, type Harness } from '../support/harness'

/**
 * The inbox's tab counters (ADR 0009) are kept by the one case writer in each case's transaction. After any
 * sequence of intake, officer and worker actions, transfers, escalations and sweeps:
 *  - every case's stored inbox fields and counted cells are what `domain/inbox.ts` says of it now;
 *  - the counter documents hold exactly the sum of those cells (a recount);
 *  - every view's counts equal the rows it lists, for each tab, for a government reader and an employer-side one.
 * Also: the inbox with its counts takes at most three database round trips on CloudBase (four on an instance
 * that has not read the category names within the minute), and cases stored
 * before the counters are filled in and counted by the sweep.
 */
jest.setTimeout(600_000)

const OFFICER = 'prop-officer'
const STATIONS = ['st-HZ-0001', 'st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005', 'st-MD-0001', 'st-MD-0002', 'st-MD-0003']
const FILE_AT = ['st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005', 'st-CX-0001', 'st-MD-0002']

const addOfficer = async (h: Harness, openid: string, stationId: string, side: Side) => {
  const officerId = `of-${openid}`
  if (!(await h.store.get<OfficerDoc>('officers', officerId))) await h.store.insert<OfficerDoc>('officers', { _id: officerId, openid, name: openid, createdAt: h.clock.now })
  await h.store.insert<MembershipDoc>('memberships', { _id: `ms-${openid}-${stationId}`, officerId, openid, stationId, role: 'head', side, admin: false, createdAt: h.clock.now })
}

const setUp = async (h: Harness) => {
  for (const s of STATIONS) await addOfficer(h, OFFICER, s, 'government')
  await addOfficer(h, 'prop-employer', 'st-CX-0001', 'employer')
  return h
}

/** Tabs some run put a case in, and actions that were taken (not refused): the runs reach every tab. */
const reached = new Set<string>()
let taken = 0

type Op =
  | { k: 'file'; at: number; category: Category; privacy: Privacy; workers: number }
  /** One of the actions the server offers on a case now (officer's or worker's), with canned words. */
  | { k: 'step'; i: number; pick: number; to: number }
  | { k: 'time'; hours: number }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('file' as const), at: fc.nat(FILE_AT.length - 1), category: fc.constantFrom(...Category.options), privacy: fc.constantFrom(...Privacy.options), workers: fc.constantFrom(1, 1, 12) }) },
  { weight: 12, arbitrary: fc.record({ k: fc.constant('step' as const), i: fc.nat(40), pick: fc.nat(20), to: fc.nat(STATIONS.length - 1) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('time' as const), hours: fc.oneof(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 9, max: 400 })) }) },
) as fc.Arbitrary<Op>

/** What each offered action is given. */
const ACTIONS: Record<string, { contract: Contract; by: 'officer' | 'worker'; fields: (pick: number, to: string, c: CaseDoc) => Record<string, unknown> }> = {
  'case.accept': { contract: acceptCase, by: 'officer', fields: () => ({}) },
  'case.start': { contract: startCase, by: 'officer', fields: () => ({}) },
  'case.reply': { contract: replyCase, by: 'officer', fields: () => ({ text: '我们已经联系了单位，这周内给你答复。' }) },
  'case.note': { contract: noteCase, by: 'officer', fields: () => ({ text: '单位负责人态度配合。' }) },
  'case.hold': { contract: holdCase, by: 'officer', fields: () => ({ reason: '等职工补充材料' }) },
  'case.resume': { contract: resumeCase, by: 'officer', fields: () => ({}) },
  'case.transfer': { contract: transferCase, by: 'officer', fields: (_p, to) => ({ toStationId: to, reason: '由对方驿站办理更合适' }) },
  'case.answerTransfer': { contract: answerTransfer, by: 'officer', fields: (p) => (p % 2 ? { accept: true } : { accept: false, reason: '不属于本驿站' }) },
  'case.escalate': { contract: escalateCase, by: 'officer', fields: () => ({ reason: '需要上级协调处理' }) },
  'case.refer': { contract: referCase, by: 'officer', fields: () => ({ to: 'arbitration', where: '劳动人事争议仲裁院', reason: '职工要求仲裁' }) },
  'case.resolve': {
    contract: resolveCase,
    by: 'officer',
    // A standard conclusion; wage arrears also say what was recovered (ADR 0016).
    fields: (_p, _to, c) => ({ text: '已经协调单位补发了工资。', conclusion: 'solved', ...(c.category === 'wage_arrears' ? { amountRecovered: 0, workersPaid: 0 } : {}) }),
  },
  'case.flagGroup': { contract: flagGroupCase, by: 'officer', fields: () => ({ reason: '涉及十多名工人' }) },
  'case.supervise': { contract: superviseCase, by: 'officer', fields: () => ({ text: '请本周内办结并报县驿站' }) },
  'case.withdraw': { contract: withdrawCase, by: 'worker', fields: () => ({}) },
  'case.addInfo': { contract: addCaseInfo, by: 'worker', fields: () => ({ text: '老板又说下个月才发。' }) },
  'case.confirm': { contract: confirmCase, by: 'worker', fields: () => ({ rating: 4 }) },
  'case.reopen': { contract: reopenCase, by: 'worker', fields: () => ({ reason: '问题还没有解决，工资还是没发' }) },
}

/** Runs one operation; a refusal (a transfer to a station that may not take it, …) is fine, a 500 is not. */
const run = async (h: Harness, filed: string[], op: Op) => {
  if (op.k === 'time') {
    h.clock.now += op.hours * 3600_000
    expectOk(await h.op(runSweep, null, {}))
    return
  }
  if (op.k === 'file') {
    const privacy = op.privacy
    const r = await h.op(
      submitCase,
      WORKER,
      submitInput({
        stationId: FILE_AT[op.at]!,
        category: op.category,
        workersAffected: op.workers,
        aboutOwnEmployer: op.at % 2 === 0,
        privacy,
        contact: privacy === 'anonymous' ? undefined : { name: '张三', phone: '13800000001' },
      }),
    )
    filed.push(expectOk(r).id)
    return
  }
  if (!filed.length) return
  const id = filed[op.i % filed.length]!
  const c = (await h.store.get<CaseDoc>('cases', id))!
  const officer = await h.op(getCaseDetail, OFFICER, { id })
  const worker = expectOk(await h.op(getMyCase, WORKER, { id }))
  const offered = [...(officer.ok ? officer.data.actions : []), ...worker.actions].filter((a) => ACTIONS[a])
  if (!offered.length) return
  const action = ACTIONS[offered[op.pick % offered.length]!]!
  const r = await h.op(action.contract, action.by === 'officer' ? OFFICER : WORKER, { ...action.fields(op.pick, STATIONS[op.to]!, c), id, version: caseVersion(c) } as never)
  if (r.ok) taken += 1
  else expect(['CASE_ILLEGAL_ACTION', 'CASE_CONFIDENTIAL_TARGET', 'CASE_TRANSFER_LIMIT', 'STATION_SUSPENDED']).toContain(r.error.code)
}

const act = async <C extends Contract>(h: Harness, contract: C, id: string, fields: Omit<InputOf<C>, 'id' | 'version'>) =>
  expectOk(await h.op(contract, OFFICER, { ...fields, id, version: caseVersion((await h.store.get<CaseDoc>('cases', id))!) } as InputOf<C>))

const PLACE_KEYS: Array<keyof InboxPlace> = ['ownerCountyId', 'ownTab', 'ownSort', 'timeTab', 'transferTargetId', 'transferCountyId', 'transferDue', 'supervisorCountyId', 'superSort']

/** A cell of a station's counter (not a `:subtree` one of before ADR 0045). */
const isStationCell = (cell: string) => stationOfCounter(cell.slice(0, cell.indexOf('|'))) !== null

/**
 * The counters as they should be, recomputed from every case as it is now; and the stored ones. Every counter is a
 * station's, carrying the county a 全辖区 finds it by (ADR 0045). `legacy`: cases may still hold the `:subtree`
 * cells they were stored with before ADR 0045 (their next change drops them); `unscoped`: station counters may still
 * lack their county (before the pass of ADR 0045 has run).
 */
const recount = async (h: Harness, legacy = false, unscoped = false) => {
  const stations = new Map((await findAll<StationDoc>(h.store, 'stations', {})).map((s) => [s._id, s]))
  const expected: Record<string, Record<string, number>> = {}
  for (const c of await findAll<CaseDoc>(h.store, 'cases', {})) {
    const place = inboxPlaceOf(c, (id) => countyOfPath(stations.get(id)!.path))
    const cells = inboxCellsOf(c, place)
    expect(Object.fromEntries(PLACE_KEYS.map((k) => [k, c[k]]))).toEqual(place)
    expect(legacy ? c.inboxCells?.filter(isStationCell) : c.inboxCells).toEqual(cells)
    for (const cell of cells) {
      const bar = cell.indexOf('|')
      const doc = (expected[cell.slice(0, bar)] ??= {})
      doc[cell.slice(bar + 1)] = (doc[cell.slice(bar + 1)] ?? 0) + 1
    }
  }
  const stored: Record<string, Record<string, number>> = {}
  // A cell back at 0 stays, as 0 (the counters are added to blindly, ADR 0031): it counts as no cell.
  for (const d of await findAll<InboxCountDoc>(h.store, 'inbox_counts', {})) {
    const station = stations.get(stationOfCounter(d._id) ?? '')!
    if (!unscoped || d.scope) expect([d._id, d.scope, d.countyId]).toEqual([d._id, 'station', countyOfPath(station.path)])
    const cells = Object.fromEntries(Object.entries(d.cells).filter(([, n]) => n !== 0))
    if (Object.keys(cells).length) stored[d._id] = cells
  }
  return { expected, stored }
}

/** For each view and tab: the count the inbox gives equals the rows it lists. */
const VIEWS: Array<{ openid: string; stationId: string; scope: 'station' | 'subtree' }> = [
  ...STATIONS.map((stationId) => ({ openid: OFFICER, stationId, scope: 'station' as const })),
  { openid: OFFICER, stationId: 'st-CX-0001', scope: 'subtree' },
  { openid: OFFICER, stationId: 'st-MD-0001', scope: 'subtree' },
  { openid: OFFICER, stationId: 'st-HZ-0001', scope: 'subtree' },
  { openid: 'prop-employer', stationId: 'st-CX-0001', scope: 'station' },
  { openid: 'prop-employer', stationId: 'st-CX-0001', scope: 'subtree' },
]
/**
 * The cases a 全辖区 view counts in a tab, from the cases themselves: those whose station there (owner, transfer
 * target, supervisor) is in the county (every case for the city), of the tracks the reader's side sees.
 */
const subtreeCount = (cases: readonly CaseDoc[], stationId: string, side: Side, tab: InboxTab): number => {
  const within = (county: string | null | undefined) => stationId === 'st-HZ-0001' || county === stationId
  return cases.filter((c) => {
    if (!sideSees(side, c.privacy)) return false
    if (tab === 'incoming') return !!c.transferTargetId && within(c.transferCountyId)
    if (tab === 'supervising') return c.superSort !== null && c.superSort !== undefined && within(c.supervisorCountyId)
    return (c.ownTab === tab || c.timeTab === tab) && within(c.ownerCountyId)
  }).length
}

const countsMatchRows = async (h: Harness) => {
  const cases = await findAll<CaseDoc>(h.store, 'cases', {})
  for (const v of VIEWS) {
    const { openid, ...view } = v
    const first = expectOk(await h.op(listInbox, openid, { ...view, tab: 'pending' }))
    // A 全辖区's counts add up its stations' counters (ADR 0045): they equal the cases of the county (the city) in each tab.
    if (v.scope === 'subtree') {
      const side = openid === 'prop-employer' ? 'employer' : 'government'
      expect([v, Object.fromEntries(InboxTab.options.map((t) => [t, subtreeCount(cases, v.stationId, side, t)]))]).toEqual([v, first.counts])
    }
    for (const tab of InboxTab.options) {
      const page = expectOk(await h.op(listInbox, openid, { ...view, tab, limit: 50 }))
      expect(page.next).toBeUndefined()
      expect([v, tab, page.items.length]).toEqual([v, tab, first.counts![tab]])
      if (v.openid === 'prop-employer') expect(page.items.every((r) => r.privacy === 'open')).toBe(true)
    }
  }
}

/**
 * A run that always reaches 即将超期, besides the random ones: a case filed at 10:00 whose accept warning (75 % of
 * its working day) has fired by 18:00, before its deadline the next morning. A random run gets there only when a
 * short wait follows a filing, and 25 runs sometimes never did.
 */
const SOON: Op[] = [
  { k: 'file', at: 0, category: 'pay', privacy: 'open', workers: 1 },
  { k: 'file', at: 1, category: 'wage_arrears', privacy: 'confidential', workers: 1 },
  { k: 'time', hours: 8 },
]

/** Runs of random operations; with `everyStep`, the recount is held after each operation, not only at the end. */
const property = (harness: () => Promise<Harness>, numRuns: number, maxOps: number, everyStep: boolean) =>
  fc.assert(
    fc.asyncProperty(fc.array(opArb, { minLength: Math.min(12, maxOps), maxLength: maxOps }), async (ops) => {
      const h = await setUp(await harness())
      const check = async () => {
        const { expected, stored } = await recount(h)
        expect(stored).toEqual(expected)
        for (const cells of Object.values(stored)) for (const key of Object.keys(cells)) reached.add(key.split('|')[0]!)
      }
      try {
        const filed: string[] = []
        for (const op of ops) {
          await run(h, filed, op)
          if (everyStep) await check()
        }
        await check()
        await countsMatchRows(h)
      } finally {
        await h.close()
      }
    }),
    { numRuns, examples: [[SOON]] },
  )

describe('the tab counters equal a recount after any sequence of operations', () => {
  it('on SQLite', async () => {
    await property(() => makeHarness(), 25, 30, true)
    expect(taken).toBeGreaterThan(100)
    expect([...reached].sort()).toEqual([...InboxTab.options].sort())
  })

  describe('on CloudBase (the real SDK against the local fake endpoint)', () => {
    let fake: CloudbaseFake
    beforeAll(async () => {
      fake = await startCloudbaseFake()
    })
    afterAll(() => fake.close())
    it('holds there too', async () => {
      await property(async () => {
        fake.reset()
        return makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db) })
      }, 3, 14, false)
    })
  })
})

describe('the inbox with its counts on CloudBase', () => {
  let fake: CloudbaseFake
  let h: Harness
  beforeAll(async () => {
    fake = await startCloudbaseFake()
    h = await setUp(await makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db) }))
    const filed: string[] = []
    for (let i = 0; i < 7; i++) await run(h, filed, { k: 'file', at: i % 4, category: i % 2 ? 'pay' : 'wage_arrears', privacy: 'open', workers: 1 })
    await act(h, acceptCase, filed[0]!, {})
    await act(h, acceptCase, filed[1]!, {})
    await run(h, filed, { k: 'time', hours: 21 * 24 })
  }, 120_000)
  afterAll(() => fake.close())

  it.each([
    ['a county head’s 全辖区, 待受理', 'dev-CX-county-head', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }],
    ['a county head’s 全辖区, 已超期', 'dev-CX-county-head', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'overdue' }],
    ['a county head’s 全辖区 narrowed to a station and a category', 'dev-CX-county-head', { stationId: 'st-CX-0001', scope: 'subtree', filterStationId: 'st-CX-0002', category: 'wage_arrears', tab: 'active' }],
    ['a street head’s 本站, 办理中', 'dev-CX-street-head', { stationId: 'st-CX-0002', tab: 'active' }],
    ['the city’s 全辖区, 督办', 'dev-city-admin', { stationId: 'st-HZ-0001', scope: 'subtree', tab: 'supervising' }],
    ['an employer-side officer’s 全辖区', 'prop-employer', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }],
  ] as const)('answers %s in at most three database round trips', async (_what, openid, ask) => {
    const input = listInbox.input.parse({ ...ask, limit: 3 })
    const officer = (await findOfficer(h.ports, openid))!
    const station = (await h.store.get<StationDoc>('stations', input.stationId))!
    const ctx = { caller: { openid, via: 'local' as const }, ports: h.ports, officer, caseDoc: null, station, scope: await adminScope(h.ports, officer), remember: async () => undefined, tx: null, afterCommit: (f: () => Promise<void>) => void f() }
    // The category names are read once a minute per instance (recentCategoryNames): a cold read costs one more.
    const cold = fake.requests()
    forgetRecentPolicy()
    await INBOX_HANDLERS.listInbox.run(input, ctx)
    expect(fake.requests() - cold).toBeLessThanOrEqual(4)
    const before = fake.requests()
    const out = await INBOX_HANDLERS.listInbox.run(input, ctx)
    expect(fake.requests() - before).toBeLessThanOrEqual(3)
    expect(out.counts).toBeDefined()
    expect(out.items.length).toBeGreaterThan(0)
    // The next page (no counts) stays within three as well.
    if (out.next) {
      const again = fake.requests()
      await INBOX_HANDLERS.listInbox.run({ ...input, after: out.next }, ctx)
      expect(fake.requests() - again).toBeLessThanOrEqual(3)
    }
  })
})

/**
 * A describe block's two stores, each test on a harness of its own: SQLite, and CloudBase through the real SDK
 * against a fake endpoint started for the block (emptied for each test).
 */
const eachStore = () => {
  let fake: CloudbaseFake
  beforeAll(async () => {
    fake = await startCloudbaseFake()
  })
  afterAll(() => fake.close())
  return [
    ['SQLite', () => makeHarness()],
    ['CloudBase', () => (fake.reset(), makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db) }))],
  ] as const
}

describe('cases stored before the inbox counters', () => {
  it.each(eachStore())('get their fields and are counted by the sweep, once (%s)', async (_store, harness) => {
    const h = await setUp(await harness())
    const filed: string[] = []
    for (let i = 0; i < 5; i++) await run(h, filed, { k: 'file', at: i % 3, category: 'pay', privacy: i % 2 ? 'confidential' : 'open', workers: 1 })
    await act(h, acceptCase, filed[0]!, {})
    await act(h, transferCase, filed[1]!, { toStationId: 'st-CX-0002', reason: '由对方驿站办理更合适' })
    const counted = await recount(h)
    // As they were before the inbox fields existed: none of them, no counters.
    for (const c of await findAll<CaseDoc>(h.store, 'cases', {}))
      await h.store.update<CaseDoc>('cases', c._id, c._v, Object.fromEntries([...PLACE_KEYS.filter((k) => k !== 'transferTargetId'), 'inboxCells'].map((k) => [k, undefined])))
    for (const d of await findAll<InboxCountDoc>(h.store, 'inbox_counts', {})) await h.store.remove('inbox_counts', d._id, d._v)
    expect(expectOk(await h.op(listInbox, 'dev-CX-county-head', { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' })).counts!.pending).toBe(0)

    expectOk(await h.op(runSweep, null, {}))
    expect(await recount(h)).toEqual(counted)
    expect(counted.stored).toEqual(counted.expected)
    await countsMatchRows(h)
    expect(await fillInboxFields(h.ports, 1000)).toBe(0)
    await h.close()
  })
})

/** The cells a case was stored with before ADR 0045: each station's, its county's `:subtree` and the city's. */
const legacyCellsOf = (cells: readonly string[], counties: ReadonlyMap<string, string | null>): string[] =>
  cells.flatMap((cell) => {
    const bar = cell.indexOf('|')
    const key = cell.slice(bar + 1)
    const county = counties.get(stationOfCounter(cell.slice(0, bar))!) ?? null
    return [cell, ...(county ? [`${county}:subtree|${key}`] : []), `st-HZ-0001:subtree|${key}`]
  })

/** Every view's counts, tab by tab (the views of `countsMatchRows`). */
const viewCounts = async (h: Harness) => {
  const out: Array<Record<string, number>> = []
  for (const { openid, ...view } of VIEWS) out.push(expectOk(await h.op(listInbox, openid, { ...view, tab: 'pending' })).counts!)
  return out
}

/**
 * Filings at several stations of two counties, accepted (two of them then miss 办结: their parents supervise),
 * escalated, moved up by the sweep, transferred, withdrawn.
 */
const aSpreadOfCases = async (h: Harness) => {
  const filed: string[] = []
  for (let i = 0; i < 8; i++) await run(h, filed, { k: 'file', at: i % FILE_AT.length, category: i % 2 ? 'pay' : 'wage_arrears', privacy: Privacy.options[i % 3]!, workers: 1 })
  await act(h, acceptCase, filed[0]!, {})
  await act(h, acceptCase, filed[3]!, {})
  await act(h, escalateCase, filed[2]!, { reason: '需要上级协调处理' })
  await run(h, filed, { k: 'time', hours: 21 * 24 })
  await act(h, transferCase, filed[1]!, { toStationId: 'st-MD-0002', reason: '由对方驿站办理更合适' })
  expectOk(await h.op(withdrawCase, WORKER, { id: filed[4]!, version: caseVersion((await h.store.get<CaseDoc>('cases', filed[4]!))!) }))
  return filed
}

/** One offered action on each case (officer's or worker's), then time for the sweep. */
const actOnEach = async (h: Harness, filed: string[], pick: number) => {
  for (let i = 0; i < filed.length; i++) await run(h, filed, { k: 'step', i, pick: pick + i, to: (pick + i) % STATIONS.length })
  await run(h, filed, { k: 'time', hours: 9 })
}

describe('counters stored before ADR 0045 (with the county’s and the city’s 全辖区 documents)', () => {
  const stores = eachStore()
  it.each(stores)('take the station-only form once, through the sweep, and every count stays (%s)', async (_store, harness) => {
    const h = await setUp(await harness())
    const filed = await aSpreadOfCases(h)
    const counted = await recount(h)
    expect(counted.stored).toEqual(counted.expected)
    const counts = await viewCounts(h)
    expect(counts.some((c) => c.supervising > 0) && counts.some((c) => c.incoming > 0)).toBe(true)

    // As stored before: each case's cells name its county's and the city's documents too, which hold their sums;
    // the station documents carry no county; the once-record is not there (nor the sweep's schedule of passes).
    const counties = new Map((await findAll<StationDoc>(h.store, 'stations', {})).map((x) => [x._id, countyOfPath(x.path)]))
    const subtree: Record<string, Record<string, number>> = {}
    for (const c of await findAll<CaseDoc>(h.store, 'cases', {})) {
      const old = legacyCellsOf(c.inboxCells!, counties)
      for (const cell of old.filter((x) => !isStationCell(x))) {
        const bar = cell.indexOf('|')
        const doc = (subtree[cell.slice(0, bar)] ??= {})
        doc[cell.slice(bar + 1)] = (doc[cell.slice(bar + 1)] ?? 0) + 1
      }
      await h.store.update<CaseDoc>('cases', c._id, c._v, { inboxCells: old })
    }
    expect(Object.keys(subtree).sort()).toEqual(['st-CX-0001:subtree', 'st-HZ-0001:subtree', 'st-MD-0001:subtree'])
    for (const d of await findAll<InboxCountDoc>(h.store, 'inbox_counts', {})) await h.store.update<InboxCountDoc>('inbox_counts', d._id, d._v, { scope: undefined, countyId: undefined })
    for (const [id, cells] of Object.entries(subtree)) await h.store.insert<InboxCountDoc>('inbox_counts', { _id: id, cells })
    for (const id of [INBOX_COUNTERS_DOC_ID, 'sweep.schedule']) {
      const d = await h.store.get('settings', id)
      if (d) await h.store.remove('settings', id, d._v)
    }

    // A change before the pass has run: its stored 全辖区 cells are left alone, its station's counter moves (and
    // takes its county).
    const before = (await h.store.get<InboxCountDoc>('inbox_counts', 'st-HZ-0001:subtree'))!
    await act(h, acceptCase, filed[5]!, {})
    const early = await recount(h, true, true)
    expect(Object.fromEntries(Object.entries(early.stored).filter(([id]) => stationOfCounter(id) !== null))).toEqual(early.expected)
    const owner = (await h.store.get<CaseDoc>('cases', filed[5]!))!.ownerStationId
    expect(await h.store.get<InboxCountDoc>('inbox_counts', `${owner}:station`)).toMatchObject({ scope: 'station', countyId: counties.get(owner) })
    expect((await h.store.get<InboxCountDoc>('inbox_counts', 'st-HZ-0001:subtree'))!._v).toBe(before._v)

    // The sweep's pass: every station counter carries its county, the 全辖区 documents are gone, every count as before.
    expectOk(await h.op(runSweep, null, {}))
    const after = await recount(h, true)
    expect(after.stored).toEqual(after.expected)
    expect((await findAll<InboxCountDoc>(h.store, 'inbox_counts', {})).filter((d) => d._id.endsWith(':subtree'))).toEqual([])
    await countsMatchRows(h)
    expect(await h.store.get('settings', INBOX_COUNTERS_DOC_ID)).toMatchObject({ removed: 3, scoped: expect.any(Number) })
    expect(await scopeInboxCountersOnce(h.ports)).toBe(0)

    // Later changes of cases still holding their old cells: each takes back its stations' cells only.
    await actOnEach(h, filed, 1)
    await actOnEach(h, filed, 5)
    const later = await recount(h, true)
    expect(later.stored).toEqual(later.expected)
    expect((await findAll<CaseDoc>(h.store, 'cases', {})).filter((c) => c.inboxCells?.some((x) => !isStationCell(x))).length).toBeGreaterThan(0)
    await countsMatchRows(h)
    await h.close()
  })

  it.each(stores)('a station moved under another parent keeps counting in its county, and the 全辖区 counts stay (%s)', async (_store, harness) => {
    const h = await setUp(await harness())
    await aSpreadOfCases(h)
    for (const at of [1, 2]) await run(h, [], { k: 'file', at, category: 'pay', privacy: 'confidential', workers: 1 })
    const counts = await viewCounts(h)
    const park = (await h.store.get<StationDoc>('stations', 'st-CX-0003'))!
    expectOk(await h.op(moveStation, 'dev-CX-county-head', { id: park._id, version: park._v, parentId: 'st-CX-0002', reason: '园区划归街道管理' }))
    expect((await h.store.get<InboxCountDoc>('inbox_counts', 'st-CX-0003:station'))).toMatchObject({ scope: 'station', countyId: 'st-CX-0001' })
    const { expected, stored } = await recount(h)
    expect(stored).toEqual(expected)
    expect(await viewCounts(h)).toEqual(counts)
    await countsMatchRows(h)
    await h.close()
  })
})

describe('the one case writer', () => {
  it('is the only code that inserts, updates or removes a case document', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? files(join(dir, f)) : f.endsWith('.ts') ? [join(dir, f)] : []))
    const write = /\.(insert|update|remove)(<[^>]*>)?\(\s*(COLLECTIONS\.cases\b|['"]cases['"])/
    const writers = [...files('cloudfunctions'), ...files('bench')].filter((f) => write.test(readFileSync(f, 'utf8')))
    expect(writers).toEqual([join('cloudfunctions', 'core', 'app', 'case-write.ts')])
  })
})

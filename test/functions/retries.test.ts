import type { Contract } from '../../types/contract'
import * as K from '../../types/contracts'
import { CONTRACTS } from '../../types/contracts'
import { RATE_LIMITS } from '../../types/rate-limits'
import { usccCheckChar } from '../../types/uscc'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import type { RateLimitDoc, RequestDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { AppError } from '../../types/errors'
import type { Store, StoredDoc } from '../../cloudfunctions/core/ports/store'
import { onBothStores } from '../support/both-stores'
import { expectError, expectOk, newRequestId, submitInput, type Harness } from '../support/harness'
import { plainJpeg } from '../support/media-fixtures'
import { upload } from '../support/upload'

/**
 * ADR 0053: a first attempt of an idempotent operation reads no request record; its transaction's `remember`
 * insert, or a check its first attempt's effect now trips, is what finds a retry, and the dispatcher then answers
 * from the record. Generated over every contract marked `idempotent` (the list comes from the contracts): a call,
 * then the same request id again, answered with the first result and the store as the first call left it (every
 * document of every collection; a rate-limit window counted and given back, its count where it was); the same id
 * with other input, REQUEST_REUSED and nothing written; and for a rate-limited one, a retry at the limit answered,
 * not refused. With the rate limits on, as deployed, on both stores.
 *
 * A new idempotent contract fails here until it has a fixture below.
 */

const HOME = 'st-CX-0002'
const FIRM = 'st-CX-0004'
const COUNTY = 'st-CX-0001'
const OTHER_COUNTY = 'st-MD-0001'
const HEAD = 'dev-CX-street-head'
const FIRM_HEAD = 'dev-CX-firm-union'
const CITY_ADMIN = 'dev-city-admin'

const ymd = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)
let seq = 0
const n = () => ++seq

/** One idempotent operation's call: who makes it, with what, and what it needs first. */
interface Retry<S = unknown> {
  caller: string
  setup?: (h: Harness) => Promise<S>
  /** A valid first call (built fresh for each call). */
  input: (h: Harness, s: S) => Promise<Record<string, unknown>> | Record<string, unknown>
  /** Other valid input for the same request id; null where the contract allows only one input (said why). */
  other: ((h: Harness, s: S, input: Record<string, unknown>) => Record<string, unknown>) | null
  /** What the record keeps of the first answer where the handler stores less (D26): the answer as replayed. */
  replayed?: (first: Record<string, unknown>) => unknown
  /** What the first call must have done, where the retry is to be shown not doing it again. */
  did?: (first: Record<string, unknown>) => void
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each fixture keeps its own state type
type AnyRetry = Retry<any>
const retry = <S>(r: Retry<S>): Retry<S> => r

/** A photo the caller uploaded and nothing names yet: a retry finds it taken by the first call's record. */
const photo = async (h: Harness, openid: string, via?: { stationId: string }) => {
  const r = expectOk(await upload(h, openid, 'photo', plainJpeg(), via ? { via: K.uploadActivityPhoto, stationId: via.stationId } : {}))
  if (!r.done) throw new Error('upload did not finish')
  return r.media.id
}

const FIXTURES: Record<string, AnyRetry> = {
  // A filing with a photo: the retry's photo check fails (the first filing took it) before its transaction.
  submitCase: retry({
    caller: 'retry-worker',
    input: async (h) => submitInput({ media: [await photo(h, 'retry-worker')] }),
    other: (_h, _s, input) => ({ ...input, description: '老板拖欠了我们四个月的工资，一直说下个月发。' }),
  }),
  // The code is answered once and never stored: the record has the slip without it, and a note (D26).
  fileAssistedCase: retry({
    caller: HEAD,
    input: () => ({ ...submitInput(), contact: { name: '王五', phone: '13800000009' }, stationId: HOME, channel: 'walk_in' }),
    other: (_h, _s, input) => ({ ...input, channel: 'phone' }),
    replayed: (first) => ({ ...first, slip: { ...(first.slip as object), claimCode: null, note: expect.stringContaining('认领码只在登记成功时显示一次') } }),
  }),
  // A finished case to erase: its retry finds nothing left of it.
  eraseMyData: retry({
    caller: 'retry-eraser',
    setup: async (h) => {
      const { id } = expectOk(await h.op(K.submitCase, 'retry-eraser', submitInput()))
      expectOk(await h.act(K.withdrawCase, 'retry-eraser', id, { reason: '已经和单位谈好了' }))
    },
    input: () => ({ confirm: true }),
    did: (first) => expect(first).toMatchObject({ erased: 1 }),
    // `{confirm: true}` is its only valid input.
    other: null,
  }),
  createStation: retry({
    caller: CITY_ADMIN,
    input: () => ({ parentId: HOME, kind: 'enterprise', name: `重试企业驿站${n()}`, address: '曹县测试路3号', phone: '0530-5001236' }),
    other: (_h, _s, input) => ({ ...input, name: `${input.name as string}二` }),
  }),
  createInvite: retry({
    caller: HEAD,
    input: () => ({ stationId: HOME, name: `新成员${n()}`, role: 'member', side: 'union' }),
    other: (_h, _s, input) => ({ ...input, side: 'worker_rep' }),
  }),
  createProject: retry({
    caller: CITY_ADMIN,
    input: () => ({ countyId: COUNTY, name: `重试工程项目${n()}`, contractor: '测试建设公司', responsibleStationId: HOME }),
    other: (_h, _s, input) => ({ ...input, contractor: '另一家建设公司' }),
  }),
  createNotice: retry({
    caller: HEAD,
    input: () => ({ stationId: HOME, title: `重试的通知${n()}`, category: 'guide', body: '这是一条测试重试用的通知正文。', publishAt: null, expiresAt: null, draft: false }),
    other: (_h, _s, input) => ({ ...input, draft: true }),
  }),
  // An activity with a photo: as the filing, the retry's photo check fails first.
  createActivity: retry({
    caller: HEAD,
    input: async (h) => ({ stationId: HOME, kind: 'propaganda', date: ymd(h.clock.now), place: '曹城街道文化广场', attendees: 30, note: '劳动法律法规宣传', photos: [await photo(h, HEAD, { stationId: HOME })] }),
    other: (_h, _s, input) => ({ ...input, attendees: 31 }),
  }),
  saveTemplate: retry({
    caller: HEAD,
    input: () => ({ stationId: HOME, title: `重试回复${n()}`, text: '您好，我们已经收到您的诉求。' }),
    other: (_h, _s, input) => ({ ...input, text: '您好，我们正在核实。' }),
  }),
  // The retry finds the station's campaign open (SURVEY_RUNNING) before its transaction's record.
  openCampaign: retry({
    caller: FIRM_HEAD,
    input: (h) => ({ stationId: FIRM, startsOn: ymd(h.clock.now), days: 14, headcount: 40 }),
    other: (_h, _s, input) => ({ ...input, headcount: 41 }),
  }),
  // The retry finds a newer version than it was based on.
  publishSurveyTemplate: retry({
    caller: CITY_ADMIN,
    input: async (h) => {
      const t = expectOk(await h.op(K.getSurveyTemplate, CITY_ADMIN, {}))
      return { basedOn: t.current.version, note: '同样的题目再发布一次', commentPrompt: t.current.commentPrompt, dimensions: t.current.dimensions.map((d) => ({ key: d.key, questions: d.questions.map((q) => q.text) })) }
    },
    other: (_h, _s, input) => ({ ...input, note: '另一个说明' }),
  }),
  generateReport: retry({
    caller: CITY_ADMIN,
    // A filing waiting for the roll-up pass: the first call's pass adds it up, the retry's finds nothing waiting.
    setup: async (h) => void expectOk(await h.op(K.submitCase, 'retry-report-worker', submitInput())),
    input: () => ({ stationId: COUNTY }),
    other: () => ({ stationId: OTHER_COUNTY }),
  }),
  addTask: retry({
    caller: CITY_ADMIN,
    setup: async (h) => {
      const { id } = expectOk(await h.op(K.createStation, CITY_ADMIN, { parentId: HOME, kind: 'enterprise', name: `重点监督驿站${n()}`, address: '曹县测试路4号', phone: '0530-5001237' }))
      expectOk(await h.op(K.enterSupervision, CITY_ADMIN, { stationId: id, reason: '多次被职工投诉不作为' }))
      return { stationId: id, officerId: expectOk(await h.op(K.taskOfficers, CITY_ADMIN, { stationId: id })).items[0]!.officerId }
    },
    input: (h, s: { stationId: string; officerId: string }) => ({ ...s, title: `整改受理超时问题${n()}`, dueOn: ymd(h.clock.now + 30 * 86_400_000) }),
    other: (_h, _s, input) => ({ ...input, title: `${input.title as string}（改）` }),
  }),
  createAward: retry({
    caller: CITY_ADMIN,
    input: (h) => ({ stationId: HOME, who: `曹城街道王所长${n()}`, why: '一年调解欠薪纠纷 40 起，追回工资 60 万元', awardedOn: ymd(h.clock.now) }),
    other: (_h, _s, input) => ({ ...input, why: '一年调解欠薪纠纷 41 起' }),
  }),
  // The retry finds its listing there (BLACKLIST_DUPLICATE) before its transaction.
  createBlacklistEntry: retry({
    caller: CITY_ADMIN,
    input: (h) => {
      const first17 = `91371700MA3E${String(n()).padStart(5, '0')}`
      return { subjectName: '菏泽示例劳务有限公司', uscc: first17 + usccCheckChar(first17)!, docNo: '菏人社欠黑〔2026〕5号', decidedOn: ymd(h.clock.now), reason: '拖欠 46 名农民工工资 120 万元，经责令限期支付逾期未支付' }
    },
    other: (_h, _s, input) => ({ ...input, reason: '拖欠 47 名农民工工资 121 万元，经责令限期支付逾期未支付' }),
  }),
}

const IDEMPOTENT = Object.entries(CONTRACTS as Record<string, Contract>)
  .filter(([, c]) => c.idempotent)
  .map(([name]) => name)

it('has a fixture for every idempotent contract, and only for those', () => {
  expect(IDEMPOTENT.length).toBeGreaterThan(0)
  expect(Object.keys(FIXTURES).sort()).toEqual([...IDEMPOTENT].sort())
})

type Snapshot = Record<string, Record<string, StoredDoc>>
/** Every document of every collection, by id. */
const snapshot = async (store: Store): Promise<Snapshot> => {
  const out: Snapshot = {}
  for (const name of Object.values(COLLECTIONS)) {
    const docs: Record<string, StoredDoc> = {}
    let after: string | undefined
    do {
      const page = await store.find<StoredDoc>(name, { limit: 1000, after })
      for (const d of page.items) docs[d._id] = d
      after = page.next
    } while (after)
    out[name] = docs
  }
  return out
}
/** The store as it was but for the rate-limit windows' versions: a use counted and given back moves `_v` only. */
const counts = (s: Snapshot): Snapshot => ({
  ...s,
  [COLLECTIONS.rateLimits]: Object.fromEntries(Object.entries(s[COLLECTIONS.rateLimits]!).map(([id, d]) => [id, { ...d, _v: 0 }])),
})
/** The windows whose version moved between two snapshots. */
const windowsMoved = (before: Snapshot, after: Snapshot) =>
  Object.values(after[COLLECTIONS.rateLimits]!)
    .map((d) => ({ now: d as RateLimitDoc, was: before[COLLECTIONS.rateLimits]![d._id] as RateLimitDoc | undefined }))
    .filter(({ now, was }) => now._v !== was?._v)

/** The record a call stored: the one request record new between two snapshots. */
const newRecord = (before: Snapshot, after: Snapshot): RequestDoc => {
  const added = Object.keys(after[COLLECTIONS.requests]!).filter((id) => !(id in before[COLLECTIONS.requests]!))
  expect(added).toHaveLength(1)
  return after[COLLECTIONS.requests]![added[0]!] as RequestDoc
}

onBothStores(
  (harness) => {
    describe.each(IDEMPOTENT)('%s', (name) => {
      const contract = (CONTRACTS as Record<string, Contract>)[name]!
      const fixture = FIXTURES[name]!
      const call = (input: Record<string, unknown>, requestId: string) => harness().op(contract, fixture.caller, input as never, { requestId })

      it('answers a retry with the first result, writing nothing and using none of the limit; the same id with other input is REQUEST_REUSED', async () => {
        const h = harness()
        const state = await fixture.setup?.(h)
        const input = await fixture.input(h, state)
        const requestId = newRequestId()
        const before = await snapshot(h.store)
        const first = expectOk(await call(input, requestId)) as Record<string, unknown>
        fixture.did?.(first)
        const stored = await snapshot(h.store)
        const record = newRecord(before, stored)
        expect(record.result).toEqual(fixture.replayed ? fixture.replayed(first) : first)

        // A retry a few seconds later, its first answer lost.
        h.clock.now += 5_000
        expect(expectOk(await call(input, requestId))).toEqual(record.result)
        const after = await snapshot(h.store)
        expect(counts(after)).toEqual(counts(stored))
        // A rate-limited operation's retry counted a use and gave it back: the window's count where it was.
        const moved = windowsMoved(stored, after)
        if (contract.rateLimit) {
          expect(moved).toHaveLength(1)
          expect(moved[0]!.now.n).toBe(moved[0]!.was!.n)
          expect(moved[0]!.now._v).toBe(moved[0]!.was!._v + 2)
        } else expect(moved).toEqual([])

        if (fixture.other) {
          expectError(await call(fixture.other(h, state, input), requestId), 'REQUEST_REUSED')
          expect(counts(await snapshot(h.store))).toEqual(counts(after))
        }
        // The first call's record is what a retry is answered from, however often it comes.
        expect(expectOk(await call(input, requestId))).toEqual(record.result)
      })

      if (contract.rateLimit) {
        const { limit } = RATE_LIMITS[contract.rateLimit]
        it(`answers a retry that comes when the caller is at the limit (${limit}), and leaves the limit where it was`, async () => {
          const h = harness()
          const state = await fixture.setup?.(h)
          const firstInput = await fixture.input(h, state)
          const firstId = newRequestId()
          const before = await snapshot(h.store)
          expectOk(await call(firstInput, firstId))
          const record = newRecord(before, await snapshot(h.store))
          // New requests until the window is full: the last one is refused.
          let refused = false
          for (let i = 0; i <= limit && !refused; i++) {
            const r = await call(await fixture.input(h, state), newRequestId())
            if (!r.ok) {
              expectError(r, 'RATE_LIMITED')
              refused = true
            }
          }
          expect(refused).toBe(true)
          const full = await snapshot(h.store)
          h.clock.now += 5_000
          expect(expectOk(await call(firstInput, firstId))).toEqual(record.result)
          expect(await snapshot(h.store)).toEqual(full)
          // Still full: the retry used nothing up, and a new request is refused as before.
          expectError(await call(await fixture.input(h, state), newRequestId()), 'RATE_LIMITED')
        })
      }
    })

    it('a call that stored its record and then lost its commit’s answer answers with what it stored, and keeps its use', async () => {
      const h = harness()
      const caller = 'retry-worker-lost-answer'
      const input = submitInput()
      const requestId = newRequestId()
      // The commit lands, its answer does not (a dropped connection): the store reports it unavailable.
      let lose = true
      const losing: Store = {
        ...h.store,
        transaction: async (fn) => {
          const out = await h.store.transaction(fn)
          if (lose) {
            lose = false
            throw new AppError('STORE_UNAVAILABLE')
          }
          return out
        },
      }
      const before = await snapshot(h.store)
      const first = expectOk(await dispatch('worker', { op: K.submitCase.op, input, requestId }, { openid: caller, via: 'local' }, { ...h.ports, store: losing }))
      const stored = await snapshot(h.store)
      expect(first).toEqual(newRecord(before, stored).result)
      // Its use stays counted: it is the first call of that request.
      const [window] = windowsMoved(before, stored)
      expect(window!.now.n).toBe((window!.was?.n ?? 0) + 1)
      // The client's retry, a moment later, is answered the same, and gives back the use it counted.
      h.clock.now += 5_000
      expect(expectOk(await h.op(K.submitCase, caller, input, { requestId }))).toEqual(first)
      expect(counts(await snapshot(h.store))).toEqual(counts(stored))
    })
  },
  { rateLimits: true },
)

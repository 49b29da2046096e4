import fc from 'fast-check'
import type { CaseDoc, LedgerFactDoc, LedgerRollupDoc, MembershipDoc, OfficerDoc } from '../../cloudfunctions/core/app/records'
import type { Contract, InputOf } from '../../types/contract'
import {
  acceptCase,
  answerTransfer,
  confirmCase,
  escalateCase,
  flagGroupCase,
  holdCase,
  referCase,
  reopenCase,
  replyCase,
  resolveCase,
  resumeCase,
  runSweep,
  startCase,
  transferCase,
  withdrawCase,
} from '../../types/contracts'
import type { Category, Privacy } from '../../types/domain'
import { rollUpLedger } from '../../cloudfunctions/core/app/ledger'
import { onBothStores } from '../support/both-stores'
import { expectOk, WORKER, type Harness } from '../support/harness'

/**
 * The rollups are kept as cases change (ADR 16): the facts in each change's own transaction, the rollups added to
 * by the roll-up pass that follows them (ADR 0051). After random sequences of real operations — intake at five
 * stations on three privacy tracks, every officer and worker action, refused ones included, time passing with
 * the sweep (which runs the pass), and passes of their own at random points — and the pass run as every read of
 * figures runs it, no fact waits any more, every rollup equals a recount of the stored facts, and the
 * facts add up to what the cases themselves say (how many were filed where, resolved, reopened, transferred,
 * rated, referred, withdrawn, closed unconfirmed, and the money recovered).
 */

const STATIONS = ['st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005', 'st-CX-0001'] as const
/** Someone at each station who may take every lead's action there. */
const LEAD: Record<string, string> = {
  'st-HZ-0001': 'dev-city-admin',
  'st-CX-0001': 'dev-CX-county-head',
  'st-CX-0002': 'dev-CX-street-head',
  'st-CX-0003': 'dev-CX-park-liaison',
  'st-CX-0004': 'dev-CX-firm-union',
  'st-CX-0005': 'union-firm5-head',
}
const CONCLUSIONS = ['solved', 'partly', 'mediated', 'arbitration', 'inspection', 'unfounded', 'explained', 'other'] as const

type Op =
  | { t: 'file'; at: (typeof STATIONS)[number]; category: Category; privacy: Privacy; workers: number }
  | { t: 'accept' | 'start' | 'reply' | 'hold' | 'resume' | 'escalate' | 'refer' | 'withdraw' | 'reopen' | 'flag'; pick: number }
  | { t: 'resolve'; pick: number; conclusion: (typeof CONCLUSIONS)[number]; amount: number; workers: number }
  | { t: 'confirm'; pick: number; rating: number }
  | { t: 'transfer'; pick: number; to: (typeof STATIONS)[number] }
  | { t: 'answer'; pick: number; accept: boolean }
  | { t: 'time'; hours: number }
  | { t: 'rollup' }

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('file' as const), at: fc.constantFrom(...STATIONS), category: fc.constantFrom<Category>('pay', 'wage_arrears'), privacy: fc.constantFrom<Privacy>('open', 'confidential', 'anonymous'), workers: fc.constantFrom(1, 3, 12) }) },
  { weight: 6, arbitrary: fc.record({ t: fc.constantFrom('accept' as const, 'start' as const, 'reply' as const, 'hold' as const, 'resume' as const, 'escalate' as const, 'refer' as const, 'withdraw' as const, 'reopen' as const, 'flag' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('resolve' as const), pick: fc.nat(), conclusion: fc.constantFrom(...CONCLUSIONS), amount: fc.integer({ min: 0, max: 20_000 }), workers: fc.integer({ min: 0, max: 12 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('confirm' as const), pick: fc.nat(), rating: fc.integer({ min: 1, max: 5 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('transfer' as const), pick: fc.nat(), to: fc.constantFrom(...STATIONS) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('answer' as const), pick: fc.nat(), accept: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('time' as const), hours: fc.integer({ min: 1, max: 80 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'rollup' as const }) },
)

/** What each fact kind adds, written out here on its own (not the product's table): the recount's rule. */
const ADDS: Record<LedgerFactDoc['kind'], (f: LedgerFactDoc) => Record<string, number>> = {
  filed: () => ({ filed: 1 }),
  movedIn: () => ({ movedIn: 1 }),
  accepted: (f) => ({ accepted: 1, acceptedOnTime: f.onTime ? 1 : 0 }),
  resolved: (f) => ({ resolved: 1, resolvedOnTime: f.onTime ? 1 : 0, ...(f.amount !== undefined ? { recoveredAmount: f.amount } : {}), ...(f.workers !== undefined ? { workersPaid: f.workers } : {}) }),
  overdue: () => ({ overdue: 1 }),
  transferred: () => ({ transferred: 1 }),
  referred: () => ({ referred: 1 }),
  withdrawn: () => ({ withdrawn: 1 }),
  reopened: () => ({ reopened: 1 }),
  rated: (f) => ({ rated: 1, ratingSum: f.rating! }),
  unconfirmed: () => ({ unconfirmed: 1 }),
}

const add = (into: Record<string, number>, more: Record<string, number>) => {
  for (const [k, v] of Object.entries(more)) into[k] = (into[k] ?? 0) + v
}

/** Drops zero counters, so a rollup that counted 0 on-time accepts equals a recount that never saw the key. */
const nonZero = (o: Record<string, number> | undefined) => Object.fromEntries(Object.entries(o ?? {}).filter(([, v]) => v !== 0))

const all = async <T extends { _id: string; _v: number }>(h: Harness, collection: string): Promise<T[]> => {
  const out: T[] = []
  let after: string | undefined
  do {
    const page = await h.store.find<T>(collection, { limit: 1000, after })
    out.push(...page.items)
    after = page.next
  } while (after)
  return out
}

type Figures = { n: Record<string, number>; cat: Record<string, Record<string, number>>; conclusions: Record<string, number> }
/** One document per station and area and month, with that month's days of each ISO week in `weeks` (ADR 0037). */
const recount = (facts: LedgerFactDoc[]) => {
  const buckets = new Map<string, Figures & { weeks: Record<string, Figures> }>()
  const addTo = (b: Figures, f: LedgerFactDoc) => {
    add(b.n, ADDS[f.kind](f))
    b.cat[f.category] ??= {}
    add(b.cat[f.category]!, ADDS[f.kind](f))
    if (f.kind === 'resolved' && f.conclusion) add(b.conclusions, { [f.conclusion]: 1 })
  }
  for (const f of facts) {
    for (const [level, key] of [['station', f.stationId], ['area', f.areaId]]) {
      const id = `lr_${level}_${key}_${f.month}_${f.privacy}`
      const b = buckets.get(id) ?? { n: {}, cat: {}, conclusions: {}, weeks: {} }
      addTo(b, f)
      addTo((b.weeks[f.week] ??= { n: {}, cat: {}, conclusions: {} }), f)
      buckets.set(id, b)
    }
  }
  return buckets
}

onBothStores((harness) => {
  let h: Harness
  const cases: string[] = []

  beforeAll(async () => {
    h = harness()
    await h.store.insert<OfficerDoc>('officers', { _id: 'of-union-firm5-head', openid: 'union-firm5-head', name: '示例食品工会主席', createdAt: h.clock.now })
    await h.store.insert<MembershipDoc>('memberships', { _id: 'ms-union-firm5', officerId: 'of-union-firm5-head', openid: 'union-firm5-head', stationId: 'st-CX-0005', role: 'head', side: 'union', admin: false, createdAt: h.clock.now })
  })

  const pick = (n: number) => (cases.length ? cases[n % cases.length]! : null)

  /** An officer's action with the version in the store, by the lead of the station that must act. */
  const officer = async <C extends Contract>(contract: C, id: string, fields: Omit<InputOf<C>, 'id' | 'version'>, at?: string) => {
    const c = (await h.store.get<CaseDoc>('cases', id))!
    return h.op(contract, LEAD[at ?? c.ownerStationId]!, { ...fields, id, version: c._v } as InputOf<C>)
  }
  const worker = async <C extends Contract>(contract: C, id: string, fields: Omit<InputOf<C>, 'id' | 'version'>) => {
    const c = (await h.store.get<CaseDoc>('cases', id))!
    return h.op(contract, WORKER, { ...fields, id, version: c._v } as InputOf<C>)
  }

  const run = async (op: Op) => {
    if (op.t === 'file') {
      const anonymous = op.privacy === 'anonymous'
      const r = await h.file({
        stationId: op.at,
        category: op.category,
        privacy: op.privacy,
        workersAffected: op.workers,
        aboutOwnEmployer: !op.at.endsWith('0001'),
        ...(anonymous ? { contact: undefined } : {}),
      })
      cases.push(r.id)
      return
    }
    if (op.t === 'time') {
      h.clock.now += op.hours * 3_600_000
      expectOk(await h.op(runSweep, null, {}))
      return
    }
    if (op.t === 'rollup') {
      await rollUpLedger(h.ports, 60_000)
      return
    }
    const id = pick(op.pick)
    if (!id) return
    const c = (await h.store.get<CaseDoc>('cases', id))!
    switch (op.t) {
      case 'accept':
        return officer(acceptCase, id, {})
      case 'start':
        return officer(startCase, id, {})
      case 'reply':
        return officer(replyCase, id, { text: '已联系单位核实情况。' })
      case 'hold':
        return officer(holdCase, id, { reason: '等职工补充材料' })
      case 'resume':
        return officer(resumeCase, id, {})
      case 'escalate':
        return officer(escalateCase, id, { reason: '需要上级协调' })
      case 'refer':
        return officer(referCase, id, { to: 'arbitration', reason: '需要仲裁' })
      case 'flag':
        return officer(flagGroupCase, id, { reason: '涉及多人' })
      case 'withdraw':
        return worker(withdrawCase, id, {})
      case 'reopen':
        return worker(reopenCase, id, { reason: '还没有解决' })
      case 'confirm':
        return worker(confirmCase, id, { rating: op.rating })
      case 'resolve':
        return officer(resolveCase, id, {
          text: '已办理完毕。',
          conclusion: op.conclusion,
          ...(op.conclusion === 'other' ? { conclusionNote: '双方自行和解' } : {}),
          ...(c.category === 'wage_arrears' ? { amountRecovered: op.amount, workersPaid: op.workers } : {}),
        })
      case 'transfer':
        return officer(transferCase, id, { toStationId: op.to, reason: '由对方驿站办理' })
      case 'answer':
        if (!c.pendingTransfer) return
        return officer(answerTransfer, id, op.accept ? { accept: true } : { accept: false, reason: '不属于本驿站' }, c.pendingTransfer.toStationId)
    }
  }

  /** A fixed start that gives every kind of fact at least once, so the random runs build on all of them. */
  const START: Op[] = [
    { t: 'file', at: 'st-CX-0002', category: 'pay', privacy: 'open', workers: 1 },
    { t: 'accept', pick: 0 },
    { t: 'resolve', pick: 0, conclusion: 'solved', amount: 0, workers: 0 },
    { t: 'confirm', pick: 0, rating: 4 },
    { t: 'rollup' },
    { t: 'file', at: 'st-CX-0002', category: 'pay', privacy: 'open', workers: 1 },
    { t: 'transfer', pick: 1, to: 'st-CX-0003' },
    { t: 'answer', pick: 1, accept: true },
    { t: 'file', at: 'st-CX-0002', category: 'pay', privacy: 'confidential', workers: 1 },
    { t: 'refer', pick: 2 },
    { t: 'file', at: 'st-CX-0002', category: 'pay', privacy: 'anonymous', workers: 1 },
    { t: 'withdraw', pick: 3 },
    { t: 'file', at: 'st-CX-0002', category: 'wage_arrears', privacy: 'confidential', workers: 3 },
    { t: 'accept', pick: 4 },
    { t: 'resolve', pick: 4, conclusion: 'mediated', amount: 5000, workers: 2 },
    { t: 'reopen', pick: 4 },
    { t: 'file', at: 'st-CX-0002', category: 'pay', privacy: 'open', workers: 1 },
    { t: 'time', hours: 30 },
  ]

  it('keeps every rollup equal to a recount, after random sequences of operations', async () => {
    for (const op of START) await run(op)
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 5, maxLength: 30 }), async (ops) => {
        for (const op of ops) await run(op)
        // As a read of figures does first (ADR 0051).
        expect((await rollUpLedger(h.ports, 60_000)).complete).toBe(true)
        const facts = await all<LedgerFactDoc>(h, 'ledger_facts')
        expect(facts.filter((f) => f.rollup !== undefined)).toEqual([])
        const stored = await all<LedgerRollupDoc>(h, 'ledger_rollups')
        const want = recount(facts)
        expect(stored.map((d) => d._id).sort()).toEqual([...want.keys()].sort())
        const same = (at: string, d: Partial<Figures> | undefined, w: Figures | undefined) => {
          expect([at, nonZero(d?.n)]).toEqual([at, nonZero(w?.n)])
          expect([at, nonZero(d?.conclusions)]).toEqual([at, nonZero(w?.conclusions)])
          for (const cat of new Set([...Object.keys(d?.cat ?? {}), ...Object.keys(w?.cat ?? {})])) expect([at, cat, nonZero(d?.cat?.[cat])]).toEqual([at, cat, nonZero(w?.cat[cat])])
        }
        for (const d of stored) {
          const w = want.get(d._id)!
          same(d._id, d as unknown as Figures, w)
          const weeks = (d as unknown as { weeks?: Record<string, Partial<Figures>> }).weeks ?? {}
          for (const week of new Set([...Object.keys(weeks), ...Object.keys(w.weeks)])) same(`${d._id} ${week}`, weeks[week], w.weeks[week])
        }

        // The facts add up to what the cases say.
        const docs = await all<CaseDoc>(h, 'cases')
        const total: Record<string, number> = {}
        for (const f of facts) add(total, ADDS[f.kind](f))
        const count = (p: (c: CaseDoc) => boolean) => docs.filter(p).length
        const sum = (v: (c: CaseDoc) => number) => docs.reduce((s, c) => s + v(c), 0)
        expect(nonZero(total)).toMatchObject(
          nonZero({
            filed: docs.length,
            resolved: sum((c) => c.reopenCount) + count((c) => ['resolved', 'closed', 'closed_unconfirmed'].includes(c.state)),
            reopened: sum((c) => c.reopenCount),
            transferred: sum((c) => c.transfers),
            rated: count((c) => c.rating !== null),
            ratingSum: sum((c) => c.rating ?? 0),
            unconfirmed: count((c) => c.state === 'closed_unconfirmed'),
            referred: count((c) => c.state === 'referred'),
            withdrawn: count((c) => c.state === 'withdrawn'),
            recoveredAmount: sum((c) => c.conclusion?.amountRecovered ?? 0),
            workersPaid: sum((c) => c.conclusion?.workersPaid ?? 0),
          }),
        )
        for (const s of new Set(docs.map((c) => c.firstStationId)))
          expect([s, facts.filter((f) => f.kind === 'filed' && f.stationId === s).length]).toEqual([s, count((c) => c.firstStationId === s)])
      }),
      // Ten sequences, or as many as fit in 20 s (the CloudBase suite goes through HTTP for every read and write).
      { numRuns: 10, endOnFailure: true, interruptAfterTimeLimit: 20_000 },
    )
  }, 600_000)

  it('went through every kind of fact on the way', async () => {
    const kinds = new Set((await all<LedgerFactDoc>(h, 'ledger_facts')).map((f) => f.kind))
    for (const k of ['filed', 'movedIn', 'accepted', 'resolved', 'overdue', 'transferred', 'referred', 'withdrawn', 'reopened', 'rated'] as const) expect([k, kinds.has(k)]).toEqual([k, true])
  })
})

import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { ledgerFigures, rollUpLedger, rollupId, ROLLUP_BATCH, ROLLUP_CURSOR_ID } from '../../cloudfunctions/core/app/ledger'
import type { LedgerFactDoc, LedgerRollupCursorDoc, LedgerRollupDoc } from '../../cloudfunctions/core/app/records'
import { addFact, emptyBucket, type BucketFigures } from '../../cloudfunctions/core/domain/ledger'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import type { Store, TxStore } from '../../cloudfunctions/core/ports/store'
import { acceptCase, runSweep } from '../../types/contracts'
import { onBothStores } from '../support/both-stores'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectOk, makeHarness, type Harness } from '../support/harness'

/**
 * The roll-up pass (ADR 0051): the case's transaction stores the ledger's facts marked as waiting, and the pass
 * adds them to their rollups afterwards. Each fact is counted once — when the pass stops between its commit and
 * its mark, when two passes run at once, and for facts stored before the mark existed (their own transaction
 * counted them) — and a read of figures is exact at once, without waiting for the sweep.
 */

const HEAD = 'dev-CX-street-head'
const HOME = 'st-CX-0002'
const COUNTY = 'st-CX-0001'

const nonZero = (o: Record<string, number | undefined> = {}) => Object.fromEntries(Object.entries(o).filter(([, v]) => v))

/** Rollups as every fact stored would leave them, each counted once, beside the rollups stored. */
const expectEveryFactCountedOnce = async (h: Harness) => {
  const facts = await findAll<LedgerFactDoc>(h.store, COLLECTIONS.ledgerFacts, { orderBy: { field: '_id', dir: 'asc' } })
  expect(facts.filter((f) => f.rollup !== undefined).map((f) => f._id)).toEqual([])
  const want = new Map<string, BucketFigures>()
  for (const f of facts)
    for (const [level, key] of [['station', f.stationId], ['area', f.areaId]] as const) {
      const id = rollupId(level, key, f.month, f.privacy)
      addFact(want.get(id) ?? want.set(id, emptyBucket()).get(id)!, f, f.category)
    }
  const stored = await findAll<LedgerRollupDoc>(h.store, COLLECTIONS.ledgerRollups, { orderBy: { field: '_id', dir: 'asc' } })
  const shape = (b: BucketFigures) => ({ n: nonZero(b.n), conclusions: nonZero(b.conclusions), cat: Object.fromEntries(Object.entries(b.cat).map(([c, f]) => [c, nonZero(f)])) })
  expect(Object.fromEntries(stored.map((d) => [d._id, shape(d)]))).toEqual(Object.fromEntries([...want].map(([id, b]) => [id, shape(b)])))
  return facts.length
}

const waiting = async (h: Harness) => (await findAll<LedgerFactDoc>(h.store, COLLECTIONS.ledgerFacts, { where: { rollup: 'waiting' } })).map((f) => f._id).sort()

/** A promise and what settles it: a pass held at one point until the test lets it go on. */
const gate = () => {
  let open!: () => void
  const opened = new Promise<void>((r) => (open = r))
  return { open, opened }
}

onBothStores((harness) => {
  const h = (): Harness => harness()
  const ports = (store: Store) => ({ store, clock: h().ports.clock })

  it('leaves the facts of a case change waiting, and a read of figures rolls them up first', async () => {
    const month = '2026-11'
    const before = (await (await ledgerFigures(h().ports)).stationFigures(HOME, month, 'union')).n
    const { id } = await h().file()
    expectOk(await h().act(acceptCase, HEAD, id))
    // The case's transaction stored its facts, marked, and added to no rollup.
    expect((await waiting(h())).length).toBe(2)
    const doc = await h().store.get<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, rollupId('station', HOME, month, 'open'))
    expect(doc?.n.filed ?? 0).toBe(before.filed ?? 0)
    // A view sees them at once.
    const now = (await (await ledgerFigures(h().ports)).stationFigures(HOME, month, 'union')).n
    expect([now.filed, now.accepted]).toEqual([(before.filed ?? 0) + 1, (before.accepted ?? 0) + 1])
    expect(await waiting(h())).toEqual([])
    await expectEveryFactCountedOnce(h())
  })

  /** The store, but the first mark of facts fails: the instance stopped after the pass's commit. */
  const stopsBeforeMark = (): Store => {
    let marks = 0
    return {
      ...h().store,
      updateHeldMany: (async (collection: string, held: never[], patch: never) => {
        if (collection === COLLECTIONS.ledgerFacts && marks++ === 0) throw new Error('the instance stopped')
        return h().store.updateHeldMany(collection, held, patch)
      }) as Store['updateHeldMany'],
    }
  }

  it('counts a batch once when the pass stops after its commit and before its mark', async () => {
    await h().file()
    const first = await waiting(h())
    await expect(rollUpLedger(ports(stopsBeforeMark()), 60_000)).rejects.toThrow('the instance stopped')
    // Added to the rollups and named by the cursor, but still waiting.
    expect(await waiting(h())).toEqual(first)
    expect((await h().store.get<LedgerRollupCursorDoc>(COLLECTIONS.settings, ROLLUP_CURSOR_ID))!.applied.sort()).toEqual(first)
    // A filing meanwhile: its fact is counted by the next pass, the batch before is only marked.
    await h().file()
    expect(await rollUpLedger(h().ports, 60_000)).toEqual({ rolledUp: 1, complete: true })
    await expectEveryFactCountedOnce(h())
  })

  it('keeps the ids the cursor names past a full page, so a batch not marked yet is left out when it is reached', async () => {
    await h().file()
    await expect(rollUpLedger(ports(stopsBeforeMark()), 60_000)).rejects.toThrow('the instance stopped')
    // More facts than a batch takes, all before that filing's in `_id` order: the next pass's first page is full of them.
    const rows = Array.from({ length: ROLLUP_BATCH }, (_, i) => ({
      _id: `00early-${String(i).padStart(4, '0')}_v0001_0`,
      caseId: `00early-${i}`,
      kind: 'transferred' as const,
      stationId: HOME,
      areaId: COUNTY,
      month: '2026-11',
      week: '2026-W48',
      at: h().clock.now,
      privacy: 'open' as const,
      category: 'pay' as const,
      rollup: 'waiting' as const,
    }))
    await h().store.insertMany<LedgerFactDoc>(COLLECTIONS.ledgerFacts, rows)
    expect(await rollUpLedger(h().ports, 60_000)).toEqual({ rolledUp: ROLLUP_BATCH, complete: true })
    await expectEveryFactCountedOnce(h())
  })

  it('counts once when a second pass runs between the first one’s commit and its mark', async () => {
    await h().file()
    await h().file()
    const held = gate()
    const reached = gate()
    let first = true
    const slow: Store = {
      ...h().store,
      updateHeldMany: (async (collection: string, docs: never[], patch: never) => {
        if (collection === COLLECTIONS.ledgerFacts && first) {
          first = false
          reached.open()
          await held.opened
        }
        return h().store.updateHeldMany(collection, docs, patch)
      }) as Store['updateHeldMany'],
    }
    const a = rollUpLedger(ports(slow), 60_000)
    await reached.opened
    // The second pass finds the first one's facts waiting, named by the cursor: it marks them and adds nothing.
    expect(await rollUpLedger(h().ports, 60_000)).toEqual({ rolledUp: 0, complete: true })
    held.open()
    expect(await a).toEqual({ rolledUp: 2, complete: true })
    await expectEveryFactCountedOnce(h())
  })

  it('never rolls up again the facts stored before the mark (their transaction added them itself)', async () => {
    // As an instance of the version before left a filing: the fact without the field, and its rollups added to.
    const at = Date.UTC(2026, 5, 10, 2)
    const fact = { _id: 'old-case_v0001_0', caseId: 'old-case', kind: 'filed' as const, stationId: HOME, areaId: COUNTY, month: '2026-06', week: '2026-W24', at, privacy: 'open' as const, category: 'pay' as const }
    await h().store.insert<LedgerFactDoc>(COLLECTIONS.ledgerFacts, fact)
    for (const [level, key] of [['station', HOME], ['area', COUNTY]] as const)
      await h().store.insert<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, {
        _id: rollupId(level, key, '2026-06', 'open'),
        level,
        key,
        countyId: COUNTY,
        period: '2026-06',
        privacy: 'open',
        n: { filed: 1 },
        cat: { pay: { filed: 1 } },
        conclusions: {},
        weeks: { '2026-W24': { n: { filed: 1 }, cat: { pay: { filed: 1 } } } },
        updatedAt: at,
      })
    await h().file()
    expect(await rollUpLedger(h().ports, 60_000)).toEqual({ rolledUp: 1, complete: true })
    expect(await h().store.get<LedgerFactDoc>(COLLECTIONS.ledgerFacts, fact._id)).toEqual({ ...fact, _v: 1 })
    const june = (await h().store.get<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, rollupId('station', HOME, '2026-06', 'open')))!
    expect([june._v, june.n.filed]).toEqual([1, 1])
    expect((await (await ledgerFigures(h().ports)).stationFigures(HOME, '2026-W24', 'union')).n.filed).toBe(1)
    await expectEveryFactCountedOnce(h())
  })

  it('rolls up more facts than one batch takes, a batch at a time', async () => {
    const cursor = (await h().store.get<LedgerRollupCursorDoc>(COLLECTIONS.settings, ROLLUP_CURSOR_ID))!
    // Facts of the same moment as a busy sweep leaves them: more than a batch, over two stations.
    const at = h().clock.now
    const rows = Array.from({ length: ROLLUP_BATCH + 7 }, (_, i) => ({
      _id: `many-${String(i).padStart(4, '0')}_v0001_0`,
      caseId: `many-${i}`,
      kind: 'overdue' as const,
      stationId: i % 2 ? HOME : COUNTY,
      areaId: COUNTY,
      month: '2026-11',
      week: '2026-W48',
      at,
      privacy: 'confidential' as const,
      category: 'pay' as const,
      rollup: 'waiting' as const,
    }))
    await h().store.insertMany<LedgerFactDoc>(COLLECTIONS.ledgerFacts, rows)
    expect(await rollUpLedger(h().ports, 60_000)).toEqual({ rolledUp: ROLLUP_BATCH + 7, complete: true })
    expect((await h().store.get<LedgerRollupCursorDoc>(COLLECTIONS.settings, ROLLUP_CURSOR_ID))!._v).toBe(cursor._v + 2)
    await expectEveryFactCountedOnce(h())
    // The employer side sees none of them: they are on the confidential track (D8a).
    const figures = await ledgerFigures(h().ports)
    const union = await figures.stationFigures(HOME, '2026-11', 'union')
    const employer = await figures.stationFigures(HOME, '2026-11', 'employer')
    expect((union.n.overdue ?? 0) - (employer.n.overdue ?? 0)).toBe(Math.floor((ROLLUP_BATCH + 7) / 2))
  })

  it('runs in every sweep run, not in a dry run', async () => {
    await h().file()
    const left = await waiting(h())
    expect(left.length).toBe(1)
    expect(expectOk(await h().op(runSweep, null, { dryRun: true })).ledger).toEqual({ rolledUp: 0, complete: true })
    expect(await waiting(h())).toEqual(left)
    expect(expectOk(await h().op(runSweep, null, {})).ledger).toEqual({ rolledUp: 1, complete: true })
    expect(await waiting(h())).toEqual([])
    await expectEveryFactCountedOnce(h())
  })
})

describe('on CloudBase: a pass whose transaction began before another pass committed', () => {
  let fake: CloudbaseFake
  let h: Harness
  beforeAll(async () => {
    fake = await startCloudbaseFake()
    h = await makeHarness({ store: createCloudbaseStore(connectCloudbase(fake.url).db) })
  }, 60_000)
  afterAll(() => fake.close())

  it('meets a write conflict, runs again and counts each fact once', async () => {
    await h.file()
    await h.file()
    const held = gate()
    const reached = gate()
    let attempts = 0
    // The first attempt stops at its first rollup, having read the cursor and found the facts waiting.
    const paused: Store = {
      ...h.store,
      transaction: (<R>(fn: (tx: TxStore) => Promise<R>) =>
        h.store.transaction((tx) => {
          if (++attempts > 1) return fn(tx)
          const increment = (async (...args: Parameters<TxStore['increment']>) => {
            reached.open()
            await held.opened
            return tx.increment(...args)
          }) as TxStore['increment']
          return fn({ ...tx, increment })
        })) as Store['transaction'],
    }
    const a = rollUpLedger({ store: paused, clock: h.ports.clock }, 60_000)
    await reached.opened
    const facts = await findAll<LedgerFactDoc>(h.store, COLLECTIONS.ledgerFacts, { where: { rollup: 'waiting' } })
    expect(await rollUpLedger(h.ports, 60_000)).toEqual({ rolledUp: facts.length, complete: true })
    held.open()
    // Its write met the other pass's commit: it ran again, found nothing waiting and added nothing.
    expect(await a).toEqual({ rolledUp: 0, complete: true })
    expect(attempts).toBe(2)
    await expectEveryFactCountedOnce(h)
  })
})

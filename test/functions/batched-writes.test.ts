import { dueCommands } from '../../cloudfunctions/core/domain/case-engine'
import { applyCommand, applyDueSteps, applyDueStepsMany } from '../../cloudfunctions/core/app/case-actions'
import { AppError } from '../../types/errors'
import { runSweep } from '../../types/contracts'
import { expectOk } from '../support/harness'
import { caseEventsOf } from '../../cloudfunctions/core/app/cases'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { deliverDue } from '../../cloudfunctions/core/app/outbox'
import { ledgerFigures, rollUpLedger, rollupId } from '../../cloudfunctions/core/app/ledger'
import { monthsOfWeek, weekMonday, weekOf } from '../../cloudfunctions/core/domain/periods'
import type { CaseDoc, InboxCountDoc, LedgerFactDoc, LedgerRollupDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { onBothStores } from '../support/both-stores'
import type { Harness } from '../support/harness'

/**
 * Fewer writes for the same result (ADR 0037): a due case's steps written in one transaction leave exactly what
 * a step at a time left; the outbox pass that claims many rows in one write sends each row once, even when
 * another run claimed some of them meanwhile; a week's ledger figures are the week cells of the one or two
 * months it touches, with a week's own document booked before.
 */
onBothStores((harness) => {
  const h = (): Harness => harness()
  const all = <T extends { _id: string }>(collection: string) => findAll<T & { _v: number }>(h().store, collection, { orderBy: { field: '_id', dir: 'asc' } })
  /** Every counter of the ledger rollups (the facts waiting rolled up first, ADR 0051) and the inbox, summed over their documents. */
  const counters = async () => {
    await rollUpLedger(h().ports, 60_000)
    const out = new Map<string, number>()
    const add = (prefix: string, o: unknown) => {
      if (typeof o === 'number') out.set(prefix, (out.get(prefix) ?? 0) + o)
      else if (o && typeof o === 'object') for (const [k, v] of Object.entries(o)) add(`${prefix}.${k}`, v)
    }
    for (const r of await all<LedgerRollupDoc>(COLLECTIONS.ledgerRollups)) add(r._id, { n: r.n, cat: r.cat, conclusions: r.conclusions })
    for (const c of await all<InboxCountDoc>(COLLECTIONS.inboxCounts)) add(c._id, c.cells)
    return out
  }
  const delta = (a: Map<string, number>, b: Map<string, number>) =>
    Object.fromEntries([...new Set([...a.keys(), ...b.keys()])].map((k) => [k, (b.get(k) ?? 0) - (a.get(k) ?? 0)]).filter(([, d]) => d !== 0))
  const of = async (id: string) => {
    // Every fact rolled up and so marked, whichever case was written first.
    await rollUpLedger(h().ports, 60_000)
    const c = (await h().store.get<CaseDoc>(COLLECTIONS.cases, id))!
    // The case's events as every view reads them (without content security's verdicts, ADR 0042), by time and id.
    const events = (await caseEventsOf(h().store, id)).sort((a, b) => a.at - b.at || a._id.localeCompare(b._id))
    const rows = (await all<OutboxDoc>(COLLECTIONS.outbox)).filter((r) => r.caseId === id)
    const facts = (await all<LedgerFactDoc>(COLLECTIONS.ledgerFacts)).filter((f) => f.caseId === id)
    const { _id, _v, caseNo, createdAt, inboxCells, ...rest } = c
    return {
      doc: { ...rest, cells: inboxCells?.length },
      steps: _v,
      events: events.map((e) => [e.kind, e.text.replaceAll(caseNo, '<no>'), e.internal, e.actor]),
      rows: rows.map((r) => [r.kind, r.to, r.data.summary, r.status, r.attempts]).sort(),
      facts: facts.map(({ _id: _f, _v: _fv, caseId: _c, ...f }) => f),
    }
  }

  it('writes a due case’s steps in one transaction, leaving what a step at a time left', async () => {
    const a = await h().file()
    const b = await h().file()
    h().clock.now += 2 * 86_400_000
    const now = h().ports.clock.now()
    const start = await counters()
    let current = (await h().store.get<CaseDoc>(COLLECTIONS.cases, a.id))!
    let steps = 0
    for (let cmd = dueCommands(current, now)[0]; cmd; cmd = dueCommands(current, now)[0]) {
      current = (await applyCommand(h().ports, current, current._v, cmd, { actor: 'system' }, [], { deliver: false })).doc
      steps += 1
    }
    expect(steps).toBeGreaterThan(1)
    const middle = await counters()
    const fresh = (await h().store.get<CaseDoc>(COLLECTIONS.cases, b.id))!
    const done = await applyDueSteps(h().ports, fresh, (m) => dueCommands(m, now)[0], 6, { actor: 'system' }, { deliver: false })
    expect(done.steps).toBe(steps)
    expect(done.doc._v).toBe(fresh._v + 1)
    const end = await counters()
    const one = await of(a.id)
    const together = await of(b.id)
    expect({ ...together, steps: one.steps }).toEqual(one)
    expect(delta(middle, end)).toEqual(delta(start, middle))
    // Nothing due: nothing written.
    expect(await applyDueSteps(h().ports, done.doc, (m) => dueCommands(m, now)[0], 6, { actor: 'system' })).toEqual({ doc: done.doc, steps: 0 })
  })

  it('writes several due cases in one transaction, leaving what one transaction each left, and leaves a case that moved', async () => {
    // Two pairs of cases filed alike: one of each pair written alone, the other with the rest in one transaction.
    const alone = [await h().file(), await h().file()]
    const together = [await h().file(), await h().file()]
    const moved = await h().file()
    h().clock.now += 2 * 86_400_000
    const now = h().ports.clock.now()
    const next = (m: CaseDoc) => dueCommands(m, now)[0]
    const get = async (id: string) => (await h().store.get<CaseDoc>(COLLECTIONS.cases, id))!
    const start = await counters()
    const one: number[] = []
    for (const c of alone) one.push((await applyDueSteps(h().ports, await get(c.id), next, 6, { actor: 'system' }, { deliver: false })).steps)
    expect(Math.min(...one)).toBeGreaterThan(0)
    const middle = await counters()
    const read = [await get(together[0]!.id), await get(moved.id), await get(together[1]!.id)]
    // The moved case changed after the run read it (an officer replied, say): it is left to the next run.
    await h().store.updateHeld<CaseDoc>(COLLECTIONS.cases, read[1]!, { updatedAt: now })
    const nothingDue = await get(alone[0]!.id)
    expect(await applyDueStepsMany(h().ports, [...read, nothingDue], next, 6, { actor: 'system' })).toEqual([one[0], 'conflict', one[1], 0])
    const end = await counters()
    for (const [i, c] of together.entries()) expect(await of(c.id)).toEqual(await of(alone[i]!.id))
    expect(delta(middle, end)).toEqual(delta(start, middle))
    expect((await get(moved.id))._v).toBe(read[1]!._v + 1)
  })

  it('two sweeps at the same moment over the same due cases write each case’s steps once', async () => {
    const alone = await h().file()
    const cases = [await h().file(), await h().file(), await h().file()]
    h().clock.now += 2 * 86_400_000
    const now = h().ports.clock.now()
    await applyDueSteps(h().ports, (await h().store.get<CaseDoc>(COLLECTIONS.cases, alone.id))!, (m) => dueCommands(m, now)[0], 6, { actor: 'system' }, { deliver: false })
    const [a, b] = await Promise.all([h().op(runSweep, null, {}), h().op(runSweep, null, {})])
    const runs = [expectOk(a), expectOk(b)]
    expect(runs.reduce((n, r) => n + r.cases.applied, 0)).toBeGreaterThan(0)
    expect(expectOk(await h().op(runSweep, null, {})).cases.applied).toBe(0)
    // Each case as the one written alone: its version, timeline and ledger facts once (its counters and rollups
    // move in the same transaction as its events, so they moved once too).
    for (const c of cases) expect(await of(c.id)).toEqual({ ...(await of(alone.id)), rows: expect.any(Array) })
  })

  it('writes each due case in a transaction of its own when the shared one cannot commit', async () => {
    const cases = [await h().file(), await h().file()]
    h().clock.now += 2 * 86_400_000
    const now = h().ports.clock.now()
    const read = await Promise.all(cases.map(async (c) => (await h().store.get<CaseDoc>(COLLECTIONS.cases, c.id))!))
    // The first transaction fails as a write conflict that outlasted the store's own retries would.
    const store = h().ports.store
    let first = true
    const ports = {
      ...h().ports,
      store: {
        ...store,
        transaction: <R>(fn: Parameters<typeof store.transaction<R>>[0]) => {
          if (!first) return store.transaction(fn)
          first = false
          return Promise.reject(new AppError('STORE_CONFLICT'))
        },
      },
    }
    const steps = await applyDueStepsMany(ports, read, (m) => dueCommands(m, now)[0], 6, { actor: 'system' })
    expect(steps.every((n) => typeof n === 'number' && n > 0)).toBe(true)
    for (const c of read) expect((await h().store.get<CaseDoc>(COLLECTIONS.cases, c._id))!._v).toBe(c._v + 1)
  })

  it('claims due outbox rows together and sends each once, leaving to another run the rows it claimed first', async () => {
    const now = h().ports.clock.now()
    const rows = await h().store.insertMany<OutboxDoc>(
      COLLECTIONS.outbox,
      ['a', 'b', 'c', 'd'].map((x, i) => ({ _id: `ob-batch-${x}`, kind: 'case.new', to: `batch-${x}`, caseId: 'none', data: { caseNo: 'X', summary: x }, status: 'pending', attempts: i < 3 ? 0 : 2, nextAttemptAt: now, createdAt: now })),
    )
    // Another run claimed b before this one: this run sends a, c and d, and b is not sent twice.
    await h().store.updateHeld<OutboxDoc>(COLLECTIONS.outbox, rows[1]!, { attempts: 1, nextAttemptAt: now + 60_000 })
    h().sent.length = 0
    h().deliver.next = (m) => (m.to === 'batch-c' ? { ok: false, final: false, reason: 'timeout' } : { ok: true })
    expect(await deliverDue(h().ports, rows, now)).toEqual({ delivered: 2, failed: 1 })
    expect(h().sent.map((m) => m.to).sort()).toEqual(['batch-a', 'batch-d'])
    const stored = new Map((await all<OutboxDoc>(COLLECTIONS.outbox)).filter((r) => r._id.startsWith('ob-batch-')).map((r) => [r._id, r]))
    expect([...stored.values()].map((r) => [r._id, r.status, r.attempts, r.nextAttemptAt - now, r.lastError ?? null])).toEqual([
      ['ob-batch-a', 'sent', 1, 60_000, null],
      ['ob-batch-b', 'pending', 1, 60_000, null],
      ['ob-batch-c', 'pending', 1, 60_000, 'timeout'],
      ['ob-batch-d', 'sent', 3, 240_000, null],
    ])
    // A run holding the rows as they were read before claims nothing now, and sends nothing.
    h().sent.length = 0
    expect(await deliverDue(h().ports, rows, now)).toEqual({ delivered: 0, failed: 0 })
    expect(h().sent).toEqual([])
    h().deliver.next = () => ({ ok: true })
  })

  it('reads a week across a month’s end from both months’ week cells, and a week’s own document booked before', async () => {
    expect(monthsOfWeek('2026-W48')).toEqual(['2026-11'])
    expect(monthsOfWeek('2026-W49')).toEqual(['2026-11', '2026-12'])
    expect(monthsOfWeek('2027-W01')).toEqual(['2027-01'])
    expect(monthsOfWeek('2026-W01')).toEqual(['2025-12', '2026-01'])
    for (const w of ['2026-W01', '2026-W49', '2026-W53', '2028-W52']) expect(weekOf(weekMonday(w) + 3_600_000)).toBe(w)
    const doc = (level: 'station' | 'area', key: string, period: string, privacy: 'open' | 'confidential', filed: number, weeks?: Record<string, number>) => ({
      _id: rollupId(level, key, period, privacy),
      level,
      key,
      countyId: 'st-ZZ-0001',
      period,
      privacy,
      n: { filed },
      cat: { pay: { filed } },
      conclusions: {},
      ...(weeks ? { weeks: Object.fromEntries(Object.entries(weeks).map(([w, n]) => [w, { n: { filed: n }, cat: { pay: { filed: n } } }])) } : {}),
      updatedAt: 0,
    })
    await h().store.insertMany<LedgerRollupDoc>(COLLECTIONS.ledgerRollups, [
      doc('station', 'st-ZZ-0002', '2026-11', 'open', 5, { '2026-W48': 2, '2026-W49': 3 }),
      doc('station', 'st-ZZ-0002', '2026-12', 'open', 4, { '2026-W49': 4 }),
      doc('station', 'st-ZZ-0002', '2026-12', 'confidential', 1, { '2026-W49': 1 }),
      // A week's own document, as rollups were booked before.
      doc('station', 'st-ZZ-0002', '2026-W49', 'open', 7),
      doc('station', 'st-ZZ-0003', '2026-12', 'open', 6, { '2026-W50': 6 }),
      doc('area', 'st-ZZ-0001', '2026-12', 'open', 10, { '2026-W49': 4, '2026-W50': 6 }),
    ])
    const figures = await ledgerFigures(h().ports)
    expect((await figures.stationFigures('st-ZZ-0002', '2026-W49', 'union')).n.filed).toBe(3 + 4 + 1 + 7)
    // The employer side sees the open track only (D8a).
    expect((await figures.stationFigures('st-ZZ-0002', '2026-W49', 'employer')).n.filed).toBe(3 + 4 + 7)
    expect((await figures.stationFigures('st-ZZ-0002', '2026-12', 'union')).cat.pay?.filed).toBe(5)
    expect((await figures.stationFigures('st-ZZ-0002', '2026-W48', 'union')).n.filed).toBe(2)
    const cells = await figures.readRollups([
      { level: 'station', key: 'st-ZZ-0002', period: '2026-11' },
      { level: 'station', key: 'st-ZZ-0002', period: '2026-W49' },
      { level: 'area', key: 'st-ZZ-0001', period: '2026-W49' },
      { level: 'area', key: 'st-ZZ-0001', period: '2026-W50' },
    ], 'union')
    expect([...cells].map(([k, b]) => [k, b.n.filed]).sort()).toEqual([
      ['st-ZZ-0001|2026-W49', 4],
      ['st-ZZ-0001|2026-W50', 6],
      ['st-ZZ-0002|2026-11', 5],
      ['st-ZZ-0002|2026-W49', 15],
    ])
    const area = await figures.areaStationFigures('st-ZZ-0001', '2026-W49', 'union')
    expect([...area].map(([k, b]) => [k, b.n.filed, b.cat.pay?.filed])).toEqual([['st-ZZ-0002', 15, 15]])
    expect([...(await figures.areaStationFigures('st-ZZ-0001', '2026-12', 'union'))].map(([k, b]) => [k, b.n.filed]).sort()).toEqual([['st-ZZ-0002', 5], ['st-ZZ-0003', 6]])
  })
})

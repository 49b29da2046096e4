import { dueCommands } from '../../cloudfunctions/core/domain/case-engine'
import { applyCommand, applyDueSteps } from '../../cloudfunctions/core/app/case-actions'
import { findAll } from '../../cloudfunctions/core/app/find-all'
import { deliverDue } from '../../cloudfunctions/core/app/outbox'
import type { CaseDoc, CaseEventDoc, InboxCountDoc, LedgerFactDoc, LedgerRollupDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import { onBothStores } from '../support/both-stores'
import type { Harness } from '../support/harness'

/**
 * The sweep's batched writes (ADR 0037): a due case's steps written in one transaction leave exactly what a step
 * at a time left, and the outbox pass that claims many rows in one write sends each row once, even when another
 * run claimed some of them meanwhile.
 */
onBothStores((harness) => {
  const h = (): Harness => harness()
  const all = <T extends { _id: string }>(collection: string) => findAll<T & { _v: number }>(h().store, collection, { orderBy: { field: '_id', dir: 'asc' } })
  /** Every counter of the ledger rollups and the inbox, summed over their documents. */
  const counters = async () => {
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
    const c = (await h().store.get<CaseDoc>(COLLECTIONS.cases, id))!
    const events = (await all<CaseEventDoc>(COLLECTIONS.caseEvents)).filter((e) => e.caseId === id).sort((a, b) => a.at - b.at || a._id.localeCompare(b._id))
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
})

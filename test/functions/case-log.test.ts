import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { HOSTS_DOC_ID, moveIntoHostsOnce } from '../../cloudfunctions/core/app/once'
import type { OutboxDoc } from '../../cloudfunctions/core/app/records'
import { SWEEP_SCHEDULE_ID } from '../../cloudfunctions/core/app/sweep-schedule'
import { coalesceWrites } from '../../cloudfunctions/core/ports/coalesce'
import { COLLECTION_HOSTS, COLLECTIONS, HOST_TAG_FIELD } from '../../cloudfunctions/core/ports/collections'
import type { Store, StoredDoc } from '../../cloudfunctions/core/ports/store'
import { getCaseDetail, runSweep } from '../../types/contracts'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import { expectOk, makeHarness } from '../support/harness'

/**
 * ADR 0050: on CloudBase the timeline events, ledger facts, outbox rows and idempotency records are kept in one
 * collection, `case_log`, so that a transaction's inserts into them are one request. Through the real SDK against
 * the local fake: what is sent, what is stored, and that callers see what they saw before.
 */
jest.setTimeout(60_000)

type Row = StoredDoc & Record<string, unknown>
type NewRow = { _id: string; [field: string]: unknown }
const HOST = 'case_log'
const { caseEvents: EVENTS, outbox: OUTBOX, ledgerFacts: FACTS, requests: REQUESTS } = COLLECTIONS

let fake: CloudbaseFake
let db: ReturnType<typeof connectCloudbase>['db']
let store: Store
beforeAll(async () => {
  fake = await startCloudbaseFake()
  db = connectCloudbase(fake.url).db
})
afterAll(async () => {
  await fake.close()
})
beforeEach(() => {
  fake.reset()
  store = createCloudbaseStore(db)
})

/** What a physical collection holds, as stored, by `_id`. */
const stored = async (name: string): Promise<Row[]> => {
  const docs = ((await db.collection(name).limit(1000).get()).data ?? []) as Row[]
  return docs.sort((a, b) => (a._id < b._id ? -1 : 1))
}
const ids = (docs: ReadonlyArray<{ _id: string }>) => docs.map((d) => d._id)
const event = (id: string, caseId: string, at: number): NewRow => ({ _id: id, caseId, at, kind: 'note', text: '已电话联系。' })
const outboxRow = (id: string, status: OutboxDoc['status'], extra: Record<string, unknown> = {}): NewRow => ({
  _id: id,
  kind: 'case_update',
  to: 'w1',
  caseId: 'c1',
  data: {},
  status,
  attempts: 0,
  nextAttemptAt: 1,
  createdAt: 1,
  ...extra,
})

it('declares the case log with the four collections a case change appends to', () => {
  expect(COLLECTION_HOSTS.map((h) => [h.host, h.members.map((m) => m.collection)])).toEqual([[HOST, [REQUESTS, OUTBOX, EVENTS, FACTS]]])
})

describe('in a transaction', () => {
  it('sends the inserts into three members as one add, before the commit; each is stored tagged, with an id no other member can hold', async () => {
    fake.takeLog()
    await store.transaction(async (tx) => {
      await tx.insert(EVENTS, event('x', 'c1', 1))
      await tx.insertMany(OUTBOX, [outboxRow('x', 'pending'), outboxRow('o2', 'pending')])
      await tx.insert<Row>(FACTS, { _id: 'f1', caseId: 'c1', stationId: 's1', month: '2026-11', privacy: 'normal' })
    })
    expect(fake.takeLog()).toEqual(['database.startTransaction', `database.insertDocument ${HOST}`, 'database.commitTransaction'])
    const docs = await stored(HOST)
    expect(docs.map((d) => [d._id, d[HOST_TAG_FIELD]])).toEqual([
      ['ev:x', 'ev'],
      ['lf:f1', 'lf'],
      ['ob:o2', 'ob'],
      ['ob:x', 'ob'],
    ])
    // Callers see the documents as they inserted them, whatever the member: the same id in two is two documents.
    expect(await store.get(EVENTS, 'x')).toEqual({ ...event('x', 'c1', 1), _v: 1 })
    expect(await store.get(OUTBOX, 'x')).toEqual({ ...outboxRow('x', 'pending'), _v: 1 })
    expect(await store.get(REQUESTS, 'x')).toBeNull()
  })

  it('answers reads of what it holds from what it holds, and sends them first before another write to a member', async () => {
    fake.takeLog()
    const read = await store.transaction(async (tx) => {
      await tx.insert(EVENTS, event('e1', 'c1', 1))
      await tx.insert(OUTBOX, outboxRow('o1', 'pending'))
      const held = [await tx.get<Row>(EVENTS, 'e1'), await tx.get<Row>(OUTBOX, 'o1')]
      // A versioned update of one held: the inserts go first, then the update, in this transaction.
      const next = await tx.update<Row>(OUTBOX, 'o1', 1, { status: 'sent' })
      await tx.insert<Row>(FACTS, { _id: 'f1', caseId: 'c1', stationId: 's1', month: '2026-11', privacy: 'normal' })
      return { held, next, after: await tx.get<Row>(OUTBOX, 'o1') }
    })
    expect(read.held).toEqual([
      { ...event('e1', 'c1', 1), _v: 1 },
      { ...outboxRow('o1', 'pending'), _v: 1 },
    ])
    expect(read.next).toEqual({ ...outboxRow('o1', 'sent'), _v: 2 })
    expect(read.after).toEqual(read.next)
    expect(fake.takeLog()).toEqual([
      'database.startTransaction',
      `database.insertDocument ${HOST}`,
      `database.modifyDocument ${HOST} ob:o1`,
      `database.insertDocument ${HOST}`,
      'database.commitTransaction',
    ])
    expect(await store.get(OUTBOX, 'o1')).toEqual(read.next)
    expect(ids(await stored(HOST))).toEqual(['ev:e1', 'lf:f1', 'ob:o1'])
  })

  it('a duplicate id is STORE_CONFLICT as before, at once when known and at the add otherwise, and the transaction writes nothing', async () => {
    await store.insert(EVENTS, event('e1', 'c1', 1))
    const attempt = (known: boolean) =>
      store.transaction(async (tx) => {
        if (known) await tx.get(EVENTS, 'e1')
        await tx.insert(OUTBOX, outboxRow('o1', 'pending'))
        await tx.insert(EVENTS, event('e1', 'c1', 2))
      })
    await expect(attempt(true)).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    await expect(attempt(false)).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    await expect(store.transaction(async (tx) => tx.insertMany(OUTBOX, [outboxRow('o1', 'pending'), outboxRow('o1', 'sent')]))).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    expect(ids(await stored(HOST))).toEqual(['ev:e1'])
    expect(await store.get<Row>(EVENTS, 'e1')).toMatchObject({ at: 1 })
  })

  it('a write conflict runs the function again with nothing held from the first attempt: each insert lands once', async () => {
    await store.insert<Row>(COLLECTIONS.counters, { _id: 'k', n: 0 })
    let runs = 0
    fake.takeLog()
    await store.transaction(async (tx) => {
      runs += 1
      await tx.insert(EVENTS, event(`e${runs}`, 'c1', runs))
      await tx.insert(OUTBOX, outboxRow('o1', 'pending'))
      await tx.insert<Row>(REQUESTS, { _id: 'r1', inputHash: 'h', result: { ok: true }, at: 1 })
      const k = (await tx.get<Row & { n: number }>(COLLECTIONS.counters, 'k'))!
      await tx.update<Row>(COLLECTIONS.counters, 'k', k._v, { n: k.n + 1 })
      // Another writer changes the counter before this attempt commits: the commit fails, the function runs again.
      if (runs === 1) await store.increment<Row>(COLLECTIONS.counters, 'k', { by: { n: 10 }, create: {} })
    })
    expect(runs).toBe(2)
    expect(fake.takeLog().filter((l) => l === `database.insertDocument ${HOST}`)).toHaveLength(2)
    expect(ids(await stored(HOST))).toEqual(['ev:e2', 'ob:o1', 'rq:r1'])
    expect(await store.get<Row>(COLLECTIONS.counters, 'k')).toMatchObject({ n: 11 })
  })

  it('composes with the sweep’s coalesced writes (ADR 0046): their flush and the members’ inserts end in one add', async () => {
    fake.takeLog()
    await store.transaction(async (raw) => {
      const tx = coalesceWrites(raw)
      for (const c of ['c1', 'c2', 'c3']) {
        await tx.insert(EVENTS, event(`e-${c}`, c, 1))
        await tx.insert(OUTBOX, outboxRow(`o-${c}`, 'pending', { caseId: c }))
        await tx.increment<Row>(COLLECTIONS.counters, 'k', { by: { n: 1 }, create: {} })
      }
      await tx.flush()
    })
    expect(fake.takeLog()).toEqual([
      'database.startTransaction',
      'database.modifyDocument counters k',
      'database.insertDocument counters',
      `database.insertDocument ${HOST}`,
      'database.commitTransaction',
    ])
    expect(await store.count(EVENTS)).toBe(3)
    expect(await store.count(OUTBOX, { status: 'pending' })).toBe(3)
  })
})

describe('outside transactions, every operation on a member as on its own collection', () => {
  it('pages by cursor in order, ascending and descending, with runs of equal values, over the member’s documents only', async () => {
    const events = Array.from({ length: 12 }, (_, i) => event(`e${String(i).padStart(2, '0')}`, i % 3 ? 'c1' : 'c2', 100 + (i % 4)))
    for (const e of events) await store.insert(EVENTS, e)
    // Documents of other members sort among them by stored id, and must not show.
    await store.insert(OUTBOX, outboxRow('e05', 'pending'))
    await store.insert<Row>(FACTS, { _id: 'e00', caseId: 'c1', stationId: 's1', month: '2026-11', privacy: 'normal' })
    const walk = async (dir: 'asc' | 'desc', field = 'at') => {
      const seen: Row[] = []
      let after: string | undefined
      do {
        const page = await store.find<Row>(EVENTS, { where: { caseId: 'c1' }, orderBy: { field, dir }, limit: 3, after })
        seen.push(...page.items)
        after = page.next
      } while (after)
      return seen
    }
    const c1 = events.filter((e) => e.caseId === 'c1')
    const by = (dir: 1 | -1) => (a: NewRow, b: NewRow) => dir * ((a.at as number) - (b.at as number) || (a._id < b._id ? -1 : 1))
    expect(ids(await walk('asc'))).toEqual(ids([...c1].sort(by(1))))
    expect(ids(await walk('desc'))).toEqual(ids([...c1].sort(by(-1))))
    expect(ids(await walk('asc', '_id'))).toEqual(ids(c1))
    expect(ids(await walk('desc', '_id'))).toEqual(ids(c1).reverse())
    expect((await walk('asc')).every((d) => !(HOST_TAG_FIELD in d) && d._v === 1)).toBe(true)
    // `_id` conditions name the member's ids.
    const where = async (cond: Parameters<Store['find']>[1]) => ids((await store.find<Row>(EVENTS, cond)).items)
    expect(await where({ where: { _id: 'e05' } })).toEqual(['e05'])
    expect(await where({ where: { _id: { $in: ['e00', 'e05', 'nope'] } } })).toEqual(['e00', 'e05'])
    expect(await where({ where: { _id: { $gte: 'e09' } } })).toEqual(['e09', 'e10', 'e11'])
    expect(await where({ where: { caseId: 'c2', _id: { $ne: 'e03' } } })).toEqual(['e00', 'e06', 'e09'])
    expect(await store.count(EVENTS)).toBe(12)
    expect(await store.count(EVENTS, { caseId: 'c1' })).toBe(8)
    expect(await store.count(EVENTS, { caseId: 'c1' }, { upTo: 5 })).toBe(5)
    expect(await store.count(OUTBOX)).toBe(1)
    expect(await store.count(REQUESTS)).toBe(0)
  })

  it('updates, removes and adds to a member’s documents by their own ids and versions', async () => {
    const [a, b] = await store.insertMany<Row>(OUTBOX, [outboxRow('a', 'pending'), outboxRow('b', 'pending')])
    expect(await store.update<Row>(OUTBOX, 'a', 1, { status: 'failed', data: { x: '1' } })).toEqual({ ...outboxRow('a', 'failed'), data: { x: '1' }, _v: 2 })
    await expect(store.update<Row>(OUTBOX, 'a', 1, { status: 'sent' })).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    expect(await store.updateHeld<Row>(OUTBOX, b!, { status: 'sent' })).toMatchObject({ _id: 'b', _v: 2 })
    expect(await store.updateHeldMany<Row>(OUTBOX, [a!, { ...b!, _v: 2 }], { claim: 'run-1' })).toBe(1)
    expect(await store.incrementBelow(OUTBOX, 'b', 'attempts', 1)).toBe(true)
    expect(await store.incrementBelow(OUTBOX, 'b', 'attempts', 1)).toBe(false)
    await store.increment<Row>(OUTBOX, 'c', { by: { attempts: 2 }, set: { status: 'pending' }, create: outboxRow('c', 'pending', { attempts: 0 }) })
    await store.increment<Row>(OUTBOX, 'c', { by: { attempts: 1 }, create: outboxRow('c', 'pending') })
    expect(await store.get(OUTBOX, 'c')).toEqual({ ...outboxRow('c', 'pending'), attempts: 3, _v: 2 })
    await store.remove(OUTBOX, 'a', 2)
    await expect(store.remove(OUTBOX, 'b', 1)).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    expect(await store.get(OUTBOX, 'b')).toEqual({ ...outboxRow('b', 'sent'), claim: 'run-1', attempts: 1, _v: 4 })
    await expect(store.insert(OUTBOX, outboxRow('b', 'pending'))).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
    expect(ids(await stored(HOST))).toEqual(['ob:b', 'ob:c'])
  })

  it('joins from a member’s documents to other collections, refuses a join to a member, and never takes the tag field from a caller', async () => {
    await store.insert<Row>(COLLECTIONS.stations, { _id: 's1', path: ['s1'] })
    await store.insert(OUTBOX, outboxRow('o1', 'pending', { stationId: 's1' }))
    const page = await store.findJoined<Row, 'station'>(OUTBOX, { where: { to: 'w1' }, join: [{ from: COLLECTIONS.stations, localField: 'stationId', as: 'station' }] })
    expect(page.items).toEqual([{ ...outboxRow('o1', 'pending', { stationId: 's1' }), _v: 1, station: [{ _id: 's1', path: ['s1'], _v: 1 }] }])
    await expect(store.findJoined(COLLECTIONS.cases, { join: [{ from: EVENTS, localField: 'eventId', as: 'e' }] })).rejects.toThrow('case_log')
    await expect(store.insert<Row>(EVENTS, { ...event('e1', 'c1', 1), [HOST_TAG_FIELD]: 'ob' })).rejects.toThrow(HOST_TAG_FIELD)
    await expect(store.find(EVENTS, { where: { [HOST_TAG_FIELD]: 'ob' } })).rejects.toThrow(HOST_TAG_FIELD)
  })
})

describe('moving what was stored before (moveIntoHosts)', () => {
  /** An environment of the version before: the members' documents in their own collections. */
  const oldRows = async () => {
    await db.collection(REQUESTS).add([{ _id: 'r1', inputHash: 'h', result: { ok: true }, at: 1, _v: 1 }])
    await db.collection(OUTBOX).add([
      { ...outboxRow('o-sent', 'sent'), _v: 3 },
      { ...outboxRow('o-pending', 'pending'), _v: 2 },
    ])
    await db.collection(EVENTS).add(Array.from({ length: 150 }, (_, i) => ({ ...event(`e${String(i).padStart(3, '0')}`, 'c1', i), _v: 1 })))
    await db.collection(FACTS).add([{ _id: 'f1', caseId: 'c1', stationId: 's1', month: '2026-11', privacy: 'normal', _v: 1 }])
  }

  it('copies each into the host, skipping what is there, taking a newer version over an older copy, then removes it; a second run finds nothing', async () => {
    await oldRows()
    // A run cut short before: one event copied already, one outbox row copied before it changed.
    await db.collection(HOST).add([
      { ...event('e000', 'c1', 0), _v: 1, _id: 'ev:e000', [HOST_TAG_FIELD]: 'ev' },
      { ...outboxRow('o-pending', 'pending'), attempts: 9, _v: 1, _id: 'ob:o-pending', [HOST_TAG_FIELD]: 'ob' },
    ])
    fake.takeLog()
    expect(await store.moveIntoHosts!(60_000)).toEqual({ moved: 154, finished: true })
    // Idempotency records first, then the outbox's pending rows, then the rest.
    const reads = fake.takeLog().filter((l) => /^database\.getDocument (requests|outbox|case_events|ledger_facts)$/.test(l))
    expect([...new Set(reads)]).toEqual([`database.getDocument ${REQUESTS}`, `database.getDocument ${OUTBOX}`, `database.getDocument ${EVENTS}`, `database.getDocument ${FACTS}`])
    for (const old of [REQUESTS, OUTBOX, EVENTS, FACTS]) expect(await stored(old)).toEqual([])
    expect(await store.get(OUTBOX, 'o-pending')).toEqual({ ...outboxRow('o-pending', 'pending'), _v: 2 })
    expect(await store.get(OUTBOX, 'o-sent')).toEqual({ ...outboxRow('o-sent', 'sent'), _v: 3 })
    expect(await store.get(REQUESTS, 'r1')).toEqual({ _id: 'r1', inputHash: 'h', result: { ok: true }, at: 1, _v: 1 })
    expect(await store.count(EVENTS, { caseId: 'c1' })).toBe(150)
    expect(ids((await store.find(EVENTS, { where: { caseId: 'c1' }, orderBy: { field: 'at', dir: 'desc' }, limit: 2 })).items)).toEqual(['e149', 'e148'])
    expect(await store.count(FACTS)).toBe(1)
    expect(await store.moveIntoHosts!(60_000)).toEqual({ moved: 0, finished: true })
  })

  it('stops when its budget is spent, unfinished, and the next run goes on', async () => {
    await oldRows()
    expect(await store.moveIntoHosts!(-1)).toEqual({ moved: 0, finished: false })
    expect(await store.moveIntoHosts!(60_000)).toEqual({ moved: 154, finished: true })
  })

  it('runs once per environment from the sweep, first: the rows of a case filed before show again, its notices go out', async () => {
    const h = await makeHarness({ store })
    const { id } = await h.file()
    const detail = expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id }))
    const before = { events: await store.count(EVENTS), outbox: await store.count(OUTBOX), facts: await store.count(FACTS), requests: await store.count(REQUESTS) }
    expect(before.events).toBeGreaterThan(0)
    // As the version before stored them: in their own collections, the pass not run yet.
    for (const m of COLLECTION_HOSTS[0].members) {
      const rows = ((await db.collection(HOST).where({ [HOST_TAG_FIELD]: m.tag }).limit(1000).get()).data ?? []) as Row[]
      if (!rows.length) continue
      await db.collection(m.collection).add(rows.map(({ [HOST_TAG_FIELD]: _tag, ...r }) => ({ ...r, _id: r._id.slice(m.tag.length + 1) })))
      await db.collection(HOST).where({ [HOST_TAG_FIELD]: m.tag }).remove()
    }
    const pending = ((await db.collection(OUTBOX).where({ status: 'sent' }).limit(1).get()).data as Row[])[0]!
    await db.collection(OUTBOX).doc(pending._id).update({ status: 'pending', nextAttemptAt: 0 })
    for (const s of [HOSTS_DOC_ID, SWEEP_SCHEDULE_ID]) {
      const doc = await store.get(COLLECTIONS.settings, s)
      if (doc) await store.remove(COLLECTIONS.settings, s, doc._v)
    }
    expect(await store.count(EVENTS)).toBe(0)
    const run = expectOk(await h.op(runSweep, null, {}))
    // The row made pending again went out in the same run.
    expect(run.delivered).toBe(1)
    expect({ events: await store.count(EVENTS), outbox: await store.count(OUTBOX), facts: await store.count(FACTS), requests: await store.count(REQUESTS) }).toEqual(before)
    expect(expectOk(await h.op(getCaseDetail, 'dev-CX-street-head', { id })).timeline).toEqual(detail.timeline)
    expect(await store.get(COLLECTIONS.settings, HOSTS_DOC_ID)).toMatchObject({ moved: Object.values(before).reduce((a, b) => a + b, 0) })
    for (const old of [REQUESTS, OUTBOX, EVENTS, FACTS]) expect(await stored(old)).toEqual([])
    expect(await moveIntoHostsOnce(h.ports, 60_000)).toBe(0)
  })

  it('has nothing to move on a store without hosts (SQLite): the pass records itself at once', async () => {
    const h = await makeHarness({ store: createSqliteStore({ file: ':memory:' }) })
    expect(h.ports.store.moveIntoHosts).toBeUndefined()
    expect(await moveIntoHostsOnce(h.ports, 60_000)).toBe(0)
    expect(await h.ports.store.get(COLLECTIONS.settings, HOSTS_DOC_ID)).toMatchObject({ moved: 0 })
  })
})

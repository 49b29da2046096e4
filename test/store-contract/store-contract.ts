import type { FindOptions, Store, StoredDoc, TxStore } from '../../cloudfunctions/core/ports/store'
import { coalesceWrites } from '../../cloudfunctions/core/ports/coalesce'

/**
 * The one contract every Store adapter keeps (semantics: cloudfunctions/core/ports/store.ts). Each adapter's
 * test file calls `runStoreContract` with a factory giving a fresh, empty store per test. Collections and
 * fields are ones declared in INDEXES (collections.ts): the SQLite adapter refuses queries on others.
 */

interface CaseDoc extends StoredDoc {
  ownerStationId: string
  state: string
  createdAt: number
  nextDueAt?: number | null
  note?: string | null
  detail?: Record<string, unknown>
  tags?: string[]
  flag?: boolean
  score?: number
}
interface Counter extends StoredDoc {
  value: number
}
interface Tally extends StoredDoc {
  kind: string
  total?: number
  n?: number
  cells?: Record<string, number>
  cat?: Record<string, Record<string, number>>
  updatedAt?: number
}

export interface StoreUnderTest {
  store: Store
  teardown(): Promise<void>
}

const CASES = 'cases'
const COUNTERS = 'counters'
const T0 = 1_700_000_000_000
const SLOW = 60_000

const pad = (n: number) => String(n).padStart(4, '0')
const newCase = (id: string, fields: Partial<CaseDoc> = {}): Omit<CaseDoc, '_v'> => ({
  _id: id,
  ownerStationId: 's1',
  state: 'new',
  createdAt: T0,
  ...fields,
})

/** MongoDB and SQLite both sort null and a missing field lowest. */
const compareValues = (a: unknown, b: unknown): number => {
  const x = a ?? null
  const y = b ?? null
  if (x === y) return 0
  if (x === null) return -1
  if (y === null) return 1
  return (x as number | string) < (y as number | string) ? -1 : 1
}
const byFieldThenId =
  (field: keyof CaseDoc, dir: 'asc' | 'desc') =>
  (a: Omit<CaseDoc, '_v'>, b: Omit<CaseDoc, '_v'>): number => {
    if (field === '_v') throw new Error('not a sort field here')
    const c = compareValues(a[field], b[field]) || compareValues(a._id, b._id)
    return dir === 'asc' ? c : -c
  }

const readAll = async (store: Store, options: FindOptions, pageSize: number): Promise<CaseDoc[]> => {
  const seen: CaseDoc[] = []
  let after: string | undefined
  for (let pages = 0; ; pages++) {
    if (pages > 500) throw new Error('pagination does not end')
    const page = await store.find<CaseDoc>(CASES, { ...options, limit: pageSize, after })
    expect(page.items.length).toBeLessThanOrEqual(pageSize)
    seen.push(...page.items)
    if (!page.next) return seen
    after = page.next
  }
}

const insertAll = async (store: Store, docs: Array<Omit<CaseDoc, '_v'>>) => {
  for (let i = 0; i < docs.length; i += 25) await Promise.all(docs.slice(i, i + 25).map((d) => store.insert<CaseDoc>(CASES, d)))
}

/** 250 cases whose ids are not in insertion order, createdAt in 7 runs of equal values, 3 stations. */
const bigSet = (): Array<Omit<CaseDoc, '_v'>> =>
  Array.from({ length: 250 }, (_, i) =>
    newCase(`case-${pad((i * 97) % 250)}`, {
      ownerStationId: `s${(i % 3) + 1}`,
      createdAt: T0 + (i % 7) * 60_000,
      state: i % 2 ? 'new' : 'accepted',
    }),
  )

export const runStoreContract = (name: string, makeStore: () => Promise<StoreUnderTest>): void => {
  describe(`Store contract: ${name}`, () => {
    let sut: StoreUnderTest
    let store: Store
    beforeEach(async () => {
      sut = await makeStore()
      store = sut.store
    })
    afterEach(async () => {
      await sut.teardown()
    })

    describe('insert and get', () => {
      it('insert sets _v to 1 and get returns the document as stored', async () => {
        const doc = newCase('c1', {
          createdAt: T0 + 123, // epoch ms beyond int32
          detail: { a: 1, b: { c: 'x' } },
          tags: ['a', 'b'],
          flag: true,
          score: 1.5,
          note: null,
        })
        const inserted = await store.insert<CaseDoc>(CASES, doc)
        expect(inserted).toEqual({ ...doc, _v: 1 })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual({ ...doc, _v: 1 })
      })

      it('get of a missing id is null', async () => {
        expect(await store.get(CASES, 'nope')).toBeNull()
      })

      it('insert of an existing _id is STORE_CONFLICT and keeps the first document', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1', { state: 'new' }))
        await expect(store.insert<CaseDoc>(CASES, newCase('c1', { state: 'other' }))).rejects.toMatchObject({
          code: 'STORE_CONFLICT',
        })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toMatchObject({ state: 'new', _v: 1 })
      })
    })

    describe('versioned update', () => {
      it('bumps _v, replaces the named fields, keeps the others and returns the new document', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1', { note: 'n' }))
        const v2 = await store.update<CaseDoc>(CASES, 'c1', 1, { state: 'accepted' })
        expect(v2).toEqual({ ...newCase('c1', { note: 'n' }), state: 'accepted', _v: 2 })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual(v2)
        const v3 = await store.update<CaseDoc>(CASES, 'c1', 2, { state: 'resolved', score: 5 })
        expect(v3._v).toBe(3)
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual({ ...v2, state: 'resolved', score: 5, _v: 3 })
      })

      it('refuses a stale version with STORE_CONFLICT and changes nothing', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        const v2 = await store.update<CaseDoc>(CASES, 'c1', 1, { state: 'accepted' })
        await expect(store.update<CaseDoc>(CASES, 'c1', 1, { state: 'stale' })).rejects.toMatchObject({
          code: 'STORE_CONFLICT',
        })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual(v2)
      })

      it('updateHeld writes a held document like update, and refuses a moved version or a gone document', async () => {
        const v1 = await store.insert<CaseDoc>(CASES, newCase('c1', { note: 'n' }))
        const v2 = await store.updateHeld<CaseDoc>(CASES, v1, { state: 'accepted' })
        expect(v2).toEqual({ ...v1, state: 'accepted', _v: 2 })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual(v2)
        await expect(store.updateHeld<CaseDoc>(CASES, v1, { state: 'stale' })).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual(v2)
        await expect(store.updateHeld<CaseDoc>(CASES, { ...v1, _id: 'ghost' }, { state: 'x' })).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect(await store.get(CASES, 'ghost')).toBeNull()
      })

      it('update of a missing document is STORE_CONFLICT and creates nothing', async () => {
        await expect(store.update<CaseDoc>(CASES, 'ghost', 1, { state: 'x' })).rejects.toMatchObject({
          code: 'STORE_CONFLICT',
        })
        expect(await store.get(CASES, 'ghost')).toBeNull()
      })

      it('replaces a nested object rather than merging it', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1', { detail: { a: 1, b: { c: 2, keep: true } } }))
        const next = await store.update<CaseDoc>(CASES, 'c1', 1, { detail: { b: { d: 3 } } })
        expect(next.detail).toEqual({ b: { d: 3 } })
        expect((await store.get<CaseDoc>(CASES, 'c1'))?.detail).toEqual({ b: { d: 3 } })
      })

      it('replaces an array whole', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1', { tags: ['a', 'b', 'c'] }))
        await store.update<CaseDoc>(CASES, 'c1', 1, { tags: ['x'] })
        expect((await store.get<CaseDoc>(CASES, 'c1'))?.tags).toEqual(['x'])
      })

      it('undefined in a patch removes the field; null stores null', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1', { note: 'n', score: 1 }))
        const next = await store.update<CaseDoc>(CASES, 'c1', 1, { note: undefined, score: null as unknown as number })
        expect('note' in next).toBe(false)
        const got = await store.get<CaseDoc>(CASES, 'c1')
        expect(got && 'note' in got).toBe(false)
        expect(got?.score).toBeNull()
        expect(got?._v).toBe(2)
      })
    })

    describe('versioned remove', () => {
      it('removes the document at its version, and refuses a stale version or a missing document', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        await store.insert<CaseDoc>(CASES, newCase('c2'))
        await store.update<CaseDoc>(CASES, 'c2', 1, { state: 'accepted' })
        await expect(store.remove(CASES, 'c2', 1)).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect((await store.get<CaseDoc>(CASES, 'c2'))?._v).toBe(2)
        await store.remove(CASES, 'c1', 1)
        expect(await store.get(CASES, 'c1')).toBeNull()
        await expect(store.remove(CASES, 'c1', 1)).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect(await store.count(CASES)).toBe(1)
      })

      it('inside a transaction, removes with the rest or not at all', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        await expect(
          store.transaction(async (tx) => {
            await tx.remove(CASES, 'c1', 1)
            throw new Error('changed my mind')
          }),
        ).rejects.toThrow('changed my mind')
        expect(await store.get(CASES, 'c1')).not.toBeNull()
        await store.transaction(async (tx) => {
          await tx.remove(CASES, 'c1', 1)
          await tx.insert<CaseDoc>(CASES, newCase('c3'))
        })
        expect(await store.get(CASES, 'c1')).toBeNull()
        expect(await store.get(CASES, 'c3')).not.toBeNull()
        await expect(store.transaction((tx) => tx.remove(CASES, 'c1', 1))).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
      })
    })

    describe('find', () => {
      const docs = [
        newCase('a1', { ownerStationId: 's1', state: 'new', createdAt: T0 + 1 }),
        newCase('a2', { ownerStationId: 's1', state: 'accepted', createdAt: T0 + 2 }),
        newCase('a3', { ownerStationId: 's2', state: 'new', createdAt: T0 + 3 }),
        newCase('a4', { ownerStationId: 's2', state: 'resolved', createdAt: T0 + 4 }),
        newCase('a5', { ownerStationId: 's3', state: 'new', createdAt: T0 + 5 }),
        newCase('a6', { ownerStationId: 's3', state: 'accepted', createdAt: T0 + 6 }),
      ]
      const ids = (items: StoredDoc[]) => items.map((d) => d._id).sort()
      const query = async (where: FindOptions['where']) => ids((await store.find<CaseDoc>(CASES, { where })).items)

      beforeEach(async () => {
        await insertAll(store, docs)
      })

      it('matches equality, $in, $ne, ranges and their AND', async () => {
        expect(await query({ state: 'new' })).toEqual(['a1', 'a3', 'a5'])
        expect(await query({ _id: 'a4' })).toEqual(['a4'])
        expect(await query({ ownerStationId: { $in: ['s1', 's3'] } })).toEqual(['a1', 'a2', 'a5', 'a6'])
        expect(await query({ ownerStationId: { $in: [] } })).toEqual([])
        expect(await query({ state: { $ne: 'new' } })).toEqual(['a2', 'a4', 'a6'])
        expect(await query({ createdAt: { $gt: T0 + 2, $lt: T0 + 5 } })).toEqual(['a3', 'a4'])
        expect(await query({ createdAt: { $gte: T0 + 2, $lte: T0 + 5 } })).toEqual(['a2', 'a3', 'a4', 'a5'])
        expect(await query({ createdAt: { $lte: T0 + 2 } })).toEqual(['a1', 'a2'])
        expect(await query({ _id: { $gte: 'a5' } })).toEqual(['a5', 'a6'])
        expect(await query({ state: 'new', ownerStationId: { $in: ['s2', 's3'] }, createdAt: { $gt: T0 + 3 } })).toEqual([
          'a5',
        ])
        expect(await query({ state: 'none' })).toEqual([])
      })

      it('orders by _id ascending when no order is given', async () => {
        const page = await store.find<CaseDoc>(CASES)
        expect(page.items.map((d) => d._id)).toEqual(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'])
        expect(page.next).toBeUndefined()
      })

      it('orders by a field ascending or descending with _id as tie-break in the same direction', async () => {
        await insertAll(store, [
          newCase('b2', { createdAt: T0 + 3 }),
          newCase('b1', { createdAt: T0 + 3 }),
          newCase('a0', { createdAt: T0 + 3 }),
        ])
        const asc = await store.find<CaseDoc>(CASES, { orderBy: { field: 'createdAt', dir: 'asc' } })
        expect(asc.items.map((d) => d._id)).toEqual(['a1', 'a2', 'a0', 'a3', 'b1', 'b2', 'a4', 'a5', 'a6'])
        const desc = await store.find<CaseDoc>(CASES, { orderBy: { field: 'createdAt', dir: 'desc' } })
        expect(desc.items.map((d) => d._id)).toEqual(['a6', 'a5', 'a4', 'b2', 'b1', 'a3', 'a0', 'a2', 'a1'])
        const byState = await store.find<CaseDoc>(CASES, { orderBy: { field: 'state', dir: 'asc' } })
        expect(byState.items.map((d) => d._id)).toEqual(['a2', 'a6', 'a0', 'a1', 'a3', 'a5', 'b1', 'b2', 'a4'])
      })

      it('returns next only when there may be more', async () => {
        const first = await store.find<CaseDoc>(CASES, { limit: 4 })
        expect(first.items.map((d) => d._id)).toEqual(['a1', 'a2', 'a3', 'a4'])
        expect(first.next).toEqual(expect.any(String))
        const second = await store.find<CaseDoc>(CASES, { limit: 4, after: first.next })
        expect(second.items.map((d) => d._id)).toEqual(['a5', 'a6'])
        expect(second.next).toBeUndefined()
        const exact = await store.find<CaseDoc>(CASES, { limit: 6 })
        expect(exact.items).toHaveLength(6)
        expect(exact.next).toBeUndefined()
      })

      it('refuses a limit above 1000 or below 1, and a cursor it did not make', async () => {
        await expect(store.find(CASES, { limit: 1001 })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
        await expect(store.find(CASES, { limit: 0 })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
        await expect(store.find(CASES, { after: 'not-a-cursor' })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
        expect((await store.find(CASES, { limit: 1000 })).items).toHaveLength(6)
      })

      it('counts with and without a filter', async () => {
        expect(await store.count(CASES)).toBe(6)
        expect(await store.count(CASES, { state: 'new' })).toBe(3)
        expect(await store.count(CASES, { ownerStationId: { $in: ['s2', 's3'] }, state: { $ne: 'new' } })).toBe(2)
        expect(await store.count(CASES, { createdAt: { $gte: T0 + 100 } })).toBe(0)
        expect(await store.count('case_events')).toBe(0)
      })

      it('stops counting at upTo (a capped count), and refuses a cap above 1000 or below 1', async () => {
        expect(await store.count(CASES, {}, { upTo: 4 })).toBe(4)
        expect(await store.count(CASES, { state: 'new' }, { upTo: 100 })).toBe(3)
        expect(await store.count(CASES, { state: 'new' }, { upTo: 3 })).toBe(3)
        expect(await store.count(CASES, { createdAt: { $gte: T0 + 100 } }, { upTo: 10 })).toBe(0)
        await expect(store.count(CASES, {}, { upTo: 0 })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
        await expect(store.count(CASES, {}, { upTo: 1001 })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
      })
    })

    describe('findJoined', () => {
      // Stations named by id from the cases, and through a station's `path` the stations above it.
      const STATIONS = 'stations'
      interface Place extends StoredDoc {
        name: string
        path: string[]
      }
      const places: Array<Omit<Place, '_v'>> = [
        { _id: 'city', name: '市', path: ['city'] },
        { _id: 's1', name: '一站', path: ['city', 's1'] },
        { _id: 's2', name: '二站', path: ['city', 's2'] },
      ]
      const join = [
        { from: STATIONS, localField: 'ownerStationId', as: 'station' },
        { from: STATIONS, localField: 'station.path', as: 'chain' },
        { from: STATIONS, localField: 'tags', as: 'tagged' },
      ] as const
      const idsOf = (docs: StoredDoc[]) => docs.map((d) => d._id).sort()
      const withoutJoins = (d: Record<string, unknown>) => {
        const { station: _s, chain: _c, tagged: _t, ...rest } = d
        return rest
      }

      beforeEach(async () => {
        for (const p of places) await store.insert<Place>(STATIONS, p)
        await insertAll(store, [
          newCase('j1', { ownerStationId: 's1', createdAt: T0 + 1, tags: ['s2', 'city', 'gone'] }),
          newCase('j2', { ownerStationId: 's2', createdAt: T0 + 2 }),
          newCase('j3', { ownerStationId: 'gone', createdAt: T0 + 3, tags: [] }),
          newCase('j4', { ownerStationId: 's1', createdAt: T0 + 4, state: 'accepted' }),
        ])
      })

      it('gives each document found the documents it names, through a field, a list, and an earlier join', async () => {
        const page = await store.findJoined<CaseDoc, 'station' | 'chain' | 'tagged'>(CASES, { where: { state: 'new' }, join })
        expect(page.items.map((d) => d._id)).toEqual(['j1', 'j2', 'j3'])
        const [j1, j2, j3] = page.items
        expect(j1!.station).toEqual([{ ...places[1], _v: 1 }])
        expect(idsOf(j1!.chain)).toEqual(['city', 's1'])
        expect(j1!.chain.find((s) => s._id === 'city')).toEqual({ ...places[0], _v: 1 })
        // An id with no document joins nothing; the list is the documents there, each once.
        expect(idsOf(j1!.tagged)).toEqual(['city', 's2'])
        expect(idsOf(j2!.station)).toEqual(['s2'])
        expect(idsOf(j2!.chain)).toEqual(['city', 's2'])
        // No field (j2 has no tags), an empty list, a missing document: empty lists, and so nothing further.
        expect(j2!.tagged).toEqual([])
        expect(j3!.station).toEqual([])
        expect(j3!.chain).toEqual([])
        expect(j3!.tagged).toEqual([])
        // Everything else is the document as `find` answers it.
        const found = await store.find<CaseDoc>(CASES, { where: { state: 'new' } })
        expect(page.items.map((d) => withoutJoins(d as unknown as Record<string, unknown>))).toEqual(found.items)
      })

      it('orders, limits and pages as find does, every page joined', async () => {
        const options = { orderBy: { field: 'createdAt', dir: 'desc' } as const, limit: 3 }
        const first = await store.findJoined<CaseDoc, 'station'>(CASES, { ...options, join: [join[0]] })
        expect(first.items.map((d) => d._id)).toEqual(['j4', 'j3', 'j2'])
        expect(first.next).toEqual(expect.any(String))
        const second = await store.findJoined<CaseDoc, 'station'>(CASES, { ...options, after: first.next, join: [join[0]] })
        expect(second.items.map((d) => d._id)).toEqual(['j1'])
        expect(second.next).toBeUndefined()
        expect(idsOf(second.items[0]!.station)).toEqual(['s1'])
        expect((await store.find(CASES, { ...options, after: first.next })).items.map((d) => d._id)).toEqual(['j1'])
      })

      it('reads what is joined as it is now', async () => {
        await store.update<Place>(STATIONS, 's1', 1, { name: '一站（新）' })
        const { items } = await store.findJoined<CaseDoc, 'station'>(CASES, { where: { _id: 'j4' }, join: [join[0]] })
        expect(items[0]!.station).toEqual([{ ...places[1], name: '一站（新）', _v: 2 }])
      })

      it('joins by another field of the documents joined (foreignField): every one whose field holds an id named', async () => {
        const { items } = await store.findJoined<Place, 'owned'>(STATIONS, {
          where: { _id: { $in: ['city', 's1', 's2'] } },
          join: [{ from: CASES, localField: '_id', foreignField: 'ownerStationId', as: 'owned' }],
        })
        expect(Object.fromEntries(items.map((p) => [p._id, idsOf(p.owned)]))).toEqual({ city: [], s1: ['j1', 'j4'], s2: ['j2'] })
        expect(items.find((p) => p._id === 's2')!.owned).toEqual((await store.find<CaseDoc>(CASES, { where: { _id: 'j2' } })).items)
        await expect(store.findJoined(STATIONS, { join: [{ from: CASES, localField: '_id', foreignField: 'a.b', as: 'x' }] })).rejects.toThrow('foreignField')
      })

      it('refuses a join through a field of a join not made before it, and find’s bad limits', async () => {
        await expect(store.findJoined(CASES, { join: [{ from: STATIONS, localField: 'chain.path', as: 'x' }] })).rejects.toThrow('localField')
        await expect(store.findJoined(CASES, { join: [{ from: STATIONS, localField: 'a.b.c', as: 'x' }] })).rejects.toThrow('localField')
        await expect(store.findJoined(CASES, { limit: 1001, join: [join[0]] })).rejects.toMatchObject({ code: 'REQUEST_INVALID' })
      })
    })

    describe('keyset pagination', () => {
      it(
        'pages 100 at a time by default',
        async () => {
          await insertAll(store, bigSet().slice(0, 130))
          const first = await store.find<CaseDoc>(CASES)
          expect(first.items).toHaveLength(100)
          expect(first.next).toEqual(expect.any(String))
          const second = await store.find<CaseDoc>(CASES, { after: first.next })
          expect(second.items).toHaveLength(30)
          expect(second.next).toBeUndefined()
          expect(new Set([...first.items, ...second.items].map((d) => d._id)).size).toBe(130)
        },
        SLOW,
      )

      const cases: Array<[string, FindOptions, (d: CaseDoc) => boolean]> = [
        ['createdAt asc', { orderBy: { field: 'createdAt', dir: 'asc' } }, () => true],
        ['createdAt desc', { orderBy: { field: 'createdAt', dir: 'desc' } }, () => true],
        ['_id asc', { orderBy: { field: '_id', dir: 'asc' } }, () => true],
        ['_id desc', { orderBy: { field: '_id', dir: 'desc' } }, () => true],
        [
          'createdAt desc within two stations',
          { where: { ownerStationId: { $in: ['s1', 's2'] } }, orderBy: { field: 'createdAt', dir: 'desc' } },
          (d) => d.ownerStationId !== 's3',
        ],
        [
          'createdAt asc with a range on the same field',
          { where: { createdAt: { $gte: T0 + 120_000 }, state: 'new' }, orderBy: { field: 'createdAt', dir: 'asc' } },
          (d) => d.createdAt >= T0 + 120_000 && d.state === 'new',
        ],
        [
          'ownerStationId asc (3 values, long runs)',
          { orderBy: { field: 'ownerStationId', dir: 'asc' } },
          () => true,
        ],
      ]
      it.each(cases)(
        'returns every document exactly once and in order: %s',
        async (_label, options, keep) => {
          const all = bigSet()
          await insertAll(store, all)
          const { field, dir } = options.orderBy ?? { field: '_id', dir: 'asc' as const }
          const expected = all
            .filter((d) => keep(d as CaseDoc))
            .sort(byFieldThenId(field as keyof CaseDoc, dir))
            .map((d) => d._id)
          for (const size of [7, 100]) {
            const got = (await readAll(store, options, size)).map((d) => d._id)
            expect(got).toEqual(expected)
          }
        },
        SLOW,
      )

      it(
        'pages through null and missing sort values (they sort lowest)',
        async () => {
          const docs = Array.from({ length: 20 }, (_, i) => {
            const d = newCase(`n-${pad((i * 7) % 20)}`)
            if (i % 4 === 0) return d // no nextDueAt
            return { ...d, nextDueAt: i % 4 === 1 ? null : T0 + (i % 3) * 1000 }
          })
          await insertAll(store, docs)
          for (const dir of ['asc', 'desc'] as const) {
            const expected = [...docs].sort(byFieldThenId('nextDueAt', dir)).map((d) => d._id)
            const got = (await readAll(store, { orderBy: { field: 'nextDueAt', dir } }, 3)).map((d) => d._id)
            expect(got).toEqual(expected)
          }
        },
        SLOW,
      )
    })

    describe('updateHeldMany', () => {
      it('updates each held document at its version, leaves a moved or gone one as it is, and answers how many', async () => {
        const [a, b, c, d] = await store.insertMany<CaseDoc>(CASES, ['a', 'b', 'c', 'd'].map((id) => newCase(id)))
        const b2 = await store.update<CaseDoc>(CASES, 'b', 1, { state: 'moved' })
        await store.remove(CASES, 'c', 1)
        const d2 = await store.update<CaseDoc>(CASES, 'd', 1, { state: 'seen' })
        expect(await store.updateHeldMany<CaseDoc>(CASES, [a!, b!, c!, d2], { state: 'sent', detail: { x: 1 } })).toBe(2)
        expect(await store.get<CaseDoc>(CASES, 'a')).toEqual({ ...newCase('a'), state: 'sent', detail: { x: 1 }, _v: 2 })
        expect(await store.get<CaseDoc>(CASES, 'b')).toEqual(b2)
        expect(await store.get(CASES, 'c')).toBeNull()
        expect(await store.get<CaseDoc>(CASES, 'd')).toEqual({ ...newCase('d'), state: 'sent', detail: { x: 1 }, _v: 3 })
        expect(d).toBeDefined()
        expect(await store.updateHeldMany<CaseDoc>(CASES, [], { state: 'x' })).toBe(0)
      })
    })

    describe('insertMany', () => {
      it('inserts them all at version 1, in a transaction or not; an empty list does nothing', async () => {
        expect(await store.insertMany<CaseDoc>(CASES, [newCase('a'), newCase('b', { state: 'x' })])).toEqual([{ ...newCase('a'), _v: 1 }, { ...newCase('b', { state: 'x' }), _v: 1 }])
        expect(await store.insertMany<CaseDoc>(CASES, [])).toEqual([])
        await store.transaction(async (tx) => {
          await tx.insertMany<CaseDoc>(CASES, [newCase('c'), newCase('d')])
          expect(await tx.get<CaseDoc>(CASES, 'd')).toEqual({ ...newCase('d'), _v: 1 })
        })
        expect((await store.find<CaseDoc>(CASES)).items.map((d) => d._id)).toEqual(['a', 'b', 'c', 'd'])
      })

      it('an _id already there or twice in the list is STORE_CONFLICT and inserts none of them', async () => {
        await store.insert<CaseDoc>(CASES, newCase('a'))
        await expect(store.insertMany<CaseDoc>(CASES, [newCase('b'), newCase('a')])).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        await expect(store.insertMany<CaseDoc>(CASES, [newCase('c'), newCase('c')])).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        await expect(
          store.transaction(async (tx) => {
            await tx.insert<CaseDoc>(CASES, newCase('d'))
            await tx.insertMany<CaseDoc>(CASES, [newCase('e'), newCase('a')])
          }),
        ).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect((await store.find<CaseDoc>(CASES)).items.map((d) => d._id)).toEqual(['a'])
      })
    })

    describe('incrementBelow (ADR 0047)', () => {
      it('adds one while the counter is below the limit, and leaves a missing document, or one at the limit, as it is', async () => {
        expect(await store.incrementBelow(COUNTERS, 'w', 'n', 2)).toBe(false)
        expect(await store.get(COUNTERS, 'w')).toBeNull()
        await store.insert<Tally>(COUNTERS, { _id: 'w', kind: 'window', n: 1 })
        expect(await store.incrementBelow(COUNTERS, 'w', 'n', 2)).toBe(true)
        expect(await store.get<Tally>(COUNTERS, 'w')).toEqual({ _id: 'w', _v: 2, kind: 'window', n: 2 })
        expect(await store.incrementBelow(COUNTERS, 'w', 'n', 2)).toBe(false)
        expect(await store.get<Tally>(COUNTERS, 'w')).toEqual({ _id: 'w', _v: 2, kind: 'window', n: 2 })
      })

      it('lets exactly the uses below the limit through when they come at the same moment', async () => {
        await store.insert<Tally>(COUNTERS, { _id: 'burst', kind: 'window', n: 0 })
        const passed = await Promise.all(Array.from({ length: 12 }, () => store.incrementBelow(COUNTERS, 'burst', 'n', 5)))
        expect(passed.filter(Boolean)).toHaveLength(5)
        expect(await store.get<Tally>(COUNTERS, 'burst')).toMatchObject({ n: 5 })
      })
    })

    describe('writes held back to one flush (coalesceWrites, ADR 0046)', () => {
      it('leaves what the same writes one by one leave, with the new documents of a collection and each counter’s additions sent once', async () => {
        const writes = async (tx: TxStore) => {
          await tx.insert<CaseDoc>(CASES, newCase('a'))
          await tx.increment<Tally>(COUNTERS, 't', { by: { total: 2, 'cells.x': 1 }, set: { updatedAt: 1 }, create: { kind: 'tally' } })
          await tx.insertMany<CaseDoc>(CASES, [newCase('b'), newCase('c')])
          await tx.increment<Tally>(COUNTERS, 't', { by: { total: -1, 'cells.y': 1 }, set: { updatedAt: 2 }, create: { kind: 'tally' } })
          await tx.increment<Tally>(COUNTERS, 'u', { by: { total: 5 }, create: { kind: 'tally' } })
        }
        await store.transaction(async (raw) => {
          const tx = coalesceWrites(raw)
          await writes(tx)
          // Nothing held back is read yet; a read of a document held back sends it first, and sees it.
          expect(await raw.get(CASES, 'a')).toBeNull()
          expect(await tx.get<Tally>(COUNTERS, 't')).toEqual({ _id: 't', _v: 1, kind: 'tally', total: 1, cells: { x: 1, y: 1 }, updatedAt: 2 })
          await tx.increment<Tally>(COUNTERS, 't', { by: { total: 1 }, create: { kind: 'tally' } })
          await tx.flush()
        })
        expect((await store.find<CaseDoc>(CASES)).items.map((d) => d._id)).toEqual(['a', 'b', 'c'])
        expect(await store.get<Tally>(COUNTERS, 't')).toEqual({ _id: 't', _v: 2, kind: 'tally', total: 2, cells: { x: 1, y: 1 }, updatedAt: 2 })
        expect(await store.get<Tally>(COUNTERS, 'u')).toEqual({ _id: 'u', _v: 1, kind: 'tally', total: 5 })
      })

      it('refuses an id twice as the stores do, and a failed transaction writes nothing it held back', async () => {
        await expect(
          store.transaction(async (raw) => {
            const tx = coalesceWrites(raw)
            await tx.insert<CaseDoc>(CASES, newCase('a'))
            await tx.insertMany<CaseDoc>(CASES, [newCase('b'), newCase('a')])
          }),
        ).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        await store.insert<CaseDoc>(CASES, newCase('z'))
        await expect(
          store.transaction(async (raw) => {
            const tx = coalesceWrites(raw)
            await tx.increment<Tally>(COUNTERS, 't', { by: { total: 1 }, create: { kind: 'tally' } })
            await tx.insert<CaseDoc>(CASES, newCase('z'))
            await tx.flush()
          }),
        ).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect((await store.find<CaseDoc>(CASES)).items.map((d) => d._id)).toEqual(['z'])
        expect(await store.get(COUNTERS, 't')).toBeNull()
      })
    })

    describe('increment', () => {
      const add = (n: number, at: number) => ({ by: { total: n, 'cells.a|open|x': n, 'cat.wage.filed': 1 }, set: { updatedAt: at }, create: { kind: 'tally' } })

      it('creates a missing document with the amounts, then adds to it without a version', async () => {
        await store.increment<Tally>(COUNTERS, 't', add(2, 1))
        expect(await store.get<Tally>(COUNTERS, 't')).toEqual({ _id: 't', _v: 1, kind: 'tally', total: 2, cells: { 'a|open|x': 2 }, cat: { wage: { filed: 1 } }, updatedAt: 1 })
        await store.increment<Tally>(COUNTERS, 't', add(-2, 2))
        // A counter back at 0 stays, as 0; the other fields are kept, `set` replaces.
        expect(await store.get<Tally>(COUNTERS, 't')).toEqual({ _id: 't', _v: 2, kind: 'tally', total: 0, cells: { 'a|open|x': 0 }, cat: { wage: { filed: 2 } }, updatedAt: 2 })
      })

      it('adds to counters not there yet and keeps the rest of the document', async () => {
        await store.insert<Tally>(COUNTERS, { _id: 't', kind: 'old', cells: { other: 5 } })
        await store.transaction((tx) => tx.increment<Tally>(COUNTERS, 't', { by: { 'cells.new': 1, total: 3 }, create: { kind: 'unused' } }))
        expect(await store.get<Tally>(COUNTERS, 't')).toEqual({ _id: 't', _v: 2, kind: 'old', cells: { other: 5, new: 1 }, total: 3 })
      })

      it('inside a transaction: reads see it, on a document read, created or not there before', async () => {
        await store.insert<Tally>(COUNTERS, { _id: 'read', kind: 'k', total: 1 })
        await store.transaction(async (tx) => {
          expect(await tx.get<Tally>(COUNTERS, 'read')).toMatchObject({ total: 1 })
          await tx.increment<Tally>(COUNTERS, 'read', { by: { total: 1 }, create: { kind: 'k' } })
          expect(await tx.get<Tally>(COUNTERS, 'read')).toEqual({ _id: 'read', _v: 2, kind: 'k', total: 2 })
          expect(await tx.get<Tally>(COUNTERS, 'gone')).toBeNull()
          await tx.increment<Tally>(COUNTERS, 'gone', { by: { total: 1 }, create: { kind: 'k' } })
          await tx.increment<Tally>(COUNTERS, 'gone', { by: { total: 1 }, create: { kind: 'k' } })
          expect(await tx.get<Tally>(COUNTERS, 'gone')).toEqual({ _id: 'gone', _v: 2, kind: 'k', total: 2 })
          await tx.increment<Tally>(COUNTERS, 'blind', { by: { total: 4 }, create: { kind: 'k' } })
          expect(await tx.get<Tally>(COUNTERS, 'blind')).toEqual({ _id: 'blind', _v: 1, kind: 'k', total: 4 })
        })
        expect(await store.get<Tally>(COUNTERS, 'gone')).toMatchObject({ total: 2 })
      })

      it('inside a transaction that fails, adds nothing and creates nothing', async () => {
        await store.insert<Tally>(COUNTERS, { _id: 't', kind: 'k', total: 1 })
        const boom = new Error('boom')
        await expect(
          store.transaction(async (tx) => {
            await tx.increment<Tally>(COUNTERS, 't', { by: { total: 1 }, create: { kind: 'k' } })
            await tx.increment<Tally>(COUNTERS, 'new', { by: { total: 1 }, create: { kind: 'k' } })
            throw boom
          }),
        ).rejects.toBe(boom)
        expect(await store.get<Tally>(COUNTERS, 't')).toMatchObject({ total: 1, _v: 1 })
        expect(await store.get(COUNTERS, 'new')).toBeNull()
      })

      it('adds along paths of up to five parts, in and out of a transaction, making the objects on the way', async () => {
        const deep = { by: { 'weeks.2026-W48.cat.wage.filed': 1, 'weeks.2026-W48.n.filed': 1, 'n.filed': 1 }, create: { kind: 'deep' } }
        await store.increment<Tally>(COUNTERS, 'deep', deep)
        await store.transaction((tx) => tx.increment<Tally>(COUNTERS, 'deep', { by: { 'weeks.2026-W48.cat.wage.filed': 2, 'weeks.2026-W49.cat.pay.filed': 1 }, create: { kind: 'unused' } }))
        expect(await store.get<Tally>(COUNTERS, 'deep')).toEqual({
          _id: 'deep',
          _v: 2,
          kind: 'deep',
          n: { filed: 1 },
          weeks: { '2026-W48': { cat: { wage: { filed: 3 } }, n: { filed: 1 } }, '2026-W49': { cat: { pay: { filed: 1 } } } },
        })
      })

      it('with nothing to add, sets fields only (and `_v` + 1); the fields set are found by a query, a null one as null (ADR 0045)', async () => {
        type Scoped = Tally & { scope?: string; countyId?: string | null }
        const INBOX = 'inbox_counts'
        await store.insert<Scoped>(INBOX, { _id: 'county:station', kind: 'k', cells: { a: 2 } })
        await store.insert<Scoped>(INBOX, { _id: 'county:subtree', kind: 'k', cells: { a: 5 } })
        await store.increment<Scoped>(INBOX, 'county:station', { by: {}, set: { scope: 'station', countyId: 'county' }, create: { kind: 'unused' } })
        await store.transaction((tx) => tx.increment<Scoped>(INBOX, 'city:station', { by: { 'cells.a': 1 }, set: { scope: 'station', countyId: null }, create: { kind: 'k', cells: {}, scope: 'station', countyId: null } }))
        await store.transaction((tx) => tx.increment<Scoped>(INBOX, 't1:station', { by: { 'cells.a': 3 }, set: { scope: 'station', countyId: 'county' }, create: { kind: 'k', cells: {} } }))
        expect(await store.get<Scoped>(INBOX, 'county:station')).toEqual({ _id: 'county:station', _v: 2, kind: 'k', cells: { a: 2 }, scope: 'station', countyId: 'county' })
        expect(await store.get<Scoped>(INBOX, 'city:station')).toEqual({ _id: 'city:station', _v: 1, kind: 'k', cells: { a: 1 }, scope: 'station', countyId: null })
        const ids = async (where: Record<string, string | null>) => (await store.find<Scoped>(INBOX, { where, limit: 1000 })).items.map((d) => d._id)
        expect(await ids({ scope: 'station', countyId: 'county' })).toEqual(['county:station', 't1:station'])
        expect(await ids({ scope: 'station' })).toEqual(['city:station', 'county:station', 't1:station'])
        expect(await ids({ scope: 'station', countyId: null })).toEqual(['city:station'])
      })

      it('refuses a path with `$`, an empty part, `_v` or more than five parts', async () => {
        for (const path of ['$inc', 'a..b', '_v', 'a.b.c.d.e.f', 'a.$b'])
          await expect(store.increment<Tally>(COUNTERS, 't', { by: { [path]: 1 }, create: { kind: 'k' } })).rejects.toThrow()
        expect(await store.get(COUNTERS, 't')).toBeNull()
      })

      it(
        'concurrent transactions adding to one counter, created by neither, all land',
        async () => {
          const bump = (n: number) => store.transaction((tx) => tx.increment<Tally>(COUNTERS, 'shared', { by: { total: n, 'cells.x': 1 }, create: { kind: 'k' } }))
          await Promise.all([bump(1), bump(2), bump(4)])
          expect(await store.get<Tally>(COUNTERS, 'shared')).toEqual({ _id: 'shared', _v: 3, kind: 'k', total: 7, cells: { x: 3 } })
        },
        SLOW,
      )
    })

    describe('transaction', () => {
      it('commits every write and returns the function result', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        const result = await store.transaction(async (tx) => {
          await tx.insert<Counter>(COUNTERS, { _id: 'k', value: 1 })
          await tx.insert<CaseDoc>(CASES, newCase('c2'))
          const c1 = await tx.get<CaseDoc>(CASES, 'c1')
          await tx.update<CaseDoc>(CASES, 'c1', c1!._v, { state: 'accepted', detail: { x: 1 } })
          return 'done'
        })
        expect(result).toBe('done')
        expect(await store.get<Counter>(COUNTERS, 'k')).toEqual({ _id: 'k', value: 1, _v: 1 })
        expect(await store.get<CaseDoc>(CASES, 'c2')).toMatchObject({ _v: 1 })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual({ ...newCase('c1'), state: 'accepted', detail: { x: 1 }, _v: 2 })
      })

      it('reads its own writes', async () => {
        await store.transaction(async (tx) => {
          await tx.insert<CaseDoc>(CASES, newCase('c1', { detail: { a: 1 } }))
          expect(await tx.get<CaseDoc>(CASES, 'c1')).toMatchObject({ _v: 1, state: 'new' })
          const next = await tx.update<CaseDoc>(CASES, 'c1', 1, { state: 'accepted', detail: { b: 2 } })
          expect(next).toEqual({ ...newCase('c1'), state: 'accepted', detail: { b: 2 }, _v: 2 })
          expect(await tx.get<CaseDoc>(CASES, 'c1')).toEqual(next)
        })
        expect(await store.get<CaseDoc>(CASES, 'c1')).toMatchObject({ _v: 2, detail: { b: 2 } })
      })

      it('writes nothing when the function throws, and rethrows its error unchanged', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        const boom = new Error('boom')
        await expect(
          store.transaction(async (tx) => {
            await tx.insert<CaseDoc>(CASES, newCase('c2'))
            await tx.update<CaseDoc>(CASES, 'c1', 1, { state: 'accepted' })
            throw boom
          }),
        ).rejects.toBe(boom)
        expect(await store.get(CASES, 'c2')).toBeNull()
        expect(await store.get<CaseDoc>(CASES, 'c1')).toEqual({ ...newCase('c1'), _v: 1 })
      })

      it('a version conflict inside is STORE_CONFLICT and writes nothing', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        await store.update<CaseDoc>(CASES, 'c1', 1, { state: 'accepted' })
        let runs = 0
        await expect(
          store.transaction(async (tx) => {
            runs++
            await tx.insert<CaseDoc>(CASES, newCase('c2'))
            await tx.update<CaseDoc>(CASES, 'c1', 1, { state: 'stale' })
          }),
        ).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect(runs).toBe(1) // a version mismatch is not retried
        expect(await store.get(CASES, 'c2')).toBeNull()
        expect(await store.get<CaseDoc>(CASES, 'c1')).toMatchObject({ state: 'accepted', _v: 2 })
      })

      it('a duplicate insert inside is STORE_CONFLICT and writes nothing', async () => {
        await store.insert<CaseDoc>(CASES, newCase('c1'))
        await expect(
          store.transaction(async (tx) => {
            await tx.insert<CaseDoc>(CASES, newCase('c2'))
            await tx.insert<CaseDoc>(CASES, newCase('c1', { state: 'dup' }))
          }),
        ).rejects.toMatchObject({ code: 'STORE_CONFLICT' })
        expect(await store.get(CASES, 'c2')).toBeNull()
        expect(await store.get<CaseDoc>(CASES, 'c1')).toMatchObject({ state: 'new', _v: 1 })
      })

      it(
        'two concurrent transactions incrementing one counter both land',
        async () => {
          await store.insert<Counter>(COUNTERS, { _id: 'seq', value: 0 })
          const increment = () =>
            store.transaction(async (tx) => {
              const c = await tx.get<Counter>(COUNTERS, 'seq')
              if (!c) throw new Error('counter missing')
              return (await tx.update<Counter>(COUNTERS, 'seq', c._v, { value: c.value + 1 })).value
            })
          const results = await Promise.all([increment(), increment()])
          expect(results.sort()).toEqual([1, 2])
          expect(await store.get<Counter>(COUNTERS, 'seq')).toEqual({ _id: 'seq', value: 2, _v: 3 })
        },
        SLOW,
      )
    })
  })
}

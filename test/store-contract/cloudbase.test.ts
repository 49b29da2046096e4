import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
import type { StoredDoc } from '../../cloudfunctions/core/ports/store'
import type { CollectionHost } from '../../cloudfunctions/core/ports/collections'
import { runStoreContract } from './store-contract'

/**
 * The CloudBase adapter through the real @cloudbase/node-sdk, against the local fake of the database endpoint
 * (test/support/cloudbase-fake.ts). What this cannot prove — real indexes, the service's isolation under
 * load, security rules, latency — is noted at the top of test/support/cloudbase-fake.ts.
 */
let fake: CloudbaseFake
let db: ReturnType<typeof connectCloudbase>['db']

beforeAll(async () => {
  fake = await startCloudbaseFake()
  db = connectCloudbase(fake.url).db
})

afterAll(async () => {
  await fake.close()
})

runStoreContract('cloudbase (real SDK → local fake)', async () => {
  fake.reset()
  const store = createCloudbaseStore(db)
  return { store, teardown: () => store.close() }
})

/**
 * The same contract with the collections it writes kept in one host collection (ADR 0050), as the case log's
 * members are: every operation on them, in and out of transactions, goes through the tag and the stored ids.
 */
export const CONTRACT_HOST: CollectionHost = {
  host: 'contract_host',
  members: [
    { collection: 'cases', tag: 'ca' },
    { collection: 'counters', tag: 'co' },
    { collection: 'inbox_counts', tag: 'ic' },
    { collection: 'case_events', tag: 'ev' },
  ],
}

runStoreContract('cloudbase, its collections kept in one host collection (ADR 0050)', async () => {
  fake.reset()
  const store = createCloudbaseStore(db, [CONTRACT_HOST])
  return { store, teardown: () => store.close() }
})

describe('cloudbase only: findJoined on the wire', () => {
  it('is one aggregate request ($match, $sort, $limit, a $lookup per join), and the fake refuses stages it does not know', async () => {
    fake.reset()
    const store = createCloudbaseStore(db)
    type Row = StoredDoc & Record<string, unknown>
    for (let i = 0; i < 25; i++) await store.insert<Row>('memberships', { _id: `m${String(i).padStart(2, '0')}`, openid: 'o1', stationId: i % 2 ? 's1' : 'gone' })
    await store.insert<Row>('stations', { _id: 's1', path: ['s0', 's1'] })
    await store.insert<Row>('stations', { _id: 's0', path: ['s0'] })
    fake.takeLog()
    const before = fake.requests()
    const page = await store.findJoined<StoredDoc & { stationId: string }, 'station' | 'chain'>('memberships', {
      where: { openid: 'o1' },
      limit: 200,
      join: [
        { from: 'stations', localField: 'stationId', as: 'station' },
        { from: 'stations', localField: 'station.path', as: 'chain' },
      ],
    })
    expect(fake.requests() - before).toBe(1)
    expect(fake.takeLog()).toEqual(['database.aggregateDocuments memberships'])
    // More than the 20 an aggregate without $limit answers.
    expect(page.items).toHaveLength(25)
    expect(page.items.filter((m) => m.stationId === 's1').every((m) => m.chain.map((s) => s._id).sort().join() === 's0,s1')).toBe(true)
    expect(page.items.filter((m) => m.stationId === 'gone').every((m) => m.station.length === 0 && m.chain.length === 0)).toBe(true)

    // What the service would do with stages the product does not send is not guessed at.
    await expect(db.collection('memberships').aggregate().group({ _id: '$stationId' }).end()).rejects.toMatchObject({ code: 'FAKE_UNSUPPORTED_STAGE' })
    const piped = db.collection('memberships').aggregate().lookup({ from: 'stations', let: { s: '$stationId' }, pipeline: [], as: 'x' }).end()
    await expect(piped).rejects.toMatchObject({ code: 'FAKE_UNSUPPORTED_STAGE' })
    // Without $limit, 20 at most, as the service answers.
    const plain = (await db.collection('memberships').aggregate().match({ openid: 'o1' }).end()) as { data: unknown[] }
    expect(plain.data).toHaveLength(20)
  })
})

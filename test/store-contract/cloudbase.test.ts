import { createCloudbaseStore } from '../../cloudfunctions/core/adapters/cloudbase/store'
import { connectCloudbase, startCloudbaseFake, type CloudbaseFake } from '../support/cloudbase-fake'
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

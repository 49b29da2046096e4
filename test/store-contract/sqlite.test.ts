import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { runStoreContract } from './store-contract'

runStoreContract('sqlite (:memory:)', async () => {
  const store = createSqliteStore({ file: ':memory:' })
  return { store, teardown: () => store.close() }
})

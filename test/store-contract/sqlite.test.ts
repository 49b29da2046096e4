import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { runStoreContract } from './store-contract'

runStoreContract('sqlite (:memory:)', async () => {
  const store = createSqliteStore({ file: ':memory:' })
  return { store, teardown: () => store.close() }
})

describe('sqlite only', () => {
  it('refuses the store’s own operations inside a transaction instead of waiting forever', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    await expect(store.transaction(() => store.get('cases', 'x'))).rejects.toThrow('inside a transaction')
    // The store is still usable afterwards.
    expect(await store.get('cases', 'x')).toBeNull()
    await store.close()
  })
})

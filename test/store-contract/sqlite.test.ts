import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import type { StoredDoc } from '../../cloudfunctions/core/ports/store'
import { runStoreContract } from './store-contract'

runStoreContract('sqlite (:memory:)', async () => {
  const store = createSqliteStore({ file: ':memory:' })
  return { store, teardown: () => store.close() }
})

describe('sqlite only', () => {
  it('refuses the store’s own writes inside a transaction instead of waiting forever, and answers its reads (ADR 0049)', async () => {
    const store = createSqliteStore({ file: ':memory:' })
    await expect(store.transaction(() => store.insert('cases', { _id: 'x' }))).rejects.toThrow('inside a transaction')
    await expect(store.transaction(() => store.increment('cases', 'x', { by: { n: 1 }, create: {} }))).rejects.toThrow('inside a transaction')
    // Reads run on the connection the transaction holds: what is committed, and what it wrote before them.
    await store.insert('cases', { _id: 'a' })
    const read = await store.transaction(async (tx) => {
      await tx.insert('cases', { _id: 'b' })
      return [await store.get('cases', 'a'), (await store.find('cases')).items.map((d) => d._id), await store.count('cases')]
    })
    expect(read).toEqual([{ _id: 'a', _v: 1 }, ['a', 'b'], 2])
    // The store is still usable afterwards.
    expect(await store.get('cases', 'x')).toBeNull()
    await store.close()
  })

  it('patches in SQL to the very JSON text that writing the patched document would store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hx-sqlite-patch-'))
    const file = join(dir, 'patch.db')
    const store = createSqliteStore({ file })
    type Doc = StoredDoc & Record<string, unknown>
    const start = { a: 1, text: '中文 "引号" \\ 反斜杠\n\t\u0001 \u2028 😀 \udc00', list: [1, 2.5, -3e-7, 1e21, 0.1 + 0.2], nested: { x: { y: null } }, yes: true, none: null }
    const expected = new Map<string, Record<string, unknown>>()
    const apply = (id: string, patch: Record<string, unknown>) => {
      const next = { ...expected.get(id)! }
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k]
        else next[k] = v
      }
      expected.set(id, next)
    }
    for (const id of ['p1', 'p2', 'p3']) {
      await store.insert<Doc>('outbox', { _id: id, ...start })
      expected.set(id, { ...start })
    }
    // A document whose id is not its first field, and one with nothing but its id.
    await store.insert<Doc>('outbox', { a: 1, _id: 'p4', b: [1] })
    expected.set('p4', { a: 1, b: [1] })
    await store.insert<Doc>('outbox', { _id: 'p5' })
    expected.set('p5', {})
    await store.increment<Doc>('outbox', 'p5', { by: { 'n.x': 1 }, create: {} })
    apply('p5', { n: { x: 1 } })
    const p1 = { a: 2, text: '新 "x"', added: { k: [1, { m: 'n' }] }, list: undefined }
    const updated = await store.update<Doc>('outbox', 'p1', 1, p1)
    apply('p1', p1)
    expect(updated).toEqual({ _id: 'p1', _v: 2, ...expected.get('p1') })
    const p2 = { nested: { x: 1 }, yes: undefined, last: 'end' }
    const held = await store.updateHeld<Doc>('outbox', (await store.get<Doc>('outbox', 'p2'))!, p2)
    apply('p2', p2)
    expect(held).toEqual({ _id: 'p2', _v: 2, ...expected.get('p2') })
    const p3 = { status: 'sent', none: undefined }
    expect(await store.updateHeldMany<Doc>('outbox', [(await store.get<Doc>('outbox', 'p3'))!, held], p3)).toBe(2)
    apply('p3', p3)
    apply('p2', p3)
    await store.transaction(async (tx) => {
      const p = { a: 3 }
      expect(await tx.update<Doc>('outbox', 'p1', 2, p)).toMatchObject({ _v: 3, a: 3 })
      apply('p1', p)
    })
    await store.close()
    const raw = new Database(file, { readonly: true })
    for (const [id, doc] of expected) expect((raw.prepare('SELECT doc FROM outbox WHERE _id = ?').get(id) as { doc: string }).doc).toBe(JSON.stringify(doc))
    raw.close()
    rmSync(dir, { recursive: true, force: true })
  })
})

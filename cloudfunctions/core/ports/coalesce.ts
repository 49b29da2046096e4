import { AppError } from '../../../types/errors'
import type { Increment, NewDoc, StoredDoc, TxStore } from './store'

/**
 * A transaction that writes many cases at once (the sweep’s due cases, ADR 0046) holds back the writes that
 * several cases make to the same places and sends them together at `flush`, before the commit: the new
 * documents of each collection in one `insertMany`, and each counter document's additions summed into one
 * `increment`. Reads, versioned updates and removes go through at once; one of a document with writes held
 * back sends those first, so the transaction always reads what it wrote. All or nothing is unchanged: everything
 * is still inside the one transaction. What differs is only that a counter document's `_v` rises once for the
 * additions summed, not once for each.
 */
export interface CoalescingTx extends TxStore {
  /** Sends the writes held back. Call it before the transaction's function returns. */
  flush(): Promise<void>
}

type Held = { inserts: Map<string, Map<string, NewDoc<StoredDoc>>>; increments: Map<string, Map<string, Increment<StoredDoc>>> }

export const coalesceWrites = (tx: TxStore): CoalescingTx => {
  const held: Held = { inserts: new Map(), increments: new Map() }
  const inCollection = <V>(m: Map<string, Map<string, V>>, collection: string) => {
    let c = m.get(collection)
    if (!c) m.set(collection, (c = new Map()))
    return c
  }
  const holds = (collection: string, id: string) => !!(held.inserts.get(collection)?.has(id) || held.increments.get(collection)?.has(id))
  const flush = async () => {
    for (const [collection, docs] of held.inserts) if (docs.size) await tx.insertMany(collection, [...docs.values()])
    for (const [collection, changes] of held.increments) for (const [id, change] of changes) await tx.increment(collection, id, change)
    held.inserts.clear()
    held.increments.clear()
  }
  const hold = <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>): T[] => {
    const into = inCollection(held.inserts, collection)
    const ids = docs.map((d) => (d as { _id?: unknown })._id)
    // As the stores answer: an `_id` twice, or already held back, inserts nothing.
    if (ids.some((id) => typeof id !== 'string' || !id)) throw new Error('store: insert needs a string _id')
    if (new Set(ids).size !== ids.length || ids.some((id) => into.has(id as string))) throw new AppError('STORE_CONFLICT')
    for (const d of docs) into.set((d as { _id: string })._id, d as NewDoc<StoredDoc>)
    return docs.map((d) => ({ ...d, _v: 1 }) as unknown as T)
  }
  const before = async (collection: string, id: string) => {
    if (holds(collection, id)) await flush()
  }
  return {
    flush,
    get: async (collection, id) => {
      await before(collection, id)
      return tx.get(collection, id)
    },
    update: async (collection, id, expectedV, patch) => {
      await before(collection, id)
      return tx.update(collection, id, expectedV, patch)
    },
    remove: async (collection, id, expectedV) => {
      await before(collection, id)
      return tx.remove(collection, id, expectedV)
    },
    insert: async <T extends StoredDoc>(collection: string, doc: NewDoc<T>) => hold<T>(collection, [doc])[0]!,
    insertMany: async <T extends StoredDoc>(collection: string, docs: ReadonlyArray<NewDoc<T>>) => hold<T>(collection, docs),
    increment: async <T extends StoredDoc>(collection: string, id: string, change: Increment<T>) => {
      const into = inCollection(held.increments, collection)
      const was = into.get(id)
      if (!was) {
        into.set(id, { by: { ...change.by }, ...(change.set ? { set: { ...change.set } } : {}), create: change.create } as Increment<StoredDoc>)
        return
      }
      const by: Record<string, number> = { ...was.by }
      for (const [path, n] of Object.entries(change.by)) by[path] = (by[path] ?? 0) + n
      const set = was.set || change.set ? { ...(was.set ?? {}), ...((change.set ?? {}) as object) } : undefined
      into.set(id, { by, ...(set ? { set } : {}), create: was.create })
    },
  }
}

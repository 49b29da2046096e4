import type { FindOptions, Store, StoredDoc } from '../ports/store'

/**
 * Every document matching a query, read page by page (the port caps a page at 1000). For lists that are
 * bounded by nature — a case's timeline, a county's stations, the network — never for open-ended ones.
 */
export const findAll = async <T extends StoredDoc>(store: Store, collection: string, options: Omit<FindOptions, 'after' | 'limit'>, pageSize = 500): Promise<T[]> => {
  const all: T[] = []
  let after: string | undefined
  do {
    const page = await store.find<T>(collection, { ...options, limit: pageSize, after })
    all.push(...page.items)
    after = page.next
  } while (after)
  return all
}

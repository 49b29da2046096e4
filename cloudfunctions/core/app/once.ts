import { AppError } from '../../../types/errors'
import type { Ports, StoredDoc } from '../ports'
import { COLLECTIONS } from '../ports/collections'

/**
 * Work the sweep does once per environment (moving records written before a rule), kept in a settings document:
 * while it is there the work is done and this is one read. `run` answers what it did — the figure this answers
 * and the fields the record keeps — and whether it finished: an unfinished run records nothing, so the next tries
 * again. Two sweeps at once: the second to record meets the first's record and leaves it.
 */
export const oncePerEnvironment = async (
  ports: Ports,
  recordId: string,
  run: () => Promise<{ count: number; record: Record<string, number>; finished?: boolean }>,
): Promise<number> => {
  if (await ports.store.get(COLLECTIONS.settings, recordId)) return 0
  const { count, record, finished = true } = await run()
  if (!finished) return count
  try {
    await ports.store.insert<StoredDoc & { at: number }>(COLLECTIONS.settings, { _id: recordId, at: ports.clock.now(), ...record })
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
  }
  return count
}

/** The documents kept in a host collection on CloudBase (ADR 0050) as the store keeps them. */
export const HOSTS_DOC_ID = 'migration.collection-hosts'

/**
 * Documents a store keeps together with others in one host collection (CloudBase: the case log, ADR 0050), moved
 * there from where they were stored before, once per environment (from the sweep, with what is left of its budget):
 * until then they are not found. A store with no hosts has nothing to move. A run that runs out of budget, or
 * finds a document changed as it moved it, records nothing: the next run goes on.
 */
export const moveIntoHostsOnce = (ports: Ports, budgetMs: number): Promise<number> =>
  oncePerEnvironment(ports, HOSTS_DOC_ID, async () => {
    const { moved, finished } = ports.store.moveIntoHosts ? await ports.store.moveIntoHosts(budgetMs) : { moved: 0, finished: true }
    return { count: moved, record: { moved }, finished }
  })

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

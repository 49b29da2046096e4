import type { ContentCheckDoc, ContentVerdictDoc } from '../../cloudfunctions/core/app/records'
import type { Store } from '../../cloudfunctions/core/ports/store'

/**
 * What is recorded of one case's content checks, by check: the row of each check that had to wait (a photo's until
 * its push, a failed one until its retry) with its outcome, and for a check that settled at once, which has no row,
 * its verdict event (ADR 0042) in the row's shape. Ordered by the check's id.
 */
export const checksOf = async (store: Store, caseId: string): Promise<ContentCheckDoc[]> => {
  const rows = (await store.find<ContentCheckDoc>('content_checks', { where: { caseId }, limit: 1000 })).items
  const kept = new Set(rows.map((r) => r._id))
  const verdicts = (await verdictsOf(store, caseId)).filter((v) => !kept.has(v.checkId))
  const asRows = verdicts.map(({ _id: _e, kind: _k, internal: _i, checkId, at, ...v }): ContentCheckDoc => ({ ...v, _id: checkId, requestedAt: at }))
  return [...rows, ...asRows].sort((a, b) => a._id.localeCompare(b._id))
}

/** The verdict events of one case: what officers' views read (ADR 0042). */
export const verdictsOf = async (store: Store, caseId: string): Promise<ContentVerdictDoc[]> =>
  (await store.find<ContentVerdictDoc>('case_events', { where: { caseId }, limit: 1000 })).items.filter((e) => e.kind === 'content_verdict')

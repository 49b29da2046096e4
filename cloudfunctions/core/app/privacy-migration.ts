import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import { Privacy } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { decide, misplaced } from '../domain/case-engine'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { applyCommand, stationsForCase } from './case-actions'
import { findAll } from './find-all'
import { oncePerEnvironment } from './once'
import { loadPolicy } from './policy'
import type { CaseDoc, StationDoc } from './records'

/** Privacies that may not sit on an enterprise station: what the employer side may not see (D8a). */
const HIDDEN_FROM_EMPLOYER = Privacy.options.filter((p) => !PRIVACIES_SEEN_BY.employer.includes(p))

export interface PrivacyMigrationResult {
  dryRun: boolean
  examined: number
  moved: Array<{ caseNo: string; from: string; to: string }>
  conflicts: number
}

/**
 * Data from before D8a: a confidential or anonymous case that an enterprise station owns, was first given
 * to, or is asked to take over moves to the nearest eligible station (the engine's `relocate`, one versioned
 * transaction per case, with a timeline event). Idempotent: a second run finds nothing to move. The dry run
 * reports the same list and writes nothing. Reads only the enterprise stations' cases, by index.
 */
export const migratePrivacy = async (ports: Ports, dryRun: boolean): Promise<PrivacyMigrationResult> => {
  const enterprises = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { kind: 'enterprise' }, orderBy: { field: 'sortKey', dir: 'asc' } })
  const out: PrivacyMigrationResult = { dryRun, examined: 0, moved: [], conflicts: 0 }
  const seen = new Set<string>()
  const policy = await loadPolicy(ports.store)
  for (const firm of enterprises) {
    for (const field of ['ownerStationId', 'firstStationId', 'transferTargetId'] as const) {
      const cases = await findAll<CaseDoc>(ports.store, COLLECTIONS.cases, { where: { [field]: firm._id, privacy: { $in: [...HIDDEN_FROM_EMPLOYER] } } })
      for (const c of cases) {
        if (seen.has(c._id)) continue
        seen.add(c._id)
        out.examined += 1
        const stations = await stationsForCase(ports, c)
        if (!misplaced(c, { stations })) continue
        let next: Pick<CaseDoc, 'ownerStationId'>
        if (dryRun) {
          next = decide(c, { type: 'relocate' }, { now: ports.clock.now(), cal: ports.clock.calendar(), policy, stations }).next
        } else {
          try {
            next = (await applyCommand(ports, c, c._v, { type: 'relocate' }, { actor: 'system' })).doc
          } catch (e) {
            // Someone changed it meanwhile: the next run picks it up.
            if (e instanceof AppError && e.code === 'CASE_CONFLICT') {
              out.conflicts += 1
              continue
            }
            throw e
          }
        }
        const from = stations.get(c.ownerStationId)?.name ?? ''
        const to = stations.get(next.ownerStationId)?.name ?? ''
        if (out.moved.length < 200) out.moved.push({ caseNo: c.caseNo, from, to })
      }
    }
  }
  return out
}

/** The settings document that records the migration has run to the end once. */
export const PRIVACY_MIGRATION_DOC_ID = 'migration.privacy-d8a'

/**
 * Runs the migration once per environment, from the sweep, so data written before the rule moves without
 * anyone having to remember it. Afterwards one document read a day (the sweep's setup pass). A run cut short by conflicts is
 * tried again on the next sweep.
 */
export const migratePrivacyOnce = (ports: Ports): Promise<number> =>
  oncePerEnvironment(ports, PRIVACY_MIGRATION_DOC_ID, async () => {
    const result = await migratePrivacy(ports, false)
    return { count: result.moved.length, record: { moved: result.moved.length }, finished: result.conflicts === 0 }
  })

/**
 * Collection names and every index the product's queries need, declared once: the SQLite adapter creates
 * them, the CloudBase deploy guide (README) lists them, and the SQLite adapter refuses a query on a field no
 * index names, so a missing index is caught by the tests rather than by a slow cloud query.
 */
export const COLLECTIONS = {
  stations: 'stations',
  officers: 'officers',
  memberships: 'memberships',
  cases: 'cases',
  caseEvents: 'case_events',
  counters: 'counters',
  requests: 'requests',
  outbox: 'outbox',
  accessLog: 'access_log',
  settings: 'settings',
  projects: 'projects',
  invites: 'invites',
  auditLog: 'audit_log',
  jobs: 'jobs',
  stationCodes: 'station_codes',
  posters: 'posters',
} as const
export type CollectionName = (typeof COLLECTIONS)[keyof typeof COLLECTIONS]

export interface IndexSpec {
  collection: string
  fields: string[]
}

export const INDEXES: IndexSpec[] = [
  { collection: 'stations', fields: ['code'] },
  { collection: 'stations', fields: ['kind', 'sortKey'] },
  { collection: 'stations', fields: ['countyId', 'sortKey'] },
  { collection: 'stations', fields: ['parentId', 'sortKey'] },
  { collection: 'officers', fields: ['openid'] },
  { collection: 'memberships', fields: ['openid'] },
  { collection: 'memberships', fields: ['stationId'] },
  { collection: 'cases', fields: ['workerKey', 'createdAt'] },
  { collection: 'cases', fields: ['ownerStationId', 'state', 'createdAt', 'privacy'] },
  { collection: 'cases', fields: ['nextDueAt'] },
  { collection: 'cases', fields: ['transferTargetId', 'createdAt', 'privacy'] },
  { collection: 'cases', fields: ['supervisorStationId', 'state', 'createdAt', 'privacy'] },
  { collection: 'cases', fields: ['firstStationId', 'privacy'] },
  { collection: 'projects', fields: ['countyId', 'name'] },
  { collection: 'invites', fields: ['stationId', 'status'] },
  { collection: 'audit_log', fields: ['at'] },
  { collection: 'case_events', fields: ['caseId', 'at'] },
  { collection: 'outbox', fields: ['status', 'nextAttemptAt'] },
  { collection: 'access_log', fields: ['caseId', 'at'] },
  { collection: 'access_log', fields: ['countyId', 'at'] },
  { collection: 'access_log', fields: ['at'] },
]

/** Fields a query may filter or sort on, per collection (from INDEXES, plus `_id`). */
export const queryableFields = (collection: string, indexes: IndexSpec[] = INDEXES): Set<string> =>
  new Set(['_id', ...indexes.filter((i) => i.collection === collection).flatMap((i) => i.fields)])

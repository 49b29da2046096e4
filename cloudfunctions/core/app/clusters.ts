import { createHash } from 'node:crypto'
import { mayAccessCase, sideSees } from '../../../types/authz'
import { ALERT_STATUS_LABEL, type AlertDetail, type AlertRow } from '../../../types/contracts/cluster'
import { EMPLOYER_REQUIRED, type EmployerInput, type EmployerView } from '../../../types/employer'
import { AppError } from '../../../types/errors'
import { ALERT_MAX_CASES, clusterKeyOf, stepCluster, strictestPrivacy, type ClusterEntry } from '../domain/cluster'
import { viewsOf } from '../domain/case-relation'
import { employerKey, enterpriseNameOf } from '../domain/employer'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { TxStore } from '../ports/store'
import { writeEffects } from './case-actions'
import { inboxRow } from './cases'
import { findAll } from './find-all'
import { oncePerEnvironment } from './once'
import { stationRecipients } from './officers'
import type { AlertDoc, CaseDoc, CaseEmployer, CaseLinkDoc, ClusterDoc, MembershipDoc, OfficerView, OutboxDoc, ProjectDoc, StationDoc } from './records'
import { stationEmployerFields, stationsById } from './stations'
import { timeLabel } from './time'
import { loadCategoryNames } from './policy'

// The employer named on every case and 聚集预警 (ADR 0011): what intake records, the cluster step inside the
// new case's transaction, and the views of alerts and links. Rules are in domain/employer.ts and domain/cluster.ts.

/**
 * The employer a new case names. At an enterprise station, a case about the worker's own employer is about
 * that enterprise, whatever was sent (the form does not ask). Elsewhere it is what the worker answered; 本
 * 单位 of a station that is not an enterprise cannot be filled in for them.
 */
export const employerOfIntake = (employer: EmployerInput | undefined, aboutOwnEmployer: boolean, scanned: StationDoc): CaseEmployer | undefined => {
  if (scanned.kind === 'enterprise' && aboutOwnEmployer) {
    const name = enterpriseNameOf(scanned.name)
    return { name, key: employerKey(name), fromStation: true }
  }
  if (!employer) return undefined
  if (employer.kind === 'station')
    throw new AppError('REQUEST_INVALID', scanned.kind === 'enterprise' ? '你选了“不是本单位”，请填写反映的是哪个单位' : EMPLOYER_REQUIRED, ['employer'])
  if (employer.kind === 'unknown') return { name: null, key: null, ...(employer.note ? { note: employer.note } : {}) }
  return { name: employer.name, key: employerKey(employer.name), ...(employer.uscc ? { uscc: employer.uscc } : {}) }
}

export const employerView = (c: Pick<CaseDoc, 'employer'>): EmployerView | null =>
  c.employer
    ? {
        name: c.employer.name,
        ...(c.employer.uscc ? { uscc: c.employer.uscc } : {}),
        ...(c.employer.note ? { note: c.employer.note } : {}),
        fromStation: !!c.employer.fromStation,
      }
    : null

/** Where a new case is counted: the county station told and the key, or nothing (no employer name, no project). */
export interface ClusterPlan {
  docId: string
  stationId: string
  clusterKey: string
  kind: AlertDoc['kind']
  subject: string
  projectId?: string
}

const clusterDocId = (stationId: string, clusterKey: string) => `cl-${createHash('sha256').update(`${stationId}|${clusterKey}`).digest('hex').slice(0, 40)}`

/**
 * The county of a new case is the project's county for a project case, else the county of the station filed
 * at; a case filed at the city station is counted, and told, at the city station.
 */
export const clusterPlanOf = (employer: CaseEmployer | undefined, project: ProjectDoc | null, scanned: StationDoc): ClusterPlan | null => {
  const clusterKey = clusterKeyOf({ projectId: project?._id, employerKey: employer?.key })
  if (!clusterKey) return null
  const stationId = project?.countyId ?? scanned.countyId ?? scanned.path[0]!
  return {
    docId: clusterDocId(stationId, clusterKey),
    stationId,
    clusterKey,
    kind: project ? 'project' : 'employer',
    subject: project ? project.name : employer!.name!,
    ...(project ? { projectId: project._id } : {}),
  }
}

type NewCase = Pick<CaseDoc, '_id' | 'caseNo' | 'createdAt' | 'privacy' | 'workerKey'>

/** Raised inside the transaction when an alert is due but the officers to tell were not read yet. */
class OfficersNeeded extends Error {}

const entryOf = (c: Pick<CaseDoc, '_id' | 'createdAt' | 'privacy' | 'workerKey'>): ClusterEntry => ({
  caseId: c._id,
  at: c.createdAt,
  privacy: c.privacy,
  // A case filed for a worker (代为登记) has no key until it is claimed: a worker of its own, like an anonymous one.
  worker: c.privacy === 'anonymous' || !c.workerKey ? null : c.workerKey.slice(0, 16),
})

const noticeSummary = (subject: string, workers: number) => `${[...subject].slice(0, 12).join('')} ${workers}人反映`

export interface ClusterStepper {
  /** Inside the new case's transaction, after the case is written: the window, the alert, and its notices. */
  step: (tx: TxStore, c: NewCase) => Promise<OutboxDoc[]>
  /** Runs the case's transaction; once more, with the county's officers read, if it found an alert due after all. */
  run: <R>(transaction: () => Promise<R>) => Promise<R>
}

/**
 * The cluster step of a new case (ADR 0011). The window is one document read and written by id in the case's
 * own transaction, so two cases filed at once are both counted (the store retries the later one) and an
 * alert is raised exactly once. The officers to tell cannot be read inside the transaction (it reads
 * documents by id only): the rare transaction that raises an alert stops, they are read, and it runs again.
 */
export const clusterStepper = (ports: Ports, plan: ClusterPlan | null, now: number): ClusterStepper => {
  if (!plan) return { step: async () => [], run: (t) => t() }
  let officers: MembershipDoc[] | null = null
  // Every side of the station; who may hear of this alert is decided in the transaction, from its cases.
  const readOfficers = async () => (officers = await stationRecipients(ports, plan.stationId, 'open'))

  const step = async (tx: TxStore, c: NewCase): Promise<OutboxDoc[]> => {
    const doc = await tx.get<ClusterDoc>(COLLECTIONS.clusters, plan.docId)
    const open = doc?.openAlertId ? await tx.get<AlertDoc>(COLLECTIONS.alerts, doc.openAlertId) : null
    const openAlert = open?.status === 'open' ? open : null
    const entry = entryOf(c)
    const s = stepCluster(doc?.entries ?? [], entry, !!openAlert)
    let openAlertId = openAlert?._id ?? null
    const rows: OutboxDoc[] = []
    if (s.alert === 'join' && openAlert) {
      await tx.update<AlertDoc>(COLLECTIONS.alerts, openAlert._id, openAlert._v, {
        caseIds: [...openAlert.caseIds, c._id].slice(-ALERT_MAX_CASES),
        caseCount: openAlert.caseCount + 1,
        // Stricter only: a case that is not open keeps the alert from the employer side for good.
        privacy: strictestPrivacy([openAlert.privacy, entry.privacy]),
        workers: Math.max(openAlert.workers, s.separate),
        lastCaseAt: entry.at,
      })
    } else if (s.alert === 'raise') {
      if (!officers) throw new OfficersNeeded()
      const privacy = strictestPrivacy(s.window.map((e) => e.privacy))
      openAlertId = ports.ids.next()
      await tx.insert<AlertDoc>(COLLECTIONS.alerts, {
        _id: openAlertId,
        stationId: plan.stationId,
        clusterKey: plan.clusterKey,
        subject: plan.subject,
        kind: plan.kind,
        ...(plan.projectId ? { projectId: plan.projectId } : {}),
        caseIds: s.window.map((e) => e.caseId),
        caseCount: s.window.length,
        privacy,
        workers: s.separate,
        status: 'open',
        raisedAt: now,
        lastCaseAt: entry.at,
      })
      // Told only to officers whose side may see every case in it (D8a): an alert with a case that is not open never reaches the employer side.
      const to = (officers as MembershipDoc[]).filter((m) => sideSees(m.side, privacy)).map((m) => m.openid)
      const notice = { kind: 'case.cluster' as const, target: { to: 'station' as const, stationId: plan.stationId }, summary: noticeSummary(plan.subject, s.separate) }
      rows.push(...(await writeEffects(tx, ports, c, { events: [] }, [{ n: notice, to }], { actor: 'system' }, now)))
    }
    if (doc) await tx.update<ClusterDoc>(COLLECTIONS.clusters, doc._id, doc._v, { entries: s.window, openAlertId, updatedAt: now })
    else await tx.insert<ClusterDoc>(COLLECTIONS.clusters, { _id: plan.docId, stationId: plan.stationId, clusterKey: plan.clusterKey, entries: s.window, openAlertId, updatedAt: now })
    return rows
  }

  const run = async <R>(transaction: () => Promise<R>): Promise<R> => {
    try {
      return await transaction()
    } catch (e) {
      if (!(e instanceof OfficersNeeded)) throw e
      await readOfficers()
      return transaction()
    }
  }
  return { step, run }
}

/** The cluster document an alert belongs to (closing it lets the next case raise a new one). */
export const clusterDocOf = (a: Pick<AlertDoc, 'stationId' | 'clusterKey'>) => clusterDocId(a.stationId, a.clusterKey)

export const alertRow = (a: AlertDoc): AlertRow => ({
  id: a._id,
  subject: a.subject,
  kind: a.kind,
  kindLabel: a.kind === 'project' ? '工程项目' : '用人单位',
  status: a.status,
  statusLabel: ALERT_STATUS_LABEL[a.status],
  caseCount: a.caseCount,
  workers: a.workers,
  summary: `${a.workers} 人反映，共 ${a.caseCount} 件`,
  raisedAt: a.raisedAt,
  raisedLabel: timeLabel(a.raisedAt),
  lastCaseLabel: timeLabel(a.lastCaseAt),
})

/** Cases by id, in the order given, skipping any that are gone. */
export const casesByIds = async (ports: Ports, ids: readonly string[]): Promise<CaseDoc[]> => {
  const found = new Map<string, CaseDoc>()
  for (let i = 0; i < ids.length; i += 100) {
    const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: { _id: { $in: ids.slice(i, i + 100) } }, limit: 100 })
    for (const c of page.items) found.set(c._id, c)
  }
  return ids.flatMap((id) => found.get(id) ?? [])
}

/** The cases an officer may open, through the one case access rule (`mayAccessCase`, ADR 7). */
export const casesTheyMay = (officer: OfficerView, access: 'view' | 'note', cases: readonly CaseDoc[]) =>
  cases.filter((c) => mayAccessCase(access, c.privacy, viewsOf(officer.memberships, c)))

/** Link rows of these cases (both directions are stored, so each case's own rows suffice). */
export const linksOf = async (ports: Ports, caseIds: readonly string[]): Promise<CaseLinkDoc[]> => {
  const out: CaseLinkDoc[] = []
  for (let i = 0; i < caseIds.length; i += 100)
    out.push(...(await findAll<CaseLinkDoc>(ports.store, COLLECTIONS.caseLinks, { where: { caseId: { $in: caseIds.slice(i, i + 100) } }, orderBy: { field: 'at', dir: 'asc' } })))
  return out
}

export const linkId = (a: string, b: string) => `${a}~${b}`

/** One alert for an officer: the cases they may open (the others only counted), and whether those are all linked. */
export const alertDetail = async (ports: Ports, a: AlertDoc, officer: OfficerView): Promise<AlertDetail> => {
  const all = await casesByIds(ports, a.caseIds)
  const cases = casesTheyMay(officer, 'view', all)
  const ids = new Set(cases.map((c) => c._id))
  const links = new Set((await linksOf(ports, [...ids])).filter((l) => ids.has(l.otherId)).map((l) => l._id))
  const allLinked = cases.every((x) => cases.every((y) => x._id === y._id || links.has(linkId(x._id, y._id))))
  const stations = await stationsById(ports.store, [a.stationId, ...cases.map((c) => c.ownerStationId)], officer.stations)
  const names = [...new Set(cases.flatMap((c) => (c.employer?.name ? [c.employer.name] : [])))]
  const categoryNames = await loadCategoryNames(ports.store)
  return {
    ...alertRow(a),
    stationId: a.stationId,
    stationName: stations.get(a.stationId)?.name ?? '',
    names,
    cases: cases.map((c) => inboxRow(c, stations, ports.clock, categoryNames)),
    hiddenCases: a.caseIds.length - cases.length,
    unlistedCases: a.caseCount - a.caseIds.length,
    allLinked,
    decision: a.decision ? { text: a.decision.text, byName: a.decision.byName, atLabel: timeLabel(a.decision.at) } : null,
    version: a._v,
  }
}

/** Enterprise stations and projects written before suggestions get their keys, once per environment (from the sweep). */
export const EMPLOYER_KEYS_DOC_ID = 'migration.employer-keys'

export const backfillEmployerKeysOnce = (ports: Ports): Promise<number> => oncePerEnvironment(ports, EMPLOYER_KEYS_DOC_ID, () => backfillEmployerKeys(ports))

const backfillEmployerKeys = async (ports: Ports) => {
  let written = 0
  const stations = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { kind: 'enterprise' }, orderBy: { field: 'sortKey', dir: 'asc' } })
  for (const s of stations) {
    const fields = stationEmployerFields(s.kind, s.name)
    if (s.employerKey === fields.employerKey) continue
    if (await updatedOrGone(() => ports.store.update<StationDoc>(COLLECTIONS.stations, s._id, s._v, fields))) written += 1
  }
  const projects = await findAll<ProjectDoc>(ports.store, COLLECTIONS.projects, { orderBy: { field: 'name', dir: 'asc' } })
  for (const p of projects) {
    if (p.contractorKey === employerKey(p.contractor)) continue
    if (await updatedOrGone(() => ports.store.update<ProjectDoc>(COLLECTIONS.projects, p._id, p._v, { contractorKey: employerKey(p.contractor) }))) written += 1
  }
  return { count: written, record: { written } }
}

/** A write that someone else's write beat (an admin edit, another sweep) is theirs to keep: false, not an error. */
const updatedOrGone = async (write: () => Promise<unknown>): Promise<boolean> => {
  try {
    await write()
    return true
  } catch (e) {
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return false
    throw e
  }
}

import type { Privacy, Side } from '../../../types/domain'
import { arrearsChanges, arrearsShare, clearDeadline, projectAtRisk } from '../domain/arrears'
import { COLLECTIONS } from '../ports/collections'
import type { Store, TxStore } from '../ports/store'
import { visibleToSide } from './cases'
import { findAll } from './find-all'
import { AppError } from '../../../types/errors'
import type { AlertDoc, CaseDoc, MembershipDoc, OfficerDoc, ProjectArrearsDoc, ProjectDoc } from './records'
import { stationsById } from './stations'
import type { ProjectRow } from '../../../types/contracts/arrears'
import { dateOf } from '../domain/periods'

const DAY_MS = 86_400_000

/**
 * 菏薪共治 (ADR 0023): each project's open wage arrears, kept per privacy track by the one case writer in the
 * case's transaction, and read back through the viewer's side (D8a) by indexed queries — never by scanning cases.
 */

export const projectArrearsId = (projectId: string, privacy: Privacy) => `pa_${projectId}_${privacy}`

/**
 * Moves the project counters by what this case write changes (called by `writeCase` inside the case's
 * transaction): a wage-arrears case on a project counts while open, in its privacy track.
 */
export const bookProjectArrears = async (tx: TxStore, before: CaseDoc | null, after: CaseDoc, now: number): Promise<void> => {
  const changes = arrearsChanges(before && arrearsShare(before), arrearsShare(after))
  for (const [, d] of changes) {
    const id = projectArrearsId(d.projectId, d.privacy)
    const doc = await tx.get<ProjectArrearsDoc>(COLLECTIONS.projectArrears, id)
    if (doc) {
      const open = doc.open + d.open
      const since = open <= 0 ? null : doc.open <= 0 ? now : doc.since
      await tx.update<ProjectArrearsDoc>(COLLECTIONS.projectArrears, id, doc._v, { open, amount: doc.amount + d.amount, workers: doc.workers + d.workers, since, updatedAt: now })
    } else {
      const project = await tx.get<ProjectDoc>(COLLECTIONS.projects, d.projectId)
      await tx.insert<ProjectArrearsDoc>(COLLECTIONS.projectArrears, {
        _id: id,
        projectId: d.projectId,
        countyId: project?.countyId ?? after.countyId ?? '',
        privacy: d.privacy,
        open: d.open,
        amount: d.amount,
        workers: d.workers,
        since: d.open > 0 ? now : null,
        updatedAt: now,
      })
    }
  }
}

export interface ProjectFigures {
  open: number
  amount: number
  workers: number
  /** When the open arrears a side sees began (the earliest of its tracks); null when none. */
  since: number | null
}

const EMPTY: ProjectFigures = { open: 0, amount: 0, workers: 0, since: null }

const addUp = (docs: readonly ProjectArrearsDoc[]): Map<string, ProjectFigures> => {
  const out = new Map<string, ProjectFigures>()
  for (const d of docs) {
    if (d.open <= 0) continue
    const f = out.get(d.projectId) ?? { ...EMPTY }
    f.open += d.open
    f.amount += d.amount
    f.workers += d.workers
    if (d.since !== null) f.since = f.since === null ? d.since : Math.min(f.since, d.since)
    out.set(d.projectId, f)
  }
  return out
}

/** Open arrears per project of a county (or of the whole city for null), as a side may see them: one indexed query. */
export const arrearsByProject = async (store: Store, countyId: string | null, side: Side): Promise<Map<string, ProjectFigures>> =>
  addUp(await findAll<ProjectArrearsDoc>(store, COLLECTIONS.projectArrears, { where: { ...(countyId ? { countyId } : {}), ...visibleToSide(side), open: { $gt: 0 } } }))

/** One project's open arrears as a side may see them (up to three reads by id). */
export const arrearsOfProject = async (store: Store, project: ProjectDoc, side: Side): Promise<ProjectFigures> => {
  const docs = await findAll<ProjectArrearsDoc>(store, COLLECTIONS.projectArrears, {
    where: { countyId: project.countyId, ...visibleToSide(side), open: { $gt: 0 }, _id: { $in: (['open', 'confidential', 'anonymous'] as const).map((p) => projectArrearsId(project._id, p)) } },
  })
  return addUp(docs).get(project._id) ?? { ...EMPTY }
}

/** Open 聚集预警 on projects, per project, that a side may see (the alert's privacy is its strictest case's). */
export const openProjectAlerts = async (store: Store, countyId: string | null, side: Side): Promise<Map<string, number>> => {
  const alerts = await findAll<AlertDoc>(store, COLLECTIONS.alerts, { where: { ...(countyId ? { stationId: countyId } : {}), status: 'open', ...visibleToSide(side) } })
  const out = new Map<string, number>()
  for (const a of alerts) if (a.kind === 'project' && a.projectId) out.set(a.projectId, (out.get(a.projectId) ?? 0) + 1)
  return out
}

export interface ProjectRisk {
  project: ProjectDoc
  figures: ProjectFigures
  /** 限时化解: when open arrears are to be cleared by, and whether that has passed. */
  deadline: { dueAt: number; overdue: boolean } | null
  openAlerts: number
}

/** Every project of a county (or the city) with its figures, as a side may see them, by name. */
export const projectLedger = async (store: Store, countyId: string | null, now: number, side: Side): Promise<ProjectRisk[]> => {
  const [projects, figures, alerts] = await Promise.all([
    findAll<ProjectDoc>(store, COLLECTIONS.projects, { ...(countyId ? { where: { countyId } } : {}), orderBy: { field: 'name', dir: 'asc' } }),
    arrearsByProject(store, countyId, side),
    openProjectAlerts(store, countyId, side),
  ])
  return projects.map((project) => {
    const f = figures.get(project._id) ?? { ...EMPTY }
    return { project, figures: f, deadline: clearDeadline(f, project.clearBy, now), openAlerts: alerts.get(project._id) ?? 0 }
  })
}

/**
 * 欠薪项目风险: the projects of a county (null: the whole city) with open arrears or an open 聚集预警, overdue
 * ones first, then by the money owed. For reports and the county view; `side` defaults to the government side
 * (what a bureau report shows).
 */
export const projectsAtRisk = async (store: Store, countyId: string | null, now: number, side: Side = 'government'): Promise<ProjectRisk[]> =>
  atRiskOf(await projectLedger(store, countyId, now, side))

/** The rows at risk, overdue first, then by the money owed, then by name. */
export const atRiskOf = (rows: readonly ProjectRisk[]): ProjectRisk[] =>
  rows
    .filter((r) => projectAtRisk(r.figures, r.openAlerts))
    .sort((a, b) => Number(!!b.deadline?.overdue) - Number(!!a.deadline?.overdue) || b.figures.amount - a.figures.amount || a.project.name.localeCompare(b.project.name))

/**
 * The 菏薪共治 fields of a project as entered (create and edit): the responsible station and the 包保 officer
 * must belong to the project's county.
 */
export const projectExtras = async (
  store: Store,
  countyId: string,
  input: { officerId?: string; contractorUscc?: string; wageAccount?: ProjectDoc['wageAccount']; workerCount?: number; startOn?: string; endOn?: string; clearBy?: string | null },
): Promise<Partial<ProjectDoc>> => {
  let officer: ProjectDoc['officer']
  if (input.officerId) {
    const o = await store.get<OfficerDoc>(COLLECTIONS.officers, input.officerId)
    const ms = o ? await findAll<MembershipDoc>(store, COLLECTIONS.memberships, { where: { openid: o.openid } }) : []
    const stations = await stationsById(store, ms.map((m) => m.stationId))
    if (!o || ![...stations.values()].some((s) => s._id === countyId || s.countyId === countyId))
      throw new AppError('REQUEST_INVALID', '包保责任人要是本县区驿站的工作人员', ['officerId'])
    officer = { officerId: o._id, name: o.name }
  }
  return {
    ...(input.contractorUscc ? { contractorUscc: input.contractorUscc } : {}),
    ...(officer ? { officer } : {}),
    ...(input.wageAccount ? { wageAccount: input.wageAccount } : {}),
    ...(input.workerCount !== undefined ? { workerCount: input.workerCount } : {}),
    ...(input.startOn ? { startOn: input.startOn } : {}),
    ...(input.endOn ? { endOn: input.endOn } : {}),
    ...(input.clearBy !== undefined ? { clearBy: input.clearBy } : {}),
  }
}


const md = (ymd: string) => `${Number(ymd.slice(5, 7))}月${Number(ymd.slice(8, 10))}日`

/** 限时化解 in words: "12月31日前化解（还剩 5 天）", "已超期 3 天（应于 12月1日前化解）". */
export const deadlineWords = (r: ProjectRisk, now: number): ProjectRow['deadline'] => {
  if (!r.deadline) return null
  const dueOn = dateOf(r.deadline.dueAt - 1)
  const setByAdmin = !!r.project.clearBy
  if (r.deadline.overdue) {
    const late = Math.max(1, Math.ceil((now - r.deadline.dueAt) / DAY_MS))
    return { dueOn, overdue: true, setByAdmin, label: `限时化解已超期 ${late} 天（应于 ${md(dueOn)}前化解）` }
  }
  const left = Math.max(0, Math.ceil((r.deadline.dueAt - now) / DAY_MS) - 1)
  return { dueOn, overdue: false, setByAdmin, label: `限时化解：${md(dueOn)}前${left > 0 ? `（还剩 ${left} 天）` : '（今天到期）'}` }
}

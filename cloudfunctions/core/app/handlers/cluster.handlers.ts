import { mayAccessCase, sideSees } from '../../../../types/authz'
import {
  ALERT_STATUS_LABEL,
  CLUSTER_CONTRACTS,
  closeAlert,
  getAlert,
  linkAlertCases,
  linkCase,
  listAlerts,
  listCaseLinks,
  suggestEmployers,
  unlinkCase,
  type AlertStatus,
} from '../../../../types/contracts/cluster'
import { AppError } from '../../../../types/errors'
import { viewsOf } from '../../domain/case-relation'
import { employerKey, employerPrefixKey, enterpriseNameOf } from '../../domain/employer'
import { COLLECTIONS } from '../../ports/collections'
import type { Where } from '../../ports/store'
import { audit } from '../audit'
import { visibleToSide, inboxRow } from '../cases'
import { alertDetail, alertRow, casesByIds, casesTheyMay, clusterDocOf, linkId, linksOf } from '../clusters'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import type { AlertDoc, CaseDoc, CaseLinkDoc, ClusterDoc, OfficerView, ProjectDoc, StationDoc } from '../records'
import { getStationOr404, stationsById } from '../stations'
import { timeLabel } from '../time'
import { loadCategoryNames } from '../policy'

// The operations of contracts/cluster.ts (ADR 0011): employer suggestions, 聚集预警, 关联.

const SUGGESTIONS = 8
/** 全部关联 ties at most this many cases of an alert together (each to each): the most recent ones. */
const LINK_ALL_MAX = 30

/** Names in the county starting like what was typed: enterprise stations first, then project contractors. */
const suggestEmployersHandler = defineHandler(suggestEmployers, async ({ stationId, prefix }, { ports }) => {
  const station = await getStationOr404(ports.store, stationId)
  const stationEmployer = station.kind === 'enterprise' ? enterpriseNameOf(station.name) : null
  const key = employerPrefixKey(prefix)
  // The city station belongs to no county: nothing to suggest there.
  if (!key || !station.countyId) return { items: [], stationEmployer }
  const range = { $gte: key, $lt: `${key}\uffff` }
  const [stations, projects] = await Promise.all([
    ports.store.find<StationDoc>(COLLECTIONS.stations, { where: { countyId: station.countyId, employerKey: range }, orderBy: { field: 'employerKey', dir: 'asc' }, limit: SUGGESTIONS }),
    ports.store.find<ProjectDoc>(COLLECTIONS.projects, { where: { countyId: station.countyId, contractorKey: range }, orderBy: { field: 'contractorKey', dir: 'asc' }, limit: SUGGESTIONS }),
  ])
  const seen = new Set<string>()
  const items: Array<{ name: string; note: string }> = []
  const add = (name: string, note: string) => {
    const k = employerKey(name)
    if (seen.has(k) || items.length >= SUGGESTIONS) return
    seen.add(k)
    items.push({ name, note })
  }
  for (const s of stations.items) add(enterpriseNameOf(s.name), '本县企业驿站')
  for (const p of projects.items) add(p.contractor, `${p.name} 总承包`)
  return { items, stationEmployer }
})

/** The caller's membership at the station the operation names (its station access is checked before the handler). */
const membershipAt = (ctx: HandlerContext) => ctx.officer!.memberships.find((m) => m.stationId === ctx.station!._id)!

/** The alert the input names, as the caller's side may see it (D8a): one with a case that is not open looks missing to the employer side. */
const alertFor = async (ctx: HandlerContext, id: string): Promise<AlertDoc> => {
  const a = await ctx.ports.store.get<AlertDoc>(COLLECTIONS.alerts, id)
  if (!a || !sideSees(membershipAt(ctx).side, a.privacy)) throw new AppError('ALERT_NOT_FOUND')
  return a
}

const listAlertsHandler = defineHandler(listAlerts, async ({ stationId, status, after, limit }, ctx) => {
  const { ports } = ctx
  const where = (s: AlertStatus): Where => ({ stationId, status: s, ...visibleToSide(membershipAt(ctx).side) })
  const page = await ports.store.find<AlertDoc>(COLLECTIONS.alerts, { where: where(status), orderBy: { field: 'raisedAt', dir: 'desc' }, limit, after })
  const counts = Object.fromEntries(
    await Promise.all((Object.keys(ALERT_STATUS_LABEL) as AlertStatus[]).map(async (s) => [s, await ports.store.count(COLLECTIONS.alerts, where(s))])),
  ) as Record<AlertStatus, number>
  return { items: page.items.map(alertRow), counts, ...(page.next ? { next: page.next } : {}) }
})

const getAlertHandler = defineHandler(getAlert, async ({ id }, ctx) => alertDetail(ctx.ports, await alertFor(ctx, id), ctx.officer!))

const closeAlertHandler = defineHandler(closeAlert, async ({ id, version, decision }, ctx) => {
  const { ports } = ctx
  const a = await alertFor(ctx, id)
  if (a.status === 'closed') throw new AppError('REQUEST_INVALID', '这条聚集预警已经处理过了，请刷新')
  if (a._v !== version) throw new AppError('STORE_CONFLICT')
  const officer = ctx.officer!
  const now = ports.clock.now()
  const closed = await ports.store.transaction(async (tx) => {
    const next = await tx.update<AlertDoc>(COLLECTIONS.alerts, id, version, {
      status: 'closed',
      decision: { text: decision, by: officer.doc._id, byName: officer.doc.name, at: now },
    })
    // The next case of this employer may raise a new alert.
    const cluster = await tx.get<ClusterDoc>(COLLECTIONS.clusters, clusterDocOf(a))
    if (cluster?.openAlertId === id) await tx.update<ClusterDoc>(COLLECTIONS.clusters, cluster._id, cluster._v, { openAlertId: null, updatedAt: now })
    await audit(tx, ports, officer.doc._id, 'alert.close', id, `${a.subject}：${decision}`)
    return next
  })
  return alertDetail(ports, closed, officer)
})

/** Writes both directions of each link that is not there yet; a link someone just wrote is left as it is. */
const writeLinks = async (ctx: HandlerContext, pairs: Array<[string, string]>) => {
  const { ports } = ctx
  const officer = ctx.officer!
  const now = ports.clock.now()
  const have = new Set((await linksOf(ports, [...new Set(pairs.flat())])).map((l) => l._id))
  for (const [a, b] of pairs) {
    if (have.has(linkId(a, b)) && have.has(linkId(b, a))) continue
    await ports.store.transaction(async (tx) => {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        if (!(await tx.get<CaseLinkDoc>(COLLECTIONS.caseLinks, linkId(x, y))))
          await tx.insert<CaseLinkDoc>(COLLECTIONS.caseLinks, { _id: linkId(x, y), caseId: x, otherId: y, at: now, by: officer.doc._id, byName: officer.doc.name })
      }
    })
  }
}

const linkAlertCasesHandler = defineHandler(linkAlertCases, async ({ id }, ctx) => {
  const a = await alertFor(ctx, id)
  const cases = casesTheyMay(ctx.officer!, 'note', await casesByIds(ctx.ports, a.caseIds)).slice(-LINK_ALL_MAX)
  if (cases.length < 2) throw new AppError('REQUEST_INVALID', '你能办理的诉求不到两件，无法关联')
  const pairs: Array<[string, string]> = []
  for (let i = 0; i < cases.length; i++) for (let j = i + 1; j < cases.length; j++) pairs.push([cases[i]!._id, cases[j]!._id])
  await writeLinks(ctx, pairs)
  return alertDetail(ctx.ports, await alertFor(ctx, id), ctx.officer!)
})

/** The linked cases this officer may open, newest link first; others are neither shown nor counted (D8a). */
const linkedCases = async (ctx: HandlerContext, caseId: string) => {
  const { ports } = ctx
  const c = ctx.caseDoc!
  const rows = (await linksOf(ports, [caseId])).reverse()
  const others = new Map(casesTheyMay(ctx.officer!, 'view', await casesByIds(ports, rows.map((r) => r.otherId))).map((c) => [c._id, c]))
  const stations = await stationsById(ports.store, [...others.values()].map((c) => c.ownerStationId))
  const categoryNames = await loadCategoryNames(ports.store)
  return {
    items: rows.flatMap((r) => {
      const other = others.get(r.otherId)
      return other ? [{ ...inboxRow(other, stations, ports.clock, categoryNames), linkedLabel: `${r.byName} 关联于 ${timeLabel(r.at)}` }] : []
    }),
    mayLink: mayAccessCase('note', c.privacy, viewsOf(ctx.officer!.memberships, c)),
  }
}

const listCaseLinksHandler = defineHandler(listCaseLinks, async ({ id }, ctx) => linkedCases(ctx, id))

/** The other case of a link: one this officer may note, or it is not found (whatever the reason). */
const otherCase = (officer: OfficerView, c: CaseDoc | null | undefined): CaseDoc => {
  if (!c || !mayAccessCase('note', c.privacy, viewsOf(officer.memberships, c)))
    throw new AppError('CASE_NOT_FOUND', '没有找到这个编号的诉求，或你无权办理它', ['caseNo'])
  return c
}

const linkCaseHandler = defineHandler(linkCase, async ({ id, caseNo }, ctx) => {
  const found = await ctx.ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: { caseNo }, limit: 1 })
  const other = otherCase(ctx.officer!, found.items[0])
  if (other._id === id) throw new AppError('REQUEST_INVALID', '这就是本条诉求，请填写另一条诉求的编号', ['caseNo'])
  await writeLinks(ctx, [[id, other._id]])
  return linkedCases(ctx, id)
})

const unlinkCaseHandler = defineHandler(unlinkCase, async ({ id, otherId }, ctx) => {
  const { ports } = ctx
  otherCase(ctx.officer!, await ports.store.get<CaseDoc>(COLLECTIONS.cases, otherId))
  await ports.store.transaction(async (tx) => {
    for (const lid of [linkId(id, otherId), linkId(otherId, id)]) {
      const row = await tx.get<CaseLinkDoc>(COLLECTIONS.caseLinks, lid)
      if (row) await tx.remove(COLLECTIONS.caseLinks, lid, row._v)
    }
  })
  return linkedCases(ctx, id)
})

export const CLUSTER_HANDLERS: HandlersOf<typeof CLUSTER_CONTRACTS> = {
  suggestEmployers: suggestEmployersHandler,
  listAlerts: listAlertsHandler,
  getAlert: getAlertHandler,
  closeAlert: closeAlertHandler,
  linkAlertCases: linkAlertCasesHandler,
  listCaseLinks: listCaseLinksHandler,
  linkCase: linkCaseHandler,
  unlinkCase: unlinkCaseHandler,
}

import {
  ARREARS_CONTRACTS,
  createBlacklistEntry,
  exportCases,
  getProjectForm,
  getProjectLedger,
  listBlacklist,
  removeBlacklistEntry,
  searchBlacklist,
  updateProject,
  WAGE_ACCOUNT_LABEL,
  type ProjectRow,
} from '../../../../types/contracts/arrears'
import { AppError } from '../../../../types/errors'
import { isValidUscc } from '../../../../types/uscc'
import { listingUntil, projectAtRisk } from '../../domain/arrears'
import { employerKey } from '../../domain/employer'
import { dateOf } from '../../domain/periods'
import { COLLECTIONS } from '../../ports/collections'
import { audit } from '../audit'
import { blacklistAdminView, blacklistPublicView, searchListed } from '../blacklist'
import { exportCasesRun } from '../case-export'
import { findAll } from '../find-all'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { atRiskOf, deadlineWords, projectExtras, projectLedger, type ProjectRisk } from '../projects'
import type { BlacklistDoc, MembershipDoc, OfficerDoc, ProjectDoc, StationDoc } from '../records'
import { allowsStation } from '../scope'
import { getStationOr404, stationsById } from '../stations'


const periodLabel = (p: ProjectDoc) =>
  p.startOn && p.endOn ? `${p.startOn} 至 ${p.endOn}` : p.startOn ? `${p.startOn} 开工` : p.endOn ? `计划 ${p.endOn} 竣工` : '工期未登记'

const rowOf = (r: ProjectRisk, stations: Map<string, StationDoc>, now: number): ProjectRow => {
  const p = r.project
  const deadline = deadlineWords(r, now)
  return {
    id: p._id,
    name: p.name,
    countyId: p.countyId,
    countyName: stations.get(p.countyId)?.name ?? '',
    contractor: p.contractor,
    contractorUscc: p.contractorUscc ?? null,
    responsibleStationName: stations.get(p.responsibleStationId)?.name ?? '',
    officerName: p.officer?.name ?? null,
    wageAccount: p.wageAccount ?? 'not_opened',
    wageAccountLabel: p.wageAccount ? WAGE_ACCOUNT_LABEL[p.wageAccount] : '未登记',
    workerCount: p.workerCount ?? null,
    periodLabel: periodLabel(p),
    open: r.figures.open,
    amount: r.figures.amount,
    workers: r.figures.workers,
    deadline,
    openAlerts: r.openAlerts,
    atRisk: projectAtRisk(r.figures, r.openAlerts),
  }
}

/** The side the caller reads a station's figures through: their membership there (the contract's `member` access). */
const sideAt = (ctx: HandlerContext, stationId: string) => ctx.officer!.memberships.find((m) => m.stationId === stationId)!.side

const getProjectLedgerHandler = defineHandler(getProjectLedger, async ({ stationId, riskOnly }, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  const side = sideAt(ctx, stationId)
  const isCity = station.kind === 'city'
  const now = ports.clock.now()
  const all = await projectLedger(ports.store, isCity ? null : station._id, now, side)
  const atRisk = atRiskOf(all)
  const shown = riskOnly ? atRisk : all
  const stations = await stationsById(ports.store, [...new Set(all.flatMap((r) => [r.project.countyId, r.project.responsibleStationId]))])
  const rows = shown.map((r) => rowOf(r, stations, now))
  return {
    title: `${riskOnly ? '欠薪风险项目' : '工程项目台账'} · ${station.name}`,
    isCity,
    mayEdit: allowsStation('admin', station, ctx.officer!, ctx.scope!),
    totals: {
      projects: all.length,
      atRisk: atRisk.length,
      overdue: all.filter((r) => r.deadline?.overdue).length,
      open: all.reduce((n, r) => n + r.figures.open, 0),
      amount: all.reduce((n, r) => n + r.figures.amount, 0),
      workers: all.reduce((n, r) => n + r.figures.workers, 0),
    },
    rows,
    ...(side === 'employer' ? { scopeNote: '企业方只统计职工选择公开给驿站的诉求' } : {}),
  }
})

/** The officers of the county's stations (the 包保 choices), by name; one query per 100 stations. */
const countyOfficers = async (ctx: HandlerContext, stations: StationDoc[]) => {
  const { store } = ctx.ports
  const names = new Map(stations.map((s) => [s._id, s.name]))
  const ms: MembershipDoc[] = []
  for (let i = 0; i < stations.length; i += 100)
    ms.push(...(await findAll<MembershipDoc>(store, COLLECTIONS.memberships, { where: { stationId: { $in: stations.slice(i, i + 100).map((s) => s._id) } } })))
  const officerIds = [...new Set(ms.map((m) => m.officerId))]
  const officers = new Map<string, OfficerDoc>()
  for (let i = 0; i < officerIds.length; i += 100)
    for (const o of await findAll<OfficerDoc>(store, COLLECTIONS.officers, { where: { _id: { $in: officerIds.slice(i, i + 100) } } })) officers.set(o._id, o)
  const seen = new Set<string>()
  const out: Array<{ id: string; name: string; stationName: string }> = []
  for (const m of ms) {
    const o = officers.get(m.officerId)
    if (!o || seen.has(o._id)) continue
    seen.add(o._id)
    out.push({ id: o._id, name: o.name, stationName: names.get(m.stationId) ?? '' })
  }
  return out.sort((a, b) => a.stationName.localeCompare(b.stationName) || a.name.localeCompare(b.name))
}

const countyStations = (ctx: HandlerContext, countyId: string) =>
  findAll<StationDoc>(ctx.ports.store, COLLECTIONS.stations, { where: { countyId }, orderBy: { field: 'sortKey', dir: 'asc' } })

const projectInCounty = async (ctx: HandlerContext, countyId: string, projectId: string) => {
  const p = await ctx.ports.store.get<ProjectDoc>(COLLECTIONS.projects, projectId)
  // A project of another county is not found here: the admin's scope was checked on the county named.
  if (!p || p.countyId !== countyId) throw new AppError('PROJECT_NOT_FOUND')
  return p
}

const getProjectFormHandler = defineHandler(getProjectForm, async ({ countyId, projectId }, ctx) => {
  const county = ctx.station!
  if (county.kind !== 'county') throw new AppError('REQUEST_INVALID', '请选择项目所在的县区', ['countyId'])
  const p = projectId ? await projectInCounty(ctx, countyId, projectId) : null
  const stations = (await countyStations(ctx, countyId)).filter((s) => s.status === 'active' || s._id === p?.responsibleStationId)
  return {
    countyId,
    countyName: county.name,
    project: p && {
      id: p._id,
      version: p._v,
      name: p.name,
      contractor: p.contractor,
      contractorUscc: p.contractorUscc ?? null,
      responsibleStationId: p.responsibleStationId,
      officerId: p.officer?.officerId ?? null,
      wageAccount: p.wageAccount ?? 'not_opened',
      workerCount: p.workerCount ?? null,
      startOn: p.startOn ?? null,
      endOn: p.endOn ?? null,
      clearBy: p.clearBy ?? null,
    },
    stations: stations.map((s) => ({ id: s._id, name: s.name })),
    officers: await countyOfficers(ctx, stations),
  }
})

const changeWords = (before: ProjectDoc, after: Partial<ProjectDoc>) => {
  const keys: Array<[keyof ProjectDoc, string]> = [
    ['name', '名称'],
    ['contractor', '总承包单位'],
    ['contractorUscc', '统一社会信用代码'],
    ['responsibleStationId', '包保驿站'],
    ['wageAccount', '工资专户'],
    ['workerCount', '务工人数'],
    ['startOn', '开工日期'],
    ['endOn', '竣工日期'],
    ['clearBy', '限时化解期限'],
  ]
  const out = keys.filter(([k]) => JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null)).map(([k, w]) => `${w}：${String(before[k] ?? '无')} → ${String(after[k] ?? '无')}`)
  if ((before.officer?.officerId ?? null) !== (after.officer?.officerId ?? null)) out.push(`包保责任人：${before.officer?.name ?? '无'} → ${after.officer?.name ?? '无'}`)
  return out.join('；') || '未改动'
}

const updateProjectHandler = defineHandler(updateProject, async (input, ctx) => {
  const { ports } = ctx
  const p = await projectInCounty(ctx, input.countyId, input.projectId)
  if (p._v !== input.version) throw new AppError('STORE_CONFLICT')
  const responsible = await getStationOr404(ports.store, input.responsibleStationId)
  if (responsible.countyId !== input.countyId && responsible._id !== input.countyId) throw new AppError('STATION_OUT_OF_SCOPE', '包保驿站要在项目所在的县区', ['responsibleStationId'])
  if (responsible.status !== 'active' && responsible._id !== p.responsibleStationId) throw new AppError('STATION_SUSPENDED')
  const extras = await projectExtras(ports.store, input.countyId, input)
  const next: Partial<ProjectDoc> = {
    name: input.name,
    contractor: input.contractor,
    contractorKey: employerKey(input.contractor),
    responsibleStationId: responsible._id,
    // Every field the form sends replaces what was there; what it leaves empty is cleared.
    contractorUscc: extras.contractorUscc,
    officer: extras.officer,
    wageAccount: extras.wageAccount ?? p.wageAccount,
    workerCount: extras.workerCount,
    startOn: extras.startOn,
    endOn: extras.endOn,
    clearBy: extras.clearBy ?? null,
    updatedAt: ports.clock.now(),
  }
  return ports.store.transaction(async (tx) => {
    const saved = await tx.update<ProjectDoc>(COLLECTIONS.projects, p._id, p._v, next)
    await audit(tx, ports, ctx.officer!.doc._id, 'project.update', p._id, `${p.name}：${changeWords(p, next)}`)
    return { id: saved._id, version: saved._v }
  })
})

// 欠薪黑名单 ------------------------------------------------------------------------------------------------

const searchBlacklistHandler = defineHandler(searchBlacklist, async ({ q, after }, { ports }) => {
  const { items, next, total } = await searchListed(ports.store, q ?? '', after, ports.clock.now())
  return { items: items.map(blacklistPublicView), total, ...(next ? { next } : {}) }
})

const listBlacklistHandler = defineHandler(listBlacklist, async ({ status, after }, { ports }) => {
  const page = await ports.store.find<BlacklistDoc>(COLLECTIONS.blacklist, { where: { status }, orderBy: { field: 'decidedOn', dir: 'desc' }, limit: 50, after })
  return { items: page.items.map(blacklistAdminView), ...(page.next ? { next: page.next } : {}) }
})

const createBlacklistHandler = defineHandler(createBlacklistEntry, async (input, ctx) => {
  const { ports } = ctx
  if (!isValidUscc(input.uscc)) throw new AppError('REQUEST_INVALID', undefined, ['uscc'])
  const same = await ports.store.find<BlacklistDoc>(COLLECTIONS.blacklist, { where: { uscc: input.uscc, status: 'listed' }, limit: 50 })
  if (same.items.some((d) => d.docNo === input.docNo)) throw new AppError('BLACKLIST_DUPLICATE', undefined, ['docNo'])
  const now = ports.clock.now()
  const until = listingUntil(input.decidedOn, input.years)
  if (until < dateOf(now)) throw new AppError('REQUEST_INVALID', `按这个决定日期，列入期限已于 ${until} 届满，无需录入`, ['decidedOn'])
  const officer = ctx.officer!
  const doc: Omit<BlacklistDoc, '_v'> = {
    _id: ports.ids.next(),
    subjectName: input.subjectName,
    nameKey: employerKey(input.subjectName),
    uscc: input.uscc,
    docNo: input.docNo,
    decidedOn: input.decidedOn,
    reason: input.reason,
    listedFrom: input.decidedOn,
    listedUntil: until,
    status: 'listed',
    createdAt: now,
    createdBy: officer.doc._id,
    createdByName: officer.doc.name,
  }
  return ports.store.transaction(async (tx) => {
    const saved = await tx.insert<BlacklistDoc>(COLLECTIONS.blacklist, doc)
    await audit(tx, ports, officer.doc._id, 'blacklist.create', saved._id, `${doc.subjectName}（${doc.uscc}）列入欠薪黑名单，${doc.docNo}，${doc.listedFrom} 至 ${doc.listedUntil}`)
    const view = blacklistAdminView(saved)
    await ctx.remember(tx, view)
    return view
  })
})

const removeBlacklistHandler = defineHandler(removeBlacklistEntry, async ({ id, version, reason }, ctx) => {
  const { ports } = ctx
  const d = await ports.store.get<BlacklistDoc>(COLLECTIONS.blacklist, id)
  if (!d) throw new AppError('BLACKLIST_NOT_FOUND')
  if (d.status !== 'listed') throw new AppError('BLACKLIST_ENDED')
  if (d._v !== version) throw new AppError('STORE_CONFLICT')
  const officer = ctx.officer!
  return ports.store.transaction(async (tx) => {
    const saved = await tx.update<BlacklistDoc>(COLLECTIONS.blacklist, id, version, {
      status: 'removed',
      endedAt: ports.clock.now(),
      removedBy: officer.doc._id,
      removedByName: officer.doc.name,
      removedReason: reason,
    })
    await audit(tx, ports, officer.doc._id, 'blacklist.remove', id, `${d.subjectName}（${d.uscc}，${d.docNo}）移出欠薪黑名单：${reason}`)
    return blacklistAdminView(saved)
  })
})

// 互联网+劳动关系 -------------------------------------------------------------------------------------------

const exportCasesHandler = defineHandler(exportCases, async ({ since, jobId }, ctx) => exportCasesRun(ctx, ctx.station!, since, jobId))

export const ARREARS_HANDLERS: HandlersOf<typeof ARREARS_CONTRACTS> = {
  getProjectLedger: getProjectLedgerHandler,
  getProjectForm: getProjectFormHandler,
  updateProject: updateProjectHandler,
  searchBlacklist: searchBlacklistHandler,
  listBlacklist: listBlacklistHandler,
  createBlacklistEntry: createBlacklistHandler,
  removeBlacklistEntry: removeBlacklistHandler,
  exportCases: exportCasesHandler,
}

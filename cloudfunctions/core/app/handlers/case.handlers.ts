import { IDENTITY_SIDES, mayAccessCase, stationMayHold } from '../../../../types/authz'
import { CASE_CONTRACTS, getCaseDetail, getMyCase, listMyCases, submitCase } from '../../../../types/contracts/case'
import { SIDE_LABEL, StationKind } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { routeCase } from '../../domain/routing'
import { openCase } from '../../domain/case-engine'
import { viewsOf } from '../../domain/case-relation'
import { clockMinutes } from '../../domain/sla-policy'
import { durationWords } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import { flagIntakeCalendarGap, recipientsFor, refOf, writeEffects } from '../case-actions'
import { inboxRow, timelineOf, workerRow } from '../cases'
import { writeCase } from '../case-write'
import { defineHandler, type HandlersOf } from '../handler'
import { deliverSoon } from '../outbox'
import { loadPolicy } from '../policy'
import type { AccessLogDoc, CaseDoc, CounterDoc, OutboxDoc, ProjectDoc, StationDoc } from '../records'
import { chainOf, getStationOr404, stationsById } from '../stations'
import { deadlineView } from '../time'
import { officerActionsFor, workerActionsFor } from './case-actions.handlers'

// The operations of contracts/case.ts: intake, the worker's own cases and the officer's case detail.

/** Intake: route, number, clock and store a case with its first events and notices, all in one transaction. */
const submitCaseHandler = defineHandler(submitCase, async (input, ctx) => {
  const { ports, caller } = ctx
  const openid = caller.openid
  if (!openid) throw new AppError('AUTH_REQUIRED')
  const scanned = await getStationOr404(ports.store, input.stationId)
  const chain = await chainOf(ports.store, scanned)
  let projectChain: StationDoc[] | undefined
  if (input.projectId) {
    const project = await ports.store.get<ProjectDoc>(COLLECTIONS.projects, input.projectId)
    if (!project) throw new AppError('REQUEST_INVALID', '没有找到这个工程项目，请重新选择', ['projectId'])
    if (input.category === 'wage_arrears') projectChain = await chainOf(ports.store, await getStationOr404(ports.store, project.responsibleStationId))
  }
  const lite = (list: StationDoc[]) => list.map((s) => ({ id: s._id, kind: s.kind, status: s.status }))
  const route = routeCase({
    chain: lite(chain),
    ...(projectChain ? { projectChain: lite(projectChain) } : {}),
    privacy: input.privacy,
    workersAffected: input.workersAffected,
  })
  const owner = [...chain, ...(projectChain ?? [])].find((s) => s._id === route.ownerId)!
  const now = ports.clock.now()
  const policy = await loadPolicy(ports.store)
  const calendar = ports.clock.calendar()
  // The engine opens the case with its first events and notices; they are written and delivered like every other change.
  const intake = flagIntakeCalendarGap(
    openCase({ category: input.category, workersAffected: input.workersAffected, privacy: input.privacy, owner: refOf(owner), route }, { now, cal: calendar, policy }),
    calendar,
  )
  const model = intake.next
  const anonymous = input.privacy === 'anonymous'
  const recipients = await recipientsFor(ports, { privacy: input.privacy, ownerPath: owner.path, ...(anonymous ? {} : { workerOpenid: openid }) }, intake.notices)
  const id = ports.ids.next()

  let rows: OutboxDoc[] = []
  const result = await ports.store.transaction(async (tx) => {
    const counterId = caseCounterId(owner.abbr, now)
    const counter = await tx.get<CounterDoc>(COLLECTIONS.counters, counterId)
    const seq = (counter?.value ?? 0) + 1
    if (counter) await tx.update<CounterDoc>(COLLECTIONS.counters, counterId, counter._v, { value: seq })
    else await tx.insert<CounterDoc>(COLLECTIONS.counters, { _id: counterId, value: seq })
    const caseNo = formatCaseNo(owner.abbr, now, seq)

    const doc: Omit<CaseDoc, '_v'> = {
      _id: id,
      caseNo,
      channel: input.channel,
      stationId: scanned._id,
      ...model,
      ...(input.projectId ? { projectId: input.projectId } : {}),
      description: input.description,
      ...(input.amountOwed !== undefined ? { amountOwed: input.amountOwed } : {}),
      aboutOwnEmployer: input.aboutOwnEmployer,
      ...(anonymous || !input.contact ? {} : { identity: { name: input.contact.name, phone: input.contact.phone } }),
      ...(anonymous ? {} : { workerOpenid: openid }),
      workerKey: ports.secrets.workerKey(openid),
      updatedAt: now,
      nextDueAt: intake.nextDueAt,
      ...(intake.calendarGap ? { calendarGap: true } : {}),
    }
    await writeCase(tx, null, doc)

    rows = await writeEffects(tx, ports, doc, { events: intake.events(caseNo) }, recipients, { actor: 'worker' }, now)

    const result = {
      id,
      caseNo,
      ownerStationName: owner.name,
      privacy: input.privacy,
      acceptPromise: `${durationWords(clockMinutes(policy, model).accept)}内受理`,
      acceptDue: deadlineView(ports.clock, model.clocks.accept.dueAt!),
    }
    await ctx.remember(tx, result)
    return result
  })
  await deliverSoon(ports, rows)
  return result
})

/** 我的诉求: every case filed from this WeChat account, anonymous ones included, found by the keyed hash (D5). */
const listMyCasesHandler = defineHandler(listMyCases, async ({ after, limit }, { ports, caller }) => {
  const workerKey = ports.secrets.workerKey(caller.openid!)
  const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, {
    where: { workerKey },
    orderBy: { field: 'createdAt', dir: 'desc' },
    limit,
    after,
  })
  const stations = await stationsById(ports.store, page.items.map((c) => c.ownerStationId))
  return { items: page.items.map((c) => workerRow(c, stations, ports.clock)), ...(page.next ? { next: page.next } : {}) }
})

const getMyCaseHandler = defineHandler(getMyCase, async ({ id }, { ports, caller }) => {
  const c = await ports.store.get<CaseDoc>(COLLECTIONS.cases, id)
  // Someone else's case looks exactly like a missing one.
  if (!c || c.workerKey !== ports.secrets.workerKey(caller.openid!)) throw new AppError('CASE_NOT_FOUND')
  const stations = await stationsById(ports.store, [c.ownerStationId])
  return {
    ...workerRow(c, stations, ports.clock),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    workersAffected: c.workersAffected,
    ownerStationName: stations.get(c.ownerStationId)?.name ?? '',
    timeline: await timelineOf(ports.store, c._id, false),
    version: c._v,
    actions: workerActionsFor(c),
    rating: c.rating,
  }
})

/**
 * One case for an officer. Identity only where the table allows (D3, D4), and every time it is shown an
 * access-log row is written first: no log, no identity.
 */
const getCaseDetailHandler = defineHandler(getCaseDetail, async (_input, { ports, officer, caseDoc }) => {
  const c = caseDoc!
  const views = viewsOf(officer!.memberships, c)
  const mayIdentity = mayAccessCase('view_identity', c.privacy, views)
  const now = ports.clock.now()
  let identity: { name: string; phone: string } | null = null
  if (mayIdentity && c.identity) {
    const via = views.find((m) => mayAccessCase('view_identity', c.privacy, [m]))!
    await ports.store.insert<AccessLogDoc>(COLLECTIONS.accessLog, {
      _id: ports.ids.next(),
      caseId: c._id,
      at: now,
      officerId: officer!.doc._id,
      stationId: via.membership.stationId,
      what: 'identity',
      why: 'case.detail',
      countyId: c.ownerPath[1] ?? null,
      privacy: c.privacy,
      caseNo: c.caseNo,
      officerName: officer!.doc.name,
    })
    identity = { ...c.identity }
  }
  const allowedSides = IDENTITY_SIDES[c.privacy].map((s) => SIDE_LABEL[s].replace('方', '')).join('/')
  const identityNote =
    c.privacy === 'anonymous'
      ? '匿名反映：没有保存职工的姓名和电话'
      : identity
        ? c.privacy === 'confidential'
          ? `对单位保密：身份仅${allowedSides}方可见，请勿向企业透露`
          : '职工同意公开身份给驿站'
        : c.privacy === 'confidential'
          ? `对单位保密：身份仅${allowedSides}方可见`
          : '你所在的驿站不能查看这位职工的身份'
  const stations = await stationsById(ports.store, [
    c.ownerStationId,
    c.stationId,
    ...(c.supervisorStationId ? [c.supervisorStationId] : []),
    ...(c.pendingTransfer ? [c.pendingTransfer.toStationId, c.pendingTransfer.fromStationId] : []),
  ])
  const nameOf = (id: string) => stations.get(id)?.name ?? ''
  return {
    ...inboxRow(c, stations, ports.clock),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    aboutOwnEmployer: c.aboutOwnEmployer,
    channel: c.channel,
    scannedStationName: stations.get(c.stationId)?.name ?? '',
    ownerStationName: stations.get(c.ownerStationId)?.name ?? '',
    identity,
    identityNote,
    version: c._v,
    actions: officerActionsFor(c, officer!),
    pendingTransfer: c.pendingTransfer
      ? { toStationName: nameOf(c.pendingTransfer.toStationId), fromStationName: nameOf(c.pendingTransfer.fromStationId), reason: c.pendingTransfer.reason }
      : null,
    transferKinds: StationKind.options.filter((k) => stationMayHold(k, c.privacy)),
    supervisorStationName: c.supervisorStationId ? nameOf(c.supervisorStationId) : null,
    rating: c.rating,
    timeline: await timelineOf(ports.store, c._id, true),
  }
})

export const CASE_HANDLERS: HandlersOf<typeof CASE_CONTRACTS> = {
  submitCase: submitCaseHandler,
  listMyCases: listMyCasesHandler,
  getMyCase: getMyCaseHandler,
  getCaseDetail: getCaseDetailHandler,
}

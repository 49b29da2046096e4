import type { z } from 'zod'
import { IDENTITY_SIDES, mayAccessCase, stationMayHold } from '../../../../types/authz'
import { CASE_CONTRACTS, getCaseDetail, getMyCase, listMyCases, submitCase, type SubmitCaseInput } from '../../../../types/contracts/case'
import { isAssistedChannel, SIDE_LABEL, StationKind, type AssistedChannel, type CaseChannel } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { viewsOf } from '../../domain/case-relation'
import { routeCase } from '../../domain/routing'
import { openCase } from '../../domain/case-engine'
import { clockMinutes } from '../../domain/sla-policy'
import { durationWords } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import type { TxStore } from '../../ports/store'
import { flagIntakeCalendarGap, recipientsFor, refOf, writeEffects, type Acting } from '../case-actions'
import { clusterPlanOf, clusterStepper, employerOfIntake, employerView } from '../clusters'
import { inboxRow, timelineOf, workerRow } from '../cases'
import { writeCase } from '../case-write'
import { claimOf, claimViewOf } from '../claims'
import { conclusionView } from '../conclusions'
import { identityFor } from '../identity-log'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { attachMedia, mediaToAttach } from '../media'
import { deliverSoon } from '../outbox'
import { categoriesOf, loadCategoryNames, policyOf, readPolicyDoc, recentCategoryNames } from '../policy'
import type { CaseDoc, CounterDoc, FiledBy, OutboxDoc, ProjectDoc, StationDoc } from '../records'
import { chainOf, getStationOr404, stationsById } from '../stations'
import { deadlineView } from '../time'
import { officerActionsFor, workerActionsFor } from './case-actions.handlers'

// The operations of contracts/case.ts: intake, the worker's own cases and the officer's case detail.

/** What intake stores a case from: the worker's form, by whatever channel it came. */
export type CaseFacts = Omit<z.output<typeof SubmitCaseInput>, 'channel'> & { channel: CaseChannel }

/** Who files: the worker from their own WeChat, or an officer for them (代为登记, then `filedBy` and no openid). */
export interface Filing {
  /** The worker's openid; null when an officer files (the worker attaches the case later with a claim code). */
  workerOpenid: string | null
  filedBy?: FiledBy & { stationName: string; channel: AssistedChannel }
  acting: Acting
  /** Told of nothing about this case now (the officer who filed it needs no "新的诉求" message about it). */
  quiet?: string
}

type SubmitResult = z.input<typeof submitCase.output>

const filedByOf = ({ officerId, membershipId, stationId, officerName }: FiledBy): FiledBy => ({ officerId, membershipId, stationId, officerName })

/**
 * Intake: route, number, clock and store a case with its first events and notices, all in one transaction.
 * `finish` runs in the same transaction with the stored case and its owner: it gives the answer and what is
 * remembered for a retry of the same request (D26), which need not be the same (a claim code is answered once
 * and never stored).
 */
export const fileCase = async <R>(
  input: CaseFacts,
  ctx: HandlerContext,
  filing: Filing,
  finish: (tx: TxStore, doc: Omit<CaseDoc, '_v'>, result: SubmitResult, owner: StationDoc) => Promise<{ answer: R; remembered: unknown }>,
): Promise<R> => {
  const { ports } = ctx
  const openid = filing.workerOpenid
  // A category switched off by the city admin takes no new cases, by any channel (old cases keep it).
  const policyDoc = await readPolicyDoc(ports.store)
  if (!categoriesOf(policyDoc)[input.category].enabled) throw new AppError('REQUEST_INVALID', '这个类别暂时不受理，请选择其他类别', ['category'])
  const scanned = await getStationOr404(ports.store, input.stationId)
  const chain = await chainOf(ports.store, scanned)
  let projectChain: StationDoc[] | undefined
  let project: ProjectDoc | null = null
  if (input.projectId) {
    project = await ports.store.get<ProjectDoc>(COLLECTIONS.projects, input.projectId)
    if (!project) throw new AppError('REQUEST_INVALID', '没有找到这个工程项目，请重新选择', ['projectId'])
    if (input.category === 'wage_arrears') projectChain = await chainOf(ports.store, await getStationOr404(ports.store, project.responsibleStationId))
  }
  // Who it is against, and the cluster it joins for 聚集预警 (ADR 0011).
  const employer = employerOfIntake(input.employer, input.aboutOwnEmployer, scanned)
  const lite = (list: StationDoc[]) => list.map((s) => ({ id: s._id, kind: s.kind, status: s.status }))
  const route = routeCase({
    chain: lite(chain),
    ...(projectChain ? { projectChain: lite(projectChain) } : {}),
    privacy: input.privacy,
    workersAffected: input.workersAffected,
  })
  const owner = [...chain, ...(projectChain ?? [])].find((s) => s._id === route.ownerId)!
  const now = ports.clock.now()
  const policy = policyOf(policyDoc)
  const calendar = ports.clock.calendar()
  // The engine opens the case with its first events and notices; they are written and delivered like every other change.
  const intake = flagIntakeCalendarGap(
    openCase(
      {
        category: input.category,
        workersAffected: input.workersAffected,
        privacy: input.privacy,
        owner: refOf(owner),
        route,
        ...(filing.filedBy ? { filedBy: { stationName: filing.filedBy.stationName, channel: filing.filedBy.channel } } : {}),
      },
      { now, cal: calendar, policy },
    ),
    calendar,
  )
  const model = intake.next
  const anonymous = input.privacy === 'anonymous'
  const recipients = (await recipientsFor(ports, { privacy: input.privacy, ownerPath: owner.path, ...(anonymous || !openid ? {} : { workerOpenid: openid }) }, intake.notices)).map(
    (r) => ({ ...r, to: r.to.filter((o) => o !== filing.quiet) }),
  )
  // The photos and voice notes of whoever filed it: the worker, or the officer filing for them (代为登记).
  const media = await mediaToAttach(ports, ctx.caller.openid!, input.media ?? [])
  const id = ports.ids.next()
  const workerKey = openid ? ports.secrets.workerKey(openid) : undefined
  const cluster = clusterStepper(ports, clusterPlanOf(employer, project, scanned), now)

  let rows: OutboxDoc[] = []
  const result = await cluster.run(() => ports.store.transaction(async (tx) => {
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
      ...(filing.filedBy ? { filedBy: filedByOf(filing.filedBy) } : {}),
      ...model,
      ...(input.projectId ? { projectId: input.projectId } : {}),
      description: input.description,
      ...(input.amountOwed !== undefined ? { amountOwed: input.amountOwed } : {}),
      aboutOwnEmployer: input.aboutOwnEmployer,
      ...(anonymous || !input.contact ? {} : { identity: { name: input.contact.name, phone: input.contact.phone } }),
      ...(anonymous || !openid ? {} : { workerOpenid: openid }),
      ...(workerKey ? { workerKey } : {}),
      updatedAt: now,
      nextDueAt: intake.nextDueAt,
      ...(intake.calendarGap ? { calendarGap: true } : {}),
      ...(employer ? { employer } : {}),
      countyId: project?.countyId ?? scanned.countyId,
      ...(media.length ? { media: media.map((m) => m._id) } : {}),
    }
    await writeCase(tx, null, doc, { cmd: { type: 'open' }, at: now })
    await attachMedia(tx, media, id)

    rows = await writeEffects(tx, ports, doc, { events: intake.events(caseNo) }, recipients, filing.acting, now)
    rows = [...rows, ...(await cluster.step(tx, doc))]

    const result = {
      id,
      caseNo,
      ownerStationName: owner.name,
      privacy: input.privacy,
      acceptPromise: `${durationWords(clockMinutes(policy, model).accept)}内受理`,
      acceptDue: deadlineView(ports.clock, model.clocks.accept.dueAt!),
    }
    const { answer, remembered } = await finish(tx, doc, result, owner)
    await ctx.remember(tx, remembered)
    return answer
  }))
  await deliverSoon(ports, rows)
  return result
}

const submitCaseHandler = defineHandler(submitCase, async (input, ctx) => {
  const openid = ctx.caller.openid
  if (!openid) throw new AppError('AUTH_REQUIRED')
  return fileCase(input, ctx, { workerOpenid: openid, acting: { actor: 'worker' } }, async (_tx, _doc, result) => ({ answer: result, remembered: result }))
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
  const names = await loadCategoryNames(ports.store)
  return { items: page.items.map((c) => workerRow(c, stations, ports.clock, names)), ...(page.next ? { next: page.next } : {}) }
})

const getMyCaseHandler = defineHandler(getMyCase, async ({ id }, { ports, caller }) => {
  const c = await ports.store.get<CaseDoc>(COLLECTIONS.cases, id)
  // Someone else's case looks exactly like a missing one.
  if (!c || c.workerKey !== ports.secrets.workerKey(caller.openid!)) throw new AppError('CASE_NOT_FOUND')
  const stations = await stationsById(ports.store, [c.ownerStationId])
  return {
    ...workerRow(c, stations, ports.clock, await loadCategoryNames(ports.store)),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    workersAffected: c.workersAffected,
    ownerStationName: stations.get(c.ownerStationId)?.name ?? '',
    timeline: await timelineOf(ports.store, c._id, { as: 'worker' }),
    version: c._v,
    actions: workerActionsFor(c),
    rating: c.rating,
    mediaCount: c.media?.length ?? 0,
    ...conclusionView(c),
  }
})

/**
 * One case for an officer. Identity only where the table allows (D3, D4), and every time it is shown an
 * access-log row is written first: no log, no identity.
 */
const getCaseDetailHandler = defineHandler(getCaseDetail, async (_input, { ports, officer, caseDoc }) => {
  const c = caseDoc!
  const views = viewsOf(officer!.memberships, c)
  const identity = await identityFor(ports, officer!, c, 'case.detail')
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
    ...(c.filedBy ? [c.filedBy.stationId] : []),
  ])
  const nameOf = (id: string) => stations.get(id)?.name ?? ''
  const claim = isAssistedChannel(c.channel) ? await claimOf(ports.store, c.caseNo) : null
  return {
    ...inboxRow(c, stations, ports.clock, await recentCategoryNames(ports.store)),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    aboutOwnEmployer: c.aboutOwnEmployer,
    employer: employerView(c),
    channel: c.channel,
    filedBy: c.filedBy ? { officerName: c.filedBy.officerName, stationName: nameOf(c.filedBy.stationId) } : null,
    claim: claimViewOf(c, claim, mayAccessCase('issue_claim', c.privacy, views), nameOf(c.ownerStationId)),
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
    ...conclusionView(c),
    timeline: await timelineOf(ports.store, c._id, { as: 'officer', officerId: officer!.doc._id }),
    mediaCount: c.media?.length ?? 0,
  }
})

export const CASE_HANDLERS: HandlersOf<typeof CASE_CONTRACTS> = {
  submitCase: submitCaseHandler,
  listMyCases: listMyCasesHandler,
  getMyCase: getMyCaseHandler,
  getCaseDetail: getCaseDetailHandler,
}

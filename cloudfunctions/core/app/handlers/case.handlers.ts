import type { z } from 'zod'
import { IDENTITY_SIDES, mayAccessCase, stationMayHold } from '../../../../types/authz'
import { CASE_CONTRACTS, getCaseDetail, getMyCase, listMyCases, submitCase, type SubmitCaseInput } from '../../../../types/contracts/case'
import { isAssistedChannel, SIDE_LABEL, StationKind, TERMINAL_STATES, type AssistedChannel, type CaseChannel } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { caseCounterId, formatCaseNo } from '../../domain/case-number'
import { viewsOf } from '../../domain/case-relation'
import { routeCase, routeNote, type RouteReason } from '../../domain/routing'
import { openCase } from '../../domain/case-engine'
import { eventWords, type TimelineViewer } from '../../domain/timeline'
import { acceptPromise } from '../../domain/sla-policy'
import { COLLECTIONS } from '../../ports/collections'
import type { TxStore } from '../../ports/store'
import { flagIntakeCalendarGap, newRunMemo, recipientsFor, refOf, writeEffects, type Acting } from '../case-actions'
import { clusterPlanOf, clusterStepper, employerOfIntake, employerView } from '../clusters'
import { caseEventsAndVerdicts, caseEventsOf, inboxRow, isResultEvent, threadOf, timelineOf, workerRow } from '../cases'
import { listedEmployer } from '../blacklist'
import { caseVersion } from '../../domain/thread'
import { markThreadRead, writeCase } from '../case-write'
import { claimOf, claimViewOf } from '../claims'
import { conclusionView } from '../conclusions'
import { identityFor } from '../identity-log'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { attachMedia, mediaToAttach } from '../media'
import { deliverSoon } from '../outbox'
import { caseContentNotice, caseTextVerdictWithin, checkCaseContent, messageNotices, recordCaseTextVerdict, startCaseTextCheck } from '../content-safety'
import { CONTENT_NOTICE_HINT } from '../../domain/content-safety'
import { categoriesOf, policyOf, recentCategoryNames, recentPolicyDoc } from '../policy'
import type { CaseDoc, CaseEventDoc, CounterDoc, FiledBy, OutboxDoc, ProjectDoc, StationDoc } from '../records'
import { stationsById, stationWithChain, stationWithChainAndMembers } from '../stations'
import { deadlineView, timeLabel } from '../time'
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

const routeNoteOf = (reasons: readonly RouteReason[], ownerName: string) => {
  const note = routeNote(reasons, ownerName)
  return note ? { routeNote: note } : {}
}

/** Why the first station routing chose has the case, while it still has it (a later move is on the timeline). */
const routingOf = (c: CaseDoc, stations: Map<string, StationDoc>) => {
  const owner = stations.get(c.ownerStationId)
  const note = c.routeReasons && c.ownerStationId === c.firstStationId && owner ? routeNote(c.routeReasons, owner.name) : undefined
  return note ? { route: { reasons: c.routeReasons!, note } } : {}
}

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
  const policyDoc = await recentPolicyDoc(ports.store)
  if (!categoriesOf(policyDoc)[input.category].enabled) throw new AppError('REQUEST_INVALID', '这个类别暂时不受理，请选择其他类别', ['category'])
  // Content security (ADR 0019): the words' check starts now, while the filing reads and routes (ADR 0054).
  const textCheck = startCaseTextCheck(ports, input.description, ctx.caller.openid)
  // The station with its chain, and the members of each in the same request (ADR 0055): whom the new case is told to.
  const { chain, members } = await stationWithChainAndMembers(ports.store, input.stationId)
  const scanned = chain[0]!
  let projectChain: StationDoc[] | undefined
  let project: ProjectDoc | null = null
  if (input.projectId) {
    project = await ports.store.get<ProjectDoc>(COLLECTIONS.projects, input.projectId)
    if (!project) throw new AppError('REQUEST_INVALID', '没有找到这个工程项目，请重新选择', ['projectId'])
    if (input.category === 'wage_arrears') projectChain = await stationWithChain(ports.store, project.responsibleStationId)
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
  const known = newRunMemo()
  for (const [stationId, m] of members) known.members.set(stationId, Promise.resolve(m))
  const recipients = (await recipientsFor(ports, { privacy: input.privacy, ownerPath: owner.path, ...(anonymous || !openid ? {} : { workerOpenid: openid }) }, intake.notices, known)).map(
    (r) => ({ ...r, to: r.to.filter((o) => o !== filing.quiet) }),
  )
  // The photos and voice notes of whoever filed it: the worker, or the officer filing for them (代为登记).
  const media = await mediaToAttach(ports, ctx.caller.openid!, input.media ?? [])
  const id = ports.ids.next()
  const workerKey = openid ? ports.secrets.workerKey(openid) : undefined
  const cluster = clusterStepper(ports, clusterPlanOf(employer, project, scanned), now)
  // 欠薪黑名单: a case naming a listed employer carries the listing, for the officers' badge (ADR 0023).
  const listed = await listedEmployer(ports.store, employer, now)
  // A retry of a check needs the writer's openid again: the officer's who filed it, or a named case's worker's (an anonymous case keeps none).
  const writer = filing.acting.officerId ? { as: 'officer' as const, officerId: filing.acting.officerId } : anonymous ? null : { as: 'worker' as const }
  // The words' verdict, if it is in by TEXT_VERDICT_WAIT_MS after the check started: written with the case, below.
  const textVerdict = await caseTextVerdictWithin(ports, textCheck)

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
      ...(listed ? { blacklistHit: { entryId: listed._id, docNo: listed.docNo } } : {}),
    }
    await writeCase(tx, null, doc, { cmd: { type: 'open' }, at: now })
    await attachMedia(tx, media, id)

    rows = await writeEffects(tx, ports, doc, { events: intake.events(caseNo) }, recipients, filing.acting, now)
    rows = [...rows, ...(await cluster.step(tx, doc))]
    if (textVerdict) await recordCaseTextVerdict(tx, ports, { caseId: id, writer }, textVerdict)

    const result = {
      id,
      caseNo,
      ownerStationName: owner.name,
      privacy: input.privacy,
      acceptPromise: acceptPromise(policy, model),
      acceptDue: deadlineView(ports.clock, model.clocks.accept.dueAt!, 'accept'),
      routeReasons: route.reasons,
      ...routeNoteOf(route.reasons, owner.name),
    }
    const { answer, remembered } = await finish(tx, doc, result, owner)
    await ctx.remember(tx, remembered)
    return answer
  }))
  await deliverSoon(ports, rows)
  // Only now, with the case stored and its station told: the photos' and voice notes' checks (ADR 0019), and the
  // words' verdict when it was not in before the transaction — recorded, never refusing.
  const textChecked = textVerdict ? ('recorded' as const) : (textCheck ?? undefined)
  await checkCaseContent(ports, { caseId: id, text: input.description, media, writer, ...(textChecked ? { textCheck: textChecked } : {}) }, ctx.caller.openid)
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
  const names = await recentCategoryNames(ports.store)
  return { items: page.items.map((c) => workerRow(c, stations, ports.clock, names)), ...(page.next ? { next: page.next } : {}) }
})

/** 办理结果: the station's latest answer, once the case was answered (the worker confirms or rejects it). */
const ANSWERED: readonly CaseDoc['state'][] = ['resolved', 'closed', 'closed_unconfirmed']
const resultOf = (c: CaseDoc, events: readonly CaseEventDoc[]) => {
  if (!ANSWERED.includes(c.state)) return null
  const e = [...events].reverse().find(isResultEvent)
  return e ? { text: e.message ?? e.text, atLabel: timeLabel(e.at) } : null
}

const getMyCaseHandler = defineHandler(getMyCase, async (_input, { ports, caseDoc }) => {
  // The worker's own case, read and checked before the handler (contract `workerCase`): someone else's looks missing.
  const found = caseDoc!
  const [stations, events] = await Promise.all([stationsById(ports.store, [found.ownerStationId]), caseEventsOf(ports.store, found._id)])
  // The worker reads the conversation now: 有新回复 goes.
  const c = await markThreadRead(ports.store, found, 'worker', ports.clock.now())
  const ownerName = stations.get(c.ownerStationId)?.name ?? ''
  return {
    ...workerRow(c, stations, ports.clock, await recentCategoryNames(ports.store)),
    description: c.description,
    ...(c.amountOwed !== undefined ? { amountOwed: c.amountOwed } : {}),
    workersAffected: c.workersAffected,
    ownerStationName: ownerName,
    ...routingOf(c, stations),
    timeline: timelineOf(events, { as: 'worker' }),
    version: caseVersion(c),
    actions: workerActionsFor(c),
    rating: c.rating,
    mediaCount: c.media?.length ?? 0,
    ...conclusionView(c),
    thread: threadOf(events, { as: 'worker' }, ownerName),
    result: resultOf(c, events),
  }
})

/** The latest 督办 sent by hand (ADR 0029), while the case is still being handled: the banner repeats it. */
const supervisionOf = (c: CaseDoc, events: readonly CaseEventDoc[], viewer: TimelineViewer) => {
  if (TERMINAL_STATES.includes(c.state) || c.state === 'resolved') return null
  const e = [...events].reverse().find((x) => x.kind === 'supervise')
  return e ? { text: eventWords(e, viewer).text, atLabel: timeLabel(e.at) } : null
}

/**
 * One case for an officer. Identity only where the table allows (D3, D4), and every time it is shown an
 * access-log row is written first: no log, no identity.
 */
const getCaseDetailHandler = defineHandler(getCaseDetail, async (_input, { ports, officer, caseDoc }) => {
  const views = viewsOf(officer!.memberships, caseDoc!)
  // The station that handles the case (who may reply) reading it marks the worker's messages read; a
  // supervisor or a station above looking in does not.
  const c = mayAccessCase('reply', caseDoc!.privacy, views) ? await markThreadRead(ports.store, caseDoc!, 'station', ports.clock.now()) : caseDoc!
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
  ], officer!.stations)
  const nameOf = (id: string) => stations.get(id)?.name ?? ''
  const claim = isAssistedChannel(c.channel) ? await claimOf(ports.store, c.caseNo) : null
  // The events and what content security found in their words and the case's, in one read (ADR 0042).
  const { events, verdicts } = await caseEventsAndVerdicts(ports.store, c._id)
  const notice = caseContentNotice(verdicts)
  const messageNotice = messageNotices(verdicts)
  const viewer = { as: 'officer', officerId: officer!.doc._id } as const
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
    version: caseVersion(c),
    actions: officerActionsFor(c, officer!),
    pendingTransfer: c.pendingTransfer
      ? { toStationName: nameOf(c.pendingTransfer.toStationId), fromStationName: nameOf(c.pendingTransfer.fromStationId), reason: c.pendingTransfer.reason }
      : null,
    transferKinds: StationKind.options.filter((k) => stationMayHold(k, c.privacy)),
    supervisorStationName: c.supervisorStationId ? nameOf(c.supervisorStationId) : null,
    supervision: supervisionOf(c, events, viewer),
    rating: c.rating,
    ...conclusionView(c),
    timeline: timelineOf(events, viewer, messageNotice),
    mediaCount: c.media?.length ?? 0,
    contentNotice: notice ? { text: notice, hint: CONTENT_NOTICE_HINT } : null,
    thread: threadOf(events, viewer, nameOf(c.ownerStationId)).map((m) => {
      const found = messageNotice.get(m.id)
      return found ? { ...m, contentNotice: found } : m
    }),
  }
})

export const CASE_HANDLERS: HandlersOf<typeof CASE_CONTRACTS> = {
  submitCase: submitCaseHandler,
  listMyCases: listMyCasesHandler,
  getMyCase: getMyCaseHandler,
  getCaseDetail: getCaseDetailHandler,
}

import { isAdminMembership } from '../../../types/authz'
import { AppError } from '../../../types/errors'
import {
  decide,
  type CaseModel,
  type Command,
  type EngineEnv,
  type Notice,
  type Opening,
  type Outcome,
  type StationRef,
  type TimelineEvent,
} from '../domain/case-engine'
import { CLOCK_NAMES } from '../domain/case-clocks'
import { wordsEvent } from '../domain/content-safety'
import { afterMessages, caseVersion, readStateOf } from '../domain/thread'
import type { LoadedWorkdayCalendar } from '../domain/working-time'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { coalesceWrites } from '../ports/coalesce'
import type { TxStore } from '../ports/store'
import { writeCase } from './case-write'
import { attachMedia, mediaRef } from './media'
import type { MediaRef } from '../../../types/contracts/media'
import type { CaseDoc, CaseEventDoc, MediaDoc, MembershipDoc, OutboxDoc, StationDoc } from './records'
import { recipientsAmong, stationMembers } from './officers'
import { deliverSoon, newRowDelivery } from './outbox'
import { recentPolicy } from './policy'
import { stationsById, type KnownStations } from './stations'
import { covered } from './time'

/**
 * What one run of many commands (the sweep) reads once rather than per case (ADR 0025): stations by id, and
 * each station's members (the deadline policy is read once a minute per instance, `recentPolicy`). Commands
 * change none of them; an edit made meanwhile is seen by the next run, as if it had come a moment later. A
 * filing passes the members it read with its stations in the same way (ADR 0055).
 */
export interface RunMemo {
  stations: Map<string, StationDoc>
  members: Map<string, Promise<MembershipDoc[]>>
}
export const newRunMemo = (): RunMemo => ({ stations: new Map(), members: new Map() })

/** Stations by id, through the run's memo when there is one (only those it lacks are read), else those the call holds (`known`, ADR 0040) and the rest read. */
const stationsVia = async (ports: Ports, ids: string[], memo?: RunMemo, known?: KnownStations): Promise<Map<string, StationDoc>> => {
  if (!memo) return stationsById(ports.store, ids, known)
  const missing = [...new Set(ids)].filter((id) => !memo.stations.has(id))
  if (missing.length) for (const [id, s] of await stationsById(ports.store, missing)) memo.stations.set(id, s)
  const out = new Map<string, StationDoc>()
  for (const id of ids) {
    const s = memo.stations.get(id)
    if (s) out.set(id, s)
  }
  return out
}

/** Every station a command on this case may touch, with each one's own path loaded too (`known`: those the call holds, not read again). */
export const stationsForCase = async (ports: Ports, c: CaseDoc, extra: string[] = [], memo?: RunMemo, also: string[] = [], known?: KnownStations): Promise<Map<string, StationRef>> => {
  const first = await stationsVia(
    ports,
    [
      ...c.ownerPath,
      c.firstStationId,
      ...(c.supervisorStationId ? [c.supervisorStationId] : []),
      ...(c.pendingTransfer ? [c.pendingTransfer.toStationId, c.pendingTransfer.fromStationId] : []),
      ...extra,
      ...also,
    ],
    memo,
    known,
  )
  const more = await stationsVia(ports, [...first.values()].flatMap((s) => s.path).filter((id) => !first.has(id)), memo, known)
  const out = new Map<string, StationRef>()
  for (const s of [...first.values(), ...more.values()]) out.set(s._id, refOf(s))
  for (const id of extra) if (!out.has(id)) throw new AppError('STATION_NOT_FOUND')
  return out
}

export const refOf = (s: StationDoc): StationRef => ({ id: s._id, name: s.name, kind: s.kind, path: s.path, status: s.status })

type NoticeCase = Pick<CaseDoc, 'workerOpenid' | 'privacy' | 'ownerPath'>

/** Officers who should get a notice: only those who may see the case (D8a); admins only as admins; leads only when asked. */
const recipientsOf = async (ports: Ports, c: NoticeCase, n: Notice, memo?: RunMemo): Promise<string[]> => {
  if (n.target.to === 'worker') return c.workerOpenid ? [c.workerOpenid] : []
  const stationId = n.target.to === 'station' ? n.target.stationId : c.ownerPath[0]!
  let members = memo?.members.get(stationId)
  if (!members) {
    members = stationMembers(ports, stationId)
    memo?.members.set(stationId, members)
  }
  return recipientsAmong(await members, c.privacy)
    .filter((m) => n.target.to !== 'city_admins' || isAdminMembership(m))
    .filter((m) => !(n.target.to === 'station' && n.target.leadsOnly && m.role === 'member'))
    .map((m) => m.openid)
}

export interface Acting {
  actor: 'officer' | 'worker' | 'system'
  /** The acting officer: their own timeline entries read "你…" (domain/timeline.ts). */
  officerId?: string
  officerName?: string
  stationName?: string
  /** The station the officer acts through, when its name is to be read with the case's stations (one query, ADR 0031). */
  stationId?: string
  /** The stations the acting officer's memberships brought with them (`OfficerView.stations`, ADR 0040): the case's stations among them are not read again. */
  known?: KnownStations
}

/**
 * Applies one command to a case the caller read at `version`: decides in the pure engine, then writes the
 * case, its timeline events and its outbox rows in one transaction guarded by the version (D25). A stale
 * version is CASE_CONFLICT and nothing changes.
 */
export const applyCommand = async (
  ports: Ports,
  c: CaseDoc,
  version: number,
  cmd: Command,
  acting: Acting,
  extraStations: string[] = [],
  /**
   * `deliver: false` leaves the notices to the sweep's outbox pass; `memo`: a run's reads shared across its cases;
   * `media`: a message's photos and voice notes; `within`: the transaction the caller read the case in, written in
   * here, with what to do once it commits (the dispatcher's, for an operation that changes its case, ADR 0049).
   */
  options: { deliver?: boolean; memo?: RunMemo; media?: readonly MediaDoc[]; within?: Within } = {},
): Promise<{ doc: CaseDoc; outcome: Outcome; events: CaseEventDoc[] }> => {
  if (c._v !== version) throw new AppError('CASE_CONFLICT')
  const now = ports.clock.now()
  const step = await decideStep(ports, c, cmd, acting, extraStations, options.memo, now)
  const { doc, events } = await writeSteps(ports, c, [step], step.acting, now, options)
  return { doc, outcome: step.outcome, events }
}

/**
 * The sweep's steps on one due case, decided one after the other in the engine (each on the case as the one
 * before left it: `next` names the step due now, or none) and written together in one versioned transaction
 * (ADR 0037): what a step at a time wrote in as many transactions, with the same events, notices and ledger
 * facts, in the same order. A stale version is CASE_CONFLICT and nothing changes. Returns the case as stored and
 * how many steps were applied (0: nothing was due, and nothing was written).
 */
export const applyDueSteps = async (
  ports: Ports,
  c: CaseDoc,
  next: (m: CaseDoc) => Command | undefined,
  maxSteps: number,
  acting: Acting,
  options: { deliver?: boolean; memo?: RunMemo } = {},
): Promise<{ doc: CaseDoc; steps: number }> => {
  const now = ports.clock.now()
  const steps = await decideSteps(ports, c, next, maxSteps, acting, options.memo, now)
  if (!steps.length) return { doc: c, steps: 0 }
  const { doc } = await writeSteps(ports, c, steps, acting, now, options)
  return { doc, steps: steps.length }
}

/** One command decided on a case, outside any transaction: the case after it, the outcome and each notice's recipients. */
interface Step {
  cmd: Command
  before: CaseDoc
  after: CaseDoc
  outcome: Outcome
  recipients: Array<{ n: Notice; to: string[] }>
  acting: Acting
}

/** A due case's steps, each decided on the case as the one before left it, until none is due or `maxSteps`. */
const decideSteps = async (ports: Ports, c: CaseDoc, next: (m: CaseDoc) => Command | undefined, maxSteps: number, acting: Acting, memo: RunMemo | undefined, now: number): Promise<Step[]> => {
  const steps: Step[] = []
  let current = c
  for (let i = 0; i < maxSteps; i++) {
    const cmd = next(current)
    if (!cmd) break
    const step = await decideStep(ports, current, cmd, acting, [], memo, now)
    steps.push(step)
    current = step.after
  }
  return steps
}

const decideStep = async (ports: Ports, c: CaseDoc, cmd: Command, acting: Acting, extraStations: string[], memo: RunMemo | undefined, now: number): Promise<Step> => {
  const stations = await stationsForCase(ports, c, extraStations, memo, acting.stationId ? [acting.stationId] : [], acting.known)
  if (acting.stationId && acting.stationName === undefined) acting = { ...acting, stationName: stations.get(acting.stationId)?.name ?? '' }
  const env: EngineEnv = {
    now,
    cal: ports.clock.calendar(),
    policy: await recentPolicy(ports.store),
    stations,
    actorStationName: acting.stationName,
  }
  const decided = decide(c, cmd, env)
  const outcome = flagCalendarGap(c, decided, ports.clock.calendar())
  const after: CaseDoc = { ...c, ...outcome.next, updatedAt: now, nextDueAt: outcome.nextDueAt, transferTargetId: outcome.next.pendingTransfer?.toStationId ?? null, calendarGap: c.calendarGap || outcome !== decided }
  const recipients = await recipientsFor(ports, after, outcome.notices, memo)
  return { cmd, before: c, after, outcome, recipients, acting }
}

/** What writing a case's decided steps stored: the case, its timeline events and its outbox rows. */
interface Written {
  doc: CaseDoc
  events: CaseEventDoc[]
  rows: OutboxDoc[]
}

/**
 * Writes decided steps of a case read as `c` inside the transaction `tx`: null, having written nothing, when the
 * case moved since it was read (its version in the transaction is not `c`'s).
 */
const writeStepsIn = async (
  tx: TxStore,
  ports: Ports,
  c: CaseDoc,
  steps: readonly Step[],
  acting: Acting,
  now: number,
  options: { deliver?: boolean; media?: readonly MediaDoc[] },
): Promise<Written | null> => {
  const last = steps[steps.length - 1]!
  const after = last.after
  const allEvents = steps.flatMap((s) => s.outcome.events)
  const events: CaseEventDoc[] = []
  const fresh = await tx.get<CaseDoc>(COLLECTIONS.cases, c._id)
  // Only a read mark since the caller read the case (domain/thread.ts) is not a change: keep the fresher marks.
  if (!fresh || caseVersion(fresh) !== caseVersion(c)) return null
  const next: CaseDoc = { ...after, ...readStateOf(fresh), ...afterMessages(allEvents, now) }
  const doc = await writeCase(
    tx,
    fresh,
    next,
    steps.length === 1 ? { cmd: last.cmd, at: now } : { cmd: last.cmd, at: now, steps: steps.map((s, i) => ({ cmd: s.cmd, before: i === 0 ? fresh : s.before, after: s.after })) },
  )
  const media = options.media ?? []
  // Photos and voice notes of a message belong to the case from now; an internal note's stay officers' only.
  if (media.length) await attachMedia(tx, media, c._id, allEvents.some((e) => e.message !== undefined && e.internal))
  // An officer's words to the worker are checked by the sweep, from the officer's record (ADR 0039): the command's
  // requests stay as they were, and the worker gets them at once whatever the check says. An officer's command is
  // one step; the sweep's steps are the system's.
  const checkLater = acting.actor === 'officer' && steps.length === 1 ? wordsEvent(last.cmd, last.outcome.events, media.length > 0) : undefined
  const rows = await writeEffects(tx, ports, after, { events: allEvents }, steps.flatMap((s) => s.recipients), acting, now, media.map(mediaRef), options.deliver !== false, events, checkLater)
  return { doc, events, rows }
}

/** A transaction the caller holds, and how to run something once it has committed. */
export interface Within {
  tx: TxStore
  afterCommit: (f: () => Promise<void>) => void
}

/**
 * Writes decided steps of a case read as `c` in one transaction guarded by its version (the caller's, `within`, or
 * one of its own), then tries their notices at once, once it has committed, unless told not to.
 */
const writeSteps = async (
  ports: Ports,
  c: CaseDoc,
  steps: readonly Step[],
  acting: Acting,
  now: number,
  options: { deliver?: boolean; media?: readonly MediaDoc[]; within?: Within },
): Promise<{ doc: CaseDoc; events: CaseEventDoc[] }> => {
  if (options.within) {
    const w = await writeStepsIn(options.within.tx, ports, c, steps, acting, now, options)
    if (!w) throw new AppError('CASE_CONFLICT')
    if (options.deliver !== false) options.within.afterCommit(() => deliverSoon(ports, w.rows))
    return { doc: w.doc, events: w.events }
  }
  let written: Written
  try {
    written = await ports.store.transaction(async (tx) => {
      const w = await writeStepsIn(tx, ports, c, steps, acting, now, options)
      if (!w) throw new AppError('CASE_CONFLICT')
      return w
    })
  } catch (e) {
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') throw new AppError('CASE_CONFLICT')
    throw e
  }
  if (options.deliver !== false) await deliverSoon(ports, written.rows)
  return { doc: written.doc, events: written.events }
}

/** How many due cases one transaction writes at most (ADR 0046). */
export const DUE_BATCH = 10

/**
 * The sweep's due cases, up to `DUE_BATCH` of them, in one transaction (ADR 0046): each case's steps decided as
 * `applyDueSteps` decides them, then all written together, the counters they share added to once and the new
 * events, facts and outbox rows of all of them inserted together (`coalesceWrites`; the facts' rollups follow in
 * the sweep's roll-up pass, ADR 0051). A case that moved
 * since it was read is left as it is (a conflict), the others are written. When the transaction itself cannot
 * commit (another writer on a document it shares), each case is written in its own, as `applyDueSteps` does.
 * Answers, per case in order, the steps applied, or 'conflict'. Notices wait for the sweep's outbox pass.
 */
export const applyDueStepsMany = async (
  ports: Ports,
  cases: readonly CaseDoc[],
  next: (m: CaseDoc) => Command | undefined,
  maxSteps: number,
  acting: Acting,
  options: { memo?: RunMemo } = {},
): Promise<Array<number | 'conflict'>> => {
  const now = ports.clock.now()
  const decided: Array<{ c: CaseDoc; steps: Step[] }> = []
  for (const c of cases) decided.push({ c, steps: await decideSteps(ports, c, next, maxSteps, acting, options.memo, now) })
  const todo = decided.filter((d) => d.steps.length)
  // Each case in a transaction of its own: one case alone, or when the shared transaction cannot commit.
  const eachAlone = async () => {
    const alone: Array<number | 'conflict'> = []
    for (const { c, steps } of decided) alone.push(steps.length ? await writeOne(ports, c, steps, acting, now) : 0)
    return alone
  }
  if (todo.length <= 1) return eachAlone()
  let written: Array<Written | null>
  try {
    written = await ports.store.transaction(async (raw) => {
      const tx = coalesceWrites(raw)
      const out: Array<Written | null> = []
      for (const { c, steps } of todo) out.push(await writeStepsIn(tx, ports, c, steps, acting, now, { deliver: false }))
      await tx.flush()
      return out
    })
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    return eachAlone()
  }
  const byCase = new Map(todo.map((d, i) => [d.c._id, written[i] ? d.steps.length : ('conflict' as const)]))
  return decided.map(({ c }) => byCase.get(c._id) ?? 0)
}

/** One due case's steps in a transaction of its own: the steps applied, or 'conflict'. */
const writeOne = async (ports: Ports, c: CaseDoc, steps: readonly Step[], acting: Acting, now: number): Promise<number | 'conflict'> => {
  try {
    await writeSteps(ports, c, steps, acting, now, { deliver: false })
    return steps.length
  } catch (e) {
    if (e instanceof AppError && e.code === 'CASE_CONFLICT') return 'conflict'
    throw e
  }
}

/** Each notice with the openids it goes to (read before the transaction, which allows document reads only). */
export const recipientsFor = (ports: Ports, c: NoticeCase, notices: Notice[], memo?: RunMemo) =>
  Promise.all(notices.map(async (n) => ({ n, to: await recipientsOf(ports, c, n, memo) })))

/** A case change's timeline events and outbox rows, written inside its transaction. */
export const writeEffects = async (
  tx: TxStore,
  ports: Ports,
  c: Pick<CaseDoc, '_id' | 'caseNo'>,
  outcome: Pick<Outcome, 'events'>,
  recipients: Array<{ n: Notice; to: string[] }>,
  acting: Acting,
  now: number,
  /** Photos and voice notes sent with the command's message (its first event with `message`). */
  media: readonly MediaRef[] = [],
  /** The writer tries the rows at once after the commit (deliverSoon): they are stored claimed for that try. */
  tryAtOnce = true,
  /** The timeline events as stored are added here (a message's content check names its event). */
  written?: CaseEventDoc[],
  /** The event whose words the sweep is to check (an officer's words to the worker, ADR 0039). */
  checkLater?: TimelineEvent,
): Promise<OutboxDoc[]> => {
  let i = 0
  const carrier = media.length ? outcome.events.find((e) => e.message !== undefined) : undefined
  // Each collection's new documents in one insert (ADR 0031): the round trips stay the same whatever the
  // number of events and recipients.
  const events = await tx.insertMany<CaseEventDoc>(
    COLLECTIONS.caseEvents,
    outcome.events.map((e) => ({
      _id: `${c._id}-${ports.ids.next()}-${i++}`,
      caseId: c._id,
      at: now,
      kind: e.kind,
      text: e.text,
      internal: e.internal,
      actor: e.actor,
      ...(e.did ? { did: e.did } : {}),
      ...(e.message !== undefined ? { message: e.message } : {}),
      ...(e === carrier ? { media: [...media] } : {}),
      ...(e === checkLater ? { checkDueAt: now } : {}),
      ...(acting.officerId ? { officerId: acting.officerId } : {}),
      ...(acting.officerName ? { officerName: acting.officerName } : {}),
      ...(acting.stationName ? { stationName: acting.stationName } : {}),
    })),
  )
  written?.push(...events)
  return tx.insertMany<OutboxDoc>(
    COLLECTIONS.outbox,
    recipients.flatMap(({ n, to }) =>
      [...new Set(to)].map((openid) => ({
        _id: `${c._id}-${ports.ids.next()}-${i++}`,
        kind: n.kind,
        to: openid,
        caseId: c._id,
        data: { caseNo: c.caseNo, summary: n.summary },
        ...newRowDelivery(tryAtOnce, now),
        createdAt: now,
      })),
    ),
  )
}

/**
 * A deadline in a year the calendar has no holiday arrangement for is computed on the ordinary week: the
 * first time a case gets one, city admins are told (so someone enters the year) and the timeline says so.
 * That note and that notice, or null.
 */
const calendarGapOf = (before: Pick<CaseDoc, 'calendarGap'>, next: CaseModel, cal: LoadedWorkdayCalendar): { event: TimelineEvent; notice: Notice } | null =>
  before.calendarGap || covered(cal, ...dueTimesOf(next))
    ? null
    : {
        event: { kind: 'note', text: '有时限落在还没有节假日安排的年份，暂按普通周末计算，已提醒市级管理员补录', internal: true, actor: 'system' },
        notice: { kind: 'case.warning', target: { to: 'city_admins' }, summary: '请补录下一年节假日' },
      }

/** A command's outcome with the calendar-gap note and notice, when due. */
export const flagCalendarGap = (before: Pick<CaseDoc, 'calendarGap'>, o: Outcome, cal: LoadedWorkdayCalendar): Outcome => {
  const gap = calendarGapOf(before, o.next, cal)
  return gap ? { ...o, events: [...o.events, gap.event], notices: [...o.notices, gap.notice] } : o
}

/** Intake's outcome with the calendar-gap note and notice, when due, and whether they were. */
export const flagIntakeCalendarGap = (o: Opening, cal: LoadedWorkdayCalendar): Opening & { calendarGap: boolean } => {
  const gap = calendarGapOf({}, o.next, cal)
  if (!gap) return { ...o, calendarGap: false }
  return { ...o, events: (caseNo) => [...o.events(caseNo), gap.event], notices: [...o.notices, gap.notice], calendarGap: true }
}

const dueTimesOf = (m: CaseModel) => CLOCK_NAMES.map((n) => m.clocks[n].dueAt)

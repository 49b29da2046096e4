import {
  ASSISTED_CHANNEL_LABEL,
  CaseState,
  CLOCK_LABEL,
  REFERRAL_BODY_LABEL,
  TERMINAL_STATES,
  type AssistedChannel,
  type Category,
  type Privacy,
  type ReferralBody,
  type StationKind,
} from '../../../types/domain'
import { stationMayHold } from '../../../types/authz'
import { AppError } from '../../../types/errors'
import type { NoticeKind } from '../../../types/notices'
import {
  idleClock,
  idleClocks,
  nextDue,
  pauseClock,
  resumeClock,
  startClock,
  stopClock,
  type ClockName,
  type CaseClocks,
} from './case-clocks'
import { conclusionLines, conclusionOf, resolutionProblem, type Conclusion, type ConclusionChoice } from './conclusions'
import { routeWords, type Route, type RouteReason } from './routing'
import { clockMinutes, isGroupCase, type SlaPolicy } from './sla-policy'

export { isGroupCase }
import { addWorkingMinutes, durationWords, type WorkdayCalendar } from './working-time'

/**
 * The case lifecycle (DOMAIN §3, DECISIONS D6–D15) as one pure function: a case, a command and the
 * surroundings in; the next case, its timeline events and the notices to send out. No I/O, no clock of its
 * own: handlers load, call `decide`, and write the result in one versioned transaction.
 */

export interface StationRef {
  id: string
  name: string
  kind: StationKind
  /** Ids from the city down to this station, inclusive. */
  path: readonly string[]
  status: 'active' | 'suspended'
}

export interface PendingTransfer {
  toStationId: string
  fromStationId: string
  reason: string
  requestedAt: number
}

export interface Referral {
  to: ReferralBody
  where: string
  reason: string
}

export const REFERRAL_LABEL = REFERRAL_BODY_LABEL

/** What the engine reads and writes of a case. */
export interface CaseModel {
  state: CaseState
  /** Where `on_hold` resumes to. */
  heldFrom: CaseState | null
  category: Category
  workersAffected: number
  groupFlag: boolean
  privacy: Privacy
  createdAt: number
  ownerStationId: string
  ownerPath: string[]
  firstStationId: string
  /** Why routing gave it to its first station (D8); absent on cases filed before this was kept. */
  routeReasons?: RouteReason[]
  supervisorStationId: string | null
  clocks: CaseClocks
  /** Transfer requests made so far (bounces to a common ancestor do not count). */
  transfers: number
  pendingTransfer: PendingTransfer | null
  /** After a bounce, the owner may not send the case back to these stations (兜底). */
  noReturnTo: string[]
  reopenCount: number
  firstRepliedAt: number | null
  resolvedAt: number | null
  closedAt: number | null
  rating: number | null
  referral: Referral | null
  /** The standard conclusion of the last resolution (办结结论); absent on cases resolved before conclusions existed. */
  conclusion?: Conclusion | null
}

export interface NewCaseFacts {
  category: Category
  workersAffected: number
  privacy: Privacy
  /** The station routing chose (D8); it is also the first station (D10). */
  owner: StationRef
  /** Why routing chose it, and whether the case is 群体性 (`routeCase`). */
  route: Pick<Route, 'reasons' | 'group'>
  /** 代为登记: an officer of this station filed it for a worker who came in or called. */
  filedBy?: { stationName: string; channel: AssistedChannel }
}

/**
 * Intake's outcome, like `decide`'s: the new case, its first timeline events and its notices. The events
 * name the case number, which is drawn in the transaction that stores the case: they are given it there.
 */
export interface Opening extends Omit<Outcome, 'events'> {
  events: (caseNo: string) => TimelineEvent[]
}

/** Opens a case: submitted, owned by the routed station, its three clocks started (D12). */
export const openCase = (facts: NewCaseFacts, env: Pick<EngineEnv, 'now' | 'cal' | 'policy'>): Opening => {
  const next = newCase(facts, env.now, env.cal, env.policy)
  return {
    next,
    nextDueAt: nextDue(next.clocks),
    events: (caseNo) => [submitted(facts, caseNo), ev('routed', routeWords(facts.route.reasons, facts.owner.name), 'system')],
    notices: [
      { kind: 'case.new', target: { to: 'station', stationId: facts.owner.id }, summary: '新的诉求待受理' },
      // 群体性: the county owns it and the city is told at once.
      ...(facts.route.group ? [{ kind: 'case.escalated' as const, target: { to: 'city_admins' as const }, summary: '群体性诉求' }] : []),
    ],
  }
}

/** The first event: the worker filed it, or an officer filed it for them (代为登记). */
const submitted = (facts: NewCaseFacts, caseNo: string): TimelineEvent => {
  if (!facts.filedBy) return ev('submitted', `诉求已提交，编号 ${caseNo}`, 'worker')
  const how = ASSISTED_CHANNEL_LABEL[facts.filedBy.channel]
  return done('submitted', `${facts.filedBy.stationName} 工作人员代你登记了诉求（${how}），编号 ${caseNo}`, `代职工登记了这条诉求（${how}），编号 ${caseNo}`)
}

const newCase = (facts: NewCaseFacts, at: number, cal: WorkdayCalendar, policy: SlaPolicy): CaseModel => {
  const groupFlag = facts.route.group
  const mins = clockMinutes(policy, { ...facts, groupFlag })
  return {
    state: 'submitted',
    heldFrom: null,
    category: facts.category,
    workersAffected: facts.workersAffected,
    groupFlag,
    privacy: facts.privacy,
    createdAt: at,
    ownerStationId: facts.owner.id,
    ownerPath: [...facts.owner.path],
    firstStationId: facts.owner.id,
    routeReasons: [...facts.route.reasons],
    supervisorStationId: null,
    clocks: {
      ...idleClocks(),
      accept: startClock(cal, at, mins.accept, true),
      firstReply: startClock(cal, at, mins.firstReply, true),
      resolve: startClock(cal, at, mins.resolve, true),
    },
    transfers: 0,
    pendingTransfer: null,
    noReturnTo: [],
    reopenCount: 0,
    firstRepliedAt: null,
    resolvedAt: null,
    closedAt: null,
    rating: null,
    referral: null,
    conclusion: null,
  }
}

export type Command =
  | { type: 'accept' }
  | { type: 'start' }
  | { type: 'reply'; text: string }
  | { type: 'note'; text: string }
  | { type: 'hold'; reason: string }
  | { type: 'resume' }
  | { type: 'transfer'; toStationId: string; reason: string }
  | { type: 'transfer_accept' }
  | { type: 'transfer_decline'; reason: string }
  | { type: 'escalate'; reason: string }
  | { type: 'refer'; to: ReferralBody; where: string; reason: string }
  | { type: 'resolve'; text: string; conclusion: ConclusionChoice }
  | { type: 'flag_group'; reason: string }
  // 督办 by hand (ADR 0029): a station above the owner tells it what it expects; nothing moves.
  | { type: 'supervise'; text: string }
  | { type: 'withdraw'; reason?: string }
  | { type: 'add_info'; text: string }
  | { type: 'confirm'; rating: number; comment?: string }
  | { type: 'reopen'; reason: string }
  // The sweep's commands: a clock ran out or reached 75 %.
  | { type: 'miss'; clock: ClockName }
  | { type: 'warn'; clock: ClockName }
  // A case held where the visibility rule no longer lets it be (data from before D8a) moves to an eligible station.
  | { type: 'relocate' }
  // The owning station was suspended: the nearest active station above takes the case.
  | { type: 'owner_suspended' }
  // The owning station (or one above it) was moved under another parent: the owner keeps the case, its path changes.
  | { type: 'owner_moved'; movedName: string; parentName: string }

export type CommandType = Command['type']
export type Actor = 'officer' | 'worker' | 'system'

const OPEN: readonly CaseState[] = ['submitted', 'accepted', 'in_progress', 'on_hold']
const WORKING: readonly CaseState[] = ['accepted', 'in_progress']

/** 群体性: flagged by routing or an officer, or 10 or more workers (the same test as the deadline tracks'). */

/** Only the city has no station above it. */
const hasParent = (c: Pick<CaseModel, 'ownerPath'>): boolean => c.ownerPath.length > 1

/**
 * Something the case itself must satisfy, beyond its state, for a command to be possible. `decide` refuses
 * the command with `refuse` when it does not hold; `availableCommands` leaves the command out.
 */
export interface Guard {
  holds: (c: CaseModel) => boolean
  refuse: () => never
}

/** One transfer at a time. */
const NO_TRANSFER_WAITING: Guard = { holds: (c) => !c.pendingTransfer, refuse: () => illegal('这条诉求正在等待对方驿站接收，请等对方答复') }
const UNDER_TRANSFER_LIMIT: Guard = {
  holds: (c) => c.transfers < MAX_TRANSFERS,
  refuse: () => {
    throw new AppError('CASE_TRANSFER_LIMIT')
  },
}
const TRANSFER_WAITING: Guard = { holds: (c) => !!c.pendingTransfer, refuse: () => illegal('没有待接收的转办') }
const HAS_PARENT: Guard = { holds: hasParent, refuse: () => illegal('市级驿站没有上一级，请直接办理') }
const NOT_GROUP_YET: Guard = { holds: (c) => !isGroupCase(c), refuse: () => illegal('这条诉求已经是群体性诉求') }

export interface Transition {
  actor: Actor
  from: readonly CaseState[]
  guards?: readonly Guard[]
}

/**
 * The transition table: who may give each command, from which states, and what else must hold of the case
 * (guards, in the order they are checked). `decide` and `availableCommands` both read it; targets are in `decide`.
 */
export const TRANSITIONS: Record<CommandType, Transition> = {
  accept: { actor: 'officer', from: ['submitted'] },
  start: { actor: 'officer', from: ['accepted'] },
  reply: { actor: 'officer', from: WORKING },
  note: { actor: 'officer', from: [...OPEN, 'resolved'] },
  hold: { actor: 'officer', from: WORKING },
  resume: { actor: 'officer', from: ['on_hold'] },
  transfer: { actor: 'officer', from: ['submitted', 'accepted', 'in_progress'], guards: [NO_TRANSFER_WAITING, UNDER_TRANSFER_LIMIT] },
  transfer_accept: { actor: 'officer', from: ['submitted', 'accepted', 'in_progress'], guards: [TRANSFER_WAITING] },
  transfer_decline: { actor: 'officer', from: ['submitted', 'accepted', 'in_progress'], guards: [TRANSFER_WAITING] },
  escalate: { actor: 'officer', from: OPEN, guards: [HAS_PARENT] },
  refer: { actor: 'officer', from: OPEN },
  resolve: { actor: 'officer', from: WORKING },
  flag_group: { actor: 'officer', from: OPEN, guards: [NOT_GROUP_YET] },
  supervise: { actor: 'officer', from: OPEN },
  withdraw: { actor: 'worker', from: OPEN },
  add_info: { actor: 'worker', from: OPEN },
  confirm: { actor: 'worker', from: ['resolved'] },
  reopen: { actor: 'worker', from: ['resolved'] },
  miss: { actor: 'system', from: [...OPEN, 'resolved'] },
  warn: { actor: 'system', from: [...OPEN, 'resolved'] },
  relocate: { actor: 'system', from: CaseState.options },
  owner_suspended: { actor: 'system', from: [...OPEN, 'resolved'] },
  owner_moved: { actor: 'system', from: CaseState.options },
}

export const MAX_TRANSFERS = 2
export const MAX_REOPENS = 2

/** Who a notice goes to; the handler turns it into outbox rows for those who may see the case (D8a, `sideSees`). */
export type NoticeTarget =
  | { to: 'worker' }
  | { to: 'station'; stationId: string; leadsOnly?: boolean }
  | { to: 'city_admins' }

export interface Notice {
  kind: NoticeKind
  target: NoticeTarget
  /** A short line for the message (≤ 20 characters shows fully in WeChat). */
  summary: string
}

export interface TimelineEvent {
  kind: CommandType | 'submitted' | 'routed' | 'supervised' | 'claim'
  /** What the worker reads (and officers, when no officer acted). */
  text: string
  internal: boolean
  actor: Actor
  /**
   * An officer's act without its subject ("受理了这条诉求"): officers read "你…" or "<station> <name> …" before it.
   * On a system event whose words address the worker ("为保护你的隐私…"): what officers read instead.
   */
  did?: string
  /**
   * A message between the worker and the station (domain/thread.ts): the words as the person wrote them, without
   * the timeline's framing; empty when only photos or a voice note were sent.
   */
  message?: string
}

export interface Outcome {
  next: CaseModel
  events: TimelineEvent[]
  notices: Notice[]
  /** nextDueAt of the new model, for the sweep's index. */
  nextDueAt: number | null
}

export interface EngineEnv {
  now: number
  cal: WorkdayCalendar
  policy: SlaPolicy
  /** Every station the command may touch: the owner's path, the target's path, the supervisor. */
  stations: ReadonlyMap<string, StationRef>
  /** Display name of the acting officer's station, for timeline words. */
  actorStationName?: string
}

const illegal = (message?: string): never => {
  throw new AppError('CASE_ILLEGAL_ACTION', message)
}

const station = (env: Pick<EngineEnv, 'stations'>, id: string): StationRef => {
  const s = env.stations.get(id)
  if (!s) throw new Error(`case engine: station ${id} was not loaded`)
  return s
}

/** The nearest station at or above `path`'s end that may own this case (active, and allowed to hold it: D8a). */
const eligibleOwner = (env: EngineEnv, privacy: Privacy, path: readonly string[]): StationRef => {
  for (let i = path.length - 1; i >= 0; i--) {
    const s = station(env, path[i]!)
    if (s.status === 'active' && stationMayHold(s.kind, privacy)) return s
  }
  return station(env, path[0]!)
}

const parentOf = (env: EngineEnv, c: CaseModel): StationRef | null =>
  hasParent(c) ? eligibleOwner(env, c.privacy, c.ownerPath.slice(0, -1)) : null

/** Lowest common ancestor of two stations (by their paths). */
export const lowestCommonAncestor = (a: readonly string[], b: readonly string[]): string => {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  if (i === 0) throw new Error('case engine: stations are not in one tree')
  return a[i - 1]!
}

const minutes = (env: EngineEnv, c: CaseModel) =>
  clockMinutes(env.policy, { category: c.category, workersAffected: c.workersAffected, groupFlag: c.groupFlag })

/** A new owner takes the case (escalation, bounce, group): it must accept again, on a fresh accept clock (D13). */
const moveTo = (env: EngineEnv, c: CaseModel, owner: StationRef): CaseModel => {
  const resumed = c.state === 'on_hold' ? resumeAll(env, c) : c
  return {
    ...resumed,
    ownerStationId: owner.id,
    ownerPath: [...owner.path],
    state: 'submitted',
    heldFrom: null,
    pendingTransfer: null,
    clocks: {
      ...resumed.clocks,
      accept: startClock(env.cal, env.now, minutes(env, c).accept, true, 0),
      transfer: idleClock(),
    },
  }
}

/** A case taken up a level, as the timeline says it: who owns it now and who supervises (D6a, D14). */
const takenUpWords = (owner: StationRef, supervisor: StationRef | null): string => `改由 ${owner.name} 办理${supervisor ? `，${supervisor.name} 督办` : ''}`

const pauseAll = (env: EngineEnv, c: CaseModel): CaseModel => ({
  ...c,
  clocks: { ...c.clocks, firstReply: pauseClock(env.cal, c.clocks.firstReply, env.now), resolve: pauseClock(env.cal, c.clocks.resolve, env.now) },
})

const resumeAll = (env: EngineEnv, c: CaseModel): CaseModel => ({
  ...c,
  clocks: { ...c.clocks, firstReply: resumeClock(env.cal, c.clocks.firstReply, env.now), resolve: resumeClock(env.cal, c.clocks.resolve, env.now) },
})

const stopAll = (c: CaseModel): CaseModel => ({
  ...c,
  pendingTransfer: null,
  clocks: {
    accept: stopClock(c.clocks.accept),
    firstReply: stopClock(c.clocks.firstReply),
    resolve: stopClock(c.clocks.resolve),
    transfer: stopClock(c.clocks.transfer),
    autoClose: stopClock(c.clocks.autoClose),
  },
})

const close = (env: EngineEnv, c: CaseModel, state: CaseState): CaseModel => ({ ...stopAll(c), state, heldFrom: null, closedAt: env.now })

/** The first public answer stops the first-reply clock for good. */
const replied = (env: EngineEnv, c: CaseModel): CaseModel =>
  c.firstRepliedAt !== null ? c : { ...c, firstRepliedAt: env.now, clocks: { ...c.clocks, firstReply: stopClock(c.clocks.firstReply) } }

export interface Decision {
  next: CaseModel
  events: TimelineEvent[]
  notices: Notice[]
}

/** Applies one command. Throws AppError('CASE_ILLEGAL_ACTION' | 'CASE_TRANSFER_LIMIT' | …) and changes nothing when refused. */
export const decide = (c: CaseModel, cmd: Command, env: EngineEnv): Outcome => {
  const rule = TRANSITIONS[cmd.type]
  if (!rule.from.includes(c.state)) illegal()
  for (const guard of rule.guards ?? []) if (!guard.holds(c)) guard.refuse()
  const d = step(c, cmd, env)
  return { ...d, nextDueAt: nextDue(d.next.clocks) }
}

/**
 * The commands an officer or a worker may give on this case now: its state and the guards of the transition
 * table, exactly as `decide` checks them (what a command names, such as a transfer's target, is checked
 * when it is given). The sweep's own commands come from `dueCommands`.
 */
export const availableCommands = (c: CaseModel): CommandType[] =>
  (Object.keys(TRANSITIONS) as CommandType[]).filter((type) => {
    const rule = TRANSITIONS[type]
    return rule.actor !== 'system' && rule.from.includes(c.state) && (rule.guards ?? []).every((guard) => guard.holds(c))
  })

const ev = (kind: TimelineEvent['kind'], text: string, actor: Actor, internal = false): TimelineEvent => ({ kind, text, internal, actor })
/** An officer's event: `text` as the worker reads it, `did` as officers read it after who acted (domain/timeline.ts). */
const done = (kind: TimelineEvent['kind'], text: string, did: string, internal = false): TimelineEvent => ({ kind, text, internal, actor: 'officer', did })

const step = (c: CaseModel, cmd: Command, env: EngineEnv): Decision => {
  const owner = station(env, c.ownerStationId)
  const by = env.actorStationName ?? owner.name
  switch (cmd.type) {
    case 'accept': {
      const next: CaseModel = { ...c, state: 'accepted', clocks: { ...c.clocks, accept: stopClock(c.clocks.accept) } }
      return {
        next,
        events: [done('accept', `${owner.name} 已受理你的诉求`, '受理了这条诉求')],
        notices: [{ kind: 'case.accepted', target: { to: 'worker' }, summary: `${owner.name}已受理` }],
      }
    }
    case 'start':
      return { next: { ...c, state: 'in_progress' }, events: [done('start', `${owner.name} 开始办理`, '开始办理')], notices: [] }
    case 'reply': {
      const next = replied(env, { ...c, state: 'in_progress' })
      return {
        next,
        events: [{ ...done('reply', cmd.text || '驿站发来了照片或录音', `答复了职工：${cmd.text || '照片或录音'}`), message: cmd.text }],
        notices: [{ kind: 'case.replied', target: { to: 'worker' }, summary: `${owner.name}回复了你` }],
      }
    }
    case 'note':
      return { next: c, events: [{ ...done('note', cmd.text || '内部备注（照片或录音）', `写了内部备注：${cmd.text || '照片或录音'}`, true), message: cmd.text }], notices: [] }
    case 'hold': {
      const next = pauseAll(env, { ...c, state: 'on_hold', heldFrom: c.state })
      return { next, events: [done('hold', `暂停办理：${cmd.reason}（时限暂停计算）`, `暂停了办理：${cmd.reason}（时限暂停计算）`)], notices: [] }
    }
    case 'resume': {
      const next = resumeAll(env, { ...c, state: c.heldFrom ?? 'in_progress', heldFrom: null })
      return { next, events: [done('resume', '继续办理（时限恢复计算）', '恢复了办理（时限恢复计算）')], notices: [] }
    }
    case 'transfer': {
      const target = station(env, cmd.toStationId)
      if (target.id === c.ownerStationId) illegal('不能转给本驿站')
      if (target.status !== 'active') throw new AppError('STATION_SUSPENDED')
      if (!stationMayHold(target.kind, c.privacy)) throw new AppError('CASE_CONFIDENTIAL_TARGET')
      if (c.noReturnTo.includes(target.id)) illegal('这条诉求是从该驿站退回的，不能再转回去；需要时请上报')
      const next: CaseModel = {
        ...c,
        transfers: c.transfers + 1,
        pendingTransfer: { toStationId: target.id, fromStationId: c.ownerStationId, reason: cmd.reason, requestedAt: env.now },
        clocks: { ...c.clocks, transfer: startClock(env.cal, env.now, env.policy.fixed.transfer, false) },
      }
      return {
        next,
        events: [
          done('transfer', `${owner.name} 申请转给 ${target.name} 办理，等待对方接收`, `申请转给 ${target.name} 办理，等待对方接收`),
          done('transfer', `转办理由：${cmd.reason}`, `写明转办理由：${cmd.reason}`, true),
        ],
        notices: [{ kind: 'case.transfer', target: { to: 'station', stationId: target.id, leadsOnly: true }, summary: `${owner.name}转来诉求` }],
      }
    }
    case 'transfer_accept': {
      const p = c.pendingTransfer ?? TRANSFER_WAITING.refuse()
      const target = station(env, p.toStationId)
      const next: CaseModel = {
        ...c,
        ownerStationId: target.id,
        ownerPath: [...target.path],
        pendingTransfer: null,
        // Accepting the transfer is accepting the case: its accept clock stops (D10).
        state: c.state === 'submitted' ? 'accepted' : c.state,
        clocks: { ...c.clocks, transfer: idleClock(), accept: stopClock(c.clocks.accept) },
      }
      return {
        next,
        events: [done('transfer_accept', `${target.name} 接收了这条诉求，由它继续办理`, `接收了转办，由 ${target.name} 继续办理`)],
        notices: [{ kind: 'case.accepted', target: { to: 'worker' }, summary: `转由${target.name}办理` }],
      }
    }
    case 'transfer_decline':
    case 'miss': {
      if (cmd.type === 'transfer_decline' || cmd.clock === 'transfer') {
        const p = c.pendingTransfer ?? TRANSFER_WAITING.refuse()
        const from = station(env, p.fromStationId)
        const target = station(env, p.toStationId)
        const lca = eligibleOwner(env, c.privacy, from.path.slice(0, from.path.indexOf(lowestCommonAncestor(from.path, target.path)) + 1))
        const why = cmd.type === 'transfer_decline' ? `${target.name} 没有接收（${cmd.reason}）` : `${target.name} 超过 ${durationWords(env.policy.fixed.transfer)}没有答复`
        const base: CaseModel = { ...c, pendingTransfer: null, clocks: { ...c.clocks, transfer: idleClock() }, noReturnTo: [...new Set([...c.noReturnTo, from.id, target.id])] }
        // The common ancestor owns it (兜底). When it is the owner already, the owner simply keeps it.
        const next = lca.id === c.ownerStationId ? base : moveTo(env, base, lca)
        return {
          next,
          events: [
            cmd.type === 'miss'
              ? ev('miss', `${why}，由 ${lca.name} 负责办理`, 'system')
              : done('transfer_decline', `${why}，由 ${lca.name} 负责办理`, `没有接收转办（${cmd.reason}），由 ${lca.name} 负责办理`),
          ],
          notices: lca.id === c.ownerStationId ? [{ kind: 'case.transfer', target: { to: 'station', stationId: lca.id, leadsOnly: true }, summary: '转办未被接收' }] : [{ kind: 'case.escalated', target: { to: 'station', stationId: lca.id }, summary: '转办未接收，由你办理' }],
        }
      }
      return miss(c, cmd.clock, env, owner)
    }
    case 'escalate': {
      const parent = parentOf(env, c) ?? HAS_PARENT.refuse()
      return {
        next: moveTo(env, c, parent),
        events: [done('escalate', `${by} 上报给 ${parent.name} 办理`, `上报给 ${parent.name} 办理`), done('escalate', `上报理由：${cmd.reason}`, `写明上报理由：${cmd.reason}`, true)],
        notices: [{ kind: 'case.escalated', target: { to: 'station', stationId: parent.id }, summary: `${owner.name}上报诉求` }],
      }
    }
    case 'refer': {
      const next = { ...close(env, c, 'referred'), referral: { to: cmd.to, where: cmd.where, reason: cmd.reason } }
      const where = cmd.where ? `（${cmd.where}）` : ''
      return {
        next,
        events: [done('refer', `已转交 ${REFERRAL_LABEL[cmd.to]}${where} 处理：${cmd.reason}`, `转交 ${REFERRAL_LABEL[cmd.to]}${where} 处理：${cmd.reason}`)],
        notices: [{ kind: 'case.resolved', target: { to: 'worker' }, summary: `已转${REFERRAL_LABEL[cmd.to]}` }],
      }
    }
    case 'resolve': {
      const problem = resolutionProblem(c.category, cmd.conclusion)
      if (problem) throw new AppError('REQUEST_INVALID', problem.message, [problem.field])
      const conclusion = conclusionOf(cmd.conclusion)
      const r = replied(env, c)
      // Resolving calls off a transfer still waiting for an answer: the case needs no other station now.
      const next: CaseModel = {
        ...r,
        state: 'resolved',
        resolvedAt: env.now,
        conclusion,
        pendingTransfer: null,
        clocks: {
          ...r.clocks,
          resolve: pauseClock(env.cal, r.clocks.resolve, env.now),
          autoClose: startClock(env.cal, env.now, env.policy.fixed.autoClose, false),
          transfer: idleClock(),
        },
      }
      return {
        next,
        events: [
          { ...done('resolve', `办理结果：${cmd.text}`, `答复了办理结果：${cmd.text}`), message: cmd.text },
          done('resolve', `办结结论：${conclusionLines(conclusion).join('，')}`, `定了办结结论：${conclusionLines(conclusion).join('，')}`),
          ...(c.pendingTransfer
            ? [done('resolve', `已办结，撤回转给 ${station(env, c.pendingTransfer.toStationId).name} 的申请`, `办结时撤回了转给 ${station(env, c.pendingTransfer.toStationId).name} 的申请`, true)]
            : []),
        ],
        notices: [{ kind: 'case.resolved', target: { to: 'worker' }, summary: '诉求已答复，请确认' }],
      }
    }
    case 'flag_group': {
      const county = eligibleOwner(env, c.privacy, c.ownerPath.slice(0, 2))
      const flagged: CaseModel = { ...c, groupFlag: true }
      // The stricter deadline wins: the group resolve time counted from submission, if it is sooner.
      const groupResolve = addWorkingMinutes(env.cal, c.createdAt, minutes(env, flagged).resolve)
      const resolve = c.clocks.resolve.dueAt !== null && groupResolve < c.clocks.resolve.dueAt ? { ...c.clocks.resolve, dueAt: groupResolve, warnAt: null } : c.clocks.resolve
      const withClock: CaseModel = { ...flagged, clocks: { ...flagged.clocks, resolve } }
      const moves = county.id !== c.ownerStationId && owner.kind !== 'city'
      const next = moves ? moveTo(env, withClock, county) : withClock
      return {
        next,
        events: [
          done('flag_group', `标记为群体性诉求${moves ? `，转由 ${county.name} 办理` : ''}`, `把这条诉求标记为群体性诉求${moves ? `，转由 ${county.name} 办理` : ''}`),
          done('flag_group', `标记理由：${cmd.reason}`, `写明标记理由：${cmd.reason}`, true),
        ],
        notices: [
          ...(moves ? [{ kind: 'case.escalated' as const, target: { to: 'station' as const, stationId: county.id }, summary: '群体性诉求' }] : []),
          { kind: 'case.escalated', target: { to: 'city_admins' }, summary: '群体性诉求' },
        ],
      }
    }
    case 'supervise':
      // Between stations: the owner's officers read it (and are told); the worker's timeline does not show it.
      return {
        next: c,
        events: [done('supervise', `${by} 督办：${cmd.text}`, `督办了这条诉求：${cmd.text}`, true)],
        notices: [{ kind: 'case.escalated', target: { to: 'station', stationId: c.ownerStationId }, summary: '上级督办，请尽快办结' }],
      }
    case 'withdraw':
      return {
        next: close(env, c, 'withdrawn'),
        events: [ev('withdraw', cmd.reason ? `职工撤回了诉求：${cmd.reason}` : '职工撤回了诉求', 'worker')],
        notices: [],
      }
    case 'add_info':
      return {
        next: c,
        events: [{ ...ev('add_info', cmd.text ? `职工补充：${cmd.text}` : '职工补充了照片或录音', 'worker'), message: cmd.text }],
        notices: [{ kind: 'case.new', target: { to: 'station', stationId: c.ownerStationId }, summary: '职工补充了情况' }],
      }
    case 'confirm': {
      if (!Number.isInteger(cmd.rating) || cmd.rating < 1 || cmd.rating > 5) throw new AppError('REQUEST_INVALID', '请给 1 到 5 颗星')
      const next = { ...close(env, c, 'closed'), rating: cmd.rating }
      return { next, events: [ev('confirm', `职工确认已解决，评价 ${cmd.rating} 星${cmd.comment ? `：${cmd.comment}` : ''}`, 'worker')], notices: [] }
    }
    case 'reopen': {
      if (c.reopenCount >= MAX_REOPENS) {
        // A third "not solved": the parent takes it over with supervision (D6).
        const parent = parentOf(env, c)
        const base: CaseModel = {
          ...c,
          reopenCount: c.reopenCount + 1,
          clocks: { ...c.clocks, autoClose: idleClock(), resolve: startClock(env.cal, env.now, env.policy.fixed.supervision, true, c.clocks.resolve.misses) },
        }
        if (!parent) {
          return {
            next: { ...base, state: 'in_progress' },
            events: [{ ...ev('reopen', `职工表示问题没有解决：${cmd.reason}`, 'worker'), message: cmd.reason }],
            notices: [{ kind: 'case.escalated', target: { to: 'city_admins' }, summary: '多次未解决' }],
          }
        }
        // As a second resolve miss (D6a): the parent owns it, the parent's parent supervises; the city has none above
        // it, and city admins are told. The words name the same two stations as the case data.
        const moved = moveTo(env, base, parent)
        const grand = parentOf(env, moved)
        return {
          next: { ...moved, supervisorStationId: grand?.id ?? null },
          events: [{ ...ev('reopen', `职工表示问题没有解决：${cmd.reason}`, 'worker'), message: cmd.reason }, ev('escalate', `多次未解决，${takenUpWords(parent, grand)}`, 'system')],
          notices: [
            { kind: 'case.escalated', target: { to: 'station', stationId: parent.id }, summary: '多次未解决，由你办理' },
            grand
              ? { kind: 'case.escalated', target: { to: 'station', stationId: grand.id }, summary: '多次未解决，请督办' }
              : { kind: 'case.escalated', target: { to: 'city_admins' }, summary: '多次未解决' },
          ],
        }
      }
      // Resumes the resolve clock where it stood, with at least the supervision window left.
      const left = c.clocks.resolve.paused?.due ?? env.policy.fixed.supervision
      const next: CaseModel = {
        ...c,
        state: 'in_progress',
        reopenCount: c.reopenCount + 1,
        resolvedAt: null,
        clocks: { ...c.clocks, autoClose: idleClock(), resolve: startClock(env.cal, env.now, Math.max(left, env.policy.fixed.supervision), true, c.clocks.resolve.misses) },
      }
      return {
        next,
        events: [{ ...ev('reopen', `职工表示问题没有解决，继续办理：${cmd.reason}`, 'worker'), message: cmd.reason }],
        notices: [{ kind: 'case.new', target: { to: 'station', stationId: c.ownerStationId }, summary: '职工表示没有解决' }],
      }
    }
    case 'relocate':
      return relocate(c, env)
    case 'owner_suspended': {
      if (owner.status !== 'suspended') illegal()
      const target = eligibleOwner(env, c.privacy, c.ownerPath)
      if (target.id === owner.id) illegal()
      // A resolved case keeps its state and its confirmation clock; an open one is accepted again up there.
      const next = c.state === 'resolved' ? { ...c, ownerStationId: target.id, ownerPath: [...target.path] } : moveTo(env, c, target)
      return {
        next,
        events: [ev('owner_suspended', `${owner.name} 暂停服务，这条诉求改由 ${target.name} 办理`, 'system')],
        notices: c.state === 'resolved' ? [] : [{ kind: 'case.escalated', target: { to: 'station', stationId: target.id }, summary: '下级驿站暂停服务' }],
      }
    }
    case 'owner_moved': {
      // The owner's stored path is its new one: the stations above it (who may read, supervise, take it up) change.
      if (owner.path.length === c.ownerPath.length && owner.path.every((id, i) => id === c.ownerPath[i])) illegal()
      const words = `${cmd.movedName} 改归 ${cmd.parentName} 管理，这条诉求仍由 ${owner.name} 办理`
      return {
        next: { ...c, ownerPath: [...owner.path] },
        events: [ev('owner_moved', words, 'system', TERMINAL_STATES.includes(c.state))],
        notices: [],
      }
    }
    case 'warn': {
      const clock = c.clocks[cmd.clock]
      if (clock.warnAt === null || clock.warnAt > env.now) illegal()
      const next: CaseModel = { ...c, clocks: { ...c.clocks, [cmd.clock]: { ...clock, warnAt: null } } }
      return {
        next,
        events: [ev('warn', `${CLOCK_WORDS[cmd.clock]}时限已过 75%，已提醒 ${owner.name}`, 'system', true)],
        notices: [{ kind: 'case.warning', target: { to: 'station', stationId: c.ownerStationId }, summary: `${CLOCK_WORDS[cmd.clock]}即将超期` }],
      }
    }
  }
}

/** What each clock is for, in words (one table for the whole product, D33). */
export const CLOCK_WORDS = CLOCK_LABEL

/** Whether a case sits anywhere the visibility rule (D8a) does not let it be: owner, first station or transfer target. */
export const misplaced = (c: CaseModel, env: Pick<EngineEnv, 'stations'>): boolean => {
  const holds = (id: string) => stationMayHold(station(env, id).kind, c.privacy)
  return !holds(c.ownerStationId) || !holds(c.firstStationId) || (!!c.pendingTransfer && !holds(c.pendingTransfer.toStationId))
}

/**
 * Moves a case out of stations that may not hold it (D8a), for data written before the rule: the nearest
 * eligible ancestor owns it (an open case must be accepted there again, on a fresh accept clock), a transfer
 * waiting on such a station is called off, and that station stops being the first station.
 */
const relocate = (c: CaseModel, env: EngineEnv): Decision => {
  if (!misplaced(c, env)) illegal()
  const target = eligibleOwner(env, c.privacy, c.ownerPath)
  const moves = target.id !== c.ownerStationId
  const open = !TERMINAL_STATES.includes(c.state)
  const holds = (id: string) => stationMayHold(station(env, id).kind, c.privacy)
  const transferOff = !!c.pendingTransfer && (!holds(c.pendingTransfer.toStationId) || moves)
  let next: CaseModel = transferOff ? { ...c, pendingTransfer: null, clocks: { ...c.clocks, transfer: idleClock() } } : c
  if (moves) next = open ? moveTo(env, next, target) : { ...next, ownerStationId: target.id, ownerPath: [...target.path] }
  if (!holds(next.firstStationId)) next = { ...next, firstStationId: next.ownerStationId }
  const events: TimelineEvent[] = moves
    ? [{ ...ev('relocate', `为保护你的隐私，这条诉求不再经企业驿站，改由 ${target.name} 办理`, 'system'), did: `为保护职工的隐私，这条诉求不再经企业驿站，改由 ${target.name} 办理` }]
    : [ev('relocate', '按隐私规则，企业驿站不再查看这条诉求', 'system', true)]
  return {
    next,
    events,
    notices: moves && open ? [{ kind: 'case.escalated', target: { to: 'station', stationId: target.id }, summary: '按隐私规则转来的诉求' }] : [],
  }
}

/** A clock ran out (the sweep). */
const miss = (c: CaseModel, clock: ClockName, env: EngineEnv, owner: StationRef): Decision => {
  const state = c.clocks[clock]
  if (state.dueAt === null || state.dueAt > env.now) illegal()
  switch (clock) {
    case 'accept': {
      if (c.state !== 'submitted') illegal()
      const parent = parentOf(env, c)
      if (!parent) {
        // The city has no parent: it keeps the case, city admins are alerted, and the clock runs again (D11).
        const next: CaseModel = { ...c, clocks: { ...c.clocks, accept: startClock(env.cal, env.now, minutes(env, c).accept, false, state.misses + 1) } }
        return {
          next,
          events: [ev('miss', `${owner.name} 超过受理时限，已提醒市级管理员`, 'system', true)],
          notices: [{ kind: 'case.escalated', target: { to: 'city_admins' }, summary: '超时未受理' }],
        }
      }
      return {
        next: moveTo(env, c, parent),
        events: [ev('miss', `${owner.name} 超过受理时限未受理，自动上报 ${parent.name}`, 'system')],
        notices: [{ kind: 'case.escalated', target: { to: 'station', stationId: parent.id }, summary: '下级超时未受理' }],
      }
    }
    case 'firstReply':
      // A missed first reply only warns, once (D13).
      return {
        next: { ...c, clocks: { ...c.clocks, firstReply: { dueAt: null, warnAt: null, misses: state.misses + 1 } } },
        events: [ev('miss', `超过首次答复时限，已提醒 ${owner.name} 负责人`, 'system', true)],
        notices: [{ kind: 'case.warning', target: { to: 'station', stationId: c.ownerStationId, leadsOnly: true }, summary: '首次答复已超期' }],
      }
    case 'resolve': {
      const misses = state.misses + 1
      const parent = parentOf(env, c)
      const clockAgain = startClock(env.cal, env.now, env.policy.fixed.supervision, true, misses)
      if (misses === 1 || !parent) {
        // First miss: the parent supervises (督办) with a short new deadline (D14). The city supervises itself.
        const supervisor = parent ?? owner
        return {
          next: { ...c, supervisorStationId: supervisor.id, clocks: { ...c.clocks, resolve: clockAgain } },
          events: [ev('supervised', `超过办结时限，${supervisor.name} 督办，${durationWords(env.policy.fixed.supervision)}内办结`, 'system')],
          notices: [
            { kind: 'case.escalated', target: { to: 'station', stationId: supervisor.id }, summary: '下级超期，请督办' },
            { kind: 'case.warning', target: { to: 'station', stationId: c.ownerStationId }, summary: '办结已超期，已督办' },
            ...(parent ? [] : [{ kind: 'case.escalated' as const, target: { to: 'city_admins' as const }, summary: '市级办结超期' }]),
          ],
        }
      }
      // Missed again: the parent owns it, and its parent supervises.
      const moved = moveTo(env, { ...c, clocks: { ...c.clocks, resolve: clockAgain } }, parent)
      const grand = parentOf(env, moved)
      return {
        next: { ...moved, supervisorStationId: grand?.id ?? parent.id },
        events: [ev('miss', `再次超过办结时限，${takenUpWords(parent, grand)}`, 'system')],
        notices: [
          { kind: 'case.escalated', target: { to: 'station', stationId: parent.id }, summary: '下级再次超期，由你办理' },
          ...(grand ? [{ kind: 'case.escalated' as const, target: { to: 'station' as const, stationId: grand.id }, summary: '请督办' }] : []),
        ],
      }
    }
    case 'autoClose': {
      if (c.state !== 'resolved') illegal()
      return {
        next: close(env, c, 'closed_unconfirmed'),
        events: [ev('miss', `职工 ${durationWords(env.policy.fixed.autoClose)}内没有确认，诉求自动结案（未确认）`, 'system')],
        notices: [],
      }
    }
    case 'transfer':
      return illegal()
  }
}

/** What the sweep should do now, in order (each one re-applied on the result of the previous). */
export const dueCommands = (c: CaseModel, now: number): Command[] => {
  const out: Command[] = []
  const due = (n: ClockName) => c.clocks[n].dueAt !== null && c.clocks[n].dueAt! <= now
  const warn = (n: ClockName) => c.clocks[n].warnAt !== null && c.clocks[n].warnAt! <= now && !due(n)
  if (due('transfer')) out.push({ type: 'miss', clock: 'transfer' })
  if (c.state === 'submitted' && due('accept')) out.push({ type: 'miss', clock: 'accept' })
  if (due('resolve') && c.state !== 'resolved') out.push({ type: 'miss', clock: 'resolve' })
  if (c.state === 'resolved' && due('autoClose')) out.push({ type: 'miss', clock: 'autoClose' })
  if (due('firstReply')) out.push({ type: 'miss', clock: 'firstReply' })
  for (const n of ['accept', 'firstReply', 'resolve'] as const) if (warn(n)) out.push({ type: 'warn', clock: n })
  return out
}

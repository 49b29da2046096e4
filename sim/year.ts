import { memoryFiles } from '../cloudfunctions/core/adapters/files/local'
import { createSqliteStore } from '../cloudfunctions/core/adapters/sqlite/store'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import type { CaseDoc, MembershipDoc } from '../cloudfunctions/core/app/records'
import { storeClock } from '../cloudfunctions/core/app/time'
import { DEFAULT_SLA_POLICY } from '../cloudfunctions/core/domain/sla-policy'
import { addWorkingMinutes, workingMinutesBetween, type WorkdayCalendar } from '../cloudfunctions/core/domain/working-time'
import { embeddedContentCheck } from '../cloudfunctions/local/content-check'
import { localPorts } from '../cloudfunctions/local/ports'
import type { LogEntry } from '../cloudfunctions/core/ports'
import { COLLECTIONS } from '../cloudfunctions/core/ports/collections'
import type { Store } from '../cloudfunctions/core/ports/store'
import { mayAccessCase, type CaseAccess } from '../types/authz'
import { TERMINAL_STATES, type Category } from '../types/domain'
import type { Result } from '../types/errors'
import type { FunctionName } from '../types/functions'
import { CODE_ALPHABET } from '../types/values'
import { checkInvariants, ownersOfOpenCases, type Invariants } from './invariants'
import { buildLoad, DAY_MS, LATER_ANSWER, midnightOf, springFestival, ymdOf, type CaseSpec, type WorkerAnswer } from './load'
import { allStations, buildSimNetwork, seedSimNetwork } from './network'
import { makeRng } from './rng'

/**
 * A year of the whole network on the real handlers under a fake clock (issue #19 §6, ADR 0030): workers file
 * (`case.submit`), officers accept, reply, resolve and now and then escalate, workers confirm, reopen, withdraw
 * or never answer, all through `dispatch` as the functions receive them; the sweep (`sweep.run`) runs at every
 * tick of the sweep schedule below. Officers of a share of the stations' hand-overs act late or never, and some
 * stations go quiet for weeks: the sweep's escalations and 督办 are what brings those cases to someone.
 *
 * The simulator decides who does what and when; whether the network held is read afterwards from the store
 * alone (`invariants.ts`).
 */

export interface SimOptions {
  days: number
  cases: number
  seed: number
  /** First day, Shanghai date. */
  start: string
  /** After the last filing day, how many more days the network may take to finish what is open. */
  drainDays: number
  /** Share of hand-overs on which the officers act late (half) or never (half). */
  slowShare: number
  /** Share of the stations below the counties that go quiet once in the year, for 2–6 weeks. */
  quietShare: number
  /** Another store (the CloudBase adapter for the calibration run); in-memory SQLite by default. */
  store?: Store
  /** Requests made so far at the store's endpoint (the CloudBase fake), to count each call's round trips. */
  requests?: () => number
  /** Check the owners of open cases every this many simulated days (and at the end). */
  checkEveryDays: number
  progress?: (line: string) => void
}

export const DEFAULT_OPTIONS: SimOptions = { days: 365, cases: 60_000, seed: 2026, start: '2026-01-01', drainDays: 120, slowShare: 0.2, quietShare: 0.12, checkEveryDays: 30 }

/**
 * When the sweep runs: on each working day at 09:30, 10:30, 11:30, 12:00, 14:30, 15:30, 16:30 and 17:30, and at
 * 02:00 every day. Every deadline falls in working time ([08:30, 12:00) or [13:30, 17:30), ending at 12:00 or
 * 17:30 at the latest), so each is acted on within 60 minutes that are all working minutes: within its working
 * hour. The deployed timer runs every 5 minutes; the runs between these ticks find nothing due that these do not.
 */
export const SWEEP_TIMES = ['09:30', '10:30', '11:30', '12:00', '14:30', '15:30', '16:30', '17:30']
const NIGHTLY = '02:00'
const at = (dayStart: number, hm: string) => dayStart + (Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3))) * 60_000

/** The sweep ticks of one Shanghai day. */
const ticksOf = (cal: WorkdayCalendar, dayStart: number): number[] => [at(dayStart, NIGHTLY), ...(cal.isWorkingDay(ymdOf(dayStart)) ? SWEEP_TIMES.map((t) => at(dayStart, t)) : [])]

type Fate = 'timely' | 'late' | 'never'
type OfficerStep = 'accept' | 'reply' | 'resolve' | 'escalate'
type Task =
  | { at: number; seq: number; kind: 'file'; spec: CaseSpec }
  | { at: number; seq: number; kind: 'officer'; caseId: string; station: string; step: OfficerStep; episode: number }
  | { at: number; seq: number; kind: 'worker'; caseId: string; step: 'confirm' | 'reopen' | 'withdraw'; episode: number }

type NewTask = Task extends unknown ? (Task extends infer T ? (T extends Task ? Omit<T, 'seq'> : never) : never) : never

/** A binary heap of tasks by time, then by the order they were made. */
class Queue {
  private h: Task[] = []
  private seq = 0
  get size() {
    return this.h.length
  }
  peek = () => this.h[0]
  push(t: NewTask) {
    const task = { ...t, seq: this.seq++ } as Task
    const h = this.h
    h.push(task)
    for (let i = h.length - 1; i > 0; ) {
      const p = (i - 1) >> 1
      if (!less(h[i]!, h[p]!)) break
      ;[h[i], h[p]] = [h[p]!, h[i]!]
      i = p
    }
  }
  pop(): Task | undefined {
    const h = this.h
    const top = h[0]
    const last = h.pop()
    if (h.length > 0 && last) {
      h[0] = last
      for (let i = 0; ; ) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < h.length && less(h[l]!, h[m]!)) m = l
        if (r < h.length && less(h[r]!, h[m]!)) m = r
        if (m === i) break
        ;[h[i], h[m]] = [h[m]!, h[i]!]
        i = m
      }
    }
    return top
  }
}
const less = (a: Task, b: Task) => a.at < b.at || (a.at === b.at && a.seq < b.seq)

/** What the simulator remembers of a case to decide what its people do next (never used to judge the run). */
interface Known {
  spec: CaseSpec
  episode: number
  fate: Fate
  owner: string
  sig: string
  resolutions: number
  open: boolean
}

export interface OpStats {
  calls: number
  requests: number
}
export interface SweepRun {
  at: number
  examined: number
  applied: number
  delivered: number
  requests: number
  complete: boolean
}

export interface SimReport {
  options: Omit<SimOptions, 'store' | 'requests' | 'progress'>
  network: { stations: number; byKind: Record<string, number>; officers: number; memberships: number; unstaffed: number; quiet: Array<{ stationId: string; from: string; days: number }> }
  load: { cases: number; byCategory: Record<string, number>; byPrivacy: Record<string, number>; group: number; byMonth: Record<string, { all: number; wage_arrears: number }>; springFestival: string | null }
  run: {
    wallMs: number
    /** CPU time of this process (user + system): what the run costs whatever else the machine is doing. */
    cpuMs: number
    simulatedDays: number
    endedAt: string
    ops: Record<string, OpStats>
    sweeps: { runs: number; applied: number; delivered: number; incomplete: number; runsPerWorkingDay: number }
    /** Per simulated day: each operation's calls, and the sweep's runs, steps and deliveries. */
    perDay: Array<{ day: string; ops: Record<string, number>; sweeps: number; applied: number; delivered: number }>
    refused: Record<string, number>
    unexpected: Array<{ op: string; code: string; message: string }>
    errorLogs: number
    notices: number
    behaviour: { fates: Record<Fate, number>; tooLate: number; nobodyToAct: number; deferredQuiet: number }
  }
  sweepRuns: SweepRun[]
  /**
   * Requests of a timer run right after each tick's, at the same moment (calibration runs only): what the
   * deployed timer's runs between the ticks cost, with nothing due and its hourly passes done (ADR 0044).
   */
  betweenRuns: number[]
  invariants: Invariants
}

const textOf: Record<'reply' | 'resolve', string[]> = {
  reply: ['已经联系用人单位核实情况，请保持电话畅通。', '收到你的诉求，我们正在了解情况。', '已约单位负责人下周来驿站面谈。'],
  resolve: ['经调解，单位已同意按约定支付。', '已向你解释相关政策和办理渠道。', '单位已补发拖欠款项，请核实。', '双方已达成调解协议。'],
}
const CONCLUSIONS: Record<string, number> = { solved: 50, partly: 12, mediated: 16, explained: 8, arbitration: 5, inspection: 5, unfounded: 4 }

/** Deterministic ids and codes of the product's shapes. */
const simIds = () => {
  let seq = 0
  const code = (n: number, length: number) => {
    let out = ''
    for (let v = n; v > 0; v = Math.floor(v / CODE_ALPHABET.length)) out = CODE_ALPHABET[v % CODE_ALPHABET.length] + out
    return out.padStart(length, CODE_ALPHABET[0]).slice(-length)
  }
  return { next: () => `01SIM${String(++seq).padStart(21, '0')}`, code: (length = 8) => code(++seq, length) }
}

export const simulateYear = async (partial: Partial<SimOptions> = {}): Promise<SimReport> => {
  const o: SimOptions = { ...DEFAULT_OPTIONS, ...partial }
  const wall0 = performance.now()
  const cpu0 = process.cpuUsage()
  const rng = makeRng(o.seed)
  const store = o.store ?? createSqliteStore({ file: ':memory:' })
  const startMs = midnightOf(o.start)
  const clock = { now: startMs - DAY_MS }
  const errorLogs: LogEntry[] = []
  let notices = 0
  const files = memoryFiles('sim-secret-0123456789abcdef', () => clock.now)
  const ports = localPorts(store, 'sim-secret-0123456789abcdef', {
    clock: storeClock(store, () => clock.now),
    ids: simIds(),
    files,
    contentCheck: embeddedContentCheck(files, () => clock.now),
    log: (e) => void (e.level === 'error' && errorLogs.push(e)),
    notifier: { send: async () => ((notices += 1), { ok: true }) },
  })
  const net = buildSimNetwork(makeRng(o.seed + 1))
  await seedSimNetwork(store, clock.now, net)
  const stations = allStations(net)
  const stationById = new Map(stations.map((s) => [s._id, s]))
  const cal = ports.clock.calendar()

  // Who works where, as stored (the simulator picks its actors from the same memberships the dispatcher checks).
  const members = new Map<string, MembershipDoc[]>()
  for (let after: string | undefined, first = true; first || after; first = false) {
    const page = await store.find<MembershipDoc>(COLLECTIONS.memberships, { limit: 1000, after })
    for (const m of page.items) members.set(m.stationId, [...(members.get(m.stationId) ?? []), m])
    after = page.next
  }
  const actorFor = (stationId: string, access: CaseAccess, privacy: CaseDoc['privacy']): string | null => {
    const can = (members.get(stationId) ?? []).filter((m) => mayAccessCase(access, privacy, [{ role: m.role, side: m.side, relation: 'owner' }]))
    return can.length ? rng.pick(can).openid : null
  }

  // Stations that go quiet: nobody there acts for a few weeks.
  const quiet = new Map<string, { from: number; to: number }>()
  const qrng = makeRng(o.seed + 2)
  for (const s of stations) {
    if (s.kind === 'city' || s.kind === 'county' || !qrng.chance(o.quietShare)) continue
    const from = startMs + Math.floor(qrng.between(0, o.days)) * DAY_MS
    quiet.set(s._id, { from, to: from + qrng.int(14, 42) * DAY_MS })
  }
  const quietUntil = (stationId: string, t: number) => {
    const q = quiet.get(stationId)
    return q && t >= q.from && t < q.to ? q.to : null
  }

  const load = buildLoad(makeRng(o.seed + 3), cal, startMs, o.days, o.cases, stations)
  const queue = new Queue()
  for (const spec of load) queue.push({ at: spec.at, kind: 'file', spec })

  // Bookkeeping of the run.
  const ops: Record<string, OpStats> = {}
  const perDay = new Map<string, { ops: Record<string, number>; sweeps: number; applied: number; delivered: number }>()
  const dayOf = (t: number) => {
    const k = ymdOf(t)
    let d = perDay.get(k)
    if (!d) perDay.set(k, (d = { ops: {}, sweeps: 0, applied: 0, delivered: 0 }))
    return d
  }
  const refused: Record<string, number> = {}
  const unexpected: SimReport['run']['unexpected'] = []
  const fates: Record<Fate, number> = { timely: 0, late: 0, never: 0 }
  const behaviour = { tooLate: 0, nobodyToAct: 0, deferredQuiet: 0 }
  const sweepRuns: SweepRun[] = []
  const betweenRuns: number[] = []
  const known = new Map<string, Known>()
  let open = 0
  let reqSeq = 0

  const call = async (fn: FunctionName, op: string, openid: string | null, input: unknown): Promise<Result<unknown>> => {
    const before = o.requests?.() ?? 0
    const r = await dispatch(fn, { op, input, requestId: `sim-${String(++reqSeq).padStart(9, '0')}` }, { openid, via: fn === 'sweep' ? 'timer' : 'local' }, ports)
    const stat = (ops[op] ??= { calls: 0, requests: 0 })
    stat.calls += 1
    stat.requests += (o.requests?.() ?? 0) - before
    const d = dayOf(clock.now)
    d.ops[op] = (d.ops[op] ?? 0) + 1
    return r
  }
  /** A refusal the simulator expects now and then (the case moved meanwhile, a limit): counted; anything else is a finding. */
  const EXPECTED = new Set(['CASE_CONFLICT', 'CASE_ILLEGAL_ACTION', 'RATE_LIMITED', 'CASE_NOT_FOUND', 'FORBIDDEN'])
  const refusal = (op: string, r: Result<unknown>): string | null => {
    if (r.ok) return null
    refused[`${op}:${r.error.code}`] = (refused[`${op}:${r.error.code}`] ?? 0) + 1
    if (!EXPECTED.has(r.error.code) && unexpected.length < 50) unexpected.push({ op, code: r.error.code, message: r.error.message })
    return r.error.code
  }

  const sigOf = (c: CaseDoc) => [c.ownerStationId, c.state, c.supervisorStationId, c.clocks.resolve.misses, c.clocks.accept.dueAt, c.reopenCount].join('|')
  const drawFate = (again: boolean): Fate => {
    const f: Fate = again ? (rng.chance(0.7) ? 'timely' : 'never') : rng.chance(1 - o.slowShare) ? 'timely' : rng.chance(0.5) ? 'late' : 'never'
    fates[f] += 1
    return f
  }
  /** An instant `fraction` of the working time from now to `due` (or `fallback` working minutes when none runs). */
  const within = (due: number | null, fraction: number, fallback: number) => addWorkingMinutes(cal, clock.now, Math.max(5, Math.floor((due === null ? fallback : Math.max(0, workingMinutesBetween(cal, clock.now, due))) * fraction)))
  const after = (due: number | null, minutes: number) => addWorkingMinutes(cal, Math.max(due ?? clock.now, clock.now), Math.max(5, Math.floor(minutes)))
  const supervision = DEFAULT_SLA_POLICY.fixed.supervision

  /** The people of the case's current owner decide what they will do (a new episode), from the case as stored now. */
  const plan = (c: CaseDoc, why: 'filed' | 'accepted' | 'sweep' | 'reopened' | 'escalated') => {
    const k = known.get(c._id)!
    k.sig = sigOf(c)
    if (TERMINAL_STATES.includes(c.state)) {
      if (k.open) open -= 1
      k.open = false
      return
    }
    if (c.state === 'resolved' || c.state === 'on_hold') return
    // A late officer's resolution already planned stays planned through the 督办 it causes.
    if (why === 'sweep' && k.fate === 'late' && k.owner === c.ownerStationId && c.state !== 'submitted') return
    const again = why === 'sweep' && k.owner === c.ownerStationId
    k.episode += 1
    k.owner = c.ownerStationId
    k.fate = drawFate(again)
    const base = { kind: 'officer' as const, caseId: c._id, station: c.ownerStationId, episode: k.episode }
    if (k.fate === 'never') return
    if (c.state === 'submitted') {
      const when = k.fate === 'timely' ? within(c.clocks.accept.dueAt, rng.chance(0.25) ? rng.between(0.76, 0.97) : rng.between(0.05, 0.7), 450) : after(c.clocks.accept.dueAt, rng.between(30, 900))
      const kind = stationById.get(c.ownerStationId)!.kind
      const escalate = why === 'filed' && kind !== 'county' && kind !== 'city' && rng.chance(0.03)
      queue.push({ ...base, at: when, step: escalate ? 'escalate' : 'accept' })
      return
    }
    const resolveAt = k.fate === 'timely' ? within(c.clocks.resolve.dueAt, rng.between(0.1, 0.95), supervision) : after(c.clocks.resolve.dueAt, rng.between(0.1, 1.4) * supervision)
    const replyDue = c.clocks.firstReply.dueAt
    if (replyDue !== null && resolveAt > replyDue && c.firstRepliedAt === null) queue.push({ ...base, at: within(replyDue, rng.between(0.2, 0.95), 450), step: 'reply' })
    queue.push({ ...base, at: resolveAt, step: 'resolve' })
  }

  const get = (id: string) => store.get<CaseDoc>(COLLECTIONS.cases, id)

  const file = async (spec: CaseSpec) => {
    const input = {
      stationId: spec.stationId,
      channel: 'qr',
      category: spec.category,
      description: spec.description,
      workersAffected: spec.workersAffected,
      aboutOwnEmployer: true,
      privacy: spec.privacy,
      ...(spec.employer ? { employer: spec.employer } : {}),
      ...(spec.amountOwed ? { amountOwed: spec.amountOwed } : {}),
      ...(spec.privacy === 'anonymous' ? {} : { contact: { name: '模拟职工', phone: `139${String(10_000_000 + spec.n).slice(-8)}` } }),
    }
    const r = await call('worker', 'case.submit', spec.worker, input)
    if (refusal('case.submit', r) || !r.ok) return
    const id = (r.data as { id: string }).id
    const c = (await get(id))!
    known.set(id, { spec, episode: 0, fate: 'timely', owner: '', sig: '', resolutions: 0, open: true })
    open += 1
    plan(c, 'filed')
    if (spec.withdrawAfterMs) queue.push({ kind: 'worker', caseId: id, step: 'withdraw', at: spec.at + spec.withdrawAfterMs, episode: -1 })
  }

  const officer = async (t: Extract<Task, { kind: 'officer' }>) => {
    const k = known.get(t.caseId)!
    if (k.episode !== t.episode) return
    const c = (await get(t.caseId))!
    if (c.ownerStationId !== t.station || TERMINAL_STATES.includes(c.state)) return void (behaviour.tooLate += 1)
    const until = quietUntil(t.station, clock.now)
    if (until !== null) {
      behaviour.deferredQuiet += 1
      return queue.push({ ...t, at: addWorkingMinutes(cal, until, rng.int(30, 900)) })
    }
    const access: CaseAccess = t.step
    const actor = actorFor(t.station, access, c.privacy)
    if (!actor) return void (behaviour.nobodyToAct += 1)
    const target = { id: c._id, version: c._v }
    let r: Result<unknown>
    const op = `case.${t.step}`
    switch (t.step) {
      case 'accept':
        if (c.state !== 'submitted') return void (behaviour.tooLate += 1)
        r = await call('officer', op, actor, target)
        break
      case 'escalate':
        if (c.ownerPath.length < 2) return
        r = await call('officer', op, actor, { ...target, reason: '涉及多个部门，需要上级驿站协调。' })
        break
      case 'reply':
        if (c.state !== 'accepted' && c.state !== 'in_progress') return void (behaviour.tooLate += 1)
        r = await call('officer', op, actor, { ...target, text: rng.pick(textOf.reply) })
        break
      case 'resolve': {
        if (c.state !== 'accepted' && c.state !== 'in_progress') return void (behaviour.tooLate += 1)
        const wage = (c.category as Category) === 'wage_arrears'
        const conclusion = c.category === 'policy_question' ? 'explained' : rng.weighted(CONCLUSIONS)
        const paid = conclusion === 'solved' || conclusion === 'mediated'
        r = await call('officer', op, actor, {
          ...target,
          text: rng.pick(textOf.resolve),
          conclusion,
          ...(wage ? { amountRecovered: paid ? (c.amountOwed ?? 0) : 0, workersPaid: paid ? c.workersAffected : 0 } : {}),
        })
        break
      }
    }
    const code = refusal(op, r)
    if (code === 'RATE_LIMITED' || code === 'CASE_CONFLICT') return queue.push({ ...t, at: addWorkingMinutes(cal, clock.now, 60) })
    if (code) return
    const now = (await get(t.caseId))!
    if (t.step === 'accept') plan(now, 'accepted')
    if (t.step === 'escalate') plan(now, 'escalated')
    if (t.step === 'resolve') {
      k.sig = sigOf(now)
      const answer: WorkerAnswer = k.resolutions === 0 ? k.spec.firstAnswer : rng.weighted(LATER_ANSWER)
      k.resolutions += 1
      if (answer !== 'silent') queue.push({ kind: 'worker', caseId: c._id, step: answer, at: clock.now + Math.floor(rng.between(0.05, answer === 'reopen' ? 4 : 5) * DAY_MS), episode: k.episode })
    }
  }

  const worker = async (t: Extract<Task, { kind: 'worker' }>) => {
    const k = known.get(t.caseId)!
    const c = (await get(t.caseId))!
    const target = { id: c._id, version: c._v }
    let r: Result<unknown>
    if (t.step === 'withdraw') {
      if (TERMINAL_STATES.includes(c.state) || c.state === 'resolved') return
      r = await call('worker', 'case.withdraw', k.spec.worker, { ...target, reason: '问题已经自己解决了。' })
    } else {
      if (c.state !== 'resolved') return
      r = t.step === 'confirm'
        ? await call('worker', 'case.confirm', k.spec.worker, { ...target, rating: rng.weighted({ 5: 55, 4: 25, 3: 12, 2: 5, 1: 3 }) === '5' ? 5 : rng.int(1, 4) })
        : await call('worker', 'case.reopen', k.spec.worker, { ...target, reason: '单位还是没有把钱发下来。' })
    }
    if (refusal(`case.${t.step}`, r)) return
    const now = (await get(t.caseId))!
    plan(now, t.step === 'reopen' ? 'reopened' : 'sweep')
  }

  const sweep = async () => {
    // Which cases the sweep is about to see (its own index), to learn afterwards what it did to them.
    const due: string[] = []
    for (let after: string | undefined, first = true; first || after; first = false) {
      const page = await store.find<CaseDoc>(COLLECTIONS.cases, { where: { nextDueAt: { $lte: clock.now } }, orderBy: { field: 'nextDueAt', dir: 'asc' }, limit: 1000, after })
      for (const c of page.items) due.push(c._id)
      after = page.next
    }
    const before = o.requests?.() ?? 0
    const r = await call('sweep', 'sweep.run', null, {})
    if (refusal('sweep.run', r) || !r.ok) return
    const data = r.data as { cases: { examined: number; applied: number; complete: boolean }; delivered: number }
    const run = { at: clock.now, examined: data.cases.examined, applied: data.cases.applied, delivered: data.delivered, requests: (o.requests?.() ?? 0) - before, complete: data.cases.complete }
    sweepRuns.push(run)
    if (o.requests) {
      const first = o.requests()
      await call('sweep', 'sweep.run', null, {})
      betweenRuns.push(o.requests() - first)
    }
    const d = dayOf(clock.now)
    d.sweeps += 1
    d.applied += run.applied
    d.delivered += run.delivered
    for (const id of due) {
      const k = known.get(id)
      const c = await get(id)
      if (!k || !c) continue
      if (sigOf(c) !== k.sig) plan(c, 'sweep')
    }
    invariantsAfterSweep.push(run.complete ? await store.count(COLLECTIONS.cases, { nextDueAt: { $lte: clock.now } }) : 0)
  }
  const invariantsAfterSweep: number[] = []
  const ownerChecks: Array<{ at: number; open: number; withoutActor: string[] }> = []

  // The loop: tasks and sweep ticks in time order, until the filing days and then the open cases are done.
  const filingEnd = startMs + o.days * DAY_MS
  const hardEnd = filingEnd + o.drainDays * DAY_MS
  let day = startMs
  let ticks = ticksOf(cal, day)
  let nextCheck = startMs + o.checkEveryDays * DAY_MS
  let lastProgress = startMs
  for (;;) {
    while (ticks.length === 0) {
      day += DAY_MS
      ticks = ticksOf(cal, day)
    }
    const tick = ticks[0]!
    if (tick >= hardEnd || (tick >= filingEnd && open === 0)) break
    const next = queue.peek()
    if (next && next.at < tick) {
      queue.pop()
      clock.now = Math.max(clock.now, next.at)
      if (next.kind === 'file') await file(next.spec)
      else if (next.kind === 'officer') await officer(next)
      else await worker(next)
      continue
    }
    ticks.shift()
    clock.now = tick
    await sweep()
    if (tick >= nextCheck) {
      nextCheck += o.checkEveryDays * DAY_MS
      ownerChecks.push({ at: tick, ...(await ownersOfOpenCases(store)) })
    }
    if (o.progress && tick - lastProgress >= 30 * DAY_MS) {
      lastProgress = tick
      o.progress(`${ymdOf(tick)}  已提交 ${known.size} 件，未办结 ${open} 件，用时 ${((performance.now() - wall0) / 1000).toFixed(0)} s`)
    }
  }
  ownerChecks.push({ at: clock.now, ...(await ownersOfOpenCases(store)) })
  const invariants = await checkInvariants(store, sweepRuns[sweepRuns.length - 1]?.at ?? clock.now, { afterSweeps: invariantsAfterSweep, ownerChecks })

  const byKind: Record<string, number> = {}
  for (const s of stations) byKind[s.kind] = (byKind[s.kind] ?? 0) + 1
  const count = <K extends string>(xs: K[]) => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {})
  const byMonth: Record<string, { all: number; wage_arrears: number }> = {}
  for (const s of load) {
    const m = ymdOf(s.at).slice(0, 7)
    byMonth[m] ??= { all: 0, wage_arrears: 0 }
    byMonth[m]!.all += 1
    if (s.category === 'wage_arrears') byMonth[m]!.wage_arrears += 1
  }
  const { store: _s, requests: _r, progress: _p, ...options } = o
  const report: SimReport = {
    options,
    network: {
      stations: stations.length,
      byKind,
      officers: new Set([...members.values()].flat().map((m) => m.openid)).size,
      memberships: [...members.values()].flat().length,
      unstaffed: stations.filter((s) => !members.has(s._id)).length,
      quiet: [...quiet].map(([stationId, q]) => ({ stationId, from: ymdOf(q.from), days: Math.round((q.to - q.from) / DAY_MS) })),
    },
    load: {
      cases: load.length,
      byCategory: count(load.map((s) => s.category)),
      byPrivacy: count(load.map((s) => s.privacy)),
      group: load.filter((s) => s.workersAffected >= 10).length,
      byMonth,
      springFestival: springFestival(Number(o.start.slice(0, 4))),
    },
    run: {
      wallMs: Math.round(performance.now() - wall0),
      cpuMs: (({ user, system }) => Math.round((user + system) / 1000))(process.cpuUsage(cpu0)),
      simulatedDays: Math.round((clock.now - startMs) / DAY_MS),
      endedAt: ymdOf(clock.now),
      ops,
      sweeps: {
        runs: sweepRuns.length,
        applied: sweepRuns.reduce((s, r) => s + r.applied, 0),
        delivered: sweepRuns.reduce((s, r) => s + r.delivered, 0),
        incomplete: sweepRuns.filter((r) => !r.complete).length,
        runsPerWorkingDay: SWEEP_TIMES.length + 1,
      },
      perDay: [...perDay].map(([d, v]) => ({ day: d, ...v })),
      refused,
      unexpected,
      errorLogs: errorLogs.length,
      notices,
      behaviour: { fates, ...behaviour },
    },
    sweepRuns,
    betweenRuns,
    invariants,
  }
  if (!o.store) await store.close()
  return report
}


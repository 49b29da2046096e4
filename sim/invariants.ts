import type { AccessLogDoc, CaseDoc, CaseEventDoc, MembershipDoc, OutboxDoc, StationDoc } from '../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../cloudfunctions/core/ports/collections'
import type { Store, StoredDoc, Where } from '../cloudfunctions/core/ports/store'
import { mayAccessCase, stationMayHold } from '../types/authz'
import { CaseState, TERMINAL_STATES, type Privacy } from '../types/domain'

/**
 * What the simulated year must show, read from the store alone (cases, events, memberships, stations, the
 * outbox and the access log), never from the simulator's own bookkeeping. ADR 0030 defines each one.
 */

/** Every document of a collection (matching `where`), a page at a time. */
const each = async <T extends StoredDoc>(store: Store, collection: string, visit: (doc: T) => void, where?: Where): Promise<void> => {
  for (let after: string | undefined, first = true; first || after; first = false) {
    const page = await store.find<T>(collection, { where, limit: 1000, after })
    page.items.forEach(visit)
    after = page.next
  }
}
const all = async <T extends StoredDoc>(store: Store, collection: string, where?: Where): Promise<T[]> => {
  const out: T[] = []
  await each<T>(store, collection, (d) => void out.push(d), where)
  return out
}

const NOT_TERMINAL = CaseState.options.filter((s) => !TERMINAL_STATES.includes(s))

/** The network as stored: stations by id, and the memberships of each station. */
const networkOf = async (store: Store) => {
  const stations = new Map((await all<StationDoc>(store, COLLECTIONS.stations)).map((s) => [s._id, s]))
  const members = new Map<string, MembershipDoc[]>()
  for (const m of await all<MembershipDoc>(store, COLLECTIONS.memberships)) members.set(m.stationId, [...(members.get(m.stationId) ?? []), m])
  return { stations, members }
}

/**
 * An owner who can act (ADR 0030): the case's owning station is active, may hold a case of its privacy
 * (`stationMayHold`) and has a member whom the one authorization table lets accept it (`mayAccessCase('accept')`
 * as the owner: a side that sees the case, any role); or, when it has none, the sweep will take the case up
 * (its accept or resolve clock runs: a missed accept moves it to the nearest eligible station above, a second
 * missed resolve too) and some station above it on its path is such a station; or it is resolved and waits on
 * the worker, with its confirmation clock running.
 */
export const ownerWhoCanAct = (c: CaseDoc, net: Awaited<ReturnType<typeof networkOf>>): boolean => {
  const canAct = (id: string) => {
    const s = net.stations.get(id)
    return !!s && s.status === 'active' && stationMayHold(s.kind, c.privacy) && (net.members.get(id) ?? []).some((m) => mayAccessCase('accept', c.privacy, [{ role: m.role, side: m.side, relation: 'owner' }]))
  }
  if (canAct(c.ownerStationId)) return true
  if (c.state === 'resolved') return c.clocks.autoClose.dueAt !== null
  const moves = (c.state === 'submitted' && c.clocks.accept.dueAt !== null) || c.clocks.resolve.dueAt !== null
  return moves && c.ownerPath.slice(0, -1).some(canAct)
}

/** The open cases (not terminal) and those of them without an owner who can act. */
export const ownersOfOpenCases = async (store: Store): Promise<{ open: number; withoutActor: string[] }> => {
  const net = await networkOf(store)
  const open = await all<CaseDoc>(store, COLLECTIONS.cases, { state: { $in: NOT_TERMINAL } })
  return { open: open.length, withoutActor: open.filter((c) => !ownerWhoCanAct(c, net)).map((c) => c.caseNo) }
}

export interface Invariants {
  cases: number
  /** 0 cases without an owner who can act, at every check in the year and at its end. */
  ownerless: { checks: number; cases: number; sample: string[] }
  /** 兜底: after every complete sweep run, no case is left with a deadline or a 75 % warning that has come. */
  overdueAfterSweep: { runs: number; afterRuns: number; worst: number }
  /** At the end: no open case past a deadline, and no missed deadline without its warning, escalation or 督办 on record. */
  overdueAtEnd: number
  missesWithoutRecord: { cases: number; sample: string[] }
  /** Every case ends terminal or under supervision (督办). */
  unsettled: { cases: number; sample: string[] }
  /** D8a: no employer-side officer and no enterprise station ever held, acted on, was told of or saw the identity of a non-open case. */
  d8a: { heldByEnterprise: number; actedByEmployerSide: number; actedAtEnterprise: number; toldEmployerSide: number; identityToEmployerSide: number }
  finalStates: Record<string, number>
  /** Levels above its first station the case ended at (0: where it was first routed). */
  escalationDepth: Record<string, number>
  supervised: number
  movedUpAfterSupervision: number
  reopened: Record<string, number>
  /** Calendar days from filing to the end, of the cases that ended (median and 90th percentile). */
  daysToEnd: { p50: number; p90: number }
  ok: boolean
}

const SYSTEM_RECORD = new Set(['miss', 'supervised', 'warn'])

export const checkInvariants = async (
  store: Store,
  lastSweepAt: number,
  seen: { afterSweeps: number[]; ownerChecks: Array<{ at: number; open: number; withoutActor: string[] }> },
): Promise<Invariants> => {
  const net = await networkOf(store)
  const cases = await all<CaseDoc>(store, COLLECTIONS.cases)
  const byId = new Map(cases.map((c) => [c._id, c]))
  const enterprise = new Set([...net.stations.values()].filter((s) => s.kind === 'enterprise').map((s) => s._id))
  const enterpriseNames = new Set([...net.stations.values()].filter((s) => s.kind === 'enterprise').map((s) => s.name))
  const employerSide = [...net.members.values()].flat().filter((m) => m.side === 'employer')
  const employerOfficers = new Set(employerSide.map((m) => m.officerId))
  const employerOpenids = new Set(employerSide.map((m) => m.openid))
  const employerMembership = new Set(employerSide.map((m) => `${m.officerId}|${m.stationId}`))
  const hidden = (p: Privacy | undefined) => p !== undefined && p !== 'open'

  // Events: what each case has on record, and who acted where.
  const records = new Map<string, { system: number; supervised: number }>()
  const d8a = { heldByEnterprise: 0, actedByEmployerSide: 0, actedAtEnterprise: 0, toldEmployerSide: 0, identityToEmployerSide: 0 }
  await each<CaseEventDoc>(store, COLLECTIONS.caseEvents, (e) => {
      const r = records.get(e.caseId) ?? { system: 0, supervised: 0 }
      if (e.actor === 'system' && SYSTEM_RECORD.has(e.kind)) r.system += 1
      if (e.kind === 'supervised') r.supervised += 1
      records.set(e.caseId, r)
      if (hidden(byId.get(e.caseId)?.privacy) && e.actor === 'officer') {
        if (e.officerId && employerOfficers.has(e.officerId)) d8a.actedByEmployerSide += 1
        if (e.stationName && enterpriseNames.has(e.stationName)) d8a.actedAtEnterprise += 1
      }
  })
  await each<OutboxDoc>(store, COLLECTIONS.outbox, (row) => void (hidden(byId.get(row.caseId)?.privacy) && employerOpenids.has(row.to) && (d8a.toldEmployerSide += 1)))
  await each<AccessLogDoc>(store, COLLECTIONS.accessLog, (row) => void (hidden(byId.get(row.caseId)?.privacy) && employerMembership.has(`${row.officerId}|${row.stationId}`) && (d8a.identityToEmployerSide += 1)))

  const finalStates: Record<string, number> = {}
  const escalationDepth: Record<string, number> = {}
  const reopened: Record<string, number> = {}
  const missing: string[] = []
  const unsettled: string[] = []
  const ended: number[] = []
  let overdueAtEnd = 0
  let supervised = 0
  let movedUp = 0
  for (const c of cases) {
    finalStates[c.state] = (finalStates[c.state] ?? 0) + 1
    reopened[c.reopenCount] = (reopened[c.reopenCount] ?? 0) + 1
    const first = net.stations.get(c.firstStationId)
    const depth = first && c.ownerPath.every((id, i) => first.path[i] === id) ? String(first.path.length - c.ownerPath.length) : 'sideways'
    escalationDepth[depth] = (escalationDepth[depth] ?? 0) + 1
    const terminal = TERMINAL_STATES.includes(c.state)
    if (hidden(c.privacy) && (enterprise.has(c.ownerStationId) || enterprise.has(c.firstStationId) || (!!c.transferTargetId && enterprise.has(c.transferTargetId)))) d8a.heldByEnterprise += 1
    if (!terminal && c.nextDueAt !== null && c.nextDueAt <= lastSweepAt) overdueAtEnd += 1
    const r = records.get(c._id) ?? { system: 0, supervised: 0 }
    const misses = c.clocks.resolve.misses + c.clocks.firstReply.misses
    if (r.system < misses || (c.clocks.resolve.misses > 0 && r.supervised === 0)) missing.push(c.caseNo)
    if (r.supervised > 0) supervised += 1
    if (c.clocks.resolve.misses >= 2) movedUp += 1
    if (!terminal && !c.supervisorStationId) unsettled.push(c.caseNo)
    if (terminal && c.closedAt) ended.push((c.closedAt - c.createdAt) / 86_400_000)
  }
  ended.sort((a, b) => a - b)
  const q = (p: number) => (ended.length ? +ended[Math.min(ended.length - 1, Math.floor(p * ended.length))]!.toFixed(1) : 0)
  const ownerless = seen.ownerChecks.flatMap((c) => c.withoutActor)
  const afterRuns = seen.afterSweeps.filter((n) => n > 0)
  const out: Invariants = {
    cases: cases.length,
    ownerless: { checks: seen.ownerChecks.length, cases: new Set(ownerless).size, sample: [...new Set(ownerless)].slice(0, 10) },
    overdueAfterSweep: { runs: seen.afterSweeps.length, afterRuns: afterRuns.length, worst: Math.max(0, ...afterRuns) },
    overdueAtEnd,
    missesWithoutRecord: { cases: missing.length, sample: missing.slice(0, 10) },
    unsettled: { cases: unsettled.length, sample: unsettled.slice(0, 10) },
    d8a,
    finalStates,
    escalationDepth,
    supervised,
    movedUpAfterSupervision: movedUp,
    reopened,
    daysToEnd: { p50: q(0.5), p90: q(0.9) },
    ok: false,
  }
  out.ok =
    out.ownerless.cases === 0 &&
    out.overdueAfterSweep.afterRuns === 0 &&
    out.overdueAtEnd === 0 &&
    out.missesWithoutRecord.cases === 0 &&
    out.unsettled.cases === 0 &&
    Object.values(d8a).every((n) => n === 0)
  return out
}

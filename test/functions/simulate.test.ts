import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import type { CaseDoc, MembershipDoc } from '../../cloudfunctions/core/app/records'
import { COLLECTIONS } from '../../cloudfunctions/core/ports/collections'
import type { Store } from '../../cloudfunctions/core/ports/store'
import { costOver, fitSweep, HOUR_RUNS_PER_DAY, TIMER_RUNS_PER_DAY } from '../../sim/cost'
import { checkInvariants, ownersOfOpenCases } from '../../sim/invariants'
import { simulateYear, type SimReport } from '../../sim/year'

/**
 * A shortened simulated year (ADR 0030): the real handlers, sweep and calendar over the simulated network, a few
 * hundred cases around the Spring Festival, officers who act late or never, quiet stations, workers who confirm,
 * reopen or never answer. Every invariant is read from the store; then the checker is shown to catch each kind
 * of breach on the same store.
 */
jest.setTimeout(120_000)

let store: Store
let r: SimReport

beforeAll(async () => {
  store = createSqliteStore({ file: ':memory:' })
  // Filing from mid-January through the Spring Festival of 2026 (15 February), then until everything is done.
  r = await simulateYear({ days: 30, cases: 260, seed: 19, start: '2026-01-20', drainDays: 90, checkEveryDays: 7, store })
})
afterAll(() => store.close())

it('runs the load the model describes, through the real handlers and sweep', () => {
  expect(r.load.cases).toBe(260)
  expect(r.run.ops['case.submit']!.calls).toBe(260)
  expect(r.network.stations).toBeGreaterThan(300)
  expect(r.network.unstaffed).toBeGreaterThan(0)
  expect(r.network.quiet.length).toBeGreaterThan(0)
  // Wage arrears run high in the weeks before the festival.
  expect(r.load.byCategory.wage_arrears! / r.load.cases).toBeGreaterThan(0.3)
  expect(r.load.group).toBeGreaterThan(0)
  expect(r.load.byPrivacy.confidential).toBeGreaterThan(0)
  expect(r.load.byPrivacy.anonymous).toBeGreaterThan(0)
  // Officers acted late or never, and the sweep did something about it.
  expect(r.run.behaviour.fates.late + r.run.behaviour.fates.never).toBeGreaterThan(0)
  expect(r.run.sweeps.applied).toBeGreaterThan(0)
  expect(r.run.sweeps.incomplete).toBe(0)
  // No call failed other than the refusals a moving case explains, and nothing was logged as an error.
  expect(r.run.unexpected).toEqual([])
  expect(r.run.errorLogs).toBe(0)
})

it('holds every invariant, read from the store', () => {
  const inv = r.invariants
  expect(inv.ownerless).toEqual({ checks: expect.any(Number), cases: 0, sample: [] })
  expect(inv.ownerless.checks).toBeGreaterThan(5)
  expect(inv.overdueAfterSweep.afterRuns).toBe(0)
  expect(inv.overdueAfterSweep.runs).toBe(r.run.sweeps.runs)
  expect(inv.overdueAtEnd).toBe(0)
  expect(inv.missesWithoutRecord.cases).toBe(0)
  expect(inv.unsettled.cases).toBe(0)
  expect(inv.d8a).toEqual({ heldByEnterprise: 0, actedByEmployerSide: 0, actedAtEnterprise: 0, toldEmployerSide: 0, identityToEmployerSide: 0 })
  expect(inv.ok).toBe(true)
})

it('reports the distribution of final states and of escalation depth', () => {
  const inv = r.invariants
  expect(Object.values(inv.finalStates).reduce((a, b) => a + b, 0)).toBe(260)
  // Workers confirmed, and some never answered (closed after 7 working days); every case ended.
  expect(inv.finalStates.closed).toBeGreaterThan(0)
  expect(inv.finalStates.closed_unconfirmed).toBeGreaterThan(0)
  expect(Object.values(inv.escalationDepth).reduce((a, b) => a + b, 0)).toBe(260)
  expect(inv.escalationDepth['0']).toBeGreaterThan(0)
  expect(inv.escalationDepth['1']).toBeGreaterThan(0)
  expect(inv.supervised).toBeGreaterThan(0)
  expect(inv.movedUpAfterSupervision).toBeGreaterThan(0)
  expect(inv.reopened['1']).toBeGreaterThan(0)
})

it('catches each kind of breach on the same store', async () => {
  const last = r.sweepRuns[r.sweepRuns.length - 1]!.at
  const seen = { afterSweeps: [], ownerChecks: [] }
  const cases = (await store.find<CaseDoc>(COLLECTIONS.cases, { limit: 1000 })).items
  const confidential = cases.find((c) => c.privacy === 'confidential' && c.state === 'closed')!
  // A confidential case left on an enterprise station, and an open one with its deadline passed and no 督办.
  await store.update<CaseDoc>(COLLECTIONS.cases, confidential._id, confidential._v, { ownerStationId: 'st-CX-0004', ownerPath: ['st-HZ-0001', 'st-CX-0001', 'st-CX-0003', 'st-CX-0004'] })
  const other = cases.find((c) => c._id !== confidential._id && c.state === 'closed' && c.ownerStationId === 'st-CX-0002')!
  await store.update<CaseDoc>(COLLECTIONS.cases, other._id, other._v, {
    state: 'accepted',
    supervisorStationId: null,
    nextDueAt: last - 60_000,
    clocks: { ...other.clocks, resolve: { dueAt: last - 60_000, warnAt: null, misses: 1 } },
  })
  let inv = await checkInvariants(store, last, seen)
  expect(inv.d8a.heldByEnterprise).toBe(1)
  expect(inv.overdueAtEnd).toBe(1)
  expect(inv.unsettled.cases).toBe(1)
  expect(inv.ok).toBe(false)
  // Nobody left at the station, and none above it could act either: the case has no owner who can act.
  expect((await ownersOfOpenCases(store)).withoutActor).toEqual([])
  const gone: MembershipDoc[] = []
  for (const id of ['st-CX-0002', 'st-CX-0001', 'st-HZ-0001']) gone.push(...(await store.find<MembershipDoc>(COLLECTIONS.memberships, { where: { stationId: id }, limit: 100 })).items)
  for (const m of gone) await store.remove(COLLECTIONS.memberships, m._id, m._v)
  expect((await ownersOfOpenCases(store)).withoutActor).toEqual([other.caseNo])
  inv = await checkInvariants(store, last, seen)
  expect(inv.missesWithoutRecord.cases).toBe(0)
})

it('fits the sweep’s round trips per run, per step and per message', () => {
  const runs = [0, 1, 2, 3, 4, 5].map((i) => ({ at: i, examined: i, applied: i, delivered: i % 3, complete: true, requests: 20 + 8 * i + 5 * (i % 3) }))
  expect(fitSweep(runs)).toEqual({ base: 20, perStep: 8, perDelivery: 5, meanError: 0, runs: 6 })
})

it('prices the timer’s runs: the first of each hour at the fitted base, the others at what a run between cost (ADR 0044)', () => {
  const sweep = { base: 15, between: 6, perStep: 12, perDelivery: 0, meanError: 0, runs: 9 }
  const cal = { cases: 1, days: 1, wallMs: 0, perOp: { 'case.submit': { calls: 1, mean: 21 } }, sweep }
  const day = { label: '2026-02-01', days: 1, ops: { 'case.submit': 10 }, applied: 3, delivered: 2 }
  const cost = costOver({ 'case.submit': { calls: 10 } }, { applied: 3, delivered: 2 }, [day], cal)
  expect(cost.sweepRequests).toBe(HOUR_RUNS_PER_DAY * 15 + (TIMER_RUNS_PER_DAY - HOUR_RUNS_PER_DAY) * 6 + 3 * 12)
  expect(cost.total).toBe(cost.sweepRequests + 210)
  // A calibration saved before the runs between were measured prices every run at its base.
  const { between: _, ...older } = sweep
  expect(costOver({}, { applied: 0, delivered: 0 }, [{ ...day, ops: {}, applied: 0 }], { ...cal, sweep: older }).sweepRequests).toBe(TIMER_RUNS_PER_DAY * 15)
})

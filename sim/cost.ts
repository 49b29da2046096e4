import type { OpStats, SimReport, SweepRun } from './year'

/**
 * What a year costs on CloudBase, in database requests (each one round trip; CloudBase bills per request):
 * every operation of the year's run times its mean round trips in a calibration run of the same model on the
 * CloudBase adapter (the real SDK against the local fake endpoint, counted there), and the sweep as the deployed
 * timer runs it, every 5 minutes: the first run of each hour costing a base of round trips (its hourly passes run,
 * ADR 0044), the others what a run between the simulated ticks cost, plus so many per deadline step applied and
 * per message delivered (fitted on the calibration's sweep runs by least squares).
 */

/** The deployed timer (cloudbaserc.json: `0 *\/5 * * * * *`). */
export const TIMER_RUNS_PER_DAY = 288
/** Of those, the first of each hour: the sweep's hourly and daily passes run in them (ADR 0044). */
export const HOUR_RUNS_PER_DAY = 24

export interface SweepCost {
  /** Round trips of a run with nothing due and nothing to deliver, the first of its hour. */
  base: number
  /** Round trips of a later run in the same hour with nothing due (the base when not measured). */
  between?: number
  perStep: number
  perDelivery: number
  /** Mean absolute error of the fit over the calibration's runs. */
  meanError: number
  runs: number
}

/** Least squares of requests ≈ base + perStep·applied + perDelivery·delivered (the 3×3 normal equations). */
export const fitSweep = (runs: readonly SweepRun[]): SweepCost => {
  const rows = runs.map((r) => [1, r.applied, r.delivered] as const)
  const A = [0, 1, 2].map((i) => [0, 1, 2].map((j) => rows.reduce((s, x) => s + x[i]! * x[j]!, 0)))
  const b = [0, 1, 2].map((i) => rows.reduce((s, x, k) => s + x[i]! * runs[k]!.requests, 0))
  // Gaussian elimination with partial pivoting; a column with no variation (no deliveries at all) gets 0.
  const M = A.map((row, i) => [...row, b[i]!])
  const n = 3
  for (let c = 0; c < n; c++) {
    let p = c
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r
    ;[M[c], M[p]] = [M[p]!, M[c]!]
    if (Math.abs(M[c]![c]!) < 1e-9) continue
    for (let r = 0; r < n; r++) {
      if (r === c) continue
      const f = M[r]![c]! / M[c]![c]!
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!
    }
  }
  const x = [0, 1, 2].map((i) => (Math.abs(M[i]![i]!) < 1e-9 ? 0 : M[i]![n]! / M[i]![i]!))
  const err = runs.reduce((s, r) => s + Math.abs(x[0]! + x[1]! * r.applied + x[2]! * r.delivered - r.requests), 0) / Math.max(1, runs.length)
  return { base: +x[0]!.toFixed(2), perStep: +x[1]!.toFixed(2), perDelivery: +x[2]!.toFixed(2), meanError: +err.toFixed(2), runs: runs.length }
}

export interface Calibration {
  cases: number
  days: number
  wallMs: number
  /** Mean round trips per call, per operation (the sweep apart). */
  perOp: Record<string, { calls: number; mean: number }>
  sweep: SweepCost
}

export const calibrationOf = (r: SimReport): Calibration => ({
  cases: r.load.cases,
  days: r.run.simulatedDays,
  wallMs: r.run.wallMs,
  perOp: Object.fromEntries(
    Object.entries(r.run.ops)
      .filter(([op]) => op !== 'sweep.run')
      .map(([op, s]: [string, OpStats]) => [op, { calls: s.calls, mean: +(s.requests / s.calls).toFixed(2) }]),
  ),
  sweep: { ...fitSweep(r.sweepRuns), ...(r.betweenRuns?.length ? { between: +(r.betweenRuns.reduce((a, b) => a + b, 0) / r.betweenRuns.length).toFixed(2) } : {}) },
})

/** The round trips of a day of the deployed timer's runs with nothing due. */
const idleDay = (sweep: SweepCost): number => HOUR_RUNS_PER_DAY * sweep.base + (TIMER_RUNS_PER_DAY - HOUR_RUNS_PER_DAY) * (sweep.between ?? sweep.base)

export interface YearCost {
  /** The sweep as deployed: runs a day, and round trips of all its runs in the year. */
  timerRunsPerDay: number
  sweepRuns: number
  sweepRequests: number
  /** The operations people made, by operation: calls and round trips. */
  ops: Record<string, { calls: number; requests: number }>
  opRequests: number
  total: number
  perDay: { mean: number; peak: number; peakDay: string }
  /** Operations the calibration did not see (their cost is not in the total). */
  uncalibrated: string[]
}

/** A stretch of the run with what happened in it: one day, or (read back from a saved report) one month. */
export interface CostPeriod {
  label: string
  days: number
  ops: Record<string, number>
  applied: number
  delivered: number
}

export const yearCost = (r: SimReport, cal: Calibration): YearCost =>
  costOver(r.run.ops, r.run.sweeps, r.run.perDay.map((d) => ({ label: d.day, days: 1, ops: d.ops, applied: d.applied, delivered: d.delivered })), cal)

/**
 * The year's cost from its operations, its sweep steps and messages and its periods: the sweep as deployed runs
 * TIMER_RUNS_PER_DAY times each day of every period; the peak is the busiest period's mean day.
 */
export const costOver = (
  runOps: Record<string, { calls: number }>,
  sweeps: { applied: number; delivered: number },
  periods: readonly CostPeriod[],
  cal: Calibration,
): YearCost => {
  const mean = (op: string) => cal.perOp[op]?.mean
  const uncalibrated = Object.keys(runOps).filter((op) => op !== 'sweep.run' && mean(op) === undefined)
  const ops = Object.fromEntries(
    Object.entries(runOps)
      .filter(([op]) => op !== 'sweep.run')
      .map(([op, s]) => [op, { calls: s.calls, requests: Math.round(s.calls * (mean(op) ?? 0)) }]),
  )
  const perPeriod = periods.map((d) => ({
    day: d.label,
    requests:
      (Object.entries(d.ops).reduce((s, [op, n]) => s + (op === 'sweep.run' ? 0 : n * (mean(op) ?? 0)), 0) +
        d.days * idleDay(cal.sweep) +
        d.applied * cal.sweep.perStep +
        d.delivered * cal.sweep.perDelivery) /
      Math.max(1, d.days),
  }))
  const days = periods.reduce((s, d) => s + d.days, 0)
  const sweepRuns = TIMER_RUNS_PER_DAY * days
  const sweepRequests = Math.round(days * idleDay(cal.sweep) + sweeps.applied * cal.sweep.perStep + sweeps.delivered * cal.sweep.perDelivery)
  const opRequests = Object.values(ops).reduce((s, o) => s + o.requests, 0)
  const peak = perPeriod.reduce((m, d) => (d.requests > m.requests ? d : m), { day: '', requests: 0 })
  return {
    timerRunsPerDay: TIMER_RUNS_PER_DAY,
    sweepRuns,
    sweepRequests,
    ops,
    opRequests,
    total: sweepRequests + opRequests,
    perDay: { mean: Math.round((sweepRequests + opRequests) / Math.max(1, days)), peak: Math.round(peak.requests), peakDay: peak.day },
    uncalibrated,
  }
}

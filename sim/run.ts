import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createCloudbaseStore } from '../cloudfunctions/core/adapters/cloudbase/store'
import { CASE_STATE_LABEL, CATEGORY_INFO, type CaseState, type Category } from '../types/domain'
import { connectCloudbase, startCloudbaseFake } from '../test/support/cloudbase-fake'
import { calibrationOf, costOver, yearCost, type Calibration, type CostPeriod } from './cost'
import { simulateYear, type SimReport } from './year'

/**
 * npm run simulate [-- --days 365 --cases 60000 --seed 2026 --out sim/results.json --calibrate-days 15 --calibrate-cases 100]
 * npm run simulate -- --recost [--out sim/results.json --calibrate-days 15 --calibrate-cases 100]
 *
 * First a short calibration run of the same model on the CloudBase adapter (the real SDK against the local fake
 * endpoint, every request counted), then the year on embedded SQLite; prints a summary and writes the report.
 * With --recost, only the calibration runs, on the code as it is now, and the saved year's cost is worked out again
 * from its operations, sweep steps and messages, month by month (a year takes tens of CPU minutes; what a request
 * costs changes more often than what people do).
 */
const arg = (name: string, fallback: number | string) => {
  const i = process.argv.indexOf(`--${name}`)
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1]! : String(fallback)
}
const days = Number(arg('days', 365))
const cases = Number(arg('cases', 60_000))
const seed = Number(arg('seed', 2026))
const out = arg('out', 'sim/results.json')
const calDays = Number(arg('calibrate-days', 15))
const calCases = Number(arg('calibrate-cases', 100))

const calibrate = async (): Promise<Calibration> => {
  const fake = await startCloudbaseFake()
  try {
    const r = await simulateYear({ days: calDays, cases: calCases, seed, drainDays: 60, store: createCloudbaseStore(connectCloudbase(fake.url).db), requests: () => fake.requests(), checkEveryDays: 1000 })
    return calibrationOf(r)
  } finally {
    await fake.close()
  }
}

const n = (x: number) => x.toLocaleString('en-US')
const pct = (x: number, of: number) => `${((100 * x) / Math.max(1, of)).toFixed(1)}%`

const summary = (r: SimReport, cal: Calibration) => {
  const cost = yearCost(r, cal)
  const inv = r.invariants
  const lines = [
    `菏谐驿站 · 模拟一年 / a simulated year (seed ${r.options.seed}, ${r.options.start} 起 ${r.options.days} 天提交, 共运行 ${r.run.simulatedDays} 天至 ${r.run.endedAt})`,
    `网络 network: ${r.network.stations} 个驿站 stations (${Object.entries(r.network.byKind).map(([k, v]) => `${k} ${v}`).join(', ')}), ${r.network.officers} 名工作人员 officers, ${r.network.unstaffed} 个无人驿站 unstaffed, ${r.network.quiet.length} 个驿站停摆数周 quiet for weeks`,
    `诉求 cases: ${n(r.load.cases)} (群体性 group ${n(r.load.group)}; 公开/保密/匿名 ${r.load.byPrivacy.open}/${r.load.byPrivacy.confidential}/${r.load.byPrivacy.anonymous}); 春节 Spring Festival ${r.load.springFestival}`,
    `  农民工欠薪 wage arrears by month: ${Object.entries(r.load.byMonth).map(([m, v]) => `${m.slice(5)}:${v.wage_arrears}`).join(' ')}`,
    '',
    '不变量 invariants (read from the store):',
    `  无人可办 cases without an owner who can act: ${inv.ownerless.cases} (${inv.ownerless.checks} checks)`,
    `  超期无记录 deadlines passed without warning/escalation/督办: after sweeps ${inv.overdueAfterSweep.afterRuns} of ${n(inv.overdueAfterSweep.runs)} runs; at the end ${inv.overdueAtEnd}; misses without record ${inv.missesWithoutRecord.cases}`,
    `  未结且无督办 neither terminal nor supervised at the end: ${inv.unsettled.cases}`,
    `  D8a employer side / enterprise stations on non-open cases: ${Object.entries(inv.d8a).map(([k, v]) => `${k} ${v}`).join(', ')}`,
    `  ${inv.ok ? '全部成立 all hold' : '有不成立的 SOME FAIL'}`,
    '',
    `最终状态 final states: ${Object.entries(inv.finalStates).map(([s, v]) => `${CASE_STATE_LABEL[s as CaseState] ?? s} ${s} ${n(v)} (${pct(v, inv.cases)})`).join(', ')}`,
    `上升层级 escalation depth (levels above the first station): ${Object.entries(inv.escalationDepth).map(([d, v]) => `${d}: ${n(v)} (${pct(v, inv.cases)})`).join(', ')}`,
    `督办 supervised ${n(inv.supervised)} (${pct(inv.supervised, inv.cases)}), 督办后仍超期上收 moved up after 督办 ${n(inv.movedUpAfterSupervision)}; 重新办理 reopened ${Object.entries(inv.reopened).map(([k, v]) => `${k}×: ${n(v)}`).join(', ')}`,
    `办结用时 days to the end: median ${inv.daysToEnd.p50}, p90 ${inv.daysToEnd.p90}`,
    '',
    `费用 cost on CloudBase (calibrated on ${cal.cases} cases / ${cal.days} days on the CloudBase adapter):`,
    `  sweep: ${cal.sweep.base} round trips for the first run of an hour, ${cal.sweep.between ?? cal.sweep.base} for the others, + ${cal.sweep.perStep} per deadline step + ${cal.sweep.perDelivery} per message (fit error ${cal.sweep.meanError}/run)`,
    `  per operation: ${Object.entries(cal.perOp).map(([op, v]) => `${op} ${v.mean}`).join(', ')}`,
    `  sweep as deployed: ${cost.timerRunsPerDay} runs/day → ${n(cost.sweepRuns)} runs, ${n(cost.sweepRequests)} requests`,
    `  operations: ${n(cost.opRequests)} requests; total ${n(cost.total)} requests; per day mean ${n(cost.perDay.mean)}, peak ${n(cost.perDay.peak)} on ${cost.perDay.peakDay}`,
    `  simulated sweep: ${n(r.run.sweeps.runs)} runs (${r.run.sweeps.runsPerWorkingDay} per working day), ${n(r.run.sweeps.applied)} steps, ${n(r.run.sweeps.delivered)} messages`,
    `用时 time: calibration ${(cal.wallMs / 1000).toFixed(0)} s; year ${(r.run.wallMs / 1000).toFixed(0)} s wall, ${(r.run.cpuMs / 1000).toFixed(0)} s CPU`,
    ...(r.run.unexpected.length ? ['', `意外错误 unexpected errors: ${JSON.stringify(r.run.unexpected.slice(0, 5))}`] : []),
  ]
  return { text: lines.join('\n'), cost }
}

/** The saved year priced again with a calibration of the code as it is now. */
const recost = async () => {
  const saved = JSON.parse(readFileSync(out, 'utf8')) as Omit<SimReport, 'run'> & {
    run: SimReport['run'] & { perMonth: Record<string, { ops: Record<string, number>; applied: number; delivered: number }> }
    cost: unknown
    calibration: unknown
  }
  console.log(`校准 calibration: ${calCases} cases over ${calDays} days on the CloudBase adapter…`)
  const cal = await calibrate()
  // Each month's days within the run: from the first filing day for as many days as the run lasted.
  const days: Record<string, number> = {}
  const first = Date.parse(`${saved.options.start}T00:00:00Z`)
  for (let i = 0; i < saved.run.simulatedDays; i++) {
    const m = new Date(first + i * 86_400_000).toISOString().slice(0, 7)
    days[m] = (days[m] ?? 0) + 1
  }
  const periods: CostPeriod[] = Object.entries(saved.run.perMonth).map(([m, v]) => ({ label: m, days: days[m] ?? 0, ops: v.ops, applied: v.applied, delivered: v.delivered }))
  const cost = costOver(saved.run.ops, saved.run.sweeps, periods, cal)
  console.log(
    [
      `费用 cost on CloudBase (calibrated on ${cal.cases} cases / ${cal.days} days on the CloudBase adapter):`,
      `  sweep: ${cal.sweep.base} round trips for the first run of an hour, ${cal.sweep.between ?? cal.sweep.base} for the others, + ${cal.sweep.perStep} per deadline step + ${cal.sweep.perDelivery} per message (fit error ${cal.sweep.meanError}/run)`,
      `  per operation: ${Object.entries(cal.perOp).map(([op, v]) => `${op} ${v.mean}`).join(', ')}`,
      `  sweep as deployed: ${cost.timerRunsPerDay} runs/day → ${n(cost.sweepRuns)} runs, ${n(cost.sweepRequests)} requests`,
      `  operations: ${n(cost.opRequests)} requests; total ${n(cost.total)} requests; per day mean ${n(cost.perDay.mean)}, busiest month ${cost.perDay.peakDay} ${n(cost.perDay.peak)} a day`,
    ].join('\n'),
  )
  writeFileSync(out, JSON.stringify({ ...saved, calibration: cal, cost: { ...cost, peakOf: 'month' }, recostAt: new Date().toISOString() }, null, 2) + '\n')
  console.log(`\n→ ${out}`)
  process.exit(0)
}

const main = async () => {
  const t0 = Date.now()
  console.log(`校准 calibration: ${calCases} cases over ${calDays} days on the CloudBase adapter…`)
  const cal = await calibrate()
  console.log(`模拟 simulating ${cases} cases over ${days} days on SQLite…`)
  const r = await simulateYear({ days, cases, seed, progress: (l) => console.log(`  ${l}`) })
  const { text, cost } = summary(r, cal)
  console.log(`\n${text}`)
  const { sweepRuns: _runs, ...report } = r
  const months: Record<string, { ops: Record<string, number>; sweeps: number; applied: number; delivered: number }> = {}
  for (const d of r.run.perDay) {
    const m = (months[d.day.slice(0, 7)] ??= { ops: {}, sweeps: 0, applied: 0, delivered: 0 })
    for (const [op, k] of Object.entries(d.ops)) m.ops[op] = (m.ops[op] ?? 0) + k
    m.sweeps += d.sweeps
    m.applied += d.applied
    m.delivered += d.delivered
  }
  const categories = Object.fromEntries(Object.keys(r.load.byCategory).map((c) => [c, CATEGORY_INFO[c as Category].label]))
  mkdirSync(dirname(out), { recursive: true })
  writeFileSync(out, JSON.stringify({ at: new Date().toISOString(), node: process.version, totalWallMs: Date.now() - t0, ...report, run: { ...report.run, perDay: undefined, perMonth: months }, categories, calibration: cal, cost }, null, 2) + '\n')
  console.log(`\n→ ${out}`)
  process.exit(r.invariants.ok ? 0 : 1)
}

;(process.argv.includes('--recost') ? recost() : main()).catch((e) => {
  console.error(e)
  process.exit(1)
})

import Database from 'better-sqlite3'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import { findAll } from '../cloudfunctions/core/app/find-all'
import { writeCase } from '../cloudfunctions/core/app/case-write'
import { bookLedger, rollUpLedger } from '../cloudfunctions/core/app/ledger'
import type { CaseDoc, LedgerFactDoc, StationDoc } from '../cloudfunctions/core/app/records'
import { DEFAULT_CONCLUSIONS } from '../cloudfunctions/core/domain/conclusions'
import { monthOf, quarterMonths, recentWeeks } from '../cloudfunctions/core/domain/periods'
import type { Command } from '../cloudfunctions/core/domain/case-engine'
import type { Privacy } from '../types/domain'
import { hr, pct, timed } from './timing'
import { benchPorts } from './ports'

/**
 * The ledger at 100 000 cases (ADR 16): one station's month read from its rollups, the dashboard of a station,
 * a county and the city, and the month's export, beside baselines measured in the same run — adding up the
 * month, and the county's dashboard, from the stored facts by index (the "indexed aggregation" design), and
 * recounting the month by scanning every case (what the rollups avoid). The cases are
 * cloned from a real one and each change is booked through the product's own `bookLedger`, in transactions
 * of 2 000 cases, so the write cost per change is measured too.
 */


export const ledgerBench = async (dir: string, total = 100_000) => {
  const file = join(dir, `ledger-${total}.db`)
  const clock = { now: Date.UTC(2026, 10, 25, 2, 0) }
  const ports = await benchPorts(file, clock, '01LEDGER', clock.now - 365 * 86_400_000)
  const { store } = ports
  const first = await dispatch(
    'worker',
    { op: 'case.submit', requestId: 'bench-ledger-template', input: { stationId: 'st-CX-0002', category: 'pay', description: '老板拖欠了我们三个月的工资，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: true, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } } },
    { openid: 'bench-worker', via: 'local' },
    ports,
  )
  if (!first.ok) throw new Error(first.error.message)
  const template = (await store.find<CaseDoc>('cases', { limit: 1 })).items[0]!
  const stations = (await findAll<StationDoc>(store, 'stations', { where: { kind: { $in: ['township', 'park', 'enterprise', 'county'] } } })).filter((s) => s.countyId)
  const busiest = stations.find((s) => s._id === 'st-CX-0002')!
  const year = Date.UTC(2025, 11, 1, 1, 0) // cases over the twelve months Dec 2025 – Nov 2026
  const solved = { item: DEFAULT_CONCLUSIONS[0]! }

  // Each case: filed; 80 % accepted; 60 % resolved with a conclusion; 40 % rated. One station takes a fifth.
  let changes = 0
  let bookMs = 0
  const t0 = hr()
  for (let start = 0; start < total; start += 2000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(total, start + 2000); i++) {
        const s = i % 5 === 0 ? busiest : stations[i % stations.length]!
        const privacy: Privacy = s.kind === 'enterprise' ? 'open' : (['open', 'confidential', 'anonymous'] as const)[i % 3]
        const at = year + Math.floor((i / total) * 360) * 86_400_000 + (i % 7) * 3_600_000
        const { _v, ...base } = template
        const opened = { ...base, _id: `bench-lg-${String(i).padStart(7, '0')}`, caseNo: `CX${String(i).padStart(10, '0')}`, stationId: s._id, ownerStationId: s._id, ownerPath: s.path, firstStationId: s._id, privacy, createdAt: at }
        await writeCase(tx, null, opened)
        let doc: CaseDoc = { ...opened, _v: 1 }
        const step = async (cmd: Command | { type: 'open' }, next: Partial<CaseDoc>, when: number) => {
          const after = { ...doc, ...next, _v: doc._v + 1 }
          const b = hr()
          await bookLedger(tx, cmd.type === 'open' ? null : doc, cmd.type === 'open' ? doc : after, [{ cmd, before: cmd.type === 'open' ? null : doc, after: cmd.type === 'open' ? doc : after }], when)
          bookMs += hr() - b
          changes++
          if (cmd.type !== 'open') doc = after
        }
        await step({ type: 'open' }, {}, at)
        if (i % 5 === 4) continue
        await step({ type: 'accept' }, { state: 'accepted' }, at + 3_600_000)
        if (i % 5 === 3) continue
        const conclusion = { key: 'solved', label: '已解决' }
        await step({ type: 'resolve', text: '已办结', conclusion: solved }, { state: 'resolved', resolvedAt: at + 86_400_000, conclusion }, at + 86_400_000)
        if (i % 5 === 2) continue
        await step({ type: 'confirm', rating: 1 + (i % 5) }, { state: 'closed', rating: 1 + (i % 5) }, at + 2 * 86_400_000)
      }
    })
  }
  const loadMs = hr() - t0
  // The roll-up pass adds the booked facts to their rollups (ADR 0051), as the sweep's runs would.
  const r0 = hr()
  await rollUpLedger(ports, Number.POSITIVE_INFINITY)
  const rollUpMs = hr() - r0
  const facts = await store.count('ledger_facts')
  const rollups = await store.count('ledger_rollups')

  // What each reading costs, through the dispatcher, for the busiest station's November (about 1 700 cases).
  const month = '2026-11'
  const call = (op: string, input: unknown, i: number, openid = 'dev-CX-street-head') =>
    dispatch('officer', { op, input, requestId: `bench-lg-${op.replace('.', '-')}-${openid}-${i}` }, { openid, via: 'local' }, ports).then((r) => {
      if (!r.ok) throw new Error(r.error.message)
      return r.data
    })
  const ledgerGet = await timed(50, (i) => call('ledger.get', { stationId: busiest._id, month }, i))
  // The dashboard from the same rollups: a station's own, its county (every station in it), the whole city.
  const dashboardOwn = await timed(30, (i) => call('dashboard.get', { stationId: busiest._id, scope: 'own' }, i))
  const dashboardCounty = await timed(30, (i) => call('dashboard.get', { stationId: 'st-CX-0001', scope: 'area' }, i, 'dev-CX-county-head'))
  const dashboardCity = await timed(30, (i) => call('dashboard.get', { stationId: 'st-HZ-0001', scope: 'area' }, i, 'dev-city-admin'))
  // Baseline for the county's dashboard, indexed aggregation: the same figures (the quarter, month and week, the
  // 12-week trend, by category and by station) added up on each view from the facts of every station of the
  // county, read by their index (station and month) for each month those periods touch.
  const countyStations = stations.filter((s) => s.countyId === 'st-CX-0001')
  const dashboardMonths = [...new Set([...quarterMonths(month), ...recentWeeks(clock.now, 12).map((w) => monthOf(w.start))])]
  let dashboardFacts = 0
  const dashboardCountyFromFacts = await timed(5, async () => {
    const byWeek = new Map<string, number>()
    const byCategory = new Map<string, number>()
    const byStation = new Map<string, number>()
    dashboardFacts = 0
    for (const s of countyStations)
      for (const m of dashboardMonths)
        for (const f of await findAll<LedgerFactDoc>(store, 'ledger_facts', { where: { stationId: s._id, month: m } })) {
          dashboardFacts++
          byWeek.set(f.week, (byWeek.get(f.week) ?? 0) + 1)
          byCategory.set(f.category, (byCategory.get(f.category) ?? 0) + 1)
          byStation.set(f.stationId, (byStation.get(f.stationId) ?? 0) + 1)
        }
    return byWeek.size + byCategory.size + byStation.size
  })
  const monthFacts = (await findAll<LedgerFactDoc>(store, 'ledger_facts', { where: { stationId: busiest._id, month } })).length
  const monthCases = new Set((await findAll<LedgerFactDoc>(store, 'ledger_facts', { where: { stationId: busiest._id, month } })).map((f) => f.caseId)).size

  // Baseline 1, indexed aggregation: the same month added up from its facts, read by index every time.
  const factsAggregate = await timed(20, async () => {
    const rows = await findAll<LedgerFactDoc>(store, 'ledger_facts', { where: { stationId: busiest._id, month } })
    let n = 0
    for (const r of rows) if (r.kind === 'resolved') n++
    return n
  })
  // Baseline 2, recount: every case read and its month and station tested (raw SQLite, JSON parsed).
  const raw = new Database(file, { readonly: true })
  const scan = raw.prepare('SELECT doc FROM cases')
  const m0 = Date.UTC(2026, 9, 31, 16, 0)
  const m1 = Date.UTC(2026, 10, 30, 16, 0)
  const fullScan = await timed(5, async () => {
    let n = 0
    for (const row of scan.iterate() as Iterable<{ doc: string }>) {
      const c = JSON.parse(row.doc) as CaseDoc
      if (c.ownerStationId === busiest._id && c.createdAt >= m0 && c.createdAt < m1) n++
    }
    return n
  })
  raw.close()

  const exportMs: number[] = []
  let rows = 0
  for (let i = 0; i < 3; i++) {
    const s = hr()
    const job = (await call('ledger.export', { stationId: busiest._id, month, jobId: `bench-ledger-export-${i}` }, 1000 + i)) as { state: string; total: number }
    exportMs.push(hr() - s)
    if (job.state !== 'done') throw new Error(`export ${job.state}`)
    rows = job.total - 1
  }
  await store.close()
  // A quarter of a gigabyte: not left behind.
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  return {
    cases: total + 1,
    changesBooked: changes,
    factRows: facts,
    rollupDocs: rollups,
    bookLedgerPerChangeMs: +(bookMs / changes).toFixed(4),
    rollUpPerFactMs: +(rollUpMs / facts).toFixed(4),
    loadMs: Math.round(loadMs),
    station: busiest._id,
    month,
    monthCases,
    monthFacts,
    ledgerGet,
    dashboard: { own: dashboardOwn, county: dashboardCounty, city: dashboardCity },
    dashboardCountyFacts: dashboardFacts,
    baselineDashboardCountyFromFacts: { ...dashboardCountyFromFacts, role: 'baseline for dashboard.county: the county’s figures added up from its stations’ facts by index on each view' },
    baselineFactsAggregate: { ...factsAggregate, role: 'baseline: the same month added up from its facts by index on each view' },
    baselineFullScan: { ...fullScan, role: 'baseline: every case read and tested (the recount the rollups avoid)' },
    exportRows: rows,
    exportMs: { p50ms: pct(exportMs, 50), max: +Math.max(...exportMs).toFixed(1) },
  }
}

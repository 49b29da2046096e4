import { mkdtempSync, readdirSync, statSync, existsSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { hmacSecrets } from '../cloudfunctions/core/adapters/local/ports'
import { createSqliteStore } from '../cloudfunctions/core/adapters/sqlite/store'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import type { Ports } from '../cloudfunctions/core/ports'
import { seedHeze } from '../cloudfunctions/core/seed/heze'
import calendarData from '../cloudfunctions/core/data/cn-workday-calendar.json'
import { addWorkingMinutes, loadCalendar } from '../cloudfunctions/core/domain/working-time'

/**
 * Benchmarks (not tests): throughput and latency of the embedded path, and build sizes.
 * Each figure is measured in this run next to its baseline, so they compare on the same machine and load.
 */
const hr = () => Number(process.hrtime.bigint()) / 1e6
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return +s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!.toFixed(3)
}
const dirSize = (dir: string): number =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0) : 0

const main = async () => {
  const results: Record<string, unknown> = { at: new Date().toISOString(), node: process.version, cpus: require('node:os').cpus().length }
  const dir = mkdtempSync(join(tmpdir(), 'hx-bench-'))
  const store = createSqliteStore({ file: join(dir, 'bench.db') })
  let now = Date.UTC(2026, 10, 25, 2, 0)
  let seq = 0
  const ports: Ports = {
    store,
    clock: { now: () => now },
    ids: { next: () => `01BENCH${String(++seq).padStart(19, '0')}` },
    secrets: hmacSecrets('bench-secret-0123456789abcdef'),
    notifier: { send: async () => ({ ok: true }) },
  }
  await seedHeze(store, now)

  // Baseline: raw store inserts of a case-sized document, no handler around them.
  const rawN = 5000
  let t = hr()
  for (let i = 0; i < rawN; i++) await store.insert<{ _id: string; _v: number; description: string; n: number }>('bench_raw', { _id: `raw-${i}`, description: '老板拖欠了我们三个月的工资'.repeat(5), n: i })
  const rawMs = hr() - t
  results.storeInsert = { n: rawN, perSecond: Math.round(rawN / (rawMs / 1000)), role: 'baseline for case.submit' }

  // case.submit through the dispatcher: validation, routing, counter, case, 2 events, outbox, idempotency row.
  const submitN = 2000
  const lat: number[] = []
  const workers = Array.from({ length: 200 }, (_, i) => `bench-worker-${i}`)
  const stations = ['st-CX-0002', 'st-CX-0004', 'st-MD-0003', 'st-DM-0005']
  t = hr()
  for (let i = 0; i < submitN; i++) {
    now += 1000
    const s = hr()
    const r = await dispatch(
      'worker',
      {
        op: 'case.submit',
        requestId: `bench-req-${String(i).padStart(8, '0')}`,
        input: {
          stationId: stations[i % stations.length],
          category: i % 3 === 0 ? 'wage_arrears' : 'pay',
          description: '老板拖欠了我们三个月的工资，一直说下个月发。',
          workersAffected: i % 17 === 0 ? 12 : 1,
          aboutOwnEmployer: true,
          privacy: (['open', 'confidential', 'anonymous'] as const)[i % 3],
          ...(i % 3 === 2 ? {} : { contact: { name: '张三', phone: '13800000001' } }),
        },
      },
      { openid: workers[i % workers.length]!, via: 'local' },
      ports,
    )
    lat.push(hr() - s)
    if (!r.ok) throw new Error(r.error.message)
  }
  const submitMs = hr() - t
  results.caseSubmit = { n: submitN, perSecond: Math.round(submitN / (submitMs / 1000)), p50ms: pct(lat, 50), p95ms: pct(lat, 95) }

  // Reads at this volume: 我的诉求 and the officer inbox.
  const mine: number[] = []
  for (let i = 0; i < 500; i++) {
    const s = hr()
    await dispatch('worker', { op: 'case.mine', input: {}, requestId: `bench-mine-${String(i).padStart(6, '0')}` }, { openid: workers[i % workers.length]!, via: 'local' }, ports)
    mine.push(hr() - s)
  }
  results.caseMine = { cases: submitN, p50ms: pct(mine, 50), p95ms: pct(mine, 95) }
  const inbox: number[] = []
  for (let i = 0; i < 500; i++) {
    const s = hr()
    const r = await dispatch('officer', { op: 'inbox.list', input: { stationId: 'st-CX-0002', tab: 'pending' }, requestId: `bench-inbox-${String(i).padStart(6, '0')}` }, { openid: 'dev-CX-street-head', via: 'local' }, ports)
    if (!r.ok) throw new Error(r.error.message)
    inbox.push(hr() - s)
  }
  results.inboxList = { cases: submitN, p50ms: pct(inbox, 50), p95ms: pct(inbox, 95) }

  // Working-time arithmetic the sweep leans on.
  const cal = loadCalendar(calendarData)
  const calN = 100_000
  t = hr()
  let x = 0
  for (let i = 0; i < calN; i++) x += addWorkingMinutes(cal, Date.UTC(2026, 0, 1) + i * 7_919_000, 450 * 15)
  results.addWorkingMinutes15Days = { n: calN, perSecond: Math.round(calN / ((hr() - t) / 1000)), checksum: x % 1000 }

  results.sizes = {
    weappBytes: dirSize('dist/weapp'),
    h5Bytes: dirSize('dist/h5'),
    functionBundles: Object.fromEntries(['worker', 'officer', 'admin', 'sweep'].map((f) => [f, dirSize(`dist/cloudfunctions/${f}`)])),
    note: 'zero when that build has not been run (npm run build)',
  }
  await store.close()
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n')
  console.log(JSON.stringify(results, null, 2))
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

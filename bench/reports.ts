import { join } from 'node:path'
import { writeCase } from '../cloudfunctions/core/app/case-write'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import { findAll } from '../cloudfunctions/core/app/find-all'
import { bucketPaths, ledgerFigures, rollupId } from '../cloudfunctions/core/app/ledger'
import { buildReportContent } from '../cloudfunctions/core/app/reports'
import type { CaseDoc, LedgerRollupDoc, StationDoc } from '../cloudfunctions/core/app/records'
import { stationSortKey } from '../cloudfunctions/core/app/stations'
import { addFact, emptyBucket, type BucketFigures, type FactKind } from '../cloudfunctions/core/domain/ledger'
import { monthOf, weekOf } from '../cloudfunctions/core/domain/periods'
import { lastEndedWeekStart } from '../cloudfunctions/core/domain/reports'
import type { Category, Privacy, StationKind } from '../types/domain'
import { benchPorts } from './ports'
import { timed } from './timing'

/**
 * 定期调度和通报 at scale (ADR 0028): the city's weekly report over 5 000 stations and a week of 30 000 cases, and
 * the eight weeks before it in the rollups. The cases are stored (a case row each, touched in the week) and the
 * rollups they would leave (per station and area × week × privacy, as `bookLedger` writes them) are built
 * directly beside them. Then the report as the Monday run builds it, beside the same week's figures computed
 * the naive way in the same run: reading every case touched in the week (by the `updatedAt` index) and counting
 * them per station, track and state.
 */

const STATIONS = 5000
const CASES = 30_000
const CATEGORIES: Category[] = ['pay', 'wage_arrears', 'contract', 'social_insurance', 'hours_leave', 'dismissal', 'other']
const say = (what: string) => console.error(`reports bench ${new Date().toISOString().slice(11, 19)} ${what}`)

export const reportsBench = async (dir: string) => {
  // Monday 30 November 2026, 09:00 in Shanghai: last week is 2026-W48.
  const clock = { now: Date.UTC(2026, 10, 30, 1, 0) }
  const ports = await benchPorts(join(dir, 'reports.db'), clock, '01REPORT')
  const { store } = ports
  const start = lastEndedWeekStart(clock.now)
  const week = weekOf(start)
  const counties = await findAll<StationDoc>(store, 'stations', { where: { kind: 'county' } })
  const city = (await findAll<StationDoc>(store, 'stations', { where: { kind: 'city' } }))[0]!
  let seed = 20261130
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff)

  const first = await dispatch(
    'worker',
    { op: 'case.submit', requestId: 'bench-report-template', input: { stationId: 'st-CX-0002', category: 'pay', description: '老板拖欠了我们三个月的工资，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: true, employer: { kind: 'named', name: '示例服装厂' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } } },
    { openid: 'bench-worker', via: 'local' },
    ports,
  )
  if (!first.ok) throw new Error(first.error.message)
  const { _v, ...template } = (await store.find<CaseDoc>('cases', { limit: 1 })).items[0]!
  const stations: StationDoc[] = []
  await store.transaction(async (tx) => {
    for (let i = 0; i < STATIONS; i++) {
      const county = counties[i % counties.length]!
      const kind: StationKind = i % 10 < 3 ? 'township' : i % 10 < 4 ? 'park' : 'enterprise'
      const id = `st-rbench-${String(i).padStart(5, '0')}`
      const doc = { _id: id, code: `HZ-RB-${String(i).padStart(4, '0')}`, name: `压测驿站${i}`, kind, parentId: county._id, countyId: county._id, abbr: 'RB', path: [city._id, county._id, id], address: '', phone: '', hours: '', status: 'active', demo: true, sortKey: stationSortKey(kind, id) } as Omit<StationDoc, '_v'>
      stations.push((await tx.insert<StationDoc>('stations', doc)) as StationDoc)
    }
  })
  say(`${STATIONS} stations`)

  // The week's cases, each with the facts of its week: filed, and most accepted, some resolved or late.
  // As bookLedger leaves them (ADR 0037): one document per station or area and month, holding its weeks.
  const buckets = new Map<string, Omit<LedgerRollupDoc, '_v' | '_id' | 'updatedAt'> & BucketFigures & { weeks: Record<string, BucketFigures> }>()
  const book = (level: 'station' | 'area', key: string, countyId: string, period: string, privacy: Privacy, kind: FactKind, onTime: boolean, category: Category, at: number) => {
    const month = monthOf(at)
    const id = rollupId(level, key, month, privacy)
    const b = buckets.get(id) ?? { level, key, countyId, period: month, privacy, ...emptyBucket(), weeks: {} }
    const fact = { kind, stationId: key, at, onTime, ...(kind === 'resolved' ? { conclusion: 'solved' } : {}) }
    addFact(b, fact, category)
    addFact((b.weeks[period] ??= emptyBucket()), fact, category)
    buckets.set(id, b)
  }
  for (let chunk = 0; chunk < CASES; chunk += 5000) {
    await store.transaction(async (tx) => {
      for (let i = chunk; i < chunk + 5000; i++) {
        // A skewed spread: a few busy stations, many quiet ones.
        const s = stations[Math.floor(random() ** 2 * STATIONS)]!
        const privacy: Privacy = s.kind === 'enterprise' ? 'open' : (['open', 'confidential', 'anonymous'] as const)[Math.floor(random() * 3)]!
        const category = CATEGORIES[Math.floor(random() * CATEGORIES.length)]!
        const at = start + Math.floor(random() * 7 * 86_400_000)
        const r = random()
        const state = r < 0.15 ? 'submitted' : r < 0.6 ? 'accepted' : 'resolved'
        // Through the one case writer, cloned from a real case (its rollups are built below, as its facts would leave them).
        await writeCase(tx, null, { ...template, _id: `cs-rbench-${i}`, caseNo: `RB26${String(i).padStart(6, '0')}`, ownerStationId: s._id, ownerPath: s.path, firstStationId: s._id, privacy, category, state, createdAt: at, updatedAt: at + 3_600_000, nextDueAt: null })
        const kinds: Array<[FactKind, boolean]> = [['filed', true]]
        if (state !== 'submitted') kinds.push(['accepted', random() < 0.9])
        if (state === 'resolved') kinds.push(['resolved', random() < 0.8])
        if (random() < 0.05) kinds.push(['overdue', false])
        for (const [kind, onTime] of kinds) {
          book('station', s._id, s.countyId!, week, privacy, kind, onTime, category, at)
          book('area', s.countyId!, s.countyId!, week, privacy, kind, onTime, category, at)
        }
      }
    })
  }
  // The eight weeks before, in the area rollups only (the trend and last week).
  for (let w = 1; w < 8; w++) {
    const period = weekOf(start - w * 7 * 86_400_000 + 43_200_000)
    for (const c of counties) for (let n = 0; n < 300; n++) book('area', c._id, c._id, period, 'open', 'filed', true, 'pay', start - w * 7 * 86_400_000)
  }
  // Added to as bookLedger adds (the template filing above already booked its station's and county's month).
  await store.transaction(async (tx) => {
    for (const [id, { weeks, n, cat, conclusions, ...meta }] of buckets) {
      const by = bucketPaths({ n, cat, conclusions })
      for (const [wk, w] of Object.entries(weeks)) for (const [path, v] of Object.entries(bucketPaths(w))) by[`weeks.${wk}.${path}`] = v
      await tx.increment<LedgerRollupDoc>('ledger_rollups', id, { by, set: { updatedAt: clock.now }, create: { ...meta, n: {}, cat: {}, conclusions: {}, weeks: {}, updatedAt: clock.now } })
    }
  })
  say(`${CASES} cases and ${buckets.size} rollups`)

  let filed = 0
  const report = await timed(5, async () => {
    filed = Number((await buildReportContent(ports, await ledgerFigures(ports), city, start, clock.now)).volumes.find((v) => v.key === 'filed')!.value.split(' ')[0])
  })
  let naiveFiled = 0
  const naive = await timed(3, async () => {
    const cases = await findAll<CaseDoc>(store, 'cases', { where: { updatedAt: { $gte: start, $lt: start + 7 * 86_400_000 } } })
    const per = new Map<string, Record<string, number>>()
    for (const c of cases) {
      const row = per.get(c.ownerStationId) ?? {}
      row[`${c.privacy}.${c.state}`] = (row[`${c.privacy}.${c.state}`] ?? 0) + 1
      per.set(c.ownerStationId, row)
    }
    naiveFiled = cases.filter((c) => c.createdAt >= start).length
  })
  say(`report ${report.p50ms} ms, naive ${naive.p50ms} ms`)
  return {
    stations: STATIONS,
    casesInWeek: CASES,
    filedCounted: { report: filed, naive: naiveFiled },
    cityReport: { ...report, role: 'the city’s weekly report as the Monday run builds it: area and station rollups by id and index, ratings, alerts, campaigns, projects' },
    baselineNaive: { ...naive, role: 'baseline in the same run: the week’s figures the naive way, reading every case touched in the week by the updatedAt index and counting per station, track and state' },
    reportVsNaive: +(report.p50ms / naive.p50ms).toFixed(2),
  }
}

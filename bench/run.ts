import Database from 'better-sqlite3'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync, writeFileSync } from 'node:fs'
import type { CaseDoc, JobDoc, PosterDoc, StationDoc } from '../cloudfunctions/core/app/records'
import { stationCode } from '../cloudfunctions/core/app/station-codes'
import { writeCase } from '../cloudfunctions/core/app/case-write'
import { INBOX_HANDLERS } from '../cloudfunctions/core/app/handlers/inbox.handlers'
import { countTabs, findTab, tabWhere, viewOf } from '../cloudfunctions/core/app/inbox'
import { findOfficer } from '../cloudfunctions/core/app/officers'
import { adminScope } from '../cloudfunctions/core/app/scope'
import { stationsById } from '../cloudfunctions/core/app/stations'
import { INBOX_TAB_LABEL, InboxTab, listInbox } from '../types/contracts/inbox'
import { Category, Privacy } from '../types/domain'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { gzipSync } from 'node:zlib'
import { join } from 'node:path'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import type { Ports } from '../cloudfunctions/core/ports'
import { applyIncrement, type Increment, type Store, type StoredDoc, type TxStore } from '../cloudfunctions/core/ports/store'
import calendarData from '../cloudfunctions/core/data/cn-workday-calendar.json'
import { FUNCTION_NAMES } from '../types/functions'
import { addWorkingMinutes, loadCalendar } from '../cloudfunctions/core/domain/working-time'
import { ledgerBench } from './ledger'
import { surveyBench } from './surveys'
import { ratingsBench } from './ratings'
import { reportsBench } from './reports'
import { hr, pct } from './timing'
import { benchPorts } from './ports'

/**
 * Benchmarks (not tests): throughput and latency of the embedded path, and build sizes.
 * Each figure is measured in this run next to its baseline, so they compare on the same machine and load.
 */
const dirSize = (dir: string): number =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? dirSize(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0) : 0

/** Open cases cloned from a real submitted one; a fixed 100 of them have their accept deadline already passed. */
const SWEEP_DUE = 100
const sweepBench = async (dir: string, total: number) => {
  const clock = { now: Date.UTC(2026, 10, 25, 2, 0) }
  const now = clock.now
  const ports = await benchPorts(join(dir, `sweep-${total}.db`), clock, '01SWEEP')
  const { store } = ports
  const first = await dispatch(
    'worker',
    { op: 'case.submit', requestId: 'bench-template-0001', input: { stationId: 'st-CX-0002', category: 'pay', description: '老板拖欠了我们三个月的工资，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: true, employer: { kind: 'named', name: '示例服装厂' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } } },
    { openid: 'bench-worker', via: 'local' },
    ports,
  )
  if (!first.ok) throw new Error(first.error.message)
  const template = (await store.find<CaseDoc>('cases', { limit: 1 })).items[0]!
  const due = SWEEP_DUE
  const every = Math.floor(total / due)
  const t0 = hr()
  for (let start = 0; start < total; start += 5000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(total, start + 5000); i++) {
        const isDue = i % every === 0 && i / every < due
        const at = isDue ? now - 2 * 86_400_000 : now + 86_400_000 + i * 1000
        const clocks = { ...template.clocks, accept: { dueAt: at, warnAt: null, misses: 0 }, firstReply: { dueAt: null, warnAt: null, misses: 0 }, resolve: { dueAt: at + 30 * 86_400_000, warnAt: null, misses: 0 } }
        const { _v, ...doc } = template
        // Through the one case writer, as every case write goes (its inbox fields and counters with it).
        await writeCase(tx, null, { ...doc, _id: `bench-${String(i).padStart(7, '0')}`, caseNo: `CX26112${String(i).padStart(5, '0')}`, clocks, nextDueAt: at })
      }
    })
  }
  const loadMs = hr() - t0
  const t = hr()
  const r = await dispatch('sweep', { op: 'sweep.run', input: { budgetMs: 50_000 }, requestId: `bench-sweep-${total}` }, { openid: null, via: 'timer' }, ports)
  const sweepMs = hr() - t
  if (!r.ok) throw new Error(r.error.message)
  const data = r.data as { cases: { examined: number; applied: number } }
  // The street station's inbox with all these cases in it: the first page and its four tab counts.
  const inbox: number[] = []
  for (let i = 0; i < 50; i++) {
    const s = hr()
    const q = await dispatch('officer', { op: 'inbox.list', input: { stationId: 'st-CX-0002', tab: 'pending' }, requestId: `bench-inbox-${total}-${i}` }, { openid: 'dev-CX-street-head', via: 'local' }, ports)
    if (!q.ok) throw new Error(q.error.message)
    inbox.push(hr() - s)
  }
  await store.close()
  return {
    openCases: total + 1,
    dueCases: due,
    examined: data.cases.examined,
    applied: data.cases.applied,
    sweepMs: +sweepMs.toFixed(1),
    perDueCaseMs: +(sweepMs / due).toFixed(3),
    inboxP50ms: pct(inbox, 50),
    inboxP95ms: pct(inbox, 95),
    loadMs: Math.round(loadMs),
  }
}

/**
 * Station posters: one station's poster (code kept, as after its first view) and a 40-station county batch
 * through the dispatcher, each beside a bare pdfkit document in the same font (the floor: parsing the two
 * weights and subsetting them), plus what making the local codes costs once.
 */
const posterBench = async (dir: string) => {
  const clock = { now: Date.UTC(2026, 10, 25, 2, 0) }
  const ports = await benchPorts(join(dir, 'posters.db'), clock, '01POSTER')
  const { store } = ports
  // 曹县 with 40 active stations: the seeded five and 35 townships like its street.
  const street = (await store.get<StationDoc>('stations', 'st-CX-0002'))!
  for (let n = 200; n < 235; n++) {
    const code = `HZ-CX-0${n}`
    const { _v, ...doc } = street
    await store.insert<StationDoc>('stations', { ...doc, _id: `st-CX-0${n}`, code, name: `示例第${n - 199}镇驿站`, path: [...street.path.slice(0, -1), `st-CX-0${n}`], sortKey: `2-${code}` })
  }
  const county = (await store.get<StationDoc>('stations', 'st-CX-0001'))!
  const stations = (await store.find<StationDoc>('stations', { where: { countyId: county._id }, limit: 100 })).items
  const admin = { openid: 'dev-CX-county-head', via: 'local' as const }
  const rounds = 7

  let t = hr()
  for (const s of stations) await stationCode(ports, s)
  const codesMs = hr() - t

  // One station's poster (made again each round: poster.remake), through the dispatcher.
  const one: number[] = []
  let oneBytes = 0
  for (let i = 0; i < rounds; i++) {
    const s = hr()
    const r = await dispatch('admin', { op: 'poster.remake', input: { stationId: 'st-CX-0002' }, requestId: `bench-poster-${i}` }, admin, ports)
    one.push(hr() - s)
    if (!r.ok) throw new Error(r.error.message)
    oneBytes = (await ports.files.get((await store.get<PosterDoc>('posters', 'st-CX-0002'))!.fileId))!.bytes.byteLength
  }

  // The county's 40 pages as a job.
  const batch: number[] = []
  let batchBytes = 0
  for (let i = 0; i < 3; i++) {
    const s = hr()
    const r = await dispatch('admin', { op: 'poster.batch', input: { countyId: county._id, jobId: `bench-batch-000${i}` }, requestId: `bench-batch-${i}` }, admin, ports)
    batch.push(hr() - s)
    if (!r.ok || (r.data as { state: string }).state !== 'done') throw new Error(r.ok ? JSON.stringify(r.data) : r.error.message)
    const job = (await store.find<JobDoc>('jobs', { limit: 10 })).items.find((j) => j.title.includes('40'))!
    batchBytes = (await ports.files.get(job.fileId!))!.bytes.byteLength
  }
  const rss = Math.round(process.memoryUsage().rss / 1e6)

  // The floor: bare pdfkit with the same two weights, one line of text per page; the fonts parsed once (as
  // the posters keep them) or for each document (pdfkit's default, from the bytes).
  const PDFDocument = require('pdfkit') as typeof import('pdfkit')
  const fontkit = require('fontkit') as { create: (b: Uint8Array) => unknown }
  const [regular, bold] = await Promise.all([ports.fonts.get('regular'), ports.fonts.get('bold')])
  const kept = [fontkit.create(regular), fontkit.create(bold)] as unknown as Uint8Array[]
  const bare = async (pages: number, fonts: 'kept' | 'fresh') => {
    const doc = new PDFDocument({ size: 'A4', margin: 0, autoFirstPage: false, font: null as unknown as string })
    doc.registerFont('R', fonts === 'kept' ? kept[0]! : Buffer.from(regular))
    doc.registerFont('B', fonts === 'kept' ? kept[1]! : Buffer.from(bold))
    const chunks: Buffer[] = []
    doc.on('data', (c: Buffer) => chunks.push(c))
    const ended = new Promise((done) => doc.on('end', done))
    for (let p = 0; p < pages; p++) {
      doc.addPage()
      doc.font('B').fontSize(40).text(`示例第${p + 1}镇驿站`, 40, 120, { lineBreak: false })
      doc.font('R').fontSize(14).text('扫码反映诉求 · 参加满意度测评 · 看政策', 40, 200, { lineBreak: false })
    }
    doc.end()
    await ended
    return Buffer.concat(chunks).byteLength
  }
  const bareOne: number[] = []
  const bareFresh: number[] = []
  const bareForty: number[] = []
  let bareBytes = 0
  for (let i = 0; i < rounds; i++) {
    let s = hr()
    bareBytes = await bare(1, 'kept')
    bareOne.push(hr() - s)
    s = hr()
    await bare(1, 'fresh')
    bareFresh.push(hr() - s)
    if (i < 3) {
      s = hr()
      await bare(40, 'kept')
      bareForty.push(hr() - s)
    }
  }
  await store.close()
  return {
    stationPoster: { p50ms: pct(one, 50), firstMs: +one[0]!.toFixed(1), pdfBytes: oneBytes, rounds },
    countyBatch40: { stations: stations.length, p50ms: pct(batch, 50), maxMs: pct(batch, 100), pdfBytes: batchBytes, perPageMs: +(pct(batch, 50) / stations.length).toFixed(1) },
    barePdfkitSameFont: {
      onePageP50ms: pct(bareOne, 50),
      fortyPagesP50ms: pct(bareForty, 50),
      onePageFontsParsedEachTimeP50ms: pct(bareFresh, 50),
      onePageBytes: bareBytes,
      role: 'baseline: bare pdfkit pages in the same two weights (parsed once, as the posters keep them), one line a page',
    },
    localCodes40Ms: Math.round(codesMs),
    rssMB: rss,
  }
}


/**
 * The inbox at 100 000 cases in one county's subtree (曹县: its county, street, park and two enterprise stations),
 * written through the case writer, spread over privacy tracks, categories and every tab. The county head's
 * 全辖区 and the street head's 本站, first page with every tab's count, through the dispatcher; beside it, the
 * same page with the counts taken by counting each tab's indexed query (what the inbox did before), same run.
 */
const inboxBench = async (dir: string, total: number) => {
  const clock = { now: Date.UTC(2026, 10, 25, 2, 0) }
  const now = clock.now
  const ports = await benchPorts(join(dir, `inbox-${total}.db`), clock, '01INBOX')
  const { store } = ports
  const first = await dispatch(
    'worker',
    { op: 'case.submit', requestId: 'bench-inbox-template', input: { stationId: 'st-CX-0002', category: 'pay', description: '老板拖欠了我们三个月的工资，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: true, employer: { kind: 'unknown' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } } },
    { openid: 'bench-worker', via: 'local' },
    ports,
  )
  if (!first.ok) throw new Error(first.error.message)
  const template = (await store.find<CaseDoc>('cases', { limit: 1 })).items[0]!
  const subtree = ['st-CX-0001', 'st-CX-0002', 'st-CX-0003', 'st-CX-0004', 'st-CX-0005']
  const stations = await stationsById(store, subtree)
  const DAY = 86_400_000
  const idle = { dueAt: null, warnAt: null, misses: 0 }
  const t0 = hr()
  for (let start = 0; start < total; start += 5000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(total, start + 5000); i++) {
        const owner: StationDoc = stations.get(subtree[i % subtree.length]!)!
        const privacy = owner.kind === 'enterprise' ? 'open' : Privacy.options[i % 3]!
        const createdAt = now - (i % 200) * DAY - (i % 997) * 1000
        const due = now + ((i % 300) + 1) * 3600_000
        const k = i % 20
        // 30 % 待受理 (one in six of them warned), 30 % 办理中 (one in six missed 办结: 已超期, the county supervises;
        // one warned), one paused, one answered, 30 % closed.
        const state = k < 6 ? 'submitted' : k < 12 ? 'in_progress' : k === 12 ? 'on_hold' : k === 13 ? 'resolved' : 'closed'
        const clocks = {
          ...template.clocks,
          accept: state === 'submitted' ? { dueAt: due, warnAt: k === 5 ? null : due - 3600_000, misses: 0 } : idle,
          firstReply: idle,
          resolve: state === 'in_progress' ? { dueAt: due + 10 * DAY, warnAt: k === 11 ? null : due + 5 * DAY, misses: k === 10 ? 1 : 0 } : idle,
          transfer: idle,
          autoClose: state === 'resolved' ? { dueAt: due + 7 * DAY, warnAt: null, misses: 0 } : idle,
        }
        const { _v, ...doc } = template
        await writeCase(tx, null, {
          ...doc,
          _id: `inbox-${String(i).padStart(7, '0')}`,
          caseNo: `CX${String(i).padStart(10, '0')}`,
          stationId: owner._id,
          ownerStationId: owner._id,
          ownerPath: owner.path,
          firstStationId: owner._id,
          privacy,
          category: Category.options[i % Category.options.length]!,
          state,
          createdAt,
          clocks,
          supervisorStationId: k === 10 && owner._id !== 'st-CX-0001' ? 'st-CX-0001' : null,
          closedAt: state === 'closed' ? createdAt + DAY : null,
          nextDueAt: null,
        })
      }
    })
  }
  const loadMs = hr() - t0

  const call = (openid: string, input: Record<string, unknown>, n: number) =>
    dispatch('officer', { op: 'inbox.list', input, requestId: `bench-inbox-${total}-${n}` }, { openid, via: 'local' }, ports)
  // Each figure after a warm-up of its own (the store's pages are cold after loading 100 000 cases).
  const time = async (n: number, f: (i: number) => Promise<unknown>) => {
    for (let i = 0; i < Math.min(n, 50); i++) await f(i)
    const lat: number[] = []
    for (let i = 0; i < n; i++) {
      const s = hr()
      await f(i)
      lat.push(hr() - s)
    }
    return { p50ms: pct(lat, 50), p95ms: pct(lat, 95) }
  }
  const ok = async (openid: string, input: Record<string, unknown>, n: number) => {
    const r = await call(openid, input, n)
    if (!r.ok) throw new Error(r.error.message)
    return r.data as { items: unknown[]; counts?: Record<string, number>; next?: string }
  }
  const county = { stationId: 'st-CX-0001', scope: 'subtree', tab: 'pending' }
  const sample = await ok('dev-CX-county-head', county, -1)
  let n = 0
  const results: Record<string, unknown> = {
    cases: total,
    countyCounts: Object.fromEntries(InboxTab.options.map((t) => [INBOX_TAB_LABEL[t], sample.counts![t]])),
    county全辖区Pending: await time(200, () => ok('dev-CX-county-head', county, n++)),
    county全辖区Overdue: await time(200, () => ok('dev-CX-county-head', { ...county, tab: 'overdue' }, n++)),
    county全辖区ByCategoryAndPrivacy: await time(200, () => ok('dev-CX-county-head', { ...county, category: 'pay', privacy: 'confidential' }, n++)),
    county全辖区NextPage: await time(200, () => ok('dev-CX-county-head', { ...county, after: sample.next }, n++)),
    street本站Pending: await time(200, () => ok('dev-CX-street-head', { stationId: 'st-CX-0002', tab: 'pending' }, n++)),
    county全辖区ByFilingDate: { ...(await time(50, () => ok('dev-CX-county-head', { ...county, filedFrom: '2026-11-01' }, n++))), role: 'counts capped at 99+ by indexed queries' },
  }
  // Baseline, same run and data: the county's first page with each tab counted by its indexed query (no counters).
  const officer = (await findOfficer(ports, 'dev-CX-county-head'))!
  const station = (await store.get<StationDoc>('stations', 'st-CX-0001'))!
  const input = listInbox.input.parse(county)
  const view = viewOf(input, station)
  results.county全辖区PendingCountingEachTabBaseline = {
    ...(await time(30, async () => {
      const [page] = await Promise.all([findTab(store, view, 'pending', 'government', {}, { limit: 20 }), ...InboxTab.options.map((t) => store.count('cases', tabWhere(view, t, 'government', {})))])
      await stationsById(store, page.items.map((c) => c.ownerStationId))
    })),
    role: 'baseline for county全辖区Pending: counts by counting each tab’s query',
  }
  // The handler alone (no dispatcher): what the counters cost.
  const ctx = { caller: { openid: 'dev-CX-county-head', via: 'local' as const }, ports, officer, caseDoc: null, station, scope: await adminScope(ports, officer), remember: async () => undefined, tx: null, afterCommit: (f: () => Promise<void>) => void f() }
  results.county全辖区PendingHandlerOnly = await time(200, () => INBOX_HANDLERS.listInbox.run(input, ctx))
  results.countersRead = await time(200, () => countTabs(store, view, 'government', {}))
  results.loadMs = Math.round(loadMs)
  await store.close()
  return results
}

/**
 * `npm run bench` runs every section; `npm run bench -- --only inbox,sweep` (or `--only surveys`) runs those and keeps the other
 * figures of bench/results.json as they were.
 */
const SECTIONS = ['submit', 'calendar', 'sweep', 'inbox', 'surveys', 'ledger', 'cold', 'sizes', 'posters', 'ratings', 'reports'] as const
const onlyArg = process.argv.find((a) => a.startsWith('--only'))
const only = onlyArg ? (onlyArg.includes('=') ? onlyArg.split('=')[1]! : process.argv[process.argv.indexOf(onlyArg) + 1] ?? '').split(',') : [...SECTIONS]
for (const o of only) if (!(SECTIONS as readonly string[]).includes(o)) throw new Error(`bench: no section ${o} (${SECTIONS.join(', ')})`)
const want = (section: (typeof SECTIONS)[number]) => only.includes(section)

/**
 * `--profile <file>`: the CPU profile of the filings alone (not the seeding, not the baseline), written to that
 * file (a .cpuprofile for Chrome's DevTools), to see where case.submit spends its time.
 */
const profileArg = process.argv.indexOf('--profile')
const profileFile = profileArg > 0 ? process.argv[profileArg + 1] : undefined
const startProfile = async () => {
  if (!profileFile) return null
  const { Session } = require('node:inspector/promises') as typeof import('node:inspector/promises')
  const session = new Session()
  session.connect()
  await session.post('Profiler.enable')
  await session.post('Profiler.start')
  return {
    stop: async () => {
      const { profile } = await session.post('Profiler.stop')
      writeFileSync(profileFile, JSON.stringify(profile))
      session.disconnect()
    },
  }
}

const main = async () => {
  const previous: Record<string, unknown> = onlyArg && existsSync('bench/results.json') ? JSON.parse(readFileSync('bench/results.json', 'utf8')) : {}
  const results: Record<string, unknown> = { ...previous, at: new Date().toISOString(), node: process.version, cpus: require('node:os').cpus().length }
  const dir = mkdtempSync(join(tmpdir(), 'hx-bench-'))
  if (want('submit')) await submitBench(dir, results)
  if (want('calendar')) calendarBench(results)
  // The sweep over 10 000 and 100 000 open cases with the same 100 due: its time should follow the due cases,
  // not the open ones (goal: the ratio at most 1.5).
  if (want('sweep')) {
    for (const total of [10_000, 100_000]) results[`sweep${total / 1000}k`] = await sweepBench(dir, total)
    const ms = (k: string) => (results[k] as { sweepMs: number }).sweepMs
    results.sweep100kVs10k = +(ms('sweep100k') / ms('sweep10k')).toFixed(2)
  }
  if (want('inbox')) results.inbox100k = await inboxBench(dir, 100_000)
  // Surveys: 100 000 answers over 500 campaigns, aggregated from the tallies, against reading the answers.
  if (want('surveys')) results.surveys = await surveyBench(dir)
  // The ledger and the dashboard at 100 000 cases: from their rollups, beside two baselines (bench/ledger.ts).
  if (want('ledger')) results.ledger100k = await ledgerBench(dir)
  // 星级驿站: the quarterly rating of 5 000 stations over 1 000 000 cases, beside rating them from the fact rows (bench/ratings.ts).
  if (want('ratings')) results.ratings5k = await ratingsBench(dir)
  // 定期调度和通报: the city's weekly report over 5 000 stations and a week of 30 000 cases, beside reading the week's cases (bench/reports.ts).
  if (want('reports')) results.reportsCity = await reportsBench(dir)
  if (want('cold')) coldBench(results)
  if (want('sizes')) sizes(results)
  // Station posters: one station's and a 40-station county batch, beside bare pdfkit pages in the same fonts.
  if (want('posters')) results.posters = { at: results.at, ...(await posterBench(dir)) }
  writeFileSync('bench/results.json', JSON.stringify(results, null, 2) + '\n')
  console.log(JSON.stringify(results, null, 2))
}

/** One write a call made, as the store was asked for it (the document as stored after it). */
interface Write {
  op: 'insert' | 'update' | 'remove' | 'increment'
  collection: string
  id: string
  doc?: unknown
  v?: number
  change?: Increment<StoredDoc>
}

/**
 * The store with every write noted, inside transactions too, grouped per call (`mark` starts the next call's
 * list): what the baseline replays.
 */
const recordingStore = (store: Store) => {
  const calls: Write[][] = []
  let current: Write[] = []
  // Each method wrapped once per store or transaction store, not on every use: the recording should cost the
  // filings it measures as little as it can.
  const wrap = <T extends TxStore>(tx: T): T => {
    const made = new Map<PropertyKey, unknown>()
    return new Proxy(tx, {
      get(target, key, receiver) {
        if (made.has(key)) return made.get(key)
        const m = method(target, key, Reflect.get(target, key, receiver) as unknown)
        if (typeof m === 'function') made.set(key, m)
        return m
      },
    })
  }
  const method = <T extends TxStore>(target: T, key: PropertyKey, v: unknown): unknown => {
    if (key === 'insert')
      return async (collection: string, doc: StoredDoc) => {
        const stored = await (v as TxStore['insert']).call(target, collection, doc)
        current.push({ op: 'insert', collection, id: stored._id, doc: stored })
        return stored
      }
    if (key === 'insertMany')
      return async (collection: string, docs: StoredDoc[]) => {
        const stored = await (v as TxStore['insertMany']).call(target, collection, docs)
        for (const d of stored) current.push({ op: 'insert', collection, id: d._id, doc: d })
        return stored
      }
    if (key === 'increment')
      return async (collection: string, id: string, change: Increment<StoredDoc>) => {
        await (v as TxStore['increment']).call(target, collection, id, change)
        current.push({ op: 'increment', collection, id, change })
      }
    // A use counted below its limit (ADR 0047): one more on the row, as an increment of it.
    if (key === 'incrementBelow')
      return async (collection: string, id: string, field: string, limit: number) => {
        const added = await (v as Store['incrementBelow']).call(target, collection, id, field, limit)
        if (added) current.push({ op: 'increment', collection, id, change: { by: { [field]: 1 }, create: {} } })
        return added
      }
    // The documents as updated: the held ones with the patch, noted when every one was written (in the bench each is).
    if (key === 'updateHeldMany')
      return async (collection: string, held: StoredDoc[], patch: Record<string, unknown>) => {
        const n = await (v as Store['updateHeldMany']).call(target, collection, held, patch)
        if (n === held.length) for (const h of held) current.push({ op: 'update', collection, id: h._id, doc: { ...h, ...patch, _v: h._v + 1 }, v: h._v })
        return n
      }
    if (key === 'update' || key === 'updateHeld')
      return async (collection: string, ...rest: unknown[]) => {
        const stored = (await (v as (...a: unknown[]) => Promise<StoredDoc>).call(target, collection, ...rest)) as StoredDoc
        current.push({ op: 'update', collection, id: stored._id, doc: stored, v: stored._v - 1 })
        return stored
      }
    if (key === 'remove')
      return async (collection: string, id: string, expectedV: number) => {
        await (v as TxStore['remove']).call(target, collection, id, expectedV)
        current.push({ op: 'remove', collection, id, v: expectedV })
      }
    // A transaction's writes count once it commits: an attempt that is rolled back (and run again) wrote nothing.
    if (key === 'transaction')
      return async (fn: (tx: TxStore) => Promise<unknown>) => {
        const outer = current
        let attempt: Write[] = []
        try {
          const result = await (v as Store['transaction']).call(target, (inner) => {
            attempt = []
            current = attempt
            return fn(wrap(inner))
          })
          outer.push(...attempt)
          return result
        } finally {
          current = outer
        }
      }
    return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
  }
  return {
    store: wrap(store),
    mark: () => {
      current = []
      calls.push(current)
    },
    calls,
  }
}

/**
 * The baseline for case.submit: a raw better-sqlite3 database, one table per collection (id, version, JSON),
 * and per filing one transaction that writes exactly the rows that filing wrote through the handler — the
 * case, its events, the outbox rows and their delivery, the counter, the request row, the inbox counters, the
 * ledger's facts and rollups, the cluster and alert — as plain INSERT / versioned UPDATE / DELETE statements,
 * prepared once. A counter the handler added to without reading it (`increment`, ADR 0031) is a read of the row
 * and an INSERT or UPDATE of it, as any SQLite program keeping those counters would do.
 */
const rawReplayer = (file: string, calls: Write[][], indexesOf?: string) => {
  const raw = new Database(file)
  raw.pragma('journal_mode = WAL')
  raw.pragma('synchronous = NORMAL')
  const tables = new Set(calls.flat().map((w) => w.collection))
  const sql = new Map<string, { ins: Database.Statement; upd: Database.Statement; del: Database.Statement; get: Database.Statement; put: Database.Statement }>()
  // With `indexesOf` (the store's database file), each table also gets the indexes the store keeps on it.
  const indexSql: Array<{ t: string; sql: string }> = []
  if (indexesOf) {
    const store = new Database(indexesOf, { readonly: true })
    indexSql.push(...(store.prepare("SELECT tbl_name AS t, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL").all() as typeof indexSql))
    store.close()
  }
  for (const t of tables) {
    raw.exec(`CREATE TABLE "${t}" (_id TEXT PRIMARY KEY, _v INTEGER NOT NULL, doc TEXT NOT NULL)`)
    for (const ix of indexSql) if (ix.t === t) raw.exec(ix.sql)
    sql.set(t, {
      ins: raw.prepare(`INSERT INTO "${t}" (_id, _v, doc) VALUES (?, 1, ?)`),
      upd: raw.prepare(`UPDATE "${t}" SET _v = _v + 1, doc = ? WHERE _id = ? AND _v = ?`),
      del: raw.prepare(`DELETE FROM "${t}" WHERE _id = ? AND _v = ?`),
      get: raw.prepare(`SELECT _v, doc FROM "${t}" WHERE _id = ?`),
      put: raw.prepare(`UPDATE "${t}" SET _v = ?, doc = ? WHERE _id = ?`),
    })
  }
  // The documents as a program writing these rows would hold them: the row's id and version in their columns, not in its JSON.
  const bodies = calls.map((writes) => writes.map((w) => (w.doc ? body(w.doc as StoredDoc) : undefined)))
  const one = raw.transaction((writes: Write[], docs: Array<Record<string, unknown> | undefined>) => {
    for (let i = 0; i < writes.length; i++) {
      const w = writes[i]!
      const s = sql.get(w.collection)!
      if (w.op === 'insert') s.ins.run(w.id, JSON.stringify(docs[i]))
      else if (w.op === 'update') s.upd.run(JSON.stringify(docs[i]), w.id, w.v)
      else if (w.op === 'increment') {
        const row = s.get.get(w.id) as { _v: number; doc: string } | undefined
        const next = applyIncrement(row ? { ...(JSON.parse(row.doc) as StoredDoc), _v: row._v } : null, w.id, w.change!)
        if (row) s.put.run(next._v, JSON.stringify(body(next)), w.id)
        else s.ins.run(w.id, JSON.stringify(body(next)))
      } else s.del.run(w.id, w.v)
    }
  })
  return {
    /** Filings `from` to `to` (not included), one transaction each: wall and CPU ms. */
    run: (from: number, to: number) => {
      const cpu = process.cpuUsage()
      const t = hr()
      for (let i = from; i < to; i++) one(calls[i]!, bodies[i]!)
      return { ms: hr() - t, cpuMs: cpuMs(cpu) }
    },
    close: () => raw.close(),
  }
}

const body = ({ _id, _v, ...rest }: StoredDoc): Record<string, unknown> => rest

/**
 * Whether a raw replay left exactly the rows the store has in the tables it wrote: every row of the replay's
 * tables, id, version and JSON alike, against the store's rows of those tables written by the filings (the
 * seeded ones the filings never touched are not in the replay).
 */
const sameRows = (rawFile: string, storeFile: string): boolean => {
  const raw = new Database(rawFile, { readonly: true })
  const store = new Database(storeFile, { readonly: true })
  try {
    for (const { name } of raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>) {
      const get = store.prepare(`SELECT _v, doc FROM "${name}" WHERE _id = ?`)
      for (const r of raw.prepare(`SELECT _id, _v, doc FROM "${name}"`).iterate() as IterableIterator<Row>) {
        const s = get.get(r._id) as Omit<Row, '_id'> | undefined
        if (!s || s._v !== r._v || s.doc !== r.doc) return false
      }
    }
    return true
  } finally {
    raw.close()
    store.close()
  }
}
type Row = { _id: string; _v: number; doc: string }

/** CPU time (user + system, ms) this process spent since `from` (a `process.cpuUsage()`). */
const cpuMs = (from: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(from)
  return (u.user + u.system) / 1000
}

/** The bench's 2 000 filings, the same in every run of them: which station, worker, employer and privacy track each has. */
const SUBMIT_N = 2000
const SUBMIT_WORKERS = Array.from({ length: 400 }, (_, i) => `bench-worker-${i}`) // each within the filing limit (types/rate-limits.ts)
const SUBMIT_STATIONS = ['st-CX-0002', 'st-CX-0004', 'st-MD-0003', 'st-DM-0005']
const filing = (i: number) => ({
  op: 'case.submit',
  requestId: `bench-req-${String(i).padStart(8, '0')}`,
  input: {
    stationId: SUBMIT_STATIONS[i % SUBMIT_STATIONS.length],
    category: i % 3 === 0 ? 'wage_arrears' : 'pay',
    description: '老板拖欠了我们三个月的工资，一直说下个月发。',
    workersAffected: i % 17 === 0 ? 12 : 1,
    aboutOwnEmployer: true,
    // At the two enterprise stations the employer is the station's; elsewhere a few names, so clusters form and alerts are raised and joined.
    employer: { kind: 'named', name: ['示例服装厂', '县城东关饭店', '示例建筑劳务有限公司'][Math.floor(i / 4) % 3]! },
    privacy: (['open', 'confidential', 'anonymous'] as const)[i % 3],
    ...(i % 3 === 2 ? {} : { contact: { name: '张三', phone: '13800000001' } }),
  },
})

/** Filings `from` to `to` (not included) through the dispatcher, one after another, the clock a second on each time (`before` runs ahead of each, untimed). */
const fileRange = async (ports: Ports, clock: { now: number }, from: number, to: number, before?: () => void) => {
  const lat: number[] = []
  const cpu = process.cpuUsage()
  const t = hr()
  for (let i = from; i < to; i++) {
    clock.now += 1000
    before?.()
    const s = hr()
    const r = await dispatch('worker', filing(i), { openid: SUBMIT_WORKERS[i % SUBMIT_WORKERS.length]!, via: 'local' }, ports)
    lat.push(hr() - s)
    if (!r.ok) throw new Error(r.error.message)
  }
  return { ms: hr() - t, cpuMs: cpuMs(cpu), lat }
}

/** Every row of a store's database file, in order, hashed: two runs of the same filings must leave the same rows. */
const rowsHash = (file: string) => {
  const db = new Database(file, { readonly: true })
  const h = createHash('sha256')
  for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>)
    for (const r of db.prepare(`SELECT _id, _v, doc FROM "${name}" ORDER BY _id`).raw().iterate() as IterableIterator<unknown[]>) h.update(`${name}\u0000${r.join('\u0000')}\n`)
  db.close()
  return h.digest('hex')
}

/** Filings per block of the side-by-side measurement. */
const SUBMIT_BLOCK = 100
const SUBMIT_START = Date.UTC(2026, 10, 25, 2, 0)

const submitBench = async (dir: string, results: Record<string, unknown>) => {
  // First the filings on a database of their own, every write noted as the store is asked for it: the rows the
  // baselines replay.
  const recClock = { now: SUBMIT_START }
  const recFile = join(dir, 'bench-recorded.db')
  const recSeeded = await benchPorts(recFile, recClock, '01BENCH')
  const recorder = recordingStore(recSeeded.store)
  await fileRange({ ...recSeeded, store: recorder.store }, recClock, 0, SUBMIT_N, recorder.mark)
  await recSeeded.store.close()
  const writes = recorder.calls.reduce((n, c) => n + c.length, 0)

  // Then, measured: case.submit through the dispatcher on the bare store (nothing watches these filings) —
  // validation, routing, counter, case, events, outbox and delivery, idempotency row, inbox counters, ledger
  // facts and rollups, clusters — and beside it the baselines: exactly the rows those filings wrote, one raw
  // SQLite transaction per filing. The goal's (issue #19 §5) writes them into the same schema, the store's
  // tables with the indexes the store keeps on them; the lower bound into tables with no index at all. The three
  // take turns in blocks of 100 filings (which goes first alternating), so that each sees the same load on the
  // machine: run one after the other, a change in the load between them moved the ratios more than the code did.
  // Same seed, ids and clock as the recording, so the same rows: checked below, row by row.
  const clock = { now: SUBMIT_START }
  const storeFile = join(dir, 'bench.db')
  const ports = await benchPorts(storeFile, clock, '01BENCH')
  const sameFile = join(dir, 'raw-same-schema.db')
  const bareFile = join(dir, 'raw-no-indexes.db')
  const same = rawReplayer(sameFile, recorder.calls, storeFile)
  const bare = rawReplayer(bareFile, recorder.calls)
  const sum = () => ({ ms: 0, cpuMs: 0 })
  const totals = { submit: sum(), same: sum(), bare: sum() }
  const add = (to: { ms: number; cpuMs: number }, r: { ms: number; cpuMs: number }) => {
    to.ms += r.ms
    to.cpuMs += r.cpuMs
  }
  const lat: number[] = []
  for (let from = 0; from < SUBMIT_N; from += SUBMIT_BLOCK) {
    const to = Math.min(SUBMIT_N, from + SUBMIT_BLOCK)
    const raws = () => {
      add(totals.same, same.run(from, to))
      add(totals.bare, bare.run(from, to))
    }
    if ((from / SUBMIT_BLOCK) % 2) raws()
    const r = await fileRange(ports, clock, from, to)
    add(totals.submit, r)
    lat.push(...r.lat)
    if (!((from / SUBMIT_BLOCK) % 2)) raws()
  }
  same.close()
  bare.close()
  if (rowsHash(recFile) !== rowsHash(storeFile)) throw new Error('bench: the recorded filings did not leave the rows the timed ones did')
  for (const f of [sameFile, bareFile]) if (!sameRows(f, storeFile)) throw new Error(`bench: ${f} does not hold the rows the filings wrote`)

  const figures = (r: { ms: number; cpuMs: number }) => ({
    perSecond: Math.round(SUBMIT_N / (r.ms / 1000)),
    cpuMsPerFiling: +(r.cpuMs / SUBMIT_N).toFixed(3),
    wallMsPerFiling: +(r.ms / SUBMIT_N).toFixed(3),
  })
  for (const old of ['rawSqliteInsertSameRows', 'rawSqliteSameWrites', 'rawSqliteSameWritesSameIndexes', 'caseSubmitVsRaw', 'caseSubmitVsRawCpu']) delete results[old]
  results.caseSubmit = { n: SUBMIT_N, ...figures(totals.submit), p50ms: pct(lat, 50), p95ms: pct(lat, 95) }
  results.rawSameSchema = {
    n: SUBMIT_N,
    writesPerFiling: +(writes / SUBMIT_N).toFixed(1),
    ...figures(totals.same),
    role: 'the baseline of the goal: per filing one raw better-sqlite3 transaction writing exactly the rows it wrote, into the same tables with the same indexes as the store',
  }
  results.rawNoIndexes = {
    n: SUBMIT_N,
    ...figures(totals.bare),
    role: 'the lower bound: the same rows, the same transactions, into tables without any index',
  }
  // The goal: at most 3 against the same schema, in CPU time (user + system; on a loaded machine wall time is
  // partly waiting for a core) and in wall time.
  results.caseSubmitVsRawSameSchemaCpu = +(totals.submit.cpuMs / totals.same.cpuMs).toFixed(2)
  results.caseSubmitVsRawSameSchemaWall = +(totals.submit.ms / totals.same.ms).toFixed(2)
  results.caseSubmitVsRawNoIndexesCpu = +(totals.submit.cpuMs / totals.bare.cpuMs).toFixed(2)
  results.caseSubmitVsRawNoIndexesWall = +(totals.submit.ms / totals.bare.ms).toFixed(2)

  // `--profile`: the filings once more on a fresh database, alone under the profiler.
  if (profileFile) {
    const profClock = { now: SUBMIT_START }
    const profPorts = await benchPorts(join(dir, 'bench-profiled.db'), profClock, '01BENCH')
    const profiler = await startProfile()
    await fileRange(profPorts, profClock, 0, SUBMIT_N)
    await profiler?.stop()
    await profPorts.store.close()
  }

  // Reads at this volume: 我的诉求 and the officer inbox.
  const mine: number[] = []
  for (let i = 0; i < 500; i++) {
    const s = hr()
    await dispatch('worker', { op: 'case.mine', input: {}, requestId: `bench-mine-${String(i).padStart(6, '0')}` }, { openid: SUBMIT_WORKERS[i % SUBMIT_WORKERS.length]!, via: 'local' }, ports)
    mine.push(hr() - s)
  }
  results.caseMine = { cases: SUBMIT_N, p50ms: pct(mine, 50), p95ms: pct(mine, 95) }
  const inbox: number[] = []
  for (let i = 0; i < 500; i++) {
    const s = hr()
    const r = await dispatch('officer', { op: 'inbox.list', input: { stationId: 'st-CX-0002', tab: 'pending' }, requestId: `bench-inbox-${String(i).padStart(6, '0')}` }, { openid: 'dev-CX-street-head', via: 'local' }, ports)
    if (!r.ok) throw new Error(r.error.message)
    inbox.push(hr() - s)
  }
  results.inboxList = { cases: SUBMIT_N, p50ms: pct(inbox, 50), p95ms: pct(inbox, 95) }
  await ports.store.close()
}

// Working-time arithmetic the sweep leans on.
const calendarBench = (results: Record<string, unknown>) => {
  const cal = loadCalendar(calendarData)
  const calN = 100_000
  const t = hr()
  let x = 0
  for (let i = 0; i < calN; i++) x += addWorkingMinutes(cal, Date.UTC(2026, 0, 1) + i * 7_919_000, 450 * 15)
  results.addWorkingMinutes15Days = { n: calN, perSecond: Math.round(calN / ((hr() - t) / 1000)), checksum: x % 1000 }
}

/**
 * Cold start: requiring each function's bundle in a fresh Node (what a new container pays before its first
 * answer), against requiring the bare SDK; then, apart, what the first use of a package loaded on demand
 * costs (exceljs for the exports, pdfkit and fontkit for the posters: types/functions.ts `packages`).
 */
const coldBench = (results: Record<string, unknown>) => {
  // Wall time, and the CPU time the process spent (user + system): on a loaded machine the wall time is
  // mostly waiting for a core, the CPU time is the work itself.
  const inFreshNode = (code: string) => {
    const out = execFileSync(
      process.execPath,
      ['-e', `const c=process.cpuUsage();const t=process.hrtime.bigint();${code};const u=process.cpuUsage(c);console.log(JSON.stringify({wall:Number(process.hrtime.bigint()-t)/1e6,cpu:(u.user+u.system)/1000}))`],
      { env: { ...process.env, TENCENTCLOUD: 'true' } },
    )
    return JSON.parse(out.toString().trim()) as { wall: number; cpu: number }
  }
  const median = (code: string) => {
    const runs = Array.from({ length: 7 }, () => inFreshNode(code))
    return { wallMs: +pct(runs.map((r) => r.wall), 50).toFixed(1), cpuMs: +pct(runs.map((r) => r.cpu), 50).toFixed(1) }
  }
  const req = (file: string) => `require(${JSON.stringify(file)})`
  if (!existsSync('dist/cloudfunctions/worker/index.js')) return
  const bundles = Object.fromEntries(
    FUNCTION_NAMES.filter((f) => existsSync(`dist/cloudfunctions/${f}/index.js`)).map((f) => [`${f}Bundle`, median(req(join(process.cwd(), `dist/cloudfunctions/${f}/index.js`)))]),
  )
  results.coldRequireMs = {
    bareSdk: median(req(require.resolve('@cloudbase/node-sdk'))),
    ...bundles,
    // On first use only, in the function that lists the package: the first export, the first poster.
    firstUse: {
      exceljs: median(req(require.resolve('exceljs'))),
      pdfkitAndFontkit: median(`${req(require.resolve('pdfkit'))};${req(require.resolve('fontkit'))}`),
    },
    role: 'bareSdk is the baseline: each bundle requires the SDK and adds the handlers; firstUse is paid once per container, by the first call that needs it',
  }
}

/** The files of a weapp build, split into its main package and its subpackages (app.json's roots). */
const weappPackages = (dist: string) => {
  const subRoots: string[] = existsSync(join(dist, 'app.json'))
    ? (JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { subPackages?: Array<{ root: string }> }).subPackages?.map((p) => p.root) ?? []
    : []
  const total = dirSize(dist)
  const subPackages = Object.fromEntries(subRoots.map((r) => [r, dirSize(join(dist, r))]))
  return { totalBytes: total, mainPackageBytes: total - Object.values(subPackages).reduce((n, b) => n + b, 0), subPackages }
}

/** What an H5 build's index.html loads before the first page: its scripts and style sheets, each gzipped (level 9), summed. */
const h5EntryGzip = (dist: string) => {
  const html = existsSync(join(dist, 'index.html')) ? readFileSync(join(dist, 'index.html'), 'utf8') : ''
  const files = [...html.matchAll(/<script[^>]+src="([^"]+)"|<link[^>]+href="([^"]+\.css)"/g)].map((m) => (m[1] ?? m[2])!.replace(/^\//, ''))
  const bytes = files.map((f) => (existsSync(join(dist, f)) ? readFileSync(join(dist, f)) : Buffer.alloc(0)))
  return { files: files.length, bytes: bytes.reduce((n, b) => n + b.length, 0), gzipBytes: bytes.reduce((n, b) => n + gzipSync(b, { level: 9 }).length, 0) }
}

/** `taro build --type <type>` with NODE_ENV=production in a folder (the project's own Taro either way). */
const taroBuild = (cwd: string, type: 'weapp' | 'h5') =>
  execFileSync(join(process.cwd(), 'node_modules', '.bin', 'taro'), ['build', '--type', type], { cwd, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } })

/**
 * Sizes, every one built in this run: the function bundles, the weapp and H5 builds, and the empty Taro app
 * (bench/empty-taro: the same Taro, React and webpack settings, one page with one line of text) built afresh
 * beside them, so each figure stands next to a baseline made by the same Taro at the same time.
 */
const sizes = (results: Record<string, unknown>) => {
  execFileSync(process.execPath, ['scripts/build-functions.mjs'], { stdio: 'inherit' })
  taroBuild(process.cwd(), 'weapp')
  taroBuild(process.cwd(), 'h5')
  const emptyRoot = join('bench', 'empty-taro')
  rmSync(join(emptyRoot, 'dist'), { recursive: true, force: true })
  taroBuild(emptyRoot, 'weapp')
  taroBuild(emptyRoot, 'h5')
  // WeChat caps the main package (everything outside the subpackage roots app.json names) and each subpackage at 2 MB.
  const limit = 2 * 1024 * 1024
  const weapp = weappPackages('dist/weapp')
  const h5Entry = h5EntryGzip('dist/h5')
  const empty = { weapp: weappPackages(join(emptyRoot, 'dist', 'weapp')), h5Entry: h5EntryGzip(join(emptyRoot, 'dist', 'h5')) }
  const taroVersion = (JSON.parse(readFileSync('node_modules/@tarojs/cli/package.json', 'utf8')) as { version: string }).version
  const ofLimit = (bytes: number) => +(bytes / limit).toFixed(3)
  const vsEmpty = (bytes: number) => +(bytes / empty.weapp.totalBytes).toFixed(1)
  results.sizes = {
    at: new Date().toISOString(),
    taroVersion,
    weappPackageLimitBytes: limit,
    weappBytes: weapp.totalBytes,
    // Each package: its bytes, its share of the 2 MB limit, and how many times the whole empty app it is.
    weappMainPackage: { bytes: weapp.mainPackageBytes, ofLimit: ofLimit(weapp.mainPackageBytes), vsEmpty: vsEmpty(weapp.mainPackageBytes) },
    weappSubPackages: Object.fromEntries(Object.entries(weapp.subPackages).map(([root, bytes]) => [root, { bytes, ofLimit: ofLimit(bytes), vsEmpty: vsEmpty(bytes) }])),
    h5Bytes: dirSize('dist/h5'),
    h5Entry: { files: h5Entry.files, bytes: h5Entry.bytes, gzipBytes: h5Entry.gzipBytes, vsEmpty: +(h5Entry.gzipBytes / empty.h5Entry.gzipBytes).toFixed(1) },
    emptyTaro: {
      weappBytes: empty.weapp.totalBytes,
      h5EntryFiles: empty.h5Entry.files,
      h5EntryGzipBytes: empty.h5Entry.gzipBytes,
      role: 'baseline: bench/empty-taro, built in this run with the same Taro',
    },
    functionBundles: Object.fromEntries(FUNCTION_NAMES.map((f) => [f, dirSize(`dist/cloudfunctions/${f}`)])),
    // The JS alone (the folder above also holds the admin's poster fonts, 21 MB of assets/).
    functionBundleJs: Object.fromEntries(FUNCTION_NAMES.map((f) => [f, statSync(`dist/cloudfunctions/${f}/index.js`).size])),
  }
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})

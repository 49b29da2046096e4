import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import { findAll } from '../cloudfunctions/core/app/find-all'
import { ledgerFigures, rollupId } from '../cloudfunctions/core/app/ledger'
import { inputsOf, quarterInputs, rateEndedQuarter, rateStations, surveyInputsOf } from '../cloudfunctions/core/app/ratings'
import type { ActivityDoc, LedgerFactDoc, LedgerRollupDoc, StationDoc, SurveyCampaignDoc } from '../cloudfunctions/core/app/records'
import { stationSortKey } from '../cloudfunctions/core/app/stations'
import { addFact, emptyBucket, type BucketFigures, type FactKind, type LedgerFact } from '../cloudfunctions/core/domain/ledger'
import { monthOf, weekOf } from '../cloudfunctions/core/domain/periods'
import { DEFAULT_RATING_CONFIG, monthsOfQuarter, rateQuarter } from '../cloudfunctions/core/domain/ratings'
import type { Category, Privacy, StationKind } from '../types/domain'
import { hr, timed } from './timing'
import { benchPorts } from './ports'

/**
 * 星级驿站 at scale (ADR 0022): the quarterly rating of 5 000 stations over the 1 000 000 cases of a quarter.
 * The ledger's rollups those cases would leave (per station × month × privacy track, as `bookLedger` writes
 * them) are built directly from generated case histories — a skewed spread of cases over stations, 85 %
 * accepted, 70 % resolved, reopens, ratings, unconfirmed closures, privacy by station kind — with activities
 * and closed survey campaigns beside them. Then the run as the sweep does it (every station, then again with
 * nothing changed), in budgeted sweep calls, and the admin's list and station page.
 *
 * Baseline in the same run: the same ratings added up from the ledger's fact rows by index (stationId × month
 * × privacy), which is what the rollups save. Writing 3–4 million fact rows would take gigabytes, so the
 * baseline's facts are those of one station in ten (ten in every hundred, so every kind in its share), rated
 * both ways; its cost follows the fact rows it reads, so the whole is the measured tenth scaled by them.
 */

const say = (what: string) => console.error(`ratings bench ${new Date().toISOString().slice(11, 19)} ${what}`)
/** mulberry32: a deterministic spread that stays uniform over millions of draws (32-bit integer arithmetic). */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const STATIONS = 5000
const CASES = 1_000_000
const QUARTER = '2026-Q3'
const CATEGORIES: Category[] = ['pay', 'wage_arrears', 'contract', 'social_insurance', 'hours_leave', 'dismissal', 'other']

export const ratingsBench = async (dir: string) => {
  const file = join(dir, 'ratings.db')
  // October 2026: Q3 has just ended.
  const clock = { now: Date.UTC(2026, 9, 8, 1, 0) }
  const ports = await benchPorts(file, clock, '01RATING')
  const { store } = ports
  const random = rng(20260930)

  // 5 000 stations under the nine counties: townships, parks and enterprises.
  const counties = await findAll<StationDoc>(store, 'stations', { where: { kind: 'county' } })
  const city = (await findAll<StationDoc>(store, 'stations', { where: { kind: 'city' } }))[0]!
  const made: StationDoc[] = []
  await store.transaction(async (tx) => {
    for (let i = 0; i < STATIONS; i++) {
      const county = counties[i % counties.length]!
      const kind: StationKind = i % 10 < 3 ? 'township' : i % 10 < 4 ? 'park' : 'enterprise'
      const id = `st-bench-${String(i).padStart(5, '0')}`
      const doc: Omit<StationDoc, '_v'> = {
        _id: id,
        code: `HZ-BN-${String(i).padStart(4, '0')}`,
        name: `压测驿站${i}`,
        kind,
        parentId: county._id,
        countyId: county._id,
        abbr: 'BN',
        path: [city._id, county._id, id],
        address: '',
        phone: '',
        hours: '',
        status: 'active',
        demo: true,
        sortKey: stationSortKey(kind, id),
      }
      made.push((await tx.insert<StationDoc>('stations', doc)) as StationDoc)
    }
  })

  // A skewed load: a few busy stations (street offices, big parks), many quiet enterprises.
  const weights = made.map((s, i) => (s.kind === 'township' ? 6 : s.kind === 'park' ? 3 : 0.6) * (1 + 4 * (i % 97 === 0 ? 1 : 0)) * (0.3 + random()))
  const sum = weights.reduce((a, b) => a + b, 0)
  const cumulative: number[] = []
  let acc = 0
  for (const w of weights) cumulative.push((acc += w / sum))
  const pick = () => {
    const r = random()
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid]! < r) lo = mid + 1
      else hi = mid
    }
    return made[lo]!
  }

  // Each case's facts, into the month rollups of its station (as bookLedger adds them); one station in ten keeps its fact rows.
  const months = monthsOfQuarter(QUARTER)
  const start = Date.UTC(2026, 5, 30, 16, 0) // 2026-07-01 00:00 in Shanghai
  const span = Date.UTC(2026, 8, 30, 16, 0) - start
  const rollups = new Map<string, { s: StationDoc; month: string; privacy: Privacy; b: BucketFigures }>()
  const factRows: Array<Omit<LedgerFactDoc, '_v'>> = []
  // Ten stations in every hundred (0–9, 100–109, …): every kind, busy and quiet, in their proportions.
  const sampled = (s: StationDoc) => Math.floor(Number(s._id.slice(-5)) / 10) % 10 === 0
  const t0 = hr()
  let facts = 0
  for (let c = 0; c < CASES; c++) {
    const s = pick()
    const privacy: Privacy = s.kind === 'enterprise' ? 'open' : (() => { const r = random(); return r < 0.7 ? 'open' : r < 0.9 ? 'confidential' : 'anonymous' })()
    const category = CATEGORIES[c % CATEGORIES.length]!
    const at = start + Math.floor(random() * (span - 10 * 86_400_000))
    const list: LedgerFact[] = [{ kind: 'filed', stationId: s._id, at }]
    if (random() < 0.85) {
      list.push({ kind: 'accepted', stationId: s._id, at: at + 3_600_000, onTime: random() < 0.9 })
      if (random() < 0.82) {
        list.push({ kind: 'resolved', stationId: s._id, at: at + 4 * 86_400_000, onTime: random() < 0.8, conclusion: 'solved' })
        const r = random()
        if (r < 0.08) list.push({ kind: 'reopened', stationId: s._id, at: at + 5 * 86_400_000 })
        else if (r < 0.5) list.push({ kind: 'rated', stationId: s._id, at: at + 5 * 86_400_000, rating: 1 + Math.min(4, Math.floor(random() * 5.6)) })
        else if (r < 0.58) list.push({ kind: 'unconfirmed', stationId: s._id, at: at + 9 * 86_400_000 })
      }
    } else if (random() < 0.5) list.push({ kind: 'overdue', stationId: s._id, at: at + 86_400_000 })
    for (const [i, f] of list.entries()) {
      const month = monthOf(f.at)
      const id = rollupId('station', s._id, month, privacy)
      const r = rollups.get(id) ?? rollups.set(id, { s, month, privacy, b: emptyBucket() }).get(id)!
      addFact(r.b, f, category)
      facts++
      if (sampled(s))
        factRows.push({
          _id: `bench-rt-${c}_v0001_${i}`,
          caseId: `bench-rt-${c}`,
          kind: f.kind as FactKind,
          stationId: s._id,
          areaId: s.countyId!,
          month,
          week: weekOf(f.at),
          at: f.at,
          privacy,
          category,
          ...(f.onTime !== undefined ? { onTime: f.onTime } : {}),
          ...(f.conclusion ? { conclusion: f.conclusion } : {}),
          ...(f.rating !== undefined ? { rating: f.rating } : {}),
        })
    }
  }
  say(`generated ${facts} facts in ${Math.round(hr() - t0)} ms`)
  const docs = [...rollups.entries()]
  for (let i = 0; i < docs.length; i += 2000)
    await store.transaction(async (tx) => {
      for (const [id, r] of docs.slice(i, i + 2000))
        await tx.insert<LedgerRollupDoc>('ledger_rollups', { _id: id, level: 'station', key: r.s._id, countyId: r.s.countyId!, period: r.month, privacy: r.privacy, ...r.b, updatedAt: clock.now })
    })
  for (let i = 0; i < factRows.length; i += 5000)
    await store.transaction(async (tx) => {
      for (const f of factRows.slice(i, i + 5000)) await tx.insert<LedgerFactDoc>('ledger_facts', f)
    })
  // Activities (0–8 a quarter) and 300 closed campaigns at parks and enterprises, a tenth of them under 10 answers.
  let activities = 0
  await store.transaction(async (tx) => {
    for (const s of made) {
      const n = Math.floor(random() * 9)
      for (let k = 0; k < n; k++) {
        const month = months[k % 3]!
        await tx.insert<ActivityDoc>('activities', { _id: `bench-act-${s._id}-${k}`, stationId: s._id, kind: 'propaganda', date: `${month}-1${k}`, month, place: '会议室', attendees: 20, note: '政策宣讲', officerId: 'bench', officerName: '压测', createdAt: clock.now })
        activities++
      }
    }
    const hosts = made.filter((s) => s.kind !== 'township')
    for (let k = 0; k < 300; k++) {
      const s = hosts[(k * 37) % hosts.length]!
      const answers = k % 10 === 0 ? 6 : 20 + Math.floor(random() * 200)
      const endsAt = start + Math.floor(random() * (span - 86_400_000))
      await tx.insert<SurveyCampaignDoc>('survey_campaigns', {
        _id: `sv-bench-${k}`,
        stationId: s._id,
        stationName: s.name,
        stationKind: s.kind,
        countyId: s.countyId,
        seq: 1,
        templateId: 'survey-template-v1',
        templateVersion: 1,
        startsOn: '2026-07-01',
        endsOn: '2026-09-20',
        startsAt: endsAt - 14 * 86_400_000,
        endsAt,
        year: 2026,
        headcount: answers + Math.floor(random() * 100),
        status: 'closed',
        tally: { answers, comments: 0, dimensions: {}, questions: {} },
        openedBy: 'bench',
        openedByName: '压测',
        createdAt: endsAt,
        weak: k % 4 === 0 ? ['pay'] : [],
      } as unknown as SurveyCampaignDoc)
    }
  })
  const loadMs = hr() - t0
  say(`loaded in ${Math.round(loadMs)} ms`)

  // The quarterly run: every station (first run writes every rating), then again with nothing changed.
  const s1 = hr()
  const first = await rateStations(ports, { quarter: QUARTER, area: null })
  const firstMs = hr() - s1
  const s2 = hr()
  const again = await rateStations(ports, { quarter: QUARTER, area: null })
  const againMs = hr() - s2
  say(`rated in ${Math.round(firstMs)} ms, again in ${Math.round(againMs)} ms`)
  // As the sweep does it: 5 s budgets, a page at a time, on a fresh quarter (Q3 once more, under its run record).
  const toDrop = await findAll<{ _id: string; _v: number }>(store, 'station_ratings', { where: { quarter: QUARTER } })
  await store.transaction(async (tx) => {
    for (const d of toDrop) await tx.remove('station_ratings', d._id, d._v)
  })
  let sweepCalls = 0
  const sweepMs: number[] = []
  for (;;) {
    const s = hr()
    const r = await rateEndedQuarter(ports, clock.now, 5000, false)
    sweepMs.push(hr() - s)
    sweepCalls++
    if (r.complete) break
  }

  say(`sweep: ${sweepCalls} calls`)
  // Reading: the city's list (first page, counts per band) and a station's page, through the dispatcher.
  let req = 0
  const call = (fn: 'admin' | 'officer', op: string, input: unknown, openid = 'dev-city-admin') =>
    dispatch(fn, { op, input, requestId: `bench-rt-${String(++req).padStart(8, '0')}` }, { openid, via: 'local' }, ports).then((r) => {
      if (!r.ok) throw new Error(`${op}: ${r.error.message}`)
      return r.data
    })
  const listCity = await timed(20, () => call('admin', 'rating.list', { areaId: city._id, quarter: QUARTER }))
  const listCounty = await timed(20, () => call('admin', 'rating.list', { areaId: counties[0]!._id, quarter: QUARTER }, `dev-${counties[0]!.abbr}-county-head`))
  const stationPage = await timed(20, (i) => call('officer', 'rating.station', { stationId: made[i * 7]!._id, quarter: QUARTER }))

  // Baseline: the sampled tenth rated from its fact rows (three months × three tracks by index per station),
  // beside the same stations rated from their rollups.
  const sample = made.filter(sampled)
  const surveys = await surveyInputsOf(store, QUARTER)
  const fromRollups = hr()
  const figures = await ledgerFigures(ports)
  let rolledStars = 0
  for (let i = 0; i < sample.length; i += 100) {
    const inputs = await quarterInputs(store, figures, sample.slice(i, i + 100).map((s) => s._id), QUARTER, surveys)
    for (const v of inputs.values()) rolledStars += rateQuarter(v.all, DEFAULT_RATING_CONFIG).stars ?? 0
  }
  const rollupsSampleMs = hr() - fromRollups
  say(`sample from rollups ${Math.round(rollupsSampleMs)} ms`)
  const fromFacts = hr()
  let factStars = 0
  let factsRead = 0
  for (const s of sample) {
    const rows: LedgerFactDoc[] = []
    for (const month of months) rows.push(...(await findAll<LedgerFactDoc>(store, 'ledger_facts', { where: { stationId: s._id, month } })))
    factsRead += rows.length
    const b = emptyBucket()
    for (const f of rows) addFact(b, f as unknown as LedgerFact, f.category)
    const n = b.n
    const activitiesHere = (await findAll<ActivityDoc>(store, 'activities', { where: { stationId: s._id, month: { $in: months } } })).length
    const inputs = inputsOf(n, activitiesHere, surveys.get(s._id) ?? { campaigns: 0, answers: 0, headcount: 0, weak: [], withheld: 0 })
    factStars += rateQuarter(inputs, DEFAULT_RATING_CONFIG).stars ?? 0
  }
  const factsSampleMs = hr() - fromFacts
  if (factStars !== rolledStars) throw new Error(`baseline disagrees: ${factStars} stars from facts, ${rolledStars} from rollups`)

  const rated = await store.count('station_ratings', { quarter: QUARTER })
  await store.close()
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  return {
    stations: STATIONS,
    cases: CASES,
    facts,
    rollupDocs: docs.length,
    activities,
    campaigns: 300,
    loadMs: Math.round(loadMs),
    ratingsWritten: rated,
    quarterlyRun: { ms: Math.round(firstMs), written: first.written, perStationMs: +(firstMs / first.rated).toFixed(3) },
    quarterlyRunAgain: { ms: Math.round(againMs), written: again.written, role: 'the same run once more: nothing changed, nothing written' },
    sweep: { calls: sweepCalls, budgetMs: 5000, callMs: sweepMs.map((x) => Math.round(x)) },
    listCity,
    listCounty,
    stationPage,
    sample: { stations: sample.length, factRows: factRows.length, shareOfFacts: +(factRows.length / facts).toFixed(3) },
    sampleFromRollupsMs: Math.round(rollupsSampleMs),
    baselineSampleFromFactsMs: { ms: Math.round(factsSampleMs), factsRead, role: 'baseline: the same stations rated from their fact rows by index (what the rollups save)' },
    baselineWholeFromFactsMs: { ms: Math.round(factsSampleMs * (facts / Math.max(1, factRows.length))), role: 'baseline scaled to all 1 000 000 cases by the fact rows it reads (its cost follows them)' },
  }
}

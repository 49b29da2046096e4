import { join } from 'node:path'
import { dispatch } from '../cloudfunctions/core/app/dispatch'
import { findAll } from '../cloudfunctions/core/app/find-all'
import type { SurveyAnswerDoc, SurveyCampaignDoc } from '../cloudfunctions/core/app/records'
import { closeSurvey, currentTemplate, newAnswerId } from '../cloudfunctions/core/app/surveys'
import { addAnswer, type SurveyTemplate } from '../cloudfunctions/core/domain/surveys'
import { hr, pct } from './timing'
import { benchPorts } from './ports'

/**
 * Surveys at scale: 500 closed campaigns at the 27 demo enterprise and park stations, 100 000 answers in all, then the city admin's overview (every campaign, participation and weakest dimensions per
 * county) and one campaign's results (with its county and city means over all 500), both from the tallies kept
 * in each campaign. Baseline in the same run: the same aggregation made by reading the 100 000 answer
 * documents, which is what the tallies save. Also the answer path itself (survey.submit through the dispatcher).
 */

const CAMPAIGNS = 500
const TOTAL = 100_000

/** A deterministic spread of ratings: mostly 3–5, some 1–2, about 5 % 不了解. */
const rng = (seed: number) => () => {
  seed = (seed * 1103515245 + 12345) % 2147483648
  return seed / 2147483648
}

export const surveyBench = async (dir: string) => {
  const clock = { now: Date.UTC(2026, 2, 2, 2, 0) }
  const ports = await benchPorts(join(dir, 'surveys.db'), clock, '01SURVEY')
  const { store } = ports
  let req = 0
  const call = async (fn: 'worker' | 'officer' | 'admin', openid: string, op: string, input: unknown) => {
    const r = await dispatch(fn, { op, input, requestId: `bench-survey-${String(++req).padStart(8, '0')}` }, { openid, via: 'local' }, ports)
    if (!r.ok) throw new Error(`${op}: ${r.error.code} ${r.error.message}`)
    return r.data as Record<string, unknown>
  }
  const stations = (await findAll<{ _id: string; _v: number; kind: string; countyId: string }>(store, 'stations', { where: { kind: { $in: ['enterprise', 'park'] } } })).map((s) => s)
  const template: SurveyTemplate = await currentTemplate(ports)
  const keys = template.dimensions.flatMap((d) => d.questions.map((q) => q.key))
  const random = rng(7)
  const rating = () => {
    const x = random()
    return x < 0.05 ? 0 : x < 0.1 ? 1 : x < 0.2 ? 2 : x < 0.45 ? 3 : x < 0.75 ? 4 : 5
  }

  // The answer path itself, on the first campaign: 2 000 answers through survey.submit.
  const ymd = () => new Date(clock.now + 8 * 3600_000).toISOString().slice(0, 10)
  const countyAdmin = (countyId: string) => `dev-${countyId.slice(3, 5)}-county-head`
  const first = await call('officer', countyAdmin(stations[0]!.countyId), 'survey.open', { stationId: stations[0]!._id, startsOn: ymd(), days: 30, headcount: 2500 })
  const submitN = 2000
  const lat: number[] = []
  let t = hr()
  for (let i = 0; i < submitN; i++) {
    const ratings = Object.fromEntries(keys.map((k) => [k, rating()]))
    const s = hr()
    await call('worker', `bench-survey-worker-${i}`, 'survey.submit', { campaignId: first.id, key: `bench-answer-key-${String(i).padStart(6, '0')}`, ratings, ...(i % 7 === 0 ? { comment: '希望食堂伙食再好一点' } : {}) })
    lat.push(hr() - s)
  }
  const submitMs = hr() - t
  await closeSurvey(ports, first.id as string, 'end')

  // The rest loaded the way answers land (tally and answer in one transaction per batch), then closed by the real path.
  t = hr()
  let answers = submitN
  for (let c = 1; c < CAMPAIGNS; c++) {
    const station = stations[c % stations.length]!
    const opened = await call('officer', countyAdmin(station.countyId), 'survey.open', { stationId: station._id, startsOn: ymd(), days: 30, headcount: 250 })
    const id = opened.id as string
    // 2 000 answered above; the other 98 000 spread over the remaining 499 campaigns (the last takes the rest).
    const n = c === CAMPAIGNS - 1 ? TOTAL - answers : Math.floor((TOTAL - submitN) / (CAMPAIGNS - 1))
    await store.transaction(async (tx) => {
      const doc = (await tx.get<SurveyCampaignDoc>('survey_campaigns', id))!
      let tally = doc.tally
      for (let i = 0; i < n; i++) {
        const ratings = Object.fromEntries(keys.map((k) => [k, rating()]))
        const comment = i % 7 === 0 ? '希望食堂伙食再好一点' : undefined
        tally = addAnswer(tally, template, ratings, !!comment)
        await tx.insert<SurveyAnswerDoc>('survey_answers', { _id: newAnswerId(), campaignId: id, ratings, ...(comment ? { comment } : {}), hasComment: !!comment })
      }
      await tx.update<SurveyCampaignDoc>('survey_campaigns', id, doc._v, { tally })
    })
    answers += n
    await closeSurvey(ports, id, 'end')
  }
  const loadMs = hr() - t
  const total = await store.count('survey_answers')

  // The city admin's overview of the year (all 500 campaigns), and one campaign's results (county and city means over all 500).
  const year = Number(ymd().slice(0, 4))
  const overview: number[] = []
  for (let i = 0; i < 20; i++) {
    const s = hr()
    await call('admin', 'dev-city-admin', 'survey.overview', { year })
    overview.push(hr() - s)
  }
  const last = (await findAll<SurveyCampaignDoc>(store, 'survey_campaigns', { where: { year } })).at(-1)!
  const results: number[] = []
  for (let i = 0; i < 20; i++) {
    const s = hr()
    await call('officer', countyAdmin(last.countyId!), 'survey.results', { campaignId: last._id })
    results.push(hr() - s)
  }

  // Baseline: the same per-campaign × question sums and counts made from the answer documents themselves.
  const scan: number[] = []
  for (let i = 0; i < 3; i++) {
    const s = hr()
    const sums = new Map<string, Map<string, { sum: number; rated: number; dist: number[] }>>()
    const docs = await findAll<SurveyAnswerDoc>(store, 'survey_answers', {}, 1000)
    for (const a of docs) {
      const per = sums.get(a.campaignId) ?? new Map()
      sums.set(a.campaignId, per)
      for (const [k, v] of Object.entries(a.ratings)) {
        const q = per.get(k) ?? { sum: 0, rated: 0, dist: [0, 0, 0, 0, 0] }
        per.set(k, q)
        if (v) {
          q.sum += v
          q.rated += 1
          q.dist[v - 1] += 1
        }
      }
    }
    scan.push(hr() - s)
  }
  await store.close()
  return {
    campaigns: CAMPAIGNS,
    answers: total,
    overviewP50ms: pct(overview, 50),
    overviewP95ms: pct(overview, 95),
    resultsP50ms: pct(results, 50),
    resultsP95ms: pct(results, 95),
    scanAnswersMs: { p50: pct(scan, 50), role: 'baseline: the same sums read from the 100 000 answer documents' },
    submit: { n: submitN, perSecond: Math.round(submitN / (submitMs / 1000)), p50ms: pct(lat, 50), p95ms: pct(lat, 95) },
    loadMs: Math.round(loadMs),
  }
}

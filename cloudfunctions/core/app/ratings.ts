import { sideSees } from '../../../types/authz'
import { Privacy } from '../../../types/domain'
import { received, type Figures } from '../domain/ledger'
import {
  addQuarters,
  DEFAULT_RATING_CONFIG,
  emptySurveyInputs,
  entersSupervision,
  fastTrackOf,
  finalStars,
  isLow,
  lastEndedQuarter,
  monthsOfQuarter,
  quarterName,
  quarterRange,
  rateQuarter,
  starsWords,
  type RatingConfig,
  type RatingInputs,
  type SurveyInputs,
} from '../domain/ratings'
import { SMALL_GROUP_MIN } from '../domain/surveys'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Store, StoredDoc, TxStore, Where } from '../ports/store'
import { audit } from './audit'
import { findAll } from './find-all'
import { ledgerFigures, rollupId, type LedgerFigures } from './ledger'
import type { ActivityDoc, StationDoc, StationRatingDoc, SupervisionDoc, SupervisionEvent, SurveyCampaignDoc } from './records'

/**
 * 星级驿站 (ADR 0022): each station's quarter rated from the ledger's rollups (ADR 16: per station × month ×
 * privacy track, added up from every case write's facts, ADR 0051), the survey campaigns that ended in the quarter (under the
 * small-group rule) and the activities its officers logged. A run reads, per hundred stations, nine hundred
 * rollups by id in three queries, their activities in one, and writes one rating each — it never reads a case.
 *
 * The sweep rates the quarter that has just ended, a page at a time within its budget, once; an admin may run
 * it again for a quarter and an area (a job with progress). Both are idempotent: a rating whose figures did
 * not change is not written again, and an admin's adjustment is kept.
 */

export const RATING_CONFIG_ID = 'ratings.config'
export interface RatingConfigDoc extends StoredDoc {
  config: RatingConfig
  updatedAt: number
  updatedBy: string
}

export const readRatingConfig = async (store: Store | TxStore): Promise<{ config: RatingConfig; version: number; isDefault: boolean }> => {
  const doc = await store.get<RatingConfigDoc>(COLLECTIONS.settings, RATING_CONFIG_ID)
  return doc ? { config: doc.config, version: doc._v, isDefault: false } : { config: DEFAULT_RATING_CONFIG, version: 0, isDefault: true }
}

export const ratingId = (quarter: string, stationId: string) => `rt_${quarter}_${stationId}`
export const supervisionId = (stationId: string) => `sup_${stationId}`
/** The area a station is rated in: its county, or the city station itself. */
export const areaOf = (s: StationDoc) => s.countyId ?? s._id

/** The stations of an area (a county, or every station for the city), a page at a time by id. */
const stationsWhere = (area: StationDoc | null): Where => (area && area.kind === 'county' ? { countyId: area._id } : {})

const BATCH = 100

/** A station's rating inputs from its quarter's ledger figures, its logged activities and its surveys. */
export const inputsOf = (n: Figures, activities: number, survey: SurveyInputs): RatingInputs => ({
  received: received(n),
  accepted: n.accepted ?? 0,
  acceptedOnTime: n.acceptedOnTime ?? 0,
  resolved: n.resolved ?? 0,
  resolvedOnTime: n.resolvedOnTime ?? 0,
  reopened: n.reopened ?? 0,
  rated: n.rated ?? 0,
  ratingSum: n.ratingSum ?? 0,
  unconfirmed: n.unconfirmed ?? 0,
  activities,
  survey,
})

const add = (into: Figures, more: Figures) => {
  for (const [k, v] of Object.entries(more) as Array<[keyof Figures, number]>) into[k] = (into[k] ?? 0) + v
}

/**
 * The campaigns that ended in the quarter, per station: only those with 10 answers or more give figures (D36);
 * the others are counted as withheld and nothing else.
 */
export const surveyInputsOf = async (store: Store, quarter: string): Promise<Map<string, SurveyInputs>> => {
  const { start, end } = quarterRange(quarter)
  const campaigns = await findAll<SurveyCampaignDoc>(store, COLLECTIONS.surveyCampaigns, { where: { status: 'closed', endsAt: { $gte: start, $lt: end } } })
  const out = new Map<string, SurveyInputs>()
  for (const c of campaigns) {
    const s = out.get(c.stationId) ?? emptySurveyInputs()
    if (c.tally.answers < SMALL_GROUP_MIN) s.withheld += 1
    else {
      s.campaigns += 1
      s.answers += c.tally.answers
      s.headcount += c.headcount
      for (const d of c.weak ?? []) if (!s.weak.includes(d)) s.weak.push(d)
    }
    out.set(c.stationId, s)
  }
  return out
}

/**
 * The quarter's figures of some stations: over every track, and over the tracks the employer side sees
 * (`sideSees`, D8a), from their month rollups read by id through `figures` (ADR 0051).
 */
export const quarterInputs = async (store: Store, figures: LedgerFigures, stationIds: readonly string[], quarter: string, surveys: Map<string, SurveyInputs>) => {
  const months = monthsOfQuarter(quarter)
  const ids = stationIds.flatMap((s) => months.flatMap((m) => Privacy.options.map((p) => rollupId('station', s, m, p))))
  const all = new Map<string, Figures>()
  const open = new Map<string, Figures>()
  for (const d of await figures.rollupsById(ids)) {
    add(all.get(d.key) ?? all.set(d.key, {}).get(d.key)!, d.n)
    if (sideSees('employer', d.privacy)) add(open.get(d.key) ?? open.set(d.key, {}).get(d.key)!, d.n)
  }
  const acts = new Map<string, number>()
  if (stationIds.length) {
    const rows = await findAll<ActivityDoc>(store, COLLECTIONS.activities, { where: { stationId: { $in: [...stationIds] }, month: { $in: months } } })
    for (const a of rows) acts.set(a.stationId, (acts.get(a.stationId) ?? 0) + 1)
  }
  return new Map(
    stationIds.map((id) => {
      const survey = surveys.get(id) ?? emptySurveyInputs()
      const activities = acts.get(id) ?? 0
      return [id, { all: inputsOf(all.get(id) ?? {}, activities, survey), open: inputsOf(open.get(id) ?? {}, activities, survey) }] as const
    }),
  )
}

/** Nothing happened at the station in the quarter. */
export const isEmptyQuarter = (i: RatingInputs) =>
  !i.received && !i.accepted && !i.resolved && !i.rated && !i.unconfirmed && !i.activities && !i.survey.campaigns && !i.survey.withheld

/** The fields of a rating that a run decides (the adjustment is the admin's and stays). */
const decided = (s: StationDoc, quarter: string, config: RatingConfig, inputs: { all: RatingInputs; open: RatingInputs }, adjusted: number | undefined) => {
  const outcome = rateQuarter(inputs.all, config)
  const stars = finalStars(outcome.stars, adjusted)
  return {
    stationId: s._id,
    stationName: s.name,
    stationKind: s.kind,
    areaId: areaOf(s),
    quarter,
    config,
    inputs: inputs.all,
    openInputs: inputs.open,
    status: outcome.status,
    score: outcome.score,
    stars: outcome.stars,
    starsKey: stars ?? 0,
    low: isLow(stars, config),
    fastTrack: fastTrackOf(stars, config),
  }
}

/** JSON with keys sorted at every level: a stored document may come back with its keys in another order. */
const stable = (v: unknown): string =>
  Array.isArray(v)
    ? `[${v.map(stable).join(',')}]`
    : v && typeof v === 'object'
      ? `{${Object.keys(v)
          .sort()
          .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
          .join(',')}}`
      : JSON.stringify(v ?? null)

const sameRating = (a: ReturnType<typeof decided>, b: StationRatingDoc) =>
  (Object.keys(a) as Array<keyof typeof a>).every((k) => stable(a[k]) === stable(b[k]))

/**
 * Puts a station on the list when its last two quarters were low (from the quarterly run or an adjustment).
 * A station already on the list stays as it is; one that left comes back with a new entry.
 */
export const checkSupervisionEntry = async (ports: Ports, rating: StationRatingDoc): Promise<boolean> => {
  if (!rating.low) return false
  const prev = await ports.store.get<StationRatingDoc>(COLLECTIONS.stationRatings, ratingId(addQuarters(rating.quarter, -1), rating.stationId))
  if (!prev || !entersSupervision(prev.starsKey || null, rating.starsKey || null, rating.config)) return false
  const event: SupervisionEvent = {
    at: ports.clock.now(),
    kind: 'enter',
    how: 'ratings',
    reason: `${quarterName(prev.quarter)} ${starsWords(prev.starsKey || null)}、${quarterName(rating.quarter)} ${starsWords(rating.starsKey || null)}，连续两个季度不高于 ${rating.config.lowStars} 星`,
  }
  return ports.store.transaction(async (tx) => {
    const sup = await tx.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(rating.stationId))
    if (sup?.status === 'on') return false
    // The same two quarters put it on the list once: after a decision to take it off, they do not again.
    if (sup?.history.some((e) => e.kind === 'leave' && e.at >= rating.computedAt)) return false
    if (sup?.history.some((e) => e.kind === 'enter' && e.how === 'ratings' && e.reason === event.reason)) return false
    await putOnList(tx, ports, { stationId: rating.stationId, stationName: rating.stationName, areaId: rating.areaId }, sup, event)
    return true
  })
}

/** Writes an entry on the list (the doc is the one read in this transaction, or null). */
export const putOnList = async (tx: TxStore, ports: Ports, s: { stationId: string; stationName: string; areaId: string }, sup: SupervisionDoc | null, event: SupervisionEvent) => {
  const now = ports.clock.now()
  if (sup) return tx.update<SupervisionDoc>(COLLECTIONS.supervision, sup._id, sup._v, { status: 'on', since: now, updatedAt: now, stationName: s.stationName, history: [...sup.history, event] })
  return tx.insert<SupervisionDoc>(COLLECTIONS.supervision, { _id: supervisionId(s.stationId), ...s, status: 'on', since: now, updatedAt: now, history: [event] })
}

export interface RunResult {
  quarter: string
  rated: number
  written: number
  supervised: number
  /** Where to go on (a store cursor) when the budget ran out. */
  next?: string
}

/**
 * Rates a quarter for an area's stations (null: every station), a page of a hundred at a time from `after`,
 * until done or past `budgetMs`. Suspended stations are not rated.
 */
export const rateStations = async (
  ports: Ports,
  opts: { quarter: string; area: StationDoc | null; after?: string; budgetMs?: number; pageSize?: number; progress?: (done: number) => Promise<void> },
): Promise<RunResult> => {
  const { store, clock } = ports
  const started = performance.now()
  const { config } = await readRatingConfig(store)
  const surveys = await surveyInputsOf(store, opts.quarter)
  const figures = await ledgerFigures(ports)
  const out: RunResult = { quarter: opts.quarter, rated: 0, written: 0, supervised: 0 }
  let after = opts.after
  do {
    const page = await store.find<StationDoc>(COLLECTIONS.stations, { where: stationsWhere(opts.area), orderBy: { field: '_id', dir: 'asc' }, limit: opts.pageSize ?? BATCH, after })
    const stations = page.items.filter((s) => s.status === 'active')
    const inputs = await quarterInputs(store, figures, stations.map((s) => s._id), opts.quarter, surveys)
    const existing = new Map(
      (await store.find<StationRatingDoc>(COLLECTIONS.stationRatings, { where: { _id: { $in: stations.map((s) => ratingId(opts.quarter, s._id)) } }, limit: BATCH })).items.map((d) => [d.stationId, d]),
    )
    for (const s of stations) {
      const before = existing.get(s._id)
      out.rated += 1
      // A station with nothing at all in the quarter (no case, activity or campaign) is 数据不足 without a row.
      if (!before && isEmptyQuarter(inputs.get(s._id)!.all)) continue
      const fields = decided(s, opts.quarter, config, inputs.get(s._id)!, before?.adjustment?.stars)
      let doc: StationRatingDoc
      if (before && sameRating(fields, before)) doc = before
      else {
        const now = clock.now()
        doc = before
          ? await store.update<StationRatingDoc>(COLLECTIONS.stationRatings, before._id, before._v, { ...fields, computedAt: now })
          : await store.insert<StationRatingDoc>(COLLECTIONS.stationRatings, { _id: ratingId(opts.quarter, s._id), ...fields, computedAt: now })
        out.written += 1
      }
      if (await checkSupervisionEntry(ports, doc)) out.supervised += 1
    }
    await opts.progress?.(out.rated)
    after = page.next
    if (after && opts.budgetMs !== undefined && performance.now() - started > opts.budgetMs) {
      out.next = after
      break
    }
  } while (after)
  return out
}

/** Where the sweep's run of a quarter stands (`settings`, `_id` `ratings.run.<quarter>`). */
interface RatingRunDoc extends StoredDoc {
  quarter: string
  after?: string
  complete: boolean
  rated: number
  updatedAt: number
}

/**
 * The sweep's part: once a quarter has ended, rate it for every station, a page at a time within the budget,
 * going on where the last run stopped; afterwards one read per run.
 */
export const rateEndedQuarter = async (ports: Ports, now: number, budgetMs: number, dryRun: boolean): Promise<{ quarter: string; rated: number; complete: boolean }> => {
  const quarter = lastEndedQuarter(now)
  const id = `ratings.run.${quarter}`
  const run = await ports.store.get<RatingRunDoc>(COLLECTIONS.settings, id)
  if (run?.complete || dryRun) return { quarter, rated: 0, complete: !!run?.complete }
  const res = await rateStations(ports, { quarter, area: null, budgetMs, ...(run?.after ? { after: run.after } : {}) })
  const fields = { quarter, complete: !res.next, rated: (run?.rated ?? 0) + res.rated, updatedAt: ports.clock.now(), ...(res.next ? { after: res.next } : {}) }
  if (run) await ports.store.update<RatingRunDoc>(COLLECTIONS.settings, id, run._v, { ...fields, after: res.next })
  else await ports.store.insert<RatingRunDoc>(COLLECTIONS.settings, { _id: id, ...fields })
  return { quarter, rated: res.rated, complete: !res.next }
}

/**
 * The ratings of a quarter in an area — a county id, or the city station's id (or null) for every station — for
 * other views (the weekly report's ranking): stars that stand first, then score.
 */
export const quarterRatings = async (store: Store, area: string | null, quarter: string): Promise<StationRatingDoc[]> => {
  let where: Where = { quarter }
  if (area) {
    const s = await store.get<StationDoc>(COLLECTIONS.stations, area)
    if (s && s.kind !== 'city') where = { quarter, areaId: area }
  }
  const rows = await findAll<StationRatingDoc>(store, COLLECTIONS.stationRatings, { where })
  return rows.sort((a, b) => b.starsKey - a.starsKey || (b.score ?? -1) - (a.score ?? -1) || a.stationName.localeCompare(b.stationName, 'zh'))
}

/** An admin's adjustment, with its reason; the list follows the stars that now stand. */
export const adjustRating = async (ports: Ports, doc: StationRatingDoc, stars: number, reason: string, by: { id: string; name: string }): Promise<StationRatingDoc> => {
  const saved = await ports.store.transaction(async (tx) => {
    const now = ports.clock.now()
    const written = await tx.update<StationRatingDoc>(COLLECTIONS.stationRatings, doc._id, doc._v, {
      adjustment: { stars, reason, by: by.id, byName: by.name, at: now },
      starsKey: stars,
      low: isLow(stars, doc.config),
      fastTrack: fastTrackOf(stars, doc.config),
    })
    await audit(tx, ports, by.id, 'rating.adjust', doc._id, `${doc.stationName}${quarterName(doc.quarter)}：${starsWords(doc.starsKey || null)} → ${stars} 星。理由：${reason}`)
    return written
  })
  await checkSupervisionEntry(ports, saved)
  return saved
}

/** The stars a station's workers see on its home: the latest ended quarter's, else the one before; none for 数据不足. */
export const publishedRating = async (ports: Ports, stationId: string): Promise<{ stars: number; line: string } | null> => {
  const last = lastEndedQuarter(ports.clock.now())
  const docs = await ports.store.find<StationRatingDoc>(COLLECTIONS.stationRatings, { where: { _id: { $in: [ratingId(last, stationId), ratingId(addQuarters(last, -1), stationId)] } }, limit: 2 })
  const d = docs.items.sort((a, b) => b.quarter.localeCompare(a.quarter))[0]
  if (!d || !d.starsKey) return null
  return { stars: d.starsKey, line: `${quarterName(d.quarter)}评为${'一二三四五'[d.starsKey - 1]}星驿站：按受理、办结是否及时和职工是否满意评定` }
}

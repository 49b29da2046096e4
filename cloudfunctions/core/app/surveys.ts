import { createHmac, randomBytes } from 'node:crypto'
import {
  CAMPAIGN_PHASE_LABEL,
  SURVEY_DIMENSION_LABEL,
  TASK_STATUS_LABEL,
  type CampaignView,
  type DimensionResult,
  type SurveyResults,
  type TaskView,
  type TemplateView,
} from '../../../types/contracts/surveys'
import { AppError } from '../../../types/errors'
import {
  campaignFigures,
  dayLabel,
  improvement,
  participation,
  phaseAt,
  poolFigures,
  questionCount,
  shownValue,
  smallGroup,
  SMALL_GROUP_REASON,
  surveysRunAt,
  trendOf,
  windowLabel,
  ymdOf,
  type DimensionFigures,
  type Gated,
  type SummedFigure,
} from '../domain/surveys'
import { formatDateCn } from '../domain/working-time'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Secrets } from '../ports/ids'
import type { Store, StoredDoc, TxStore } from '../ports/store'
import { findAll } from './find-all'
import { provisionSurveyTemplate } from './provision'
import type { CounterDoc, StationDoc, SurveyCampaignDoc, SurveySaltDoc, SurveyTaskDoc, SurveyTemplateDoc, SurveyVoterDoc } from './records'
import { stationsById } from './stations'

/**
 * Surveys over the store: the questionnaire in force, campaign ids, the keyed hashes of who answered, closing,
 * and the views pages get. Every figure in a view comes from `campaignFigures` / `poolFigures` / `participation`
 * of the domain, which all go through the small-group rule.
 */

// ---------------------------------------------------------------------------------------------------
// The questionnaire and the 薄弱环节 line
// ---------------------------------------------------------------------------------------------------

const templates = new WeakMap<Store, Map<string, SurveyTemplateDoc>>()

/** A published version (they never change once published, so each container keeps what it read, per store). */
export const templateById = async (store: Store, id: string): Promise<SurveyTemplateDoc> => {
  const known = templates.get(store) ?? new Map<string, SurveyTemplateDoc>()
  templates.set(store, known)
  const cached = known.get(id)
  if (cached) return cached
  const doc = await store.get<SurveyTemplateDoc>(COLLECTIONS.surveyTemplates, id)
  if (!doc) throw new AppError('SURVEY_NOT_FOUND', '这次测评的问卷找不到了，请联系管理员')
  known.set(id, doc)
  return doc
}

/** The newest published version, if any (reads only). */
export const newestTemplate = async (store: Store): Promise<SurveyTemplateDoc | undefined> =>
  (await store.find<SurveyTemplateDoc>(COLLECTIONS.surveyTemplates, { orderBy: { field: 'version', dir: 'desc' }, limit: 1 })).items[0]

/** The newest published version; the first one is provisioned on first use. */
export const currentTemplate = async (ports: Ports): Promise<SurveyTemplateDoc> => {
  const newest = () => newestTemplate(ports.store)
  const found = await newest()
  if (found) return found
  await provisionSurveyTemplate(ports.store, ports.clock.now())
  const provisioned = await newest()
  if (!provisioned) throw new AppError('INTERNAL')
  return provisioned
}

export const templateView = (t: SurveyTemplateDoc): TemplateView => ({
  id: t._id,
  version: t.version,
  dimensions: t.dimensions.map((d) => ({ key: d.key, label: SURVEY_DIMENSION_LABEL[d.key], questions: d.questions })),
  commentPrompt: t.commentPrompt,
  questionCount: questionCount(t),
  publishedLabel: formatDateCn(t.publishedAt),
  publishedBy: t.publishedByName,
  note: t.note,
})

export const THRESHOLD_DOC_ID = 'survey.threshold'
export const DEFAULT_THRESHOLD = 3.5
export interface ThresholdDoc extends StoredDoc {
  value: number
  updatedAt: number
  updatedBy: string
}

export const readThreshold = async (store: Store) => {
  const doc = await store.get<ThresholdDoc>(COLLECTIONS.settings, THRESHOLD_DOC_ID)
  return { value: doc?.value ?? DEFAULT_THRESHOLD, version: doc?._v ?? 0, isDefault: !doc }
}

// ---------------------------------------------------------------------------------------------------
// Ids and keyed hashes
// ---------------------------------------------------------------------------------------------------

/** A station's n-th campaign. Deterministic, so two campaigns opened at once cannot both be written. */
export const campaignId = (stationId: string, seq: number) => `sv-${stationId}-${seq}`
/** How many campaigns a station has had (a counter document). */
export const stationSeqId = (stationId: string) => `survey-seq-${stationId}`

/** The survey's own salt, from the system's random source (never the Ids port: it must not be guessable). */
export const newSalt = () => randomBytes(32).toString('hex')
/** An answer's id: random, so neither its order nor its id says when it came. */
export const newAnswerId = () => randomBytes(16).toString('base64url')

const hmac = (key: string, message: string) => createHmac('sha256', key).update(message).digest('hex')
/** Who answered, under the campaign's salt: not the case `workerKey` (another key), and lost with the salt. */
export const voterId = (salt: string, campaign: string, openid: string) => hmac(salt, `voter|${campaign}|${openid}`)
export const submissionTag = (salt: string, key: string) => hmac(salt, `key|${key}`)

/**
 * The worker's count of answered surveys, keyed by a hash of their openid that is not the case `workerKey`
 * (another message under the server key): it holds a number and nothing else.
 */
export const workerCounterId = (secrets: Secrets, openid: string) => `survey-answers-${secrets.workerKey(`surveys|${openid}`)}`

export const answeredCount = async (store: Store | TxStore, secrets: Secrets, openid: string) =>
  (await store.get<CounterDoc>(COLLECTIONS.counters, workerCounterId(secrets, openid)))?.value ?? 0

/** The station's latest campaign, if it has had any. */
export const latestCampaign = async (store: Store | TxStore, stationId: string): Promise<SurveyCampaignDoc | null> => {
  const seq = (await store.get<CounterDoc>(COLLECTIONS.counters, stationSeqId(stationId)))?.value ?? 0
  return seq ? store.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, campaignId(stationId, seq)) : null
}

/** Whether this worker has answered the campaign (only answerable while it runs: the salt exists). */
export const hasAnswered = async (store: Store, campaign: string, openid: string): Promise<boolean> => {
  const salt = await store.get<SurveySaltDoc>(COLLECTIONS.surveySalts, campaign)
  if (!salt) return false
  return !!(await store.get<SurveyVoterDoc>(COLLECTIONS.surveyVoters, voterId(salt.salt, campaign, openid)))
}

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

const closedLabel = (c: SurveyCampaignDoc) =>
  c.closedAt === undefined ? undefined : `${dayLabel(ymdOf(c.closedAt))} ${c.closedHow === 'early' ? `${c.closedByName ?? '负责人'}提前结束` : '到期结束'}`

export const campaignView = (c: SurveyCampaignDoc, now: number, countyName: string): CampaignView => {
  const phase = phaseAt(c, now)
  const closed = closedLabel(c)
  return {
    id: c._id,
    stationId: c.stationId,
    stationName: c.stationName,
    countyName,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    windowLabel: windowLabel(c.startsOn, c.endsOn),
    phase,
    phaseLabel: CAMPAIGN_PHASE_LABEL[phase],
    answers: c.tally.answers,
    headcount: c.headcount,
    templateVersion: c.templateVersion,
    ...(closed ? { closedLabel: closed } : {}),
  }
}

/** County names for campaigns (the county station's name without the network's suffix). */
export const countyNames = async (store: Store, ids: Iterable<string | null>): Promise<(id: string | null) => string> => {
  const stations = await stationsById(store, [...ids].filter((x): x is string => !!x))
  return (id) => (id ? shortCounty(stations.get(id)) : '市级')
}
export const shortCounty = (s: StationDoc | undefined) => (s ? s.name.replace(/劳动关系服务驿站$/, '') : '')

export const taskView = (t: SurveyTaskDoc): TaskView => ({
  id: t._id,
  campaignId: t.campaignId,
  stationName: t.stationName,
  dimension: t.dimension,
  dimensionLabel: SURVEY_DIMENSION_LABEL[t.dimension],
  mean: t.mean,
  threshold: t.threshold,
  status: t.status,
  statusLabel: TASK_STATUS_LABEL[t.status],
  openedLabel: formatDateCn(t.openedAt),
  ...(t.note ? { note: t.note } : {}),
  ...(t.closedAt !== undefined ? { closedLabel: `${formatDateCn(t.closedAt)} ${t.closedByName ?? ''}办结`.trim() } : {}),
})

/** What the station page offers a worker: the campaign that takes answers now, and whether they answered. */
export const surveyEntryAt = async (ports: Ports, station: StationDoc, openid: string | null) => {
  if (!surveysRunAt(station.kind)) return null
  const c = await latestCampaign(ports.store, station._id)
  if (!c || phaseAt(c, ports.clock.now()) !== 'running') return null
  return { campaignId: c._id, endsLabel: `${dayLabel(c.endsOn)} 截止`, answered: openid ? await hasAnswered(ports.store, c._id, openid) : false }
}

// ---------------------------------------------------------------------------------------------------
// Closing (the sweep at the end date, or the head early)
// ---------------------------------------------------------------------------------------------------

/**
 * Closes a campaign in one transaction: status and the line in force, the salt removed (so the stored hashes
 * can no longer be recomputed by anyone), and a 整改 task for each dimension below the line — only dimensions
 * whose figure is shown (≥ 10 answers), so a task never reveals a small group's mean. Closing a closed one
 * changes nothing.
 */
export const closeSurvey = async (ports: Ports, id: string, how: 'end' | 'early', by?: { id: string; name: string }): Promise<SurveyCampaignDoc> => {
  const { store, clock } = ports
  const first = await store.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id)
  if (!first) throw new AppError('SURVEY_NOT_FOUND')
  if (first.status === 'closed') return first
  const template = await templateById(store, first.templateId)
  const threshold = (await readThreshold(store)).value
  return store.transaction(async (tx) => {
    const c = await tx.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id)
    if (!c) throw new AppError('SURVEY_NOT_FOUND')
    if (c.status === 'closed') return c
    const now = clock.now()
    const figures = campaignFigures(template, c.tally)
    const weak = figures.shown ? figures.value.filter((d) => d.figure.shown && d.figure.value.mean < threshold) : []
    const closed = await tx.update<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id, c._v, {
      status: 'closed',
      closedAt: now,
      closedHow: how,
      ...(by ? { closedByName: by.name } : {}),
      threshold,
      weak: weak.map((d) => d.key),
    })
    const salt = await tx.get<SurveySaltDoc>(COLLECTIONS.surveySalts, id)
    if (salt) await tx.remove(COLLECTIONS.surveySalts, id, salt._v)
    for (const d of weak) {
      await tx.insert<SurveyTaskDoc>(COLLECTIONS.surveyTasks, {
        _id: `${id}-${d.key}`,
        stationId: c.stationId,
        stationName: c.stationName,
        countyId: c.countyId,
        campaignId: id,
        dimension: d.key,
        mean: d.figure.shown ? d.figure.value.mean : 0,
        threshold,
        status: 'open',
        openedAt: now,
      })
    }
    return closed
  })
}

/** Campaigns past their end date, closed by the sweep (a page at a time, within its run). */
export const closeEndedSurveys = async (ports: Ports, now: number, dryRun: boolean): Promise<number> => {
  const due = await ports.store.find<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, {
    where: { status: 'open', endsAt: { $lte: now } },
    orderBy: { field: 'endsAt', dir: 'asc' },
    limit: 100,
  })
  if (dryRun) return due.items.length
  let closed = 0
  for (const c of due.items) {
    await closeSurvey(ports, c._id, 'end')
    closed += 1
  }
  return closed
}

// ---------------------------------------------------------------------------------------------------
// Results
// ---------------------------------------------------------------------------------------------------

const WITHHELD_WHOLE: Gated<never> = { shown: false, reason: SMALL_GROUP_REASON }

/** The figures of a closed campaign (withheld as a whole under 10 answers). */
const figuresOf = async (store: Store, c: SurveyCampaignDoc) => campaignFigures(await templateById(store, c.templateId), c.tally)

const dimensionOf = (figures: Gated<DimensionFigures[]>, key: string): Gated<SummedFigure> =>
  figures.shown ? (figures.value.find((d) => d.key === key)?.figure ?? WITHHELD_WHOLE) : WITHHELD_WHOLE
const questionOf = (figures: Gated<DimensionFigures[]>, dimension: string, key: string): Gated<SummedFigure> =>
  figures.shown ? (figures.value.find((d) => d.key === dimension)?.questions.find((q) => q.key === key)?.figure ?? WITHHELD_WHOLE) : WITHHELD_WHOLE

/** Closed campaigns of one questionnaire version, for the county and city means. */
const peersOf = (store: Store, templateId: string) => findAll<SurveyCampaignDoc>(store, COLLECTIONS.surveyCampaigns, { where: { templateId, status: 'closed' } })

const fmt = (x: number) => x.toFixed(2)

const followUpWords = (improved: Gated<boolean>, before: number, now: Gated<SummedFigure>) => {
  if (!improved.shown || !now.shown) return '本次这个方面作答不足 10 人，看不出整改后是否改善'
  return improved.value
    ? `整改前 ${fmt(before)} 分，本次 ${fmt(now.value.mean)} 分，有改善`
    : `整改前 ${fmt(before)} 分，本次 ${fmt(now.value.mean)} 分，没有改善`
}

/**
 * Everything the results page, the export and the comparisons show of one campaign: running → the count only;
 * closed with fewer than 10 answers → the reason only; otherwise the figures, each gated again.
 */
export const buildResults = async (ports: Ports, c: SurveyCampaignDoc): Promise<SurveyResults> => {
  const { store, clock } = ports
  const names = await countyNames(store, [c.countyId])
  const campaign = campaignView(c, clock.now(), names(c.countyId))
  if (c.status !== 'closed') return { campaign, state: 'running', dimensions: [], comments: { shown: false } }
  const template = await templateById(store, c.templateId)
  const figures = campaignFigures(template, c.tally)
  if (!figures.shown) return { campaign, state: 'withheld', reason: figures.reason, dimensions: [], comments: { shown: false } }

  const previous = c.seq > 1 ? await store.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, campaignId(c.stationId, c.seq - 1)) : null
  const prevClosed = previous && previous.status === 'closed' ? previous : null
  const prevFigures = prevClosed ? await figuresOf(store, prevClosed) : undefined
  const sameVersion = prevClosed?.templateId === c.templateId

  const peers = await peersOf(store, c.templateId)
  const peerFigures = peers.map((p) => ({ countyId: p.countyId, figures: campaignFigures(template, p.tally) }))
  const county = peerFigures.filter((p) => p.countyId === c.countyId)

  const taskIds = [...(c.weak ?? []).map((d) => `${c._id}-${d}`), ...(prevClosed?.weak ?? []).map((d) => `${prevClosed!._id}-${d}`)]
  const tasks = new Map<string, SurveyTaskDoc>()
  for (const id of taskIds) {
    const t = await store.get<SurveyTaskDoc>(COLLECTIONS.surveyTasks, id)
    if (t) tasks.set(id, t)
  }

  const dimensions: DimensionResult[] = figures.value.map((d) => {
    const prevTask = prevClosed ? tasks.get(`${prevClosed._id}-${d.key}`) : undefined
    const improved = prevTask ? improvement(d.figure, prevTask.mean) : undefined
    const thisTask = tasks.get(`${c._id}-${d.key}`)
    return {
      key: d.key,
      label: SURVEY_DIMENSION_LABEL[d.key],
      figure: d.figure,
      weak: (c.weak ?? []).includes(d.key),
      trend: trendOf(d.figure, prevFigures ? dimensionOf(prevFigures, d.key) : undefined),
      county: poolFigures(county.map((p) => dimensionOf(p.figures, d.key))),
      city: poolFigures(peerFigures.map((p) => dimensionOf(p.figures, d.key))),
      task: thisTask ? taskView(thisTask) : null,
      followUp: prevTask && improved ? { task: taskView(prevTask), improved, words: followUpWords(improved, prevTask.mean, d.figure) } : null,
      questions: d.questions.map((q) => {
        const before = sameVersion && prevFigures ? (prevFigures.shown ? prevFigures.value.find((x) => x.key === d.key)?.questions.find((x) => x.key === q.key)?.figure : WITHHELD_WHOLE) : undefined
        return {
          key: q.key,
          text: q.text,
          figure: q.figure,
          trend: trendOf(q.figure, before),
          county: poolFigures(county.map((p) => questionOf(p.figures, d.key, q.key))),
          city: poolFigures(peerFigures.map((p) => questionOf(p.figures, d.key, q.key))),
        }
      }),
    }
  })

  return {
    campaign,
    state: 'shown',
    threshold: c.threshold,
    participation: participation(c.tally.answers, c.headcount),
    previous: prevClosed ? { id: prevClosed._id, windowLabel: windowLabel(prevClosed.startsOn, prevClosed.endsOn) } : null,
    dimensions,
    comments: await commentsOf(ports, c),
  }
}

/**
 * The comments figure: those shown, and those content security judged risky, counted apart (ADR 0032). Under the
 * small-group rule like every figure of the answers (D36): nothing at all below 10 answers.
 */
const commentsOf = async (ports: Ports, c: SurveyCampaignDoc): Promise<SurveyResults['comments']> => {
  if (!smallGroup(c.tally.answers, () => c.tally.comments).shown) return { shown: false }
  const held = c.tally.comments ? await ports.store.count(COLLECTIONS.surveyAnswers, { campaignId: c._id, commentHeld: true }) : 0
  return { shown: true, count: c.tally.comments - held, ...(held ? { held } : {}) }
}

/** Whether a figure list's campaigns have anything to pool for a dimension (shown figures only). */
export const pooledDimensions = (all: ReadonlyArray<Gated<DimensionFigures[]>>, threshold: number) =>
  (Object.keys(SURVEY_DIMENSION_LABEL) as Array<keyof typeof SURVEY_DIMENSION_LABEL>).flatMap((key) => {
    const pooled = poolFigures(all.map((f) => dimensionOf(f, key)))
    const v = shownValue(pooled)
    return v ? [{ dimension: key, label: SURVEY_DIMENSION_LABEL[key], mean: v.mean, weak: v.mean < threshold }] : []
  })

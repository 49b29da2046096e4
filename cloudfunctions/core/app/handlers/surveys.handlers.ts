import {
  SURVEY_CONTRACTS,
  MAX_CAMPAIGN_DAYS,
  closeCampaign,
  closeSurveyTask,
  exportSurveyResults,
  getSurveyForm,
  getSurveyResults,
  getSurveyStation,
  getSurveyTemplate,
  listCampaigns,
  listSurveyComments,
  listSurveyStations,
  mySurveys,
  openCampaign,
  publishSurveyTemplate,
  setSurveyThreshold,
  submitSurvey,
  surveyOverview,
  type CountySurveyRow,
} from '../../../../types/contracts/surveys'
import { STATION_KIND_LABEL } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import {
  addAnswer,
  buildTemplate,
  campaignFigures,
  campaignWindow,
  dayLabel,
  emptyTally,
  participation,
  phaseAt,
  questionCount,
  ratingsProblem,
  smallGroup,
  startChoices,
  surveysRunAt,
  ymdOf,
  type Gated,
  type DimensionFigures,
} from '../../domain/surveys'
import { COLLECTIONS } from '../../ports/collections'
import type { Where } from '../../ports/store'
import { audit } from '../audit'
import { runJob } from '../jobs'
import { findAll } from '../find-all'
import { checkContent } from '../content-safety'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { surveyTemplateId } from '../provision'
import type { CounterDoc, StationDoc, SurveyAnswerDoc, SurveyCampaignDoc, SurveySaltDoc, SurveyTaskDoc, SurveyTemplateDoc, SurveyVoterDoc } from '../records'
import { adminScope, allowsStation } from '../scope'
import { getStationOr404, stationsById } from '../stations'
import { exportWorkbook, XLSX_MIME } from '../survey-export'
import {
  answeredCount,
  buildResults,
  campaignId,
  campaignView,
  closeSurvey,
  countyNames,
  currentTemplate,
  latestCampaign,
  newAnswerId,
  newestTemplate,
  newSalt,
  pooledDimensions,
  readThreshold,
  shortCounty,
  stationSeqId,
  submissionTag,
  taskView,
  templateById,
  templateView,
  THRESHOLD_DOC_ID,
  voterId,
  workerCounterId,
  type ThresholdDoc,
} from '../surveys'

// The operations of contracts/surveys.ts. Authorization is on the contracts; every figure comes from the
// domain's gated builders (the small-group rule), never from a count here.

const getCampaignOr404 = async (store: Parameters<typeof latestCampaign>[0], id: string) => {
  const c = await store.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id)
  if (!c) throw new AppError('SURVEY_NOT_FOUND')
  return c
}

// ---------------------------------------------------------------------------------------------------
// Worker
// ---------------------------------------------------------------------------------------------------

const getSurveyFormHandler = defineHandler(getSurveyForm, async ({ campaignId: id }, { ports, caller }) => {
  const c = await getCampaignOr404(ports.store, id)
  if (phaseAt(c, ports.clock.now()) !== 'running') throw new AppError('SURVEY_NOT_OPEN')
  const station = await getStationOr404(ports.store, c.stationId)
  const template = await templateById(ports.store, c.templateId)
  const salt = await ports.store.get<SurveySaltDoc>(COLLECTIONS.surveySalts, c._id)
  const answered = !!salt && !!(await ports.store.get<SurveyVoterDoc>(COLLECTIONS.surveyVoters, voterId(salt.salt, c._id, caller.openid!)))
  const view = templateView(template)
  return {
    campaign: { id: c._id, stationName: c.stationName, stationCode: station.code, endsLabel: `${dayLabel(c.endsOn)} 截止` },
    answered,
    template: { version: view.version, dimensions: view.dimensions, commentPrompt: view.commentPrompt, questionCount: view.questionCount },
  }
})

/**
 * One answer, in one transaction: the campaign still takes answers, this worker has not answered (their hash
 * under the campaign's salt), then the answer (random id, no identity or time), the campaign's tally and the
 * worker's count. A retry with the same key finds its own hash and tag and counts nothing twice.
 */
const submitSurveyHandler = defineHandler(submitSurvey, async ({ campaignId: id, key, ratings, comment }, { ports, caller }) => {
  const { store, clock, secrets } = ports
  const openid = caller.openid!
  const first = await getCampaignOr404(store, id)
  const template = await templateById(store, first.templateId)
  const problem = ratingsProblem(template, ratings)
  if (problem) throw new AppError('REQUEST_INVALID', problem, ['ratings'])
  const text = comment?.trim() ?? ''
  // The answer written by this call (not by an earlier try of it), whose comment is checked once stored.
  let written: string | null = null
  const answer = await store.transaction(async (tx) => {
    written = null
    const c = await tx.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id)
    if (!c) throw new AppError('SURVEY_NOT_FOUND')
    const salt = await tx.get<SurveySaltDoc>(COLLECTIONS.surveySalts, id)
    const voter = salt ? voterId(salt.salt, id, openid) : ''
    const seen = salt ? await tx.get<SurveyVoterDoc>(COLLECTIONS.surveyVoters, voter) : null
    // The same filled questionnaire sent again (a lost reply): it was counted; say so again. Checked before the
    // phase, so a retry after the end date (until the sweep closes the campaign) still hears it went through.
    if (seen && salt && seen.tag === submissionTag(salt.salt, key)) return { recorded: true as const, answered: await answeredCount(tx, secrets, openid) }
    if (seen) throw new AppError('SURVEY_ALREADY_ANSWERED')
    if (!salt || phaseAt(c, clock.now()) !== 'running') throw new AppError('SURVEY_NOT_OPEN')
    await tx.insert<SurveyVoterDoc>(COLLECTIONS.surveyVoters, { _id: voter, campaignId: id, tag: submissionTag(salt.salt, key) })
    const answerId = newAnswerId()
    await tx.insert<SurveyAnswerDoc>(COLLECTIONS.surveyAnswers, { _id: answerId, campaignId: id, ratings, ...(text ? { comment: text } : {}), hasComment: !!text })
    written = answerId
    await tx.update<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, id, c._v, { tally: addAnswer(c.tally, template, ratings, !!text) })
    const counterId = workerCounterId(secrets, openid)
    const counter = await tx.get<CounterDoc>(COLLECTIONS.counters, counterId)
    const answered = (counter?.value ?? 0) + 1
    if (counter) await tx.update<CounterDoc>(COLLECTIONS.counters, counterId, counter._v, { value: answered })
    else await tx.insert<CounterDoc>(COLLECTIONS.counters, { _id: counterId, value: answered })
    return { recorded: true as const, answered }
  })
  // Content security on the comment, after it is stored (ADR 0032): a risky one is kept out of the results. The
  // answer is anonymous: nothing keeps the openid, so a failed check is not tried again.
  if (written && text) await checkContent(ports, { thing: { about: 'survey', campaignId: id, answerId: written }, text, media: [], writer: null }, openid)
  return answer
})

const mySurveysHandler = defineHandler(mySurveys, async (_i, { ports, caller }) => ({ answered: await answeredCount(ports.store, ports.secrets, caller.openid!) }))

// ---------------------------------------------------------------------------------------------------
// Officers
// ---------------------------------------------------------------------------------------------------

const listSurveyStationsHandler = defineHandler(listSurveyStations, async (_i, ctx) => {
  const { ports, officer } = ctx
  const stations = await stationsById(ports.store, officer!.memberships.map((m) => m.stationId), officer!.stations)
  const scope = ctx.scope ?? (await adminScope(ports, officer!))
  const here = [...stations.values()].filter((s) => surveysRunAt(s.kind))
  const names = await countyNames(ports.store, here.map((s) => s.countyId))
  const now = ports.clock.now()
  const items = []
  for (const s of here) {
    const c = await latestCampaign(ports.store, s._id)
    items.push({
      stationId: s._id,
      name: s.name,
      kindLabel: STATION_KIND_LABEL[s.kind],
      canRun: allowsStation('run_surveys', s, officer!, scope),
      current: c && c.status !== 'closed' ? campaignView(c, now, names(c.countyId)) : null,
    })
  }
  return { items }
})

const getSurveyStationHandler = defineHandler(getSurveyStation, async (_i, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  const now = ports.clock.now()
  const names = await countyNames(ports.store, [station.countyId])
  const campaigns = await ports.store.find<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, { where: { stationId: station._id }, orderBy: { field: 'startsAt', dir: 'desc' }, limit: 30 })
  const latest = await latestCampaign(ports.store, station._id)
  const current = latest && latest.status !== 'closed' ? latest : null
  const tasks = await ports.store.find<SurveyTaskDoc>(COLLECTIONS.surveyTasks, { where: { stationId: station._id }, orderBy: { field: 'openedAt', dir: 'desc' }, limit: 50 })
  const canRun = allowsStation('run_surveys', station, ctx.officer!, ctx.scope!)
  const template = await currentTemplate(ports)
  return {
    station: { id: station._id, name: station.name, kindLabel: STATION_KIND_LABEL[station.kind] },
    surveysHere: surveysRunAt(station.kind),
    canRun,
    current: current ? campaignView(current, now, names(current.countyId)) : null,
    startChoices: startChoices(now),
    maxDays: MAX_CAMPAIGN_DAYS,
    template: { version: template.version, questionCount: questionCount(template) },
    history: campaigns.items.filter((c) => c.status === 'closed').map((c) => campaignView(c, now, names(c.countyId))),
    tasks: tasks.items.map((t) => ({ ...taskView(t), canClose: canRun && t.status === 'open' })),
  }
})

/**
 * A new campaign with the questionnaire in force and a fresh salt, written with the station's campaign count:
 * the station's previous campaign must be closed, and a second open at the same moment writes the same id
 * and is refused by the store.
 */
const openCampaignHandler = defineHandler(openCampaign, async (input, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  if (!surveysRunAt(station.kind)) throw new AppError('SURVEY_STATION_KIND')
  if (station.status !== 'active') throw new AppError('STATION_SUSPENDED', '这个驿站暂停服务了，恢复后才能发起测评')
  const now = ports.clock.now()
  const window = campaignWindow(now, input.startsOn, input.days)
  if ('problem' in window) throw new AppError('REQUEST_INVALID', window.problem, [window.field])
  const template = await currentTemplate(ports)
  const names = await countyNames(ports.store, [station.countyId])
  const officer = ctx.officer!
  try {
    return await ports.store.transaction(async (tx) => {
      const counter = await tx.get<CounterDoc>(COLLECTIONS.counters, stationSeqId(station._id))
      const seq = (counter?.value ?? 0) + 1
      if (counter) {
        const last = await tx.get<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, campaignId(station._id, counter.value))
        if (last && last.status !== 'closed') throw new AppError('SURVEY_RUNNING')
        await tx.update<CounterDoc>(COLLECTIONS.counters, counter._id, counter._v, { value: seq })
      } else await tx.insert<CounterDoc>(COLLECTIONS.counters, { _id: stationSeqId(station._id), value: seq })
      const id = campaignId(station._id, seq)
      const doc = await tx.insert<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, {
        _id: id,
        stationId: station._id,
        stationName: station.name,
        stationKind: station.kind,
        countyId: station.countyId,
        seq,
        templateId: template._id,
        templateVersion: template.version,
        ...window,
        year: Number(window.startsOn.slice(0, 4)),
        headcount: input.headcount,
        status: 'open',
        tally: emptyTally(template),
        openedBy: officer.doc._id,
        openedByName: officer.doc.name,
        createdAt: now,
      })
      await tx.insert<SurveySaltDoc>(COLLECTIONS.surveySalts, { _id: id, salt: newSalt() })
      const view = campaignView(doc, now, names(station.countyId))
      await ctx.remember(tx, view)
      return view
    })
  } catch (e) {
    // Someone opened one at the same moment: the same id was written first.
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') throw new AppError('SURVEY_RUNNING')
    throw e
  }
})

const closeCampaignHandler = defineHandler(closeCampaign, async ({ campaignId: id }, ctx) => {
  const { ports } = ctx
  const before = await getCampaignOr404(ports.store, id)
  if (before.status === 'closed') throw new AppError('SURVEY_NOT_OPEN', '这次测评已经结束了')
  const closed = await closeSurvey(ports, id, 'early', { id: ctx.officer!.doc._id, name: ctx.officer!.doc.name })
  const names = await countyNames(ports.store, [closed.countyId])
  return campaignView(closed, ports.clock.now(), names(closed.countyId))
})

const getSurveyResultsHandler = defineHandler(getSurveyResults, async ({ campaignId: id }, { ports }) => buildResults(ports, await getCampaignOr404(ports.store, id)))

/** Comments, ordered by the answers' random ids: a random order that pages, and no time anywhere. */
const listSurveyCommentsHandler = defineHandler(listSurveyComments, async ({ campaignId: id, after, limit }, { ports }) => {
  const c = await getCampaignOr404(ports.store, id)
  const gate = c.status === 'closed' ? smallGroup(c.tally.answers, () => true) : { shown: false as const, reason: '测评结束后才显示留言' }
  if (!gate.shown) return { shown: false, reason: gate.reason, items: [] }
  const page = await ports.store.find<SurveyAnswerDoc>(COLLECTIONS.surveyAnswers, {
    where: { campaignId: id, hasComment: true },
    orderBy: { field: '_id', dir: 'asc' },
    limit,
    after,
  })
  return { shown: true, items: page.items.map((a) => ({ text: a.comment ?? '' })), ...(page.next ? { next: page.next } : {}) }
})

/** The export as a job: the results view (the rule already applied), the comments when shown, the workbook, through Files. */
const exportSurveyResultsHandler = defineHandler(exportSurveyResults, async ({ campaignId: id, jobId }, { ports, caller }) => {
  const c = await getCampaignOr404(ports.store, id)
  const name = `满意度测评_${c.stationName}_${c.startsOn}.xlsx`.replace(/[\\/:*?"<>|（）()，,\s]+/g, '_')
  return runJob(ports, { jobId, openid: caller.openid!, kind: 'survey.export', title: `${c.stationName} 满意度测评结果`, total: 3 }, async (progress) => {
    const results = await buildResults(ports, c)
    await progress(1)
    const comments = results.comments.shown
      ? (await findAll<SurveyAnswerDoc>(ports.store, COLLECTIONS.surveyAnswers, { where: { campaignId: id, hasComment: true }, orderBy: { field: '_id', dir: 'asc' } })).map((a) => a.comment ?? '')
      : []
    await progress(2)
    const bytes = await exportWorkbook(results, comments)
    await progress(3)
    return { bytes, mime: XLSX_MIME, name }
  })
})

const closeSurveyTaskHandler = defineHandler(closeSurveyTask, async ({ taskId, note }, ctx) => {
  const { store, clock } = ctx.ports
  const t = await store.get<SurveyTaskDoc>(COLLECTIONS.surveyTasks, taskId)
  if (!t) throw new AppError('SURVEY_NOT_FOUND', '没有找到这项整改')
  if (t.status === 'closed') throw new AppError('SURVEY_TASK_CLOSED')
  const officer = ctx.officer!.doc
  const done = await store.update<SurveyTaskDoc>(COLLECTIONS.surveyTasks, t._id, t._v, { status: 'closed', note, closedAt: clock.now(), closedBy: officer._id, closedByName: officer.name })
  return taskView(done)
})

// ---------------------------------------------------------------------------------------------------
// Admins
// ---------------------------------------------------------------------------------------------------

/** The campaigns an admin's jurisdiction covers (a year of them), as a store filter. */
const scopeWhere = (scope: { city: boolean; countyIds: string[] }, year: number, countyId?: string): Where | null => {
  if (countyId) return scope.city || scope.countyIds.includes(countyId) ? { year, countyId } : null
  return scope.city ? { year } : { year, countyId: { $in: scope.countyIds } }
}

/** One row of the overview: counts, participation and the weakest dimensions, every figure through the rule. */
const countyRow = (
  countyId: string | null,
  name: string,
  rows: ReadonlyArray<{ c: SurveyCampaignDoc; figures: Gated<DimensionFigures[]> | null }>,
  openTasks: number,
  threshold: number,
  now: number,
): CountySurveyRow => {
  const closed = rows.filter((r) => r.c.status === 'closed')
  const answers = closed.reduce((n, r) => n + r.c.tally.answers, 0)
  const headcount = closed.reduce((n, r) => n + r.c.headcount, 0)
  const pooled = pooledDimensions(closed.map((r) => r.figures!), threshold).sort((a, b) => a.mean - b.mean)
  return {
    countyId,
    name,
    campaigns: rows.length,
    running: rows.filter((r) => r.c.status !== 'closed' && phaseAt(r.c, now) !== 'upcoming').length,
    closed: closed.length,
    answers,
    headcount,
    participation: participation(answers, headcount),
    // Pooled only from dimensions shown in their own campaign; with none, the row says why.
    weakest: smallGroup(pooled.length ? answers : 0, () => pooled.slice(0, 2)),
    openTasks,
  }
}

const surveyOverviewHandler = defineHandler(surveyOverview, async ({ year: askedYear }, ctx) => {
  const { ports } = ctx
  const scope = ctx.scope!
  const now = ports.clock.now()
  const year = askedYear ?? Number(ymdOf(now).slice(0, 4))
  const threshold = (await readThreshold(ports.store)).value
  const where = scopeWhere(scope, year)!
  const campaigns = await findAll<SurveyCampaignDoc>(ports.store, COLLECTIONS.surveyCampaigns, { where })
  const templateIds = [...new Set(campaigns.map((c) => c.templateId))]
  const byTemplate = new Map(await Promise.all(templateIds.map(async (id) => [id, await templateById(ports.store, id)] as const)))
  const rows = campaigns.map((c) => ({ c, figures: c.status === 'closed' ? campaignFigures(byTemplate.get(c.templateId)!, c.tally) : null }))

  const countyStations = scope.city
    ? (await ports.store.find<StationDoc>(COLLECTIONS.stations, { where: { kind: 'county' }, orderBy: { field: 'sortKey', dir: 'asc' }, limit: 50 })).items
    : [...(await stationsById(ports.store, scope.countyIds)).values()].sort((a, b) => a.sortKey.localeCompare(b.sortKey))
  let allOpen = 0
  const counties: CountySurveyRow[] = []
  for (const county of countyStations) {
    const open = await ports.store.count(COLLECTIONS.surveyTasks, { countyId: county._id, status: 'open' })
    allOpen += open
    counties.push(countyRow(county._id, shortCounty(county), rows.filter((r) => r.c.countyId === county._id), open, threshold, now))
  }
  return {
    year,
    scopeName: scope.city ? '菏泽市' : counties.map((c) => c.name).join('、'),
    threshold,
    total: countyRow(null, scope.city ? '全市' : '合计', rows, allOpen, threshold, now),
    counties,
    canEditTemplate: scope.city,
  }
})

const listCampaignsHandler = defineHandler(listCampaigns, async ({ year, countyId, after, limit }, ctx) => {
  const { ports } = ctx
  const where = scopeWhere(ctx.scope!, year, countyId)
  if (!where) throw new AppError('STATION_OUT_OF_SCOPE')
  const page = await ports.store.find<SurveyCampaignDoc>(COLLECTIONS.surveyCampaigns, { where, orderBy: { field: 'startsAt', dir: 'desc' }, limit, after })
  const names = await countyNames(ports.store, page.items.map((c) => c.countyId))
  const now = ports.clock.now()
  const items = []
  for (const c of page.items) {
    const closed = c.status === 'closed'
    const figures = closed ? campaignFigures(await templateById(ports.store, c.templateId), c.tally) : null
    items.push({
      ...campaignView(c, now, names(c.countyId)),
      participation: closed ? participation(c.tally.answers, c.headcount) : null,
      weakCount: figures ? smallGroup(c.tally.answers, () => (c.weak ?? []).length) : null,
    })
  }
  return { items, ...(page.next ? { next: page.next } : {}) }
})

const templateState = async (ctx: HandlerContext) => {
  const { ports } = ctx
  const current = await currentTemplate(ports)
  const versions = await ports.store.find<SurveyTemplateDoc>(COLLECTIONS.surveyTemplates, { orderBy: { field: 'version', dir: 'desc' }, limit: 50 })
  return {
    current: templateView(current),
    versions: versions.items.map((t) => ({ version: t.version, publishedLabel: templateView(t).publishedLabel, publishedBy: t.publishedByName, note: t.note, questionCount: questionCount(t) })),
    threshold: await readThreshold(ports.store),
    canEdit: !!ctx.scope?.city,
  }
}

const getSurveyTemplateHandler = defineHandler(getSurveyTemplate, async (_i, ctx) => templateState(ctx))

/** A new version (the next number); campaigns already opened keep the version they started with. */
const publishSurveyTemplateHandler = defineHandler(publishSurveyTemplate, async (input, ctx) => {
  const { ports } = ctx
  // A refusal writes nothing: the first version is provisioned only on the way to publishing the second.
  const newest = await newestTemplate(ports.store)
  if (input.basedOn !== (newest?.version ?? 1)) throw new AppError('STORE_CONFLICT', `问卷刚刚有了第 ${newest?.version ?? 1} 版，请刷新后在新版上修改`)
  const current = newest ?? (await currentTemplate(ports))
  const version = current.version + 1
  const officer = ctx.officer!.doc
  const built = buildTemplate(version, input.dimensions, input.commentPrompt)
  const now = ports.clock.now()
  const doc = await ports.store.transaction(async (tx) => {
    const written = await tx.insert<SurveyTemplateDoc>(COLLECTIONS.surveyTemplates, {
      _id: surveyTemplateId(version),
      ...built,
      publishedAt: now,
      publishedBy: officer._id,
      publishedByName: officer.name,
      note: input.note,
    })
    await audit(tx, ports, officer._id, 'survey.template', written._id, `发布第 ${version} 版问卷（${questionCount(built)} 题）：${input.note}`)
    const view = templateView(written)
    await ctx.remember(tx, view)
    return written
  })
  return templateView(doc)
})

/** The 薄弱环节 line; applies to campaigns that close afterwards. Audited before → after. */
const setSurveyThresholdHandler = defineHandler(setSurveyThreshold, async ({ version, value }, ctx) => {
  const { store, clock } = ctx.ports
  const doc = await store.get<ThresholdDoc>(COLLECTIONS.settings, THRESHOLD_DOC_ID)
  if ((doc?._v ?? 0) !== version) throw new AppError('STORE_CONFLICT')
  const before = (await readThreshold(store)).value
  const rounded = Math.round(value * 10) / 10
  const fields = { value: rounded, updatedAt: clock.now(), updatedBy: ctx.officer!.doc._id }
  await store.transaction(async (tx) => {
    if (doc) await tx.update<ThresholdDoc>(COLLECTIONS.settings, THRESHOLD_DOC_ID, version, fields)
    else await tx.insert<ThresholdDoc>(COLLECTIONS.settings, { _id: THRESHOLD_DOC_ID, ...fields })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'survey.threshold', THRESHOLD_DOC_ID, `薄弱环节线：${before.toFixed(1)} 分 → ${rounded.toFixed(1)} 分`)
  })
  return readThreshold(store)
})

export const SURVEY_HANDLERS: HandlersOf<typeof SURVEY_CONTRACTS> = {
  getSurveyForm: getSurveyFormHandler,
  submitSurvey: submitSurveyHandler,
  mySurveys: mySurveysHandler,
  listSurveyStations: listSurveyStationsHandler,
  getSurveyStation: getSurveyStationHandler,
  openCampaign: openCampaignHandler,
  closeCampaign: closeCampaignHandler,
  getSurveyResults: getSurveyResultsHandler,
  listSurveyComments: listSurveyCommentsHandler,
  exportSurveyResults: exportSurveyResultsHandler,
  closeSurveyTask: closeSurveyTaskHandler,
  surveyOverview: surveyOverviewHandler,
  listCampaigns: listCampaignsHandler,
  getSurveyTemplate: getSurveyTemplateHandler,
  publishSurveyTemplate: publishSurveyTemplateHandler,
  setSurveyThreshold: setSurveyThresholdHandler,
}

import {
  addTask,
  adjustRating,
  computeRatings,
  createAward,
  enterSupervision,
  finishTask,
  getRatingConfig,
  getStationRating,
  leaveSupervision,
  listAwards,
  listRatings,
  listSupervision,
  myTasks,
  RATING_CONTRACTS,
  setRatingConfig,
  taskOfficers,
  type RatingRow,
} from '../../../../types/contracts/ratings'
import { ROLE_LABEL, STATION_KIND_LABEL, type Side } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { dateOf } from '../../domain/periods'
import {
  addQuarters,
  configChanges,
  configProblem,
  DEFAULT_RATING_CONFIG,
  INDICATOR_LABEL,
  lastEndedQuarter,
  quarterName,
  starsWords,
} from '../../domain/ratings'
import { COLLECTIONS } from '../../ports/collections'
import type { Where } from '../../ports/store'
import { audit } from '../audit'
import { findAll } from '../find-all'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { runSteppedJob } from '../jobs'

/** One call of a re-run: rate for up to 8 s (the admin function has 20), a hundred stations a page. */
const RATING_STEP = { budgetMs: 8_000, pageSize: 100 }
import { sheet, XLSX_MIME } from '../ledger-export'
import {
  adjustRating as adjust,
  areaOf,
  putOnList,
  quarterRatings,
  RATING_CONFIG_ID,
  ratingId,
  rateStations,
  readRatingConfig,
  supervisionId,
  type RatingConfigDoc,
} from '../ratings'
import { awardItem, ratingView, supervisionState, taskItem } from '../rating-view'
import type { AwardDoc, MembershipDoc, OfficerDoc, StationDoc, StationRatingDoc, SupervisionDoc, SupervisionTaskDoc } from '../records'
import { allowsStation } from '../scope'
import { stationsById } from '../stations'
import { newWorkbook, workbookBytes } from '../xlsx'

/** The side the caller reads a station's figures through: their membership there, else an admin's (government). */
const sideAt = (ctx: HandlerContext, stationId: string): Side => ctx.officer!.memberships.find((m) => m.stationId === stationId)?.side ?? 'government'

const by = (ctx: HandlerContext) => ({ id: ctx.officer!.doc._id, name: ctx.officer!.doc.name })

/** The quarter asked for, or the latest ended; a quarter not yet ended cannot be rated. */
const endedQuarter = (ctx: HandlerContext, quarter: string | undefined): string => {
  const last = lastEndedQuarter(ctx.ports.clock.now())
  const q = quarter ?? last
  if (q > last) throw new AppError('REQUEST_INVALID', '这个季度还没有结束，结束后才能评定星级', ['quarter'])
  return q
}

/** Where an area's documents are: a county's, or (the city) all of them. */
const areaWhere = (area: StationDoc): Where => (area.kind === 'city' ? {} : { areaId: area._id })

const getStationRatingHandler = defineHandler(getStationRating, async ({ stationId, quarter: asked }, ctx) => {
  const { store, clock } = ctx.ports
  const station = ctx.station!
  const quarter = endedQuarter(ctx, asked)
  const last = lastEndedQuarter(clock.now())
  const side = sideAt(ctx, stationId)
  const doc = await store.get<StationRatingDoc>(COLLECTIONS.stationRatings, ratingId(quarter, stationId))
  const history = await store.find<StationRatingDoc>(COLLECTIONS.stationRatings, { where: { stationId }, orderBy: { field: 'quarter', dir: 'desc' }, limit: 8 })
  const awards = await store.find<AwardDoc>(COLLECTIONS.awards, { where: { stationId }, orderBy: { field: 'awardedOn', dir: 'desc' }, limit: 20 })
  const sup = await store.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(stationId))
  const tasks = await store.find<SupervisionTaskDoc>(COLLECTIONS.supervisionTasks, { where: { stationId }, orderBy: { field: 'dueOn', dir: 'asc' }, limit: 50 })
  const canManage = allowsStation('admin', station, ctx.officer!, ctx.scope!)
  const now = clock.now()
  return {
    stationId,
    stationName: station.name,
    quarter,
    quarterLabel: quarterName(quarter),
    prevQuarter: addQuarters(quarter, -1),
    nextQuarter: quarter < last ? addQuarters(quarter, 1) : null,
    rating: doc ? ratingView(doc, side) : null,
    ...(doc
      ? {}
      : {
          missing: (await store.count(COLLECTIONS.stationRatings, { quarter }, { upTo: 1 }))
            ? `${quarterName(quarter)}本驿站没有诉求、活动和测评记录：数据不足，不评星级`
            : `${quarterName(quarter)}还没有评定星级：季度结束后由系统自动评定`,
        }),
    history: history.items.map((h) => ({ quarter: h.quarter, quarterLabel: quarterName(h.quarter), starsLabel: starsWords(h.starsKey || null), adjusted: !!h.adjustment })),
    awards: awards.items.map(awardItem),
    supervision: sup && (sup.status === 'on' || canManage) ? { ...supervisionState(sup), ...(canManage ? {} : { history: [] }) } : null,
    tasks: tasks.items.sort((a, b) => (a.status === b.status ? 0 : a.status === 'open' ? -1 : 1)).map((t) => taskItem(t, now)),
    canManage,
  }
})

const listRatingsHandler = defineHandler(listRatings, async ({ areaId, quarter: asked, filter, after, limit }, ctx) => {
  const { store, clock } = ctx.ports
  const area = ctx.station!
  const quarter = endedQuarter(ctx, asked)
  const base: Where = { quarter, ...areaWhere(area) }
  const last = lastEndedQuarter(clock.now())
  // The list filters by the stars that stand (indexed); 低星 are few, read whole and checked by the rules they were rated by.
  const { config } = await readRatingConfig(store)
  let items: StationRatingDoc[]
  let next: string | undefined
  if (filter === 'low') {
    const low = await findAll<StationRatingDoc>(store, COLLECTIONS.stationRatings, { where: { ...base, starsKey: { $gte: 1, $lte: 3 } }, orderBy: { field: 'starsKey', dir: 'asc' } })
    items = low.filter((d) => d.low)
  } else {
    const band: Where = filter === 'insufficient' ? { starsKey: 0 } : filter === 'fastTrack' ? { starsKey: { $gte: config.fastTrackStars } } : {}
    const where: Where = { ...base, ...band }
    const page = await store.find<StationRatingDoc>(COLLECTIONS.stationRatings, { where, orderBy: { field: 'starsKey', dir: 'desc' }, limit, after })
    items = page.items
    next = page.next
  }
  const sups = items.length
    ? new Set(
        (await store.find<SupervisionDoc>(COLLECTIONS.supervision, { where: { _id: { $in: items.map((d) => supervisionId(d.stationId)) } }, limit: 100 })).items
          .filter((s) => s.status === 'on')
          .map((s) => s.stationId),
      )
    : new Set<string>()
  const count = (w: Where) => store.count(COLLECTIONS.stationRatings, { ...base, ...w })
  const stars: number[] = []
  for (let k = 1; k <= 5; k++) stars.push(await count({ starsKey: k }))
  const rows: RatingRow[] = items.map((d) => ({
    stationId: d.stationId,
    stationName: d.stationName,
    kind: d.stationKind,
    kindLabel: STATION_KIND_LABEL[d.stationKind],
    stars: d.starsKey || null,
    starsLabel: starsWords(d.starsKey || null),
    score: d.score,
    adjusted: !!d.adjustment,
    low: d.low,
    supervised: sups.has(d.stationId),
  }))
  return {
    areaName: area.name,
    quarter,
    quarterLabel: quarterName(quarter),
    quarters: Array.from({ length: 8 }, (_, i) => addQuarters(last, -i)).map((q) => ({ quarter: q, label: quarterName(q) })),
    counts: {
      total: await count({}),
      insufficient: await count({ starsKey: 0 }),
      stars,
      empty: Math.max(0, (await store.count(COLLECTIONS.stations, area.kind === 'city' ? {} : { countyId: area._id })) - (await count({}))),
    },
    items: rows,
    ...(next ? { next } : {}),
  }
})

const computeRatingsHandler = defineHandler(computeRatings, async ({ areaId, quarter: asked, jobId }, ctx) => {
  const { ports } = ctx
  const area = ctx.station!
  const quarter = endedQuarter(ctx, asked)
  const total = await ports.store.count(COLLECTIONS.stations, area.kind === 'city' ? {} : { countyId: area._id })
  const title = `${area.name}${quarterName(quarter)}星级评定`
  // A city-wide run takes longer than one call may (35 s at 5 000 stations): each call rates the stations its
  // budget allows from where the last one stopped and answers with the job running; the page calls again
  // until the last call writes the table (ADR 0028).
  const { budgetMs, pageSize } = ports.settings?.ratingStep ?? RATING_STEP
  return runSteppedJob(ports, { jobId, openid: ctx.caller.openid!, kind: computeRatings.op, title, total }, async (cursor) => {
    const [after, before] = cursor ? [cursor.slice(cursor.indexOf('|') + 1) || undefined, Number(cursor.slice(0, cursor.indexOf('|')))] : [undefined, 0]
    const res = await rateStations(ports, { quarter, area: area.kind === 'city' ? null : area, budgetMs, pageSize, ...(after ? { after } : {}) })
    if (res.next) return { cursor: `${before + res.rated}|${res.next}`, done: before + res.rated }
    const rows = await quarterRatings(ports.store, areaId, quarter)
    const wb = await newWorkbook()
    sheet(
      wb,
      '星级评定',
      [
        { header: '驿站', key: 'name', width: 30 },
        { header: '类型', key: 'kind', width: 10 },
        { header: '星级', key: 'stars', width: 10 },
        { header: '得分', key: 'score', width: 8 },
        { header: '收到诉求', key: 'received', width: 10 },
        ...(['acceptOnTime', 'resolveOnTime', 'satisfaction', 'reopen', 'survey', 'activity'] as const).map((k) => ({ header: INDICATOR_LABEL[k], key: k, width: 12 })),
        { header: '调整理由', key: 'reason', width: 40 },
      ],
      rows.map((d) => {
        const v = ratingView(d, 'government')
        return {
          name: d.stationName,
          kind: STATION_KIND_LABEL[d.stationKind],
          stars: v.starsLabel,
          score: d.score ?? '',
          received: d.inputs.received,
          ...Object.fromEntries(v.indicators.map((r) => [r.key, r.scoreLabel])),
          reason: d.adjustment ? `${starsWords(d.stars)} → ${d.adjustment.stars} 星：${d.adjustment.reason}` : '',
        }
      }),
    )
    return { file: { bytes: await workbookBytes(wb), mime: XLSX_MIME, name: `${title}.xlsx` } }
  })
})

const adjustRatingHandler = defineHandler(adjustRating, async ({ stationId, quarter, stars, reason, version }, ctx) => {
  const doc = await ctx.ports.store.get<StationRatingDoc>(COLLECTIONS.stationRatings, ratingId(quarter, stationId))
  if (!doc) throw new AppError('RATING_NOT_FOUND')
  if (doc._v !== version) throw new AppError('STORE_CONFLICT')
  return ratingView(await adjust(ctx.ports, doc, stars, reason, by(ctx)), 'government')
})

const configView = async (ctx: HandlerContext, changes: string[] = []) => {
  const { config, version, isDefault } = await readRatingConfig(ctx.ports.store)
  return { config, defaults: DEFAULT_RATING_CONFIG, isDefault, version, labels: { ...INDICATOR_LABEL }, canEdit: ctx.scope!.city, changes }
}

const getRatingConfigHandler = defineHandler(getRatingConfig, async (_i, ctx) => configView(ctx))

const setRatingConfigHandler = defineHandler(setRatingConfig, async ({ version, config, dryRun }, ctx) => {
  const { store, clock } = ctx.ports
  const problem = configProblem(config)
  if (problem) throw new AppError('REQUEST_INVALID', problem.message, [`config.${problem.field}`])
  const current = await readRatingConfig(store)
  if (current.version !== version) throw new AppError('STORE_CONFLICT')
  const changes = configChanges(current.config, config)
  if (dryRun) return configView(ctx, changes)
  await store.transaction(async (tx) => {
    const fields = { config, updatedAt: clock.now(), updatedBy: ctx.officer!.doc._id }
    if (current.isDefault) await tx.insert<RatingConfigDoc>(COLLECTIONS.settings, { _id: RATING_CONFIG_ID, ...fields })
    else await tx.update<RatingConfigDoc>(COLLECTIONS.settings, RATING_CONFIG_ID, version, fields)
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'ratings.config', RATING_CONFIG_ID, changes.length ? changes.join('；') : '没有改动')
  })
  return configView(ctx, changes)
})

const supervisionRow = async (ctx: HandlerContext, s: SupervisionDoc) => {
  const tasks = await findAll<SupervisionTaskDoc>(ctx.ports.store, COLLECTIONS.supervisionTasks, { where: { stationId: s.stationId } })
  const today = dateOf(ctx.ports.clock.now())
  const open = tasks.filter((t) => t.status === 'open')
  const state = supervisionState(s)
  return {
    stationId: s.stationId,
    stationName: s.stationName,
    on: state.on,
    sinceLabel: state.sinceLabel,
    lastReason: s.history[s.history.length - 1]?.reason ?? '',
    history: state.history,
    openTasks: open.length,
    overdueTasks: open.filter((t) => t.dueOn < today).length,
    version: s._v,
  }
}

const listSupervisionHandler = defineHandler(listSupervision, async ({ status, after, limit }, ctx) => {
  const where: Where = { ...areaWhere(ctx.station!), ...(status === 'on' ? { status: 'on' } : {}) }
  const page = await ctx.ports.store.find<SupervisionDoc>(COLLECTIONS.supervision, { where, orderBy: { field: 'updatedAt', dir: 'desc' }, limit, after })
  const items = []
  for (const s of page.items) items.push(await supervisionRow(ctx, s))
  return { items, ...(page.next ? { next: page.next } : {}) }
})

const enterSupervisionHandler = defineHandler(enterSupervision, async ({ stationId, reason }, ctx) => {
  const station = ctx.station!
  const { ports } = ctx
  const saved = await ports.store.transaction(async (tx) => {
    const sup = await tx.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(stationId))
    if (sup?.status === 'on') throw new AppError('REQUEST_INVALID', '这个驿站已经是重点监督对象了')
    const doc = await putOnList(tx, ports, { stationId, stationName: station.name, areaId: areaOf(station) }, sup, { at: ports.clock.now(), kind: 'enter', how: 'decision', reason, byName: ctx.officer!.doc.name })
    await audit(tx, ports, ctx.officer!.doc._id, 'supervision.enter', stationId, `${station.name}列为重点监督对象：${reason}`)
    return doc
  })
  return supervisionState(saved)
})

const leaveSupervisionHandler = defineHandler(leaveSupervision, async ({ stationId, reason, version }, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  const saved = await ports.store.transaction(async (tx) => {
    const sup = await tx.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(stationId))
    if (!sup || sup.status !== 'on') throw new AppError('REQUEST_INVALID', '这个驿站现在不是重点监督对象')
    if (sup._v !== version) throw new AppError('STORE_CONFLICT')
    const now = ports.clock.now()
    const doc = await tx.update<SupervisionDoc>(COLLECTIONS.supervision, sup._id, sup._v, {
      status: 'off',
      since: now,
      updatedAt: now,
      history: [...sup.history, { at: now, kind: 'leave', how: 'decision', reason, byName: ctx.officer!.doc.name }],
    })
    await audit(tx, ports, ctx.officer!.doc._id, 'supervision.leave', stationId, `${station.name}移出重点监督对象：${reason}`)
    return doc
  })
  return supervisionState(saved)
})

/** Memberships at the station and the stations above it, each officer once (nearest station first). */
const candidates = async (ctx: HandlerContext, station: StationDoc) => {
  const { store } = ctx.ports
  const ms = await findAll<MembershipDoc>(store, COLLECTIONS.memberships, { where: { stationId: { $in: station.path } } })
  const officers = await store.find<OfficerDoc>(COLLECTIONS.officers, { where: { _id: { $in: [...new Set(ms.map((m) => m.officerId))] } }, limit: 500 })
  const names = new Map(officers.items.map((o) => [o._id, o.name]))
  const stations = await stationsById(store, station.path)
  const seen = new Set<string>()
  return ms
    .sort((a, b) => station.path.indexOf(b.stationId) - station.path.indexOf(a.stationId))
    .filter((m) => !seen.has(m.officerId) && seen.add(m.officerId))
    .map((m) => ({ officerId: m.officerId, name: names.get(m.officerId) ?? '', stationName: stations.get(m.stationId)?.name ?? '', roleLabel: ROLE_LABEL[m.role] }))
}

const taskOfficersHandler = defineHandler(taskOfficers, async (_i, ctx) => ({ items: await candidates(ctx, ctx.station!) }))

const addTaskHandler = defineHandler(addTask, async ({ stationId, title, dueOn, officerId }, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  if (dueOn < dateOf(ports.clock.now())) throw new AppError('REQUEST_INVALID', '完成期限不能早于今天', ['dueOn'])
  const officer = (await candidates(ctx, station)).find((c) => c.officerId === officerId)
  if (!officer) throw new AppError('REQUEST_INVALID', '请从本驿站或上级驿站的工作人员中选择负责人', ['officerId'])
  const sup = await ports.store.get<SupervisionDoc>(COLLECTIONS.supervision, supervisionId(stationId))
  if (sup?.status !== 'on') throw new AppError('REQUEST_INVALID', '只有重点监督对象才有整改任务，请先列入')
  return ports.store.transaction(async (tx) => {
    const doc = await tx.insert<SupervisionTaskDoc>(COLLECTIONS.supervisionTasks, {
      _id: ports.ids.next(),
      stationId,
      stationName: station.name,
      areaId: areaOf(station),
      title,
      dueOn,
      officerId,
      officerName: officer.name,
      status: 'open',
      createdAt: ports.clock.now(),
      createdByName: ctx.officer!.doc.name,
    })
    const view = taskItem(doc, ports.clock.now())
    await ctx.remember(tx, view)
    return view
  })
})

const myTasksHandler = defineHandler(myTasks, async ({ after, limit }, ctx) => {
  const { store, clock } = ctx.ports
  const page = await store.find<SupervisionTaskDoc>(COLLECTIONS.supervisionTasks, {
    where: { officerId: ctx.officer!.doc._id, status: 'open' },
    orderBy: { field: 'dueOn', dir: 'asc' },
    limit,
    after,
  })
  return { items: page.items.map((t) => taskItem(t, clock.now())), ...(page.next ? { next: page.next } : {}) }
})

const finishTaskHandler = defineHandler(finishTask, async ({ id, note, version }, ctx) => {
  const { ports } = ctx
  const t = await ports.store.get<SupervisionTaskDoc>(COLLECTIONS.supervisionTasks, id)
  // Someone else's task is not found: only the officer it was given to answers for it.
  if (!t || t.officerId !== ctx.officer!.doc._id) throw new AppError('TASK_NOT_FOUND')
  if (t.status === 'done') throw new AppError('REQUEST_INVALID', '这项整改已经完成了')
  if (t._v !== version) throw new AppError('STORE_CONFLICT')
  const now = ports.clock.now()
  const saved = await ports.store.update<SupervisionTaskDoc>(COLLECTIONS.supervisionTasks, id, version, { status: 'done', doneAt: now, doneNote: note })
  return taskItem(saved, now)
})

const createAwardHandler = defineHandler(createAward, async ({ stationId, who, why, awardedOn }, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  if (awardedOn > dateOf(ports.clock.now())) throw new AppError('REQUEST_INVALID', '获奖日期不能晚于今天', ['awardedOn'])
  return ports.store.transaction(async (tx) => {
    const doc = await tx.insert<AwardDoc>(COLLECTIONS.awards, {
      _id: ports.ids.next(),
      stationId,
      stationName: station.name,
      areaId: areaOf(station),
      who,
      why,
      awardedOn,
      createdAt: ports.clock.now(),
      createdBy: ctx.officer!.doc._id,
      createdByName: ctx.officer!.doc.name,
    })
    await audit(tx, ports, ctx.officer!.doc._id, 'award.create', stationId, `${station.name}和谐之星：${who}（${awardedOn}）`)
    const view = awardItem(doc)
    await ctx.remember(tx, view)
    return view
  })
})

const listAwardsHandler = defineHandler(listAwards, async ({ after, limit }, ctx) => {
  const page = await ctx.ports.store.find<AwardDoc>(COLLECTIONS.awards, { where: areaWhere(ctx.station!), orderBy: { field: 'awardedOn', dir: 'desc' }, limit, after })
  return { items: page.items.map(awardItem), ...(page.next ? { next: page.next } : {}) }
})

export const RATING_HANDLERS: HandlersOf<typeof RATING_CONTRACTS> = {
  getStationRating: getStationRatingHandler,
  listRatings: listRatingsHandler,
  computeRatings: computeRatingsHandler,
  adjustRating: adjustRatingHandler,
  getRatingConfig: getRatingConfigHandler,
  setRatingConfig: setRatingConfigHandler,
  listSupervision: listSupervisionHandler,
  enterSupervision: enterSupervisionHandler,
  leaveSupervision: leaveSupervisionHandler,
  taskOfficers: taskOfficersHandler,
  addTask: addTaskHandler,
  myTasks: myTasksHandler,
  finishTask: finishTaskHandler,
  createAward: createAwardHandler,
  listAwards: listAwardsHandler,
}

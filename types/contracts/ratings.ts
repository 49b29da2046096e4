import { z } from 'zod'
import { defineContract } from '../contract'
import { StationKind } from '../domain'
import { Cursor, Id, PageLimit, paged } from '../values'
import { JobId, JobView } from './jobs'

/**
 * 星级驿站, 重点监督对象 and 和谐之星 (issue #18 §1–2, ADR 0022). A station's quarter is rated from its ledger's
 * rollups, survey campaigns and logged activities by weights a city admin edits; admins over a station adjust a
 * rating with a reason, run a quarter again, put a station on the supervision list or take it off by a recorded
 * decision, give it 整改 tasks and record awards. Every figure is worded by the server; an employer-side member
 * sees the stars and the figures of open cases only (D8a).
 */

export const Quarter = z.string().regex(/^20\d{2}-Q[1-4]$/, '季度格式不对，应为 2026-Q4')
const Ymd = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式不对，应为 2026-12-31')
const Reason = (what: string) => z.string().trim().min(5, `请写明${what}，至少 5 个字`).max(200, `${what}最多 200 个字`)

export const RatingIndicatorView = z.object({
  key: z.string(),
  label: z.string(),
  weight: z.number(),
  score: z.number().nullable(),
  /** '92 分', or '不计' when there was nothing to measure. */
  scoreLabel: z.string(),
  basis: z.string(),
  advice: z.string().optional(),
})

export const RatingView = z.object({
  quarter: Quarter,
  quarterLabel: z.string(),
  status: z.enum(['rated', 'insufficient']),
  /** The stars that stand (an adjustment over the computed ones); null for 数据不足. */
  stars: z.number().int().min(1).max(5).nullable(),
  starsLabel: z.string(),
  /** The weighted score behind the stars; not given to a side that does not see every case. */
  score: z.number().nullable(),
  /** The rule that gave 数据不足, or how the score became stars. */
  summary: z.string(),
  /** Said when the figures below count only the cases the viewer's side may see (D8a). */
  scopeNote: z.string().optional(),
  indicators: z.array(RatingIndicatorView),
  adjustment: z.object({ stars: z.number(), computedLabel: z.string(), reason: z.string(), byName: z.string(), atLabel: z.string() }).optional(),
  fastTrack: z.array(z.string()),
  low: z.boolean(),
  computedLabel: z.string(),
  version: z.number(),
})
export type RatingView = z.infer<typeof RatingView>

export const AwardItem = z.object({ id: Id, stationId: Id, stationName: z.string(), who: z.string(), why: z.string(), awardedOn: z.string(), dateLabel: z.string(), byName: z.string() })
export type AwardItem = z.infer<typeof AwardItem>

export const TaskItem = z.object({
  id: Id,
  stationId: Id,
  stationName: z.string(),
  title: z.string(),
  dueOn: z.string(),
  /** '12月31日前完成', '已超期 3 天', '已完成'. */
  dueLabel: z.string(),
  overdue: z.boolean(),
  officerName: z.string(),
  status: z.enum(['open', 'done']),
  doneNote: z.string().optional(),
  doneLabel: z.string().optional(),
  version: z.number(),
})
export type TaskItem = z.infer<typeof TaskItem>

export const SupervisionEventView = z.object({ kind: z.enum(['enter', 'leave']), label: z.string(), reason: z.string(), atLabel: z.string(), byName: z.string().optional() })

export const SupervisionState = z.object({
  on: z.boolean(),
  sinceLabel: z.string(),
  history: z.array(SupervisionEventView),
  version: z.number(),
})

/** The station's rating page: a quarter's stars and what produced them, earlier quarters, awards, supervision. */
export const getStationRating = defineContract({
  fn: 'officer',
  op: 'rating.station',
  audience: 'officer',
  stationAccess: { access: 'read_rating', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, quarter: Quarter.optional() }),
  output: z.object({
    stationId: Id,
    stationName: z.string(),
    quarter: Quarter,
    quarterLabel: z.string(),
    prevQuarter: Quarter,
    nextQuarter: Quarter.nullable(),
    rating: RatingView.nullable(),
    /** When there is no rating of the quarter: why, in words. */
    missing: z.string().optional(),
    history: z.array(z.object({ quarter: Quarter, quarterLabel: z.string(), starsLabel: z.string(), adjusted: z.boolean() })),
    awards: z.array(AwardItem),
    supervision: SupervisionState.nullable(),
    tasks: z.array(TaskItem),
    /** An admin over the station: adjust, awards, the list. */
    canManage: z.boolean(),
  }),
})

export const RatingFilter = z.enum(['all', 'insufficient', 'low', 'fastTrack'])
export type RatingFilter = z.infer<typeof RatingFilter>

export const RatingRow = z.object({
  stationId: Id,
  stationName: z.string(),
  kind: StationKind,
  kindLabel: z.string(),
  stars: z.number().nullable(),
  starsLabel: z.string(),
  score: z.number().nullable(),
  adjusted: z.boolean(),
  low: z.boolean(),
  supervised: z.boolean(),
})
export type RatingRow = z.infer<typeof RatingRow>

/** A quarter's ratings of an area (a county, or the city: every station), stars first, with counts per band. */
export const listRatings = defineContract({
  fn: 'admin',
  op: 'rating.list',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'areaId' } },
  input: z.strictObject({ areaId: Id, quarter: Quarter.optional(), filter: RatingFilter.default('all'), after: Cursor.optional(), limit: PageLimit }),
  output: z.object({
    areaName: z.string(),
    quarter: Quarter,
    quarterLabel: z.string(),
    /** Ended quarters to choose from, newest first. */
    quarters: z.array(z.object({ quarter: Quarter, label: z.string() })),
    /** Rated rows, 数据不足 among them, per star 1–5, and stations with no record at all in the quarter (no row: 数据不足 too). */
    counts: z.object({ total: z.number(), insufficient: z.number(), stars: z.array(z.number()), empty: z.number() }),
    items: z.array(RatingRow),
    next: z.string().optional(),
  }),
})

/** Rates (again) an ended quarter for the area's stations, as a job whose progress the page shows (D35); the file is the table. */
export const computeRatings = defineContract({
  fn: 'admin',
  op: 'rating.compute',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'areaId' } },
  input: z.strictObject({ areaId: Id, quarter: Quarter, jobId: JobId }),
  output: JobView,
})

/** Sets the stars that stand for a station's quarter, with a written reason (kept, shown and audited). Up or down. */
export const adjustRating = defineContract({
  fn: 'admin',
  op: 'rating.adjust',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  input: z.strictObject({
    stationId: Id,
    quarter: Quarter,
    stars: z.number({ error: '请选择星级' }).int('请选择星级').min(1, '星级为 1 到 5 星').max(5, '星级为 1 到 5 星'),
    reason: Reason('调整理由'),
    version: z.number().int().min(1),
  }),
  output: RatingView,
})

const Weight = z.number({ error: '权重请填 0 到 100 的整数' }).int('权重请填 0 到 100 的整数').min(0, '权重请填 0 到 100 的整数').max(100, '权重请填 0 到 100 的整数')
const Line = z.number({ error: '分数线请填 0 到 100 的整数' }).int('分数线请填 0 到 100 的整数').min(1, '分数线请填 1 到 100 的整数').max(100, '分数线请填 1 到 100 的整数')

export const RatingConfigInput = z.strictObject({
  minCases: z.number({ error: '请填整数' }).int('请填整数').min(1, '最少 1 件').max(200, '最多 200 件'),
  weights: z.strictObject({ acceptOnTime: Weight, resolveOnTime: Weight, satisfaction: Weight, reopen: Weight, survey: Weight, activity: Weight }),
  starLines: z.tuple([Line, Line, Line, Line]),
  lowStars: z.number().int().min(1, '低星线为 1 到 3 星').max(3, '低星线为 1 到 3 星'),
  activityTarget: z.number({ error: '请填整数' }).int('请填整数').min(1, '至少 1 次').max(100, '最多 100 次'),
  weakPenalty: z.number({ error: '请填整数' }).int('请填整数').min(0, '扣分为 0 到 50').max(50, '扣分为 0 到 50'),
  fastTrackStars: z.number().int().min(3, '快速通道为 3 到 5 星').max(5, '快速通道为 3 到 5 星'),
})
export type RatingConfigInput = z.infer<typeof RatingConfigInput>

const RatingConfigView = z.object({
  config: RatingConfigInput,
  defaults: RatingConfigInput,
  isDefault: z.boolean(),
  version: z.number(),
  labels: z.record(z.string(), z.string()),
  canEdit: z.boolean(),
  /** What a save changed, or with `dryRun` would change, in the audit log's words (「工作活动权重：10 → 20」); empty on reading. */
  changes: z.array(z.string()),
})

/** The weights and lines in force (every admin reads them; city admins change them). */
export const getRatingConfig = defineContract({ fn: 'admin', op: 'rating.config', audience: 'admin', input: z.strictObject({}), output: RatingConfigView })

/**
 * Changes apply to ratings computed afterwards; a quarter already rated keeps the rules it was rated by until run
 * again. Audited. `dryRun` checks the same and says what would change, writing nothing (the page's preview).
 */
export const setRatingConfig = defineContract({
  fn: 'admin',
  op: 'rating.setConfig',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ version: z.number().int().min(0), config: RatingConfigInput, dryRun: z.boolean().optional() }),
  output: RatingConfigView,
})

export const SupervisionRow = z.object({
  stationId: Id,
  stationName: z.string(),
  on: z.boolean(),
  sinceLabel: z.string(),
  lastReason: z.string(),
  history: z.array(SupervisionEventView),
  openTasks: z.number(),
  overdueTasks: z.number(),
  version: z.number(),
})

/** The 重点监督对象 of an area: on the list now, or every station that has been (with its history). */
export const listSupervision = defineContract({
  fn: 'admin',
  op: 'supervision.list',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'areaId' } },
  input: z.strictObject({ areaId: Id, status: z.enum(['on', 'all']).default('on'), after: Cursor.optional(), limit: PageLimit }),
  output: paged(SupervisionRow),
})

/** An admin's decision to put a station on the list, with the reason. */
export const enterSupervision = defineContract({
  fn: 'admin',
  op: 'supervision.enter',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, reason: Reason('列入理由') }),
  output: SupervisionState,
})

/** Leaving the list takes a recorded decision. */
export const leaveSupervision = defineContract({
  fn: 'admin',
  op: 'supervision.leave',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, reason: Reason('移出理由'), version: z.number().int().min(1) }),
  output: SupervisionState,
})

/** Officers who may answer for a 整改 task: those of the station and of the stations above it. */
export const taskOfficers = defineContract({
  fn: 'admin',
  op: 'supervision.officers',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: z.object({ items: z.array(z.object({ officerId: Id, name: z.string(), stationName: z.string(), roleLabel: z.string() })) }),
})

/** A 整改 task for a supervised station: what, by when, and the officer who answers for it. */
export const addTask = defineContract({
  fn: 'admin',
  op: 'supervision.addTask',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({
    stationId: Id,
    title: z.string().trim().min(4, '请写明整改内容，至少 4 个字').max(100, '整改内容最多 100 个字'),
    dueOn: Ymd,
    officerId: Id,
  }),
  output: TaskItem,
})

/** The 整改 tasks the caller answers for, open ones first by due date. */
export const myTasks = defineContract({
  fn: 'officer',
  op: 'supervision.myTasks',
  audience: 'officer',
  input: z.strictObject({ after: Cursor.optional(), limit: PageLimit }),
  output: paged(TaskItem),
})

/** The assigned officer marks a task done, with a note of what was done. */
export const finishTask = defineContract({
  fn: 'officer',
  op: 'supervision.finishTask',
  audience: 'officer',
  input: z.strictObject({ id: Id, note: z.string().trim().min(5, '请写明做了哪些整改，至少 5 个字').max(300, '说明最多 300 个字'), version: z.number().int().min(1) }),
  output: TaskItem,
})

/** Records a 和谐之星 award at a station: who, why, when. */
export const createAward = defineContract({
  fn: 'admin',
  op: 'award.create',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({
    stationId: Id,
    who: z.string().trim().min(2, '请写明获奖的人或单位').max(40, '获奖者最多 40 个字'),
    why: z.string().trim().min(5, '请写明获奖事迹，至少 5 个字').max(300, '事迹最多 300 个字'),
    awardedOn: Ymd,
  }),
  output: AwardItem,
})

/** The awards of an area, newest first. */
export const listAwards = defineContract({
  fn: 'admin',
  op: 'award.list',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'areaId' } },
  input: z.strictObject({ areaId: Id, after: Cursor.optional(), limit: PageLimit }),
  output: paged(AwardItem),
})

/** The operations of this file by name (handlers/ratings.handlers.ts has one handler for each). */
export const RATING_CONTRACTS = {
  getStationRating,
  listRatings,
  computeRatings,
  adjustRating,
  getRatingConfig,
  setRatingConfig,
  listSupervision,
  enterSupervision,
  leaveSupervision,
  taskOfficers,
  addTask,
  myTasks,
  finishTask,
  createAward,
  listAwards,
} as const

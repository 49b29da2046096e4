import { z } from 'zod'
import { defineContract } from '../contract'
import { Category } from '../domain'
import { Cursor, Id, PageLimit, paged } from '../values'
import { JobId, JobView } from './jobs'
import { MEDIA_LIMITS, MEDIA_WORDS, MediaView, StationUploadChunkInput, UploadChunkOutput } from './media'

/**
 * The station ledger (工作台账, issue §6): a station's figures per month, the activities its officers log, and
 * the export to Excel. Officers of the station see it, each through their own side: the employer side counts
 * and lists only cases the worker made open (D8a).
 */

export const Month = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])$/, '月份格式不对，应为 2026-11')
const Ymd = z.string().regex(/^20\d{2}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, '日期格式不对，应为 2026-11-20')

/** One figure of the ledger, with its words: pages show them as given, in this order. */
export const LedgerFigure = z.object({ key: z.string(), label: z.string(), value: z.number(), unit: z.string(), note: z.string().optional() })
export type LedgerFigure = z.infer<typeof LedgerFigure>

export const LedgerView = z.object({
  stationId: Id,
  stationName: z.string(),
  month: Month,
  monthLabel: z.string(),
  prevMonth: Month,
  /** Null for the current month: the ledger has no future. */
  nextMonth: Month.nullable(),
  /** Said when the viewer's side counts only open cases (D8a). */
  scopeNote: z.string().optional(),
  figures: z.array(LedgerFigure),
  satisfaction: z.object({
    rated: z.number(),
    meanStars: z.number().nullable(),
    /** Closed without the worker's confirmation: counted apart, never as satisfied. */
    unconfirmed: z.number(),
    words: z.string(),
  }),
  conclusions: z.array(z.object({ key: z.string(), label: z.string(), count: z.number() })),
  wage: z.object({ amount: z.number(), workersPaid: z.number(), words: z.string() }),
  byCategory: z.array(z.object({ category: Category, label: z.string(), received: z.number(), resolved: z.number(), overdue: z.number() })),
  activities: z.number(),
})
export type LedgerView = z.infer<typeof LedgerView>

export const getLedger = defineContract({
  fn: 'officer',
  op: 'ledger.get',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, month: Month.optional() }),
  output: LedgerView,
})

/** Builds the month's ledger as an .xlsx (one sheet per table) while the page shows its progress (D35). */
export const exportLedger = defineContract({
  fn: 'officer',
  op: 'ledger.export',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, month: Month, jobId: JobId }),
  output: JobView,
})

export const ActivityKind = z.enum(['meeting', 'propaganda', 'visit', 'training', 'mediation'])
export type ActivityKind = z.infer<typeof ActivityKind>
export const ACTIVITY_KIND_LABEL: Record<ActivityKind, string> = {
  meeting: '会议',
  propaganda: '宣讲',
  visit: '走访',
  training: '培训',
  mediation: '调解',
}

export const ActivityItem = z.object({
  id: Id,
  kind: ActivityKind,
  kindLabel: z.string(),
  date: Ymd,
  dateLabel: z.string(),
  place: z.string(),
  attendees: z.number(),
  note: z.string(),
  officerName: z.string(),
  version: z.number(),
  /** The one who logged it may remove it. */
  mine: z.boolean(),
  /** How many photos it carries (the list hands out their views). */
  photoCount: z.number(),
})
export type ActivityItem = z.infer<typeof ActivityItem>

/** An activity in the station's list: its photos with short-lived URLs (thumbnail and full size). */
export const ActivityRow = ActivityItem.extend({
  photos: z.array(MediaView),
  /** When the photos' URLs stop working (epoch ms): a tap after that asks `activity.photos` again. */
  photosExpireAt: z.number(),
})
export type ActivityRow = z.infer<typeof ActivityRow>

/**
 * One chunk of a photo for an activity of the station (D34, ADR 15): the same checked upload as a case's photos
 * (type from the bytes, at most 10 MB, GPS and EXIF stripped, the page's thumbnail), photos only, kept in the
 * `activity` area. What it answers at the end is a media id that `activity.create` names in `photos`.
 */
export const uploadActivityPhoto = defineContract({
  fn: 'officer',
  op: 'activity.upload',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: StationUploadChunkInput,
  output: UploadChunkOutput,
})

/** Logs one activity of the station (会议、宣讲、走访、培训、调解) with its date, place, attendees and a note. */
export const createActivity = defineContract({
  fn: 'officer',
  op: 'activity.create',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({
    stationId: Id,
    kind: ActivityKind,
    date: Ymd,
    place: z.string().trim().min(2, '请写明地点').max(50, '地点最多 50 个字'),
    attendees: z.number({ error: '参加人数请填整数' }).int('参加人数请填整数').min(1, '参加人数至少 1 人').max(10_000, '人数太多了，请核对'),
    note: z.string().trim().min(2, '请简单写一下活动内容').max(500, '说明最多 500 个字'),
    /** Media ids from `activity.upload`, the caller's own, named by nothing yet: at most 9 photos. */
    photos: z.array(Id).max(MEDIA_LIMITS.photos, MEDIA_WORDS.tooManyPhotos).default([]),
  }),
  output: ActivityItem,
})

/** The station's activities of a month, newest first. */
export const listActivities = defineContract({
  fn: 'officer',
  op: 'activity.list',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, month: Month, after: Cursor.optional(), limit: PageLimit }),
  output: paged(ActivityRow),
})

/** An activity's photos with fresh URLs, for a page that stayed open past the list's ten minutes. */
export const getActivityPhotos = defineContract({
  fn: 'officer',
  op: 'activity.photos',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, id: Id }),
  output: z.object({ items: z.array(MediaView), expiresAt: z.number() }),
})

/** Removes an activity its officer logged by mistake, and its photos with it (their records and files). */
export const removeActivity = defineContract({
  fn: 'officer',
  op: 'activity.remove',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, id: Id, version: z.number().int().min(1) }),
  output: z.object({ removed: z.boolean() }),
})

/** The operations of this file by name (handlers/ledger.handlers.ts has one handler for each). */
export const LEDGER_CONTRACTS = { getLedger, exportLedger, uploadActivityPhoto, createActivity, listActivities, getActivityPhotos, removeActivity } as const

import { mayAccessCase } from '../../../../types/authz'
import {
  ACTIVITY_KIND_LABEL,
  createActivity,
  exportLedger,
  getActivityPhotos,
  getLedger,
  LEDGER_CONTRACTS,
  listActivities,
  removeActivity,
  uploadActivityPhoto,
} from '../../../../types/contracts/ledger'
import { CASE_STATE_LABEL, CATEGORY_INFO, PRIVACY_LABEL } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { viewsOf } from '../../domain/case-relation'
import { conclusionLines } from '../../domain/conclusions'
import type { FactKind } from '../../domain/ledger'
import { dateOf, monthLabel } from '../../domain/periods'
import { formatDateCn } from '../../domain/working-time'
import { COLLECTIONS } from '../../ports/collections'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { findAll } from '../find-all'
import { identityFor } from '../identity-log'
import { runJob } from '../jobs'
import { ledgerCaseFacts } from '../ledger'
import { ledgerWorkbook, XLSX_MIME, type ExportCaseRow } from '../ledger-export'
import { ledgerMonth, ledgerView } from '../ledger-view'
import { attachMedia, detachAndRemove, mediaToAttach, mediaViews, mediaViewsOf, receiveChunk, removeFilesOf } from '../media'
import type { ActivityDoc, CaseDoc, LedgerFactDoc, StationDoc } from '../records'
import { stationsById } from '../stations'

/** The side the caller reads this station's ledger through: their membership there (the contract's `member` access). */
const sideAt = (ctx: HandlerContext, stationId: string) => ctx.officer!.memberships.find((m) => m.stationId === stationId)!.side

const getLedgerHandler = defineHandler(getLedger, async ({ stationId, month }, ctx) =>
  ledgerView(ctx.ports, ctx.station!, ledgerMonth(ctx.ports, month), sideAt(ctx, stationId)),
)

const FACT_WORDS: Record<FactKind, (f: LedgerFactDoc) => string> = {
  filed: () => '新收',
  movedIn: () => '转入',
  accepted: (f) => (f.onTime ? '受理' : '受理（超时）'),
  resolved: (f) => (f.onTime ? '办结' : '办结（超时）'),
  overdue: () => '超期',
  transferred: () => '转办',
  referred: () => '转外部机构',
  withdrawn: () => '职工撤回',
  reopened: () => '职工不满意、重新办理',
  rated: (f) => `职工评价 ${f.rating} 星`,
  unconfirmed: () => '自动结案（未确认）',
}

/** The month's ledger as an .xlsx, through a job whose progress the page polls (D35). */
const exportLedgerHandler = defineHandler(exportLedger, async ({ stationId, month, jobId }, ctx) => {
  const { ports } = ctx
  const officer = ctx.officer!
  const station = ctx.station!
  const side = sideAt(ctx, stationId)
  const m = ledgerMonth(ports, month)
  const title = `${station.name}工作台账（${monthLabel(m)}）`
  return runJob(ports, { jobId, openid: ctx.caller.openid!, kind: exportLedger.op, title, total: 1 }, async (progress) => {
    const view = await ledgerView(ports, station, m, side)
    const facts = await ledgerCaseFacts(ports.store, stationId, m, side)
    const ids = [...facts.keys()]
    const total = ids.length + 1
    await progress(0, total)
    const rows: ExportCaseRow[] = []
    let omitted = 0
    for (let i = 0; i < ids.length; i += 100) {
      const batch = ids.slice(i, i + 100)
      const found = new Map(
        (await ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: { _id: { $in: batch } }, limit: 100 })).items.map((c) => [c._id, c]),
      )
      const owners = await stationsById(ports.store, [...found.values()].map((c) => c.ownerStationId))
      for (const id of batch) {
        const c = found.get(id)
        // A case this officer may no longer see (it moved to another station) counts in the figures only (ADR 7).
        if (!c || !mayAccessCase('view', c.privacy, viewsOf(officer.memberships, c))) {
          omitted++
          continue
        }
        // Each name and phone in the file is an identity view: logged before it is written (D4).
        const identity = await identityFor(ports, officer, c, exportLedger.op)
        rows.push(caseRow(c, facts.get(id)!, owners, identity))
        await progress(rows.length + omitted, total)
      }
    }
    const activities = await findAll<ActivityDoc>(ports.store, COLLECTIONS.activities, { where: { stationId, month: m }, orderBy: { field: 'date', dir: 'asc' } })
    const bytes = await ledgerWorkbook(
      view,
      rows,
      omitted,
      // The file travels: it says how many photos an activity has, never where they are.
      activities.map((a) => ({ date: a.date, kind: ACTIVITY_KIND_LABEL[a.kind], place: a.place, attendees: a.attendees, note: a.note, officer: a.officerName, photos: a.photos?.length ?? 0 })),
      ports.clock.now(),
    )
    return { bytes, mime: XLSX_MIME, name: `${title}.xlsx` }
  })
})

const identityCells = (c: CaseDoc, identity: { name: string; phone: string } | null) =>
  identity
    ? { name: identity.name, phone: identity.phone }
    : c.privacy === 'anonymous'
      ? { name: '匿名职工', phone: '' }
      : { name: '（无权查看）', phone: '' }

const caseRow = (c: CaseDoc, facts: LedgerFactDoc[], owners: Map<string, StationDoc>, identity: { name: string; phone: string } | null): ExportCaseRow => ({
  caseNo: c.caseNo,
  createdAt: c.createdAt,
  category: CATEGORY_INFO[c.category].label,
  privacy: PRIVACY_LABEL[c.privacy],
  here: facts.map((f) => FACT_WORDS[f.kind](f)).join('、'),
  state: CASE_STATE_LABEL[c.state],
  owner: owners.get(c.ownerStationId)?.name ?? '',
  conclusion: c.conclusion ? conclusionLines({ key: c.conclusion.key, label: c.conclusion.label, ...(c.conclusion.note ? { note: c.conclusion.note } : {}) }).join('') : '',
  ...(c.conclusion?.amountRecovered !== undefined ? { amountRecovered: c.conclusion.amountRecovered } : {}),
  ...(c.conclusion?.workersPaid !== undefined ? { workersPaid: c.conclusion.workersPaid } : {}),
  rating: c.rating,
  ...identityCells(c, identity),
})

const activityItem = (a: ActivityDoc, officerId: string) => ({
  id: a._id,
  kind: a.kind,
  kindLabel: ACTIVITY_KIND_LABEL[a.kind],
  date: a.date,
  dateLabel: formatDateCn(Date.parse(`${a.date}T12:00:00+08:00`)),
  place: a.place,
  attendees: a.attendees,
  note: a.note,
  officerName: a.officerName,
  version: a._v,
  mine: a.officerId === officerId,
  photoCount: a.photos?.length ?? 0,
})

/**
 * An activity's photo, chunk by chunk, through the one checked upload (ADR 15): photos only, in the `activity`
 * area. The contract's station access has already said the caller is an officer of that station.
 */
const uploadActivityPhotoHandler = defineHandler(uploadActivityPhoto, (input, { ports, caller }) => receiveChunk(ports, caller.openid!, input, 'activity', ['photo']))

const PHOTO_GONE = '照片已失效，请删掉后重新添加'
/** A refusal of the media checks, in the words of this form and on its `photos` field. */
const asPhotoRefusal = (e: unknown): never => {
  if (e instanceof AppError && e.code === 'REQUEST_INVALID' && e.fields?.includes('media')) throw new AppError('REQUEST_INVALID', PHOTO_GONE, ['photos'])
  throw e
}

const createActivityHandler = defineHandler(createActivity, async (input, ctx) => {
  const { ports } = ctx
  const officer = ctx.officer!
  if (input.date > dateOf(ports.clock.now())) throw new AppError('REQUEST_INVALID', '活动日期不能晚于今天', ['date'])
  // Each photo the caller's own upload through `activity.upload`, named by nothing yet.
  const photos = await mediaToAttach(ports, ctx.caller.openid!, input.photos, ['photo'], 'activity').catch(asPhotoRefusal)
  return ports.store
    .transaction(async (tx) => {
      const id = ports.ids.next()
      await attachMedia(tx, photos, id)
      const saved = await tx.insert<ActivityDoc>(COLLECTIONS.activities, {
        _id: id,
        stationId: input.stationId,
        kind: input.kind,
        date: input.date,
        month: input.date.slice(0, 7),
        place: input.place,
        attendees: input.attendees,
        note: input.note,
        officerId: officer.doc._id,
        officerName: officer.doc.name,
        ...(input.photos.length ? { photos: input.photos } : {}),
        createdAt: ports.clock.now(),
      })
      const view = activityItem(saved, officer.doc._id)
      await ctx.remember(tx, view)
      return view
    })
    .catch(asPhotoRefusal)
})

/** The station's activities of a month with their photos' views: URLs only after the contract's station access. */
const listActivitiesHandler = defineHandler(listActivities, async ({ stationId, month, after, limit }, ctx) => {
  const { ports } = ctx
  const page = await ports.store.find<ActivityDoc>(COLLECTIONS.activities, { where: { stationId, month }, orderBy: { field: 'date', dir: 'desc' }, limit, after })
  const withPhotos = page.items.filter((a) => a.photos?.length)
  const views = withPhotos.length ? await mediaViewsOf(ports, withPhotos.map((a) => ({ id: a._id, media: a.photos! }))) : null
  const expiresAt = views?.expiresAt ?? ports.clock.now()
  return {
    items: page.items.map((a) => ({ ...activityItem(a, ctx.officer!.doc._id), photos: views?.byRecord.get(a._id) ?? [], photosExpireAt: expiresAt })),
    ...(page.next ? { next: page.next } : {}),
  }
})

/** The activity of this station the input names, or not found (another station's is not found either). */
const activityOf = async (ctx: HandlerContext, stationId: string, id: string) => {
  const a = await ctx.ports.store.get<ActivityDoc>(COLLECTIONS.activities, id)
  if (!a || a.stationId !== stationId) throw new AppError('ACTIVITY_NOT_FOUND')
  return a
}

const getActivityPhotosHandler = defineHandler(getActivityPhotos, async ({ stationId, id }, ctx) => mediaViews(ctx.ports, id, (await activityOf(ctx, stationId, id)).photos ?? []))

/**
 * The officer who logged an activity removes it, and its photos go with it: their records in the same
 * transaction, their files right after. To anyone else it is not theirs to remove.
 */
const removeActivityHandler = defineHandler(removeActivity, async ({ stationId, id, version }, ctx) => {
  const { ports } = ctx
  const a = await activityOf(ctx, stationId, id)
  if (a.officerId !== ctx.officer!.doc._id) throw new AppError('AUTH_FORBIDDEN', '只有登记这条活动的工作人员可以删除它')
  const removed = await ports.store.transaction(async (tx) => {
    await tx.remove(COLLECTIONS.activities, id, version)
    return detachAndRemove(tx, a.photos ?? [], id)
  })
  await removeFilesOf(ports, removed)
  return { removed: true }
})

export const LEDGER_HANDLERS: HandlersOf<typeof LEDGER_CONTRACTS> = {
  getLedger: getLedgerHandler,
  exportLedger: exportLedgerHandler,
  uploadActivityPhoto: uploadActivityPhotoHandler,
  createActivity: createActivityHandler,
  listActivities: listActivitiesHandler,
  getActivityPhotos: getActivityPhotosHandler,
  removeActivity: removeActivityHandler,
}

import {
  NOTICE_CATEGORY_LABEL,
  POLICY_NOTICE_CONTRACTS,
  createNotice,
  getManagedNotice,
  getNotice,
  getNoticeRevision,
  listManagedNotices,
  listNoticePlaces,
  listNotices,
  previewNotice,
  updateNotice,
  uploadNoticeFile,
  withdrawNotice,
  type NoticeAttachment,
} from '../../../../types/contracts/policy-notices'
import { MEDIA_WORDS } from '../../../../types/contracts/media'
import { AppError } from '../../../../types/errors'
import { NOTICE_CONTENT_HINT } from '../../domain/content-safety'
import { changeWords, NOTICE_STATUS_LABEL, noticeStatus, scheduleOf } from '../../domain/policy-notices'
import { COLLECTIONS } from '../../ports/collections'
import type { Ports } from '../../ports'
import type { Where } from '../../ports/store'
import { audit } from '../audit'
import { findAll } from '../find-all'
import { checkContent, noticeChecks, noticeContentNotice, noticeText, uncheckedMedia } from '../content-safety'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { parseNoticeBody, plainTextOf } from '../notice-body'
import { CITY_STATION_ID } from '../provision'
import type { ContentCheckDoc, MediaDoc, PolicyNoticeDoc, PolicyNoticeReadDoc, PolicyNoticeRevisionDoc, StationDoc } from '../records'
import type { TxStore } from '../../ports/store'
import { attachMedia, mediaToAttach, mediaViews, receiveChunk } from '../media'
import { adminScope, allowsStation } from '../scope'
import { getStationOr404, stationsById, summary } from '../stations'
import { timeLabel } from '../time'

// 政策宣传: a station publishes to itself and every station below it; a worker reads those of the station they
// are at and of every station above it. Heads of the station and admins above it publish (STATION_ACCESS_TABLE).

/**
 * A keyed hash of the reader for read counts and unread marks: another key than the worker key of cases
 * (the same HMAC over a different value), so what someone read cannot be joined to what they filed.
 */
export const readerKeyOf = (ports: Ports, openid: string) => ports.secrets.workerKey(`policy-notice-reader:${openid}`)

const notFound = () => new AppError('NOTICE_NOT_FOUND')

const loadNotice = async (ports: Ports, id: string): Promise<PolicyNoticeDoc> => {
  const n = await ports.store.get<PolicyNoticeDoc>(COLLECTIONS.policyNotices, id)
  if (!n) throw notFound()
  return n
}

/**
 * A notice's attachments with short-lived URLs. Only after the caller's access to the notice (live for a
 * worker; the publisher's station access for its editor): a URL is worth that access, for ten minutes.
 */
const attachmentsOf = async (ports: Ports, n: PolicyNoticeDoc): Promise<NoticeAttachment[]> => {
  const named = n.attachments ?? []
  if (!named.length) return []
  const views = new Map((await mediaViews(ports, n._id, named.map((a) => a.id))).items.map((v) => [v.id, v]))
  return named.flatMap((a) => {
    const v = views.get(a.id)
    return v && (v.kind === 'photo' || v.kind === 'document') ? [{ id: a.id, name: a.name, kind: v.kind, url: v.url }] : []
  })
}

/**
 * The attachments a create or an edit names: those the notice has already stay; new ones must be the caller's
 * own uploads (a PDF or a picture) that no record names yet. They become the notice's in its transaction.
 */
const attachmentsToSave = async (ctx: HandlerContext, named: Array<{ id: string; name: string }>, current: PolicyNoticeDoc | null) => {
  if (new Set(named.map((a) => a.id)).size !== named.length) throw new AppError('REQUEST_INVALID', MEDIA_WORDS.gone, ['attachments'])
  const kept = new Set((current?.attachments ?? []).map((a) => a.id))
  const fresh = named.filter((a) => !kept.has(a.id)).map((a) => a.id)
  let media: MediaDoc[]
  try {
    media = await mediaToAttach(ctx.ports, ctx.caller.openid!, fresh, ['photo', 'document'])
  } catch (e) {
    if (e instanceof AppError) throw new AppError(e.code, '附件已失效，请删掉后重新添加', ['attachments'])
    throw e
  }
  return { media, attach: (tx: TxStore, noticeId: string) => attachMedia(tx, media, noticeId) }
}

/** When it shows, in words, for its publisher. */
const whenLabel = (n: PolicyNoticeDoc, now: number): string => {
  const status = noticeStatus(n, now)
  switch (status) {
    case 'draft':
      return n.publishAt !== null ? `草稿，打算 ${timeLabel(n.publishAt)} 发布` : '草稿，还没有发布'
    case 'scheduled':
      return `将在 ${timeLabel(n.publishAt!)} 发布${n.expiresAt !== null ? `，${timeLabel(n.expiresAt)} 失效` : ''}`
    case 'live':
      return `${timeLabel(n.publishAt!)} 发布${n.expiresAt !== null ? `，${timeLabel(n.expiresAt)} 失效` : ''}`
    case 'expired':
      return `${timeLabel(n.expiresAt!)} 已失效`
    case 'withdrawn':
      return `${timeLabel(n.withdrawnAt ?? n.updatedAt)} 已撤回`
  }
}

const managedRow = async (ports: Ports, n: PolicyNoticeDoc, stationName: string) => {
  const now = ports.clock.now()
  const status = noticeStatus(n, now)
  return {
    id: n._id,
    title: n.title,
    category: n.category,
    categoryLabel: NOTICE_CATEGORY_LABEL[n.category],
    stationName,
    status,
    statusLabel: NOTICE_STATUS_LABEL[status],
    whenLabel: whenLabel(n, now),
    readCount: await ports.store.count(COLLECTIONS.policyNoticeReads, { noticeId: n._id }),
    updatedLabel: timeLabel(n.updatedAt),
  }
}

const saved = (n: PolicyNoticeDoc, now: number) => {
  const status = noticeStatus(n, now)
  return { id: n._id, status, statusLabel: NOTICE_STATUS_LABEL[status], whenLabel: whenLabel(n, now), version: n._v }
}

/**
 * Content security on a notice just saved (ADR 0032): its title and body as this revision has them, and the
 * pictures it carries that were not checked before (a PDF is not checkable). After the write, never refusing:
 * the publisher reads the verdict in the answer and on the notice's page, and decides; workers never see it.
 */
const checkNotice = async (ctx: HandlerContext, n: PolicyNoticeDoc) => {
  const { ports } = ctx
  const rows = await noticeChecks(ports, n._id)
  const fresh = uncheckedMedia(rows, (n.attachments ?? []).map((a) => ({ _id: a.id })))
  const media = (await Promise.all(fresh.map((a) => ports.store.get<MediaDoc>(COLLECTIONS.media, a._id)))).filter((m): m is MediaDoc => !!m)
  const writer = { as: 'officer' as const, officerId: ctx.officer!.doc._id }
  await checkContent(ports, { thing: { about: 'notice', noticeId: n._id, rev: n.rev }, text: noticeText(n), media, writer }, ctx.caller.openid)
  return noticeContentView(await noticeChecks(ports, n._id), n)
}

const noticeContentView = (rows: ContentCheckDoc[], n: PolicyNoticeDoc) => {
  const text = noticeContentNotice(rows, n)
  return text ? { text, hint: NOTICE_CONTENT_HINT } : null
}

/** The worker's list: the notices of every station on the path of the one they are at, live now, newest first. */
const listNoticesHandler = defineHandler(listNotices, async ({ stationId, category, after, limit }, { ports, caller }) => {
  const station = await getStationOr404(ports.store, stationId ?? CITY_STATION_ID)
  const now = ports.clock.now()
  const where: Where = {
    stationId: { $in: station.path },
    status: 'published',
    publishAt: { $lte: now },
    until: { $gt: now },
    ...(category ? { category } : {}),
  }
  const page = await ports.store.find<PolicyNoticeDoc>(COLLECTIONS.policyNotices, { where, orderBy: { field: 'publishAt', dir: 'desc' }, limit, after })
  const ids = page.items.map((n) => n._id)
  const read = ids.length
    ? new Set(
        (
          await ports.store.find<PolicyNoticeReadDoc>(COLLECTIONS.policyNoticeReads, {
            where: { readerKey: readerKeyOf(ports, caller.openid!), noticeId: { $in: ids } },
            limit: ids.length,
          })
        ).items.map((r) => r.noticeId),
      )
    : new Set<string>()
  const stations = await stationsById(ports.store, page.items.map((n) => n.stationId))
  return {
    station: summary(station),
    items: page.items.map((n) => ({
      id: n._id,
      title: n.title,
      category: n.category,
      categoryLabel: NOTICE_CATEGORY_LABEL[n.category],
      stationName: stations.get(n.stationId)?.name ?? '',
      publishedAt: n.publishAt!,
      publishedLabel: timeLabel(n.publishAt!),
      excerpt: plainTextOf(parseNoticeBody(n.body).blocks),
      unread: !read.has(n._id),
    })),
    ...(page.next ? { next: page.next } : {}),
  }
})

/** One live notice. The first open by a reader counts once: the read's id is made from the notice and the reader. */
const getNoticeHandler = defineHandler(getNotice, async ({ id }, { ports, caller }) => {
  const n = await loadNotice(ports, id)
  const now = ports.clock.now()
  if (noticeStatus(n, now) !== 'live') throw notFound()
  const readerKey = readerKeyOf(ports, caller.openid!)
  const readId = `${n._id}.${readerKey.slice(0, 32)}`
  if (!(await ports.store.get(COLLECTIONS.policyNoticeReads, readId))) {
    try {
      await ports.store.insert<PolicyNoticeReadDoc>(COLLECTIONS.policyNoticeReads, { _id: readId, noticeId: n._id, readerKey, at: now })
    } catch (e) {
      // Opened twice at once: the other open counted it.
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    }
  }
  const station = await ports.store.get<StationDoc>(COLLECTIONS.stations, n.stationId)
  return {
    id: n._id,
    title: n.title,
    category: n.category,
    categoryLabel: NOTICE_CATEGORY_LABEL[n.category],
    stationName: station?.name ?? '',
    publishedLabel: timeLabel(n.publishAt!),
    ...(n.editedAt ? { updatedLabel: timeLabel(n.editedAt) } : {}),
    blocks: parseNoticeBody(n.body).blocks,
    attachments: await attachmentsOf(ports, n),
  }
})

/** Stations the caller may publish at, and — for admins — the counties whose stations they may pick from. */
const listNoticePlacesHandler = defineHandler(listNoticePlaces, async (_i, { ports, officer }) => {
  const scope = await adminScope(ports, officer!)
  const ids = [...officer!.memberships.filter((m) => m.role === 'head').map((m) => m.stationId), ...scope.stations.map((s) => s.id)]
  const stations = [...(await stationsById(ports.store, ids, officer!.stations)).values()].filter((s) => allowsStation('publish_notices', s, officer!, scope))
  stations.sort((a, b) => a.path.length - b.path.length || a.sortKey.localeCompare(b.sortKey))
  const counties = scope.city
    ? (await ports.store.find<StationDoc>(COLLECTIONS.stations, { where: { kind: 'county' }, orderBy: { field: 'sortKey', dir: 'asc' }, limit: 50 })).items
    : [...(await stationsById(ports.store, scope.countyIds)).values()]
  return { places: stations.map(summary), counties: counties.map(summary) }
})

/** A station's own notices; a county's or the city's list has every notice published in it. */
const listManagedNoticesHandler = defineHandler(listManagedNotices, async ({ after, limit }, { ports, station }) => {
  const s = station!
  const where: Where = s.kind === 'city' ? {} : s.kind === 'county' ? { countyId: s._id } : { stationId: s._id }
  const page = await ports.store.find<PolicyNoticeDoc>(COLLECTIONS.policyNotices, { where, orderBy: { field: 'updatedAt', dir: 'desc' }, limit, after })
  const stations = await stationsById(ports.store, page.items.map((n) => n.stationId))
  const items = await Promise.all(page.items.map((n) => managedRow(ports, n, stations.get(n.stationId)?.name ?? '')))
  return { items, ...(page.next ? { next: page.next } : {}) }
})

const revisionsOf = (ports: Ports, noticeId: string) =>
  findAll<PolicyNoticeRevisionDoc>(ports.store, COLLECTIONS.policyNoticeRevisions, { where: { noticeId }, orderBy: { field: 'rev', dir: 'desc' } })

const revisionRow = (r: PolicyNoticeRevisionDoc) => ({ rev: r.rev, at: r.at, atLabel: timeLabel(r.at), by: r.byName, what: r.what, title: r.title })

const getManagedNoticeHandler = defineHandler(getManagedNotice, async ({ id }, { ports, station }) => {
  const n = await loadNotice(ports, id)
  return {
    ...(await managedRow(ports, n, station!.name)),
    stationId: n.stationId,
    body: n.body,
    blocks: parseNoticeBody(n.body).blocks,
    attachments: await attachmentsOf(ports, n),
    publishAt: n.publishAt,
    expiresAt: n.expiresAt,
    version: n._v,
    history: (await revisionsOf(ports, n._id)).map(revisionRow),
    contentNotice: noticeContentView(await noticeChecks(ports, n._id), n),
  }
})

type Content = Pick<PolicyNoticeDoc, 'title' | 'category' | 'body' | 'publishAt' | 'expiresAt' | 'attachments'>

const revisionOf = (n: Content & { _id: string }, rev: number, at: number, ctx: HandlerContext, what: string): Omit<PolicyNoticeRevisionDoc, '_v'> => ({
  _id: `${n._id}-r${rev}`,
  noticeId: n._id,
  rev,
  at,
  byName: ctx.officer!.doc.name,
  what,
  title: n.title,
  category: n.category,
  body: n.body,
  attachments: n.attachments ?? [],
  publishAt: n.publishAt,
  expiresAt: n.expiresAt,
})

const createNoticeHandler = defineHandler(createNotice, async ({ stationId, draft, ...content }, ctx) => {
  const { ports } = ctx
  const station = ctx.station!
  if (station.status !== 'active') throw new AppError('STATION_SUSPENDED', '这个驿站暂停服务中，不能发布政策')
  const now = ports.clock.now()
  const schedule = scheduleOf({ draft, publishAt: content.publishAt, expiresAt: content.expiresAt }, null, now)
  const files = await attachmentsToSave(ctx, content.attachments, null)
  const doc: Omit<PolicyNoticeDoc, '_v'> = {
    _id: `ntc-${ports.ids.next()}`,
    stationId,
    countyId: station.kind === 'county' ? station._id : station.countyId,
    title: content.title,
    category: content.category,
    body: content.body,
    attachments: content.attachments,
    ...schedule,
    rev: 1,
    createdAt: now,
    createdBy: ctx.officer!.doc._id,
    updatedAt: now,
    updatedBy: ctx.officer!.doc._id,
  }
  const what = changeWords(null, schedule, now)
  let stored: PolicyNoticeDoc | null = null
  const result = await ports.store.transaction(async (tx) => {
    const written = await tx.insert<PolicyNoticeDoc>(COLLECTIONS.policyNotices, doc)
    stored = written
    await files.attach(tx, written._id)
    await tx.insert<PolicyNoticeRevisionDoc>(COLLECTIONS.policyNoticeRevisions, revisionOf(written, 1, now, ctx, what))
    await audit(tx, ports, ctx.officer!.doc._id, 'notice.create', written._id, `${station.name}：${what}《${written.title}》`)
    const result = saved(written, now)
    await ctx.remember(tx, result)
    return result
  })
  const found = stored ? await checkNotice(ctx, stored) : null
  return found ? { ...result, contentNotice: found } : result
})

const updateNoticeHandler = defineHandler(updateNotice, async ({ id, version, draft, ...content }, ctx) => {
  const { ports } = ctx
  const n = await loadNotice(ports, id)
  if (n._v !== version) throw new AppError('STORE_CONFLICT', '这条政策刚刚被别人改过，下面已换成最新的内容，请核对后再保存')
  const now = ports.clock.now()
  const schedule = scheduleOf({ draft, publishAt: content.publishAt, expiresAt: content.expiresAt }, n, now)
  const files = await attachmentsToSave(ctx, content.attachments, n)
  const what = changeWords(n, schedule, now)
  // Changed while workers could read it: the page says when.
  const wasUp = noticeStatus(n, now) === 'live'
  const patch = {
    title: content.title,
    category: content.category,
    body: content.body,
    attachments: content.attachments,
    ...schedule,
    rev: n.rev + 1,
    updatedAt: now,
    updatedBy: ctx.officer!.doc._id,
    ...(wasUp ? { editedAt: now } : {}),
  }
  const written = await ports.store.transaction(async (tx) => {
    const written = await tx.update<PolicyNoticeDoc>(COLLECTIONS.policyNotices, id, version, patch)
    await files.attach(tx, id)
    await tx.insert<PolicyNoticeRevisionDoc>(COLLECTIONS.policyNoticeRevisions, revisionOf(written, written.rev, now, ctx, what))
    await audit(tx, ports, ctx.officer!.doc._id, 'notice.update', id, `${what}《${written.title}》`)
    return written
  })
  const found = await checkNotice(ctx, written)
  return { ...saved(written, now), ...(found ? { contentNotice: found } : {}) }
})

const withdrawNoticeHandler = defineHandler(withdrawNotice, async ({ id, version, reason }, ctx) => {
  const { ports } = ctx
  const n = await loadNotice(ports, id)
  if (n._v !== version) throw new AppError('STORE_CONFLICT', '这条政策刚刚被别人改过，请刷新后再试')
  if (n.status === 'withdrawn') throw new AppError('REQUEST_INVALID', '这条政策已经撤回了')
  const now = ports.clock.now()
  return ports.store.transaction(async (tx) => {
    const written = await tx.update<PolicyNoticeDoc>(COLLECTIONS.policyNotices, id, version, {
      status: 'withdrawn',
      withdrawnAt: now,
      withdrawReason: reason,
      rev: n.rev + 1,
      updatedAt: now,
      updatedBy: ctx.officer!.doc._id,
    })
    await tx.insert<PolicyNoticeRevisionDoc>(COLLECTIONS.policyNoticeRevisions, revisionOf(written, written.rev, now, ctx, `撤回：${reason}`))
    await audit(tx, ports, ctx.officer!.doc._id, 'notice.withdraw', id, `《${written.title}》：${reason}`)
    return saved(written, now)
  })
})

const previewNoticeHandler = defineHandler(previewNotice, async ({ body }) => {
  const parsed = parseNoticeBody(body)
  return { blocks: parsed.blocks, refusedLinks: [...new Set(parsed.refusedLinks)] }
})

const getNoticeRevisionHandler = defineHandler(getNoticeRevision, async ({ id, rev }, { ports }) => {
  const r = await ports.store.get<PolicyNoticeRevisionDoc>(COLLECTIONS.policyNoticeRevisions, `${id}-r${rev}`)
  if (!r || r.noticeId !== id) throw new AppError('REQUEST_INVALID', '没有找到这个版本')
  return {
    ...revisionRow(r),
    category: r.category,
    categoryLabel: NOTICE_CATEGORY_LABEL[r.category],
    blocks: parseNoticeBody(r.body).blocks,
    attachmentNames: (r.attachments ?? []).map((a) => a.name),
  }
})

/** An attachment's chunks: PDF files and pictures only (a voice note is for cases), kept in the notice area. */
const uploadNoticeFileHandler = defineHandler(uploadNoticeFile, (input, { ports, caller }) => receiveChunk(ports, caller.openid!, input, 'notice', ['photo', 'document']))

export const POLICY_NOTICE_HANDLERS: HandlersOf<typeof POLICY_NOTICE_CONTRACTS> = {
  listNotices: listNoticesHandler,
  getNotice: getNoticeHandler,
  listNoticePlaces: listNoticePlacesHandler,
  listManagedNotices: listManagedNoticesHandler,
  getManagedNotice: getManagedNoticeHandler,
  createNotice: createNoticeHandler,
  updateNotice: updateNoticeHandler,
  withdrawNotice: withdrawNoticeHandler,
  previewNotice: previewNoticeHandler,
  uploadNoticeFile: uploadNoticeFileHandler,
  getNoticeRevision: getNoticeRevisionHandler,
}

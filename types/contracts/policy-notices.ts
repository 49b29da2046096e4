import { z } from 'zod'
import { ContentNotice } from './content-safety'
import { defineContract } from '../contract'
import { Cursor, Id, PageLimit, paged } from '../values'
import { UploadChunkInput, UploadChunkOutput } from './media'
import { StationSummary } from './station'

/** 政策宣传 (DOMAIN §5): notices a station publishes to itself and every station below it. */

export const NoticeCategory = z.enum(['law', 'guide', 'case', 'campaign'])
export type NoticeCategory = z.infer<typeof NoticeCategory>
export const NOTICE_CATEGORY_LABEL: Record<NoticeCategory, string> = {
  law: '政策法规',
  guide: '经办指南',
  case: '典型案例',
  campaign: '宣传月活动',
}

/**
 * Where a link in a notice body may lead: the one allow-list of link targets. The server's parser turns a
 * link to anything else into plain text, and the pages open only what passes the same check again.
 *  - mini-program pages, each with the query keys it may carry (values are ids: letters, digits, _ and -);
 *  - web pages over https on these hosts only (the mini-program cannot open them: the page copies the address).
 */
export const NOTICE_LINK_PAGES: Readonly<Record<string, readonly string[]>> = {
  '/pages/hotlines/index': [],
  '/pages/notices/index': [],
  '/pages/notice/index': ['id'],
  '/pages/choose/index': [],
}
export const NOTICE_LINK_HOSTS: readonly string[] = [
  'www.gov.cn',
  'www.mohrss.gov.cn',
  'hrss.shandong.gov.cn',
  'www.heze.gov.cn',
  'flk.npc.gov.cn',
  'www.npc.gov.cn',
  'www.acftu.org',
]

export type NoticeLink = { to: 'page'; path: string } | { to: 'web'; url: string }

const PAGE_LINK = /^(\/pages\/[a-z-]+\/index)(?:\?([^#\s]*))?$/
const QUERY_VALUE = /^[A-Za-z0-9_-]{1,64}$/
const WEB_LINK = /^https:\/\/([a-z0-9.-]+)(\/[^\s"'<>\\]*)?$/i

/** Where a link may go, or null when it is not on the allow-list (then it shows as plain text). */
export const noticeLink = (href: string): NoticeLink | null => {
  const page = PAGE_LINK.exec(href)
  if (page) {
    const keys = NOTICE_LINK_PAGES[page[1]!]
    if (!keys) return null
    const pairs = page[2] ? page[2].split('&') : []
    for (const p of pairs) {
      const [k, v, ...rest] = p.split('=')
      if (rest.length || !k || !keys.includes(k) || !v || !QUERY_VALUE.test(v)) return null
    }
    return { to: 'page', path: href }
  }
  const web = WEB_LINK.exec(href)
  if (web && NOTICE_LINK_HOSTS.includes(web[1]!.toLowerCase())) return { to: 'web', url: href }
  return null
}

/** A run of text in a notice body: plain, bold, or a link that passed `noticeLink`. */
export const NoticeSpan = z.discriminatedUnion('t', [
  z.object({ t: z.literal('text'), text: z.string(), bold: z.boolean() }),
  z.object({ t: z.literal('page'), text: z.string(), bold: z.boolean(), path: z.string() }),
  z.object({ t: z.literal('web'), text: z.string(), bold: z.boolean(), url: z.string() }),
])
export type NoticeSpan = z.infer<typeof NoticeSpan>

/** The safe subset a body is parsed into: headings, paragraphs and lists of spans. Pages render these as components. */
export const NoticeBlock = z.discriminatedUnion('t', [
  z.object({ t: z.literal('heading'), level: z.number().int().min(1).max(3), spans: z.array(NoticeSpan) }),
  z.object({ t: z.literal('paragraph'), spans: z.array(NoticeSpan) }),
  z.object({ t: z.literal('list'), ordered: z.boolean(), items: z.array(z.array(NoticeSpan)) }),
])
export type NoticeBlock = z.infer<typeof NoticeBlock>

const Title = z.string().trim().min(4, '标题至少 4 个字').max(40, '标题最多 40 个字')
const Body = z.string().trim().min(10, '正文至少 10 个字').max(8000, '正文最多 8000 个字')
const Reason = z.string().trim().min(2, '请写明原因').max(200, '原因最多 200 个字')
const Instant = z.number().int().min(0)

/** Attachments of a notice: PDF files and pictures uploaded with `notice.upload`, each under the name people see. */
export const MAX_NOTICE_ATTACHMENTS = 9
export const NoticeAttachmentInput = z.strictObject({
  id: Id,
  name: z.string().trim().min(1, '请给附件起个名字').max(60, '附件名字最多 60 个字'),
})
export const NoticeAttachment = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(['photo', 'document']),
  /** A short-lived address to open it (handed out with the notice, after the notice's own access). */
  url: z.string(),
})
export type NoticeAttachment = z.infer<typeof NoticeAttachment>

/**
 * What a publisher writes: `publishAt` null publishes at once (or, for a draft, when it is published);
 * `expiresAt` null keeps it up until withdrawn.
 */
const NoticeFields = {
  title: Title,
  category: NoticeCategory,
  body: Body,
  publishAt: Instant.nullable(),
  expiresAt: Instant.nullable(),
  /** Kept as a draft (not shown to workers) or published (at `publishAt`). */
  draft: z.boolean(),
  attachments: z.array(NoticeAttachmentInput).max(MAX_NOTICE_ATTACHMENTS, '附件最多 9 个').default([]),
}

export const NoticeRow = z.object({
  id: Id,
  title: z.string(),
  category: NoticeCategory,
  categoryLabel: z.string(),
  stationName: z.string(),
  publishedAt: z.number(),
  publishedLabel: z.string(),
  excerpt: z.string(),
  /** This reader has not opened it yet. */
  unread: z.boolean(),
})
export type NoticeRow = z.infer<typeof NoticeRow>

/** Notices of a station and the stations above it, newest first, with this reader's unread marks. */
export const listNotices = defineContract({
  fn: 'worker',
  op: 'notice.list',
  audience: 'user',
  input: z.strictObject({
    /** Without one: the city's notices (a phone that has not been to a station yet). */
    stationId: Id.optional(),
    category: NoticeCategory.optional(),
    after: Cursor.optional(),
    limit: PageLimit,
  }),
  output: paged(NoticeRow).extend({ station: StationSummary }),
})

export const NoticeView = z.object({
  id: Id,
  title: z.string(),
  category: NoticeCategory,
  categoryLabel: z.string(),
  stationName: z.string(),
  publishedLabel: z.string(),
  /** When it was changed after publication. */
  updatedLabel: z.string().optional(),
  blocks: z.array(NoticeBlock),
  attachments: z.array(NoticeAttachment),
})

/** One published notice; opening it counts one read for this reader (once, however often they open it). */
export const getNotice = defineContract({
  fn: 'worker',
  op: 'notice.get',
  audience: 'user',
  input: z.strictObject({ id: Id }),
  output: NoticeView,
})

/** Where the caller may publish: stations they head, stations where they are an admin, and counties to pick from below. */
export const listNoticePlaces = defineContract({
  fn: 'officer',
  op: 'notice.places',
  audience: 'officer',
  input: z.strictObject({}),
  output: z.object({ places: z.array(StationSummary), counties: z.array(StationSummary) }),
})

export const NoticeStatus = z.enum(['draft', 'scheduled', 'live', 'expired', 'withdrawn'])
export type NoticeStatus = z.infer<typeof NoticeStatus>

export const ManagedNoticeRow = z.object({
  id: Id,
  title: z.string(),
  category: NoticeCategory,
  categoryLabel: z.string(),
  stationName: z.string(),
  status: NoticeStatus,
  statusLabel: z.string(),
  /** "12月1日 周二 09:00 发布", "12月5日 周六 09:00 定时发布", "还没有发布". */
  whenLabel: z.string(),
  /** How many people opened it, each counted once; never who. */
  readCount: z.number(),
  updatedLabel: z.string(),
})

/**
 * A publisher's notices: the station's own, and for a county or the city every notice published in it,
 * latest change first, with read counts.
 */
export const listManagedNotices = defineContract({
  fn: 'officer',
  op: 'notice.manageList',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, after: Cursor.optional(), limit: PageLimit }),
  output: paged(ManagedNoticeRow),
})

export const NoticeRevisionRow = z.object({ rev: z.number(), at: z.number(), atLabel: z.string(), by: z.string(), what: z.string(), title: z.string() })

/** One notice as its publisher edits it: the text, the times, the read count and every earlier version. */
export const getManagedNotice = defineContract({
  fn: 'officer',
  op: 'notice.manageGet',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'id', via: 'notice' } },
  input: z.strictObject({ id: Id }),
  output: ManagedNoticeRow.extend({
    stationId: Id,
    body: z.string(),
    blocks: z.array(NoticeBlock),
    attachments: z.array(NoticeAttachment),
    publishAt: z.number().nullable(),
    expiresAt: z.number().nullable(),
    version: z.number(),
    history: z.array(NoticeRevisionRow),
    /** Content security on the notice as it stands (ADR 0032), for its publisher only; null when nothing was found. */
    contentNotice: ContentNotice.nullable(),
  }),
})

const NoticeSaved = z.object({
  id: Id,
  status: NoticeStatus,
  statusLabel: z.string(),
  whenLabel: z.string(),
  version: z.number(),
  /** What content security found in the words or pictures just saved (ADR 0032), for the publisher; absent when nothing. Never a refusal. */
  contentNotice: ContentNotice.optional(),
})

/** Writes a new notice, as a draft or published (now or at `publishAt`). Heads of the station and admins above it. */
export const createNotice = defineContract({
  fn: 'officer',
  op: 'notice.create',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({ stationId: Id, ...NoticeFields }),
  output: NoticeSaved,
})

/** Changes a draft or a published notice with the version read; the earlier text stays in its history. */
export const updateNotice = defineContract({
  fn: 'officer',
  op: 'notice.update',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'id', via: 'notice' } },
  input: z.strictObject({ id: Id, version: z.number().int().min(1), ...NoticeFields }),
  output: NoticeSaved,
})

/** Takes a notice down for good: workers no longer see it; its history and read count stay. */
export const withdrawNotice = defineContract({
  fn: 'officer',
  op: 'notice.withdraw',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'id', via: 'notice' } },
  input: z.strictObject({ id: Id, version: z.number().int().min(1), reason: Reason }),
  output: NoticeSaved,
})

/**
 * One chunk of a notice attachment (a PDF or a picture), through the same checked upload as a case's photos
 * (ADR 15): typed from its bytes, a whole PDF without scripts, pictures stripped of their metadata. What it
 * answers at the end is an id that `notice.create` / `notice.update` then name with the attachment's name.
 */
export const uploadNoticeFile = defineContract({
  fn: 'officer',
  op: 'notice.upload',
  audience: 'officer',
  input: UploadChunkInput,
  output: UploadChunkOutput,
})

/** How a body will look, and which of its links will show as plain text. Writes nothing. */
export const previewNotice = defineContract({
  fn: 'officer',
  op: 'notice.preview',
  audience: 'officer',
  input: z.strictObject({ body: z.string().max(8000, '正文最多 8000 个字') }),
  output: z.object({ blocks: z.array(NoticeBlock), refusedLinks: z.array(z.string()) }),
})

/** One earlier version of a notice, as it read then. */
export const getNoticeRevision = defineContract({
  fn: 'officer',
  op: 'notice.revision',
  audience: 'officer',
  stationAccess: { access: 'publish_notices', from: { field: 'id', via: 'notice' } },
  input: z.strictObject({ id: Id, rev: z.number().int().min(1) }),
  output: NoticeRevisionRow.extend({ category: NoticeCategory, categoryLabel: z.string(), blocks: z.array(NoticeBlock), attachmentNames: z.array(z.string()) }),
})

/** The operations of this file by name (handlers/policy-notices.handlers.ts has one handler for each). */
export const POLICY_NOTICE_CONTRACTS = {
  listNotices,
  getNotice,
  listNoticePlaces,
  listManagedNotices,
  getManagedNotice,
  createNotice,
  updateNotice,
  withdrawNotice,
  previewNotice,
  uploadNoticeFile,
  getNoticeRevision,
} as const

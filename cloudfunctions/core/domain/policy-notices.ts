import type { NoticeStatus } from '../../../types/contracts/policy-notices'
import { AppError } from '../../../types/errors'

/**
 * The life of a policy notice (政策宣传), as pure rules: a draft; published at once or at a chosen time
 * (定时发布); live until it expires or is withdrawn. Workers see only live ones.
 */

/** `until` of a notice that never expires (9999-12-31): "not expired" is one range on one field. */
export const NEVER = 253_402_300_799_000

/** The longest a notice may be scheduled ahead. */
const MAX_AHEAD_MS = 366 * 86_400_000

export interface NoticeTimes {
  status: 'draft' | 'published' | 'withdrawn'
  publishAt: number | null
  expiresAt: number | null
}

export const noticeStatus = (n: NoticeTimes, now: number): NoticeStatus => {
  if (n.status === 'withdrawn') return 'withdrawn'
  if (n.status === 'draft') return 'draft'
  if (n.publishAt !== null && n.publishAt > now) return 'scheduled'
  if (n.expiresAt !== null && n.expiresAt <= now) return 'expired'
  return 'live'
}

export const NOTICE_STATUS_LABEL: Record<NoticeStatus, string> = {
  draft: '草稿',
  scheduled: '定时发布',
  live: '已发布',
  expired: '已过期',
  withdrawn: '已撤回',
}

export interface NoticeChange {
  draft: boolean
  publishAt: number | null
  expiresAt: number | null
}

const refuse = (message: string, field: string): never => {
  throw new AppError('REQUEST_INVALID', message, [field])
}

/**
 * What a create or an edit stores, or a refusal with the field it is about. A published notice stays
 * published (it is withdrawn, not made a draft again); a withdrawn one is not edited. A new time to publish
 * must not have passed; a published notice keeps the time it went up unless another is chosen.
 */
export const scheduleOf = (change: NoticeChange, current: NoticeTimes | null, now: number): NoticeTimes & { until: number } => {
  if (current?.status === 'withdrawn') throw new AppError('REQUEST_INVALID', '已撤回的政策不能再修改，可以重新发布一条')
  if (current?.status === 'published' && change.draft) refuse('已经发布的政策不能改回草稿；不想让职工看到，可以撤回', 'draft')
  const keptTime = current?.status === 'published' && change.publishAt === current.publishAt
  if (change.publishAt !== null && !keptTime) {
    if (change.publishAt < now - 60_000) refuse('定时发布的时间已经过了，请重新选择，或选择立即发布', 'publishAt')
    if (change.publishAt > now + MAX_AHEAD_MS) refuse('定时发布最多提前一年', 'publishAt')
  }
  // "At once": now, or for a notice already up, the time it went up.
  const alreadyUp = current?.status === 'published' && current.publishAt !== null && current.publishAt <= now ? current.publishAt : null
  const publishAt = change.draft || change.publishAt !== null ? change.publishAt : (alreadyUp ?? now)
  const from = publishAt ?? now
  if (change.expiresAt !== null && change.expiresAt <= Math.max(from, now)) refuse('失效时间要晚于发布时间和现在', 'expiresAt')
  return {
    status: change.draft ? 'draft' : 'published',
    publishAt,
    expiresAt: change.expiresAt,
    until: change.expiresAt ?? NEVER,
  }
}

/** What a change did, for the history ("新建草稿", "发布", "定时发布", "修改"). */
export const changeWords = (before: NoticeTimes | null, after: NoticeTimes, now: number): string => {
  const status = noticeStatus(after, now)
  if (!before) return status === 'draft' ? '新建草稿' : status === 'scheduled' ? '新建并定时发布' : '新建并发布'
  if (before.status === 'draft' && after.status === 'published') return status === 'scheduled' ? '定时发布' : '发布'
  return status === 'draft' ? '修改草稿' : '修改'
}

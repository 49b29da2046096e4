import { z } from 'zod'
import { defineContract } from '../contract'
import { Category, Privacy } from '../domain'
import { Cursor, Id, PageLimit, paged } from '../values'
import { InboxRow } from './case'

/**
 * The officer's inbox (工作台). Tabs:
 *  - 待受理 / 办理中 / 已办结: the cases the station owns, by state;
 *  - 转来: cases another station asks this one to take over (the other station still owns them);
 *  - 即将超期 / 已超期: the owned cases still being handled whose deadline is near or missed (domain/inbox.ts
 *    says exactly when);
 *  - 督办: open cases of lower stations that this station supervises after a missed deadline (D14).
 * A case can be in a state tab and a deadline tab at once.
 */
export const InboxTab = z.enum(['pending', 'incoming', 'active', 'soon', 'overdue', 'supervising', 'done'])
export type InboxTab = z.infer<typeof InboxTab>
export const INBOX_TAB_LABEL: Record<InboxTab, string> = {
  pending: '待受理',
  incoming: '转来',
  active: '办理中',
  soon: '即将超期',
  overdue: '已超期',
  supervising: '督办',
  done: '已办结',
}

/** 本站: this station's own cases; 全辖区: those of every station at or below it (city and county stations). */
export const InboxScope = z.enum(['station', 'subtree'])
export type InboxScope = z.infer<typeof InboxScope>
export const INBOX_SCOPE_LABEL: Record<InboxScope, string> = { station: '本站', subtree: '全辖区' }

const isDay = (v: string) => {
  const [y, m, d] = v.split('-').map(Number)
  const t = new Date(Date.UTC(y!, m! - 1, d!))
  return t.getUTCFullYear() === y && t.getUTCMonth() === m! - 1 && t.getUTCDate() === d
}
/** A calendar day in Beijing time, as a date picker gives it ("2026-11-25"). */
export const Day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式不对，请重新选择')
  .refine(isDay, '没有这一天，请重新选择')

export const ListInboxInput = z
  .strictObject({
    /** The station the officer works as (one of their memberships): role and side are that membership's. */
    stationId: Id,
    scope: InboxScope.default('station'),
    tab: InboxTab,
    /** 全辖区 only: the cases of one station at or below it (for 转来 and 督办: those waiting on or supervised by it). */
    filterStationId: Id.optional(),
    category: Category.optional(),
    privacy: Privacy.optional(),
    /** Filed on or after this day / on or before this day (Beijing time). */
    filedFrom: Day.optional(),
    filedTo: Day.optional(),
    after: Cursor.optional(),
    limit: PageLimit,
  })
  .superRefine((v, ctx) => {
    if (v.filterStationId && v.scope !== 'subtree')
      ctx.addIssue({ code: 'custom', path: ['filterStationId'], message: '按驿站筛选请先切换到全辖区' })
    if (v.filedFrom && v.filedTo && v.filedFrom > v.filedTo)
      ctx.addIssue({ code: 'custom', path: ['filedTo'], message: '结束日期不能早于开始日期' })
  })
export type ListInboxInput = z.infer<typeof ListInboxInput>

/** Tab counts are capped at this figure when they have to be counted by a query (a filing-date filter): 「99+」. */
export const INBOX_COUNT_CAP = 100

export const listInbox = defineContract({
  fn: 'officer',
  op: 'inbox.list',
  audience: 'officer',
  // A member of the station; for 全辖区 also a city or county station; a station filter lies below it.
  stationAccess: {
    access: (i) => (i.scope === 'subtree' ? ['member', 'subtree'] : 'member'),
    from: { field: 'stationId' },
    within: { field: 'filterStationId' },
  },
  input: ListInboxInput,
  output: paged(InboxRow).extend({
    /** Every tab's count under the same scope and filters, on the first page (none when `after` is given). */
    counts: z.record(InboxTab, z.number()).optional(),
    /** The same, as the tabs show them: 「99+」 for a count that reached the cap. */
    countLabels: z.record(InboxTab, z.string()).optional(),
  }),
})

export const InboxFilterStation = z.object({ id: Id, name: z.string(), kindLabel: z.string() })

/** What the inbox's filters may offer this membership: the stations of 全辖区, the categories, the privacy tracks it sees. */
export const inboxFilters = defineContract({
  fn: 'officer',
  op: 'inbox.filters',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: z.object({
    /** This station first, then every station below it, for 全辖区; empty where 全辖区 is not offered. */
    stations: z.array(InboxFilterStation),
    categories: z.array(z.object({ value: Category, label: z.string() })),
    /** Only the tracks this membership's side may see (D8a: the employer side sees 公开 only). */
    privacies: z.array(z.object({ value: Privacy, label: z.string() })),
  }),
})

/** The operations of this file by name (handlers/inbox.handlers.ts has one handler for each). */
export const INBOX_CONTRACTS = { listInbox, inboxFilters } as const

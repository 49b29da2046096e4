import type { PublicBlacklistEntry } from '../../../types/contracts/arrears'
import { listingEnded } from '../domain/arrears'
import { dateOf } from '../domain/periods'
import { formatDateTimeCn } from '../domain/working-time'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Store, TxStore } from '../ports/store'
import { audit } from './audit'
import { findAll } from './find-all'
import type { BlacklistDoc, CaseEmployer } from './records'

/**
 * 欠薪黑名单 (DOMAIN §6, ADR 0023): the public list shows exactly what a decision publishes — the subject's name
 * and 统一社会信用代码, the document number and date, the reason and the listing period — and nothing of who
 * entered it or why one was removed. Expiry is the sweep's; reads also leave out a listing past its last day.
 */

export const blacklistPublicView = (d: BlacklistDoc): PublicBlacklistEntry => ({
  id: d._id,
  subjectName: d.subjectName,
  uscc: d.uscc,
  docNo: d.docNo,
  decidedOn: d.decidedOn,
  reason: d.reason,
  listedFrom: d.listedFrom,
  listedUntil: d.listedUntil,
})

const STATUS_LABEL: Record<BlacklistDoc['status'], string> = { listed: '列入中', expired: '已到期移出', removed: '已提前移出' }

export const blacklistAdminView = (d: BlacklistDoc) => ({
  ...blacklistPublicView(d),
  version: d._v,
  status: d.status,
  statusLabel: STATUS_LABEL[d.status],
  createdByName: d.createdByName,
  endedLabel: d.endedAt ? formatDateTimeCn(d.endedAt) : null,
  removedReason: d.removedReason ?? null,
})

const PAGE = 20

/**
 * The public list, newest decision first. Without words: one indexed page. With words: the name contains them
 * or the code starts with them, over the listed entries (a list of decisions, hundreds at most), paged by offset.
 */
export const searchListed = async (store: Store, q: string, after: string | undefined, now: number): Promise<{ items: BlacklistDoc[]; next?: string; total: number }> => {
  const live = (d: BlacklistDoc) => !listingEnded(d.listedUntil, now)
  const words = q.trim()
  if (!words) {
    const page = await store.find<BlacklistDoc>(COLLECTIONS.blacklist, { where: { status: 'listed' }, orderBy: { field: 'decidedOn', dir: 'desc' }, limit: PAGE, after })
    const total = await store.count(COLLECTIONS.blacklist, { status: 'listed' })
    return { items: page.items.filter(live), total, ...(page.next ? { next: page.next } : {}) }
  }
  const code = words.toUpperCase()
  const all = (await findAll<BlacklistDoc>(store, COLLECTIONS.blacklist, { where: { status: 'listed' }, orderBy: { field: 'decidedOn', dir: 'desc' } })).filter(live)
  const hits = all.filter((d) => d.subjectName.includes(words) || d.uscc.startsWith(code))
  const from = after && /^o:\d+$/.test(after) ? Number(after.slice(2)) : 0
  const items = hits.slice(from, from + PAGE)
  return { items, total: hits.length, ...(from + PAGE < hits.length ? { next: `o:${from + PAGE}` } : {}) }
}

/** The listing a new case's employer is under, by its code, else by its name's key; null when none. */
export const listedEmployer = async (store: Store | TxStore, employer: CaseEmployer | undefined, now: number): Promise<BlacklistDoc | null> => {
  if (!employer) return null
  const s = store as Store
  const byCode = employer.uscc ? (await s.find<BlacklistDoc>(COLLECTIONS.blacklist, { where: { uscc: employer.uscc, status: 'listed' }, limit: 5 })).items : []
  const byName = !byCode.length && employer.key ? (await s.find<BlacklistDoc>(COLLECTIONS.blacklist, { where: { nameKey: employer.key, status: 'listed' }, limit: 5 })).items : []
  return [...byCode, ...byName].find((d) => !listingEnded(d.listedUntil, now)) ?? null
}

/** The sweep: listings past their last day leave the list, each with an audit row. Returns how many (or would). */
export const expireBlacklist = async (ports: Ports, now: number, dryRun: boolean): Promise<number> => {
  // A listing whose last day is before today (Shanghai) has ended.
  const due = await findAll<BlacklistDoc>(ports.store, COLLECTIONS.blacklist, { where: { status: 'listed', listedUntil: { $lt: dateOf(now) } }, orderBy: { field: 'listedUntil', dir: 'asc' } })
  if (dryRun) return due.length
  let n = 0
  for (const d of due) {
    await ports.store.transaction(async (tx) => {
      const fresh = await tx.get<BlacklistDoc>(COLLECTIONS.blacklist, d._id)
      if (!fresh || fresh.status !== 'listed') return
      await tx.update<BlacklistDoc>(COLLECTIONS.blacklist, d._id, fresh._v, { status: 'expired', endedAt: now })
      await audit(tx, ports, 'sweep', 'blacklist.expire', d._id, `${d.subjectName}（${d.uscc}，${d.docNo}）列入期限 ${d.listedFrom} 至 ${d.listedUntil} 届满，自动移出`)
      n += 1
    })
  }
  return n
}

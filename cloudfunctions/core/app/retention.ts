import { AppError } from '../../../types/errors'
import {
  DEFAULT_RETENTION,
  erasedCase,
  isFinished,
  retentionCutoff,
  type ErasedHow,
  type RetentionPolicy,
} from '../domain/retention'
import { formatDateCn } from '../domain/working-time'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Store, StoredDoc, TxStore, Where } from '../ports/store'
import { audit } from './audit'
import { writeCase } from './case-write'
import { removeMedia } from './media'
import type { CaseDoc, ClaimDoc, JobDoc, MediaDoc, OutboxDoc } from './records'

/**
 * Erasing the identity of finished cases (ADR 0020): after the retention period (the sweep), or at once when
 * the worker asks in 我的数据. One function erases a case, whatever the reason, in an order that a crash cannot
 * break: the case's photos and voice notes (records, then bytes) and the reminders sent to its worker first,
 * then the case itself through the one case writer, which keeps every counter as it was. A case erased once
 * is never looked at again.
 */

export const RETENTION_DOC_ID = 'retention-policy'
/** The day the retention pass last finished, so the timer runs it once a day (and goes on when its budget ran out). */
export const RETENTION_RUN_DOC_ID = 'retention-run'

export interface RetentionDoc extends StoredDoc, RetentionPolicy {
  updatedAt: number
  updatedBy: string
}

interface RetentionRunDoc extends StoredDoc {
  day: string
  complete: boolean
}

export const readRetentionDoc = (store: Store | TxStore) => store.get<RetentionDoc>(COLLECTIONS.settings, RETENTION_DOC_ID)
export const retentionOf = (doc: RetentionDoc | null): RetentionPolicy => (doc ? { years: doc.years } : DEFAULT_RETENTION)
export const loadRetention = async (store: Store | TxStore): Promise<RetentionPolicy> => retentionOf(await readRetentionDoc(store))

/** "3 年" and the date before which a closure is past it, in words. */
export const retentionWords = (policy: RetentionPolicy) => `结案后保存 ${policy.years} 年`

/** Finished cases past retention and not erased yet, oldest closure first (terminal cases sort by closure). */
const pastRetention = (cutoff: number): Where => ({ ownTab: 'done', erasedAt: null, ownSort: { $lt: cutoff } })
const PAGE = 50

/** What erasing one case removed: the case, and its photos and voice notes. */
export interface Erased {
  cases: number
  media: number
}

/**
 * Erases the identity of one finished case (see the file's comment). Returns what it removed; a case already
 * erased, or not finished, is left as it is (0 cases). Idempotent: run again after a crash, it finishes the job.
 */
export const eraseCase = async (ports: Ports, caseId: string, how: ErasedHow): Promise<Erased> => {
  const c = await ports.store.get<CaseDoc>(COLLECTIONS.cases, caseId)
  if (!c || c.erasedAt !== undefined || !isFinished(c.state)) return { cases: 0, media: 0 }
  const media = await removeCaseMedia(ports, c._id)
  await removeWorkerReminders(ports, c)
  const now = ports.clock.now()
  const done = await ports.store.transaction(async (tx) => {
    const fresh = await tx.get<CaseDoc>(COLLECTIONS.cases, caseId)
    if (!fresh || fresh.erasedAt !== undefined || !isFinished(fresh.state)) return false
    await writeCase(tx, fresh, erasedCase(fresh, now, how))
    // A claimed case's code remembers the worker key it was claimed with: that goes too.
    const claim = await tx.get<ClaimDoc>(COLLECTIONS.claims, fresh.caseNo)
    if (claim?.usedByKey !== undefined) await tx.update<ClaimDoc>(COLLECTIONS.claims, claim._id, claim._v, { usedByKey: undefined })
    return true
  })
  return { cases: done ? 1 : 0, media }
}

/** The case's photos and voice notes: the record first (nothing names the bytes then), then the bytes and thumbnail. */
const removeCaseMedia = async (ports: Ports, caseId: string): Promise<number> => {
  let removed = 0
  for (;;) {
    const page = await ports.store.find<MediaDoc>(COLLECTIONS.media, { where: { caseId }, orderBy: { field: 'createdAt', dir: 'asc' }, limit: 100 })
    if (!page.items.length) return removed
    for (const m of page.items) if (await removeMedia(ports, m)) removed += 1
  }
}

/** The reminders the case sent (or would send) to its worker's WeChat: they hold the openid. Officers' rows stay. */
const removeWorkerReminders = async (ports: Ports, c: CaseDoc) => {
  if (!c.workerOpenid) return
  const rows = await ports.store.find<OutboxDoc>(COLLECTIONS.outbox, { where: { caseId: c._id }, limit: 1000 })
  for (const r of rows.items) if (r.to === c.workerOpenid) await ports.store.remove(COLLECTIONS.outbox, r._id, r._v).catch(() => undefined)
}

/** How many finished cases, and how many of their photos and voice notes, are past retention now (no writes). */
export const planRetention = async (ports: Ports, now: number, policy: RetentionPolicy, budgetMs = 10_000) => {
  const started = performance.now()
  const cutoff = retentionCutoff(now, policy)
  let cases = 0
  let media = 0
  let complete = true
  let after: string | undefined
  do {
    const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: pastRetention(cutoff), orderBy: { field: 'ownSort', dir: 'asc' }, limit: 200, after })
    for (const c of page.items) {
      cases += 1
      media += c.media?.length ?? 0
    }
    after = page.next
    if (after && performance.now() - started > budgetMs) {
      complete = false
      break
    }
  } while (after)
  return { cases, media, complete, cutoff }
}

const shanghaiDay = (ms: number) => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10)

export interface RetentionPass {
  /** Whether the pass ran (once a day, and again while it has not finished). */
  ran: boolean
  cases: number
  media: number
  complete: boolean
}

/**
 * The sweep's retention pass: once a Shanghai day (and on the next runs while it has not finished), page by
 * page within the budget, erases what is past retention, and writes one audit row for the run. A dry run
 * counts what it would erase and writes nothing.
 */
export const retentionPass = async (ports: Ports, now: number, dryRun: boolean, budgetMs: number): Promise<RetentionPass> => {
  if (dryRun) {
    const plan = await planRetention(ports, now, await loadRetention(ports.store), budgetMs)
    return { ran: false, cases: plan.cases, media: plan.media, complete: plan.complete }
  }
  // Most runs of the day: one read, and done.
  const day = shanghaiDay(now)
  const state = await ports.store.get<RetentionRunDoc>(COLLECTIONS.settings, RETENTION_RUN_DOC_ID)
  if (state?.day === day && state.complete) return { ran: false, cases: 0, media: 0, complete: true }
  const policy = await loadRetention(ports.store)
  const started = performance.now()
  const cutoff = retentionCutoff(now, policy)
  const out = { cases: 0, media: 0 }
  let complete = true
  let tried = 0
  pages: for (;;) {
    // Erased cases leave the query, so each page is read from the start.
    const page = await ports.store.find<CaseDoc>(COLLECTIONS.cases, { where: pastRetention(cutoff), orderBy: { field: 'ownSort', dir: 'asc' }, limit: PAGE })
    let progressed = false
    for (const c of page.items) {
      // At least one case a run, so a busy deadline pass never stops erasure altogether.
      if (tried > 0 && performance.now() - started > budgetMs) {
        complete = false
        break pages
      }
      tried += 1
      const e = await eraseCase(ports, c._id, 'retention')
      out.cases += e.cases
      out.media += e.media
      if (e.cases) progressed = true
    }
    // The last page, or one whose cases someone else changed meanwhile: the next run looks again.
    if (page.items.length < PAGE) break
    if (!progressed) {
      complete = false
      break
    }
  }
  await ports.store.transaction(async (tx) => {
    const fresh = await tx.get<RetentionRunDoc>(COLLECTIONS.settings, RETENTION_RUN_DOC_ID)
    if (fresh) await tx.update<RetentionRunDoc>(COLLECTIONS.settings, RETENTION_RUN_DOC_ID, fresh._v, { day, complete })
    else await tx.insert<RetentionRunDoc>(COLLECTIONS.settings, { _id: RETENTION_RUN_DOC_ID, day, complete })
    await audit(tx, ports, 'system', 'retention.run', day, runDetail(policy, cutoff, out, complete))
  })
  return { ran: true, ...out, complete }
}

/** The audit row of a run, in words: what was erased, under which period, and whether it finished. */
export const runDetail = (policy: RetentionPolicy, cutoff: number, out: Erased, complete: boolean) =>
  `${retentionWords(policy)}：结案早于 ${new Date(cutoff + 8 * 3600_000).getUTCFullYear()}年${formatDateCn(cutoff)} 的诉求，删除了 ${out.cases} 条的身份信息和 ${out.media} 个照片录音${complete ? '' : '（没有做完，下次接着做）'}`

/** A worker's exports (我的数据) hold their identity: kept a day, then removed with their file by the sweep. */
export const EXPORT_KEPT_MS = 24 * 3600_000
export const MYDATA_EXPORT_KIND = 'mydata.export'

/** Removes exports older than a day (a page per run). */
export const removeOldExports = async (ports: Ports, now: number, dryRun: boolean): Promise<number> => {
  const page = await ports.store.find<JobDoc>(COLLECTIONS.jobs, {
    where: { kind: MYDATA_EXPORT_KIND, createdAt: { $lt: now - EXPORT_KEPT_MS } },
    orderBy: { field: 'createdAt', dir: 'asc' },
    limit: 100,
  })
  if (dryRun) return page.items.length
  for (const j of page.items) await removeJob(ports, j)
  return page.items.length
}

export const removeJob = async (ports: Ports, j: JobDoc) => {
  try {
    await ports.store.remove(COLLECTIONS.jobs, j._id, j._v)
  } catch (e) {
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return
    throw e
  }
  if (j.fileId) await ports.files.remove(j.fileId)
}

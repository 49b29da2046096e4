import {
  DATA_PROTECTION_CONTRACTS,
  eraseMyData,
  exportMyData,
  getMyData,
  getRetention,
  getRetentionWords,
  previewRetention,
  setRetention,
} from '../../../../types/contracts/data-protection'
import { AppError } from '../../../../types/errors'
import { DEFAULT_RETENTION, retentionCutoff, type RetentionPolicy } from '../../domain/retention'
import { formatDateCn } from '../../domain/working-time'
import type { Ports } from '../../ports'
import { COLLECTIONS } from '../../ports/collections'
import { audit } from '../audit'
import { defineHandler, type HandlersOf } from '../handler'
import { runJob } from '../jobs'
import { myDataWorkbook } from '../my-data-export'
import { casesOfWorker, collectMyData } from '../my-data'
import type { AuditDoc, JobDoc } from '../records'
import {
  eraseCase,
  MYDATA_EXPORT_KIND,
  planRetention,
  readRetentionDoc,
  removeJob,
  RETENTION_DOC_ID,
  retentionOf,
  retentionWords,
  type RetentionDoc,
} from '../retention'
import { XLSX_MIME } from '../survey-export'
import { timeLabel } from '../time'
import { isFinished } from '../../domain/retention'
import { readerKeyOf } from './policy-notices.handlers'
import { findAll } from '../find-all'

// The operations of contracts/data-protection.ts (ADR 0020).

const dayWords = (ms: number) => `${new Date(ms + 8 * 3600_000).getUTCFullYear()}年${formatDateCn(ms).split(' ')[0]}`

const retentionView = async (ports: Ports, doc: RetentionDoc | null) => {
  const policy = retentionOf(doc)
  const runs = await ports.store.find<AuditDoc>(COLLECTIONS.auditLog, { where: { what: 'retention.run' }, orderBy: { field: 'at', dir: 'desc' }, limit: 10 })
  return {
    years: policy.years,
    defaultYears: DEFAULT_RETENTION.years,
    isDefault: !doc,
    version: doc?._v ?? 0,
    words: retentionWords(policy),
    runs: runs.items.map((r) => ({ at: r.at, atLabel: timeLabel(r.at), detail: r.detail })),
  }
}

const getRetentionHandler = defineHandler(getRetention, async (_i, { ports }) => retentionView(ports, await readRetentionDoc(ports.store)))

const setRetentionHandler = defineHandler(setRetention, async ({ version, years }, ctx) => {
  const { store, clock } = ctx.ports
  const doc = await readRetentionDoc(store)
  if ((doc?._v ?? 0) !== version) throw new AppError('STORE_CONFLICT')
  const before = retentionOf(doc)
  const by = ctx.officer!.doc._id
  const fields = { years, updatedAt: clock.now(), updatedBy: by }
  const saved = await store.transaction(async (tx) => {
    const written = doc
      ? await tx.update<RetentionDoc>(COLLECTIONS.settings, RETENTION_DOC_ID, version, fields)
      : await tx.insert<RetentionDoc>(COLLECTIONS.settings, { _id: RETENTION_DOC_ID, ...fields })
    await audit(tx, ctx.ports, by, 'retention.set', RETENTION_DOC_ID, before.years === years ? '没有改动' : `保存期限 ${before.years} 年 → ${years} 年`)
    return written
  })
  return retentionView(ctx.ports, saved)
})

/** The dry run: counts only, for the period given or in force. */
const previewRetentionHandler = defineHandler(previewRetention, async ({ years }, { ports }) => {
  const policy: RetentionPolicy = years ? { years } : retentionOf(await readRetentionDoc(ports.store))
  const now = ports.clock.now()
  const plan = await planRetention(ports, now, policy)
  const cutoffLabel = dayWords(retentionCutoff(now, policy))
  const atLeast = plan.complete ? '' : '至少 '
  return {
    years: policy.years,
    cases: plan.cases,
    files: plan.media,
    cutoffLabel,
    complete: plan.complete,
    sentence:
      plan.cases === 0
        ? `按${retentionWords(policy)}，现在没有到期的诉求：${cutoffLabel}以前结束的诉求都已删除身份信息`
        : `按${retentionWords(policy)}，今天会删除 ${atLeast}${plan.cases} 条诉求（${cutoffLabel}以前结束）的姓名、电话和微信关联，以及 ${atLeast}${plan.media} 个照片录音；统计数字不变`,
  }
})

const getMyDataHandler = defineHandler(getMyData, async (_i, { ports, caller }) => collectMyData(ports, caller.openid!, readerKeyOf(ports, caller.openid!)))

const exportMyDataHandler = defineHandler(exportMyData, async ({ jobId }, { ports, caller }) => {
  const openid = caller.openid!
  const now = ports.clock.now()
  const stamp = new Date(now + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '')
  return runJob(ports, { jobId, openid, kind: MYDATA_EXPORT_KIND, title: '我的数据', total: 1 }, async (progress) => {
    const data = await collectMyData(ports, openid, readerKeyOf(ports, openid), (done, total) => progress(done, total + 1))
    const bytes = await myDataWorkbook(data, timeLabel(now))
    await progress(data.cases.length + 1, data.cases.length + 1)
    return { bytes, mime: XLSX_MIME, name: `我的数据_${stamp}.xlsx` }
  })
})

/**
 * Deletes the identity on the caller's finished cases at once, and their exports; cases still being handled
 * are left as they are. One audit row names the cases (by number) and what went, never who.
 */
const eraseMyDataHandler = defineHandler(eraseMyData, async (_i, ctx) => {
  const { ports, caller } = ctx
  const openid = caller.openid!
  const cases = await casesOfWorker(ports, openid)
  let erased = 0
  let files = 0
  const numbers: string[] = []
  for (const c of cases.filter((x) => isFinished(x.state))) {
    const e = await eraseCase(ports, c._id, 'worker')
    erased += e.cases
    files += e.media
    if (e.cases) numbers.push(c.caseNo)
  }
  const kept = cases.filter((x) => !isFinished(x.state)).length
  const exports = await findAll<JobDoc>(ports.store, COLLECTIONS.jobs, { where: { ownerKey: ports.secrets.workerKey(openid), kind: MYDATA_EXPORT_KIND }, orderBy: { field: 'createdAt', dir: 'asc' } })
  for (const j of exports) await removeJob(ports, j)
  const sentence =
    (erased ? `已删除 ${erased} 条已结束诉求的姓名、电话和微信关联${files ? `，以及 ${files} 个照片录音` : ''}` : '没有已结束的诉求需要删除') +
    (kept ? `；${kept} 条办理中的诉求没有删除，办完或撤回后可以再来删除` : '')
  const result = { erased, files, kept, sentence }
  await ports.store.transaction(async (tx) => {
    if (erased) await audit(tx, ports, 'worker', 'mydata.erase', numbers.join(','), `职工在“我的数据”里删除了 ${erased} 条已结束诉求的身份信息和 ${files} 个照片录音`)
    await ctx.remember(tx, result)
  })
  return result
})

const getRetentionWordsHandler = defineHandler(getRetentionWords, async (_i, { ports }) => {
  const policy = retentionOf(await readRetentionDoc(ports.store))
  return {
    years: policy.years,
    sentence: `已结束的诉求（已结案、已撤回或已转外部机构）${retentionWords(policy)}，到期后删除姓名、电话、微信关联、照片和录音，只留下不含身份的办理记录和统计数字。`,
  }
})

export const DATA_PROTECTION_HANDLERS: HandlersOf<typeof DATA_PROTECTION_CONTRACTS> = {
  getRetention: getRetentionHandler,
  setRetention: setRetentionHandler,
  previewRetention: previewRetentionHandler,
  getMyData: getMyDataHandler,
  exportMyData: exportMyDataHandler,
  eraseMyData: eraseMyDataHandler,
  getRetentionWords: getRetentionWordsHandler,
}

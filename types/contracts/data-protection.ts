import { z } from 'zod'
import { defineContract } from '../contract'
import { CaseState, Category, Privacy } from '../domain'
import { Id } from '../values'
import { JobId, JobView } from './jobs'

/**
 * Data protection (个人信息保护法, ADR 0020): how long a finished case keeps who filed it (city admins set it;
 * the timer erases what is past it), and a worker's own data (我的数据): everything kept about them, an export,
 * and deleting the identity on their finished cases.
 */

export const RetentionYears = z.number().int('请填写整数年').min(1, '至少保存 1 年').max(30, '最多保存 30 年')

export const RetentionView = z.object({
  years: RetentionYears,
  defaultYears: z.number(),
  isDefault: z.boolean(),
  version: z.number(),
  /** "结案后保存 3 年". */
  words: z.string(),
  /** The last runs of the timer's erasure (newest first), in words. */
  runs: z.array(z.object({ at: z.number(), atLabel: z.string(), detail: z.string() })),
})

/** The retention period and the last runs. City admins only. */
export const getRetention = defineContract({ fn: 'admin', op: 'retention.get', audience: 'admin', stationAccess: { access: 'city_admin' }, input: z.strictObject({}), output: RetentionView })

/** Changes the retention period (audited, before → after). It applies from the timer's next run. */
export const setRetention = defineContract({
  fn: 'admin',
  op: 'retention.set',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ version: z.number().int().min(0), years: RetentionYears }),
  output: RetentionView,
})

export const RetentionPreview = z.object({
  years: z.number(),
  /** Cases whose identity would be erased, and their photos and voice notes. */
  cases: z.number().int().nonnegative(),
  files: z.number().int().nonnegative(),
  /** Closed before this date (in words, "2023年11月25日"). */
  cutoffLabel: z.string(),
  /** False when there were too many to count within the time allowed: the figures are then "at least". */
  complete: z.boolean(),
  /** The sentence the page shows. */
  sentence: z.string(),
})

/** 试运行: what erasure would remove today under a period (the one in force unless given). Writes nothing. */
export const previewRetention = defineContract({
  fn: 'admin',
  op: 'retention.preview',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ years: RetentionYears.optional() }),
  output: RetentionPreview,
})

/** One of the worker's cases as kept, identity fields as stored. */
export const MyDataCase = z.object({
  id: Id,
  caseNo: z.string(),
  category: Category,
  categoryLabel: z.string(),
  state: CaseState,
  stateLabel: z.string(),
  privacy: Privacy,
  /** The choice the worker made about who may see their name and phone, in words (their consent). */
  consent: z.string(),
  stationName: z.string(),
  createdLabel: z.string(),
  closedLabel: z.string().nullable(),
  /** As stored: null when none is kept (anonymous, or erased). */
  name: z.string().nullable(),
  phone: z.string().nullable(),
  /** Whether the WeChat identity is kept for reminders (an openid; shown as a yes/no, never the value). */
  wechatKept: z.boolean(),
  employerName: z.string().nullable(),
  description: z.string(),
  amountOwed: z.number().nullable(),
  /** What the worker wrote on the case after filing (补充情况, 没解决的说明, …), oldest first. */
  messages: z.array(z.object({ atLabel: z.string(), text: z.string() })),
  /** Photos and voice notes kept with it. */
  files: z.array(z.object({ kind: z.enum(['photo', 'voice', 'document']), kindLabel: z.string(), sizeLabel: z.string(), createdLabel: z.string() })),
  /** 代为登记: the claim code this worker used for it (the code itself is never kept). */
  claimedLabel: z.string().nullable(),
  /** Finished: deleting erases its identity at once. Otherwise `deletionNote` says what deleting would mean. */
  erasable: z.boolean(),
  deletionNote: z.string().nullable(),
})
export type MyDataCase = z.infer<typeof MyDataCase>

export const MyDataView = z.object({
  cases: z.array(MyDataCase),
  /** Reminders sent (or waiting) to the worker's WeChat, newest first. */
  reminders: z.array(z.object({ atLabel: z.string(), what: z.string(), caseNo: z.string(), statusLabel: z.string() })),
  /** Satisfaction surveys answered: a count only, with why there is no more. */
  surveys: z.object({ answered: z.number(), note: z.string() }),
  /** Policy notices opened: a count only. */
  noticesRead: z.number(),
  /** Consents not tied to a case (camera, album, microphone; reminders), where they are kept. */
  consents: z.array(z.string()),
  /** How long finished cases keep the identity ("结案后保存 3 年…"). */
  retention: z.string(),
  /** Finished cases that still hold identity: what 删除 would erase. */
  erasable: z.number(),
  /** Cases still being handled: what 删除 leaves. */
  open: z.number(),
})
export type MyDataView = z.infer<typeof MyDataView>

/** 我的 → 我的数据: everything kept about the caller. */
export const getMyData = defineContract({ fn: 'worker', op: 'mydata.get', audience: 'user', input: z.strictObject({}), output: MyDataView })

/** The same as a spreadsheet, as a job (D35): the file through Files, kept a day. */
export const exportMyData = defineContract({ fn: 'worker', op: 'mydata.export', audience: 'user', input: z.strictObject({ jobId: JobId }), output: JobView })

/**
 * Deletes the identity on the caller's finished cases at once (name, phone, WeChat link, photos and voice
 * notes, exports); cases still being handled are left, and counted in the answer. `confirm` is the page's
 * confirmation dialog.
 */
export const eraseMyData = defineContract({
  fn: 'worker',
  op: 'mydata.erase',
  audience: 'user',
  idempotent: true,
  input: z.strictObject({ confirm: z.literal(true, { error: '请先确认要删除' }) }),
  output: z.object({ erased: z.number(), files: z.number(), kept: z.number(), sentence: z.string() }),
})

/** The privacy policy's sentence on retention, as in force (the page reads it). */
export const getRetentionWords = defineContract({
  fn: 'worker',
  op: 'retention.words',
  audience: 'user',
  input: z.strictObject({}),
  output: z.object({ years: z.number(), sentence: z.string() }),
})

/** The operations of this file by name (handlers/data-protection.handlers.ts has one handler for each). */
export const DATA_PROTECTION_CONTRACTS = { getRetention, setRetention, previewRetention, getMyData, exportMyData, eraseMyData, getRetentionWords } as const

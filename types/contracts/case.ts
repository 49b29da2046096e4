import { z } from 'zod'
import { defineContract } from '../contract'
import { CaseChannel, Category, CaseState, CLOCK_NAMES, Privacy, RouteReason, StationKind } from '../domain'
import { EMPLOYER_OPTIONAL_FOR, EMPLOYER_REQUIRED, EmployerInput, EmployerView } from '../employer'
import { MEDIA_LIMITS, MediaRef } from './media'
import { ContentNotice } from './content-safety'
import { Amount, Cursor, Description, Id, PageLimit, PersonName, Phone, paged } from '../values'

export const Contact = z.strictObject({ name: PersonName, phone: Phone })

/**
 * The rules across a case's fields, however it is filed (by the worker, or by an officer for them: 代为登记,
 * `types/contracts/intake.ts`).
 */
export const refineCaseFacts = (
  v: { privacy: z.infer<typeof Privacy>; contact?: unknown; employer?: unknown; category: z.infer<typeof Category> },
  ctx: z.RefinementCtx,
) => {
  if (v.privacy === 'anonymous' && v.contact) ctx.addIssue({ code: 'custom', path: ['contact'], message: '匿名反映不需要填写姓名和电话' })
  if (v.privacy !== 'anonymous' && !v.contact) ctx.addIssue({ code: 'custom', path: ['contact'], message: '请留下姓名和电话，方便驿站联系你' })
  if (!v.employer && !EMPLOYER_OPTIONAL_FOR.includes(v.category)) ctx.addIssue({ code: 'custom', path: ['employer'], message: EMPLOYER_REQUIRED })
}

export const SubmitCaseInput = z
  .strictObject({
    stationId: Id,
    /** How the worker reached the station: by its QR poster or by choosing county → station. */
    channel: z.enum(['qr', 'chosen']).default('qr'),
    category: Category,
    description: Description,
    amountOwed: Amount.optional(),
    /** A registered construction project, for wage arrears (工程项目). */
    projectId: Id.optional(),
    workersAffected: z.number().int().min(1).max(100_000).default(1),
    aboutOwnEmployer: z.boolean(),
    /** Who it is against (ADR 0011): required except for a policy question; 「不清楚单位全称」 is an answer. */
    employer: EmployerInput.optional(),
    privacy: Privacy,
    /** Required unless anonymous; refused when anonymous (nothing identifying is stored). */
    contact: Contact.optional(),
    /** Photos and voice notes uploaded for this form (`media.upload`), by media id, in the order added. */
    media: z.array(Id).max(MEDIA_LIMITS.photos + MEDIA_LIMITS.voices, `最多 ${MEDIA_LIMITS.photos} 张照片和 ${MEDIA_LIMITS.voices} 段录音`).optional(),
  })
  .superRefine(refineCaseFacts)

/** What a deadline looks like to a person (computed on the server, D30): the label names its clock (D33). */
export const Deadline = z.object({
  at: z.number(),
  /** Which clock it is (受理, 办结, 确认 …). */
  clock: z.enum(CLOCK_NAMES),
  /** "明天 10:44 前受理", "3 个工作日内办结", "7 个工作日内不确认将自动结案", "受理已超期 2 个工作小时". */
  label: z.string(),
  overdue: z.boolean(),
})

export const submitCase = defineContract({
  fn: 'worker',
  op: 'case.submit',
  audience: 'user',
  idempotent: true,
  rateLimit: 'file',
  input: SubmitCaseInput,
  output: z.object({
    id: Id,
    caseNo: z.string(),
    ownerStationName: z.string(),
    privacy: Privacy,
    /** "1 个工作日内受理" */
    acceptPromise: z.string(),
    acceptDue: Deadline,
    /** Why routing chose the handling station (`scanned`: it is the one filed at). */
    routeReasons: z.array(RouteReason),
    /** When it is not the station filed at, why, in words: "对单位保密的诉求不会交给企业驿站，由 曹县人社局驿站 办理". */
    routeNote: z.string().optional(),
  }),
})

export const WorkerCaseRow = z.object({
  id: Id,
  caseNo: z.string(),
  category: Category,
  categoryLabel: z.string(),
  state: CaseState,
  stateLabel: z.string(),
  privacy: Privacy,
  stationName: z.string(),
  createdAt: z.number(),
  createdLabel: z.string(),
  deadline: Deadline.optional(),
  /** 有新回复: the station wrote after the worker last read the case's messages. */
  hasNewReply: z.boolean(),
})
export type WorkerCaseRow = z.infer<typeof WorkerCaseRow>

export const listMyCases = defineContract({
  fn: 'worker',
  op: 'case.mine',
  audience: 'user',
  input: z.strictObject({ after: Cursor.optional(), limit: PageLimit }),
  output: paged(WorkerCaseRow),
})

export const TimelineEntry = z.object({
  at: z.number(),
  atLabel: z.string(),
  text: z.string(),
  /** Internal notes are shown to officers only and marked. */
  internal: z.boolean(),
  /** Who acted, for officers ("曹城王所长 · 曹城街道驿站"); absent for workers and the system. */
  who: z.string().optional(),
  /** Officers only: what content security found in the entry's words — a withdrawal reason, a rating comment, a reason given to the worker (ADR 0039). */
  contentNotice: z.string().optional(),
})

/** The standard conclusion of a resolved or closed case, in plain words (办结结论, line by line). */
export const ConclusionView = z.object({ label: z.string(), lines: z.array(z.string()) })

/**
 * One message of a case's conversation (ADR 0018), oldest first. `from` says whose side wrote it; `who` names
 * them as this reader knows them (「我」 and the station's name for the worker; the officer and station for
 * officers). Internal notes (`internal`) reach officers only.
 */
export const ThreadMessage = z.object({
  id: z.string(),
  at: z.number(),
  atLabel: z.string(),
  from: z.enum(['worker', 'station']),
  /** `message`: 补充 or 回复; `result`: 办理结果; `reopen`: 没有解决; `note`: an internal note. */
  kind: z.enum(['message', 'result', 'reopen', 'note']),
  who: z.string(),
  text: z.string(),
  internal: z.boolean(),
  /** Photos and voice notes sent with it; their URLs come from `case.myMedia` / `case.media` with `ids`. */
  media: z.array(MediaRef),
  /** Officers only: what content security found in a message, the worker's (ADR 0032) or the station's (ADR 0039), 「内容安全提示：…」. */
  contentNotice: z.string().optional(),
})
export type ThreadMessage = z.infer<typeof ThreadMessage>

export const WorkerCaseDetail = WorkerCaseRow.extend({
  description: z.string(),
  amountOwed: z.number().optional(),
  workersAffected: z.number(),
  ownerStationName: z.string(),
  /**
   * While the station routing chose still handles it and is not the one filed at: why ("对单位保密的诉求不会交给
   * 企业驿站，由 曹县人社局驿站 办理"), with the reasons. A later move is told by the timeline.
   */
  route: z.object({ reasons: z.array(RouteReason), note: z.string() }).optional(),
  timeline: z.array(TimelineEntry),
  version: z.number(),
  /** Operations the worker may take now (`case.withdraw`, `case.confirm`, …). */
  actions: z.array(z.string()),
  rating: z.number().nullable(),
  conclusion: ConclusionView.optional(),
  /** Photos and voice notes filed with the case (shown through `case.myMedia`, which hands out their URLs). */
  mediaCount: z.number().int().nonnegative(),
  /** The conversation with the station; reading the case marks it read. */
  thread: z.array(ThreadMessage),
  /** 办理结果 the worker is asked to confirm or reject (the latest answer), once the case was answered. */
  result: z.object({ text: z.string(), atLabel: z.string() }).nullable(),
})

export const getMyCase = defineContract({
  fn: 'worker',
  op: 'case.get',
  audience: 'user',
  workerCase: true,
  input: z.strictObject({ id: Id }),
  output: WorkerCaseDetail,
})

export const InboxRow = z.object({
  id: Id,
  caseNo: z.string(),
  category: Category,
  categoryLabel: z.string(),
  excerpt: z.string(),
  state: CaseState,
  stateLabel: z.string(),
  privacy: Privacy,
  privacyLabel: z.string(),
  stationName: z.string(),
  workersAffected: z.number(),
  createdAt: z.number(),
  createdLabel: z.string(),
  deadline: Deadline.optional(),
  /** The station that owns it (the inbox names it when that is not the station being looked at). */
  ownerStationId: Id,
  /** A deadline it has already missed, in words ("办结已超期，曹县人社局驿站督办"), while it is still being handled. */
  overdueNote: z.string().optional(),
  /** The employer was on the 欠薪黑名单 when the case was filed: the badge, with the decision's number (ADR 0023). */
  blacklist: z.object({ label: z.string(), docNo: z.string() }).optional(),
  /** 新消息: the worker wrote after the station last read the case's messages. */
  newMessage: z.boolean(),
})
export type InboxRow = z.infer<typeof InboxRow>

/** 代为登记: where the worker's claim of the case stands, for officers (null on a case the worker filed). */
export const ClaimView = z.object({
  /** `none`: no code given out yet (or it was withheld at filing); `open`: a code waits to be used. */
  state: z.enum(['none', 'open', 'locked', 'claimed']),
  text: z.string(),
  /** This officer may give out a (new) code now (`intake.issueCode`). */
  mayIssue: z.boolean(),
})
export type ClaimView = z.infer<typeof ClaimView>

export const OfficerCaseDetail = InboxRow.extend({
  description: z.string(),
  amountOwed: z.number().optional(),
  aboutOwnEmployer: z.boolean(),
  /** Who the case is against; null on a case filed before it was asked (or a policy question left blank). */
  employer: EmployerView.nullable(),
  channel: CaseChannel,
  /** 代为登记: the officer who filed it for the worker, and their station. */
  filedBy: z.object({ officerName: z.string(), stationName: z.string() }).nullable(),
  claim: ClaimView.nullable(),
  scannedStationName: z.string(),
  ownerStationName: z.string(),
  /** Null when the caller may not see it or the case is anonymous. */
  identity: z.object({ name: z.string(), phone: z.string() }).nullable(),
  /** Why identity is or is not shown, in words ("对单位保密：身份仅政府/工会方可见"). */
  identityNote: z.string(),
  version: z.number(),
  /** Operations this officer may take now (`case.accept`, …): pages show exactly these. */
  actions: z.array(z.string()),
  /** A transfer waiting for an answer, in words. */
  pendingTransfer: z.object({ toStationName: z.string(), fromStationName: z.string(), reason: z.string() }).nullable(),
  /** Kinds of station this case may be transferred to (the visibility rule, D8a): the picker offers only these. */
  transferKinds: z.array(StationKind),
  supervisorStationName: z.string().nullable(),
  /** The latest 督办 sent by hand (ADR 0029) while the case is still being handled, in this officer's words. */
  supervision: z.object({ text: z.string(), atLabel: z.string() }).nullable(),
  rating: z.number().nullable(),
  conclusion: ConclusionView.optional(),
  timeline: z.array(TimelineEntry),
  /** Photos and voice notes filed with the case (shown through `case.media`, which hands out their URLs). */
  mediaCount: z.number().int().nonnegative(),
  /** Content security (ADR 0019): what WeChat's check found in the words or files, for officers only; null when nothing. */
  contentNotice: ContentNotice.nullable(),
  /** The conversation with the worker, internal notes marked; the handling station reading it marks it read. */
  thread: z.array(ThreadMessage),
})

export const getCaseDetail = defineContract({
  fn: 'officer',
  op: 'case.detail',
  audience: 'officer',
  caseAccess: 'view',
  input: z.strictObject({ id: Id }),
  output: OfficerCaseDetail,
})

/** The operations of this file by name (handlers/case.handlers.ts has one handler for each). */
export const CASE_CONTRACTS = { submitCase, listMyCases, getMyCase, getCaseDetail } as const

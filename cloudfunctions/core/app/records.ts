import type { ReportContent } from '../../../types/contracts/reports'
import type { NoticeCategory } from '../../../types/contracts/policy-notices'
import type { ActivityKind } from '../../../types/contracts/ledger'
import type { MediaRef } from '../../../types/contracts/media'
import type { SurveyDimension } from '../../../types/contracts/surveys'
import type { CaseChannel, Category, Privacy, Role, Side, StationKind } from '../../../types/domain'
import type { ContentVerdict } from '../domain/content-safety'
import type { Actor, CaseModel, TimelineEvent } from '../domain/case-engine'
import type { ClusterEntry } from '../domain/cluster'
import type { ErasedHow } from '../domain/retention'
import type { InboxPlace, StationCounterFields } from '../domain/inbox'
import type { BucketFigures, FactKind } from '../domain/ledger'
import type { RatingConfig, RatingInputs, RatingStatus } from '../domain/ratings'
import type { SurveyTally, SurveyTemplate } from '../domain/surveys'
import type { ThreadState } from '../domain/thread'
import type { FileArea } from '../ports/files'
import type { OutboundMessage } from '../ports/notifier'
import type { StoredDoc } from '../ports/store'
import type { PosterLayout } from '../../../types/contracts/posters'
import type { PosterFacts } from './poster-layout'

/** Stored shapes. Times are epoch milliseconds (D28). */

export interface StationDoc extends StoredDoc {
  code: string
  name: string
  kind: StationKind
  parentId: string | null
  /** The county station this one belongs to (the county's own id for a county; null for the city). */
  countyId: string | null
  /** Two letters: case numbers and station codes. */
  abbr: string
  /** Ids from the city down to this station, inclusive. */
  path: string[]
  address: string
  phone: string
  hours: string
  status: 'active' | 'suspended'
  /** Why it was last suspended or reopened. */
  statusReason?: string
  demo: boolean
  /** Orders siblings: kind rank then code. */
  sortKey: string
  /** An enterprise station: the key of its enterprise's name (`employerKey`), for the case form's suggestions. */
  employerKey?: string
}

export interface OfficerDoc extends StoredDoc {
  openid: string
  name: string
  createdAt: number
}

/** One officer at one station (D27): its own collection, so a station's officers are one indexed query. */
export interface MembershipDoc extends StoredDoc {
  officerId: string
  openid: string
  stationId: string
  role: Role
  side: Side
  /** Bureau admin (only on city or county memberships). */
  admin: boolean
  createdAt: number
  /**
   * The officer's name as their officer document holds it (officers are never renamed), so who is calling is
   * one query (ADR 0031). A membership stored before it has none: the officer document is read instead.
   */
  officerName?: string
}

/** An officer with their memberships, as the dispatcher hands it to a handler. */
export interface OfficerView {
  doc: Pick<OfficerDoc, '_id' | 'openid' | 'name'>
  memberships: MembershipDoc[]
  /**
   * The memberships' stations and every station above each (its `path`), by id, read in the same request as the
   * memberships (ADR 0040): `stationsById`/`getStationOr404` take them from here (`known`) instead of reading them
   * again. A membership whose station is gone brings none.
   */
  stations: ReadonlyMap<string, StationDoc>
}

/**
 * Where a case stands in the inbox (`domain/inbox.ts`), written with every change of the case by the one case
 * writer (`app/case-write.ts`): top-level fields the tabs query and sort on, and the tab-counter cells the case
 * is counted in. Absent on a case stored before them until the sweep fills them in.
 */
export type InboxFields = Partial<InboxPlace> & {
  /** The cells of `inbox_counts` this case adds 1 to, exactly as counted (so a change takes back what was added). */
  inboxCells?: string[]
}

/**
 * A case: the engine's model plus what intake recorded, where it stands in the inbox, and its conversation's
 * read state (`domain/thread.ts`, ADR 0018: when each side last wrote and last read).
 */
export interface CaseDoc extends StoredDoc, CaseModel, InboxFields, ThreadState {
  caseNo: string
  channel: CaseChannel
  /** The station the worker scanned or chose; for 代为登记, the filing officer's station. */
  stationId: string
  /** 代为登记: the officer who filed it for the worker, through which membership (ADR 0010). */
  filedBy?: FiledBy
  description: string
  amountOwed?: number
  aboutOwnEmployer: boolean
  /** Absent on anonymous cases (D5). */
  identity?: { name: string; phone: string }
  /** Absent on anonymous cases: no push reminders for them. */
  workerOpenid?: string
  /**
   * HMAC of the worker's openid: how 我的诉求 finds every case, anonymous or not. Absent on a case filed by an
   * officer (代为登记) until the worker claims it with its code.
   */
  workerKey?: string
  updatedAt: number
  projectId?: string
  /** The station a pending transfer waits on (a top-level copy, so its inbox can query it). */
  transferTargetId?: string | null
  /** A deadline fell in a year without a holiday arrangement; admins were told once. */
  calendarGap?: boolean
  /** The earliest clock event (deadline or 75 % warning), for the sweep (indexed); null when none runs. */
  nextDueAt: number | null
  /** Who the case is against (ADR 0011); absent on cases from before it was asked and on policy questions left blank. */
  employer?: CaseEmployer
  /** The county it was filed in (the project's county for a project case; null at the city station), for 聚集预警. */
  countyId?: string | null
  /** Photos and voice notes filed with the case: media ids, in the order the worker added them (never URLs). */
  media?: string[]
  /** The employer was on the 欠薪黑名单 when the case was filed (ADR 0023): officers see a badge. */
  blacklistHit?: { entryId: string; docNo: string }
  /** Counted in its project's arrears figures (`project_arrears`): absent on a case written before them, counted from its next write. */
  projectCounted?: boolean
  /**
   * When the identity of this finished case was erased (ADR 0020): `identity`, `workerOpenid`, `workerKey` and
   * `media` are gone from then on; everything counted stays. Absent while it is kept.
   */
  erasedAt?: number
  /** Why: the retention period ended, or the worker deleted it in 我的数据. */
  erasedHow?: ErasedHow
}

/** The employer named on a case. */
export interface CaseEmployer {
  /** As typed, or the enterprise of the enterprise station; null for 不清楚单位全称. */
  name: string | null
  /** `employerKey(name)`; null when there is no name. */
  key: string | null
  uscc?: string
  /** What the worker knew instead of the full name. */
  note?: string
  /** Filled in from the enterprise station the case was filed at. */
  fromStation?: boolean
}

/**
 * The recent cases of one employer (or project) in one county: the 30-day window that 聚集预警 counts, read
 * and written by id in each new case's transaction (ADR 0011). `_id` is a hash of `stationId` and `clusterKey`.
 */
export interface ClusterDoc extends StoredDoc {
  /** The county station (the city station for cases filed there) that is told. */
  stationId: string
  clusterKey: string
  entries: ClusterEntry[]
  /** The alert still waiting for a decision, which every new case of the cluster joins. */
  openAlertId: string | null
  updatedAt: number
}

/** 聚集预警: separate cases against one employer or on one project within 30 days, for the county station. */
export interface AlertDoc extends StoredDoc {
  stationId: string
  clusterKey: string
  /** The employer's name as the case that raised it gave it, or the project's name. */
  subject: string
  kind: 'employer' | 'project'
  projectId?: string
  /** Its cases in the order filed (the most recent `ALERT_MAX_CASES` of them). */
  caseIds: string[]
  /** Every case it has had. */
  caseCount: number
  /** The strictest privacy of its cases: the visibility rule reads it (only an all-open alert is `open`). */
  privacy: Privacy
  /** Separate cases (workers) in it. */
  workers: number
  status: 'open' | 'closed'
  raisedAt: number
  lastCaseAt: number
  decision?: { text: string; by: string; byName: string; at: number }
}

/** 关联: two cases an officer tied together, one row per direction so each case reads its own by index. */
export interface CaseLinkDoc extends StoredDoc {
  /** `_id` is `<caseId>~<otherId>`. */
  caseId: string
  otherId: string
  at: number
  by: string
  byName: string
}

/** Who filed a case for a worker (代为登记). */
export interface FiledBy {
  officerId: string
  membershipId: string
  stationId: string
  officerName: string
}

/**
 * The claim code of a case filed by an officer (代为登记), by case number: only its keyed hash is kept. Five wrong
 * codes lock it; a claim uses it up; the owning station may issue a new one (ADR 0010).
 */
export interface ClaimDoc extends StoredDoc {
  /** `_id` is the case number the worker types. */
  caseId: string
  codeKey: string
  status: 'open' | 'locked' | 'used'
  wrongTries: number
  issuedAt: number
  /** Who gave the code out: told when it locks. */
  issuedBy: { officerId: string; membershipId: string; stationId: string }
  lockedAt?: number
  usedAt?: number
  /** The worker key the case was attached to (the keyed hash, never an openid). */
  usedByKey?: string
}

/** One worker key's claim attempts in the last hour (`_id` is the worker key): the per-caller limit. */
/** A construction project (工程项目): wage-arrears cases on it go to its responsible station (D9). */
export interface ProjectDoc extends StoredDoc {
  name: string
  countyId: string
  responsibleStationId: string
  contractor: string
  /** The key of the general contractor's name (`employerKey`), for the case form's suggestions. */
  contractorKey?: string
  createdAt: number
  /** 菏薪共治 (ADR 0023); absent on projects registered before it. The general contractor's 统一社会信用代码. */
  contractorUscc?: string
  /** 包保责任人: the officer answerable for the project, by name as assigned. */
  officer?: { officerId: string; name: string }
  /** 农民工工资专用账户. */
  wageAccount?: WageAccount
  workerCount?: number
  /** 'YYYY-MM-DD' (Shanghai): 开工, 竣工 (planned). */
  startOn?: string
  endOn?: string
  /** 限时化解: the date the admin set for clearing the open arrears; null or absent: the default period. */
  clearBy?: string | null
  updatedAt?: number
}

export type WageAccount = 'opened' | 'not_opened' | 'abnormal'

/**
 * A project's open wage arrears on one privacy track (`_id` `pa_<projectId>_<privacy>`), kept by the one case
 * writer in the case's transaction (ADR 0023): a side adds up only the tracks it may see (D8a).
 */
export interface ProjectArrearsDoc extends StoredDoc {
  projectId: string
  countyId: string
  privacy: Privacy
  /** Open wage-arrears cases, the yuan they claim, the workers they are for. */
  open: number
  amount: number
  workers: number
  /** When this track's open arrears began (the first open case after none); null when none is open. */
  since: number | null
  updatedAt: number
}

/** 欠薪黑名单: one decision listing one subject (DOMAIN §6). Only what the decision publishes is shown to the public. */
export interface BlacklistDoc extends StoredDoc {
  subjectName: string
  /** `employerKey(subjectName)`: a new case naming the employer finds it (the badge). */
  nameKey: string
  uscc: string
  /** 决定文书号 and the date of the decision. */
  docNo: string
  decidedOn: string
  reason: string
  /** The listing period, inclusive days 'YYYY-MM-DD'. */
  listedFrom: string
  listedUntil: string
  status: 'listed' | 'expired' | 'removed'
  createdAt: number
  createdBy: string
  createdByName: string
  endedAt?: number
  /** Removal: who and why (never shown to the public). */
  removedBy?: string
  removedByName?: string
  removedReason?: string
}

/** One provincial export run (`_id` as its job's): what the page needs when it asks again. */
export interface ExportRunDoc extends StoredDoc {
  nextCursor: string | null
  count: number
  identities: number
  more: boolean
  csvFileId: string
  csvName: string
  createdAt: number
}

/** A one-time code that binds whoever enters it to a station with a role and side (DOMAIN §7). */
export interface InviteDoc extends StoredDoc {
  /** `_id` is the code itself. */
  stationId: string
  name: string
  role: Role
  side: Side
  admin: boolean
  status: 'open' | 'used' | 'cancelled'
  createdBy: string
  createdAt: number
  expiresAt: number
  usedBy?: string
  usedAt?: number
}

/** Who changed the network, when, and why: stations, invites, memberships. */
export interface AuditDoc extends StoredDoc {
  at: number
  by: string
  what:
    | 'station.create'
    | 'station.update'
    | 'station.setStatus'
    | 'station.move'
    | 'invite.create'
    | 'invite.cancel'
    | 'invite.redeem'
    | 'membership.remove'
    | 'policy.set'
    | 'calendar.setYear'
    | 'notice.create'
    | 'notice.update'
    | 'notice.withdraw'
    | 'survey.template'
    | 'survey.threshold'
    | 'alert.close'
    | 'retention.set'
    | 'retention.run'
    | 'mydata.erase'
    | 'conclusions.set'
    | 'ratings.config'
    | 'rating.adjust'
    | 'supervision.enter'
    | 'supervision.leave'
    | 'award.create'
    | 'project.create'
    | 'project.update'
    | 'blacklist.create'
    | 'blacklist.remove'
    | 'blacklist.expire'
  target: string
  detail: string
}

export interface CaseEventDoc extends StoredDoc {
  caseId: string
  at: number
  kind: 'submitted' | TimelineEvent['kind']
  /** Plain words, shown on the timeline. */
  text: string
  internal: boolean
  actor: Actor
  /**
   * What the officer did, without who did it ("受理了这条诉求"): officers read it with who acted; on a system event
   * that speaks to the worker, the words officers read instead (domain/timeline.ts).
   */
  did?: string
  /** The officer who acted: officers see "你…" on their own entries. */
  officerId?: string
  /** The officer who acted, for the internal view. */
  officerName?: string
  stationName?: string
  /** A message (domain/thread.ts): the words as written, without the timeline's framing. */
  message?: string
  /** Photos and voice notes sent with a message, in the order added (ids and what a page shows before opening them). */
  media?: MediaRef[]
  /**
   * An officer's words to the worker (a reply, 办理结果, a reason the worker reads) wait for their content check here
   * (ADR 0039): the sweep checks them from this time on, then sets it null. Absent on every other event.
   */
  checkDueAt?: number | null
}

export interface CounterDoc extends StoredDoc {
  value: number
}

/**
 * The inbox's tab counters of one station (`_id` `<stationId>:station`), kept in the transaction of every case
 * change: `cells` maps `<tab>|<privacy>|<category>` to a count; `scope` and `countyId` find the documents a
 * 全辖区 adds up (ADR 0045). Stored before ADR 0045: without them, and `<county or city>:subtree` documents beside
 * them, until the once-per-environment pass (`scopeInboxCountersOnce`) sets the one and removes the others.
 */
export interface InboxCountDoc extends StoredDoc, Partial<StationCounterFields> {
  cells: Record<string, number>
}

export interface RequestDoc extends StoredDoc {
  inputHash: string
  result: unknown
  /** When it was stored: also how a call tells its own record from its first call's (ADR 0053). */
  at: number
}

export interface OutboxDoc extends StoredDoc {
  kind: OutboundMessage['kind']
  to: string
  caseId: string
  data: Record<string, string>
  status: 'pending' | 'sent' | 'failed'
  attempts: number
  nextAttemptAt: number
  lastError?: string
  /** Which sweep run claimed the row for its try (ADR 0037): how a run claiming many rows in one write tells its own. */
  claim?: string
  createdAt: number
}

export interface AccessLogDoc extends StoredDoc {
  caseId: string
  at: number
  officerId: string
  stationId: string
  what: 'identity'
  why: string
  /** The county of the case (null for a case the city owns), so county admins read their own log. */
  countyId: string | null
  /** The privacy of the case, so every reader of the log asks the visibility rule (D8a); absent on rows before it. */
  privacy?: Privacy
  caseNo: string
  officerName: string
}

/**
 * A policy notice (政策宣传), published by one station to itself and every station below it. Workers see it
 * while `status` is published, `publishAt` has come and `until` has not.
 */
export interface PolicyNoticeDoc extends StoredDoc {
  stationId: string
  /** The county of the publishing station (its own id for a county; null for the city): a county's list. */
  countyId: string | null
  title: string
  category: NoticeCategory
  /** The markdown source as written; parsed into the safe subset when shown. */
  body: string
  /** Media ids (PDF or picture, named by this notice) with the names people see; absent on older notices. */
  attachments?: Array<{ id: string; name: string }>
  status: 'draft' | 'published' | 'withdrawn'
  /** When it shows (null on a draft without a chosen time: it shows when published). */
  publishAt: number | null
  expiresAt: number | null
  /** `expiresAt`, or far in the future: one indexed range for "not expired" (the store has no OR). */
  until: number
  /** The number of the latest revision (1 on creation). */
  rev: number
  createdAt: number
  createdBy: string
  updatedAt: number
  updatedBy: string
  /** The last change made while workers could read it: the page says "更新于" then. */
  editedAt?: number
  withdrawnAt?: number
  withdrawReason?: string
}

/** One reader opened one notice: `_id` is derived from both, so a second open writes nothing (read counts). */
export interface PolicyNoticeReadDoc extends StoredDoc {
  noticeId: string
  /** A keyed hash of the reader, not their worker key: reads cannot be joined to cases. */
  readerKey: string
  at: number
}

/** A notice as it read after one change: the history a publisher sees. */
export interface PolicyNoticeRevisionDoc extends StoredDoc {
  noticeId: string
  rev: number
  at: number
  /** The officer, by name as it was then. */
  byName: string
  /** What the change was ("新建草稿", "发布", "修改", "撤回：…"). */
  what: string
  title: string
  category: NoticeCategory
  body: string
  attachments?: Array<{ id: string; name: string }>
  publishAt: number | null
  expiresAt: number | null
}

/** Generated work under way or done (D35): its progress, and the file it made (kept through `Files`). */
export interface JobDoc extends StoredDoc {
  /** A keyed hash of the caller's openid: only they can see the job. */
  ownerKey: string
  /** What made it (the operation), and what it makes in words. */
  kind: string
  title: string
  state: 'running' | 'done' | 'failed'
  done: number
  total: number
  fileId?: string
  fileName?: string
  error?: string
  createdAt: number
  updatedAt: number
  /** A job done a step per call (`runSteppedJob`): where the next call goes on, and until when a call holds it. */
  cursor?: string
  busyUntil?: number
}

/**
 * A station's code (its scene), made once and kept through `Files` (app/station-codes.ts). `_id` is the
 * station code.
 */
export interface StationCodeDoc extends StoredDoc {
  stationId: string
  /** Where the code leads (`QrCodes.target`): it is made again only when that changes. */
  target: string
  fileId: string
  createdAt: number
}

/** A station's poster as last made (app/posters.ts): the PDF through `Files`, and what it says. `_id` is the station id. */
export interface PosterDoc extends StoredDoc {
  fileId: string
  fileName: string
  /** What the poster says about the station: a station changed since shows as a list of changes. */
  printed: PosterFacts
  /** The design it was made with (POSTER_DESIGN). */
  design: number
  /** The layout the PDF was drawn from, for the page's preview. */
  layout: PosterLayout
  codeFileId: string
  createdAt: number
  /** The officer who made it. */
  createdBy: string
}

/** When each of the sweep's periodic passes is next due (app/sweep-schedule.ts, ADR 0044); a pass not named is due. */
export interface SweepScheduleDoc extends StoredDoc {
  next: Partial<Record<string, number>>
}

/** How often one caller used one rate-limited bucket in one window (types/rate-limits.ts). */
export interface RateLimitDoc extends StoredDoc {
  n: number
  /** When the window ends: the sweep removes the record after it. */
  until: number
}

/**
 * A photo or voice note as kept (D34): sniffed, measured and stripped, its bytes (and a photo's thumbnail)
 * in `Files`. It belongs to whoever uploaded it (`ownerKey`) until a case names it (`caseId`).
 */
export interface MediaDoc extends StoredDoc {
  /** A keyed hash of the uploader's openid (as `workerKey`): no openid is kept, anonymous cases included. */
  ownerKey: string
  kind: 'photo' | 'voice' | 'document'
  mime: string
  bytes: number
  fileId: string
  thumbFileId?: string
  width?: number
  height?: number
  durationMs?: number
  /** The record that names it (a case, a policy notice for its attachments, a ledger activity); null while it only sits on someone's form. */
  caseId: string | null
  /** The file area its upload operation kept it in (absent on media from before it was recorded). */
  area?: FileArea
  /** Sent with an internal note: officers only, never handed to the worker. */
  internal?: boolean
  createdAt: number
}

/** A file arriving in chunks: the chunks wait in `upload_parts` until the last one comes. */
export interface UploadDoc extends StoredDoc {
  ownerKey: string
  kind: 'photo' | 'voice' | 'document'
  mime: string
  size: number
  parts: number
  received: number
  state: 'receiving' | 'done' | 'refused'
  mediaId?: string
  /** Why it was refused, in the words the person was shown. */
  refusal?: string
  createdAt: number
  updatedAt: number
}

export interface UploadPartDoc extends StoredDoc {
  uploadId: string
  index: number
  /** The chunk as it came, base64. */
  data: string
}

/** A version of the survey questionnaire (`_id` `survey-template-v<n>`); never changed once published. */
export interface SurveyTemplateDoc extends StoredDoc, SurveyTemplate {
  publishedAt: number
  /** The officer id, or 'provision' for the first version. */
  publishedBy: string
  publishedByName: string
  note: string
}

/**
 * A survey campaign at one station (`_id` `sv-<stationId>-<n>`, n counting the station's campaigns, so two
 * heads opening at once cannot both succeed). The tally of its answers is kept here, in each answer's
 * transaction, so results and county views read one document per campaign.
 */
export interface SurveyCampaignDoc extends StoredDoc {
  stationId: string
  stationName: string
  stationKind: StationKind
  countyId: string | null
  seq: number
  templateId: string
  templateVersion: number
  startsOn: string
  endsOn: string
  startsAt: number
  endsAt: number
  /** Of the start day, for the admin views. */
  year: number
  headcount: number
  /** `open` until closed (at its end by the sweep, or early by the head); whether it takes answers is `phaseAt`. */
  status: 'open' | 'closed'
  tally: SurveyTally
  openedBy: string
  openedByName: string
  createdAt: number
  closedAt?: number
  closedHow?: 'end' | 'early'
  closedByName?: string
  /** The 薄弱环节 line in force at close, and the dimensions below it (shown figures only). */
  threshold?: number
  weak?: SurveyDimension[]
}

/** The per-campaign salt of the answer hashes (`_id` = campaign id); removed when the campaign closes. */
export interface SurveySaltDoc extends StoredDoc {
  salt: string
}

/**
 * That a worker has answered a campaign: `_id` = HMAC-SHA256(salt, campaign|openid). No time, no answer id:
 * nothing ties it to the answer; once the salt is gone nobody can tell whose it is.
 */
export interface SurveyVoterDoc extends StoredDoc {
  campaignId: string
  /** HMAC(salt, key of the filled questionnaire): a retry of the same answer is told from a second one. */
  tag: string
}

/** One answer: the ratings and the comment. `_id` is random (not time-ordered); no identity, time or device. */
export interface SurveyAnswerDoc extends StoredDoc {
  campaignId: string
  ratings: Record<string, number>
  comment?: string
  /** A comment shown in the results (false once its content check judged it risky: see `commentHeld`). */
  hasComment: boolean
  /** Content security judged the comment risky (ADR 0032): kept, left out of the comments shown, counted apart. */
  commentHeld?: boolean
}

/** A 整改 task opened by a dimension below the line (`_id` `<campaignId>-<dimension>`). */
export interface SurveyTaskDoc extends StoredDoc {
  stationId: string
  stationName: string
  countyId: string | null
  campaignId: string
  dimension: SurveyDimension
  mean: number
  threshold: number
  status: 'open' | 'closed'
  openedAt: number
  note?: string
  closedAt?: number
  closedBy?: string
  closedByName?: string
}

/** A reply template (常用回复) of one station; the city station's are offered at every station. */
export interface ReplyTemplateDoc extends StoredDoc {
  stationId: string
  title: string
  text: string
  createdBy: string
  createdAt: number
  updatedAt: number
}

/** One ledger fact of a case change (domain/ledger.ts), written in the change's transaction, never rewritten. */
export interface LedgerFactDoc extends StoredDoc {
  caseId: string
  kind: FactKind
  stationId: string
  /** The station's county, or the city's own id for the city station: the area its figures add up in. */
  areaId: string
  /** Shanghai month and ISO week of `at`. */
  month: string
  week: string
  at: number
  privacy: Privacy
  category: Category
  onTime?: boolean
  conclusion?: string
  amount?: number
  workers?: number
  rating?: number
  /**
   * 'waiting': stored by the case's transaction, not yet added to its rollups; the roll-up pass (app/ledger.ts,
   * ADR 0051) removes it once it has. Facts stored before ADR 0051 have no such field: their transaction added
   * them to their rollups itself.
   */
  rollup?: 'waiting'
}

/**
 * Where the roll-up pass stands (`settings`, `_id` `ledger.rollup`, ADR 0051): the facts an earlier batch added
 * to their rollups whose mark may not have landed yet, which no later batch adds again.
 */
export interface LedgerRollupCursorDoc extends StoredDoc {
  applied: string[]
  updatedAt: number
}

/**
 * Figures added up from the ledger's facts (by the roll-up pass since ADR 0051): per station (`level: 'station'`)
 * or per area (a county with all its stations, or the city station), per month, per privacy track (so a side adds
 * up only what it may see, D8a). A month's document holds its days of each ISO week in `weeks` (ADR 0037): a
 * week's figures are the `weeks` cells of the one or two months it touches. Rollups booked before were kept per ISO week as well, in documents of their own
 * (`period` a week, no `weeks`): those stay and are read with the months.
 */
export interface LedgerRollupDoc extends StoredDoc, BucketFigures {
  level: 'station' | 'area'
  /** The station's id, or the area's. */
  key: string
  /** The area a station's figures belong to (for one county's stations at once); the area itself for an area. */
  countyId: string
  /** '2026-11', or '2026-W48' on a week's document booked before ADR 0037. */
  period: string
  privacy: Privacy
  /** A month's days of each ISO week, by week id: counters a fact added to (a figure never added to is missing). */
  weeks?: Record<string, Partial<BucketFigures>>
  updatedAt: number
}

/** An activity a station's officer logged (会议、宣讲、走访、培训、调解) for the ledger. */
export interface ActivityDoc extends StoredDoc {
  stationId: string
  kind: ActivityKind
  /** 'YYYY-MM-DD' (Shanghai), and its month for the ledger. */
  date: string
  month: string
  place: string
  attendees: number
  note: string
  officerId: string
  officerName: string
  /** Media ids of its photos (`activity.upload`), in the order the officer added them; never URLs. */
  photos?: string[]
  createdAt: number
}

/**
 * One content-security check (D24, ADR 0019, 0032), written after what it checks is stored: the text of a case,
 * a worker's message, a notice or a survey comment (`_id` `text-…`), or one photo or voice note (`_id`
 * `media-<hash of the trace id>`, so the verdict that arrives later finds it by id, even before this row was
 * written). A verdict is recorded, never acted on: nothing is refused or lost, whoever reads it officially sees it.
 */
export interface ContentCheckDoc extends StoredDoc {
  /**
   * What was checked: a case's own words and files (also when absent, on rows from before ADR 0032); `message`: the
   * words of one timeline event — a message of either side, a withdrawal reason, a rating comment, a reason the
   * station gave the worker (ADR 0039); a notice; a survey comment.
   */
  about?: 'case' | 'message' | 'notice' | 'survey'
  /** The case (of a case's or a message's check). Absent only on a verdict that arrived before the row of its check (`state` 'early'). */
  caseId?: string
  /** The timeline event whose words were checked. */
  eventId?: string
  /** The notice and the revision checked. */
  noticeId?: string
  noticeRev?: number
  /** The survey answer whose comment was checked (its campaign, for the record). */
  campaignId?: string
  answerId?: string
  /**
   * Who wrote it, for a retry's openid (WeChat's check needs the writer's): the case's worker (a named case keeps
   * their openid) or an officer. Absent on anonymous words — an anonymous case, a survey comment — which keep no
   * openid (D5), so a failed check of them cannot be retried.
   */
  writer?: { as: 'worker' } | { as: 'officer'; officerId: string }
  /** A failed check is tried again by the sweep at this time (absent once done or given up). */
  retryAt?: number | null
  /** Retries made so far. */
  tries?: number
  subject: 'text' | 'media'
  mediaId?: string
  mediaKind?: 'photo' | 'voice'
  /**
   * `pending`: waiting for its verdict; `done`: verdict recorded; `early`: a verdict whose check row is not
   * written yet; `failed`: the check could not be made (error or time out), `skipped`: not checkable.
   */
  state: 'pending' | 'done' | 'early' | 'failed' | 'skipped'
  suggest?: ContentVerdict
  label?: number
  /** Why it failed or was skipped, in a few words (no content). */
  reason?: string
  requestedAt: number
  decidedAt?: number
}

/**
 * A settled check of a case's words or files, or of one of its messages' (ADR 0042): its verdict, or that it could
 * not be made and will not be tried again (未能检查). Kept in `case_events` beside the events it speaks of, so the
 * page that reads a case's events has its badges from the same read; `_id` `cv-<the check's id>`, so each check is
 * shown once. Officers only: `caseEventsOf` hands every other reader the case's events without these rows, and
 * `internal` keeps them out of anything that reads the collection as the worker may see it. Written once and never
 * changed, so it bumps no version and meets no officer's action.
 */
export interface ContentVerdictDoc extends StoredDoc, Pick<ContentCheckDoc, 'eventId' | 'subject' | 'mediaId' | 'mediaKind' | 'suggest' | 'label' | 'reason' | 'tries' | 'writer'> {
  caseId: string
  /** When it settled. */
  at: number
  kind: 'content_verdict'
  internal: true
  /** A case's own words and files, or a message's (the event `eventId`). */
  about: 'case' | 'message'
  /** The check's row id (`content_checks`, where a check that had to wait kept its record). */
  checkId: string
  state: 'done' | 'failed'
}

/**
 * A station's rating of one quarter (星级驿站, ADR 0022; `_id` `rt_<quarter>_<stationId>`), written by the quarterly
 * run, again by a run on demand. The figures it was rated on are kept twice: over every case, and over the
 * tracks the employer side sees (D8a), so a view never needs the ledger again.
 */
export interface StationRatingDoc extends StoredDoc {
  stationId: string
  stationName: string
  stationKind: StationKind
  /** The county the station is in, or the city station's own id. */
  areaId: string
  quarter: string
  computedAt: number
  /** The weights and lines it was rated by (a later change of them does not rewrite an old quarter). */
  config: RatingConfig
  inputs: RatingInputs
  /** The same figures over the cases the employer side may see (open ones only). */
  openInputs: RatingInputs
  status: RatingStatus
  score: number | null
  /** As computed; null for 数据不足. */
  stars: number | null
  /** An admin's adjustment, with the written reason: kept and shown. */
  adjustment?: { stars: number; reason: string; by: string; byName: string; at: number }
  /** The stars that stand (the adjustment, else the computed ones), 0 for 数据不足: the list filters on it. */
  starsKey: number
  low: boolean
  /** 快速通道 notes the stars earn. */
  fastTrack: string[]
}

export interface SupervisionEvent {
  at: number
  kind: 'enter' | 'leave'
  /** By two low quarters (the quarterly run), or by an admin's decision. */
  how: 'ratings' | 'decision'
  reason: string
  byName?: string
}

/** A station's place on the 重点监督对象 list (`_id` `sup_<stationId>`), with every entry and exit. */
export interface SupervisionDoc extends StoredDoc {
  stationId: string
  stationName: string
  areaId: string
  status: 'on' | 'off'
  since: number
  updatedAt: number
  history: SupervisionEvent[]
}

/** A 整改 task of a supervised station: a due date and the officer who answers for it. */
export interface SupervisionTaskDoc extends StoredDoc {
  stationId: string
  stationName: string
  areaId: string
  title: string
  /** 'YYYY-MM-DD' (Shanghai). */
  dueOn: string
  officerId: string
  officerName: string
  status: 'open' | 'done'
  createdAt: number
  createdByName: string
  doneAt?: number
  doneNote?: string
}

/** A 和谐之星 award: who, why, when, and the admin who recorded it. */
export interface AwardDoc extends StoredDoc {
  stationId: string
  stationName: string
  areaId: string
  who: string
  why: string
  /** 'YYYY-MM-DD'. */
  awardedOn: string
  createdAt: number
  createdBy: string
  createdByName: string
}

/**
 * A weekly report (定期调度和通报, ADR 0028) of a county or the city, as built: `_id` `wr_<week>_<stationId>`.
 * Built once for the ended week by the Monday run (`final`), or to the moment on demand (not final).
 */
export interface WeeklyReportDoc extends StoredDoc {
  stationId: string
  week: string
  weekStart: number
  final: boolean
  builtAt: number
  builtHow: 'timer' | 'on_demand'
  content: ReportContent
}

/** 内部通知: a message from a county or the city to the government-side heads of its stations (never to workers). */
export interface InternalNoticeDoc extends StoredDoc {
  /** The station it comes from: its heads and those of every station below it read it. */
  stationId: string
  kind: 'weekly_report'
  title: string
  body: string
  /** The officer page it leads to, for readers who may open it. */
  link: { text: string; path: string; access: 'read_reports' }
  at: number
}

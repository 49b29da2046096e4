import type { Privacy, Role, Side, StationKind } from '../../../types/domain'
import type { Actor, CaseModel, TimelineEvent } from '../domain/case-engine'
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
}

/** An officer with their memberships, as the dispatcher hands it to a handler. */
export interface OfficerView {
  doc: OfficerDoc
  memberships: MembershipDoc[]
}

/** A case: the engine's model (lifecycle, owner, clocks) plus what intake recorded. */
export interface CaseDoc extends StoredDoc, CaseModel {
  caseNo: string
  channel: 'qr' | 'chosen' | 'assisted'
  /** The station the worker scanned or chose. */
  stationId: string
  description: string
  amountOwed?: number
  aboutOwnEmployer: boolean
  /** Absent on anonymous cases (D5). */
  identity?: { name: string; phone: string }
  /** Absent on anonymous cases: no push reminders for them. */
  workerOpenid?: string
  /** HMAC of the worker's openid: how 我的诉求 finds every case, anonymous or not. */
  workerKey: string
  updatedAt: number
  projectId?: string
  /** The station a pending transfer waits on (a top-level copy, so its inbox can query it). */
  transferTargetId?: string | null
  /** A deadline fell in a year without a holiday arrangement; admins were told once. */
  calendarGap?: boolean
  /** The earliest clock event (deadline or 75 % warning), for the sweep (indexed); null when none runs. */
  nextDueAt: number | null
}

/** A construction project (工程项目): wage-arrears cases on it go to its responsible station (D9). */
export interface ProjectDoc extends StoredDoc {
  name: string
  countyId: string
  responsibleStationId: string
  contractor: string
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
  what: 'station.create' | 'station.update' | 'station.setStatus' | 'invite.create' | 'invite.cancel' | 'invite.redeem' | 'membership.remove' | 'policy.set' | 'calendar.setYear'
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
  /** The officer who acted, for the internal view. */
  officerName?: string
  stationName?: string
}

export interface CounterDoc extends StoredDoc {
  value: number
}

export interface RequestDoc extends StoredDoc {
  inputHash: string
  result: unknown
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

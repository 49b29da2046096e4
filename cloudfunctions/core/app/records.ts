import type { Privacy, Role, Side, StationKind } from '../../../types/domain'
import type { Actor, CaseModel, TimelineEvent } from '../domain/case-engine'
import type { InboxPlace } from '../domain/inbox'
import type { OutboundMessage } from '../ports/notifier'
import type { StoredDoc } from '../ports/store'

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

/**
 * Where a case stands in the inbox (`domain/inbox.ts`), written with every change of the case by the one case
 * writer (`app/case-write.ts`): top-level fields the tabs query and sort on, and the tab-counter cells the case
 * is counted in. Absent on a case stored before them until the sweep fills them in.
 */
export type InboxFields = Partial<InboxPlace> & {
  /** The cells of `inbox_counts` this case adds 1 to, exactly as counted (so a change takes back what was added). */
  inboxCells?: string[]
}

/** A case: the engine's model (lifecycle, owner, clocks) plus what intake recorded. */
export interface CaseDoc extends StoredDoc, CaseModel, InboxFields {
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

/**
 * The inbox's tab counters of one station and scope (`_id` `<stationId>:station` or `<stationId>:subtree`), kept in
 * the transaction of every case change: `cells` maps `<tab>|<privacy>|<category>` to a count.
 */
export interface InboxCountDoc extends StoredDoc {
  cells: Record<string, number>
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

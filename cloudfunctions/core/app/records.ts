import type { Category, CaseState, Privacy, Role, Side, StationKind } from '../../../types/domain'
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

export interface CaseDoc extends StoredDoc {
  caseNo: string
  channel: 'qr' | 'chosen' | 'assisted'
  /** The station the worker scanned or chose. */
  stationId: string
  firstStationId: string
  ownerStationId: string
  ownerPath: string[]
  ownerCountyId: string | null
  supervisorStationId: string | null
  category: Category
  description: string
  amountOwed?: number
  workersAffected: number
  groupFlag: boolean
  privacy: Privacy
  aboutOwnEmployer: boolean
  /** Absent on anonymous cases (D5). */
  identity?: { name: string; phone: string }
  /** Absent on anonymous cases: no push reminders for them. */
  workerOpenid?: string
  /** HMAC of the worker's openid: how 我的诉求 finds every case, anonymous or not. */
  workerKey: string
  state: CaseState
  createdAt: number
  updatedAt: number
  acceptDueAt: number
  firstReplyDueAt: number
  resolveDueAt: number
  /** The earliest running deadline, for the sweep (indexed). */
  nextDueAt: number
}

export interface CaseEventDoc extends StoredDoc {
  caseId: string
  at: number
  kind: 'submitted' | 'routed' | 'note'
  /** Plain words, shown on the timeline. */
  text: string
  internal: boolean
  actor: 'worker' | 'officer' | 'system'
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
  kind: 'case.new'
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
}

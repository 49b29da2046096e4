import type { Privacy, Role, Side, StationKind } from './domain'

/** How an officer's station stands to a case (DECISIONS D3). */
/** `transfer_target`: the station a pending transfer is waiting on (it may read the case and answer). */
export type Relation = 'owner' | 'ancestor' | 'supervisor' | 'first_station' | 'transfer_target' | 'none'

export type CaseAccess =
  | 'view'
  | 'view_identity'
  | 'accept'
  | 'reply'
  | 'note'
  | 'hold'
  | 'resume'
  | 'transfer'
  | 'answer_transfer'
  | 'escalate'
  | 'refer'
  | 'resolve'
  | 'flag_group'
  /** 督办 by hand (ADR 0029): a lead of a station above the owner (or its supervisor) tells the owner what it expects. */
  | 'supervise'
  /** 代为登记: give the worker a (new) claim code for a case the officer's station holds. */
  | 'issue_claim'

interface Rule {
  relations: readonly Relation[]
  roles: readonly Role[]
  sides: readonly Side[]
}

const ALL_ROLES: readonly Role[] = ['head', 'liaison', 'member']
const ALL_SIDES: readonly Side[] = ['government', 'union', 'employer', 'worker_rep', 'third_party']
const HANDLERS: readonly Relation[] = ['owner']
const LEADS: readonly Role[] = ['head', 'liaison']

/**
 * The one authorization table for officer actions on a case: relation × role × side.
 * The visibility rule (`sideSees`) is applied on top of it: an employer-side officer matches no rule on a case
 * that is not open.
 * Identity is further narrowed by privacy (`IDENTITY_SIDES`).
 */
export const CASE_ACCESS_TABLE: Record<CaseAccess, Rule> = {
  view: { relations: ['owner', 'ancestor', 'supervisor', 'first_station', 'transfer_target'], roles: ALL_ROLES, sides: ALL_SIDES },
  view_identity: { relations: ['owner', 'ancestor'], roles: ALL_ROLES, sides: ALL_SIDES },
  accept: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
  reply: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
  note: { relations: ['owner', 'ancestor', 'supervisor'], roles: ALL_ROLES, sides: ALL_SIDES },
  hold: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
  resume: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
  transfer: { relations: HANDLERS, roles: LEADS, sides: ALL_SIDES },
  answer_transfer: { relations: ['transfer_target'], roles: LEADS, sides: ALL_SIDES },
  escalate: { relations: ['owner', 'supervisor'], roles: LEADS, sides: ALL_SIDES },
  refer: { relations: HANDLERS, roles: LEADS, sides: ['government', 'union', 'third_party'] },
  resolve: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
  flag_group: { relations: ['owner', 'ancestor', 'supervisor'], roles: LEADS, sides: ALL_SIDES },
  supervise: { relations: ['ancestor', 'supervisor'], roles: LEADS, sides: ALL_SIDES },
  issue_claim: { relations: HANDLERS, roles: ALL_ROLES, sides: ALL_SIDES },
}

/**
 * Who may see a case at all (DECISIONS D8a). The one place this is decided: routing, transfers, escalation,
 * bounces, inbox rows and counts, detail and identity, notices, the access log and every later derived view
 * (ledgers, reports, exports, dashboards, alerts) ask these two questions and nothing else.
 *
 *  1. The employer side sees only `open` cases, whatever its relation, role or admin flag.
 *  2. An enterprise station is run with the employer, so only `open` cases ever land on one: a confidential
 *     or anonymous case skips it by routing, transfer, escalation, bounce and first-station access.
 */
export const PRIVACIES_SEEN_BY: Record<Side, readonly Privacy[]> = {
  government: ['open', 'confidential', 'anonymous'],
  union: ['open', 'confidential', 'anonymous'],
  employer: ['open'],
  worker_rep: ['open', 'confidential', 'anonymous'],
  third_party: ['open', 'confidential', 'anonymous'],
}

/** Rule 1: may an officer of this side see a case of this privacy at all. */
export const sideSees = (side: Side, privacy: Privacy): boolean => PRIVACIES_SEEN_BY[side].includes(privacy)

/** Rule 2: may a station of this kind hold (own, receive, be first station of) a case of this privacy. */
export const stationMayHold = (kind: StationKind, privacy: Privacy): boolean => kind !== 'enterprise' || privacy === 'open'

/** Who may see name and phone, per privacy track (DOMAIN §3). Anonymous cases store none. */
export const IDENTITY_SIDES: Record<Privacy, readonly Side[]> = {
  open: ALL_SIDES,
  confidential: ['government', 'union', 'third_party'],
  anonymous: [],
}

/** D8b: the admin flag is a government-side role; a flag on any other side grants nothing and is refused. */
export const ADMIN_SIDES: readonly Side[] = ['government']
export const ADMIN_SIDE_MESSAGE = '管理员只能由政府方（人社部门）的工作人员担任：请把身份选为政府方，或不设为管理员'
export const isAdminMembership = (m: { admin: boolean; side: Side }): boolean => m.admin && ADMIN_SIDES.includes(m.side)

export interface MembershipView {
  role: Role
  side: Side
  relation: Relation
}

/** True when one of the caller's memberships satisfies the rule for this access on a case of this privacy. */
export const mayAccessCase = (access: CaseAccess, privacy: Privacy, memberships: readonly MembershipView[]): boolean =>
  memberships.some((m) => {
    const rule = CASE_ACCESS_TABLE[access]
    if (!sideSees(m.side, privacy)) return false
    if (access === 'view_identity' && !IDENTITY_SIDES[privacy].includes(m.side)) return false
    return rule.relations.includes(m.relation) && rule.roles.includes(m.role) && rule.sides.includes(m.side)
  })

/**
 * How an officer stands to a station an operation names (D27): a member of it, its head, an admin whose
 * scope covers it (a city admin covers every station; a county admin their county's), a city admin.
 * `government_head`: its head on the government side (what the bureau's own reports go to, ADR 0028).
 */
export type StationRelation = 'member' | 'head' | 'government_head' | 'admin_over' | 'city_admin'

/** What an operation on a station asks of the caller; checked once, before the handler, like case access. */
export type StationAccess =
  | 'member'
  | 'subtree'
  | 'manage_people'
  | 'manage_templates'
  | 'grant_admin'
  | 'admin'
  | 'city_admin'
  | 'publish_notices'
  | 'run_surveys'
  | 'read_surveys'
  | 'poster'
  | 'read_rating'
  | 'read_reports'

/** Stations whose officers may look across every station below them (全辖区): the city and the counties. */
export const SUBTREE_KINDS: readonly StationKind[] = ['city', 'county']

interface StationRule {
  relations: readonly StationRelation[]
  /** Only on stations of these kinds (the admin flag exists only on city and county stations). */
  kinds?: readonly StationKind[]
  /** The refusal: out of scope, or in scope but not allowed, with its own words where they help. */
  refusal: { code: 'STATION_OUT_OF_SCOPE' | 'AUTH_FORBIDDEN'; message?: string; field?: string }
}

/**
 * The one station access table: its inbox for members (全辖区 at city and county stations); people and the
 * poster for heads and admins above; the network for admins.
 */
export const STATION_ACCESS_TABLE: Record<StationAccess, StationRule> = {
  member: { relations: ['member'], refusal: { code: 'STATION_OUT_OF_SCOPE' } },
  /** 全辖区: a member of a city or county station reads the cases of every station below it (asked after `member`). */
  subtree: { relations: ['member'], kinds: SUBTREE_KINDS, refusal: { code: 'AUTH_FORBIDDEN', message: '只有市、县区驿站可以查看全辖区', field: 'scope' } },
  manage_people: { relations: ['head', 'admin_over'], refusal: { code: 'AUTH_FORBIDDEN' } },
  /** A station's reply templates (常用回复); the city station's are the city-wide ones, kept by city admins. */
  manage_templates: { relations: ['head', 'admin_over'], refusal: { code: 'AUTH_FORBIDDEN', message: '只有驿站负责人和管理员可以修改常用回复' } },
  grant_admin: {
    relations: ['admin_over'],
    kinds: ['city', 'county'],
    refusal: { code: 'AUTH_FORBIDDEN', message: '只有管理员可以在市、县区驿站邀请管理员', field: 'admin' },
  },
  admin: { relations: ['admin_over'], refusal: { code: 'STATION_OUT_OF_SCOPE' } },
  city_admin: { relations: ['city_admin'], refusal: { code: 'AUTH_FORBIDDEN', message: '这项操作只有市级管理员可以进行' } },
  // The station's poster: its head prints it for the station's own wall; admins above it for any station.
  poster: { relations: ['head', 'admin_over'], refusal: { code: 'AUTH_FORBIDDEN', message: '驿站海报只有驿站负责人和管理员可以下载' } },
  /** 政策宣传: the station's head, or an admin whose scope covers it, publishes to it and every station below. */
  publish_notices: { relations: ['head', 'admin_over'], refusal: { code: 'AUTH_FORBIDDEN', message: '只有驿站负责人和管理员可以发布政策宣传' } },
  // Satisfaction surveys: the head (or an admin above) opens and ends campaigns and closes 整改 tasks; every
  // member sees the count and, after close, the results under the small-group rule.
  run_surveys: { relations: ['head', 'admin_over'], refusal: { code: 'AUTH_FORBIDDEN', message: '只有驿站负责人或管理员可以发起、结束测评和办结整改' } },
  read_surveys: { relations: ['member', 'admin_over'], refusal: { code: 'STATION_OUT_OF_SCOPE' } },
  /** 星级驿站: the station's rating, awards and 整改 tasks, for its members and the admins over it. */
  read_rating: { relations: ['member', 'admin_over'], refusal: { code: 'STATION_OUT_OF_SCOPE' } },
  /**
   * 定期调度和通报 (ADR 0028): a county's or the city's weekly report counts every case of the area, so it is the
   * government side's: the station's government-side head and the admins over it; nobody on another side (D8a).
   */
  read_reports: {
    relations: ['government_head', 'admin_over'],
    kinds: ['city', 'county'],
    refusal: { code: 'AUTH_FORBIDDEN', message: '每周通报只有市、县区驿站的政府方负责人和管理员可以查看' },
  },
}

export interface StationPlace {
  id: string
  kind: StationKind
  /** The county station it belongs to (a county's own id; null for the city). */
  countyId: string | null
}

/** Every way the caller stands to a station, from their memberships and the stations where they are admins. */
export const stationRelationsOf = (
  station: StationPlace | null,
  memberships: ReadonlyArray<{ stationId: string; role: Role; side: Side; admin: boolean }>,
  adminStations: ReadonlyArray<{ id: string; kind: StationKind }>,
): StationRelation[] => {
  const out: StationRelation[] = []
  const city = adminStations.some((a) => a.kind === 'city')
  if (city) out.push('city_admin')
  if (!station) return out
  const here = memberships.filter((m) => m.stationId === station.id)
  if (here.length) out.push('member')
  if (here.some((m) => m.role === 'head')) out.push('head')
  if (here.some((m) => m.role === 'head' && ADMIN_SIDES.includes(m.side))) out.push('government_head')
  const counties = adminStations.filter((a) => a.kind === 'county').map((a) => a.id)
  if (city || counties.includes(station.id) || (station.countyId !== null && counties.includes(station.countyId))) out.push('admin_over')
  return out
}

export const mayAccessStation = (access: StationAccess, station: StationPlace | null, relations: readonly StationRelation[]): boolean => {
  const rule = STATION_ACCESS_TABLE[access]
  if (rule.kinds && (!station || !rule.kinds.includes(station.kind))) return false
  return rule.relations.some((r) => relations.includes(r))
}

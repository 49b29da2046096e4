import type { Privacy, Role, Side } from './domain'

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
 * Confidential cases are filtered on top of it (`EMPLOYER_BLIND`): an employer-side officer matches no rule.
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
}

/** Sides that may ever see a confidential case (DECISIONS D8): everyone but the employer. */
export const CONFIDENTIAL_SIDES: readonly Side[] = ['government', 'union', 'worker_rep', 'third_party']

/** Who may see name and phone, per privacy track (DOMAIN §3). Anonymous cases store none. */
export const IDENTITY_SIDES: Record<Privacy, readonly Side[]> = {
  open: ALL_SIDES,
  confidential: ['government', 'union', 'third_party'],
  anonymous: [],
}

export interface MembershipView {
  role: Role
  side: Side
  relation: Relation
}

/** True when one of the caller's memberships satisfies the rule for this access on a case of this privacy. */
export const mayAccessCase = (access: CaseAccess, privacy: Privacy, memberships: readonly MembershipView[]): boolean =>
  memberships.some((m) => {
    const rule = CASE_ACCESS_TABLE[access]
    if (privacy === 'confidential' && !CONFIDENTIAL_SIDES.includes(m.side)) return false
    if (access === 'view_identity' && !IDENTITY_SIDES[privacy].includes(m.side)) return false
    return rule.relations.includes(m.relation) && rule.roles.includes(m.role) && rule.sides.includes(m.side)
  })

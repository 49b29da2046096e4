import { z } from 'zod'
import { ADMIN_SIDES, ADMIN_SIDE_MESSAGE } from '../authz'
import { defineContract } from '../contract'
import { Role, Side, StationKind } from '../domain'
import { Id, PersonName, Phone } from '../values'
import { RoleSideView } from './me'
import { StationSummary } from './station'

/** Which kind of station may sit under which (DOMAIN §2), enforced on every write. */
export const ALLOWED_PARENTS: Record<Exclude<StationKind, 'city'>, readonly StationKind[]> = {
  county: ['city'],
  township: ['county'],
  park: ['county', 'township'],
  enterprise: ['park', 'township', 'county'],
}

/** An invite code as people type it: case and spaces do not matter. */
const InviteCode = z
  .string()
  .max(32, '邀请码是 8 位字母和数字')
  .transform((v) => v.replace(/\s+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z0-9]{8}$/, '邀请码是 8 位字母和数字'))

const StationName = z.string().trim().min(2, '请填写驿站名称').max(40, '驿站名称最多 40 个字')
const Address = z.string().trim().min(2, '请填写地址').max(100, '地址最多 100 个字')
const Hours = z.string().trim().min(2, '请填写开放时间').max(60, '开放时间最多 60 个字')

export const StationDetail = StationSummary.extend({
  parentId: Id.nullable(),
  parentName: z.string(),
  address: z.string(),
  phone: z.string(),
  hours: z.string(),
  version: z.number(),
})

/** Creates a township, park or enterprise station under a station in the admin's scope. */
export const createStation = defineContract({
  fn: 'admin',
  op: 'station.create',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'parentId' } },
  idempotent: true,
  input: z.strictObject({
    parentId: Id,
    kind: z.enum(['township', 'park', 'enterprise']),
    name: StationName,
    address: Address,
    phone: Phone,
    hours: Hours.default('工作日 08:30-12:00，13:30-17:30'),
  }),
  output: StationDetail,
})

/** Edits a station's public details (name, address, phone, hours). */
export const updateStation = defineContract({
  fn: 'admin',
  op: 'station.update',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'id' } },
  input: z.strictObject({ id: Id, version: z.number().int().min(1), name: StationName, address: Address, phone: Phone, hours: Hours }),
  output: StationDetail,
})

/** Suspends or reopens a station. A suspended station receives no new cases (they go to its parent). */
export const setStationStatus = defineContract({
  fn: 'admin',
  op: 'station.setStatus',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'id' } },
  input: z.strictObject({
    id: Id,
    version: z.number().int().min(1),
    status: z.enum(['active', 'suspended']),
    reason: z.string().trim().min(2, '请写明原因').max(200),
  }),
  output: StationDetail,
})

/**
 * Moves a township, park or enterprise station under another parent in the same county, as the kinds allow
 * (ALLOWED_PARENTS). Its code and cases stay; the paths of the station and everything below it change.
 */
export const moveStation = defineContract({
  fn: 'admin',
  op: 'station.move',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'id' } },
  input: z.strictObject({
    id: Id,
    version: z.number().int().min(1),
    parentId: Id,
    reason: z.string().trim().min(2, '请写明原因').max(200),
  }),
  output: StationDetail.extend({
    /** Cases held at the station or below it, now under the new parent (each with a timeline event). */
    casesMoved: z.number(),
  }),
})

/** One station's details, for the admin's edit form. */
export const getStationDetail = defineContract({
  fn: 'admin',
  op: 'station.detail',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'id' } },
  input: z.strictObject({ id: Id }),
  output: StationDetail,
})

export const StationOfficer = RoleSideView.extend({
  membershipId: Id,
  name: z.string(),
  /** The caller themself: they cannot remove their own membership here. */
  isMe: z.boolean(),
})

export const InviteView = RoleSideView.extend({
  code: z.string(),
  stationName: z.string(),
  name: z.string(),
  expiresAt: z.number(),
  expiresLabel: z.string(),
})

/** The officers of a station and its open invites. Heads of the station and admins above it. */
export const listStationOfficers = defineContract({
  fn: 'officer',
  op: 'station.officers',
  audience: 'officer',
  stationAccess: { access: 'manage_people', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: z.object({ stationName: z.string(), officers: z.array(StationOfficer), invites: z.array(InviteView), canInviteAdmin: z.boolean() }),
})

/**
 * A one-time code (valid 72 hours) that binds the person who enters it to the station with this role and
 * side. Heads invite to their own station; admins to any station in their scope; only admins hand out the
 * admin flag, only on city or county stations, and only with the government side (D8b).
 */
export const createInvite = defineContract({
  fn: 'officer',
  op: 'invite.create',
  audience: 'officer',
  stationAccess: { access: (i) => (i.admin ? 'grant_admin' : 'manage_people'), from: { field: 'stationId' } },
  idempotent: true,
  input: z
    .strictObject({ stationId: Id, name: PersonName, role: Role, side: Side, admin: z.boolean().default(false) })
    // D8b: admin is a government-side role.
    .refine((i) => !i.admin || ADMIN_SIDES.includes(i.side), { message: ADMIN_SIDE_MESSAGE, path: ['admin'] }),
  output: InviteView,
})

/** Withdraws an invite that has not been used yet. */
export const cancelInvite = defineContract({
  fn: 'officer',
  op: 'invite.cancel',
  audience: 'officer',
  stationAccess: { access: 'manage_people', from: { field: 'code', via: 'invite' } },
  input: z.strictObject({ code: InviteCode }),
  output: z.object({ cancelled: z.boolean() }),
})

/** Anyone signed in enters a code and becomes an officer of the station it names. */
export const redeemInvite = defineContract({
  fn: 'worker',
  op: 'invite.redeem',
  audience: 'user',
  rateLimit: 'inviteRedeem',
  input: z.strictObject({ code: InviteCode }),
  output: z.object({ stationId: Id, stationName: z.string(), roleLabel: z.string(), sideLabel: z.string(), admin: z.boolean() }),
})

/** Removes an officer from a station; their access ends with their next call. */
export const removeMembership = defineContract({
  fn: 'officer',
  op: 'membership.remove',
  audience: 'officer',
  stationAccess: { access: 'manage_people', from: { field: 'membershipId', via: 'membership' } },
  input: z.strictObject({ membershipId: Id, reason: z.string().trim().min(2, '请写明原因').max(200) }),
  output: z.object({ removed: z.boolean() }),
})

/** The operations of this file by name (handlers/network.handlers.ts has one handler for each). */
export const NETWORK_CONTRACTS = {
  createStation,
  updateStation,
  setStationStatus,
  moveStation,
  getStationDetail,
  listStationOfficers,
  createInvite,
  cancelInvite,
  redeemInvite,
  removeMembership,
} as const

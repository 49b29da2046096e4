import { z } from 'zod'
import { defineContract } from '../contract'
import { Role, Side, StationKind } from '../domain'
import { Id } from '../values'

/** Role, side and the admin flag, with the words people read: every view of a membership or invite. */
export const RoleSideView = z.object({ role: Role, roleLabel: z.string(), side: Side, sideLabel: z.string(), admin: z.boolean() })

export const Membership = RoleSideView.extend({
  stationId: Id,
  stationName: z.string(),
  stationKind: StationKind,
  /** May manage the station's people (the station access table): the page offers 驿站成员 only then. */
  canManagePeople: z.boolean(),
  /** May publish policy notices at the station (its head, or an admin above it): the page offers 政策宣传 then. */
  canPublish: z.boolean(),
  /** May look at 全辖区 in the inbox (a city or county station, the station access table). */
  canViewSubtree: z.boolean(),
  /** May edit the station's reply templates (常用回复; the city station's are city-wide). */
  canManageTemplates: z.boolean(),
})
export type Membership = z.infer<typeof Membership>

/** Who am I: a worker always; an officer when bound to stations. Never returns the openid itself. */
export const getMe = defineContract({
  fn: 'worker',
  op: 'me.get',
  audience: 'user',
  input: z.strictObject({}),
  output: z.object({
    /**
     * `isAdmin`: a bureau admin somewhere (D8b: government side only), so 驿站网络管理 and the access log are offered;
     * `isCityAdmin`: the city's, so the deadline policy and the holiday calendar are offered too.
     */
    officer: z.object({ name: z.string(), isAdmin: z.boolean(), isCityAdmin: z.boolean(), memberships: z.array(Membership) }).nullable(),
  }),
})

/** The operations of this file by name (handlers/me.handlers.ts has one handler for each). */
export const ME_CONTRACTS = { getMe } as const

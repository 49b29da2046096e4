import { isAdminMembership } from '../../../../types/authz'
import { ME_CONTRACTS, getMe } from '../../../../types/contracts/me'
import { findOfficer, roleSideView } from '../officers'
import { defineHandler, type HandlersOf } from '../handler'
import { adminScope, allowsStation } from '../scope'
import { stationsById } from '../stations'

const getMeHandler = defineHandler(getMe, async (_input, { ports, caller }) => {
  const officer = caller.openid ? await findOfficer(ports, caller.openid) : null
  if (!officer) return { officer: null }
  const stations = await stationsById(ports.store, officer.memberships.map((m) => m.stationId), officer.stations)
  const scope = await adminScope(ports, officer)
  return {
    officer: {
      name: officer.doc.name,
      isAdmin: officer.memberships.some(isAdminMembership),
      isCityAdmin: scope.city,
      memberships: officer.memberships.flatMap((m) => {
        const s = stations.get(m.stationId)
        if (!s) return []
        return [
          {
            stationId: s._id,
            stationName: s.name,
            stationKind: s.kind,
            ...roleSideView(m),
            canManagePeople: allowsStation('manage_people', s, officer, scope),
            canPrintPoster: allowsStation('poster', s, officer, scope),
            canPublish: allowsStation('publish_notices', s, officer, scope),
            canViewSubtree: allowsStation('subtree', s, officer, scope),
            canManageTemplates: allowsStation('manage_templates', s, officer, scope),
          },
        ]
      }),
    },
  }
})

export const ME_HANDLERS: HandlersOf<typeof ME_CONTRACTS> = { getMe: getMeHandler }

import { ROLE_LABEL, SIDE_LABEL } from '../../../../types/domain'
import { getMe } from '../../../../types/contracts/me'
import { findOfficer } from '../officers'
import { defineHandler } from '../handler'
import { stationsById } from '../stations'

export const getMeHandler = defineHandler(getMe, async (_input, { ports, caller }) => {
  const officer = caller.openid ? await findOfficer(ports, caller.openid) : null
  if (!officer) return { officer: null }
  const stations = await stationsById(ports.store, officer.memberships.map((m) => m.stationId))
  return {
    officer: {
      name: officer.doc.name,
      memberships: officer.memberships.flatMap((m) => {
        const s = stations.get(m.stationId)
        if (!s) return []
        return [
          {
            stationId: s._id,
            stationName: s.name,
            stationKind: s.kind,
            role: m.role,
            roleLabel: ROLE_LABEL[m.role],
            side: m.side,
            sideLabel: SIDE_LABEL[m.side],
            admin: m.admin,
          },
        ]
      }),
    },
  }
})

import { sideSees } from '../../../../types/authz'
import { AUDIT_CONTRACTS, listAccessLog } from '../../../../types/contracts/audit'
import { COLLECTIONS } from '../../ports/collections'
import type { Where } from '../../ports/store'
import { defineHandler, type HandlersOf } from '../handler'
import { identityViewWords } from '../identity-log'
import type { AccessLogDoc } from '../records'
import { stationsById } from '../stations'
import { timeLabel } from '../time'

const listAccessLogHandler = defineHandler(listAccessLog, async ({ after, limit }, { ports, scope: given }) => {
  const scope = given!
  const where: Where = scope.city ? {} : { countyId: { $in: scope.countyIds } }
  const page = await ports.store.find<AccessLogDoc>(COLLECTIONS.accessLog, { where, orderBy: { field: 'at', dir: 'desc' }, limit, after })
  // The log names cases: a row is shown only to a reader whose side may see that case (D8a).
  const rows = page.items.filter((r) => scope.sides.some((side) => sideSees(side, r.privacy ?? 'confidential')))
  const stations = await stationsById(ports.store, rows.map((r) => r.stationId))
  return {
    items: rows.map((r) => ({
      at: r.at,
      atLabel: timeLabel(r.at),
      officerName: r.officerName,
      stationName: stations.get(r.stationId)?.name ?? '',
      caseId: r.caseId,
      caseNo: r.caseNo,
      what: identityViewWords(r.why),
    })),
    ...(page.next ? { next: page.next } : {}),
  }
})

export const AUDIT_HANDLERS: HandlersOf<typeof AUDIT_CONTRACTS> = { listAccessLog: listAccessLogHandler }

import { mayAccessCase } from '../../../types/authz'
import { viewsOf } from '../domain/case-relation'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { AccessLogDoc, CaseDoc, MembershipDoc, OfficerView } from './records'

/**
 * Showing a worker's name and phone (D4): who may see them (the access table's `view_identity`), and the
 * access-log row written before they are shown, on every path that shows them (the case page, an export).
 * No log, no identity.
 */

/** What each path that shows identity did, in the access log's words. */
const VIEW_WORDS: Record<string, string> = {
  'case.detail': '查看了职工姓名和电话',
  'ledger.export': '导出台账，文件里有职工姓名和电话',
}
export const identityViewWords = (why: string) => VIEW_WORDS[why] ?? VIEW_WORDS['case.detail']!

/** The membership through which this officer may see the case's identity, or null (also when it has none). */
export const identityVia = (officer: OfficerView, c: CaseDoc): MembershipDoc | null => {
  if (!c.identity) return null
  return viewsOf(officer.memberships, c).find((v) => mayAccessCase('view_identity', c.privacy, [v]))?.membership ?? null
}

/** Writes the access-log row of one identity view; `why` names the path (`case.detail`, `ledger.export`). */
export const logIdentityView = (ports: Ports, officer: OfficerView, c: CaseDoc, via: MembershipDoc, why: string) =>
  ports.store.insert<AccessLogDoc>(COLLECTIONS.accessLog, {
    _id: ports.ids.next(),
    caseId: c._id,
    at: ports.clock.now(),
    officerId: officer.doc._id,
    stationId: via.stationId,
    what: 'identity',
    why,
    countyId: c.ownerPath[1] ?? null,
    privacy: c.privacy,
    caseNo: c.caseNo,
    officerName: officer.doc.name,
  })

/** The case's identity for this officer, logged first; null when they may not see it or it has none. */
export const identityFor = async (ports: Ports, officer: OfficerView, c: CaseDoc, why: string): Promise<{ name: string; phone: string } | null> => {
  const via = identityVia(officer, c)
  if (!via || !c.identity) return null
  await logIdentityView(ports, officer, c, via, why)
  return { ...c.identity }
}

import { mayAccessCase } from '../../../types/authz'
import type { ClaimView } from '../../../types/contracts/case'
import { CLAIM_CODE_LENGTH, type ClaimSlip } from '../../../types/contracts/intake'
import { isAssistedChannel } from '../../../types/domain'
import { viewsOf } from '../domain/case-relation'
import { MAX_WRONG_CODES } from '../domain/claim'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Store, TxStore } from '../ports/store'
import { AppError } from '../../../types/errors'
import { HOTLINES, hotlineOnWire } from '../../../types/hotlines'
import { findOfficer, stationRecipients } from './officers'
import type { CaseDoc, ClaimDoc, MembershipDoc, StationDoc } from './records'
import { timeLabel } from './time'

/**
 * Claim codes of 代为登记 (ADR 0010): giving one out, how a case's claim reads to officers, and whom to tell
 * when one locks. A code exists in clear only in the answer that gives it out; the store keeps its keyed hash.
 */

export const claimOf = (store: Store | TxStore, caseNo: string) => store.get<ClaimDoc>(COLLECTIONS.claims, caseNo)

/** The officer giving a code out, through the membership they act with. */
export interface Issuer {
  officerId: string
  membershipId: string
  stationId: string
}

/**
 * Gives out a new code for a case filed by an officer, inside the caller's transaction: its keyed hash
 * replaces any earlier one (which stops working) with no wrong tries counted. Returns the code, to be
 * answered once. A case the worker filed, or one already claimed, gets none.
 */
export const putClaimCode = async (
  tx: TxStore,
  ports: Ports,
  c: Pick<CaseDoc, 'caseNo' | 'channel' | '_id'>,
  issuer: Issuer,
  now: number,
): Promise<{ code: string; replaced: boolean }> => {
  if (!isAssistedChannel(c.channel)) throw new AppError('CLAIM_NOT_NEEDED')
  const code = ports.ids.code(CLAIM_CODE_LENGTH)
  const fields = { codeKey: ports.secrets.claimCodeKey(c.caseNo, code), status: 'open' as const, wrongTries: 0, issuedAt: now, issuedBy: issuer }
  const earlier = await tx.get<ClaimDoc>(COLLECTIONS.claims, c.caseNo)
  if (earlier?.status === 'used') throw new AppError('CLAIM_ALREADY_CLAIMED')
  if (earlier) await tx.update<ClaimDoc>(COLLECTIONS.claims, c.caseNo, earlier._v, fields)
  else await tx.insert<ClaimDoc>(COLLECTIONS.claims, { _id: c.caseNo, caseId: c._id, ...fields })
  return { code, replaced: !!earlier }
}

/** The slip the officer hands over: the case number, the code (or why there is none), and whom to ask. */
export const slipOf = (
  c: Pick<CaseDoc, '_id' | 'caseNo'>,
  code: { claimCode: string } | { note: string },
  station: Pick<StationDoc, 'name' | 'phone'>,
  ownerStationName: string,
  mayIssue: boolean,
  at: number,
): ClaimSlip => ({
  caseId: c._id,
  caseNo: c.caseNo,
  claimCode: 'claimCode' in code ? code.claimCode : null,
  note: 'note' in code ? code.note : null,
  stationName: station.name,
  stationPhone: station.phone,
  hotline: hotlineOnWire(HOTLINES[0]!),
  ownerStationName,
  mayIssue,
  issuedAtLabel: timeLabel(at),
})

/** Where a case's claim stands, for officers; null on a case the worker filed themselves. */
export const claimViewOf = (c: CaseDoc, claim: ClaimDoc | null, mayIssue: boolean, ownerStationName: string): ClaimView | null => {
  if (!isAssistedChannel(c.channel)) return null
  if (c.workerKey || claim?.status === 'used')
    return { state: 'claimed', text: `职工已在微信里认领${claim?.usedAt ? `（${timeLabel(claim.usedAt)}）` : ''}，可以自己查看进度、补充情况和评价`, mayIssue: false }
  // Only the owning station gives codes out: others are told whom to ask.
  const byWhom = mayIssue ? '' : `（由 ${ownerStationName} 生成）`
  if (!claim) return { state: 'none', text: `还没有发出认领码：生成后交给职工，职工凭它在微信里查看进度${byWhom}`, mayIssue }
  if (claim.status === 'locked')
    return { state: 'locked', text: `认领码连续输错 ${MAX_WRONG_CODES} 次，已锁定：请重新生成，把新的认领码交给职工${byWhom}`, mayIssue }
  return {
    state: 'open',
    text: `等待职工认领（认领码 ${timeLabel(claim.issuedAt)} 发出${claim.wrongTries ? `，已输错 ${claim.wrongTries} 次` : ''}）：职工在微信 我的诉求 → 认领诉求 里输入诉求编号和认领码`,
    mayIssue,
  }
}

/**
 * Who is told when a code locks: the officer who gave it out, while they may still see the case; and when they
 * may not give out a new one (gone, or the case moved on), the officers of the owning station who may see it
 * (the visibility rule, D8a, through `stationRecipients`).
 */
export const lockRecipients = async (ports: Ports, c: CaseDoc, claim: ClaimDoc): Promise<string[]> => {
  const out: string[] = []
  let issuerMayIssue = false
  const m = await ports.store.get<MembershipDoc>(COLLECTIONS.memberships, claim.issuedBy.membershipId)
  if (m && m.officerId === claim.issuedBy.officerId) {
    const officer = await findOfficer(ports, m.openid)
    const views = officer ? viewsOf(officer.memberships, c) : []
    if (mayAccessCase('view', c.privacy, views)) out.push(m.openid)
    issuerMayIssue = mayAccessCase('issue_claim', c.privacy, views)
  }
  if (!issuerMayIssue) for (const r of await stationRecipients(ports, c.ownerStationId, c.privacy)) out.push(r.openid)
  return [...new Set(out)]
}

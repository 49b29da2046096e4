import { mayAccessCase, sideSees } from '../../../../types/authz'
import { claimCase, fileAssistedCase, INTAKE_CONTRACTS, issueClaimCode } from '../../../../types/contracts/intake'
import { isAssistedChannel, PRIVACY_LABEL } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import type { Notice, TimelineEvent } from '../../domain/case-engine'
import { viewsOf } from '../../domain/case-relation'
import { judgeClaim, MAX_WRONG_CODES, type ClaimVerdict } from '../../domain/claim'
import { COLLECTIONS } from '../../ports/collections'
import { writeEffects } from '../case-actions'
import { writeCase } from '../case-write'
import { claimOf, lockRecipients, putClaimCode, slipOf } from '../claims'
import { defineHandler, type HandlersOf } from '../handler'
import { deliverSoon } from '../outbox'
import type { CaseDoc, ClaimDoc, OutboxDoc } from '../records'
import { getStationOr404 } from '../stations'
import { fileCase } from './case.handlers'

// The operations of contracts/intake.ts: 代为登记 (an officer files for a worker), claim codes, and the worker's claim (ADR 0010).

/** The officer's answer carries the code once; a retry of the same request gets this instead (the code is not stored). */
const replayNote = (mayIssue: boolean, ownerStationName: string) =>
  `认领码只在登记成功时显示一次，这次没有显示出来：${mayIssue ? '请点 重新生成认领码，把新的交给职工' : `请 ${ownerStationName} 重新生成认领码`}`

/**
 * 代为登记: the worker's form, filed by an officer at their own station for a worker who came in or called. The
 * case is routed like any other (an employer-side officer's confidential case skips the enterprise station,
 * `stationMayHold`); it records who filed it and how, stores the identity the worker gave (none when anonymous)
 * and no openid; the officer gets the case number and a claim code to hand over. The visibility rule decides the
 * code too: an officer whose side may not see the case (the employer side, on a case that is not open) gets no
 * code — the owning station gives it out, so the employer side cannot follow the case through it.
 */
const fileAssistedCaseHandler = defineHandler(fileAssistedCase, async (input, ctx) => {
  const officer = ctx.officer!
  const station = ctx.station!
  // A member of the station: the contract's station access, checked before the handler.
  const membership = officer.memberships.find((m) => m.stationId === station._id)!
  const issuer = { officerId: officer.doc._id, membershipId: membership._id, stationId: station._id }
  return fileCase(
    input,
    ctx,
    {
      workerOpenid: null,
      filedBy: { ...issuer, officerName: officer.doc.name, stationName: station.name, channel: input.channel },
      acting: { actor: 'officer', officerId: officer.doc._id, officerName: officer.doc.name, stationName: station.name },
      quiet: officer.doc.openid,
    },
    async (tx, doc, result, owner) => {
      const mayIssue = mayAccessCase('issue_claim', doc.privacy, viewsOf(officer.memberships, doc))
      if (!sideSees(membership.side, doc.privacy)) {
        const note = `这条诉求选择了“${PRIVACY_LABEL[doc.privacy]}”，由 ${owner.name} 办理，认领码也由它发给职工：请职工带上诉求编号联系 ${owner.name}（电话 ${owner.phone}）`
        const slip = slipOf(doc, { note }, owner, owner.name, false, doc.createdAt)
        return { answer: { ...result, slip }, remembered: { ...result, slip } }
      }
      const { code } = await putClaimCode(tx, ctx.ports, doc, issuer, doc.createdAt)
      const slip = slipOf(doc, { claimCode: code }, station, owner.name, mayIssue, doc.createdAt)
      return { answer: { ...result, slip }, remembered: { ...result, slip: { ...slip, claimCode: null, note: replayNote(mayIssue, owner.name) } } }
    },
  )
})

/** A new code for a case filed by an officer and not claimed yet; the earlier code stops working. */
const issueClaimCodeHandler = defineHandler(issueClaimCode, async (_input, { ports, officer, caseDoc }) => {
  const c = caseDoc!
  if (!isAssistedChannel(c.channel)) throw new AppError('CLAIM_NOT_NEEDED')
  if (c.workerKey) throw new AppError('CLAIM_ALREADY_CLAIMED')
  // The membership the case access table allowed this through (the owning station's).
  const via = viewsOf(officer!.memberships, c).find((v) => mayAccessCase('issue_claim', c.privacy, [v]))!.membership
  const station = await getStationOr404(ports.store, via.stationId)
  const now = ports.clock.now()
  const code = await ports.store.transaction(async (tx) => {
    const put = await putClaimCode(tx, ports, c, { officerId: officer!.doc._id, membershipId: via._id, stationId: via.stationId }, now)
    const did = put.replaced ? '重新生成了认领码，之前的认领码不能再用' : '生成了认领码'
    const event: TimelineEvent = { kind: 'claim', text: did, did, internal: true, actor: 'officer' }
    await writeEffects(tx, ports, c, { events: [event] }, [], { actor: 'officer', officerId: officer!.doc._id, officerName: officer!.doc.name, stationName: station.name }, now)
    return put.code
  })
  return slipOf(c, { claimCode: code }, station, station.name, true, now)
})

const LOCK_NOTICE: Omit<Notice, 'target'> = { kind: 'case.claim_locked', summary: `认领码输错${MAX_WRONG_CODES}次已锁定` }

/** What a refused attempt tells the worker. */
const refusal = (v: Exclude<ClaimVerdict, { outcome: 'claimed' | 'already_yours' }>): AppError => {
  switch (v.outcome) {
    case 'not_found':
      return new AppError('CLAIM_NOT_FOUND', undefined, ['caseNo'])
    case 'wrong':
      return new AppError('CLAIM_WRONG_CODE', `认领码不对，请核对凭条后再输入（这条诉求还可以再试 ${v.triesLeft} 次）`, ['code'])
    case 'locked_now':
    case 'locked':
      return new AppError('CLAIM_LOCKED', undefined, ['code'])
    case 'used':
      return new AppError('CLAIM_USED', undefined, ['code'])
  }
}

/**
 * The worker attaches a case filed for them to their account: the case gets their worker key, as if they had
 * filed it (and, unless it is anonymous, their openid for reminders; an anonymous case stores no identity, D5).
 * The code is used up. Every attempt counts against the caller's hourly limit (the contract's `claim` bucket,
 * types/rate-limits.ts); wrong codes
 * count against the case's code, which locks at the fifth and tells the officer who gave it out.
 */
const claimCaseHandler = defineHandler(claimCase, async ({ caseNo, code }, { ports, caller }) => {
  const openid = caller.openid!
  const workerKey = ports.secrets.workerKey(openid)
  const now = ports.clock.now()
  // Whom to tell should this attempt lock the code, read now: the transaction reads documents by id only. Only
  // an open code can lock, and a code given out in the meantime starts with no wrong tries.
  const before = await claimOf(ports.store, caseNo)
  const beforeCase = before?.status === 'open' ? await ports.store.get<CaseDoc>(COLLECTIONS.cases, before.caseId) : null
  const tell = before && beforeCase ? await lockRecipients(ports, beforeCase, before) : []

  let rows: OutboxDoc[] = []
  const done = await ports.store.transaction(async (tx) => {
    rows = []
    const claim = await tx.get<ClaimDoc>(COLLECTIONS.claims, caseNo)
    const c = claim ? await tx.get<CaseDoc>(COLLECTIONS.cases, claim.caseId) : null
    const verdict = judgeClaim(claim && c ? claim : null, { codeMatches: !!claim && claim.codeKey === ports.secrets.claimCodeKey(caseNo, code), workerKey })
    if (!claim || !c) return { verdict }
    switch (verdict.outcome) {
      case 'wrong':
        await tx.update<ClaimDoc>(COLLECTIONS.claims, caseNo, claim._v, { wrongTries: claim.wrongTries + 1 })
        break
      case 'locked_now': {
        await tx.update<ClaimDoc>(COLLECTIONS.claims, caseNo, claim._v, { wrongTries: claim.wrongTries + 1, status: 'locked', lockedAt: now })
        const event: TimelineEvent = { kind: 'claim', text: `认领码连续输错 ${MAX_WRONG_CODES} 次，已锁定；已提醒发出认领码的工作人员`, internal: true, actor: 'system' }
        const notice: Notice = { ...LOCK_NOTICE, target: { to: 'station', stationId: c.ownerStationId } }
        rows = await writeEffects(tx, ports, c, { events: [event] }, [{ n: notice, to: tell }], { actor: 'system' }, now)
        break
      }
      case 'claimed': {
        await tx.update<ClaimDoc>(COLLECTIONS.claims, caseNo, claim._v, { status: 'used', usedAt: now, usedByKey: workerKey })
        await writeCase(tx, c, {
          ...c,
          workerKey,
          // An anonymous case keeps no openid (D5): the worker follows it through the keyed hash only.
          ...(c.privacy === 'anonymous' ? {} : { workerOpenid: openid }),
          updatedAt: now,
        })
        const event: TimelineEvent = { kind: 'claim', text: '职工已在微信里认领这条诉求，可以自己查看进度', internal: false, actor: 'worker' }
        rows = await writeEffects(tx, ports, c, { events: [event] }, [], { actor: 'worker' }, now)
        break
      }
    }
    return { verdict, caseId: c._id }
  })
  await deliverSoon(ports, rows)

  const { verdict } = done
  if (verdict.outcome === 'claimed' || verdict.outcome === 'already_yours') return { id: done.caseId!, caseNo, already: verdict.outcome === 'already_yours' }
  throw refusal(verdict)
})

export const INTAKE_HANDLERS: HandlersOf<typeof INTAKE_CONTRACTS> = {
  fileAssistedCase: fileAssistedCaseHandler,
  issueClaimCode: issueClaimCodeHandler,
  claimCase: claimCaseHandler,
}

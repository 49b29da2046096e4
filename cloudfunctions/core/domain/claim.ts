/**
 * Claiming a case filed by an officer (代为登记, ADR 0010): what one attempt with a case number and a code does.
 * Pure: the handler reads the claim, asks here, and writes what the answer says in one transaction. (The
 * per-caller limit on attempts is the contract's `claim` rate-limit bucket, types/rate-limits.ts.)
 */

/** Wrong codes for one case before its code locks (the officer who gave it out is told). */
export const MAX_WRONG_CODES = 5

export interface ClaimState {
  status: 'open' | 'locked' | 'used'
  wrongTries: number
  /** The worker key the case went to, once used. */
  usedByKey?: string
}

export type ClaimVerdict =
  /** The code is right: the case is the caller's from now on, and the code is used up. */
  | { outcome: 'claimed' }
  /** The caller claimed this case before (a retry): nothing changes. */
  | { outcome: 'already_yours' }
  | { outcome: 'not_found' }
  | { outcome: 'wrong'; triesLeft: number }
  /** This wrong code was the last one allowed: the code locks now. */
  | { outcome: 'locked_now' }
  | { outcome: 'locked' }
  | { outcome: 'used' }

/** One attempt on a case's claim (null: no such case, or one the worker filed themselves). */
export const judgeClaim = (claim: ClaimState | null, attempt: { codeMatches: boolean; workerKey: string }): ClaimVerdict => {
  if (!claim) return { outcome: 'not_found' }
  if (claim.status === 'used') return claim.usedByKey === attempt.workerKey ? { outcome: 'already_yours' } : { outcome: 'used' }
  if (claim.status === 'locked') return { outcome: 'locked' }
  if (attempt.codeMatches) return { outcome: 'claimed' }
  const wrong = claim.wrongTries + 1
  return wrong >= MAX_WRONG_CODES ? { outcome: 'locked_now' } : { outcome: 'wrong', triesLeft: MAX_WRONG_CODES - wrong }
}

import { judgeClaim, MAX_WRONG_CODES } from '../../cloudfunctions/core/domain/claim'

describe('one attempt on a claim code (代为登记)', () => {
  const open = { status: 'open' as const, wrongTries: 0 }
  const me = { workerKey: 'k-me' }

  it('claims with the right code, and counts a wrong one with the tries left', () => {
    expect(judgeClaim(open, { ...me, codeMatches: true })).toEqual({ outcome: 'claimed' })
    expect(judgeClaim(open, { ...me, codeMatches: false })).toEqual({ outcome: 'wrong', triesLeft: MAX_WRONG_CODES - 1 })
  })

  it('locks at the fifth wrong code, and then refuses the right one too', () => {
    expect(judgeClaim({ status: 'open', wrongTries: MAX_WRONG_CODES - 2 }, { ...me, codeMatches: false })).toEqual({ outcome: 'wrong', triesLeft: 1 })
    expect(judgeClaim({ status: 'open', wrongTries: MAX_WRONG_CODES - 1 }, { ...me, codeMatches: false })).toEqual({ outcome: 'locked_now' })
    expect(judgeClaim({ status: 'locked', wrongTries: MAX_WRONG_CODES }, { ...me, codeMatches: true })).toEqual({ outcome: 'locked' })
  })

  it('uses a code once: the worker who used it is answered as already theirs, anyone else refused', () => {
    const used = { status: 'used' as const, wrongTries: 0, usedByKey: 'k-me' }
    expect(judgeClaim(used, { ...me, codeMatches: true })).toEqual({ outcome: 'already_yours' })
    expect(judgeClaim(used, { workerKey: 'k-other', codeMatches: true })).toEqual({ outcome: 'used' })
  })

  it('finds nothing without a claim', () => {
    expect(judgeClaim(null, { ...me, codeMatches: false })).toEqual({ outcome: 'not_found' })
  })
})

import { DEFAULT_CONCLUSIONS } from '../../cloudfunctions/core/domain/conclusions'
import { idleClocks } from '../../cloudfunctions/core/domain/case-clocks'
import type { CaseModel } from '../../cloudfunctions/core/domain/case-engine'
import { addBucket, addFact, emptyBucket, ledgerFacts, meanStars, percent } from '../../cloudfunctions/core/domain/ledger'
import { addMonths, dateOf, monthLabel, monthOf, quarterLabel, quarterMonths, recentWeeks, shortDate, weekOf, weekStart } from '../../cloudfunctions/core/domain/periods'

/** Shanghai wall time → epoch ms, whatever the process zone (these tests run under Asia/Shanghai and UTC). */
const sh = (y: number, m: number, d: number, h = 12, min = 0) => Date.UTC(y, m - 1, d, h - 8, min)

describe('periods, in Shanghai whatever the process zone', () => {
  it('puts an instant in its Shanghai month and date, also just after midnight', () => {
    expect(monthOf(sh(2026, 12, 1, 0, 5))).toBe('2026-12')
    expect(monthOf(sh(2026, 11, 30, 23, 59))).toBe('2026-11')
    expect(dateOf(sh(2027, 1, 1, 0, 1))).toBe('2027-01-01')
    expect([addMonths('2026-11', 2), addMonths('2026-01', -1), monthLabel('2026-03')]).toEqual(['2027-01', '2025-12', '2026年3月'])
  })

  it('numbers ISO weeks from Monday, across the turn of the year', () => {
    expect(weekOf(sh(2026, 11, 25))).toBe('2026-W48')
    expect(weekOf(sh(2026, 11, 23, 0, 1))).toBe('2026-W48')
    expect(weekOf(sh(2026, 11, 22, 23, 59))).toBe('2026-W47')
    expect(weekOf(sh(2026, 12, 31))).toBe('2026-W53')
    expect(weekOf(sh(2027, 1, 3))).toBe('2026-W53')
    expect(weekOf(sh(2027, 1, 4))).toBe('2027-W01')
    expect(weekOf(sh(2025, 12, 29))).toBe('2026-W01')
    expect(shortDate(weekStart(sh(2026, 11, 25)))).toBe('11月23日')
  })

  it('lists the last twelve weeks oldest first, and a quarter’s months', () => {
    const weeks = recentWeeks(sh(2026, 12, 7), 12)
    expect(weeks).toHaveLength(12)
    expect([weeks[0]!.id, weeks[11]!.id, shortDate(weeks[11]!.start)]).toEqual(['2026-W39', '2026-W50', '12月7日'])
    expect(new Set(weeks.map((w) => w.id)).size).toBe(12)
    expect([quarterMonths('2026-11'), quarterLabel('2026-02')]).toEqual([['2026-10', '2026-11', '2026-12'], '2026年第一季度'])
  })
})

const base = (over: Partial<CaseModel> = {}): CaseModel => ({
  state: 'submitted',
  heldFrom: null,
  category: 'wage_arrears',
  workersAffected: 3,
  groupFlag: false,
  privacy: 'open',
  createdAt: 0,
  ownerStationId: 'street',
  ownerPath: ['city', 'county', 'street'],
  firstStationId: 'street',
  supervisorStationId: null,
  clocks: { ...idleClocks(), accept: { dueAt: 1000, warnAt: null, misses: 0 }, resolve: { dueAt: 5000, warnAt: null, misses: 0 } },
  transfers: 0,
  pendingTransfer: null,
  noReturnTo: [],
  reopenCount: 0,
  firstRepliedAt: null,
  resolvedAt: null,
  closedAt: null,
  rating: null,
  referral: null,
  conclusion: null,
  ...over,
})

describe('what a case change means for the ledger', () => {
  it('books intake at the first owner, and an accept on time or late', () => {
    expect(ledgerFacts({ type: 'open' }, null, base(), 10)).toEqual([{ kind: 'filed', stationId: 'street', at: 10 }])
    const accepted = base({ state: 'accepted' })
    expect(ledgerFacts({ type: 'accept' }, base(), accepted, 900)).toEqual([{ kind: 'accepted', stationId: 'street', at: 900, onTime: true }])
    expect(ledgerFacts({ type: 'accept' }, base(), accepted, 1001)[0]!.onTime).toBe(false)
    // After a miss the clock runs again: accepting then is never on time.
    const missed = base({ clocks: { ...base().clocks, accept: { dueAt: 9000, warnAt: null, misses: 1 } } })
    expect(ledgerFacts({ type: 'accept' }, missed, accepted, 1500)[0]!.onTime).toBe(false)
  })

  it('books a missed accept at the owner and the move at the station above', () => {
    const moved = base({ ownerStationId: 'county', ownerPath: ['city', 'county'] })
    expect(ledgerFacts({ type: 'miss', clock: 'accept' }, base(), moved, 1100)).toEqual([
      { kind: 'movedIn', stationId: 'county', at: 1100 },
      { kind: 'overdue', stationId: 'street', at: 1100 },
    ])
  })

  it('books an unanswered transfer as overdue at the station that was asked', () => {
    const asked = base({ state: 'accepted', pendingTransfer: { toStationId: 'park', fromStationId: 'street', reason: 'x', requestedAt: 0 } })
    const bounced = base({ state: 'submitted', ownerStationId: 'county', ownerPath: ['city', 'county'] })
    expect(ledgerFacts({ type: 'miss', clock: 'transfer' }, asked, bounced, 2000).map((f) => [f.kind, f.stationId])).toEqual([
      ['movedIn', 'county'],
      ['overdue', 'park'],
    ])
  })

  it('counts a wage-arrears case’s money once across a reopen, and resolutions by conclusion', () => {
    const solved = { item: DEFAULT_CONCLUSIONS[0]! }
    const working = base({ state: 'in_progress' })
    const first = base({ state: 'resolved', conclusion: { key: 'mediated', label: '已达成调解', amountRecovered: 8600, workersPaid: 3 } })
    const [r1] = ledgerFacts({ type: 'resolve', text: 'x', conclusion: solved }, working, first, 3000)
    expect(r1).toMatchObject({ kind: 'resolved', onTime: true, conclusion: 'mediated', amount: 8600, workers: 3 })
    const reopened = { ...first, state: 'in_progress' as const, reopenCount: 1 }
    const second = { ...reopened, state: 'resolved' as const, conclusion: { key: 'solved', label: '已解决', amountRecovered: 9000, workersPaid: 4 } }
    const [r2] = ledgerFacts({ type: 'resolve', text: 'x', conclusion: solved }, reopened, second, 6000)
    expect(r2).toMatchObject({ onTime: false, conclusion: 'solved', amount: 400, workers: 1 })
    const b = addFact(addFact(emptyBucket(), r1!, 'wage_arrears'), r2!, 'wage_arrears')
    expect(b.n).toEqual({ resolved: 2, resolvedOnTime: 1, recoveredAmount: 9000, workersPaid: 4 })
    expect(b.conclusions).toEqual({ mediated: 1, solved: 1 })
    expect(addBucket(emptyBucket(), b).cat.wage_arrears).toEqual(b.n)
  })

  it('words rates and stars only when there is something to divide by', () => {
    expect([percent(3, 4), percent(1, 0), percent(undefined, undefined)]).toEqual([75, null, null])
    expect([meanStars({ rated: 2, ratingSum: 9 }), meanStars({})]).toEqual([4.5, null])
  })
})

import calendarData from '../../cloudfunctions/core/data/cn-workday-calendar.json'
import {
  clockMinutes,
  DEFAULT_SLA_POLICY,
  dueTimes,
  GROUP_THRESHOLD,
  tracksFor,
  type SlaPolicy,
} from '../../cloudfunctions/core/domain/sla-policy'
import { loadCalendar, WORKING_MINUTES_PER_DAY } from '../../cloudfunctions/core/domain/working-time'
import type { Category } from '../../types/domain'

/** Shanghai wall time 'YYYY-MM-DD HH:mm' → epoch ms, without the process time zone. */
const sh = (s: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(s)
  if (!m) throw new Error(`bad test time ${s}`)
  const [, y, mo, d, h, mi] = m
  return Date.UTC(+y, +mo - 1, +d, +h, +mi) - 8 * 3_600_000
}

const cal = loadCalendar(calendarData)
const DAY = WORKING_MINUTES_PER_DAY
const HOUR = 60

describe('DEFAULT_SLA_POLICY', () => {
  it('is the settled table', () => {
    const general = { accept: 1 * DAY, firstReply: 2 * DAY, resolve: 15 * DAY }
    expect(DEFAULT_SLA_POLICY).toEqual({
      contract: general,
      pay: general,
      social_insurance: general,
      hours_leave: general,
      safety_health: general,
      union_democracy: general,
      dismissal: general,
      other: general,
      wage_arrears: { accept: 4 * HOUR, firstReply: 1 * DAY, resolve: 10 * DAY },
      policy_question: { accept: 1 * DAY, firstReply: 2 * DAY, resolve: 3 * DAY },
      group: { accept: 2 * HOUR, firstReply: 4 * HOUR, resolve: 5 * DAY },
      // 督办 window (D14), transfer answer (D10), the worker's confirmation (DOMAIN §3).
      fixed: { supervision: 3 * DAY, transfer: 1 * DAY, autoClose: 7 * DAY },
    })
    expect(GROUP_THRESHOLD).toBe(10)
  })

  it('cannot be mutated by accident', () => {
    expect(Object.isFrozen(DEFAULT_SLA_POLICY)).toBe(true)
    expect(Object.isFrozen(DEFAULT_SLA_POLICY.contract)).toBe(true)
  })
})

describe('clockMinutes', () => {
  const general = DEFAULT_SLA_POLICY.contract
  const wage = DEFAULT_SLA_POLICY.wage_arrears
  const policyQ = DEFAULT_SLA_POLICY.policy_question
  const group = DEFAULT_SLA_POLICY.group

  it.each<[string, Category, number, boolean | undefined, Record<'accept' | 'firstReply' | 'resolve', number>]>([
    ['contract, one worker: general', 'contract', 1, undefined, general],
    ['other, one worker: general', 'other', 1, undefined, general],
    ['dismissal, 9 workers (below threshold): general', 'dismissal', GROUP_THRESHOLD - 1, undefined, general],
    ['wage arrears, one worker', 'wage_arrears', 1, undefined, wage],
    ['policy question, one worker', 'policy_question', 1, undefined, policyQ],
    ['contract, exactly 10 workers: group is stricter everywhere', 'contract', GROUP_THRESHOLD, undefined, group],
    ['pay, flagged group with 2 workers', 'pay', 2, true, group],
    ['flag false does not cancel the threshold', 'safety_health', 30, false, group],
    ['wage arrears group case: group wins every clock', 'wage_arrears', 50, undefined, { accept: 2 * HOUR, firstReply: 4 * HOUR, resolve: 5 * DAY }],
    [
      'policy question group case: group wins accept/firstReply, policy question wins resolve',
      'policy_question',
      12,
      undefined,
      { accept: 2 * HOUR, firstReply: 4 * HOUR, resolve: 3 * DAY },
    ],
  ])('%s', (_label, category, workersAffected, groupFlag, expected) => {
    expect(clockMinutes(DEFAULT_SLA_POLICY, { category, workersAffected, groupFlag })).toEqual(expected)
  })

  it('takes the stricter track clock by clock under a custom policy', () => {
    const custom: SlaPolicy = {
      ...DEFAULT_SLA_POLICY,
      wage_arrears: { accept: 60, firstReply: 8 * HOUR, resolve: 10 * DAY },
      group: { accept: 3 * HOUR, firstReply: 2 * HOUR, resolve: 12 * DAY },
    }
    expect(clockMinutes(custom, { category: 'wage_arrears', workersAffected: 10 })).toEqual({
      accept: 60, // wage arrears stricter
      firstReply: 2 * HOUR, // group stricter
      resolve: 10 * DAY, // wage arrears stricter
    })
  })

  it('each category has its own track, which a change to another category does not touch', () => {
    const custom: SlaPolicy = { ...DEFAULT_SLA_POLICY, wage_arrears: { accept: 2 * DAY, firstReply: 3 * DAY, resolve: 20 * DAY } }
    expect(clockMinutes(custom, { category: 'wage_arrears', workersAffected: 1 })).toEqual(custom.wage_arrears)
    expect(tracksFor({ category: 'wage_arrears', workersAffected: 1 })).toEqual(['wage_arrears'])
    expect(tracksFor({ category: 'contract', workersAffected: 10 })).toEqual(['contract', 'group'])
    const slowerPay: SlaPolicy = { ...DEFAULT_SLA_POLICY, pay: { accept: 2 * DAY, firstReply: 3 * DAY, resolve: 20 * DAY } }
    expect(clockMinutes(slowerPay, { category: 'pay', workersAffected: 1 }).resolve).toBe(20 * DAY)
    expect(clockMinutes(slowerPay, { category: 'contract', workersAffected: 1 }).resolve).toBe(15 * DAY)
  })
})

describe('dueTimes', () => {
  it.each<[string, Category, number, string, Record<'accept' | 'firstReply' | 'resolve', string>]>([
    [
      'general case filed Wednesday 09:00',
      'contract',
      1,
      '2026-11-25 09:00',
      { accept: '2026-11-26 09:00', firstReply: '2026-11-27 09:00', resolve: '2026-12-16 09:00' },
    ],
    [
      // Starts 13:30; a whole working day later is 12:00 the next day (the end of its morning segment;
      // 12:00 and 13:30 are the same point on the working clock, and a due time lands on the earlier).
      'general case filed at 12:30 starts at 13:30, due at 12:00 on later days',
      'contract',
      1,
      '2026-11-25 12:30',
      { accept: '2026-11-26 12:00', firstReply: '2026-11-27 12:00', resolve: '2026-12-16 12:00' },
    ],
    [
      'wage-arrears group case filed Saturday starts Monday 08:30',
      'wage_arrears',
      25,
      '2026-11-28 10:00',
      { accept: '2026-11-30 10:30', firstReply: '2026-11-30 14:00', resolve: '2026-12-04 17:30' },
    ],
    [
      'wage-arrears case filed before National Day',
      'wage_arrears',
      1,
      '2026-09-30 15:00',
      { accept: '2026-10-08 10:00', firstReply: '2026-10-08 15:00', resolve: '2026-10-20 15:00' },
    ],
    [
      'policy question filed Friday 17:45',
      'policy_question',
      1,
      '2026-11-27 17:45',
      { accept: '2026-11-30 17:30', firstReply: '2026-12-01 17:30', resolve: '2026-12-02 17:30' },
    ],
  ])('%s', (_label, category, workersAffected, start, expected) => {
    const due = dueTimes(cal, DEFAULT_SLA_POLICY, { category, workersAffected }, sh(start))
    expect(due).toEqual({ accept: sh(expected.accept), firstReply: sh(expected.firstReply), resolve: sh(expected.resolve) })
  })
})

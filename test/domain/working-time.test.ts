import calendarData from '../../cloudfunctions/core/data/cn-workday-calendar.json'
import {
  addWorkingMinutes,
  deadlineLabel,
  durationWords,
  formatDateCn,
  formatDateTimeCn,
  loadCalendar,
  nextWorkingMoment,
  WORKING_MINUTES_PER_DAY,
  workingMinutesBetween,
  type WorkdayCalendar,
} from '../../cloudfunctions/core/domain/working-time'
import { clockDeadlineLabel } from '../../cloudfunctions/core/domain/case-clocks'

/** Shanghai wall time 'YYYY-MM-DD HH:mm[:ss]' → epoch ms, without the process time zone. */
const sh = (s: string): number => {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})(?::(\d{2}))?$/.exec(s)
  if (!m) throw new Error(`bad test time ${s}`)
  const [, y, mo, d, h, mi, se] = m
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, se ? +se : 0) - 8 * 3_600_000
}

/** Epoch ms → Shanghai wall time 'YYYY-MM-DD HH:mm' (or with :ss when seconds are not zero). */
const show = (ms: number): string => {
  const d = new Date(ms + 8 * 3_600_000)
  const p = (n: number) => String(n).padStart(2, '0')
  const base = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}`
  return d.getUTCSeconds() ? `${base}:${p(d.getUTCSeconds())}` : base
}

/** Deterministic pseudo-random numbers in [0, 1): a 32-bit LCG (Numerical Recipes constants). */
const lcg = (seed: number) => {
  let x = seed >>> 0
  return (): number => {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0
    return x / 2 ** 32
  }
}

const cal = loadCalendar(calendarData)
const DAY = WORKING_MINUTES_PER_DAY

describe('sh / show helpers', () => {
  it('round-trip Shanghai wall time', () => {
    expect(sh('2026-11-25 09:00')).toBe(Date.UTC(2026, 10, 25, 1, 0))
    expect(show(sh('2026-01-01 00:30'))).toBe('2026-01-01 00:30')
  })
})

describe('loadCalendar', () => {
  it.each([
    ['2026-11-25', true, 'ordinary Wednesday'],
    ['2026-11-28', false, 'ordinary Saturday'],
    ['2026-11-29', false, 'ordinary Sunday'],
    ['2026-10-01', false, 'National Day'],
    ['2026-10-07', false, 'National Day week (Wednesday)'],
    ['2026-10-08', true, 'first working day after National Day'],
    ['2026-10-10', true, '调休 make-up Saturday'],
    ['2026-09-20', true, '调休 make-up Sunday'],
    ['2026-02-14', true, '调休 make-up Saturday before Spring Festival'],
    ['2026-02-16', false, 'Spring Festival (Monday)'],
    ['2026-02-23', false, 'Spring Festival (last day, Monday)'],
    ['2026-02-24', true, 'back to work after Spring Festival'],
    ['2026-01-04', true, '调休 make-up Sunday after New Year'],
    ['2025-10-08', false, '2025 National Day / Mid-Autumn'],
    ['2025-09-28', true, '2025 make-up Sunday'],
    ['2027-01-01', true, 'uncovered year: ordinary week (Friday)'],
    ['2027-01-02', false, 'uncovered year: ordinary week (Saturday)'],
    ['2024-12-31', true, 'uncovered year before the file: ordinary week (Tuesday)'],
  ])('%s is working: %s (%s)', (ymd, expected) => {
    expect(cal.isWorkingDay(ymd)).toBe(expected)
  })

  it('knows which years it covers', () => {
    expect(cal.years).toEqual(['2025', '2026'])
    expect(cal.coversDate('2026-12-31')).toBe(true)
    expect(cal.coversDate('2027-01-01')).toBe(false)
  })

  it('counts 248 working days in 2026 (261 weekdays − 19 weekday holidays + 6 make-up days)', () => {
    expect(workingMinutesBetween(cal, sh('2026-01-01 00:00'), sh('2027-01-01 00:00'))).toBe(248 * DAY)
  })

  it('refuses malformed dates in queries', () => {
    expect(() => cal.isWorkingDay('2026-2-1')).toThrow(RangeError)
    expect(() => cal.isWorkingDay('2026-02-30')).toThrow(RangeError)
  })

  it.each([
    ['not an object', 42],
    ['missing years', { description: 'x' }],
    ['bad year key', { years: { '26': { source: 's', holidays: [] } } }],
    ['missing source', { years: { '2026': { holidays: [] } } }],
    ['impossible date', { years: { '2026': { source: 's', holidays: [{ name: 'x', dates: ['2026-02-30'] }] } } }],
    ['badly formatted date', { years: { '2026': { source: 's', holidays: [{ name: 'x', dates: ['2026/10/01'] }] } } }],
    [
      'date both holiday and make-up day',
      { years: { '2026': { source: 's', holidays: [{ name: 'x', dates: ['2026-10-10'] }], makeupWorkdays: ['2026-10-10'] } } },
    ],
  ])('rejects data with %s', (_why, data) => {
    expect(() => loadCalendar(data)).toThrow(/Invalid workday calendar/)
  })

  it('accepts a year without make-up days and an empty file (ordinary week everywhere)', () => {
    const c = loadCalendar({ years: { '2030': { source: 's', holidays: [{ name: 'x', dates: ['2030-01-01'] }] } } })
    expect(c.isWorkingDay('2030-01-01')).toBe(false)
    expect(c.isWorkingDay('2030-01-02')).toBe(true)
    const empty = loadCalendar({ years: {} })
    expect(empty.isWorkingDay('2026-10-01')).toBe(true)
    expect(empty.years).toEqual([])
  })
})

describe('addWorkingMinutes', () => {
  it.each([
    // label, from, minutes, expected due
    ['ordinary weekday', '2026-11-25 09:00', 60, '2026-11-25 10:00'],
    ['zero minutes in working time is the same moment', '2026-11-25 09:00', 0, '2026-11-25 09:00'],
    ['keeps seconds', '2026-11-25 09:00:30', 1, '2026-11-25 09:01:30'],
    ['morning segment exactly used up ends at 12:00', '2026-11-25 08:30', 210, '2026-11-25 12:00'],
    ['whole day ends at 17:30', '2026-11-25 08:30', 450, '2026-11-25 17:30'],
    ['one day from mid-morning is the same time next day', '2026-11-25 10:00', 450, '2026-11-26 10:00'],
    ['before opening starts 08:30', '2026-11-25 07:00', 30, '2026-11-25 09:00'],
    ['just after midnight starts 08:30', '2026-11-25 00:00', 0, '2026-11-25 08:30'],
    ['lunch gap is skipped', '2026-11-25 11:30', 60, '2026-11-25 14:00'],
    ['filed at 12:30 starts 13:30', '2026-11-25 12:30', 0, '2026-11-25 13:30'],
    ['filed at 12:30 plus an hour', '2026-11-25 12:30', 60, '2026-11-25 14:30'],
    ['filed at 12:00 starts 13:30', '2026-11-25 12:00', 0, '2026-11-25 13:30'],
    ['filed at 17:30 starts next morning', '2026-11-25 17:30', 0, '2026-11-26 08:30'],
    ['filed at 17:45 starts next morning', '2026-11-25 17:45', 0, '2026-11-26 08:30'],
    ['after 17:30 carries to next day', '2026-11-25 17:00', 60, '2026-11-26 09:00'],
    ['Saturday 10:00 starts Monday 08:30', '2026-11-28 10:00', 0, '2026-11-30 08:30'],
    ['Friday afternoon over the weekend', '2026-11-27 17:00', 60, '2026-11-30 09:00'],
    ['into National Day: resumes 10-08', '2026-09-30 17:00', 60, '2026-10-08 09:00'],
    ['filed on National Day starts 10-08', '2026-10-01 10:00', 0, '2026-10-08 08:30'],
    ['make-up Saturday 10-10 is working time', '2026-10-10 10:00', 0, '2026-10-10 10:00'],
    ['Friday 10-09 rolls onto make-up Saturday 10-10', '2026-10-09 17:00', 60, '2026-10-10 09:00'],
    ['make-up Sunday 09-20', '2026-09-19 12:00', 0, '2026-09-20 08:30'],
    ['Friday before Spring Festival rolls onto make-up Saturday', '2026-02-13 17:00', 60, '2026-02-14 09:00'],
    ['make-up Saturday into Spring Festival: resumes 02-24', '2026-02-14 17:00', 60, '2026-02-24 09:00'],
    ['year boundary: New Year holiday then make-up Sunday 01-04', '2025-12-31 17:00', 60, '2026-01-04 09:00'],
    ['year boundary into an uncovered year: ordinary week', '2026-12-31 17:00', 60, '2027-01-01 09:00'],
    ['uncovered year weekend', '2027-01-01 17:00', 60, '2027-01-04 09:00'],
    ['15 working days, plain weeks', '2026-11-23 08:30', 15 * DAY, '2026-12-11 17:30'],
    ['15 working days from Wednesday 09:00', '2026-11-25 09:00', 15 * DAY, '2026-12-16 09:00'],
    ['15 working days across National Day and a make-up Saturday', '2026-09-28 09:00', 15 * DAY, '2026-10-23 09:00'],
    ['15 working days across Spring Festival (two make-up Saturdays)', '2026-02-09 08:30', 15 * DAY, '2026-03-05 17:30'],
    ['15 working days across New Year 2026', '2025-12-22 08:30', 15 * DAY, '2026-01-12 17:30'],
  ])('%s: %s + %d → %s', (_label, from, minutes, expected) => {
    expect(show(addWorkingMinutes(cal, sh(from), minutes))).toBe(expected)
  })

  it('refuses negative or non-finite minutes and instants', () => {
    expect(() => addWorkingMinutes(cal, sh('2026-11-25 09:00'), -1)).toThrow(RangeError)
    expect(() => addWorkingMinutes(cal, sh('2026-11-25 09:00'), Number.NaN)).toThrow(RangeError)
    expect(() => addWorkingMinutes(cal, Number.NaN, 1)).toThrow(RangeError)
  })

  it('fails loudly on a calendar with no working days instead of looping forever', () => {
    const never: WorkdayCalendar = { isWorkingDay: () => false }
    expect(() => addWorkingMinutes(never, sh('2026-11-25 09:00'), 1)).toThrow(RangeError)
  })

  it('works with any WorkdayCalendar, not only a loaded one', () => {
    const plain: WorkdayCalendar = { isWorkingDay: (ymd) => cal.isWorkingDay(ymd) }
    expect(addWorkingMinutes(plain, sh('2026-09-28 09:00'), 15 * DAY)).toBe(sh('2026-10-23 09:00'))
    expect(workingMinutesBetween(plain, sh('2026-01-01 00:00'), sh('2027-01-01 00:00'))).toBe(248 * DAY)
  })
})

describe('nextWorkingMoment', () => {
  it.each([
    ['2026-11-25 10:15', '2026-11-25 10:15'],
    ['2026-11-25 08:30', '2026-11-25 08:30'],
    ['2026-11-25 08:29', '2026-11-25 08:30'],
    ['2026-11-25 11:59', '2026-11-25 11:59'],
    ['2026-11-25 12:00', '2026-11-25 13:30'],
    ['2026-11-25 17:29', '2026-11-25 17:29'],
    ['2026-11-25 17:30', '2026-11-26 08:30'],
    ['2026-11-28 10:00', '2026-11-30 08:30'],
    ['2026-02-15 09:00', '2026-02-24 08:30'],
    ['2026-10-10 07:00', '2026-10-10 08:30'],
  ])('%s → %s', (at, expected) => {
    expect(show(nextWorkingMoment(cal, sh(at)))).toBe(expected)
  })
})

describe('workingMinutesBetween', () => {
  it.each([
    ['same morning', '2026-11-25 09:00', '2026-11-25 10:00', 60],
    ['empty interval', '2026-11-25 09:00', '2026-11-25 09:00', 0],
    ['across lunch', '2026-11-25 11:00', '2026-11-25 14:00', 90],
    ['inside lunch', '2026-11-25 12:05', '2026-11-25 13:25', 0],
    ['whole day', '2026-11-25 00:00', '2026-11-26 00:00', 450],
    ['after hours to next morning', '2026-11-25 17:00', '2026-11-26 09:00', 60],
    ['over a weekend', '2026-11-27 17:00', '2026-11-30 09:00', 60],
    ['within a weekend', '2026-11-28 09:00', '2026-11-29 17:00', 0],
    ['the National Day week is all holiday', '2026-09-30 17:30', '2026-10-08 08:30', 0],
    ['make-up Saturday counts', '2026-10-10 00:00', '2026-10-11 00:00', 450],
    ['year boundary', '2025-12-31 17:00', '2026-01-04 09:00', 60],
    ['seconds count as fractions of a minute', '2026-11-25 09:00', '2026-11-25 09:00:30', 0.5],
  ])('%s: [%s, %s) = %d', (_label, from, to, expected) => {
    expect(workingMinutesBetween(cal, sh(from), sh(to))).toBe(expected)
    expect(workingMinutesBetween(cal, sh(to), sh(from))).toBe(expected === 0 ? 0 : -expected)
  })
})

describe('working-time properties (deterministic pseudo-random instants)', () => {
  const START = sh('2024-12-20 00:00')
  const SPAN = sh('2027-01-20 00:00') - START
  const MINUTE = 60_000

  /** Minute-by-minute reference: counts working minutes straight from the JSON, independently of the module. */
  const holidays = new Set<string>()
  const makeups = new Set<string>()
  for (const y of Object.values(calendarData.years)) {
    for (const h of y.holidays) for (const d of h.dates) holidays.add(d)
    for (const d of y.makeupWorkdays) makeups.add(d)
  }
  const refIsWorkingMinute = (ms: number): boolean => {
    const d = new Date(ms + 8 * 3_600_000)
    const ymd = d.toISOString().slice(0, 10)
    const workingDay = !holidays.has(ymd) && (makeups.has(ymd) || (d.getUTCDay() !== 0 && d.getUTCDay() !== 6))
    const hm = d.getUTCHours() * 60 + d.getUTCMinutes()
    return workingDay && ((hm >= 510 && hm < 720) || (hm >= 810 && hm < 1050))
  }

  it('between(from, add(from, m)) === m, and add(from, between(from, to)) is the last working moment ≤ to', () => {
    const rnd = lcg(20261125)
    for (let i = 0; i < 400; i++) {
      const from = START + Math.floor(rnd() * SPAN)
      const m = Math.floor(rnd() * 20 * DAY)
      const due = addWorkingMinutes(cal, from, m)
      expect(due).toBeGreaterThanOrEqual(from)
      expect(workingMinutesBetween(cal, from, due)).toBe(m)
      expect(workingMinutesBetween(cal, due, from)).toBe(m === 0 ? 0 : -m)

      const to = START + Math.floor(rnd() * SPAN)
      const w = workingMinutesBetween(cal, from, to)
      expect(workingMinutesBetween(cal, to, from)).toBe(w === 0 ? 0 : -w)
      if (to >= from) {
        const back = addWorkingMinutes(cal, from, w)
        expect(back).toBeLessThanOrEqual(Math.max(to, nextWorkingMoment(cal, from)))
        expect(workingMinutesBetween(cal, back, to)).toBe(0)
      }
    }
  })

  it('matches a minute-by-minute count over short spans', () => {
    const rnd = lcg(12333)
    for (let i = 0; i < 300; i++) {
      const from = START + Math.floor(rnd() * (SPAN / MINUTE)) * MINUTE
      const to = from + Math.floor(rnd() * 4 * 1440) * MINUTE
      let ref = 0
      for (let t = from; t < to; t += MINUTE) if (refIsWorkingMinute(t)) ref++
      expect(workingMinutesBetween(cal, from, to)).toBe(ref)
    }
  })

  it('nextWorkingMoment agrees with the minute-by-minute reference', () => {
    const rnd = lcg(4)
    for (let i = 0; i < 300; i++) {
      const at = START + Math.floor(rnd() * (SPAN / MINUTE)) * MINUTE
      let ref = at
      while (!refIsWorkingMinute(ref)) ref += MINUTE
      expect(show(nextWorkingMoment(cal, at))).toBe(show(ref))
    }
  })
})

describe('deadlineLabel', () => {
  it.each([
    // label, now, due, expected label, overdue
    ['due later today', '2026-11-25 09:00', '2026-11-25 17:30', '今天 17:30 前', false],
    ['due right now is not yet overdue', '2026-11-25 09:00', '2026-11-25 09:00', '今天 09:00 前', false],
    ['due today, seen before opening', '2026-11-25 07:00', '2026-11-25 17:30', '今天 17:30 前', false],
    ['due tomorrow, less than a working day left', '2026-11-25 16:00', '2026-11-26 10:00', '明天 10:00 前', false],
    ['due after the weekend, less than a day left', '2026-11-27 16:00', '2026-11-30 10:00', '11月30日 10:00 前', false],
    ['due after National Day, less than a day left', '2026-09-30 16:00', '2026-10-08 10:00', '10月8日 10:00 前', false],
    ['exactly one working day left', '2026-11-25 17:30', '2026-11-26 17:30', '还剩 1 个工作日', false],
    ['2.9 working days left rounds up', '2026-11-25 09:00', '2026-11-27 17:30', '还剩 3 个工作日', false],
    ['15 working days left', '2026-11-25 09:00', '2026-12-16 09:00', '还剩 15 个工作日', false],
    ['overdue by a second', '2026-11-25 10:00:01', '2026-11-25 10:00', '已超期 1 个工作小时', true],
    ['overdue by 61 working minutes', '2026-11-25 11:01', '2026-11-25 10:00', '已超期 2 个工作小时', true],
    ['overdue only across non-working time', '2026-11-28 12:00', '2026-11-27 17:30', '已超期 1 个工作小时', true],
    ['overdue by exactly one working day', '2026-11-24 17:30', '2026-11-23 17:30', '已超期 1 个工作日', true],
    ['overdue by 480 working minutes', '2026-11-25 09:00', '2026-11-23 17:30', '已超期 2 个工作日', true],
    ['overdue across National Day counts working days only', '2026-10-09 17:30', '2026-09-30 17:30', '已超期 2 个工作日', true],
  ])('%s', (_label, now, due, label, overdue) => {
    expect(deadlineLabel(cal, sh(now), sh(due))).toEqual({ label, overdue })
  })
})

describe('clockDeadlineLabel (D33: every deadline names its clock)', () => {
  it.each([
    ['accept', '2026-11-25 09:00', '2026-11-25 17:30', '今天 17:30 前受理', false],
    ['accept', '2026-11-25 16:00', '2026-11-26 10:44', '明天 10:44 前受理', false],
    ['accept', '2026-11-25 11:01', '2026-11-25 10:00', '受理已超期 2 个工作小时', true],
    ['firstReply', '2026-11-25 09:00', '2026-11-27 17:30', '3 个工作日内首次答复', false],
    ['resolve', '2026-11-25 09:00', '2026-12-16 09:00', '15 个工作日内办结', false],
    ['resolve', '2026-11-27 16:00', '2026-11-30 10:00', '11月30日 10:00 前办结', false],
    ['resolve', '2026-11-25 09:00', '2026-11-23 17:30', '办结已超期 2 个工作日', true],
    ['transfer', '2026-11-25 16:00', '2026-11-26 15:00', '明天 15:00 前答复转办', false],
    ['autoClose', '2026-11-25 10:00', '2026-12-04 10:00', '7 个工作日内不确认将自动结案', false],
    ['autoClose', '2026-12-03 16:00', '2026-12-04 10:00', '明天 10:00 前不确认将自动结案', false],
    ['autoClose', '2026-12-04 10:01', '2026-12-04 10:00', '确认期限已过，将自动结案', true],
  ] as const)('%s: %s → %s', (clock, now, due, label, overdue) => {
    expect(clockDeadlineLabel(cal, sh(now), sh(due), clock)).toEqual({ label, overdue })
  })
})

describe('formatDateCn / formatDateTimeCn', () => {
  it.each([
    ['2026-11-24 09:05', '11月24日 周二'],
    ['2026-11-25 00:00', '11月25日 周三'], // 2026-11-24 16:00 UTC: must not show the UTC date
    ['2026-11-24 23:59', '11月24日 周二'],
    ['2026-11-29 12:00', '11月29日 周日'],
    ['2026-11-28 12:00', '11月28日 周六'],
    ['2026-11-23 12:00', '11月23日 周一'],
    ['2026-11-26 12:00', '11月26日 周四'],
    ['2026-11-27 12:00', '11月27日 周五'],
    ['2026-01-01 00:30', '1月1日 周四'],
    ['2026-10-10 08:30', '10月10日 周六'],
    ['2028-02-29 08:30', '2月29日 周二'],
  ])('%s → %s', (at, expected) => {
    expect(formatDateCn(sh(at))).toBe(expected)
  })

  it('adds HH:mm', () => {
    expect(formatDateTimeCn(sh('2026-11-24 09:05'))).toBe('11月24日 周二 09:05')
    expect(formatDateTimeCn(sh('2026-01-01 00:30'))).toBe('1月1日 周四 00:30')
    expect(formatDateTimeCn(sh('2026-12-31 23:59'))).toBe('12月31日 周四 23:59')
  })
})

describe('durationWords', () => {
  it.each([
    [450, '1 个工作日'],
    [900, '2 个工作日'],
    [6750, '15 个工作日'],
    [240, '4 个工作小时'],
    [120, '2 个工作小时'],
    [90, '2 个工作小时'],
    [1, '1 个工作小时'],
    [500, '9 个工作小时'],
    [0, '0 个工作小时'],
  ])('%d → %s', (minutes, expected) => {
    expect(durationWords(minutes)).toBe(expected)
  })

  it('refuses negative durations', () => {
    expect(() => durationWords(-1)).toThrow(RangeError)
  })
})

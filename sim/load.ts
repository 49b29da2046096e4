import calendarData from '../cloudfunctions/core/data/cn-workday-calendar.json'
import type { StationSeed } from '../cloudfunctions/core/app/provision'
import type { WorkdayCalendar } from '../cloudfunctions/core/domain/working-time'
import type { Category, Privacy } from '../types/domain'
import type { Rng } from './rng'

/**
 * What the workers of the simulated year file: how many cases each day, of which categories, at which
 * stations, with which privacy and how many workers, and how each worker answers a resolution. All drawn
 * from the seeded source; the figures are the model's assumptions (ADR 0030), not measurements.
 */

export const DAY_MS = 86_400_000
const SHANGHAI = 8 * 3600_000
export const ymdOf = (ms: number) => new Date(ms + SHANGHAI).toISOString().slice(0, 10)
/** Shanghai midnight of a 'YYYY-MM-DD' date. */
export const midnightOf = (ymd: string) => Date.parse(`${ymd}T00:00:00Z`) - SHANGHAI

/** The share of each category on an ordinary day (wage arrears rise before the Spring Festival). */
export const CATEGORY_SHARE: Readonly<Record<Category, number>> = {
  wage_arrears: 24,
  pay: 15,
  contract: 12,
  social_insurance: 12,
  dismissal: 10,
  hours_leave: 8,
  policy_question: 8,
  safety_health: 4,
  other: 4,
  union_democracy: 3,
}
export const PRIVACY_SHARE: Readonly<Record<Privacy, number>> = { open: 55, confidential: 35, anonymous: 10 }

/** What the worker does with a resolution: confirms it, says it is not solved, or never answers. */
export type WorkerAnswer = 'confirm' | 'reopen' | 'silent'
export const FIRST_ANSWER: Readonly<Record<WorkerAnswer, number>> = { confirm: 62, reopen: 10, silent: 28 }
export const LATER_ANSWER: Readonly<Record<WorkerAnswer, number>> = { confirm: 65, reopen: 10, silent: 25 }
export const WITHDRAW_SHARE = 0.03

/** Rough relative populations of the nine counties (by name). */
const COUNTY_WEIGHT: Record<string, number> = { 牡丹区: 1.4, 定陶区: 0.7, 曹县: 1.7, 单县: 1.3, 成武县: 0.8, 巨野县: 1.0, 郓城县: 1.3, 鄄城县: 0.9, 东明县: 0.9 }
/** Where in a county a worker files: its townships most, then enterprises, parks, the county station. */
const KIND_WEIGHT = { township: 62, enterprise: 20, park: 10, county: 8 } as const

const DESCRIPTIONS: Readonly<Record<Category, readonly string[]>> = {
  wage_arrears: ['包工头拖欠我们几个月的工资，快过年了还不给结算。', '工地干完活了，工钱一直没有发，老板说工程款没到。', '跟着班组干了半年，工资只发了一部分，剩下的一直拖着。'],
  pay: ['加班费一直没有按规定发放，每个月都少算。', '工资比说好的少了很多，也没有工资条。', '试用期工资低于当地最低工资标准。'],
  contract: ['干了一年多了，单位一直不跟我签劳动合同。', '合同到期后单位不续签，也没有任何说法。', '单位让我签的合同里很多条款不合理。'],
  social_insurance: ['单位没有给我交社保，问了几次都说再等等。', '社保断缴了好几个月，单位说是系统问题。', '工伤以后单位不给申报工伤保险。'],
  dismissal: ['单位突然让我走人，没有任何补偿。', '怀孕以后单位找理由要辞退我。', '说我违反制度就开除了，我不认可。'],
  hours_leave: ['每天要干十二个小时，周末也不休息。', '年假从来没有休过，单位也不给折算。', '请病假被扣了全月工资。'],
  policy_question: ['想问一下灵活就业怎么交社保。', '想了解一下农民工欠薪可以找哪里反映。', '想问一下工伤认定需要准备哪些材料。'],
  safety_health: ['车间粉尘很大，单位不发防护用品。', '工地没有安全措施，高处作业没有安全带。'],
  other: ['单位扣押了我的身份证不还。', '单位让我们交押金才能上岗。'],
  union_democracy: ['单位没有成立工会，职工有事没处反映。', '职工代表大会好几年没开过了。'],
}

export interface CaseSpec {
  /** Index in the year (0-based), the order they are filed in. */
  n: number
  at: number
  stationId: string
  category: Category
  privacy: Privacy
  workersAffected: number
  description: string
  amountOwed?: number
  employer?: { kind: 'named'; name: string } | { kind: 'unknown' } | { kind: 'station' }
  worker: string
  firstAnswer: WorkerAnswer
  /** When the worker withdraws it (if still open), as a delay after filing; absent when they never do. */
  withdrawAfterMs?: number
}

/** The first day of the 春节 holiday in a calendar year, or null when the calendar has no arrangement for it. */
export const springFestival = (year: number): string | null => {
  const y = (calendarData as { years: Record<string, { holidays: Array<{ name: string; dates: string[] }> }> }).years[String(year)]
  return y?.holidays.find((h) => h.name === '春节')?.dates[0] ?? null
}

/** How much more (or less) wage arrears are filed on a day, around the Spring Festival: up to 3.5× in the weeks before it. */
export const wageSeason = (ymd: string, festival: string | null): number => {
  if (!festival) return 1
  const days = (midnightOf(festival) - midnightOf(ymd)) / DAY_MS
  if (days > 0 && days <= 35) return 1 + 2.5 * (1 - days / 35) + (days <= 21 ? 0.5 : 0)
  if (days <= 0 && days > -9) return 0.5
  if (days <= -9 && days > -23) return 1.5
  return 1
}

const dayFactor = (cal: WorkdayCalendar, ms: number): number => {
  const ymd = ymdOf(ms)
  if (cal.isWorkingDay(ymd)) return 1
  const weekday = new Date(ms + SHANGHAI).getUTCDay()
  return weekday === 0 || weekday === 6 ? 0.55 : 0.35
}

const HOUR_WEIGHT: Record<string, number> = { 7: 2, 8: 4, 9: 6, 10: 6, 11: 6, 12: 7, 13: 5, 14: 5, 15: 5, 16: 5, 17: 5, 18: 6, 19: 8, 20: 8, 21: 6, 22: 3 }

/** The year's filings, in time order: `cases` of them spread over `days` days from `startMs`. */
export const buildLoad = (rng: Rng, cal: WorkdayCalendar, startMs: number, days: number, cases: number, stations: readonly StationSeed[]): CaseSpec[] => {
  const festivalOf = new Map<number, string | null>()
  const fest = (ymd: string) => {
    const y = Number(ymd.slice(0, 4))
    if (!festivalOf.has(y)) festivalOf.set(y, springFestival(y))
    return festivalOf.get(y)!
  }
  // Each day's weight per category; then `cases` spread over days by cumulative rounding (the total is exact).
  const perDay = Array.from({ length: days }, (_, d) => {
    const ms = startMs + d * DAY_MS
    const ymd = ymdOf(ms)
    const f = dayFactor(cal, ms)
    const w = { ...CATEGORY_SHARE }
    for (const k of Object.keys(w) as Category[]) w[k] *= f
    w.wage_arrears *= wageSeason(ymd, fest(ymd))
    return w
  })
  const dayTotal = perDay.map((w) => Object.values(w).reduce((a, b) => a + b, 0))
  const total = dayTotal.reduce((a, b) => a + b, 0)
  const byCounty = new Map<string, Record<keyof typeof KIND_WEIGHT, StationSeed[]>>()
  for (const s of stations) {
    if (s.kind === 'city' || !s.countyId) continue
    const entry = byCounty.get(s.countyId) ?? { township: [], enterprise: [], park: [], county: [] }
    entry[s.kind as keyof typeof KIND_WEIGHT].push(s)
    byCounty.set(s.countyId, entry)
  }
  const countyNames = new Map(stations.filter((s) => s.kind === 'county').map((s) => [s._id, s.name]))
  const countyWeight = Object.fromEntries([...byCounty.keys()].map((id) => [id, COUNTY_WEIGHT[Object.keys(COUNTY_WEIGHT).find((n) => countyNames.get(id)!.startsWith(n)) ?? ''] ?? 1]))
  const city = stations.find((s) => s.kind === 'city')!
  // Employers each county's workers name, some far more often than others (so 聚集预警 has something to count).
  const employers = new Map([...byCounty.keys()].map((id) => [id, Array.from({ length: 30 }, (_, k) => `${countyNames.get(id)!.slice(0, 2)}模拟第${k + 1}有限公司`)]))
  const zipf = Object.fromEntries(Array.from({ length: 30 }, (_, k) => [String(k), 1 / (k + 1)]))
  const workers: string[] = []
  const out: CaseSpec[] = []
  let cum = 0
  for (let d = 0; d < days; d++) {
    const before = Math.round((cum / total) * cases)
    cum += dayTotal[d]!
    const count = Math.round((cum / total) * cases) - before
    const dayStart = startMs + d * DAY_MS
    const times = Array.from({ length: count }, () => dayStart + Number(rng.weighted(HOUR_WEIGHT)) * 3600_000 + Math.floor(rng.next() * 3600_000))
    times.sort((a, b) => a - b)
    for (const at of times) {
      const category = rng.weighted(perDay[d]!)
      const station = rng.chance(0.02) ? city : (() => {
        const county = byCounty.get(rng.weighted(countyWeight))!
        return rng.pick(county[rng.weighted(KIND_WEIGHT)])
      })()
      const privacy = rng.weighted(PRIVACY_SHARE)
      const wage = category === 'wage_arrears'
      const size = rng.next()
      const workersAffected = wage ? (size < 0.7 ? 1 : size < 0.88 ? rng.int(2, 9) : rng.int(10, 40)) : size < 0.88 ? 1 : size < 0.97 ? rng.int(2, 9) : rng.int(10, 30)
      const employer: CaseSpec['employer'] =
        category === 'policy_question'
          ? rng.chance(0.7)
            ? undefined
            : { kind: 'unknown' }
          : station.kind === 'enterprise'
            ? { kind: 'station' }
            : rng.chance(0.65) && station.countyId
              ? { kind: 'named', name: employers.get(station.countyId)![Number(rng.weighted(zipf))]! }
              : { kind: 'unknown' }
      const repeat = workers.length > 0 && rng.chance(0.08)
      const worker = repeat ? rng.pick(workers) : `sim-w-${String(out.length).padStart(6, '0')}`
      if (!repeat) workers.push(worker)
      out.push({
        n: out.length,
        at,
        stationId: station._id,
        category,
        privacy,
        workersAffected,
        description: rng.pick(DESCRIPTIONS[category]),
        ...(wage ? { amountOwed: workersAffected * rng.int(20, 120) * 100 } : {}),
        ...(employer ? { employer } : {}),
        worker,
        firstAnswer: rng.weighted(FIRST_ANSWER),
        ...(rng.chance(WITHDRAW_SHARE) ? { withdrawAfterMs: Math.floor(rng.between(0.2, 3) * DAY_MS) } : {}),
      })
    }
  }
  return out
}

import {
  addQuarters,
  configChanges,
  configProblem,
  DEFAULT_RATING_CONFIG,
  emptySurveyInputs,
  entersSupervision,
  fastTrackOf,
  isLow,
  lastEndedQuarter,
  monthsOfQuarter,
  quarterName,
  quarterOf,
  rateQuarter,
  starsOf,
  type RatingInputs,
} from '../../cloudfunctions/core/domain/ratings'
import { sh } from '../support/harness'

const inputs = (over: Partial<RatingInputs> = {}): RatingInputs => ({
  received: 20,
  accepted: 20,
  acceptedOnTime: 20,
  resolved: 20,
  resolvedOnTime: 20,
  reopened: 0,
  rated: 10,
  ratingSum: 50,
  unconfirmed: 0,
  activities: 6,
  survey: emptySurveyInputs(),
  ...over,
})

describe('star rating rules', () => {
  it('fewer cases than the minimum is 数据不足, however bad the figures', () => {
    const r = rateQuarter(inputs({ received: 4, accepted: 4, acceptedOnTime: 0, resolved: 4, resolvedOnTime: 0, reopened: 4, rated: 4, ratingSum: 4, activities: 0 }), DEFAULT_RATING_CONFIG)
    expect(r).toMatchObject({ status: 'insufficient', stars: null, score: null })
    expect(isLow(r.stars, DEFAULT_RATING_CONFIG)).toBe(false)
    expect(rateQuarter(inputs({ received: 5 }), DEFAULT_RATING_CONFIG).status).toBe('rated')
  })

  it('perfect figures give five stars; an indicator with nothing to measure hands its weight to the others', () => {
    const r = rateQuarter(inputs(), DEFAULT_RATING_CONFIG)
    expect(r).toMatchObject({ status: 'rated', score: 100, stars: 5 })
    expect(r.indicators.find((i) => i.key === 'survey')).toMatchObject({ score: null })
  })

  it('the score is the weighted mean of what is measured, and the lines make the stars', () => {
    // accept 50, resolve 50, satisfaction (3-1)/4 = 50, reopen 100 - 25 = 75, activity 50: (25·50 + 25·50 + 20·50 + 10·75 + 10·50) / 90
    const r = rateQuarter(inputs({ acceptedOnTime: 10, resolvedOnTime: 10, ratingSum: 30, reopened: 5, activities: 3 }), DEFAULT_RATING_CONFIG)
    expect(r.score).toBe(52.8)
    expect(r.stars).toBe(1)
    expect(starsOf(60, [60, 70, 80, 90])).toBe(2)
    expect(starsOf(89.9, [60, 70, 80, 90])).toBe(4)
    expect(r.indicators.find((i) => i.key === 'acceptOnTime')!.advice).toBe('10 件受理超时：新诉求请在时限内受理')
  })

  it('unconfirmed closures are counted apart, never as satisfied or not', () => {
    const a = rateQuarter(inputs({ unconfirmed: 0 }), DEFAULT_RATING_CONFIG)
    const b = rateQuarter(inputs({ unconfirmed: 9 }), DEFAULT_RATING_CONFIG)
    expect(b.score).toBe(a.score)
    expect(b.indicators.find((i) => i.key === 'satisfaction')!.basis).toBe('10 件由职工评价，平均 5 星；另有 9 件已结案(未确认)，单独列出，不算满意也不算不满意')
  })

  it('a survey counts participation less the weak dimensions; a small campaign gives nothing', () => {
    const r = rateQuarter(inputs({ survey: { campaigns: 1, answers: 30, headcount: 40, weak: ['pay'], withheld: 1 } }), DEFAULT_RATING_CONFIG)
    expect(r.indicators.find((i) => i.key === 'survey')).toMatchObject({ score: 60, basis: '测评 1 次，收答卷 30 份 / 应参加 40 人（参与率 75%）；薄弱环节：工资薪酬待遇；另有 1 次测评答卷不足 10 份，不计入' })
    const small = rateQuarter(inputs({ survey: { ...emptySurveyInputs(), withheld: 1 } }), DEFAULT_RATING_CONFIG)
    expect(small.indicators.find((i) => i.key === 'survey')!.score).toBeNull()
    expect(small.score).toBe(100)
  })

  it('the weights change the result', () => {
    const i = inputs({ activities: 0 })
    // Everything perfect but no activity logged: 80 of 90 weighted points.
    expect(rateQuarter(i, DEFAULT_RATING_CONFIG)).toMatchObject({ score: 88.9, stars: 4 })
    const casesOnly = { ...DEFAULT_RATING_CONFIG, weights: { ...DEFAULT_RATING_CONFIG.weights, activity: 0 } }
    expect(rateQuarter(i, casesOnly)).toMatchObject({ score: 100, stars: 5 })
    const activityOnly = { ...DEFAULT_RATING_CONFIG, weights: { acceptOnTime: 0, resolveOnTime: 0, satisfaction: 0, reopen: 0, survey: 0, activity: 100 } }
    expect(rateQuarter(i, activityOnly)).toMatchObject({ score: 0, stars: 1 })
  })

  it('two low quarters in a row enter supervision; 数据不足 never counts as low', () => {
    const c = DEFAULT_RATING_CONFIG
    expect(entersSupervision(2, 1, c)).toBe(true)
    expect(entersSupervision(3, 1, c)).toBe(false)
    expect(entersSupervision(null, 1, c)).toBe(false)
    expect(entersSupervision(undefined, 1, c)).toBe(false)
    expect(fastTrackOf(4, c)).toHaveLength(3)
    expect(fastTrackOf(3, c)).toEqual([])
  })

  it('checks a config and words its changes', () => {
    expect(configProblem(DEFAULT_RATING_CONFIG)).toBeNull()
    expect(configProblem({ ...DEFAULT_RATING_CONFIG, starLines: [60, 60, 80, 90] })!.field).toBe('starLines')
    expect(configProblem({ ...DEFAULT_RATING_CONFIG, fastTrackStars: 2 })!.field).toBe('fastTrackStars')
    expect(configChanges(DEFAULT_RATING_CONFIG, { ...DEFAULT_RATING_CONFIG, minCases: 8, starLines: [55, 70, 80, 90] })).toEqual(['最少诉求数：5 → 8', '二至五星分数线：60/70/80/90 → 55/70/80/90'])
  })

  it('quarters in Shanghai time', () => {
    expect(quarterOf(sh('2026-10-01 00:30'))).toBe('2026-Q4')
    expect(quarterOf(sh('2026-09-30 23:59'))).toBe('2026-Q3')
    expect(lastEndedQuarter(sh('2027-01-01 08:00'))).toBe('2026-Q4')
    expect(addQuarters('2026-Q1', -1)).toBe('2025-Q4')
    expect(monthsOfQuarter('2026-Q4')).toEqual(['2026-10', '2026-11', '2026-12'])
    expect(quarterName('2026-Q3')).toBe('2026年第三季度')
  })
})

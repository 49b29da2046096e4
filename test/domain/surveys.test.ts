import surveyTemplateData from '../../cloudfunctions/core/data/survey-template.json'
import {
  addAnswer,
  buildTemplate,
  campaignFigures,
  campaignWindow,
  emptyTally,
  improvement,
  participation,
  phaseAt,
  poolFigures,
  questionCount,
  ratingsProblem,
  SMALL_GROUP_REASON,
  smallGroup,
  startChoices,
  trendOf,
  weakDimensions,
  windowLabel,
  type SurveyTemplate,
  type SurveyTally,
} from '../../cloudfunctions/core/domain/surveys'
import { SurveyDimension } from '../../types/contracts/surveys'

/**
 * The pure survey rules: the small-group rule itself (and that it does not even compute for a small group),
 * tallies, figures with 不了解 kept out of means, pools of shown figures only, trends, weak dimensions, and
 * campaign windows in Asia/Shanghai whatever the process zone.
 */
const template: SurveyTemplate = buildTemplate(1, surveyTemplateData.dimensions as Array<{ key: SurveyDimension; questions: string[] }>, surveyTemplateData.commentPrompt)
const all = (value: number, by: Partial<Record<SurveyDimension, number>> = {}) =>
  Object.fromEntries(template.dimensions.flatMap((d) => d.questions.map((q) => [q.key, by[d.key] ?? value])))
const tallyOf = (answers: Array<Record<string, number>>, comments = 0): SurveyTally =>
  answers.reduce((t, r, i) => addAnswer(t, template, r, i < comments), emptyTally(template))

describe('the questionnaire', () => {
  it('has the six dimensions of the city standard in order, 3–5 questions each', () => {
    expect(template.dimensions.map((d) => d.key)).toEqual(SurveyDimension.options)
    for (const d of template.dimensions) expect(d.questions.length).toBeGreaterThanOrEqual(3)
    for (const d of template.dimensions) expect(d.questions.length).toBeLessThanOrEqual(5)
    expect(questionCount(template)).toBe(21)
    expect(template.dimensions[1]!.questions[0]).toEqual({ key: 'pay-1', text: '工资按时足额发放，没有拖欠' })
    expect(() => buildTemplate(2, [...template.dimensions].reverse().map((d) => ({ key: d.key, questions: ['a', 'b', 'c'] })), 'x')).toThrow()
  })

  it('wants every question answered (不了解 is an answer) and nothing else', () => {
    expect(ratingsProblem(template, all(3))).toBeNull()
    expect(ratingsProblem(template, all(0))).toBeNull()
    const { ['hours-2']: _, ...missing } = all(3)
    expect(ratingsProblem(template, missing)).toBe('还有 1 道题没有选，请选一个答案（不清楚可以选「不了解」）')
    expect(ratingsProblem(template, { ...all(3), 'hours-9': 3 })).toBe('问卷已经更新，请返回驿站首页重新进入测评')
  })
})

describe('the small-group rule', () => {
  it.each([
    [0, false],
    [9, false],
    [10, true],
    [11, true],
  ])('with %i answers shows: %s', (n, shown) => {
    const compute = jest.fn(() => 42)
    const g = smallGroup(n, compute)
    expect(g.shown).toBe(shown)
    // Below the rule nothing is even computed.
    expect(compute).toHaveBeenCalledTimes(shown ? 1 : 0)
    expect(g).toEqual(shown ? { shown: true, value: 42 } : { shown: false, reason: SMALL_GROUP_REASON })
  })

  it('withholds a whole campaign of 9 answers, and shows one of 10', () => {
    const nine = tallyOf(Array.from({ length: 9 }, () => all(4)), 3)
    expect(campaignFigures(template, nine)).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
    expect(participation(9, 20)).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
    expect(weakDimensions(campaignFigures(template, nine), 5)).toEqual([])
    const ten = campaignFigures(template, tallyOf(Array.from({ length: 10 }, () => all(4))))
    expect(ten.shown).toBe(true)
    expect(participation(10, 40)).toEqual({ shown: true, value: 25 })
  })

  it('keeps 不了解 out of the mean and counts it apart; a question rated by fewer than 10 is withheld', () => {
    const answers = Array.from({ length: 12 }, (_, i) => all(i < 6 ? 5 : 3, { safety: i < 3 ? 0 : i < 6 ? 5 : 3 }))
    answers.forEach((a, i) => {
      if (i < 4) a['union-1'] = 0
    })
    const f = campaignFigures(template, tallyOf(answers))
    if (!f.shown) throw new Error('shown')
    const union = f.value.find((d) => d.key === 'union')!
    // union-1: 8 ratings (4 said 不了解): withheld; the dimension has 12 people who rated one of its questions.
    expect(union.questions[0]!.figure).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
    expect(union.figure).toMatchObject({ shown: true, value: { unknown: 4, count: 44 } })
    const safety = f.value.find((d) => d.key === 'safety')!
    // 9 of 12 people rated safety (3 said 不了解 to all of it): the dimension is withheld.
    expect(safety.figure).toEqual({ shown: false, reason: SMALL_GROUP_REASON })
    const pay = f.value.find((d) => d.key === 'pay')!
    expect(pay.figure).toEqual({ shown: true, value: { mean: 4, sum: 192, count: 48, unknown: 0, dist: [0, 0, 24, 0, 24] } })
  })
})

describe('comparisons', () => {
  const shownFig = (mean: number, count: number) => ({ shown: true as const, value: { mean, sum: mean * count, count, unknown: 0, dist: [0, 0, 0, 0, count] } })
  const withheld = { shown: false as const, reason: SMALL_GROUP_REASON }

  it('pools only shown figures, from their sums', () => {
    expect(poolFigures([shownFig(4, 10), shownFig(2, 30), withheld])).toEqual({ shown: true, value: { mean: 2.5, campaigns: 2 } })
    expect(poolFigures([withheld, withheld])).toEqual(withheld)
    expect(poolFigures([])).toEqual(withheld)
  })

  it('a trend needs both sides shown; none without a previous campaign', () => {
    expect(trendOf(shownFig(4, 10), shownFig(3.5, 12))).toEqual({ shown: true, value: { previous: 3.5, delta: 0.5 } })
    expect(trendOf(shownFig(4, 10), withheld)).toEqual(withheld)
    expect(trendOf(withheld, shownFig(4, 10))).toEqual(withheld)
    expect(trendOf(shownFig(4, 10), undefined)).toBeNull()
  })

  it('marks weak only shown dimensions under the line, and says whether a 整改 helped', () => {
    const f = campaignFigures(template, tallyOf(Array.from({ length: 10 }, () => all(4, { hours: 2, safety: 3 }))))
    expect(weakDimensions(f, 3.5)).toEqual(['hours', 'safety'])
    expect(weakDimensions(f, 2)).toEqual([])
    expect(improvement(shownFig(3, 10), 2)).toEqual({ shown: true, value: true })
    expect(improvement(shownFig(2, 10), 2)).toEqual({ shown: true, value: false })
    expect(improvement(withheld, 2)).toEqual(withheld)
  })
})

describe('campaign windows (Asia/Shanghai, whatever the process zone)', () => {
  // 2026-11-25 23:30 in Shanghai is 15:30 UTC: still the 25th there.
  const lateEvening = Date.UTC(2026, 10, 25, 15, 30)

  it('runs from Shanghai midnight of the first day to midnight after the last', () => {
    const w = campaignWindow(lateEvening, '2026-11-25', 14)
    expect(w).toEqual({ startsOn: '2026-11-25', endsOn: '2026-12-08', startsAt: Date.UTC(2026, 10, 24, 16), endsAt: Date.UTC(2026, 11, 8, 16) })
    expect(windowLabel('2026-12-20', '2027-01-02')).toBe('2026年12月20日 至 2027年1月2日')
    expect(campaignWindow(lateEvening, '2026-11-24', 7)).toEqual({ problem: '开始日期不能早于今天', field: 'startsOn' })
    expect(campaignWindow(lateEvening, '2026-02-30', 7)).toMatchObject({ field: 'startsOn' })
    expect(campaignWindow(lateEvening, '2027-06-01', 7)).toMatchObject({ problem: '开始日期最多定在 90 天以后' })
  })

  it('offers today, tomorrow and next Monday', () => {
    expect(startChoices(lateEvening)).toEqual([
      { ymd: '2026-11-25', label: '今天 11月25日 周三' },
      { ymd: '2026-11-26', label: '明天 11月26日 周四' },
      { ymd: '2026-11-30', label: '下周一 11月30日 周一' },
    ])
    // On a Sunday, tomorrow is Monday: offered once.
    expect(startChoices(Date.UTC(2026, 10, 29, 2)).map((c) => c.ymd)).toEqual(['2026-11-29', '2026-11-30'])
  })

  it('takes answers only while running', () => {
    const c = { status: 'open' as const, startsAt: 1000, endsAt: 2000 }
    expect([999, 1000, 1999, 2000].map((t) => phaseAt(c, t))).toEqual(['upcoming', 'running', 'running', 'ended'])
    expect(phaseAt({ ...c, status: 'closed' }, 1500)).toBe('closed')
  })
})

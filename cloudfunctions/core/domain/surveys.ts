/**
 * Satisfaction surveys (职工满意度民主测评), pure rules: the questionnaire's shape, the running tallies kept as
 * answers arrive, the figures made from them, and — above all — the small-group rule (D36): nothing computed
 * from fewer than 10 answers is shown to anyone. Every figure, comparison, trend, comment list, export row
 * and county view is made through `smallGroup`, which does not even run the computation for a smaller group.
 *
 * Time comes in as values; nothing here reads the clock or the store.
 */
import { RATING_UNKNOWN, SURVEY_DIMENSION_LABEL, SURVEY_STATION_KINDS, SurveyDimension, type Figure } from '../../../types/contracts/surveys'
import type { StationKind } from '../../../types/domain'

// ---------------------------------------------------------------------------------------------------
// The small-group rule (D36)
// ---------------------------------------------------------------------------------------------------

export const SMALL_GROUP_MIN = 10
export const SMALL_GROUP_REASON = '答卷不足 10 份，为保护答卷人，不显示结果'

export type Gated<T> = { shown: true; value: T } | { shown: false; reason: string }

/**
 * THE small-group rule, for every path that shows anything derived from answers: with fewer than 10 answers
 * behind it, the figure is withheld with the reason a page shows; otherwise `compute` runs and its value is
 * shown. `answers` is how many answers the figure is made of (for a question, the ratings it has; 不了解 is not
 * a rating).
 */
export const smallGroup = <T>(answers: number, compute: () => T): Gated<T> =>
  answers >= SMALL_GROUP_MIN ? { shown: true, value: compute() } : { shown: false, reason: SMALL_GROUP_REASON }

/** The value of a gated figure, or undefined when withheld (for combining figures that are themselves shown). */
export const shownValue = <T>(g: Gated<T>): T | undefined => (g.shown ? g.value : undefined)

// ---------------------------------------------------------------------------------------------------
// The questionnaire
// ---------------------------------------------------------------------------------------------------

export interface SurveyQuestion {
  key: string
  text: string
}
export interface SurveyTemplate {
  version: number
  dimensions: Array<{ key: SurveyDimension; questions: SurveyQuestion[] }>
  commentPrompt: string
}

export const questionCount = (t: SurveyTemplate) => t.dimensions.reduce((n, d) => n + d.questions.length, 0)

/**
 * A questionnaire from its texts: the six dimensions in order, keys `<dimension>-<n>` (stable within a
 * version; a later version may word question n differently, so questions compare only within a version).
 */
export const buildTemplate = (version: number, dimensions: Array<{ key: SurveyDimension; questions: string[] }>, commentPrompt: string): SurveyTemplate => {
  const keys = dimensions.map((d) => d.key)
  if (keys.join() !== SurveyDimension.options.join()) throw new Error('a questionnaire has the six dimensions in order')
  return {
    version,
    dimensions: dimensions.map((d) => ({ key: d.key, questions: d.questions.map((text, i) => ({ key: `${d.key}-${i + 1}`, text: text.trim() })) })),
    commentPrompt: commentPrompt.trim(),
  }
}

export const dimensionLabel = (d: SurveyDimension) => SURVEY_DIMENSION_LABEL[d]

/** Surveys run at enterprise and park stations only. */
export const surveysRunAt = (kind: StationKind) => SURVEY_STATION_KINDS.includes(kind)

/**
 * What is wrong with a set of ratings for this questionnaire, in words, or null: every question answered
 * (不了解 is an answer), nothing else.
 */
export const ratingsProblem = (t: SurveyTemplate, ratings: Readonly<Record<string, number>>): string | null => {
  const keys = new Set(t.dimensions.flatMap((d) => d.questions.map((q) => q.key)))
  if (Object.keys(ratings).some((k) => !keys.has(k))) return '问卷已经更新，请返回驿站首页重新进入测评'
  const missing = [...keys].filter((k) => ratings[k] === undefined).length
  return missing ? `还有 ${missing} 道题没有选，请选一个答案（不清楚可以选「不了解」）` : null
}

// ---------------------------------------------------------------------------------------------------
// Tallies (kept in the campaign, updated in each answer's transaction)
// ---------------------------------------------------------------------------------------------------

export interface QuestionTally {
  sum: number
  /** Ratings 1–5 (in the mean). */
  rated: number
  unknown: number
  /** How many gave 1, 2, 3, 4, 5. */
  dist: [number, number, number, number, number]
}
export interface DimensionTally {
  sum: number
  ratings: number
  unknown: number
  /** Answers that rated at least one of its questions: how many people a dimension figure is made of. */
  respondents: number
  dist: [number, number, number, number, number]
}
export interface SurveyTally {
  answers: number
  comments: number
  questions: Record<string, QuestionTally>
  dimensions: Partial<Record<SurveyDimension, DimensionTally>>
}

const zeros = (): [number, number, number, number, number] => [0, 0, 0, 0, 0]

export const emptyTally = (t: SurveyTemplate): SurveyTally => ({
  answers: 0,
  comments: 0,
  questions: Object.fromEntries(t.dimensions.flatMap((d) => d.questions.map((q) => [q.key, { sum: 0, rated: 0, unknown: 0, dist: zeros() }]))),
  dimensions: Object.fromEntries(t.dimensions.map((d) => [d.key, { sum: 0, ratings: 0, unknown: 0, respondents: 0, dist: zeros() }])),
})

/** The tally with one more answer (checked with `ratingsProblem` first). */
export const addAnswer = (tally: SurveyTally, t: SurveyTemplate, ratings: Readonly<Record<string, number>>, hasComment: boolean): SurveyTally => {
  const next = structuredClone(tally)
  next.answers += 1
  if (hasComment) next.comments += 1
  for (const d of t.dimensions) {
    const dim = (next.dimensions[d.key] ??= { sum: 0, ratings: 0, unknown: 0, respondents: 0, dist: zeros() })
    let rated = false
    for (const q of d.questions) {
      const v = ratings[q.key]
      const tq = (next.questions[q.key] ??= { sum: 0, rated: 0, unknown: 0, dist: zeros() })
      if (v === undefined) continue
      if (v === RATING_UNKNOWN) {
        tq.unknown += 1
        dim.unknown += 1
        continue
      }
      tq.sum += v
      tq.rated += 1
      tq.dist[v - 1]! += 1
      dim.sum += v
      dim.ratings += 1
      dim.dist[v - 1]! += 1
      rated = true
    }
    if (rated) dim.respondents += 1
  }
  return next
}

const round2 = (x: number) => Math.round(x * 100) / 100

// ---------------------------------------------------------------------------------------------------
// Figures
// ---------------------------------------------------------------------------------------------------

/** A figure with the sum it is made of, so pools add sums rather than rounded means (pages get `Figure`). */
export type SummedFigure = Figure & { sum: number }

export interface QuestionFigures {
  key: string
  text: string
  figure: Gated<SummedFigure>
}
export interface DimensionFigures {
  key: SurveyDimension
  figure: Gated<SummedFigure>
  questions: QuestionFigures[]
}

/**
 * A campaign's figures, each through the rule: the whole campaign needs 10 answers; a dimension needs 10
 * people who rated one of its questions; a question needs 10 ratings (不了解 left out of the mean). The
 * whole list is withheld when the campaign is.
 */
export const campaignFigures = (t: SurveyTemplate, tally: SurveyTally): Gated<DimensionFigures[]> =>
  smallGroup(tally.answers, () =>
    t.dimensions.map((d) => {
      const dt = tally.dimensions[d.key] ?? { sum: 0, ratings: 0, unknown: 0, respondents: 0, dist: zeros() }
      return {
        key: d.key,
        figure: smallGroup(dt.respondents, () => ({ mean: round2(dt.sum / dt.ratings), sum: dt.sum, count: dt.ratings, unknown: dt.unknown, dist: [...dt.dist] })),
        questions: d.questions.map((q) => {
          const qt = tally.questions[q.key] ?? { sum: 0, rated: 0, unknown: 0, dist: zeros() }
          return { key: q.key, text: q.text, figure: smallGroup(qt.rated, () => ({ mean: round2(qt.sum / qt.rated), sum: qt.sum, count: qt.rated, unknown: qt.unknown, dist: [...qt.dist] })) }
        }),
      }
    }),
  )

/** Participation (answers ÷ expected headcount, whole %), through the rule. */
export const participation = (answers: number, headcount: number): Gated<number> =>
  smallGroup(answers, () => (headcount > 0 ? Math.round((answers / headcount) * 100) : 0))

export interface Trend {
  previous: number
  delta: number
}

/** Against the previous campaign: only where both figures are shown. */
export const trendOf = (current: Gated<Figure>, previous: Gated<Figure> | undefined): Gated<Trend> | null => {
  if (!previous) return null
  const now = shownValue(current)
  const before = shownValue(previous)
  // The smaller group decides: a comparison with a withheld figure is itself withheld.
  return smallGroup(now && before ? Math.min(now.count, before.count) : 0, () => ({ previous: before!.mean, delta: round2(now!.mean - before!.mean) }))
}

export interface Pooled {
  mean: number
  campaigns: number
}

/**
 * The mean over many campaigns (a county, the city) of one dimension or question: pooled from the tallies
 * of campaigns whose own figure is shown, never from a withheld one (so no figure of a small group can be
 * worked out by comparing two pools), and through the rule again.
 */
export const poolFigures = (figures: ReadonlyArray<Gated<SummedFigure>>): Gated<Pooled> => {
  const shown = figures.flatMap((f) => (f.shown ? [f.value] : []))
  const count = shown.reduce((n, f) => n + f.count, 0)
  return smallGroup(count, () => ({ mean: round2(shown.reduce((s, f) => s + f.sum, 0) / count), campaigns: shown.length }))
}

/** Dimensions below the 薄弱环节 line: only shown figures can be weak (a withheld one opens nothing). */
export const weakDimensions = (figures: Gated<DimensionFigures[]>, threshold: number): SurveyDimension[] =>
  figures.shown ? figures.value.filter((d) => d.figure.shown && d.figure.value.mean < threshold).map((d) => d.key) : []

/** Whether a dimension improved after its 整改: its mean now against the mean that opened the task. */
export const improvement = (now: Gated<Figure>, taskMean: number): Gated<boolean> => {
  const v = shownValue(now)
  return smallGroup(v ? v.count : 0, () => v!.mean > taskMean)
}

// ---------------------------------------------------------------------------------------------------
// Campaign windows (days in Asia/Shanghai)
// ---------------------------------------------------------------------------------------------------

const DAY_MS = 86_400_000
const SHANGHAI_MS = 8 * 3_600_000
const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

export const ymdOf = (ms: number): string => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10)
/** Shanghai midnight starting the day. */
export const startOfDay = (ymd: string): number => Date.parse(`${ymd}T00:00:00Z`) - SHANGHAI_MS
export const addDays = (ymd: string, days: number): string => ymdOf(startOfDay(ymd) + days * DAY_MS)

const parts = (ymd: string) => {
  const d = new Date(`${ymd}T00:00:00Z`)
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), w: WEEKDAY[d.getUTCDay()]! }
}
/** '12月1日 周二' */
export const dayLabel = (ymd: string): string => {
  const p = parts(ymd)
  return `${p.m}月${p.d}日 ${p.w}`
}
/** '2026年12月1日 至 12月14日' (the year again only when it changes). */
export const windowLabel = (startsOn: string, endsOn: string): string => {
  const a = parts(startsOn)
  const b = parts(endsOn)
  return `${a.y}年${a.m}月${a.d}日 至 ${b.y !== a.y ? `${b.y}年` : ''}${b.m}月${b.d}日`
}

export interface CampaignWindow {
  startsOn: string
  endsOn: string
  /** From Shanghai midnight of the first day … */
  startsAt: number
  /** … to Shanghai midnight after the last. */
  endsAt: number
}

/** How far ahead a campaign may be scheduled. */
export const MAX_DAYS_AHEAD = 90

/** A window starting on `startsOn` for `days` days, or what is wrong with it (today is `now`'s day in Shanghai). */
export const campaignWindow = (now: number, startsOn: string, days: number): CampaignWindow | { problem: string; field: string } => {
  const today = ymdOf(now)
  if (Number.isNaN(startOfDay(startsOn)) || ymdOf(startOfDay(startsOn)) !== startsOn) return { problem: '开始日期不对，请重新选择', field: 'startsOn' }
  if (startsOn < today) return { problem: '开始日期不能早于今天', field: 'startsOn' }
  if (startsOn > addDays(today, MAX_DAYS_AHEAD)) return { problem: `开始日期最多定在 ${MAX_DAYS_AHEAD} 天以后`, field: 'startsOn' }
  const endsOn = addDays(startsOn, days - 1)
  return { startsOn, endsOn, startsAt: startOfDay(startsOn), endsAt: startOfDay(endsOn) + DAY_MS }
}

/** Days a page offers to start on: today, tomorrow, and next Monday when that is later. */
export const startChoices = (now: number): Array<{ ymd: string; label: string }> => {
  const today = ymdOf(now)
  const tomorrow = addDays(today, 1)
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay()
  const monday = addDays(today, ((8 - weekday) % 7) || 7)
  const out = [
    { ymd: today, label: `今天 ${dayLabel(today)}` },
    { ymd: tomorrow, label: `明天 ${dayLabel(tomorrow)}` },
  ]
  if (monday !== tomorrow) out.push({ ymd: monday, label: `下周一 ${dayLabel(monday)}` })
  return out
}

export type Phase = 'upcoming' | 'running' | 'ended' | 'closed'

/** Where a campaign stands at `now`: answers are taken only while `running`; `ended` waits for the sweep to close it. */
export const phaseAt = (c: { status: 'open' | 'closed'; startsAt: number; endsAt: number }, now: number): Phase => {
  if (c.status === 'closed') return 'closed'
  if (now >= c.endsAt) return 'ended'
  return now >= c.startsAt ? 'running' : 'upcoming'
}

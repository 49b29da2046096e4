import { SURVEY_DIMENSION_LABEL, type SurveyDimension } from '../../../types/contracts/surveys'
import { addMonths, MONTH_RE, monthOf, monthRange } from './periods'

/**
 * 星级驿站 (DOMAIN §7, issue #18 §1): a station's quarter rated from what its ledger, its survey campaigns and its
 * logged activities say, by weights and score lines that are data (a city admin edits them). Pure: figures in,
 * stars out.
 *
 * Fairness: a station that received fewer cases than the minimum gets 数据不足 (no stars), never a low score;
 * an indicator with nothing to measure (no case accepted, no survey run) is left out and the other weights
 * count in its place; stars are the quarter's alone, so they go down as well as up.
 */

export const RATING_INDICATORS = ['acceptOnTime', 'resolveOnTime', 'satisfaction', 'reopen', 'survey', 'activity'] as const
export type RatingIndicator = (typeof RATING_INDICATORS)[number]

export const INDICATOR_LABEL: Record<RatingIndicator, string> = {
  acceptOnTime: '按时受理',
  resolveOnTime: '按时办结',
  satisfaction: '职工满意度',
  reopen: '办结后不再重办',
  survey: '满意度测评',
  activity: '工作活动',
}

export interface RatingConfig {
  /** Cases received in the quarter (new and moved in) below this: 数据不足. */
  minCases: number
  /** Weight of each indicator (whole numbers; they need not add up to 100, only their shares count). */
  weights: Record<RatingIndicator, number>
  /** The score (0–100) a station needs for 2, 3, 4 and 5 stars; below the first it gets 1 star. */
  starLines: [number, number, number, number]
  /** A quarter at or below this many stars is low; two low quarters in a row put a station under 重点监督. */
  lowStars: number
  /** Activities (会议、宣讲、走访…) per quarter that earn the full activity score. */
  activityTarget: number
  /** Points the survey score loses for each 薄弱环节 a campaign found. */
  weakPenalty: number
  /** From this many stars a station gets the 快速通道 the city grants good stations. */
  fastTrackStars: number
}

export const DEFAULT_RATING_CONFIG: RatingConfig = {
  minCases: 5,
  weights: { acceptOnTime: 25, resolveOnTime: 25, satisfaction: 20, reopen: 10, survey: 10, activity: 10 },
  starLines: [60, 70, 80, 90],
  lowStars: 2,
  activityTarget: 6,
  weakPenalty: 15,
  fastTrackStars: 4,
}

/** What the seed (市人社局 creation plan, 工作机制) grants a station that works well: recorded on it as notes. */
export const FAST_TRACK_BENEFITS: readonly string[] = [
  '开通人社公共服务经办快速通道',
  '优化各项补贴申领和办理流程',
  '及时落实职业培训补贴、失业保险稳岗返还、社会保险补贴等政策',
]

/** A quarter's survey campaigns at a station: only campaigns of 10 answers or more count (D36). */
export interface SurveyInputs {
  /** Campaigns that ended in the quarter with at least 10 answers. */
  campaigns: number
  answers: number
  headcount: number
  /** 薄弱环节 those campaigns found (only shown figures can be weak). */
  weak: SurveyDimension[]
  /** Campaigns that ended with fewer than 10 answers: they give no figure at all. */
  withheld: number
}

/** A station's quarter, as figures (from the ledger's rollups, the campaigns and the activities). */
export interface RatingInputs {
  received: number
  accepted: number
  acceptedOnTime: number
  resolved: number
  resolvedOnTime: number
  reopened: number
  rated: number
  ratingSum: number
  /** Closed without the worker's confirmation (已结案(未确认)): counted apart, neither satisfied nor not. */
  unconfirmed: number
  activities: number
  survey: SurveyInputs
}

export const emptySurveyInputs = (): SurveyInputs => ({ campaigns: 0, answers: 0, headcount: 0, weak: [], withheld: 0 })

export interface IndicatorScore {
  key: RatingIndicator
  label: string
  weight: number
  /** 0–100, or null when there is nothing to measure (its weight then goes to the others). */
  score: number | null
  /** The figures behind it, in words. */
  basis: string
  /** What to improve, when the score is below 80. */
  advice?: string
}

export type RatingStatus = 'rated' | 'insufficient'

export interface RatingOutcome {
  status: RatingStatus
  /** The weighted score (0–100, one decimal), null for 数据不足. */
  score: number | null
  /** 1–5, null for 数据不足. */
  stars: number | null
  indicators: IndicatorScore[]
}

const pct = (part: number, whole: number) => Math.round((part / whole) * 1000) / 10
const clamp = (x: number) => Math.max(0, Math.min(100, x))
const round1 = (x: number) => Math.round(x * 10) / 10

/** Each indicator's score and its words. */
export const indicatorScores = (i: RatingInputs, c: RatingConfig): IndicatorScore[] => {
  const row = (key: RatingIndicator, score: number | null, basis: string, advice?: string): IndicatorScore => ({
    key,
    label: INDICATOR_LABEL[key],
    weight: c.weights[key],
    score: score === null ? null : round1(clamp(score)),
    basis,
    ...(score !== null && score < 80 && advice ? { advice } : {}),
  })
  const acceptLate = i.accepted - i.acceptedOnTime
  const resolveLate = i.resolved - i.resolvedOnTime
  const mean = i.rated ? i.ratingSum / i.rated : 0
  const s = i.survey
  const participation = s.headcount ? Math.min(100, pct(s.answers, s.headcount)) : 0
  const weakWords = s.weak.map((d) => SURVEY_DIMENSION_LABEL[d]).join('、')
  const withheldWords = s.withheld ? `；另有 ${s.withheld} 次测评答卷不足 10 份，不计入` : ''
  return [
    row(
      'acceptOnTime',
      i.accepted ? pct(i.acceptedOnTime, i.accepted) : null,
      i.accepted ? `受理 ${i.accepted} 件，按时 ${i.acceptedOnTime} 件` : '本季度没有受理诉求',
      `${acceptLate} 件受理超时：新诉求请在时限内受理`,
    ),
    row(
      'resolveOnTime',
      i.resolved ? pct(i.resolvedOnTime, i.resolved) : null,
      i.resolved ? `办结 ${i.resolved} 件，按时 ${i.resolvedOnTime} 件` : '本季度没有办结诉求',
      `${resolveLate} 件办结超时：临近时限的诉求请优先办理，办不完及时说明`,
    ),
    row(
      'satisfaction',
      i.rated ? ((mean - 1) / 4) * 100 : null,
      [
        i.rated ? `${i.rated} 件由职工评价，平均 ${round1(mean)} 星` : '本季度没有职工评价',
        ...(i.unconfirmed ? [`另有 ${i.unconfirmed} 件已结案(未确认)，单独列出，不算满意也不算不满意`] : []),
      ].join('；'),
      '职工评价偏低：办结前把结果和依据向职工讲清楚',
    ),
    row(
      'reopen',
      i.resolved ? 100 - pct(i.reopened, i.resolved) : null,
      i.resolved ? `办结 ${i.resolved} 件，职工不满意、重新办理 ${i.reopened} 件` : '本季度没有办结诉求',
      '重新办理偏多：办结前确认问题真正解决了',
    ),
    row(
      'survey',
      s.campaigns ? participation - s.weak.length * c.weakPenalty : null,
      s.campaigns
        ? `测评 ${s.campaigns} 次，收答卷 ${s.answers} 份 / 应参加 ${s.headcount} 人（参与率 ${participation}%）${s.weak.length ? `；薄弱环节：${weakWords}` : '；没有薄弱环节'}${withheldWords}`
        : s.withheld
          ? `本季度的测评答卷不足 10 份，为保护答卷人，不计入`
          : '本季度没有结束的满意度测评',
      s.weak.length ? `针对薄弱环节（${weakWords}）整改，并动员更多职工参加测评` : '动员更多职工参加测评',
    ),
    row(
      'activity',
      (i.activities / c.activityTarget) * 100,
      `登记工作活动 ${i.activities} 次（满分需 ${c.activityTarget} 次）`,
      '多开展政策宣讲、走访和调解，并在工作台账里登记',
    ),
  ]
}

/** Stars of a score by the lines. */
export const starsOf = (score: number, lines: RatingConfig['starLines']): number => 1 + lines.filter((l) => score >= l).length

/** The rating of a station's quarter. */
export const rateQuarter = (i: RatingInputs, c: RatingConfig): RatingOutcome => {
  const indicators = indicatorScores(i, c)
  if (i.received < c.minCases) return { status: 'insufficient', score: null, stars: null, indicators }
  const measured = indicators.filter((r) => r.score !== null && r.weight > 0)
  const weight = measured.reduce((n, r) => n + r.weight, 0)
  // Nothing measurable at all (every weighted indicator empty) is not a low score either.
  if (!weight) return { status: 'insufficient', score: null, stars: null, indicators }
  const score = round1(measured.reduce((n, r) => n + r.score! * r.weight, 0) / weight)
  return { status: 'rated', score, stars: starsOf(score, c.starLines), indicators }
}

/** The stars that stand: an admin's adjustment over the computed ones. */
export const finalStars = (computed: number | null, adjusted: number | undefined): number | null => adjusted ?? computed

/** A low quarter: stars at or below the line. 数据不足 is never low. */
export const isLow = (stars: number | null, c: RatingConfig): boolean => stars !== null && stars <= c.lowStars

/** Two low quarters in a row put a station under supervision. */
export const entersSupervision = (previousStars: number | null | undefined, stars: number | null, c: RatingConfig): boolean =>
  previousStars !== undefined && isLow(previousStars, c) && isLow(stars, c)

/** The 快速通道 notes a final rating earns. */
export const fastTrackOf = (stars: number | null, c: RatingConfig): string[] => (stars !== null && stars >= c.fastTrackStars ? [...FAST_TRACK_BENEFITS] : [])

/** A problem with a config an admin sends, in words, or null. */
export const configProblem = (c: RatingConfig): { field: string; message: string } | null => {
  if (!RATING_INDICATORS.some((k) => c.weights[k] > 0)) return { field: 'weights', message: '至少要有一项指标的权重大于 0' }
  for (let k = 1; k < c.starLines.length; k++)
    if (!(c.starLines[k]! > c.starLines[k - 1]!)) return { field: 'starLines', message: '星级分数线应从二星到五星逐级升高' }
  if (c.fastTrackStars <= c.lowStars) return { field: 'fastTrackStars', message: '享受快速通道的星级应高于“低星”的星级' }
  return null
}

/** What changed between two configs, in words (the audit line). */
export const configChanges = (a: RatingConfig, b: RatingConfig): string[] => {
  const out: string[] = []
  const line = (what: string, x: unknown, y: unknown) => {
    if (JSON.stringify(x) !== JSON.stringify(y)) out.push(`${what}：${Array.isArray(x) ? x.join('/') : x} → ${Array.isArray(y) ? y.join('/') : y}`)
  }
  line('最少诉求数', a.minCases, b.minCases)
  for (const k of RATING_INDICATORS) line(`${INDICATOR_LABEL[k]}权重`, a.weights[k], b.weights[k])
  line('二至五星分数线', a.starLines, b.starLines)
  line('低星线', a.lowStars, b.lowStars)
  line('活动满分次数', a.activityTarget, b.activityTarget)
  line('每个薄弱环节扣分', a.weakPenalty, b.weakPenalty)
  line('快速通道星级', a.fastTrackStars, b.fastTrackStars)
  return out
}

// ---------------------------------------------------------------------------------------------------
// Quarters (Asia/Shanghai): '2026-Q4'
// ---------------------------------------------------------------------------------------------------

export const QUARTER_RE = /^(20\d{2})-Q([1-4])$/

export const quarterOfMonth = (month: string): string => {
  const m = MONTH_RE.exec(month)
  if (!m) throw new RangeError(`not a month: ${month}`)
  return `${m[1]}-Q${Math.floor((Number(m[2]) - 1) / 3) + 1}`
}

export const quarterOf = (ms: number): string => quarterOfMonth(monthOf(ms))

const parseQuarter = (q: string) => {
  const m = QUARTER_RE.exec(q)
  if (!m) throw new RangeError(`not a quarter: ${q}`)
  return { year: Number(m[1]), n: Number(m[2]) }
}

export const monthsOfQuarter = (q: string): string[] => {
  const { year, n } = parseQuarter(q)
  return [0, 1, 2].map((i) => `${year}-${String((n - 1) * 3 + 1 + i).padStart(2, '0')}`)
}

export const addQuarters = (q: string, k: number): string => quarterOfMonth(addMonths(monthsOfQuarter(q)[0]!, 3 * k))

/** The quarter before the one `now` is in: the latest that has ended. */
export const lastEndedQuarter = (now: number): string => addQuarters(quarterOf(now), -1)

export const quarterRange = (q: string): { start: number; end: number } => {
  const ms = monthsOfQuarter(q)
  return { start: monthRange(ms[0]!).start, end: monthRange(ms[2]!).end }
}

/** '2026年第四季度'. */
export const quarterName = (q: string): string => {
  const { year, n } = parseQuarter(q)
  return `${year}年第${['一', '二', '三', '四'][n - 1]}季度`
}

/** Stars in words: '★★★★☆ 4 星', or 数据不足. */
export const starsWords = (stars: number | null): string => (stars === null ? '数据不足' : `${stars} 星`)

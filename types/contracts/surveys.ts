import { z } from 'zod'
import { defineContract } from '../contract'
import type { StationKind } from '../domain'
import { Cursor, Id, PageLimit } from '../values'
import { JobId, JobView } from './jobs'

/**
 * 职工满意度民主测评 (DOMAIN §4, D36): a versioned questionnaire of the city standard's six dimensions, campaigns
 * at enterprise and park stations, one anonymous answer per worker per campaign, and results that show
 * nothing computed from fewer than 10 answers (the rule is `smallGroup` in core/domain/surveys.ts).
 */

/** Where campaigns run: an enterprise or a park station. */
export const SURVEY_STATION_KINDS: readonly StationKind[] = ['enterprise', 'park']

/** The city standard's six dimensions, in the order of the questionnaire. */
export const SurveyDimension = z.enum(['contract', 'pay', 'insurance', 'hours', 'safety', 'union'])
export type SurveyDimension = z.infer<typeof SurveyDimension>
export const SURVEY_DIMENSION_LABEL: Record<SurveyDimension, string> = {
  contract: '劳动合同制度实施',
  pay: '工资薪酬待遇',
  insurance: '社会保险待遇',
  hours: '工时休假待遇',
  safety: '劳动安全卫生情况',
  union: '工会建设及民主管理',
}

/** One answer to one question: 1 很不满意 … 5 很满意, or 0 for 不了解 (counted apart, never in a mean). */
export const Rating = z.number({ error: '请选一个答案' }).int().min(0).max(5)
export const RATING_UNKNOWN = 0
/** The answer buttons, in the order a person reads them. */
export const RATING_CHOICES: ReadonlyArray<{ value: number; label: string }> = [
  { value: 5, label: '很满意' },
  { value: 4, label: '满意' },
  { value: 3, label: '一般' },
  { value: 2, label: '不满意' },
  { value: 1, label: '很不满意' },
  { value: RATING_UNKNOWN, label: '不了解' },
]

export const SurveyComment = z.string().trim().max(300, '留言最多 300 个字')
/** A question as an admin writes it. */
export const QuestionText = z.string().trim().min(6, '每道题至少写 6 个字').max(60, '每道题最多 60 个字')
export const CommentPrompt = z.string().trim().min(4, '请写上留言框的提示').max(60, '提示最多 60 个字')
/** 'YYYY-MM-DD', a day in Asia/Shanghai. */
export const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2026-12-01')
/** The 薄弱环节 line: a dimension whose mean is below it is marked and gets a 整改 task. */
export const Threshold = z.number({ error: '请填写 1 到 5 之间的分数' }).min(1, '薄弱线在 1 到 5 分之间').max(5, '薄弱线在 1 到 5 分之间')
export const TemplateNote = z.string().trim().min(2, '请写明这一版改了什么').max(200, '最多 200 个字')
export const TaskNote = z.string().trim().min(4, '请写明做了哪些整改，至少 4 个字').max(500, '最多 500 个字')

// ---------------------------------------------------------------------------------------------------
// Views
// ---------------------------------------------------------------------------------------------------

/** A figure that the small-group rule may withhold: `shown: false` carries the sentence the page shows. */
const Withheld = z.object({ shown: z.literal(false), reason: z.string() })
export const gated = <T extends z.ZodType>(value: T) => z.discriminatedUnion('shown', [z.object({ shown: z.literal(true), value }), Withheld])

/** Mean (1–5, two decimals), how many ratings it is of, how many said 不了解, and the count of each of 1…5. */
export const Figure = z.object({
  mean: z.number(),
  count: z.number(),
  unknown: z.number(),
  dist: z.array(z.number()).length(5),
})
export type Figure = z.infer<typeof Figure>

export const TemplateQuestion = z.object({ key: z.string(), text: z.string() })
export const TemplateView = z.object({
  id: Id,
  version: z.number(),
  dimensions: z.array(z.object({ key: SurveyDimension, label: z.string(), questions: z.array(TemplateQuestion) })),
  commentPrompt: z.string(),
  questionCount: z.number(),
  publishedLabel: z.string(),
  publishedBy: z.string(),
  note: z.string(),
})
export type TemplateView = z.infer<typeof TemplateView>

export const CampaignPhase = z.enum(['upcoming', 'running', 'ended', 'closed'])
export type CampaignPhase = z.infer<typeof CampaignPhase>
export const CAMPAIGN_PHASE_LABEL: Record<CampaignPhase, string> = { upcoming: '未开始', running: '进行中', ended: '已到期，正在结束', closed: '已结束' }

export const CampaignView = z.object({
  id: Id,
  stationId: Id,
  stationName: z.string(),
  countyName: z.string(),
  startsOn: Ymd,
  endsOn: Ymd,
  /** "2026年12月1日 至 12月14日" */
  windowLabel: z.string(),
  phase: CampaignPhase,
  phaseLabel: z.string(),
  /** Answers so far: the one thing a running campaign shows. */
  answers: z.number(),
  headcount: z.number(),
  templateVersion: z.number(),
  /** "12月10日 负责人提前结束" / "12月15日 到期结束" */
  closedLabel: z.string().optional(),
})
export type CampaignView = z.infer<typeof CampaignView>

export const TaskStatus = z.enum(['open', 'closed'])
export const TASK_STATUS_LABEL: Record<z.infer<typeof TaskStatus>, string> = { open: '整改中', closed: '已整改' }
export const TaskView = z.object({
  id: Id,
  campaignId: Id,
  stationName: z.string(),
  dimension: SurveyDimension,
  dimensionLabel: z.string(),
  /** The mean that opened it (a figure of ≥ 10 answers) and the line it was under. */
  mean: z.number(),
  threshold: z.number(),
  status: TaskStatus,
  statusLabel: z.string(),
  openedLabel: z.string(),
  note: z.string().optional(),
  closedLabel: z.string().optional(),
})
export type TaskView = z.infer<typeof TaskView>

const Comparison = gated(z.object({ mean: z.number(), campaigns: z.number() }))
const Trend = gated(z.object({ previous: z.number(), delta: z.number() }))

export const DimensionResult = z.object({
  key: SurveyDimension,
  label: z.string(),
  figure: gated(Figure),
  /** Below the 薄弱环节 line in force when the campaign closed. */
  weak: z.boolean(),
  /** Against the station's previous campaign; null when there is none. */
  trend: Trend.nullable(),
  county: Comparison,
  city: Comparison,
  /** The 整改 this campaign opened for the dimension. */
  task: TaskView.nullable(),
  /** The previous campaign's 整改 on this dimension, and whether the dimension improved since. */
  followUp: z.object({ task: TaskView, improved: gated(z.boolean()), words: z.string() }).nullable(),
  /** Each question, with the county and city means of the same question (same questionnaire version). */
  questions: z.array(z.object({ key: z.string(), text: z.string(), figure: gated(Figure), trend: Trend.nullable(), county: Comparison, city: Comparison })),
})
export type DimensionResult = z.infer<typeof DimensionResult>

export const SurveyResults = z.object({
  campaign: CampaignView,
  /** `running`: only the count; `withheld`: closed with fewer than 10 answers, only the reason; `shown`: the figures. */
  state: z.enum(['running', 'withheld', 'shown']),
  reason: z.string().optional(),
  threshold: z.number().optional(),
  participation: gated(z.number()).optional(),
  previous: z.object({ id: Id, windowLabel: z.string() }).nullable().optional(),
  dimensions: z.array(DimensionResult),
  /**
   * The free comments: how many are shown, and how many content security judged risky (ADR 0032), kept and
   * counted apart, never shown. Both under the small-group rule (D36).
   */
  comments: z.object({ shown: z.boolean(), count: z.number().optional(), held: z.number().optional() }),
})
export type SurveyResults = z.infer<typeof SurveyResults>

/** What a station page shows a worker about surveys: the open campaign, if any. */
export const SurveyEntry = z.object({ campaignId: Id, endsLabel: z.string(), answered: z.boolean() })

// ---------------------------------------------------------------------------------------------------
// Worker
// ---------------------------------------------------------------------------------------------------

/** The questionnaire of a running campaign, and whether this worker has answered it already. */
export const getSurveyForm = defineContract({
  fn: 'worker',
  op: 'survey.form',
  audience: 'user',
  input: z.strictObject({ campaignId: Id }),
  output: z.object({
    campaign: z.object({ id: Id, stationName: z.string(), stationCode: z.string(), endsLabel: z.string() }),
    answered: z.boolean(),
    template: TemplateView.pick({ version: true, dimensions: true, commentPrompt: true, questionCount: true }),
  }),
})

/**
 * One answer. `key` is made once per filled questionnaire on the phone and sent on every try: a retry after a
 * lost reply is recognised and counts once; another answer by the same worker is refused. Not `idempotent`
 * in the dispatcher's sense on purpose: its request row would keep the time and a hash of the answer (ADR 14).
 */
export const submitSurvey = defineContract({
  fn: 'worker',
  op: 'survey.submit',
  audience: 'user',
  input: z.strictObject({
    campaignId: Id,
    key: z.string().min(8).max(64).regex(/^[A-Za-z0-9_-]+$/),
    ratings: z.record(z.string().max(40), Rating),
    comment: SurveyComment.optional(),
  }),
  output: z.object({ recorded: z.literal(true), answered: z.number() }),
})

/** 我的: how many surveys this worker has answered (a count only: nothing says which). */
export const mySurveys = defineContract({
  fn: 'worker',
  op: 'survey.mine',
  audience: 'user',
  input: z.strictObject({}),
  output: z.object({ answered: z.number() }),
})

// ---------------------------------------------------------------------------------------------------
// Officers (station heads run campaigns; every member sees the count and the results)
// ---------------------------------------------------------------------------------------------------

/** The caller's stations where surveys run, each with its running campaign's count. */
export const listSurveyStations = defineContract({
  fn: 'officer',
  op: 'survey.stations',
  audience: 'officer',
  input: z.strictObject({}),
  output: z.object({
    items: z.array(z.object({ stationId: Id, name: z.string(), kindLabel: z.string(), canRun: z.boolean(), current: CampaignView.nullable() })),
  }),
})

/** One station's surveys: the campaign now, the form to open one, earlier campaigns and 整改 tasks. */
export const getSurveyStation = defineContract({
  fn: 'officer',
  op: 'survey.station',
  audience: 'officer',
  stationAccess: { access: 'read_surveys', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id }),
  output: z.object({
    station: z.object({ id: Id, name: z.string(), kindLabel: z.string() }),
    /** False at a station of a kind where surveys do not run: the page says so. */
    surveysHere: z.boolean(),
    canRun: z.boolean(),
    current: CampaignView.nullable(),
    /** Days a new campaign may start on (today, tomorrow, next Monday), with their words. */
    startChoices: z.array(z.object({ ymd: Ymd, label: z.string() })),
    maxDays: z.number(),
    template: z.object({ version: z.number(), questionCount: z.number() }),
    history: z.array(CampaignView),
    tasks: z.array(TaskView.extend({ canClose: z.boolean() })),
  }),
})

export const MAX_CAMPAIGN_DAYS = 60

/** Opens a campaign with the questionnaire in force (it keeps that version to the end). */
export const openCampaign = defineContract({
  fn: 'officer',
  op: 'survey.open',
  audience: 'officer',
  idempotent: true,
  stationAccess: { access: 'run_surveys', from: { field: 'stationId' } },
  input: z.strictObject({
    stationId: Id,
    startsOn: Ymd,
    days: z.number({ error: '请选择测评几天' }).int().min(1, '测评至少 1 天').max(MAX_CAMPAIGN_DAYS, `测评最长 ${MAX_CAMPAIGN_DAYS} 天`),
    headcount: z.number({ error: '请填写应参加测评的职工人数' }).int().min(1, '请填写应参加测评的职工人数').max(100_000, '人数最多 100000'),
  }),
  output: CampaignView,
})

/** Ends a campaign before its end date: results appear (with 10 answers or more) and the questionnaire closes. */
export const closeCampaign = defineContract({
  fn: 'officer',
  op: 'survey.close',
  audience: 'officer',
  stationAccess: { access: 'run_surveys', from: { field: 'campaignId', via: 'surveyCampaign' } },
  input: z.strictObject({ campaignId: Id }),
  output: CampaignView,
})

export const getSurveyResults = defineContract({
  fn: 'officer',
  op: 'survey.results',
  audience: 'officer',
  stationAccess: { access: 'read_surveys', from: { field: 'campaignId', via: 'surveyCampaign' } },
  input: z.strictObject({ campaignId: Id }),
  output: SurveyResults,
})

/** Free comments of a closed campaign with 10 answers or more, in a random order and without times. */
export const listSurveyComments = defineContract({
  fn: 'officer',
  op: 'survey.comments',
  audience: 'officer',
  stationAccess: { access: 'read_surveys', from: { field: 'campaignId', via: 'surveyCampaign' } },
  input: z.strictObject({ campaignId: Id, after: Cursor.optional(), limit: PageLimit }),
  output: z.object({ shown: z.boolean(), reason: z.string().optional(), items: z.array(z.object({ text: z.string() })), next: z.string().optional() }),
})

/**
 * The results as an .xlsx, under the same rule as the page: made as a job (D35) whose file goes through Files
 * (D34); the finished job carries the file's short-lived URL, for the caller only.
 */
export const exportSurveyResults = defineContract({
  fn: 'officer',
  op: 'survey.export',
  audience: 'officer',
  stationAccess: { access: 'read_surveys', from: { field: 'campaignId', via: 'surveyCampaign' } },
  input: z.strictObject({ campaignId: Id, jobId: JobId }),
  output: JobView,
})

/** Closes a 整改 task with what was done. */
export const closeSurveyTask = defineContract({
  fn: 'officer',
  op: 'survey.closeTask',
  audience: 'officer',
  stationAccess: { access: 'run_surveys', from: { field: 'taskId', via: 'surveyTask' } },
  input: z.strictObject({ taskId: Id, note: TaskNote }),
  output: TaskView,
})

// ---------------------------------------------------------------------------------------------------
// Admins (their jurisdiction: ctx.scope)
// ---------------------------------------------------------------------------------------------------

export const CountySurveyRow = z.object({
  countyId: Id.nullable(),
  name: z.string(),
  campaigns: z.number(),
  running: z.number(),
  closed: z.number(),
  /** Of closed campaigns. */
  answers: z.number(),
  headcount: z.number(),
  /** Answers ÷ headcount of closed campaigns, %. */
  participation: gated(z.number()),
  /** The two weakest dimensions over closed campaigns (means of ≥ 10 answers each). */
  weakest: gated(z.array(z.object({ dimension: SurveyDimension, label: z.string(), mean: z.number(), weak: z.boolean() }))),
  openTasks: z.number(),
})
export type CountySurveyRow = z.infer<typeof CountySurveyRow>

export const surveyOverview = defineContract({
  fn: 'admin',
  op: 'survey.overview',
  audience: 'admin',
  input: z.strictObject({ year: z.number().int().min(2020).max(2100).optional() }),
  output: z.object({
    year: z.number(),
    scopeName: z.string(),
    threshold: z.number(),
    total: CountySurveyRow,
    counties: z.array(CountySurveyRow),
    canEditTemplate: z.boolean(),
  }),
})

export const CampaignRow = CampaignView.extend({ participation: gated(z.number()).nullable(), weakCount: gated(z.number()).nullable() })

/** Campaigns of the year in the admin's jurisdiction (or one county of it), newest first. */
export const listCampaigns = defineContract({
  fn: 'admin',
  op: 'survey.campaigns',
  audience: 'admin',
  input: z.strictObject({ year: z.number().int().min(2020).max(2100), countyId: Id.optional(), after: Cursor.optional(), limit: PageLimit }),
  output: z.object({ items: z.array(CampaignRow), next: z.string().optional() }),
})

export const ThresholdView = z.object({ value: z.number(), version: z.number(), isDefault: z.boolean() })

export const getSurveyTemplate = defineContract({
  fn: 'admin',
  op: 'survey.template',
  audience: 'admin',
  input: z.strictObject({}),
  output: z.object({
    current: TemplateView,
    versions: z.array(z.object({ version: z.number(), publishedLabel: z.string(), publishedBy: z.string(), note: z.string(), questionCount: z.number() })),
    threshold: ThresholdView,
    /** The city admin publishes versions and sets the line. */
    canEdit: z.boolean(),
  }),
})

/** A new version of the questionnaire: the six dimensions in order, 3–5 questions each. Running campaigns keep theirs. */
export const publishSurveyTemplate = defineContract({
  fn: 'admin',
  op: 'survey.publishTemplate',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  idempotent: true,
  input: z.strictObject({
    basedOn: z.number().int().min(1),
    note: TemplateNote,
    dimensions: z
      .array(
        z.strictObject({
          key: SurveyDimension,
          questions: z.array(QuestionText).min(3, '每个方面至少 3 道题').max(5, '每个方面最多 5 道题'),
        }),
      )
      .length(6, '问卷要包含全部六个方面'),
    commentPrompt: CommentPrompt,
  }).superRefine((v, ctx) => {
    v.dimensions.forEach((d, i) => {
      if (d.key !== SurveyDimension.options[i]) ctx.addIssue({ code: 'custom', path: ['dimensions', i, 'key'], message: '六个方面要按规定的顺序排列' })
    })
  }),
  output: TemplateView,
})

export const setSurveyThreshold = defineContract({
  fn: 'admin',
  op: 'survey.setThreshold',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ version: z.number().int().min(0), value: Threshold }),
  output: ThresholdView,
})

/** The operations of this file by name (handlers/surveys.handlers.ts has one handler for each). */
export const SURVEY_CONTRACTS = {
  getSurveyForm,
  submitSurvey,
  mySurveys,
  listSurveyStations,
  getSurveyStation,
  openCampaign,
  closeCampaign,
  getSurveyResults,
  listSurveyComments,
  exportSurveyResults,
  closeSurveyTask,
  surveyOverview,
  listCampaigns,
  getSurveyTemplate,
  publishSurveyTemplate,
  setSurveyThreshold,
} as const

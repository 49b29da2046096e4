import { z } from 'zod'
import { defineContract } from '../contract'
import { Cursor, Id, PageLimit, paged } from '../values'
import { JobId, JobView } from './jobs'
import { StationSummary } from './station'

/**
 * 定期调度和通报 (issue #18 §5, ADR 0028): a weekly report per county and for the city — volumes, on-time rates,
 * overdue cases by station, the ranking of stations, cluster alerts, weak survey dimensions, arrears projects at
 * risk and the change since last week. The timer builds last week's every Monday after 08:00; a county's or the
 * city's government-side head or an admin over it builds this week's on demand, reads them and downloads the
 * Excel. Every figure is worded by the server; survey figures follow the small-group rule (D36).
 */

export const WeekId = z.string().regex(/^20\d{2}-W(0[1-9]|[1-4]\d|5[0-3])$/, '周的格式不对，应为 2026-W48')

/** One figure of the week beside last week's: "12 件", "上周 9 件", "+3". */
export const ReportFigure = z.object({
  key: z.string(),
  label: z.string(),
  value: z.string(),
  prev: z.string(),
  /** "+3 件", "−5 个百分点", "持平", "—" when either week has nothing to measure. */
  change: z.string(),
  /** Whether the change is good news, bad news or neither (colour only). */
  tone: z.enum(['good', 'bad', 'none']),
})
export type ReportFigure = z.infer<typeof ReportFigure>

export const ReportContent = z.object({
  stationId: Id,
  /** '曹县劳动关系驿站 · 全县区'. */
  title: z.string(),
  week: WeekId,
  /** '11月23日—11月29日'. */
  weekLabel: z.string(),
  /** Said while the week has not ended (a report built on demand). */
  partialNote: z.string().optional(),
  builtLabel: z.string(),
  volumes: z.array(ReportFigure),
  rates: z.array(ReportFigure),
  /** The week per station of a county, or per county of the city. */
  stations: z.object({
    label: z.string(),
    rows: z.array(z.object({ id: Id, name: z.string(), filed: z.number(), resolved: z.number(), overdue: z.number(), acceptRate: z.string(), resolveRate: z.string() })),
  }),
  /** Deadlines missed in the week, and the cases under 督办 now, per station (those with either). */
  overdue: z.object({
    weekTotal: z.number(),
    supervisedTotal: z.number(),
    rows: z.array(z.object({ stationName: z.string(), countyName: z.string(), week: z.number(), supervised: z.number() })),
  }),
  /** 星级驿站 of the last rated quarter: the best, and the low ones. */
  ranking: z.object({
    quarterLabel: z.string(),
    rated: z.number(),
    insufficient: z.number(),
    /** Stations per star, 1 to 5. */
    stars: z.array(z.number()),
    top: z.array(z.object({ stationName: z.string(), starsLabel: z.string(), score: z.string() })),
    low: z.array(z.object({ stationName: z.string(), starsLabel: z.string(), score: z.string() })),
  }),
  /** 聚集预警 raised in the week, and how many stand open. */
  clusters: z.object({
    raised: z.number(),
    open: z.number(),
    rows: z.array(z.object({ subject: z.string(), stationName: z.string(), workers: z.number(), cases: z.number(), statusLabel: z.string(), raisedLabel: z.string() })),
  }),
  /** Survey campaigns that ended in the week: weak dimensions of those with enough answers (D36). */
  surveys: z.object({
    closed: z.number(),
    withheld: z.number(),
    withheldNote: z.string().optional(),
    rows: z.array(z.object({ stationName: z.string(), answers: z.number(), dimensions: z.array(z.string()) })),
  }),
  /** 欠薪项目风险: projects with open arrears past their 限时化解 date or with an open alert, worst first. */
  arrears: z.object({
    total: z.number(),
    rows: z.array(z.object({ name: z.string(), countyName: z.string(), open: z.number(), workers: z.number(), amountLabel: z.string(), deadlineLabel: z.string(), overdue: z.boolean(), alerts: z.number() })),
  }),
  /** The last eight weeks, for the chart. */
  trend: z.array(z.object({ week: WeekId, label: z.string(), filed: z.number(), resolved: z.number(), overdue: z.number() })),
})
export type ReportContent = z.infer<typeof ReportContent>

export const ReportRow = z.object({
  week: WeekId,
  weekLabel: z.string(),
  /** '新收 12 件 · 超期 3 次 · 按时办结率 80%'. */
  headline: z.string(),
  builtLabel: z.string(),
  /** Built before the week ended (on demand): figures to that moment. */
  partial: z.boolean(),
})
export type ReportRow = z.infer<typeof ReportRow>

/** The counties and the city the caller may read reports of (government-side heads, admins over them). */
export const listReportPlaces = defineContract({
  fn: 'officer',
  op: 'report.places',
  audience: 'officer',
  input: z.strictObject({}),
  output: z.object({ places: z.array(StationSummary) }),
})

/** A county's or the city's weekly reports, newest week first. */
export const listReports = defineContract({
  fn: 'officer',
  op: 'report.list',
  audience: 'officer',
  stationAccess: { access: 'read_reports', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, after: Cursor.optional(), limit: PageLimit }),
  output: paged(ReportRow),
})

/** One weekly report as built. */
export const getReport = defineContract({
  fn: 'officer',
  op: 'report.get',
  audience: 'officer',
  stationAccess: { access: 'read_reports', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, week: WeekId }),
  output: ReportContent,
})

/** Builds this week's report now, to this moment (again if it was built before); the Monday run builds the whole week. */
export const generateReport = defineContract({
  fn: 'officer',
  op: 'report.generate',
  audience: 'officer',
  stationAccess: { access: 'read_reports', from: { field: 'stationId' } },
  idempotent: true,
  input: z.strictObject({ stationId: Id }),
  output: ReportContent,
})

/** The report as an Excel workbook, as a job whose progress the page shows (D35). */
export const exportReport = defineContract({
  fn: 'officer',
  op: 'report.export',
  audience: 'officer',
  stationAccess: { access: 'read_reports', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, week: WeekId, jobId: JobId }),
  output: JobView,
})

export const InternalNoticeRow = z.object({
  id: Id,
  title: z.string(),
  body: z.string(),
  stationName: z.string(),
  atLabel: z.string(),
  /** A page of the officer side it leads to, when the reader may open it. */
  link: z.object({ text: z.string(), path: z.string() }).optional(),
})
export type InternalNoticeRow = z.infer<typeof InternalNoticeRow>

/**
 * 内部通知: what the bureau tells station heads (the weekly report is out), newest first. Only officers read
 * them: government-side heads of the publishing station and of the stations below it, and admins over it.
 * Workers' notice lists never include them (they are not policy notices).
 */
export const listInternalNotices = defineContract({
  fn: 'officer',
  op: 'internalNotice.list',
  audience: 'officer',
  input: z.strictObject({ after: Cursor.optional(), limit: PageLimit }),
  output: paged(InternalNoticeRow),
})

/** The operations of this file by name (handlers/reports.handlers.ts has one handler for each). */
export const REPORT_CONTRACTS = { listReportPlaces, listReports, getReport, generateReport, exportReport, listInternalNotices } as const

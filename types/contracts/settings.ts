import { z } from 'zod'
import { defineContract } from '../contract'
import { CATEGORY_INFO, Category, FIXED_DEADLINES, TRACK_CLOCKS, type FixedDeadline } from '../domain'
import { Id } from '../values'
import { DATES_MESSAGE, datesInOrder, PROJECT_EXTRA_FIELDS } from './arrears'

/** Working minutes of one clock: at least 30 minutes, at most 60 working days. */
const Minutes = z.number().int().min(30, '时限至少 30 分钟').max(60 * 450, '时限最多 60 个工作日')
export const PolicyClocks = z.strictObject({ accept: Minutes, firstReply: Minutes, resolve: Minutes })
/** The deadlines that are the same for every case (督办 window, transfer answer, worker's confirmation). */
export const FixedDeadlines = z.strictObject(Object.fromEntries(FIXED_DEADLINES.map((d) => [d, Minutes])) as Record<FixedDeadline, typeof Minutes>)
/**
 * Deadlines per category (with the group track on top): every category must be present. `fixed` may be left
 * out by a caller that changes only the tracks: the stored or default fixed deadlines stay.
 */
export const SlaPolicyInput = z
  .strictObject({
    ...(Object.fromEntries(Category.options.map((c) => [c, PolicyClocks])) as Record<Category, typeof PolicyClocks>),
    group: PolicyClocks,
    fixed: FixedDeadlines.optional(),
  })
  .superRefine((p, ctx) => {
    for (const [track, c] of Object.entries(p)) {
      if (track === 'fixed' || !c) continue
      const t = c as z.infer<typeof PolicyClocks>
      if (!(t.accept <= t.firstReply && t.firstReply <= t.resolve))
        ctx.addIssue({ code: 'custom', path: [track], message: '时限应满足：受理 ≤ 首次答复 ≤ 办结' })
    }
  })

export const FIXED_DEADLINE_LABEL: Record<FixedDeadline, string> = {
  supervision: '督办后办结期限',
  transfer: '转办对方答复期限',
  autoClose: '职工确认期限（到期自动结案）',
}

export const POLICY_TRACK_LABEL: Record<Category | 'group', string> = {
  ...(Object.fromEntries(Category.options.map((c) => [c, CATEGORY_INFO[c].label])) as Record<Category, string>),
  group: '群体性诉求（10 人以上）',
}

const StoredPolicy = SlaPolicyInput.safeExtend({ fixed: FixedDeadlines })

/**
 * A case category as data: its name and one-line explanation on the form, whether the form offers it, and its
 * 「你的权利」 card (one or two plain sentences, and the notice behind them). The set of categories is the code's.
 */
export const CategoryEntryInput = z.strictObject({
  name: z.string().trim().min(2, '类别名称至少 2 个字').max(12, '类别名称最多 12 个字'),
  hint: z.string().trim().min(2, '请用一句话说明这个类别').max(30, '说明最多 30 个字'),
  enabled: z.boolean(),
  rights: z
    .strictObject({
      text: z.string().trim().min(10, '“你的权利”至少写 10 个字').max(120, '“你的权利”最多 120 个字'),
      noticeId: Id.nullable(),
    })
    .nullable(),
})
export const CategoryCatalogueInput = z
  .strictObject(Object.fromEntries(Category.options.map((c) => [c, CategoryEntryInput])) as Record<Category, typeof CategoryEntryInput>)
  .superRefine((cat, ctx) => {
    const seen = new Map<string, string>()
    for (const c of Category.options) {
      const name = cat[c].name
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: [c, 'name'], message: `“${name}”和另一个类别重名了` })
      seen.set(name, c)
    }
    // Whatever else is switched off, a worker always has somewhere to go (首问负责: nobody is turned away).
    if (!cat.other.enabled) ctx.addIssue({ code: 'custom', path: ['other', 'enabled'], message: '“其他”类别不能停用：职工的问题总要有地方反映' })
  })

const PolicyView = z.object({
  policy: StoredPolicy,
  isDefault: z.boolean(),
  version: z.number(),
  defaults: StoredPolicy,
  categories: CategoryCatalogueInput,
  defaultCategories: CategoryCatalogueInput,
})

/** The deadline policy (working minutes per track and clock). City admins only. */
export const getPolicy = defineContract({ fn: 'admin', op: 'policy.get', audience: 'admin', stationAccess: { access: 'city_admin' }, input: z.strictObject({}), output: PolicyView })

/** Changes apply to clocks started afterwards; running deadlines keep theirs (D12). */
export const setPolicy = defineContract({
  fn: 'admin',
  op: 'policy.set',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ version: z.number().int().min(0), policy: SlaPolicyInput, categories: CategoryCatalogueInput.optional() }),
  output: PolicyView,
})

const Ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 2027-01-01')
export const YearArrangementInput = z.strictObject({
  source: z.string().trim().min(4, '请写明依据的通知文号').max(200),
  holidays: z.array(z.strictObject({ name: z.string().trim().min(1).max(20), dates: z.array(Ymd).min(1).max(15) })).min(1).max(20),
  makeupWorkdays: z.array(Ymd).max(20).default([]),
})

const CalendarView = z.object({
  version: z.number(),
  years: z.array(
    z.object({
      year: z.string(),
      source: z.string(),
      holidayDays: z.number(),
      makeupWorkdays: z.number(),
      enteredByAdmin: z.boolean(),
      /** The dates themselves, to read and correct (YYYY-MM-DD). */
      holidays: z.array(z.object({ name: z.string(), dates: z.array(z.string()) })),
      makeupDates: z.array(z.string()),
    }),
  ),
  /** The next year that has no arrangement yet: deadlines there count ordinary weekends only. */
  firstMissingYear: z.string(),
  /** Next year (by today's date), and whether it is still missing: the page warns then. */
  nextYear: z.string(),
  nextYearMissing: z.boolean(),
})

/** One working day in working minutes (08:30–12:00, 13:30–17:30): pages enter deadlines in days or hours. */
export const MINUTES_PER_WORKING_DAY = 450

const PreviewClock = z.object({ minutes: z.number(), words: z.string(), sentence: z.string() })
export const PolicyPreview = z.object({
  tracks: z.array(z.object({ track: z.string(), label: z.string(), clocks: z.array(PreviewClock.extend({ clock: z.enum(TRACK_CLOCKS) })) })),
  fixed: z.array(PreviewClock.extend({ key: z.enum(FIXED_DEADLINES), label: z.string() })),
  /** What saving it would change, line by line (empty when nothing). */
  changes: z.array(z.string()),
})

/** What a policy would mean for a case filed now, and what saving it would change. City admins only; writes nothing. */
export const previewPolicy = defineContract({
  fn: 'admin',
  op: 'policy.preview',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ policy: SlaPolicyInput, categories: CategoryCatalogueInput.optional() }),
  output: PolicyPreview,
})

/** Years of holidays and 调休 the deadlines use. City admins only. */
export const getCalendar = defineContract({ fn: 'admin', op: 'calendar.get', audience: 'admin', stationAccess: { access: 'city_admin' }, input: z.strictObject({}), output: CalendarView })

/** Enters (or corrects) one year's arrangement as published by the State Council. */
export const setCalendarYear = defineContract({
  fn: 'admin',
  op: 'calendar.setYear',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ version: z.number().int().min(0), year: z.string().regex(/^20\d{2}$/, '年份格式不对'), arrangement: YearArrangementInput }),
  output: CalendarView,
})

export const Project = z.object({ id: Id, name: z.string(), contractor: z.string(), countyId: Id, responsibleStationId: Id, responsibleStationName: z.string() })

/** Registers a construction project: wage-arrears cases on it go to its responsible station (D9). */
export const createProject = defineContract({
  fn: 'admin',
  op: 'project.create',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'countyId' } },
  idempotent: true,
  input: z
    .strictObject({
      countyId: Id,
      name: z.string().trim().min(2, '请填写项目名称').max(50, '项目名称最多 50 个字'),
      contractor: z.string().trim().min(2, '请填写总承包单位').max(50),
      responsibleStationId: Id,
      // 菏薪共治 (ADR 0023): the general contractor's code, 包保 officer, wage account, workers, dates, 限时化解.
      ...PROJECT_EXTRA_FIELDS,
    })
    .refine(datesInOrder, DATES_MESSAGE),
  output: Project,
})

/** Projects registered in the county of a station, for the wage-arrears form filed there. */
export const listProjects = defineContract({
  fn: 'worker',
  op: 'project.listForStation',
  audience: 'user',
  input: z.strictObject({ stationId: Id }),
  output: z.object({ items: z.array(Project) }),
})

export const CategoryOption = z.object({
  category: Category,
  name: z.string(),
  hint: z.string(),
  enabled: z.boolean(),
  /** 「你的权利」: the sentences, and the notice behind them while it is published. */
  rights: z.object({ text: z.string(), noticeId: Id.nullable() }).nullable(),
  /** How soon a case of this category is accepted, by the policy in force ("4 个工作小时内受理", D33); empty when not known yet. */
  acceptPromise: z.string(),
})
export type CategoryOption = z.infer<typeof CategoryOption>

/** The categories as the form offers them (a disabled one is marked, for old cases), with their rights cards. */
export const listCategories = defineContract({
  fn: 'worker',
  op: 'category.list',
  audience: 'user',
  input: z.strictObject({}),
  output: z.object({
    items: z.array(CategoryOption),
    /** The promise of the slowest category offered ("1 个工作日内受理"): what the form says before one is chosen. */
    latestAcceptPromise: z.string(),
  }),
})

/** The operations of this file by name (handlers/settings.handlers.ts has one handler for each). */
export const SETTINGS_CONTRACTS = { getPolicy, setPolicy, previewPolicy, getCalendar, setCalendarYear, createProject, listProjects, listCategories } as const

import { z } from 'zod'
import { defineContract } from '../contract'
import { Uscc } from '../employer'
import { Cursor, Id } from '../values'
import { JobId, JobView } from './jobs'

/**
 * 菏薪共治 (DOMAIN §6, ADR 0023): construction projects with their 包保 officer and wage account, each project's
 * open wage arrears and 限时化解 deadline, the county's projects at risk; the 欠薪黑名单 kept by the city's bureau
 * admins with its public list; the provincial export (互联网+劳动关系) of cases by a since-cursor.
 */

export const WageAccount = z.enum(['opened', 'not_opened', 'abnormal'])
export type WageAccount = z.infer<typeof WageAccount>
export const WAGE_ACCOUNT_LABEL: Record<WageAccount, string> = { opened: '已开设', not_opened: '未开设', abnormal: '异常' }

/** 'YYYY-MM-DD', a real calendar day. */
export const CalendarDay = z
  .string()
  .regex(/^20\d{2}-\d{2}-\d{2}$/, '日期格式不对，应为 2026-12-01')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s, '没有这一天，请核对日期')

/**
 * What 菏薪共治 keeps of a project beyond what routing needs (name, contractor, responsible station): optional,
 * so a project registered for routing alone stays valid. `project.create` takes them too.
 */
export const PROJECT_EXTRA_FIELDS = {
  contractorUscc: Uscc.optional(),
  /** 包保责任人: an officer of a station in the project's county. */
  officerId: Id.optional(),
  wageAccount: WageAccount.optional(),
  workerCount: z.number().int('人数要是整数').min(0, '人数不能是负数').max(100_000, '人数最多 100000').optional(),
  startOn: CalendarDay.optional(),
  endOn: CalendarDay.optional(),
  /** 限时化解: by when open arrears are to be cleared; null or absent: within 30 days of when they began. */
  clearBy: CalendarDay.nullable().optional(),
}

export const datesInOrder = (p: { startOn?: string | undefined; endOn?: string | undefined }) => !p.startOn || !p.endOn || p.startOn <= p.endOn
export const DATES_MESSAGE = { path: ['endOn'], message: '竣工日期不能早于开工日期' }

/** One project in the ledger, with its open arrears as the viewer's side may see them (D8a). */
export const ProjectRow = z.object({
  id: Id,
  name: z.string(),
  countyId: Id,
  countyName: z.string(),
  contractor: z.string(),
  contractorUscc: z.string().nullable(),
  responsibleStationName: z.string(),
  officerName: z.string().nullable(),
  wageAccount: WageAccount,
  wageAccountLabel: z.string(),
  workerCount: z.number().nullable(),
  /** '2026-03-01 至 2027-06-30', or what is known. */
  periodLabel: z.string(),
  open: z.number(),
  amount: z.number(),
  workers: z.number(),
  /** 限时化解: the deadline in words ("12月31日前化解" / "已超期 3 天"), null when nothing is open. */
  deadline: z.object({ dueOn: z.string(), label: z.string(), overdue: z.boolean(), setByAdmin: z.boolean() }).nullable(),
  openAlerts: z.number(),
  atRisk: z.boolean(),
})
export type ProjectRow = z.infer<typeof ProjectRow>

export const ProjectLedger = z.object({
  title: z.string(),
  /** The whole city (the rows name their county), or one county. */
  isCity: z.boolean(),
  /** May register and edit projects here (a bureau admin whose scope covers it). */
  mayEdit: z.boolean(),
  totals: z.object({ projects: z.number(), atRisk: z.number(), overdue: z.number(), open: z.number(), amount: z.number(), workers: z.number() }),
  rows: z.array(ProjectRow),
  scopeNote: z.string().optional(),
})
export type ProjectLedger = z.infer<typeof ProjectLedger>

/** 工程项目台账: every project of a county (at the city station, of every county), or only those at risk (the county view). */
export const getProjectLedger = defineContract({
  fn: 'officer',
  op: 'project.ledger',
  audience: 'officer',
  stationAccess: { access: () => ['member', 'subtree'] as const, from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, riskOnly: z.boolean().default(false) }),
  output: ProjectLedger,
})

/** A project as its edit form shows it, with the choices the form offers. */
export const ProjectForm = z.object({
  countyId: Id,
  countyName: z.string(),
  project: z
    .object({
      id: Id,
      version: z.number(),
      name: z.string(),
      contractor: z.string(),
      contractorUscc: z.string().nullable(),
      responsibleStationId: Id,
      officerId: Id.nullable(),
      wageAccount: WageAccount,
      workerCount: z.number().nullable(),
      startOn: z.string().nullable(),
      endOn: z.string().nullable(),
      clearBy: z.string().nullable(),
    })
    .nullable(),
  stations: z.array(z.object({ id: Id, name: z.string() })),
  officers: z.array(z.object({ id: Id, name: z.string(), stationName: z.string() })),
})
export type ProjectForm = z.infer<typeof ProjectForm>

/** The edit form of a county's project (or a new one: no projectId). Admins whose scope covers the county. */
export const getProjectForm = defineContract({
  fn: 'admin',
  op: 'project.form',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'countyId' } },
  input: z.strictObject({ countyId: Id, projectId: Id.optional() }),
  output: ProjectForm,
})

/** Changes a project (its county stays): versioned, audited. */
export const updateProject = defineContract({
  fn: 'admin',
  op: 'project.update',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'countyId' } },
  input: z
    .strictObject({
      countyId: Id,
      projectId: Id,
      version: z.number().int().min(1),
      name: z.string().trim().min(2, '请填写项目名称').max(50, '项目名称最多 50 个字'),
      contractor: z.string().trim().min(2, '请填写总承包单位').max(50, '总承包单位最多 50 个字'),
      responsibleStationId: Id,
      ...PROJECT_EXTRA_FIELDS,
    })
    .refine(datesInOrder, DATES_MESSAGE),
  output: z.object({ id: Id, version: z.number() }),
})

// 欠薪黑名单 ------------------------------------------------------------------------------------------------

export const DocNo = z.string().trim().min(4, '请填写决定文书号').max(40, '文书号最多 40 个字')

/** What a blacklist decision publishes: all the public list shows. */
export const PublicBlacklistEntry = z.object({
  id: Id,
  subjectName: z.string(),
  uscc: z.string(),
  docNo: z.string(),
  decidedOn: z.string(),
  reason: z.string(),
  listedFrom: z.string(),
  listedUntil: z.string(),
})
export type PublicBlacklistEntry = z.infer<typeof PublicBlacklistEntry>

/** 欠薪黑名单 as the public reads it: entries listed now, newest decision first; search by name or code. Anyone. */
export const searchBlacklist = defineContract({
  fn: 'worker',
  op: 'blacklist.search',
  audience: 'user',
  input: z.strictObject({ q: z.string().trim().max(30, '最多 30 个字').optional(), after: Cursor.optional() }),
  output: z.object({ items: z.array(PublicBlacklistEntry), next: z.string().optional(), total: z.number() }),
})

export const AdminBlacklistEntry = PublicBlacklistEntry.extend({
  version: z.number(),
  status: z.enum(['listed', 'expired', 'removed']),
  statusLabel: z.string(),
  createdByName: z.string(),
  endedLabel: z.string().nullable(),
  removedReason: z.string().nullable(),
})

/** Every entry with its state (listed, expired, removed and why), for the city's bureau admins. */
export const listBlacklist = defineContract({
  fn: 'admin',
  op: 'blacklist.list',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ status: z.enum(['listed', 'expired', 'removed']).default('listed'), after: Cursor.optional() }),
  output: z.object({ items: z.array(AdminBlacklistEntry), next: z.string().optional() }),
})

/** Lists a subject by a bureau decision: the listing runs from the decision date for 3 years unless told. */
export const createBlacklistEntry = defineContract({
  fn: 'admin',
  op: 'blacklist.create',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  idempotent: true,
  input: z.strictObject({
    subjectName: z.string().trim().min(2, '请填写失信主体名称').max(60, '名称最多 60 个字'),
    uscc: Uscc,
    docNo: DocNo,
    decidedOn: CalendarDay,
    reason: z.string().trim().min(4, '请写明列入事由').max(300, '事由最多 300 个字'),
    years: z.number().int('年限要是整数').min(1, '列入期限至少 1 年').max(5, '列入期限最多 5 年').default(3),
  }),
  output: AdminBlacklistEntry,
})

/** Takes an entry off the list before its end: the reason is kept in the audit log and with the entry. */
export const removeBlacklistEntry = defineContract({
  fn: 'admin',
  op: 'blacklist.remove',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ id: Id, version: z.number().int().min(1), reason: z.string().trim().min(4, '请写明移出的理由').max(300, '理由最多 300 个字') }),
  output: AdminBlacklistEntry,
})

// 互联网+劳动关系 -------------------------------------------------------------------------------------------

/** Where the previous pull stopped: '<updatedAt>~<_id>' (opaque to the province, but plain). */
export const ExportCursor = z.string().regex(/^\d{1,15}~[A-Za-z0-9_-]{1,64}$/, '游标格式不对，请使用上次导出返回的游标')

/**
 * Cases changed since the cursor, for the caller's scope (the city, or a county), as JSON Lines and CSV in the
 * shape of docs/export/case-v1.schema.json; answers with the next cursor. At most EXPORT_MAX cases per run.
 */
export const exportCases = defineContract({
  fn: 'admin',
  op: 'export.cases',
  audience: 'admin',
  stationAccess: { access: 'admin', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, since: ExportCursor.nullable().default(null), jobId: JobId }),
  output: z.object({
    job: JobView,
    /** Null while the job has not finished. */
    nextCursor: z.string().nullable(),
    count: z.number(),
    identities: z.number(),
    /** More cases changed after this run's last: run again from `nextCursor`. */
    more: z.boolean(),
    csv: z.object({ fileName: z.string(), url: z.string() }).nullable(),
  }),
})

export const EXPORT_SCHEMA_VERSION = 'case-v1'
export const EXPORT_MAX = 5000

/** The operations of this file by name (handlers/arrears.handlers.ts has one handler for each). */
export const ARREARS_CONTRACTS = {
  getProjectLedger,
  getProjectForm,
  updateProject,
  searchBlacklist,
  listBlacklist,
  createBlacklistEntry,
  removeBlacklistEntry,
  exportCases,
} as const

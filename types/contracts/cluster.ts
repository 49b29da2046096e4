import { z } from 'zod'
import { defineContract } from '../contract'
import { CaseNo, Cursor, Id, PageLimit, paged } from '../values'
import { InboxRow } from './case'

/**
 * The employer named on cases and 聚集预警 (ADR 0011): name suggestions for the case form, the county
 * station's alerts, closing one with a decision, and 关联 (officers tying related cases together).
 */

export const EmployerSuggestion = z.object({
  name: z.string(),
  /** Where the name comes from, in words: "本县企业驿站", "城南安置房项目 总承包". */
  note: z.string(),
})

/**
 * Names in the county of the station the worker files at that start like what they typed: its enterprise
 * stations' enterprises and its registered projects' general contractors. Names only, at most 8.
 * `stationEmployer` is the enterprise of the station itself when it is an enterprise station (the form shows
 * it instead of asking).
 */
export const suggestEmployers = defineContract({
  fn: 'worker',
  op: 'employer.suggest',
  audience: 'user',
  input: z.strictObject({ stationId: Id, prefix: z.string().max(60).default('') }),
  output: z.object({ items: z.array(EmployerSuggestion), stationEmployer: z.string().nullable() }),
})

export const AlertStatus = z.enum(['open', 'closed'])
export type AlertStatus = z.infer<typeof AlertStatus>
export const ALERT_STATUS_LABEL: Record<AlertStatus, string> = { open: '待处理', closed: '已处理' }

export const AlertRow = z.object({
  id: Id,
  /** The employer's name, or the project's. */
  subject: z.string(),
  kind: z.enum(['employer', 'project']),
  kindLabel: z.string(),
  status: AlertStatus,
  statusLabel: z.string(),
  /** Cases in it, and how many separate workers (each anonymous case counts as one). */
  caseCount: z.number(),
  workers: z.number(),
  /** "3 人反映，共 4 件" */
  summary: z.string(),
  raisedAt: z.number(),
  raisedLabel: z.string(),
  lastCaseLabel: z.string(),
})
export type AlertRow = z.infer<typeof AlertRow>

/** A station's alerts, newest first: only those the membership's side may see (D8a), in rows and in counts. */
export const listAlerts = defineContract({
  fn: 'officer',
  op: 'alert.list',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'stationId' } },
  input: z.strictObject({ stationId: Id, status: AlertStatus.default('open'), after: Cursor.optional(), limit: PageLimit }),
  output: paged(AlertRow).extend({ counts: z.record(AlertStatus, z.number()) }),
})

export const AlertDetail = AlertRow.extend({
  stationId: Id,
  stationName: z.string(),
  /** The ways the employer's name was written on the cases shown. */
  names: z.array(z.string()),
  /** Its cases this officer may open, oldest first. */
  cases: z.array(InboxRow),
  /** Cases in it that this officer may not open (a station above now holds them). */
  hiddenCases: z.number(),
  /** Earlier cases it counts but no longer lists (an alert lists its most recent 100). */
  unlistedCases: z.number(),
  /** Whether every case shown is already linked to every other one. */
  allLinked: z.boolean(),
  decision: z.object({ text: z.string(), byName: z.string(), atLabel: z.string() }).nullable(),
  version: z.number(),
})
export type AlertDetail = z.infer<typeof AlertDetail>

/** One alert, for a member of the station it was raised at. */
export const getAlert = defineContract({
  fn: 'officer',
  op: 'alert.get',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'id', via: 'alert' } },
  input: z.strictObject({ id: Id }),
  output: AlertDetail,
})

/** Closes an alert with what was decided (recorded with who and when, and in the audit log). */
export const closeAlert = defineContract({
  fn: 'officer',
  op: 'alert.close',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'id', via: 'alert' } },
  input: z.strictObject({
    id: Id,
    version: z.number().int().min(1),
    decision: z.string().trim().min(5, '请写明处理决定，至少 5 个字').max(500, '处理决定最多 500 个字'),
  }),
  output: AlertDetail,
})

/** Links every case of an alert this officer may note to every other one (关联). */
export const linkAlertCases = defineContract({
  fn: 'officer',
  op: 'alert.link',
  audience: 'officer',
  stationAccess: { access: 'member', from: { field: 'id', via: 'alert' } },
  input: z.strictObject({ id: Id }),
  output: AlertDetail,
})

export const LinkedCase = InboxRow.extend({
  /** "曹县周科长 关联于 11月25日 周三 10:00" */
  linkedLabel: z.string(),
})

export const CaseLinks = z.object({
  items: z.array(LinkedCase),
  /** Whether this officer may link this case to another (and take a link away). */
  mayLink: z.boolean(),
})

/** The cases linked to this one that this officer may open (others are not shown, nor counted). */
export const listCaseLinks = defineContract({
  fn: 'officer',
  op: 'case.links',
  audience: 'officer',
  caseAccess: 'view',
  input: z.strictObject({ id: Id }),
  output: CaseLinks,
})

/** Links this case and the one with that number, both ways; both must be cases the officer may note. */
export const linkCase = defineContract({
  fn: 'officer',
  op: 'case.link',
  audience: 'officer',
  caseAccess: 'note',
  input: z.strictObject({ id: Id, caseNo: CaseNo }),
  output: CaseLinks,
})

/** Takes a link away again, both ways. */
export const unlinkCase = defineContract({
  fn: 'officer',
  op: 'case.unlink',
  audience: 'officer',
  caseAccess: 'note',
  input: z.strictObject({ id: Id, otherId: Id }),
  output: CaseLinks,
})

/** The operations of this file by name (handlers/cluster.handlers.ts has one handler for each). */
export const CLUSTER_CONTRACTS = { suggestEmployers, listAlerts, getAlert, closeAlert, linkAlertCases, listCaseLinks, linkCase, unlinkCase } as const

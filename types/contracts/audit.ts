import { z } from 'zod'
import { defineContract } from '../contract'
import { Cursor, PageLimit, paged } from '../values'

export const AccessLogRow = z.object({
  at: z.number(),
  atLabel: z.string(),
  officerName: z.string(),
  stationName: z.string(),
  caseId: z.string(),
  caseNo: z.string(),
  /** What was seen, in words ("查看了职工姓名和电话"). */
  what: z.string(),
})

/**
 * Who saw which worker's name and phone, newest first (D4). City admins read the whole log; county admins
 * the views of their county's cases.
 */
export const listAccessLog = defineContract({
  fn: 'admin',
  op: 'accessLog.list',
  audience: 'admin',
  input: z.strictObject({ after: Cursor.optional(), limit: PageLimit }),
  output: paged(AccessLogRow),
})

/** The operations of this file by name (handlers/audit.handlers.ts has one handler for each). */
export const AUDIT_CONTRACTS = { listAccessLog } as const

import { z } from 'zod'
import type { Category } from './domain'
import { isValidUscc, USCC_INVALID, USCC_LENGTH } from './uscc'

/** The employer a case is against, as the form sends it (ADR 0011). */

export const EmployerName = z.string().trim().min(2, '单位名称至少写 2 个字').max(60, '单位名称最多 60 个字')

/** Optional on the form; upper-cased, then checked (GB 32100-2015), with words a person can act on. */
export const Uscc = z.string().trim().toUpperCase().length(18, USCC_LENGTH).refine(isValidUscc, USCC_INVALID)

/** What the worker does know when they do not know the full name ("县城东边的服装厂，老板姓王"). */
export const EmployerNote = z.string().trim().max(100, '最多 100 个字')

export const EmployerInput = z.discriminatedUnion(
  'kind',
  [
    /** The worker typed the name (a suggestion or their own words). */
    z.strictObject({ kind: z.literal('named'), name: EmployerName, uscc: Uscc.optional() }),
    /** 不清楚单位全称: no name, what they know instead. */
    z.strictObject({ kind: z.literal('unknown'), note: EmployerNote.optional() }),
    /** The enterprise of the enterprise station the case is filed at (本单位, filled in, not asked). */
    z.strictObject({ kind: z.literal('station') }),
  ],
  { error: '请填写单位名称；不清楚全称可以选「不清楚单位全称」' },
)
export type EmployerInput = z.infer<typeof EmployerInput>

/** A policy question need not name anyone; every other category asks who it is about. */
export const EMPLOYER_OPTIONAL_FOR: readonly Category[] = ['policy_question']
export const EMPLOYER_REQUIRED = '请填写单位名称；不清楚全称可以选「不清楚单位全称」'

/** The employer as officers read it on a case. */
export const EmployerView = z.object({
  /** Null when the worker did not know the full name. */
  name: z.string().nullable(),
  uscc: z.string().optional(),
  /** What the worker knew instead of the name. */
  note: z.string().optional(),
  /** Filled in from the enterprise station the case was filed at. */
  fromStation: z.boolean(),
})
export type EmployerView = z.infer<typeof EmployerView>

import { z } from 'zod'
import { defineContract } from '../contract'

/** One standard conclusion (办结结论) as pages show and admins edit it. */
export const ConclusionItem = z.object({
  key: z.string(),
  label: z.string(),
  /** The officer must write what the conclusion was (其他（说明）). */
  needsNote: z.boolean(),
  /** Offered on new resolutions; switched-off items stay for the ledger's history. */
  active: z.boolean(),
})
export type ConclusionItem = z.infer<typeof ConclusionItem>

const ConclusionList = z.object({
  version: z.number(),
  items: z.array(ConclusionItem),
  /** Which categories record the money recovered and the workers paid when resolved (农民工欠薪). */
  wageCategories: z.array(z.string()),
})

/** The conclusions in force: the resolve form offers the active ones; the admin page edits them all. */
export const listConclusions = defineContract({
  fn: 'officer',
  op: 'conclusion.list',
  audience: 'officer',
  input: z.strictObject({}),
  output: ConclusionList,
})

const Label = z.string().trim().min(2, '结论至少 2 个字').max(12, '结论最多 12 个字')

/**
 * Replaces the list (city admins). Items already in the list keep their key (the ledger counts by it) and
 * may be renamed or switched off, never dropped; new items come without a key and get one.
 */
export const setConclusions = defineContract({
  fn: 'admin',
  op: 'conclusion.set',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({
    version: z.number().int().min(0),
    items: z
      .array(z.strictObject({ key: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/).optional(), label: Label, needsNote: z.boolean().default(false), active: z.boolean().default(true) }))
      .min(1, '至少要有一个办结结论')
      .max(30, '办结结论最多 30 个'),
  }),
  output: ConclusionList,
})

/** The operations of this file by name (handlers/conclusions.handlers.ts has one handler for each). */
export const CONCLUSION_CONTRACTS = { listConclusions, setConclusions } as const

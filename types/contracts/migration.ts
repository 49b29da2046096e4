import { z } from 'zod'
import { defineContract } from '../contract'

/**
 * Moves cases written before the visibility rule (D8a) off enterprise stations: a confidential or anonymous
 * case there goes to the nearest eligible station, with a timeline event. City admins only; the dry run lists
 * what would move and changes nothing; a second run finds nothing.
 */
export const runPrivacyMigration = defineContract({
  fn: 'admin',
  op: 'migration.privacy',
  audience: 'admin',
  stationAccess: { access: 'city_admin' },
  input: z.strictObject({ dryRun: z.boolean().default(true) }),
  output: z.object({
    dryRun: z.boolean(),
    examined: z.number(),
    moved: z.array(z.object({ caseNo: z.string(), from: z.string(), to: z.string() })),
    conflicts: z.number(),
  }),
})

/** The operations of this file by name (handlers/migration.handlers.ts has one handler for each). */
export const MIGRATION_CONTRACTS = { runPrivacyMigration } as const

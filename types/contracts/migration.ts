import { z } from 'zod'
import { defineContract } from '../contract'

/** A migration's caller and input: city admins only, a dry run unless told otherwise. */
const cityAdminMigration = <Op extends string>(op: Op) =>
  ({
    fn: 'admin',
    op,
    audience: 'admin',
    stationAccess: { access: 'city_admin' },
    input: z.strictObject({ dryRun: z.boolean().default(true) }),
  }) as const

/**
 * Moves cases written before the visibility rule (D8a) off enterprise stations: a confidential or anonymous
 * case there goes to the nearest eligible station, with a timeline event. City admins only; the dry run lists
 * what would move and changes nothing; a second run finds nothing.
 */
export const runPrivacyMigration = defineContract({
  ...cityAdminMigration('migration.privacy'),
  output: z.object({
    dryRun: z.boolean(),
    examined: z.number(),
    moved: z.array(z.object({ caseNo: z.string(), from: z.string(), to: z.string() })),
    conflicts: z.number(),
  }),
})

/**
 * Shows on the officers' case pages the content-security verdicts recorded before verdict events (ADR 0042): each
 * settled check of a case's or a message's words and files gets its verdict event, once. City admins only; the
 * dry run counts and changes nothing; a second run finds every check shown already.
 */
export const runVerdictMigration = defineContract({
  ...cityAdminMigration('migration.verdicts'),
  output: z.object({
    dryRun: z.boolean(),
    /** Settled checks of cases and their messages found. */
    examined: z.number(),
    /** Of them, shown by this run (the dry run: that it would show). */
    shown: z.number(),
    /** Of them, shown before. */
    already: z.number(),
  }),
})

/** The operations of this file by name (handlers/migration.handlers.ts has one handler for each). */
export const MIGRATION_CONTRACTS = { runPrivacyMigration, runVerdictMigration } as const

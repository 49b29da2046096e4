import { MIGRATION_CONTRACTS, runPrivacyMigration, runVerdictMigration } from '../../../../types/contracts/migration'
import { showSettledChecks } from '../content-safety'
import { defineHandler, type HandlersOf } from '../handler'
import { migratePrivacy } from '../privacy-migration'

/** City admins only (the contract's station access). */
const runPrivacyMigrationHandler = defineHandler(runPrivacyMigration, async ({ dryRun }, { ports }) => migratePrivacy(ports, dryRun))

/** City admins only (the contract's station access). */
const runVerdictMigrationHandler = defineHandler(runVerdictMigration, async ({ dryRun }, { ports }) => showSettledChecks(ports, dryRun))

export const MIGRATION_HANDLERS: HandlersOf<typeof MIGRATION_CONTRACTS> = { runPrivacyMigration: runPrivacyMigrationHandler, runVerdictMigration: runVerdictMigrationHandler }

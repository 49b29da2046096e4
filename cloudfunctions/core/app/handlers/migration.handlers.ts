import { MIGRATION_CONTRACTS, runPrivacyMigration } from '../../../../types/contracts/migration'
import { defineHandler, type HandlersOf } from '../handler'
import { migratePrivacy } from '../privacy-migration'

/** City admins only (the contract's station access). */
const runPrivacyMigrationHandler = defineHandler(runPrivacyMigration, async ({ dryRun }, { ports }) => migratePrivacy(ports, dryRun))

export const MIGRATION_HANDLERS: HandlersOf<typeof MIGRATION_CONTRACTS> = { runPrivacyMigration: runPrivacyMigrationHandler }

import { MIGRATION_CONTRACTS, runPrivacyMigration } from '../../../../types/contracts/migration'
import { AppError } from '../../../../types/errors'
import { defineHandler, type HandlersOf } from '../handler'
import { migratePrivacy } from '../privacy-migration'
import { adminScope } from '../scope'

const runPrivacyMigrationHandler = defineHandler(runPrivacyMigration, async ({ dryRun }, { ports, officer }) => {
  if (!(await adminScope(ports, officer!)).city) throw new AppError('AUTH_FORBIDDEN', '只有市级管理员可以迁移数据')
  return migratePrivacy(ports, dryRun)
})

export const MIGRATION_HANDLERS: HandlersOf<typeof MIGRATION_CONTRACTS> = { runPrivacyMigration: runPrivacyMigrationHandler }

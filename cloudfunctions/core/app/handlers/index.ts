import { CONTRACTS } from '../../../../types/contracts'
import { handlersFor } from '../handler'
import { ADMIN_HANDLERS } from './admin.handlers'
import { AUDIT_HANDLERS } from './audit.handlers'
import { CASE_ACTION_HANDLERS } from './case-actions.handlers'
import { CASE_HANDLERS } from './case.handlers'
import { DATA_PROTECTION_HANDLERS } from './data-protection.handlers'
import { INBOX_HANDLERS } from './inbox.handlers'
import { CONCLUSION_HANDLERS } from './conclusions.handlers'
import { TEMPLATE_HANDLERS } from './templates.handlers'
import { LEDGER_HANDLERS } from './ledger.handlers'
import { DASHBOARD_HANDLERS } from './dashboard.handlers'
import { RATING_HANDLERS } from './ratings.handlers'
import { JOBS_HANDLERS } from './jobs.handlers'
import { INTAKE_HANDLERS } from './intake.handlers'
import { CLUSTER_HANDLERS } from './cluster.handlers'
import { MEDIA_HANDLERS } from './media.handlers'
import { ME_HANDLERS } from './me.handlers'
import { MIGRATION_HANDLERS } from './migration.handlers'
import { NETWORK_HANDLERS } from './network.handlers'
import { POSTERS_HANDLERS } from './posters.handlers'
import { POLICY_NOTICE_HANDLERS } from './policy-notices.handlers'
import { SETTINGS_HANDLERS } from './settings.handlers'
import { STATION_HANDLERS } from './station.handlers'
import { SURVEY_HANDLERS } from './surveys.handlers'
import { SWEEP_HANDLERS } from './sweep.handlers'
import { CONTENT_SAFETY_HANDLERS } from './content-safety.handlers'
import { ARREARS_HANDLERS } from './arrears.handlers'
import { REPORT_HANDLERS } from './reports.handlers'

/**
 * One handler for each operation of `CONTRACTS`, under the same name: each handlers/X.handlers.ts serves
 * types/contracts/X.ts, and the type checker refuses a contract without a handler or a handler without one.
 */
export const HANDLERS = handlersFor(CONTRACTS, {
  ...STATION_HANDLERS,
  ...CASE_HANDLERS,
  ...INBOX_HANDLERS,
  ...ME_HANDLERS,
  ...ADMIN_HANDLERS,
  ...SWEEP_HANDLERS,
  ...CASE_ACTION_HANDLERS,
  ...SETTINGS_HANDLERS,
  ...NETWORK_HANDLERS,
  ...AUDIT_HANDLERS,
  ...MIGRATION_HANDLERS,
  ...POLICY_NOTICE_HANDLERS,
  ...JOBS_HANDLERS,
  ...INTAKE_HANDLERS,
  ...CLUSTER_HANDLERS,
  ...MEDIA_HANDLERS,
  ...SURVEY_HANDLERS,
  ...CONTENT_SAFETY_HANDLERS,
  ...DATA_PROTECTION_HANDLERS,
  ...CONCLUSION_HANDLERS,
  ...TEMPLATE_HANDLERS,
  ...LEDGER_HANDLERS,
  ...DASHBOARD_HANDLERS,
  ...POSTERS_HANDLERS,
  ...RATING_HANDLERS,
  ...ARREARS_HANDLERS,
  ...REPORT_HANDLERS,
})

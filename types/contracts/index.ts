import { ADMIN_CONTRACTS } from './admin'
import { AUDIT_CONTRACTS } from './audit'
import { CASE_CONTRACTS } from './case'
import { CASE_ACTION_CONTRACTS } from './case-actions'
import { DATA_PROTECTION_CONTRACTS } from './data-protection'
import { INBOX_CONTRACTS } from './inbox'
import { CONCLUSION_CONTRACTS } from './conclusions'
import { TEMPLATE_CONTRACTS } from './templates'
import { LEDGER_CONTRACTS } from './ledger'
import { DASHBOARD_CONTRACTS } from './dashboard'
import { RATING_CONTRACTS } from './ratings'
import { JOBS_CONTRACTS } from './jobs'
import { INTAKE_CONTRACTS } from './intake'
import { CLUSTER_CONTRACTS } from './cluster'
import { MEDIA_CONTRACTS } from './media'
import { ME_CONTRACTS } from './me'
import { MIGRATION_CONTRACTS } from './migration'
import { NETWORK_CONTRACTS } from './network'
import { POSTERS_CONTRACTS } from './posters'
import { POLICY_NOTICE_CONTRACTS } from './policy-notices'
import { SETTINGS_CONTRACTS } from './settings'
import { STATION_CONTRACTS } from './station'
import { SURVEY_CONTRACTS } from './surveys'
import { SWEEP_CONTRACTS } from './sweep'
import { CONTENT_SAFETY_CONTRACTS } from './content-safety'
import { ARREARS_CONTRACTS } from './arrears'
import { REPORT_CONTRACTS } from './reports'

export * from './station'
export * from './case'
export * from './inbox'
export * from './me'
export * from './admin'
export * from './sweep'
export * from './case-actions'
export * from './settings'
export * from './network'
export * from './audit'
export * from './migration'
export * from './policy-notices'
export * from './jobs'
export * from './intake'
export * from './cluster'
export * from './media'
export * from './surveys'
export * from './content-safety'
export * from './data-protection'
export * from './conclusions'
export * from './templates'
export * from './ledger'
export * from './dashboard'
export * from './posters'
export * from './ratings'
export * from './arrears'
export * from './reports'

/**
 * Every operation under its stable name (the contract's export name, so two files cannot use one name).
 * The functions have one handler under each name (cloudfunctions/core/app/handlers/index.ts): the type
 * checker refuses a contract without a handler and a handler without a contract. The dispatcher finds
 * operations by `fn:op`, built from this record.
 */
export const CONTRACTS = {
  ...STATION_CONTRACTS,
  ...CASE_CONTRACTS,
  ...INBOX_CONTRACTS,
  ...ME_CONTRACTS,
  ...ADMIN_CONTRACTS,
  ...SWEEP_CONTRACTS,
  ...CASE_ACTION_CONTRACTS,
  ...SETTINGS_CONTRACTS,
  ...NETWORK_CONTRACTS,
  ...AUDIT_CONTRACTS,
  ...MIGRATION_CONTRACTS,
  ...POLICY_NOTICE_CONTRACTS,
  ...JOBS_CONTRACTS,
  ...INTAKE_CONTRACTS,
  ...CLUSTER_CONTRACTS,
  ...MEDIA_CONTRACTS,
  ...SURVEY_CONTRACTS,
  ...CONTENT_SAFETY_CONTRACTS,
  ...DATA_PROTECTION_CONTRACTS,
  ...CONCLUSION_CONTRACTS,
  ...TEMPLATE_CONTRACTS,
  ...LEDGER_CONTRACTS,
  ...DASHBOARD_CONTRACTS,
  ...POSTERS_CONTRACTS,
  ...RATING_CONTRACTS,
  ...ARREARS_CONTRACTS,
  ...REPORT_CONTRACTS,
} as const

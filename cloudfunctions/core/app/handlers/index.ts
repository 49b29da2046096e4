import type { Handler } from '../handler'
import { CASE_ACTION_HANDLERS } from './case-actions.handlers'
import { SETTINGS_HANDLERS } from './settings.handlers'
import { NETWORK_HANDLERS } from './network.handlers'
import { listAccessLogHandler } from './audit.handlers'
import { runPrivacyMigrationHandler } from './migration.handlers'
import { getCaseDetailHandler, getMyCaseHandler, listInboxHandler, listMyCasesHandler, submitCaseHandler } from './case.handlers'
import { getMeHandler } from './me.handlers'
import { getNetworkTreeHandler } from './admin.handlers'
import { getStationHandler, listCountiesHandler, listCountyStationsHandler } from './station.handlers'
import { runSweepHandler } from './sweep.handlers'

/** One handler per contract (a test checks none is missing). */
export const HANDLERS: readonly Handler[] = [
  getStationHandler,
  listCountiesHandler,
  listCountyStationsHandler,
  submitCaseHandler,
  listMyCasesHandler,
  getMyCaseHandler,
  getMeHandler,
  listInboxHandler,
  getCaseDetailHandler,
  getNetworkTreeHandler,
  runSweepHandler,
  ...CASE_ACTION_HANDLERS,
  ...SETTINGS_HANDLERS,
  ...NETWORK_HANDLERS,
  listAccessLogHandler,
  runPrivacyMigrationHandler,
] as unknown as readonly Handler[]

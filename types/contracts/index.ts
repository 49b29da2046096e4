import * as station from './station'
import * as cases from './case'
import * as me from './me'
import * as admin from './admin'
import * as sweep from './sweep'
import * as actions from './case-actions'
import * as settings from './settings'
import * as network from './network'
import * as audit from './audit'
import * as migration from './migration'

export * from './station'
export * from './case'
export * from './me'
export * from './admin'
export * from './sweep'
export * from './case-actions'
export * from './settings'
export * from './network'
export * from './audit'
export * from './migration'

/** Every operation, by function. The dispatcher and the build check each contract has one handler. */
export const CONTRACTS = [
  station.getStation,
  station.listCounties,
  station.listCountyStations,
  cases.submitCase,
  cases.listMyCases,
  cases.getMyCase,
  me.getMe,
  cases.listInbox,
  cases.getCaseDetail,
  admin.getNetworkTree,
  sweep.runSweep,
  ...actions.OFFICER_ACTIONS,
  ...actions.WORKER_ACTIONS,
  settings.getPolicy,
  settings.setPolicy,
  settings.getCalendar,
  settings.setCalendarYear,
  settings.createProject,
  settings.listProjects,
  network.createStation,
  network.updateStation,
  network.setStationStatus,
  network.getStationDetail,
  network.listStationOfficers,
  network.createInvite,
  network.cancelInvite,
  network.redeemInvite,
  network.removeMembership,
  audit.listAccessLog,
  migration.runPrivacyMigration,
] as const

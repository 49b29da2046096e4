import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import { CASE_STATE_LABEL, CLOCK_LABEL, DEADLINE_CLOCK, Privacy, PRIVACY_LABEL, type Category, type Side } from '../../../types/domain'
import type { InboxRow, WorkerCaseRow } from '../../../types/contracts/case'
import { missedClock } from '../domain/inbox'
import type { Clock } from '../ports/clock'
import type { Store, Where } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import type { CaseDoc, CaseEventDoc, StationDoc } from './records'
import { findAll } from './find-all'
import { deadlineView, timeLabel } from './time'
import { eventWords, type TimelineViewer } from '../domain/timeline'

/**
 * The store filter of the visibility rule (D8a, `PRIVACIES_SEEN_BY`): every query that lists or counts cases
 * for an officer adds it for the side the officer reads through.
 */
export const visibleToSide = (side: Side): Where => {
  const seen = PRIVACIES_SEEN_BY[side]
  return seen.length === Privacy.options.length ? {} : { privacy: { $in: [...seen] } }
}

/**
 * The deadline a person should look at now, by state: accept while submitted, resolve while handled, the
 * worker's confirmation while resolved; none while paused or closed (`DEADLINE_CLOCK`).
 */
export const currentDeadline = (c: CaseDoc, clock: Clock) => {
  const name = DEADLINE_CLOCK[c.state]
  const due = name ? c.clocks[name].dueAt : null
  return name && due !== null ? deadlineView(clock, due, name) : undefined
}

/**
 * What every list row of a case shows, to workers and officers alike. `names`: what each category is called
 * now (categories are data: `loadCategoryNames`), so a renamed category reads the same on every page.
 */
export const workerRow = (c: CaseDoc, stations: Map<string, StationDoc>, clock: Clock, names: Readonly<Record<Category, string>>): WorkerCaseRow => {
  const deadline = currentDeadline(c, clock)
  return {
    id: c._id,
    caseNo: c.caseNo,
    category: c.category,
    categoryLabel: names[c.category],
    state: c.state,
    stateLabel: CASE_STATE_LABEL[c.state],
    privacy: c.privacy,
    stationName: stations.get(c.ownerStationId)?.name ?? '',
    createdAt: c.createdAt,
    createdLabel: timeLabel(c.createdAt),
    ...(deadline ? { deadline } : {}),
  }
}

/** A deadline the case has missed while it is still handled ("办结已超期，曹县人社局驿站督办"), or nothing. */
export const overdueNote = (c: CaseDoc, stations: Map<string, StationDoc>): string | undefined => {
  const missed = missedClock(c)
  if (!missed) return undefined
  const supervisor = c.supervisorStationId ? stations.get(c.supervisorStationId)?.name : undefined
  return `${CLOCK_LABEL[missed]}已超期${supervisor ? `，${supervisor}督办` : ''}`
}

/** An officer's row adds a short excerpt, the privacy badge and the number of workers (never identity). */
export const inboxRow = (c: CaseDoc, stations: Map<string, StationDoc>, clock: Clock, names: Readonly<Record<Category, string>>): InboxRow => {
  const note = overdueNote(c, stations)
  return {
    ...workerRow(c, stations, clock, names),
    excerpt: c.description.length > 60 ? `${c.description.slice(0, 60)}…` : c.description,
    privacyLabel: PRIVACY_LABEL[c.privacy],
    workersAffected: c.workersAffected,
    ownerStationId: c.ownerStationId,
    ...(note ? { overdueNote: note } : {}),
    ...(c.blacklistHit ? { blacklist: { label: '黑名单单位', docNo: c.blacklistHit.docNo } } : {}),
  }
}

/**
 * A case's timeline as this viewer reads it: the worker the public entries in their words, an officer every
 * entry with who acted ("你受理了这条诉求", "曹城街道驿站 王所长 受理了这条诉求"), worded by `eventWords`.
 */
export const timelineOf = async (store: Store, caseId: string, viewer: TimelineViewer) => {
  const events = await findAll<CaseEventDoc>(store, COLLECTIONS.caseEvents, { where: { caseId }, orderBy: { field: 'at', dir: 'asc' } })
  return events
    .filter((e) => viewer.as === 'officer' || !e.internal)
    .map((e) => ({ at: e.at, atLabel: timeLabel(e.at), ...eventWords(e, viewer), internal: e.internal }))
}

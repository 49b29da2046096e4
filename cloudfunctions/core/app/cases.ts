import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import { CASE_STATE_LABEL, CATEGORY_INFO, Privacy, PRIVACY_LABEL, TERMINAL_STATES, type Side } from '../../../types/domain'
import type { InboxRow, WorkerCaseRow } from '../../../types/contracts/case'
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

/** The deadline a person should look at now: accept while submitted, then resolve; none when paused or closed. */
export const currentDeadline = (c: CaseDoc, clock: Clock) => {
  if (TERMINAL_STATES.includes(c.state) || c.state === 'on_hold') return undefined
  const due = c.state === 'submitted' ? c.clocks.accept.dueAt : c.state === 'resolved' ? c.clocks.autoClose.dueAt : c.clocks.resolve.dueAt
  return due === null ? undefined : deadlineView(clock, due)
}

/** What every list row of a case shows, to workers and officers alike. */
export const workerRow = (c: CaseDoc, stations: Map<string, StationDoc>, clock: Clock): WorkerCaseRow => {
  const deadline = currentDeadline(c, clock)
  return {
    id: c._id,
    caseNo: c.caseNo,
    category: c.category,
    categoryLabel: CATEGORY_INFO[c.category].label,
    state: c.state,
    stateLabel: CASE_STATE_LABEL[c.state],
    privacy: c.privacy,
    stationName: stations.get(c.ownerStationId)?.name ?? '',
    createdAt: c.createdAt,
    createdLabel: timeLabel(c.createdAt),
    ...(deadline ? { deadline } : {}),
  }
}

/** An officer's row adds a short excerpt, the privacy badge and the number of workers (never identity). */
export const inboxRow = (c: CaseDoc, stations: Map<string, StationDoc>, clock: Clock): InboxRow => ({
  ...workerRow(c, stations, clock),
  excerpt: c.description.length > 60 ? `${c.description.slice(0, 60)}…` : c.description,
  privacyLabel: PRIVACY_LABEL[c.privacy],
  workersAffected: c.workersAffected,
})

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

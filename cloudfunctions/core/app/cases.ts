import { PRIVACIES_SEEN_BY } from '../../../types/authz'
import { CASE_STATE_LABEL, CLOCK_LABEL, DEADLINE_CLOCK, Privacy, PRIVACY_LABEL, type Category, type Side } from '../../../types/domain'
import type { InboxRow, ThreadMessage, WorkerCaseRow } from '../../../types/contracts/case'
import { missedClock } from '../domain/inbox'
import { isThreadKind, MESSAGE_ONLY_KINDS, sideOfKind, stationHasUnread, workerHasUnread } from '../domain/thread'
import type { Clock } from '../ports/clock'
import type { Store, Where } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import type { CaseDoc, CaseEventDoc, ContentVerdictDoc, StationDoc } from './records'
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
    hasNewReply: workerHasUnread(c),
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
  // The worker's own read mark is theirs: an officer's row says only whether the worker wrote something new.
  const { hasNewReply: _worker, ...row } = workerRow(c, stations, clock, names)
  return {
    ...row,
    newMessage: stationHasUnread(c),
    excerpt: c.description.length > 60 ? `${c.description.slice(0, 60)}…` : c.description,
    privacyLabel: PRIVACY_LABEL[c.privacy],
    workersAffected: c.workersAffected,
    ownerStationId: c.ownerStationId,
    ...(note ? { overdueNote: note } : {}),
    ...(c.blacklistHit ? { blacklist: { label: '黑名单单位', docNo: c.blacklistHit.docNo } } : {}),
  }
}

/** Whether a row of `case_events` is a verdict of content security (ADR 0042) rather than one of the case's events. */
const isVerdictEvent = (row: CaseEventDoc | ContentVerdictDoc): row is ContentVerdictDoc => row.kind === 'content_verdict'

/**
 * A case's events, oldest first, and the verdicts of content security on its words and files and its messages'
 * (ADR 0042), from one read: the officer's case page has its timeline, its conversation and their badges from it.
 * Officers' views only: the verdicts are never handed to the worker.
 */
export const caseEventsAndVerdicts = async (store: Store, caseId: string): Promise<{ events: CaseEventDoc[]; verdicts: ContentVerdictDoc[] }> => {
  const rows = await findAll<CaseEventDoc | ContentVerdictDoc>(store, COLLECTIONS.caseEvents, { where: { caseId }, orderBy: { field: 'at', dir: 'asc' } })
  const events: CaseEventDoc[] = []
  const verdicts: ContentVerdictDoc[] = []
  for (const r of rows) {
    if (isVerdictEvent(r)) verdicts.push(r)
    else events.push(r)
  }
  return { events, verdicts }
}

/** A case's events, oldest first: its timeline and its conversation are both read from them (one read). No verdict is among them. */
export const caseEventsOf = async (store: Store, caseId: string): Promise<CaseEventDoc[]> => (await caseEventsAndVerdicts(store, caseId)).events

/** What a reader may see of a case's events at all: the worker never an internal one. */
const seenBy = (events: readonly CaseEventDoc[], viewer: TimelineViewer) => events.filter((e) => viewer.as === 'officer' || !e.internal)

/**
 * A case's timeline as this viewer reads it: the worker the public entries in their words, an officer every
 * entry with who acted ("你受理了这条诉求", "曹城街道驿站 王所长 受理了这条诉求"), worded by `eventWords`. The
 * messages (补充, 回复, notes) are the thread's (`threadOf`), not the timeline's. `contentNotices` (officers only):
 * what content security found in an entry's words, by event id (a withdrawal reason, a rating comment, ADR 0039).
 */
export const timelineOf = (events: readonly CaseEventDoc[], viewer: TimelineViewer, contentNotices?: ReadonlyMap<string, string>) =>
  seenBy(events, viewer)
    .filter((e) => !(e.message !== undefined && (MESSAGE_ONLY_KINDS as readonly string[]).includes(e.kind)))
    .map((e) => {
      const found = contentNotices?.get(e._id)
      return { at: e.at, atLabel: timeLabel(e.at), ...eventWords(e, viewer), internal: e.internal, ...(found ? { contentNotice: found } : {}) }
    })

/**
 * The event of a resolve that carries 办理结果 (a resolve also writes its conclusion and, internally, a called-off
 * transfer): the one with the words, or on cases from before messages kept them, the one that says 办理结果.
 */
export const isResultEvent = (e: CaseEventDoc): boolean =>
  e.kind === 'resolve' && !e.internal && (e.message !== undefined || e.text.startsWith('办理结果：'))

const MESSAGE_KIND = { add_info: 'message', reply: 'message', resolve: 'result', reopen: 'reopen', note: 'note' } as const

/**
 * A case's conversation as this viewer reads it (ADR 0018), oldest first: the worker's and the station's
 * messages, for officers the internal notes too (marked). A message from before messages kept their words
 * (`message`) shows its timeline words.
 */
export const threadOf = (events: readonly CaseEventDoc[], viewer: TimelineViewer, ownerName: string): ThreadMessage[] =>
  seenBy(events, viewer).flatMap((e) => {
    if (!isThreadKind(e.kind) || (e.kind === 'resolve' && !isResultEvent(e))) return []
    const from = sideOfKind(e.kind)
    const officer = [e.officerName, e.stationName].filter(Boolean).join(' · ')
    const who =
      from === 'worker'
        ? viewer.as === 'worker'
          ? '我'
          : '职工'
        : viewer.as === 'worker'
          ? (e.stationName ?? ownerName)
          : e.officerId && e.officerId === viewer.officerId
            ? `我${e.stationName ? ` · ${e.stationName}` : ''}`
            : officer || '驿站'
    return [
      {
        id: e._id,
        at: e.at,
        atLabel: timeLabel(e.at),
        from,
        kind: MESSAGE_KIND[e.kind],
        who,
        text: e.message ?? e.text,
        internal: e.internal,
        media: e.media ?? [],
      },
    ]
  })

import { createHash } from 'node:crypto'
import { recordMediaVerdict as recordMediaVerdictContract } from '../../../types/contracts/content-safety'
import { AppError } from '../../../types/errors'
import { contentNotice, eventText, failureWords, MEDIA_NOTE, nextRetryAt, verdictOf, type ContentVerdict } from '../domain/content-safety'
import type { Ports, StoredDoc } from '../ports'
import type { ContentScene, MediaCheckRequest, MediaVerdict, TextVerdict } from '../ports/content-check'
import type { TxStore } from '../ports/store'
import { COLLECTIONS } from '../ports/collections'
import { jsonLogger } from '../ports/log'
import type { Caller } from './caller'
import { findAll } from './find-all'
import { oncePerEnvironment } from './once'
import type { CaseDoc, CaseEventDoc, ContentCheckDoc, ContentVerdictDoc, MediaDoc, OfficerDoc, PolicyNoticeDoc, SurveyAnswerDoc } from './records'

/**
 * Content security (D24, ADR 0019, 0032). **Nothing is ever refused, held back or lost because of a verdict:**
 * what a person wrote — a case, a worker's message, a notice, a survey comment — is stored (and its notices
 * sent) first; only then are its words and files checked (a filing's words while it is stored, below), within a
 * time budget, and whatever comes back — a verdict, an error, nothing — is recorded in `content_checks` and
 * never fails the call. Whoever reads the
 * content officially sees the verdict: officers a badge on a case or a message (risky photos blurred until
 * opened), a notice's publisher the verdict on their notice; a risky survey comment is left out of the results
 * and counted apart. The writer is never told. A check that failed is tried again by the sweep
 * (`retryFailedChecks`), a few times, then left as 未能检查.
 *
 * Where a case's verdicts are read (ADR 0042): a check of a case's words and files, or of a message's, that
 * settles — a verdict, or 未能检查 — is shown by its verdict event in `case_events` (`ContentVerdictDoc`), so the
 * case page has its badges from the read of the case's events it makes anyway. `content_checks` keeps what has
 * to wait: a photo's check until its push, a failed check until its retry, and their outcome. A check that
 * settles at once (the words' verdict, a failure with nothing to retry with) writes its verdict event only.
 *
 * A filing's words (ADR 0054): their check is started before the filing's reads, and a verdict in by
 * TEXT_VERDICT_WAIT_MS is written in the filing's own transaction, the same verdict event, with the case's timeline;
 * a slower or failed check is recorded after the commit as any other. The filing waits that bound at most, and is
 * never refused or failed by the check.
 */

/** What a check is about: where its verdict is shown, and where a retry finds the words again. */
export type CheckedThing =
  | { about: 'case'; caseId: string }
  | { about: 'message'; caseId: string; eventId: string }
  | { about: 'notice'; noticeId: string; rev: number }
  | { about: 'survey'; campaignId: string; answerId: string }

/** Who wrote it, for a retry (ContentCheckDoc.writer); null for anonymous words, which keep no openid (D5). */
export type Writer = NonNullable<ContentCheckDoc['writer']> | null

/**
 * WeChat's scene for each kind of content (1 资料 · 2 评论 · 3 论坛 · 4 社交日志, ADR 0032): a case, a worker's
 * message and a survey comment are words to one organisation, read by its officers: 评论. A notice is published
 * to every worker of a place, as a post is to a forum's readers: 论坛.
 */
export const SCENES: Record<CheckedThing['about'], ContentScene> = { case: 2, message: 2, notice: 3, survey: 2 }

/** WeChat's scene for a case's words and files: 2 评论 (words to one organisation, read by its officers). */
export const CASE_SCENE: ContentScene = SCENES.case

/** The checks of one write may take this long after it is stored; whatever is not back by then is recorded as failed. */
export const CHECK_BUDGET_MS = 2500

/** The most failed checks one sweep tries again (each within what is left of the sweep's budget). */
const RETRY_BATCH = 50

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

const textRowId = (t: CheckedThing) =>
  t.about === 'case' ? `text-${t.caseId}` : t.about === 'message' ? `text-msg-${t.eventId}` : t.about === 'notice' ? `text-ntc-${t.noticeId}-r${t.rev}` : `text-svy-${t.answerId}`
/** A media check's row, found by the trace id its verdict will carry. */
const mediaRowId = (traceId: string) => `media-${sha(traceId).slice(0, 40)}`

/** The fields that say what a row is about. */
const thingFields = (t: CheckedThing): Pick<ContentCheckDoc, 'about' | 'caseId' | 'eventId' | 'noticeId' | 'noticeRev' | 'campaignId' | 'answerId'> =>
  t.about === 'case'
    ? { about: 'case', caseId: t.caseId }
    : t.about === 'message'
      ? { about: 'message', caseId: t.caseId, eventId: t.eventId }
      : t.about === 'notice'
        ? { about: 'notice', noticeId: t.noticeId, noticeRev: t.rev }
        : { about: 'survey', campaignId: t.campaignId, answerId: t.answerId }

/** A row's thing again (rows from before ADR 0032 are a case's). */
const thingOf = (r: ContentCheckDoc): CheckedThing | null =>
  r.about === 'message' && r.caseId && r.eventId
    ? { about: 'message', caseId: r.caseId, eventId: r.eventId }
    : r.about === 'notice' && r.noticeId
      ? { about: 'notice', noticeId: r.noticeId, rev: r.noticeRev ?? 0 }
      : r.about === 'survey' && r.campaignId && r.answerId
        ? { about: 'survey', campaignId: r.campaignId, answerId: r.answerId }
        : r.caseId
          ? { about: 'case', caseId: r.caseId }
          : null

class CheckTimeout extends Error {
  override name = 'CheckTimeout'
}

const before = <T>(p: Promise<T>, deadline: number): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new CheckTimeout('content check took too long')), Math.max(0, deadline - Date.now()))
    p.then(
      (v) => {
        clearTimeout(timer)
        resolve(v)
      },
      (e: unknown) => {
        clearTimeout(timer)
        reject(e)
      },
    )
  })

const reasonOf = (e: unknown) => (e instanceof CheckTimeout ? 'timeout' : e instanceof Error ? e.name : typeof e)

const isConflict = (e: unknown) => e instanceof AppError && e.code === 'STORE_CONFLICT'

/** Inserts a row; if one is there already (a retry, an early verdict), hands it to `onConflict`. */
const insertOr = async (ports: Ports, row: Omit<ContentCheckDoc, '_v'>, onConflict?: (existing: ContentCheckDoc) => Promise<void>) => {
  try {
    await ports.store.insert<ContentCheckDoc>(COLLECTIONS.contentChecks, row)
  } catch (e) {
    if (!isConflict(e)) throw e
    const existing = await ports.store.get<ContentCheckDoc>(COLLECTIONS.contentChecks, row._id)
    if (existing && onConflict) await onConflict(existing)
  }
}

/** A failed check's fields: tried again by the sweep when its writer's openid can be found again, else given up at once. */
const failedFields = (reason: string, writer: Writer, now: number, tries = 0): Pick<ContentCheckDoc, 'state' | 'reason' | 'writer' | 'retryAt' | 'tries'> => ({
  state: 'failed',
  reason,
  ...(writer ? { writer } : {}),
  retryAt: writer ? nextRetryAt(tries, now) : null,
  tries,
})

/** A check of a case's own words and files or of one of its messages' (rows from before ADR 0032 are a case's): shown from the case's events. */
const onCase = (r: Pick<ContentCheckDoc, 'about' | 'caseId'>): r is Pick<ContentCheckDoc, 'about'> & { caseId: string } =>
  !!r.caseId && (r.about === undefined || r.about === 'case' || r.about === 'message')

/** Settled: a verdict came, or the check failed and will not be tried again (未能检查). */
const settled = (r: Pick<ContentCheckDoc, 'state' | 'retryAt'>): r is Pick<ContentCheckDoc, 'retryAt'> & { state: 'done' | 'failed' } =>
  r.state === 'done' || (r.state === 'failed' && !r.retryAt)

/** The id of a check's verdict event: one per check, so a second sweep or a repeated push adds none. */
const verdictEventId = (checkId: string) => `cv-${checkId}`

/**
 * A check of a case's content that settled: its verdict event, which officers' views read (ADR 0042), as of `at`.
 * Null for any other check (a notice's, a survey comment's: their rows are read) or one still waiting.
 */
const verdictEventOf = (checkId: string, r: Omit<ContentCheckDoc, '_id' | '_v'>, at: number): Omit<ContentVerdictDoc, '_v'> | null => {
  if (!onCase(r) || !settled(r)) return null
  const optional = { eventId: r.eventId, mediaId: r.mediaId, mediaKind: r.mediaKind, suggest: r.suggest, label: r.label, reason: r.reason, tries: r.tries, writer: r.writer }
  return {
    _id: verdictEventId(checkId),
    caseId: r.caseId,
    at,
    kind: 'content_verdict',
    internal: true,
    about: r.about === 'message' ? 'message' : 'case',
    checkId,
    subject: r.subject,
    state: r.state,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
  }
}

/** Inserts a verdict event; one there already for the same check changes nothing. Returns whether it wrote one. */
const insertVerdict = async (ports: Ports, event: Omit<ContentVerdictDoc, '_v'>): Promise<boolean> => {
  try {
    await ports.store.insert<ContentVerdictDoc>(COLLECTIONS.caseEvents, event)
    return true
  } catch (e) {
    if (!isConflict(e)) throw e
    return false
  }
}

/**
 * A check of a case's content that settled: its verdict event, which officers' views read (ADR 0042). Written
 * once, never changed; a second one for the same check meets the first and changes nothing. Returns whether it
 * wrote one. Nothing for any other check (a notice's, a survey comment's: their rows are read) or one still waiting.
 */
const showSettled = async (ports: Ports, checkId: string, r: Omit<ContentCheckDoc, '_id' | '_v'>): Promise<boolean> => {
  const event = verdictEventOf(checkId, r, ports.clock.now())
  return event ? insertVerdict(ports, event) : false
}

/**
 * What a check's first try writes, as of `at`: for one of a case's content that settled there and then, its
 * verdict event only (nothing more will happen to it, and a row nobody reads is a request saved on the write that
 * stored the words); for any other, its row. One rule for both places a first try is recorded: after the write
 * (`recordFirst`) and inside a filing's transaction (`recordCaseTextVerdict`, ADR 0054).
 */
const firstRecordOf = (row: Omit<ContentCheckDoc, '_v'>, at: number): { verdict: Omit<ContentVerdictDoc, '_v'> } | { row: Omit<ContentCheckDoc, '_v'> } => {
  const { _id, ...fields } = row
  const verdict = verdictEventOf(_id, fields, at)
  return verdict ? { verdict } : { row }
}

/** A check as its first try left it (`firstRecordOf`), recorded after the write; a row there already (a retry, an early verdict) is `insertOr`'s. */
const recordFirst = async (ports: Ports, row: Omit<ContentCheckDoc, '_v'>) => {
  const first = firstRecordOf(row, ports.clock.now())
  if ('verdict' in first) await insertVerdict(ports, first.verdict)
  else await insertOr(ports, first.row)
}

/**
 * What a verdict does beyond being recorded: a survey comment judged risky leaves the comments shown in the
 * results and is counted apart (`commentHeld`). Nothing else is touched by a verdict.
 */
const afterVerdict = async (ports: Ports, row: Pick<ContentCheckDoc, 'about' | 'answerId'>, suggest: ContentVerdict) => {
  if (row.about !== 'survey' || !row.answerId || suggest !== 'risky') return
  for (let attempt = 0; attempt < 3; attempt++) {
    const answer = await ports.store.get<SurveyAnswerDoc>(COLLECTIONS.surveyAnswers, row.answerId)
    if (!answer || answer.commentHeld) return
    try {
      await ports.store.update<SurveyAnswerDoc>(COLLECTIONS.surveyAnswers, answer._id, answer._v, { hasComment: false, commentHeld: true })
      return
    } catch (e) {
      if (!isConflict(e)) throw e
    }
  }
}

type CheckableMedia = Pick<MediaDoc, '_id' | 'kind' | 'fileId' | 'mime'>

export interface ContentToCheck {
  thing: CheckedThing
  /** The words; none for a message of photos only. */
  text: string
  media: readonly CheckableMedia[]
  writer: Writer
  /**
   * The words' check when the write started it before its reads (a filing, ADR 0054): its answer is awaited within
   * the budget counted from its start, as long as a check started here has; `'recorded'` when its verdict was
   * written in the write's own transaction, and nothing more is written for the words.
   */
  textCheck?: StartedTextCheck | 'recorded'
}

/** A text check under way: its answer (rejected when it failed), and when it was asked (`requestedAt`, the store's clock; `startedAt`, `Date.now()`). */
export interface StartedTextCheck {
  readonly answer: Promise<TextVerdict>
  readonly requestedAt: number
  readonly startedAt: number
}

/** A text check's row before its outcome: what it is about, who wrote it (for a retry), when it was asked. */
const textRowOf = (thing: CheckedThing, writer: Writer, requestedAt: number) => ({
  _id: textRowId(thing),
  ...thingFields(thing),
  ...(writer ? { writer } : {}),
  subject: 'text' as const,
  requestedAt,
})

/** A text verdict's fields on its row; when it was decided is the caller's to add (a survey answer's row keeps no time). */
const verdictFields = (v: Pick<TextVerdict, 'suggest' | 'label'>) => ({ state: 'done' as const, suggest: v.suggest, label: v.label })

/**
 * Checks what was just stored: its words now, its photos and voice notes by starting their checks. Runs after
 * the write has committed and never throws: the person's write has already succeeded. `openid` is the caller's
 * (the worker, the officer filing for them, the notice's publisher), from the function context; it is sent to
 * WeChat, which requires it, and stored nowhere.
 */
export const checkContent = async (ports: Ports, content: ContentToCheck, openid: string | null, budgetMs = CHECK_BUDGET_MS): Promise<void> => {
  const log = ports.log ?? jsonLogger
  if (!openid) return
  const deadline = Date.now() + budgetMs
  const { thing, writer } = content
  // A survey answer carries no time, so that nothing ties it to who was at the station when (ADR 0014): nor does
  // its check's row, nor the log line of a failed one, which names the campaign only.
  const timeless = thing.about === 'survey'
  const requestedAt = timeless ? 0 : ports.clock.now()
  const decidedAt = () => (timeless ? {} : { decidedAt: ports.clock.now() })
  const scene = SCENES[thing.about]
  const where = thing.about === 'survey' ? `survey ${thing.campaignId}` : textRowId(thing)
  const warn = (what: string, e: unknown) => log({ level: 'warn', event: 'content-check-failed', detail: `${where} ${what}: ${reasonOf(e)}` })
  const about = { ...thingFields(thing), ...(writer ? { writer } : {}) }

  const text = async () => {
    const started = content.textCheck
    if (!content.text.trim() || started === 'recorded') return
    const row = textRowOf(thing, writer, started?.requestedAt ?? requestedAt)
    try {
      // A check started before the write has its budget from its own start (ADR 0054): as long as one started here.
      const v = await before(started?.answer ?? ports.contentCheck.text({ text: content.text, openid, scene }), started ? started.startedAt + budgetMs : deadline)
      await recordFirst(ports, { ...row, ...verdictFields(v), ...decidedAt() })
      await afterVerdict(ports, row, v.suggest)
    } catch (e) {
      warn('text', e)
      await recordFirst(ports, { ...row, ...failedFields(reasonOf(e), writer, requestedAt) }).catch(() => undefined)
    }
  }

  const media = async (m: CheckableMedia) => {
    const kind: 'photo' | 'voice' = m.kind === 'voice' ? 'voice' : 'photo'
    const base = { ...about, subject: 'media' as const, mediaId: m._id, mediaKind: kind, requestedAt }
    try {
      await startMediaCheck(ports, base, { fileId: m.fileId, kind, mime: m.mime, openid, scene }, deadline)
    } catch (e) {
      warn(`media ${m._id}`, e)
      await recordFirst(ports, { _id: `media-${m._id}-failed`, ...base, ...failedFields(reasonOf(e), writer, requestedAt) }).catch(() => undefined)
    }
  }

  try {
    await Promise.all([text(), ...content.media.filter((m) => m.kind === 'photo' || m.kind === 'voice').map(media)])
  } catch (e) {
    warn('record', e)
  }
}

/** Starts one media check and writes its row: pending (or done, when its verdict came first), or skipped. */
const startMediaCheck = async (ports: Ports, base: Omit<ContentCheckDoc, '_id' | '_v' | 'state'>, request: MediaCheckRequest, deadline: number) => {
  const started = await before(ports.contentCheck.media(request), deadline)
  if ('skipped' in started) {
    await insertOr(ports, { _id: `media-${base.mediaId}-skipped`, ...base, state: 'skipped', reason: started.skipped.slice(0, 60) })
    return
  }
  await insertOr(ports, { _id: mediaRowId(started.traceId), ...base, state: 'pending' }, async (early) => {
    // The verdict came first (it is keyed by the trace id alone): now it knows what it is about, and is shown.
    if (early.state !== 'early') return
    const { _id, _v, ...done } = await ports.store.update<ContentCheckDoc>(COLLECTIONS.contentChecks, early._id, early._v, { ...base, state: 'done' })
    await showSettled(ports, _id, done)
  })
}

export interface CaseContent {
  caseId: string
  text: string
  media: readonly CheckableMedia[]
  /** Who filed it (null for an anonymous case, whose worker's openid is kept nowhere). */
  writer: Writer
  /** The description's check, started before the filing's reads (ADR 0054); `'recorded'` when its verdict is in the filing's transaction. */
  textCheck?: StartedTextCheck | 'recorded'
}

/**
 * A case just stored: its description, photos and voice notes (ADR 0019). The description's check may have been
 * started before the filing's reads (`textCheck`, ADR 0054): its answer is awaited here, or, when its verdict went
 * into the filing's transaction, nothing more is written for the words.
 */
export const checkCaseContent = (ports: Ports, content: CaseContent, openid: string | null, budgetMs = CHECK_BUDGET_MS): Promise<void> =>
  checkContent(
    ports,
    { thing: { about: 'case', caseId: content.caseId }, text: content.text, media: content.media, writer: content.writer, ...(content.textCheck ? { textCheck: content.textCheck } : {}) },
    openid,
    budgetMs,
  )

/**
 * How long a filing waits, before its transaction starts, for its description's verdict (ADR 0054), counted from
 * when the check was started (before the filing's reads, so the reads and the routing count towards it). A verdict
 * in by then is written in the transaction and joins its one insert into the case log: the request after the
 * commit is saved. The check is one call to WeChat; a filing whose check is slower waits this much at most, once
 * (not per attempt of its transaction), and has the verdict recorded after the commit as before — within the
 * worker function's 10 s, beside CHECK_BUDGET_MS, a wait a person filing does not notice.
 */
export const TEXT_VERDICT_WAIT_MS = 300

/**
 * Starts the check of a case's description before the filing reads its stations and members (ADR 0054). The openid, the caller's,
 * is sent to WeChat and kept nowhere. Null when there is nothing to check with (no openid) or nothing to check.
 * Its failure is nobody's but the check's: it is recorded after the commit (`checkCaseContent`), never thrown.
 */
export const startCaseTextCheck = (ports: Ports, text: string, openid: string | null): StartedTextCheck | null => {
  if (!openid || !text.trim()) return null
  const answer = new Promise<TextVerdict>((resolve) => resolve(ports.contentCheck.text({ text, openid, scene: CASE_SCENE })))
  // Awaited later, or never (a filing refused for its project, a transaction that failed): not an unhandled rejection.
  answer.catch(() => undefined)
  return { answer, requestedAt: ports.clock.now(), startedAt: Date.now() }
}

/** A case's description's verdict, in before its filing's transaction. */
export interface KnownTextVerdict {
  check: StartedTextCheck
  verdict: TextVerdict
  decidedAt: number
}

/**
 * The description's verdict if it is in by `waitMs` after its check was started, else null (slower, or failed:
 * both are recorded after the commit, as before ADR 0054). Never throws.
 */
export const caseTextVerdictWithin = async (ports: Ports, check: StartedTextCheck | null, waitMs = TEXT_VERDICT_WAIT_MS): Promise<KnownTextVerdict | null> => {
  if (!check) return null
  try {
    const verdict = await before(check.answer, check.startedAt + waitMs)
    return { check, verdict, decidedAt: ports.clock.now() }
  } catch {
    return null
  }
}

/**
 * Writes a case's description's verdict in its filing's transaction (ADR 0054): what `recordFirst` would have
 * written after the commit for the same verdict (`firstRecordOf`: its verdict event, same id and fields), through
 * the transaction, so it is inserted with the case's timeline. Each attempt of the transaction writes it; the one
 * that commits keeps it.
 */
export const recordCaseTextVerdict = async (tx: TxStore, ports: Ports, content: Pick<CaseContent, 'caseId' | 'writer'>, known: KnownTextVerdict): Promise<void> => {
  const row = { ...textRowOf({ about: 'case', caseId: content.caseId }, content.writer, known.check.requestedAt), ...verdictFields(known.verdict), decidedAt: known.decidedAt }
  const first = firstRecordOf(row, ports.clock.now())
  if ('verdict' in first) await tx.insert<ContentVerdictDoc>(COLLECTIONS.caseEvents, first.verdict)
  else await tx.insert<ContentCheckDoc>(COLLECTIONS.contentChecks, first.row)
}

/** The openid to check a failed row again with: the named case's worker's, or the officer's; null when none is kept. */
const writerOpenid = async (ports: Ports, r: ContentCheckDoc): Promise<string | null> => {
  if (r.writer?.as === 'officer') return (await ports.store.get<OfficerDoc>(COLLECTIONS.officers, r.writer.officerId))?.openid ?? null
  if (r.writer?.as === 'worker' && r.caseId) return (await ports.store.get<CaseDoc>(COLLECTIONS.cases, r.caseId))?.workerOpenid ?? null
  return null
}

/** The words a failed text row checked, read again from where they are stored; null when they are gone or changed. */
const textOf = async (ports: Ports, t: CheckedThing): Promise<string | null> => {
  const { store } = ports
  if (t.about === 'case') return (await store.get<CaseDoc>(COLLECTIONS.cases, t.caseId))?.description ?? null
  if (t.about === 'message') {
    const e = await store.get<CaseEventDoc>(COLLECTIONS.caseEvents, t.eventId)
    return e ? eventText(e) : null
  }
  if (t.about === 'notice') {
    const n = await store.get<PolicyNoticeDoc>(COLLECTIONS.policyNotices, t.noticeId)
    return n && n.rev === t.rev ? noticeText(n) : null
  }
  return (await store.get<SurveyAnswerDoc>(COLLECTIONS.surveyAnswers, t.answerId))?.comment ?? null
}

/** What a notice's check reads: its title and its body. */
export const noticeText = (n: Pick<PolicyNoticeDoc, 'title' | 'body'>) => `${n.title}\n${n.body}`

type RetryOutcome = 'done' | 'failed' | 'given_up' | 'raced'

/** One failed check tried again. Never throws for the check's own failure; a race with another sweep is 'raced'. */
const retryOne = async (ports: Ports, r: ContentCheckDoc, now: number, deadline: number): Promise<RetryOutcome> => {
  const { store } = ports
  const tries = (r.tries ?? 0) + 1
  const thing = thingOf(r)
  const openid = await writerOpenid(ports, r)
  // Each change of the row; one that settles the check shows it (ADR 0042).
  const update = async (patch: Partial<ContentCheckDoc>) => {
    const { _id, _v, ...next } = await store.update<ContentCheckDoc>(COLLECTIONS.contentChecks, r._id, r._v, patch)
    await showSettled(ports, _id, next)
  }
  const giveUp = async (reason: string) => {
    await update({ state: 'failed', reason, retryAt: null, tries: r.tries ?? 0 })
    return 'given_up' as const
  }
  try {
    if (!thing || !openid) return await giveUp('gone')
    const scene = SCENES[thing.about]
    try {
      if (r.subject === 'text') {
        const text = await textOf(ports, thing)
        if (text === null) return await giveUp('gone')
        const v = await before(ports.contentCheck.text({ text, openid, scene }), deadline)
        await update({ state: 'done', suggest: v.suggest, label: v.label, decidedAt: ports.clock.now(), retryAt: null, tries })
        await afterVerdict(ports, r, v.suggest)
        return 'done'
      }
      const m = r.mediaId ? await store.get<MediaDoc>(COLLECTIONS.media, r.mediaId) : null
      if (!m) return await giveUp('gone')
      const kind: 'photo' | 'voice' = m.kind === 'voice' ? 'voice' : 'photo'
      const { _id: _i, _v: _x, state: _s, reason: _r, retryAt: _a, tries: _t, ...base } = r
      await startMediaCheck(ports, { ...base, mediaKind: kind, tries }, { fileId: m.fileId, kind, mime: m.mime, openid, scene }, deadline)
      // The pending (or skipped) row now stands for this file; the failed one is done with.
      await store.remove(COLLECTIONS.contentChecks, r._id, r._v)
      return 'done'
    } catch (e) {
      if (isConflict(e)) throw e
      const reason = reasonOf(e)
      ;(ports.log ?? jsonLogger)({ level: 'warn', event: 'content-check-failed', detail: `${r._id} retry ${tries}: ${reason}` })
      await update({ reason, retryAt: nextRetryAt(tries, now), tries })
      return nextRetryAt(tries, now) === null ? 'given_up' : 'failed'
    }
  } catch (e) {
    // Another sweep tried the same row at the same time: it has it.
    if (isConflict(e)) return 'raced'
    throw e
  }
}

/**
 * One of the sweep's passes over due rows: those of `collection` whose `field` has come by `now`, oldest first, at
 * most `limit`, each handed to `each` with what is left of the budget (`budgetMs` from the start of the pass). The
 * pass is not complete when the budget ran out before a row, or when more rows are due than it read. dryRun counts
 * only.
 */
const duePass = async <T extends StoredDoc>(
  ports: Ports,
  due: { collection: string; field: keyof T & string; now: number; limit: number; budgetMs: number; dryRun: boolean },
  each: (row: T, leftMs: number) => Promise<void>,
): Promise<{ due: number; complete: boolean }> => {
  const started = performance.now()
  const page = await ports.store.find<T>(due.collection, {
    where: { [due.field]: { $lte: due.now } },
    orderBy: { field: due.field, dir: 'asc' },
    limit: due.limit,
  })
  if (due.dryRun) return { due: page.items.length, complete: true }
  for (const row of page.items) {
    const left = due.budgetMs - (performance.now() - started)
    if (left <= 0) return { due: page.items.length, complete: false }
    await each(row, left)
  }
  return { due: page.items.length, complete: !page.next }
}

/**
 * The sweep's pass over failed checks (ADR 0032): those whose retry is due, oldest first, each tried again with
 * what is left of the budget (at most CHECK_BUDGET_MS each); a check that fails again waits longer
 * (CHECK_RETRY_WAITS_MS), and after the last wait it is left as 未能检查 with its reason. dryRun counts only.
 */
export const retryFailedChecks = async (ports: Ports, now: number, budgetMs: number, dryRun: boolean) => {
  const tally = { done: 0, failed: 0, givenUp: 0 }
  const pass = await duePass<ContentCheckDoc>(ports, { collection: COLLECTIONS.contentChecks, field: 'retryAt', now, limit: RETRY_BATCH, budgetMs, dryRun }, async (r, left) => {
    const outcome = await retryOne(ports, r, now, Date.now() + Math.min(CHECK_BUDGET_MS, left))
    if (outcome === 'done') tally.done += 1
    else if (outcome === 'failed') tally.failed += 1
    else if (outcome === 'given_up') tally.givenUp += 1
  })
  return { due: pass.due, ...tally, complete: pass.complete }
}

/** The most officers' words one sweep checks. */
const WORDS_BATCH = 50

/**
 * The sweep's pass over officers' words to the worker (ADR 0039): a reply, 办理结果, a reason the worker reads on the
 * timeline, stored with `checkDueAt` by the command that wrote them. Each is checked as a worker's message is —
 * its words and the photos and voice notes sent with it, with its officer's openid read from their record — and
 * then marked done (`checkDueAt: null`); a check that fails is recorded failed and retried like any other. An
 * event that two sweeps take at once is checked once: the second one's row meets the first's. dryRun counts only.
 */
export const checkOfficerWords = async (ports: Ports, now: number, budgetMs: number, dryRun: boolean) => {
  let checked = 0
  const pass = await duePass<CaseEventDoc>(ports, { collection: COLLECTIONS.caseEvents, field: 'checkDueAt', now, limit: WORDS_BATCH, budgetMs, dryRun }, async (e, left) => {
    const writer = e.officerId ? ({ as: 'officer', officerId: e.officerId } as const) : null
    const openid = e.officerId ? ((await ports.store.get<OfficerDoc>(COLLECTIONS.officers, e.officerId))?.openid ?? null) : null
    const media = (await Promise.all((e.media ?? []).map((m) => ports.store.get<MediaDoc>(COLLECTIONS.media, m.id)))).filter((m): m is MediaDoc => !!m)
    const thing = { about: 'message' as const, caseId: e.caseId, eventId: e._id }
    if (openid) await checkContent(ports, { thing, text: eventText(e), media, writer }, openid, Math.min(CHECK_BUDGET_MS, left))
    // No officer's openid to check with (their record gone): recorded as 未能检查 at once, nothing to retry with.
    else await recordFirst(ports, { _id: textRowId(thing), ...thingFields(thing), ...(writer ? { writer } : {}), subject: 'text', state: 'failed', reason: 'no-openid', retryAt: null, tries: 0, requestedAt: now })
    try {
      await ports.store.update<CaseEventDoc>(COLLECTIONS.caseEvents, e._id, e._v, { checkDueAt: null })
    } catch (err) {
      // Another sweep has just done the same: its check's rows are the ones kept.
      if (!isConflict(err)) throw err
    }
    checked += 1
  })
  return { due: pass.due, checked, complete: pass.complete }
}

/**
 * Records the verdict on a photo or voice note when it arrives. The first verdict for a trace id is kept and
 * a repeat changes nothing; a verdict for a check whose row is not written yet is kept until it is. Trace ids
 * are handed out by WeChat to the function that started the check and shown to nobody.
 */
export const recordMediaVerdict = async (ports: Ports, v: MediaVerdict): Promise<{ recorded: boolean }> => {
  const id = mediaRowId(v.traceId)
  const now = ports.clock.now()
  const row = await ports.store.get<ContentCheckDoc>(COLLECTIONS.contentChecks, id)
  if (!row) {
    try {
      await ports.store.insert<ContentCheckDoc>(COLLECTIONS.contentChecks, { _id: id, subject: 'media', state: 'early', suggest: v.suggest, label: v.label, requestedAt: now, decidedAt: now })
      return { recorded: true }
    } catch (e) {
      // The check's row was written meanwhile: record on it.
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
      return recordMediaVerdict(ports, v)
    }
  }
  if (row.state !== 'pending') {
    // A repeat changes nothing; it makes sure the verdict is shown, should its event have failed to be written the first time.
    if (row.state === 'done') {
      const { _id, _v, ...fields } = row
      await showSettled(ports, _id, fields)
    }
    return { recorded: false }
  }
  let done: ContentCheckDoc
  try {
    done = await ports.store.update<ContentCheckDoc>(COLLECTIONS.contentChecks, id, row._v, { state: 'done', suggest: v.suggest, label: v.label, decidedAt: now })
  } catch (e) {
    // Another delivery of the same verdict got there first.
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return { recorded: false }
    throw e
  }
  // A case's photo or voice note: its verdict shown where the case page reads (ADR 0042).
  const { _id, _v, ...fields } = done
  await showSettled(ports, _id, fields)
  return { recorded: true }
}

/**
 * Shows the checks settled before verdict events existed (ADR 0042): each settled row of a case's or a message's
 * check gets its verdict event. Idempotent (a check shown already is counted as such); the dry run counts only.
 */
export const showSettledChecks = async (ports: Ports, dryRun: boolean) => {
  const out = { dryRun, examined: 0, shown: 0, already: 0 }
  const rows = await findAll<ContentCheckDoc>(ports.store, COLLECTIONS.contentChecks, { orderBy: { field: '_id', dir: 'asc' } })
  for (const { _id, _v, ...r } of rows) {
    if (!onCase(r) || !settled(r)) continue
    out.examined += 1
    if (dryRun) {
      if (await ports.store.get(COLLECTIONS.caseEvents, verdictEventId(_id))) out.already += 1
      else out.shown += 1
    } else if (await showSettled(ports, _id, r)) out.shown += 1
    else out.already += 1
  }
  return out
}

/** The settings document that records the verdicts recorded before ADR 0042 have been shown once. */
export const VERDICT_MIGRATION_DOC_ID = 'migration.verdicts'

/**
 * `showSettledChecks` once per environment, from the sweep's daily setup pass (ADR 0044), so a stage that held
 * cases before verdict events shows their verdicts without anyone having to remember it. Answers how many it showed.
 */
export const showSettledChecksOnce = (ports: Ports): Promise<number> =>
  oncePerEnvironment(ports, VERDICT_MIGRATION_DOC_ID, async () => {
    const { shown } = await showSettledChecks(ports, false)
    return { count: shown, record: { shown } }
  })

/** The verdicts of one notice, every revision (one indexed read). */
export const noticeChecks = async (ports: Ports, noticeId: string): Promise<ContentCheckDoc[]> =>
  (await ports.store.find<ContentCheckDoc>(COLLECTIONS.contentChecks, { where: { noticeId }, limit: 200 })).items

const flagged = <R extends CheckRecord>(r: R): r is R & { suggest: 'review' | 'risky' } => r.state === 'done' && (r.suggest === 'risky' || r.suggest === 'review')

/** A check that failed and will not be tried again: 未能检查. */
const givenUp = (r: CheckRecord) => r.state === 'failed' && !r.retryAt

/** What a badge is read from: a notice's check rows, or a case's verdict events. */
type CheckRecord = Pick<ContentCheckDoc, 'about' | 'eventId' | 'subject' | 'mediaId' | 'mediaKind' | 'state' | 'suggest' | 'reason' | 'tries' | 'writer' | 'retryAt'>

/** The badge on one set of rows (a case's own, one message's, one notice's), or null when nothing was found. */
const noticeOf = (rows: readonly CheckRecord[]): string | null => {
  const media = rows.filter((r) => r.subject === 'media' && flagged(r))
  const text = rows.find((r) => r.subject === 'text' && r.state === 'done')?.suggest
  return contentNotice({
    ...(text ? { text } : {}),
    riskyPhotos: media.filter((r) => r.suggest === 'risky' && r.mediaKind !== 'voice').length,
    riskyVoices: media.filter((r) => r.suggest === 'risky' && r.mediaKind === 'voice').length,
    reviewMedia: media.filter((r) => r.suggest === 'review').length,
    unchecked: rows.filter(givenUp).map((r) => ({ what: r.subject === 'text' ? '文字' : r.mediaKind === 'voice' ? '录音' : '照片', why: failureWords(r.reason, r.tries ?? 0, !!r.writer) })),
  })
}

/** The officer's badge for a case's own words and files (not its messages'), from its verdicts; null when nothing was found. */
export const caseContentNotice = (rows: readonly ContentVerdictDoc[]): string | null => noticeOf(rows.filter((r) => (r.about ?? 'case') === 'case'))

/** Per message (timeline event id): the officer's badge on it, for those with a finding. */
export const messageNotices = (rows: readonly ContentVerdictDoc[]): Map<string, string> => {
  const byEvent = new Map<string, ContentVerdictDoc[]>()
  for (const r of rows) if (r.about === 'message' && r.eventId) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r])
  const out = new Map<string, string>()
  for (const [id, rs] of byEvent) {
    const n = noticeOf(rs)
    if (n) out.set(id, n)
  }
  return out
}

/** The publisher's badge on a notice as it stands: its current revision's words and the pictures it carries now. */
export const noticeContentNotice = (rows: readonly ContentCheckDoc[], n: Pick<PolicyNoticeDoc, 'rev' | 'attachments'>): string | null => {
  const attached = new Set((n.attachments ?? []).map((a) => a.id))
  return noticeOf(rows.filter((r) => (r.subject === 'text' ? r.noticeRev === n.rev : !!r.mediaId && attached.has(r.mediaId))))
}

/** Media of `media` with no check yet among `rows` (a notice saved again checks only pictures it did not carry before). */
export const uncheckedMedia = <M extends { _id: string }>(rows: readonly ContentCheckDoc[], media: readonly M[]): M[] => {
  const checked = new Set(rows.flatMap((r) => (r.mediaId ? [r.mediaId] : [])))
  return media.filter((m) => !checked.has(m._id))
}

/** Per media id: how an officer's page shows it (risky ones blurred until opened), for those with a finding. */
export const mediaFlags = (rows: readonly ContentVerdictDoc[]): Map<string, { note: string; blurred: boolean }> => {
  const out = new Map<string, { note: string; blurred: boolean }>()
  for (const r of rows) if (r.subject === 'media' && r.mediaId && flagged(r)) out.set(r.mediaId, { note: MEDIA_NOTE[r.suggest], blurred: r.suggest === 'risky' })
  return out
}

/** Whether a function event is WeChat's push of a media verdict (`MsgType: 'event'`, `Event: 'wxa_media_check'`). */
export const isMediaCheckPush = (event: unknown): event is Record<string, unknown> =>
  !!event && typeof event === 'object' && !Array.isArray(event) && (event as Record<string, unknown>).MsgType === 'event' && (event as Record<string, unknown>).Event === 'wxa_media_check'

/**
 * For the `sweep` function only, called by the platform (no openid): a `wxa_media_check` push, which comes
 * without an envelope, is the verdict operation, keyed by its trace id. The contract checks the fields.
 */
export const mediaPushEnvelope = (fn: string, event: Record<string, unknown>, caller: Caller): Record<string, unknown> => {
  if (fn !== 'sweep' || caller.via !== 'timer' || caller.openid || 'op' in event || !isMediaCheckPush(event)) return event
  const result = (event.result ?? {}) as Record<string, unknown>
  const traceId = event.trace_id ?? event.traceId
  return {
    op: recordMediaVerdictContract.op,
    input: { traceId, suggest: verdictOf(result.suggest) ?? result.suggest, label: Number(result.label ?? 100) },
    requestId: `push-${sha(String(traceId)).slice(0, 40)}`,
  }
}

export type { ContentVerdict }

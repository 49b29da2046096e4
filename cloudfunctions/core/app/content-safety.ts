import { createHash } from 'node:crypto'
import { recordMediaVerdict as recordMediaVerdictContract } from '../../../types/contracts/content-safety'
import { AppError } from '../../../types/errors'
import { contentNotice, MEDIA_NOTE, verdictOf, type CaseContentFindings, type ContentVerdict } from '../domain/content-safety'
import type { Ports } from '../ports'
import type { ContentScene, MediaVerdict } from '../ports/content-check'
import { COLLECTIONS } from '../ports/collections'
import { jsonLogger } from '../ports/log'
import type { Caller } from './caller'
import type { ContentCheckDoc, MediaDoc } from './records'

/**
 * Content security (D24, ADR 0019). **A grievance is never refused, held back or lost because of a verdict:**
 * the case is stored (and its notices sent) first; only then are its words and files checked, within a time
 * budget, and whatever comes back — a verdict, an error, nothing — is recorded beside the case and never fails
 * the call. Officers read the verdict as a plain badge and see risky photos blurred until they open them; the
 * worker is never told.
 */

/** WeChat's scene for a case's words and files: 2 评论 (words to one organisation, read by its officers). */
export const CASE_SCENE: ContentScene = 2

/** The checks of one intake may take this long after the case is stored; whatever is not back by then is recorded as failed. */
export const CHECK_BUDGET_MS = 2500

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

const textRowId = (caseId: string) => `text-${caseId}`
/** A media check's row, found by the trace id its verdict will carry. */
const mediaRowId = (traceId: string) => `media-${sha(traceId).slice(0, 40)}`

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

/** Inserts a row; if one is there already (a retry, an early verdict), hands it to `onConflict`. */
const insertOr = async (ports: Ports, row: Omit<ContentCheckDoc, '_v'>, onConflict?: (existing: ContentCheckDoc) => Promise<void>) => {
  try {
    await ports.store.insert<ContentCheckDoc>(COLLECTIONS.contentChecks, row)
  } catch (e) {
    if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    const existing = await ports.store.get<ContentCheckDoc>(COLLECTIONS.contentChecks, row._id)
    if (existing && onConflict) await onConflict(existing)
  }
}

export interface CaseContent {
  caseId: string
  text: string
  media: readonly Pick<MediaDoc, '_id' | 'kind' | 'fileId' | 'mime'>[]
}

/**
 * Checks what a case just stored carries: its words now, its photos and voice notes by starting their checks.
 * Runs after the case's transaction has committed and never throws: the person's filing has already
 * succeeded. `openid` is the caller's (the worker, or the officer filing for them), from the function
 * context; it is sent to WeChat, which requires it, and stored nowhere.
 */
export const checkCaseContent = async (ports: Ports, content: CaseContent, openid: string | null, budgetMs = CHECK_BUDGET_MS): Promise<void> => {
  const log = ports.log ?? jsonLogger
  if (!openid) return
  const deadline = Date.now() + budgetMs
  const requestedAt = ports.clock.now()
  const { caseId } = content
  const warn = (what: string, e: unknown) => log({ level: 'warn', event: 'content-check-failed', detail: `${caseId} ${what}: ${reasonOf(e)}` })

  const text = async () => {
    try {
      const v = await before(ports.contentCheck.text({ text: content.text, openid, scene: CASE_SCENE }), deadline)
      await insertOr(ports, { _id: textRowId(caseId), caseId, subject: 'text', state: 'done', suggest: v.suggest, label: v.label, requestedAt, decidedAt: ports.clock.now() })
    } catch (e) {
      warn('text', e)
      await insertOr(ports, { _id: textRowId(caseId), caseId, subject: 'text', state: 'failed', reason: reasonOf(e), requestedAt }).catch(() => undefined)
    }
  }

  const media = async (m: CaseContent['media'][number]) => {
    const kind: 'photo' | 'voice' = m.kind === 'voice' ? 'voice' : 'photo'
    const base = { caseId, subject: 'media' as const, mediaId: m._id, mediaKind: kind, requestedAt }
    try {
      const started = await before(ports.contentCheck.media({ fileId: m.fileId, kind, mime: m.mime, openid, scene: CASE_SCENE }), deadline)
      if ('skipped' in started) {
        await insertOr(ports, { _id: `media-${m._id}-skipped`, ...base, state: 'skipped', reason: started.skipped.slice(0, 60) })
        return
      }
      await insertOr(ports, { _id: mediaRowId(started.traceId), ...base, state: 'pending' }, async (early) => {
        // The verdict came first (it is keyed by the trace id alone): now it knows its case.
        if (early.state === 'early') await ports.store.update<ContentCheckDoc>(COLLECTIONS.contentChecks, early._id, early._v, { ...base, state: 'done' })
      })
    } catch (e) {
      warn(`media ${m._id}`, e)
      await insertOr(ports, { _id: `media-${m._id}-failed`, ...base, state: 'failed', reason: reasonOf(e) }).catch(() => undefined)
    }
  }

  try {
    await Promise.all([text(), ...content.media.filter((m) => m.kind === 'photo' || m.kind === 'voice').map(media)])
  } catch (e) {
    warn('record', e)
  }
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
  if (row.state !== 'pending') return { recorded: false }
  try {
    await ports.store.update<ContentCheckDoc>(COLLECTIONS.contentChecks, id, row._v, { state: 'done', suggest: v.suggest, label: v.label, decidedAt: now })
  } catch (e) {
    // Another delivery of the same verdict got there first.
    if (e instanceof AppError && e.code === 'STORE_CONFLICT') return { recorded: false }
    throw e
  }
  return { recorded: true }
}

/** The verdicts of one case (one indexed read). */
export const caseChecks = async (ports: Ports, caseId: string): Promise<ContentCheckDoc[]> =>
  (await ports.store.find<ContentCheckDoc>(COLLECTIONS.contentChecks, { where: { caseId }, limit: 50 })).items

const flagged = (r: ContentCheckDoc): r is ContentCheckDoc & { suggest: 'review' | 'risky' } => r.state === 'done' && (r.suggest === 'risky' || r.suggest === 'review')

/** The officer's badge for a case, from its verdicts; null when nothing was found. */
export const caseContentNotice = (rows: readonly ContentCheckDoc[]): string | null => {
  const media = rows.filter((r) => r.subject === 'media' && flagged(r))
  const findings: CaseContentFindings = {
    ...(() => {
      const t = rows.find((r) => r.subject === 'text' && r.state === 'done')?.suggest
      return t ? { text: t } : {}
    })(),
    riskyPhotos: media.filter((r) => r.suggest === 'risky' && r.mediaKind !== 'voice').length,
    riskyVoices: media.filter((r) => r.suggest === 'risky' && r.mediaKind === 'voice').length,
    reviewMedia: media.filter((r) => r.suggest === 'review').length,
  }
  return contentNotice(findings)
}

/** Per media id: how an officer's page shows it (risky ones blurred until opened), for those with a finding. */
export const mediaFlags = (rows: readonly ContentCheckDoc[]): Map<string, { note: string; blurred: boolean }> => {
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

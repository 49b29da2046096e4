import { createHash } from 'node:crypto'
import type { JobView } from '../../../types/contracts/jobs'
import { AppError, ERRORS } from '../../../types/errors'
import type { FileBody, Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import { FILE_URL_TTL_SECONDS } from '../ports/files'
import type { JobDoc } from './records'
import { jsonLogger } from '../ports/log'

/**
 * Generated work that shows its progress (D35). An operation that makes a file (a county's posters, a
 * ledger export, a report) runs its work through `runJob`: the job record is written first, progress is
 * written as the work goes (at most every PROGRESS_EVERY_MS, so a long job costs few writes), and the
 * file goes through `Files`. The page chose the job id, so it polls `job.get` while its call runs. In the
 * cloud a function's work ends with its call, so the job runs within the call that starts it, on both
 * runtimes alike.
 *
 * Starting a job again with the same id answers with the job as it stands: a retried call never makes the
 * file twice. A job whose record stopped moving for STALE_MS (its function timed out) may run again.
 */

const PROGRESS_EVERY_MS = 500
const STALE_MS = 2 * 60_000

export interface JobStart {
  /** The page's id for the job. */
  jobId: string
  /** The caller's openid (from the function context). */
  openid: string
  /** The operation that runs it, e.g. poster.batch. */
  kind: string
  /** What it makes, in words, e.g. 曹县驿站海报（共 40 张）. */
  title: string
  /** Steps to do, if known at the start (the work may say it later). */
  total: number
}

/** Reports progress: `done` steps of `total` (total unchanged if left out). */
export type Progress = (done: number, total?: number) => Promise<void>

const docId = (ownerKey: string, jobId: string) => createHash('sha256').update(`${ownerKey}|${jobId}`).digest('hex').slice(0, 40)

export const viewOfJob = async (ports: Ports, jobId: string, d: JobDoc): Promise<JobView> => ({
  jobId,
  state: d.state,
  done: d.done,
  total: d.total,
  percent: d.state === 'done' ? 100 : d.total > 0 ? Math.min(99, Math.floor((d.done / d.total) * 100)) : 0,
  title: d.title,
  ...(d.state === 'done' && d.fileId
    ? { fileName: d.fileName ?? d.title, url: await ports.files.url(d.fileId, FILE_URL_TTL_SECONDS) }
    : {}),
  ...(d.state === 'failed' ? { error: d.error ?? ERRORS.JOB_FAILED } : {}),
})

/** The caller's job with this id, or JOB_NOT_FOUND (someone else's job is not found either). */
export const findJob = async (ports: Ports, openid: string, jobId: string): Promise<JobView> => {
  const d = await ports.store.get<JobDoc>(COLLECTIONS.jobs, docId(ports.secrets.workerKey(openid), jobId))
  if (!d) throw new AppError('JOB_NOT_FOUND')
  return viewOfJob(ports, jobId, d)
}

/**
 * Runs `work` as a job and answers with the finished job (its file's URL) or the failed one (its reason).
 * `work` reports progress and returns the file to keep.
 */
export const runJob = async (ports: Ports, start: JobStart, work: (progress: Progress) => Promise<FileBody>): Promise<JobView> => {
  const { store, clock } = ports
  const ownerKey = ports.secrets.workerKey(start.openid)
  const id = docId(ownerKey, start.jobId)
  const seen = await store.get<JobDoc>(COLLECTIONS.jobs, id)
  if (seen && (seen.state !== 'running' || clock.now() - seen.updatedAt < STALE_MS)) return viewOfJob(ports, start.jobId, seen)

  const now = clock.now()
  let doc: JobDoc
  if (seen) {
    doc = await store.update<JobDoc>(COLLECTIONS.jobs, id, seen._v, { state: 'running', done: 0, total: start.total, updatedAt: now })
  } else {
    try {
      doc = await store.insert<JobDoc>(COLLECTIONS.jobs, {
        _id: id,
        ownerKey,
        kind: start.kind,
        title: start.title,
        state: 'running',
        done: 0,
        total: start.total,
        createdAt: now,
        updatedAt: now,
      })
    } catch (e) {
      // The same job started twice at once: the first one runs it, this answer shows its progress.
      const other = await store.get<JobDoc>(COLLECTIONS.jobs, id)
      if (other) return viewOfJob(ports, start.jobId, other)
      throw e
    }
  }

  let written = now
  const progress: Progress = async (done, total) => {
    const at = clock.now()
    const nextTotal = total ?? doc.total
    if (at - written < PROGRESS_EVERY_MS && nextTotal === doc.total) {
      doc = { ...doc, done }
      return
    }
    written = at
    doc = await store.update<JobDoc>(COLLECTIONS.jobs, id, doc._v, { done, total: nextTotal, updatedAt: at })
  }

  let finished: JobDoc
  try {
    const file = await work(progress)
    const fileId = await ports.files.put('generated', file)
    const current = (await store.get<JobDoc>(COLLECTIONS.jobs, id)) ?? doc
    finished = await store.update<JobDoc>(COLLECTIONS.jobs, id, current._v, {
      state: 'done',
      done: doc.total,
      fileId,
      fileName: file.name ?? start.title,
      updatedAt: clock.now(),
    })
  } catch (e) {
    if (!(e instanceof AppError))
      (ports.log ?? jsonLogger)({ level: 'error', event: 'job-failed', op: start.kind, detail: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : typeof e })
    const current = (await store.get<JobDoc>(COLLECTIONS.jobs, id)) ?? doc
    finished = await store.update<JobDoc>(COLLECTIONS.jobs, id, current._v, {
      state: 'failed',
      error: e instanceof AppError ? e.message : ERRORS.JOB_FAILED,
      updatedAt: clock.now(),
    })
  }
  return viewOfJob(ports, start.jobId, finished)
}

/** What one step of a stepped job did: where the next one goes on and how far it is, or the finished file. */
export type StepOutcome = { cursor: string; done: number } | { file: FileBody }

/**
 * Work too long for one call (a city-wide re-run of ratings): each call with the job's id does one budgeted step
 * from where the last one stopped (`cursor`) and answers with the job still running, until a step returns the
 * file. The page calls again while it is running (`runJobWith`); a call that comes while another holds the job
 * (`busyUntil`) answers with the job as it stands, so a step never runs twice at once.
 */
export const runSteppedJob = async (ports: Ports, start: JobStart, step: (cursor: string | undefined, progress: Progress) => Promise<StepOutcome>): Promise<JobView> => {
  const { store, clock } = ports
  const ownerKey = ports.secrets.workerKey(start.openid)
  const id = docId(ownerKey, start.jobId)
  const seen = await store.get<JobDoc>(COLLECTIONS.jobs, id)
  const now = clock.now()
  if (seen && (seen.state !== 'running' || (seen.busyUntil ?? 0) > now)) return viewOfJob(ports, start.jobId, seen)
  let doc: JobDoc
  try {
    doc = seen
      ? await store.update<JobDoc>(COLLECTIONS.jobs, id, seen._v, { busyUntil: now + STALE_MS, updatedAt: now })
      : await store.insert<JobDoc>(COLLECTIONS.jobs, { _id: id, ownerKey, kind: start.kind, title: start.title, state: 'running', done: 0, total: start.total, createdAt: now, updatedAt: now, busyUntil: now + STALE_MS })
  } catch (e) {
    // Another call took the step first: this answer shows its progress.
    const other = await store.get<JobDoc>(COLLECTIONS.jobs, id)
    if (other && e instanceof AppError) return viewOfJob(ports, start.jobId, other)
    throw e
  }
  const progress: Progress = async (done, total) => {
    doc = { ...doc, done, total: total ?? doc.total }
  }
  let saved: JobDoc
  try {
    const out = await step(doc.cursor, progress)
    const current = (await store.get<JobDoc>(COLLECTIONS.jobs, id)) ?? doc
    if ('file' in out) {
      const fileId = await ports.files.put('generated', out.file)
      saved = await store.update<JobDoc>(COLLECTIONS.jobs, id, current._v, { state: 'done', done: doc.total, fileId, fileName: out.file.name ?? start.title, busyUntil: 0, updatedAt: clock.now() })
    } else {
      saved = await store.update<JobDoc>(COLLECTIONS.jobs, id, current._v, { cursor: out.cursor, done: out.done, total: doc.total, busyUntil: 0, updatedAt: clock.now() })
    }
  } catch (e) {
    if (!(e instanceof AppError))
      (ports.log ?? jsonLogger)({ level: 'error', event: 'job-failed', op: start.kind, detail: e instanceof Error ? `${e.name}: ${e.message}`.slice(0, 300) : typeof e })
    const current = (await store.get<JobDoc>(COLLECTIONS.jobs, id)) ?? doc
    saved = await store.update<JobDoc>(COLLECTIONS.jobs, id, current._v, { state: 'failed', error: e instanceof AppError ? e.message : ERRORS.JOB_FAILED, busyUntil: 0, updatedAt: clock.now() })
  }
  return viewOfJob(ports, start.jobId, saved)
}

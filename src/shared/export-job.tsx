import { useState } from 'react'
import type { JobView } from '../../types/contracts/jobs'
import type { Result } from '../../types/errors'
import { openFile } from '../device/open-file'
import { Progress, toast } from '../ui'

/**
 * A file a page has made on the server as a job (D35): the page starts it, shows its progress while it runs, then
 * opens its file — downloaded in H5, opened with the system viewer in the mini-program (D34, `openFile`) — or says
 * why there is none, in the words the server gave. One flow for every export and generated file: the weekly
 * report, the ledger, posters, star ratings, the provincial export, survey results and 我的数据.
 */

/** Opens a file a person asked for, saying `failed` when it cannot be opened. Nothing to open: nothing happens. */
export async function openOrSay(url: string | undefined, name: string | undefined, failed: string): Promise<void> {
  if (!url || !name) return
  try {
    await openFile(url, name)
  } catch {
    toast(failed)
  }
}

/** What a page shows of the job it started: its progress while `busy`, then its file (`job`, `answer`) or `error`. */
export interface ExportJobState<A> {
  busy: boolean
  job?: JobView
  /** The whole answer of the call once it finished with a file (an operation may answer with more than the job). */
  answer?: A
  /** Why there is no file; absent when the server did not say (a failed job without words). */
  error?: string
}

/** How one start ended: `ok` with the answer and its job, or not, with the words to say (when there are any). */
export interface ExportOutcome<A> {
  ok: boolean
  answer?: A
  job?: JobView
  error?: string
}

export interface ExportJobOptions<A> {
  /** The job of an answer that carries more than the job (`runJobWith`); by default the answer is the job. */
  jobOf?: (answer: A) => JobView
  /** Said when the file cannot be opened. */
  openFailed: string
  /** Said when the job failed without saying why; by default nothing is said beyond the failed job. */
  failed?: string
  /**
   * An operation asked again while its job runs (`runJobWith`) may still be running after its last try: these words
   * say so, and the start counts as not finished. Without them such an answer counts as finished.
   */
  unfinished?: string
}

/**
 * The state and the steps of one export on a page: `start(run)` runs it (`run` is `runJob` or `runJobWith` with the
 * page's operation, handed the progress callback; `first`, a job to show before the first progress arrives), once
 * at a time (null when one is under way already); `open` opens a file; `reset` forgets the last run's file and words (the page's month or scope changed).
 */
export function useExportJob<A = JobView>(options: ExportJobOptions<A>) {
  const [state, setState] = useState<ExportJobState<A>>({ busy: false })
  const jobOf = options.jobOf ?? ((a: A) => a as unknown as JobView)

  async function start(run: (onProgress: (job: JobView) => void) => Promise<Result<A>>, first?: JobView): Promise<ExportOutcome<A> | null> {
    if (state.busy) return null
    setState({ busy: true, ...(first ? { job: first } : {}) })
    const res = await run((job) => setState((s) => ({ ...s, busy: true, job })))
    if (!res.ok) {
      setState({ busy: false, error: res.error.message })
      return { ok: false, error: res.error.message }
    }
    const job = jobOf(res.data)
    if (job.state === 'failed' || (job.state === 'running' && options.unfinished)) {
      const error = job.state === 'failed' ? (job.error ?? options.failed) : options.unfinished
      setState({ busy: false, job, ...(error ? { error } : {}) })
      return { ok: false, job, ...(error ? { error } : {}) }
    }
    setState({ busy: false, job, answer: res.data })
    return { ok: true, job, answer: res.data }
  }

  return {
    ...state,
    start,
    open: (url: string | undefined, name: string | undefined) => openOrSay(url, name, options.openFailed),
    reset: () => setState((s) => ({ busy: s.busy })),
  }
}

/**
 * The progress bar of a running export: 「正在生成 3/12 张表」 while it counts its parts, 「正在生成，请稍候」 before
 * the first count or for a job of one part. Nothing once it is not running.
 */
export function JobProgress(props: { busy: boolean; job?: JobView; verb: string; unit: string; className?: string }) {
  if (!props.busy) return null
  const { job } = props
  return (
    <Progress
      {...(props.className ? { className: props.className } : {})}
      percent={job?.percent ?? 0}
      label={job && job.total > 1 ? `正在${props.verb} ${job.done}/${job.total} ${props.unit}` : `正在${props.verb}，请稍候`}
    />
  )
}

import type { Contract, InputOf, OutputOf } from '../../types/contract'
import { getJob, getWorkerJob, type JobView } from '../../types/contracts/jobs'
import type { Result } from '../../types/errors'
import { call, newRequestId } from './cloud'

/**
 * Runs generated work (D35): the page gets the job's progress while the call that makes it is under way,
 * and the finished job with its file's URL. On a weak signal the call itself may be lost while the server
 * goes on: then the job is followed by polling alone until it ends.
 */

const POLL_MS = 800
/** Lost polls in a row before the page gives up and shows the network error. */
const POLL_LOSSES = 5

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

export async function runJob<C extends Contract>(
  contract: C,
  input: Omit<InputOf<C>, 'jobId'>,
  onProgress: (job: JobView) => void,
  /** How progress is read: an officer's job by default, a worker's own with `getWorkerJob`. */
  poll: typeof getJob | typeof getWorkerJob = getJob,
): Promise<Result<JobView>> {
  const jobId = newRequestId()
  let finished = false
  const follow = async (): Promise<Result<JobView> | null> => {
    let losses = 0
    while (!finished) {
      await sleep(POLL_MS)
      if (finished) return null
      const r = await call(poll, { jobId })
      if (finished) return null
      if (r.ok) {
        losses = 0
        onProgress(r.data)
        if (r.data.state !== 'running') return r
      } else if (++losses >= POLL_LOSSES) return r
    }
    return null
  }
  const polling = follow()
  const started = await call(contract, { ...input, jobId } as InputOf<C>, { requestId: jobId })
  if (started.ok || started.error.code !== 'NETWORK_FAILED') {
    finished = true
    if (started.ok) onProgress(started.data as JobView)
    return started as Result<JobView>
  }
  // The call was lost on the way back: the job may still be running on the server.
  const followed = await polling
  finished = true
  return followed ?? started
}

/**
 * A job whose operation answers with more than the job (e.g. the provincial export: its next cursor and a second
 * file): the page follows its progress the same way, and gets the whole answer when the call comes back.
 */
export async function runJobWith<C extends Contract>(
  contract: C,
  input: Omit<InputOf<C>, 'jobId'>,
  jobOf: (out: OutputOf<C>) => JobView,
  onProgress: (job: JobView) => void,
): Promise<Result<OutputOf<C>>> {
  const jobId = newRequestId()
  let finished = false
  const follow = async () => {
    while (!finished) {
      await sleep(POLL_MS)
      if (finished) return
      const r = await call(getJob, { jobId })
      if (finished) return
      if (r.ok) onProgress(r.data)
    }
  }
  void follow()
  // The call is asked again with the same id on a lost answer, or while another call runs the job: the server
  // answers with the job as it stands, and with the whole answer once it is done.
  let started = await call(contract, { ...input, jobId } as InputOf<C>, { requestId: jobId })
  for (let i = 0; i < 150; i++) {
    const lost = !started.ok && started.error.code === 'NETWORK_FAILED'
    const running = started.ok && jobOf(started.data as OutputOf<C>).state === 'running'
    if (!(lost && i < POLL_LOSSES) && !running) break
    await sleep(POLL_MS * 2)
    started = await call(contract, { ...input, jobId } as InputOf<C>, { requestId: jobId })
  }
  finished = true
  if (started.ok) onProgress(jobOf(started.data as OutputOf<C>))
  return started as Result<OutputOf<C>>
}

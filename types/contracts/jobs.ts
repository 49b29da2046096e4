import { z } from 'zod'
import { defineContract } from '../contract'

/**
 * A job's id is chosen by the page before it starts the job, so the page can poll the job's progress
 * while the call that runs it is still under way (in the cloud a function runs its job within its call).
 */
export const JobId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '任务编号格式不对，请重新开始')

export const JobView = z.object({
  jobId: z.string(),
  state: z.enum(['running', 'done', 'failed']),
  /** Steps done out of total (pages, rows, stations): the page's progress bar. */
  done: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  percent: z.number().int().min(0).max(100),
  /** What the job is making, in words (e.g. 曹县驿站海报). */
  title: z.string(),
  /** When done: the file's name and a short-lived URL to open or download it. */
  fileName: z.string().optional(),
  url: z.string().optional(),
  /** When failed: why, in Chinese. */
  error: z.string().optional(),
})
export type JobView = z.infer<typeof JobView>

/** Where a job of the caller's stands. Someone else's job, or none, is "not found". */
export const getJob = defineContract({
  fn: 'officer',
  op: 'job.get',
  audience: 'officer',
  input: z.strictObject({ jobId: JobId }),
  output: JobView,
})

/** The same for a worker's own job (我的数据's export, ADR 0020). */
export const getWorkerJob = defineContract({
  fn: 'worker',
  op: 'job.get',
  audience: 'user',
  input: z.strictObject({ jobId: JobId }),
  output: JobView,
})

/** The operations of this file by name (handlers/jobs.handlers.ts has one handler for each). */
export const JOBS_CONTRACTS = { getJob, getWorkerJob } as const

import { JOBS_CONTRACTS, getJob, getWorkerJob } from '../../../../types/contracts/jobs'
import { defineHandler, type HandlersOf } from '../handler'
import { findJob } from '../jobs'

const getJobHandler = defineHandler(getJob, async ({ jobId }, { ports, caller }) => findJob(ports, caller.openid!, jobId))

const getWorkerJobHandler = defineHandler(getWorkerJob, async ({ jobId }, { ports, caller }) => findJob(ports, caller.openid!, jobId))

export const JOBS_HANDLERS: HandlersOf<typeof JOBS_CONTRACTS> = { getJob: getJobHandler, getWorkerJob: getWorkerJobHandler }

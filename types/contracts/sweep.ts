import { z } from 'zod'
import { defineContract } from '../contract'

/** The timer's run: deliver the outbox (and, with the case engine, watch deadlines). */
export const runSweep = defineContract({
  fn: 'sweep',
  op: 'sweep.run',
  audience: 'system',
  input: z.strictObject({ dryRun: z.boolean().default(false) }),
  output: z.object({ delivered: z.number(), failed: z.number(), pending: z.number(), dryRun: z.boolean() }),
})

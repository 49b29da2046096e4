import { z } from 'zod'
import { defineContract } from '../contract'

/**
 * Content security (D24, ADR 0019): the verdict on a photo or voice note, which WeChat pushes to the `sweep`
 * function as a `wxa_media_check` event (mapped onto this operation by the dispatcher, keyed by its trace id),
 * and which the local host delivers the same way for its embedded checker. Only the platform calls it.
 */
export const recordMediaVerdict = defineContract({
  fn: 'sweep',
  op: 'content.mediaVerdict',
  audience: 'system',
  input: z.strictObject({
    traceId: z.string().min(1).max(128),
    suggest: z.enum(['pass', 'review', 'risky']),
    label: z.number().int().default(100),
  }),
  output: z.object({
    /** False for a repeat of a verdict already recorded. */
    recorded: z.boolean(),
  }),
})

/** What an officer's case page shows when a check found something (never shown to the worker). */
export const ContentNotice = z.object({
  /** 「内容安全提示：文字疑似含有敏感内容」 */
  text: z.string(),
  /** That it is a machine's hint and the case is handled as usual. */
  hint: z.string(),
})

/** The operations of this file by name (handlers/content-safety.handlers.ts has one handler for each). */
export const CONTENT_SAFETY_CONTRACTS = { recordMediaVerdict } as const

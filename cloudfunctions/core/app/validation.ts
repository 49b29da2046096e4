import type { z } from 'zod'
import { AppError, ERRORS } from '../../../types/errors'

/**
 * A refused input: the first issue's own Chinese message when the schema gives one, the general message
 * otherwise, and every refused field path so a form can point at it.
 */
export const zodFailure = (error: z.ZodError): AppError => {
  const fields = [
    ...new Set(
      error.issues
        .flatMap((i) => (i.code === 'unrecognized_keys' ? i.keys.map((k) => [...i.path, k].join('.')) : [i.path.join('.')]))
        .filter(Boolean),
    ),
  ]
  const first = error.issues[0]
  const own = first && /[\u4e00-\u9fa5]/.test(first.message) ? first.message : undefined
  return new AppError('REQUEST_INVALID', own ?? ERRORS.REQUEST_INVALID, fields.length ? fields : undefined)
}

import { z } from 'zod'

/**
 * How long a text field may be, read from the contract's own schema (types/): the one place a limit is
 * written. Pages take a field's maxlength and the "2 到 200 个字" of its hint from here, never a number of
 * their own, so the form and the server always agree.
 */
export interface TextLimits {
  /** Absent when the schema sets no minimum (an optional text). */
  min?: number
  max: number
}

/** The string schema inside optional / default / nullable / pipe wrappers. */
function stringOf(schema: z.ZodType): z.ZodString | undefined {
  if (schema instanceof z.ZodString) return schema
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodNullable) return stringOf(schema.unwrap() as z.ZodType)
  if (schema instanceof z.ZodPipe) return stringOf(schema.in as z.ZodType)
  return undefined
}

/** The limits of a text field's schema, e.g. `textLimits(holdCase.input.shape.reason)` → { min: 2, max: 200 }. */
export function textLimits(schema: z.ZodType): TextLimits {
  const s = stringOf(schema)
  const max = s?.maxLength
  // Every string a person types has a maximum (types/values.ts): a field without one is a contract bug.
  if (max === undefined || max === null) throw new Error('textLimits: the schema sets no maximum length')
  const min = s?.minLength
  return min ? { min, max } : { max }
}

/** The limits in words for a hint: "2 到 200 个字", or "50 个字以内" without a minimum. */
export const lengthInWords = (l: TextLimits): string => (l.min ? `${l.min} 到 ${l.max} 个字` : `${l.max} 个字以内`)

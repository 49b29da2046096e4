import { z } from 'zod'

/** Reusable value schemas with limits. Every string a person types has a maximum length. */

export const Id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/)
export const StationCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^HZ-[A-Z]{2}-\d{4}$/, '驿站编号格式不对')
/** The letters of every code a person reads out and types (invites, claim codes): no 0/O, 1/I/L. */
export const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

export const Cursor = z.string().min(1).max(200)
export const PageLimit = z.number().int().min(1).max(50).default(20)
/** A mobile (11 digits) or a landline with its area code (at most 0 + 3 + '-' + 8 = 13 characters). */
export const Phone = z.string().trim().max(13, '请填写正确的手机号或座机号').regex(/^1[3-9]\d{9}$|^0\d{2,3}-?\d{7,8}$/, '请填写正确的手机号或座机号')
export const PersonName = z.string().trim().min(1, '请填写姓名').max(20, '姓名最多 20 个字')
export const Description = z
  .string()
  .trim()
  .min(10, '请至少写 10 个字，说清楚发生了什么')
  .max(2000, '最多 2000 个字')
/** The largest amount a case may name: 1 亿元 (a whole project's arrears stays below it). */
export const AMOUNT_MAX_YUAN = 100_000_000
/** Amount in yuan: at least 1 元, at most 1 亿元, to the 分 (two decimals at most). */
export const Amount = z
  .number({ error: '金额请填数字（元），例如 12000；不清楚可以不填' })
  .min(1, '金额至少 1 元；不清楚可以不填')
  .max(AMOUNT_MAX_YUAN, '金额不能超过 1 亿元，请核对后再填')
  .refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, '金额最多精确到分（小数点后两位）')

export const paged = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), next: z.string().optional() })

/** A case number as people type it (`CX2611250007`, D7). */
export const CaseNo = z
  .string()
  .max(40, '诉求编号是 2 个字母加 10 位数字，例如 CX2611250007')
  .transform((v) => v.replace(/[\s-]+/g, '').toUpperCase())
  .pipe(z.string().regex(/^[A-Z]{2}\d{10}$/, '诉求编号是 2 个字母加 10 位数字，例如 CX2611250007'))

/**
 * 统一社会信用代码 (unified social credit code, GB 32100-2015): 18 characters — 登记管理部门 (1), 机构类别 (1),
 * 登记管理机关行政区划码 (6 digits), 主体标识码 (9), 校验码 (1) — from the 31 characters below (digits and capitals
 * without I, O, S, V, Z). The check character is 31 − (Σ value × 3^i mod 31) mod 31 over the first 17.
 *
 * A pure rule both sides need: the case contract checks a code with it (so the form says so before sending,
 * and the server refuses the same), and later the blacklist will. It lives in `types/` because contracts may
 * import only `types/` and zod (like the visibility rule in `authz.ts`); see docs/adr/0011.
 */
export const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const

/** The shape before the check: 2 code characters, 6 digits of the division code, 10 code characters. */
export const USCC_SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/

/** The check character for the first 17 characters, or null when they are not 17 code characters. */
export const usccCheckChar = (first17: string): string | null => {
  if (first17.length !== 17) return null
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * WEIGHTS[i]!
  }
  return USCC_CHARS[(31 - (sum % 31)) % 31]!
}

/** True for a well-formed code whose 18th character checks out. Exact: capitals only, no spaces. */
export const isValidUscc = (code: string): boolean => USCC_SHAPE.test(code) && usccCheckChar(code.slice(0, 17)) === code[17]

export const USCC_INVALID = '统一社会信用代码校验不通过，请核对'
export const USCC_LENGTH = '统一社会信用代码是 18 位（营业执照上有），请核对'

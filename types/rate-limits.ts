/**
 * Per-caller limits on the operations someone could abuse (filing, messages, uploads, codes), in one table:
 * a contract names its bucket (`rateLimit`), and the dispatcher counts and refuses before the handler, on
 * both store adapters alike. Windows are fixed (the clock's hour, day …); a refused call is not counted and
 * writes nothing. The limits are generous for a person and tight for a script.
 */
export const RATE_LIMITS = {
  /** Filing a case. A worker with many grievances still files ten an hour. */
  file: { limit: 10, windowMinutes: 60, what: '提交诉求' },
  /** Sending a message on a case (the worker's 补充, an officer's reply or internal note). */
  message: { limit: 60, windowMinutes: 60, what: '发送消息' },
  /** Entering invite codes: guessing one is slow. */
  inviteRedeem: { limit: 10, windowMinutes: 60, what: '输入邀请码' },
  /** Claiming a case by its number and claim code (代为登记): any case, right or wrong. */
  claim: { limit: 10, windowMinutes: 60, what: '输入认领码' },
  /**
   * Wrong invite codes: a wrong guess names no invite, so the caller is what locks (ADR 0020) — five wrong
   * codes in a day and this WeChat account enters no more until the day's window ends. Counted by the handler,
   * on wrong codes only.
   */
  inviteWrong: { limit: 5, windowMinutes: 24 * 60, what: '输错邀请码' },
} as const satisfies Record<string, { limit: number; windowMinutes: number; what: string }>

export type RateBucket = keyof typeof RATE_LIMITS

/** The refusal, in words: what was too frequent and when to try again. */
export const rateLimitMessage = (bucket: RateBucket, minutesLeft: number): string =>
  `${RATE_LIMITS[bucket].what}太频繁了，请在 ${Math.max(1, minutesLeft)} 分钟后再试；着急可以拨打 12333`

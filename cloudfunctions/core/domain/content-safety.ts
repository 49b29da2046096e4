/**
 * Content security (D24, ADR 0019) as pure rules: how long text is cut into the parts one check takes, which
 * verdict of several wins, and the words an officer reads. A verdict never decides whether a grievance is
 * taken: the case is stored first and the verdict is only recorded beside it.
 */

import type { Command, CommandType, TimelineEvent } from './case-engine'

/** WeChat's verdicts, mildest first: 通过 · 需人工复核 · 违规. */
export const CONTENT_VERDICTS = ['pass', 'review', 'risky'] as const
export type ContentVerdict = (typeof CONTENT_VERDICTS)[number]

/** The most characters one text check takes (msgSecCheck: 2 500 字). */
export const TEXT_PART_CHARS = 2500
/**
 * Consecutive parts share this many characters, so words cut at a boundary are still read whole in one of
 * them.
 */
export const TEXT_PART_OVERLAP = 100

/**
 * Text cut into parts of at most `max` characters (code points, as WeChat counts 字), each starting `overlap`
 * characters before the previous one ended. Text that fits is one part; empty text is none.
 */
export const textParts = (text: string, max = TEXT_PART_CHARS, overlap = TEXT_PART_OVERLAP): string[] => {
  const chars = [...text]
  if (!chars.length) return []
  if (chars.length <= max) return [text]
  const step = Math.max(1, max - Math.min(overlap, max - 1))
  const parts: string[] = []
  for (let start = 0; ; start += step) {
    parts.push(chars.slice(start, start + max).join(''))
    if (start + max >= chars.length) break
  }
  return parts
}

/** The strictest of several verdicts (a text's parts): one risky part makes the text risky. */
export const strictest = (verdicts: readonly ContentVerdict[]): ContentVerdict =>
  verdicts.reduce<ContentVerdict>((worst, v) => (CONTENT_VERDICTS.indexOf(v) > CONTENT_VERDICTS.indexOf(worst) ? v : worst), 'pass')

/** A verdict as WeChat sends it ('pass' | 'review' | 'risky'), or null for anything else. */
export const verdictOf = (value: unknown): ContentVerdict | null =>
  typeof value === 'string' && (CONTENT_VERDICTS as readonly string[]).includes(value) ? (value as ContentVerdict) : null

/** What the checks of one case found, as the officer's page needs it. */
export interface CaseContentFindings {
  /** The verdict on the worker's words, when one came. */
  text?: ContentVerdict
  /** Photos and voice notes judged risky (blurred for officers until opened) or to be reviewed. */
  riskyPhotos: number
  riskyVoices: number
  reviewMedia: number
  /** Checks that could not be made even after their retries: what (文字, 照片, 录音) and why in words. */
  unchecked?: ReadonlyArray<{ what: string; why: string }>
}

/** Shown under every notice: the verdict is a machine's, and the case is handled like any other. */
export const CONTENT_NOTICE_HINT = '这是微信内容安全检测的提示，仅供参考；诉求照常受理和办理'

/**
 * The plain badge an officer reads on a case (never shown to the worker), or null when nothing was found:
 * 「内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示」.
 */
export const contentNotice = (f: CaseContentFindings): string | null => {
  const parts: string[] = []
  if (f.text === 'risky') parts.push('文字疑似含有敏感内容')
  else if (f.text === 'review') parts.push('文字可能含有敏感内容')
  const risky: string[] = []
  if (f.riskyPhotos) risky.push(`${f.riskyPhotos} 张照片`)
  if (f.riskyVoices) risky.push(`${f.riskyVoices} 段录音`)
  if (risky.length) parts.push(`${risky.join('和 ')}疑似含有敏感内容，已模糊显示`)
  if (f.reviewMedia) parts.push(`${f.reviewMedia} 个照片或录音可能含有敏感内容`)
  for (const u of f.unchecked ?? []) parts.push(`${u.what}未能检查（${u.why}）`)
  return parts.length ? `内容安全提示：${parts.join('；')}` : null
}

/** Under a notice's verdict, for its publisher: a machine's hint; the notice is published as they chose. */
export const NOTICE_CONTENT_HINT = '这是微信内容安全检测的提示，仅供参考；政策照常发布，请发布人核对文字和图片后决定是否修改'

/** The note on one photo or voice note judged risky, and on one to be reviewed. */
export const MEDIA_NOTE: Record<Exclude<ContentVerdict, 'pass'>, string> = {
  risky: '疑似含有敏感内容',
  review: '可能含有敏感内容',
}

/**
 * Retries of a check that failed (ADR 0032): the sweep tries again after each of these waits, then leaves it as
 * 未能检查. All within WeChat's rule that the writer used the mini-program in the last two hours (the write
 * itself): 1 + 4 + 15 + 40 minutes = 1 hour.
 */
export const CHECK_RETRY_WAITS_MS = [1, 4, 15, 40].map((m) => m * 60_000)

/** When to try a failed check again after `tries` retries, or null when it is given up. */
export const nextRetryAt = (tries: number, now: number): number | null => {
  const wait = CHECK_RETRY_WAITS_MS[tries]
  return wait === undefined ? null : now + wait
}

/**
 * Why a check could not be made, in words (stored reasons are an error class, `timeout`, or `gone`), after how
 * many retries; `retried` false for anonymous words, whose writer's openid is kept nowhere to try again with.
 */
export const failureWords = (reason: string | undefined, tries: number, retried: boolean): string => {
  const why = reason === 'timeout' ? '检查超时' : reason === 'gone' ? '内容已更改或删除' : '检查出错'
  if (!retried) return `${why}，匿名内容不能重试`
  return tries > 0 ? `${why}，已重试 ${tries} 次` : why
}

/**
 * The words of a case command that reach the other side, and so are checked (ADR 0019, 0032, 0039): the worker's
 * messages (补充, 没有解决), withdrawal reason and rating comment; the station's reply, 办理结果, and the reasons the
 * worker reads on the timeline (暂停办理, 转交, 转办未被接收). Words the station writes to itself — internal notes,
 * the reasons of a transfer, an escalation or a group flag, 督办 — are not: nobody outside the station reads them.
 */
const WORDS_OF: { [K in CommandType]?: (c: Extract<Command, { type: K }>) => string | undefined } = {
  add_info: (c) => c.text,
  reopen: (c) => c.reason,
  withdraw: (c) => c.reason,
  confirm: (c) => c.comment,
  reply: (c) => c.text,
  resolve: (c) => c.text,
  hold: (c) => c.reason,
  refer: (c) => c.reason,
  transfer_decline: (c) => c.reason,
}

/**
 * The event of a command that carries its actor's words to the other side — its first event the other side reads
 * — or undefined when the command carries none (no words written, and no photo or voice note sent with them).
 */
export const wordsEvent = <E extends Pick<TimelineEvent, 'internal'>>(cmd: Command, events: readonly E[], withMedia = false): E | undefined => {
  const words = WORDS_OF[cmd.type] as ((c: Command) => string | undefined) | undefined
  if (!words || !(words(cmd)?.trim() || withMedia)) return undefined
  return events.find((e) => !e.internal)
}

/** What a check reads of such an event: the message as written, or the timeline words its reader reads (a reason, a rating). */
export const eventText = (e: Pick<TimelineEvent, 'text' | 'message'>): string => e.message ?? e.text

/**
 * Content security (D24, ADR 0019) as pure rules: how long text is cut into the parts one check takes, which
 * verdict of several wins, and the words an officer reads. A verdict never decides whether a grievance is
 * taken: the case is stored first and the verdict is only recorded beside it.
 */

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
  return parts.length ? `内容安全提示：${parts.join('；')}` : null
}

/** The note on one photo or voice note judged risky, and on one to be reviewed. */
export const MEDIA_NOTE: Record<Exclude<ContentVerdict, 'pass'>, string> = {
  risky: '疑似含有敏感内容',
  review: '可能含有敏感内容',
}

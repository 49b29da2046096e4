/**
 * One key per company (ADR 0011), so that cases naming one employer in different ways are counted together
 * for 聚集预警 and found by the same suggestions. Values in, values out.
 *
 * The key is the name with the noise taken out: full-width characters made half-width (NFKC), letters
 * lower-cased, spaces and punctuation removed, and the legal form at the end (有限公司, 有限责任公司, 股份有限公司,
 * 公司, Co., Ltd. …) dropped, together with what follows it when that names a branch (…有限公司曹县分公司) and
 * any bracketed tail (（曹县分公司）, （普通合伙）). What stays is the company's own name: 示例纺织.
 *
 * Deliberately not merged: place-name prefixes (山东示例纺织 and 示例纺织 stay two keys — 曹县示例纺织 and 单县示例
 * 纺织 may well be two companies) and 集团 (a group and its subsidiary are separate employers). Merging two
 * employers would raise false alerts about a company; splitting one only delays an alert, and officers can
 * link the cases by hand.
 */

/** Legal forms at the end of a Chinese company name, longest first. */
const LEGAL_FORMS = ['股份有限公司', '有限责任公司', '责任有限公司', '股份公司', '有限公司', '公司'] as const
/** The same for names written in Latin letters, after lower-casing and removing punctuation. */
const LATIN_FORMS = ['companylimited', 'colimited', 'coltd', 'limited', 'ltd', 'inc', 'corp'] as const
/** What a branch's name ends with (…有限公司曹县分公司). */
const BRANCH = /(分公司|分厂|分店|分部|分社|分行|办事处|营业部|经营部|项目部|项目经理部)$/

const BRACKETS: Record<string, string> = { '【': '(', '】': ')', '〔': '(', '〕': ')', '［': '(', '］': ')', '[': '(', ']': ')', '｛': '(', '｝': ')', '{': '(', '}': ')' }

/** Half-width, lower-case, no spaces, one kind of bracket. */
const cleaned = (name: string): string =>
  name
    .normalize('NFKC')
    .replace(/[【】〔〕［］[\]｛｝{}]/g, (b) => BRACKETS[b] ?? b)
    .toLowerCase()
    .replace(/\s+/g, '')

/** Punctuation that does not tell two companies apart. */
const PUNCTUATION = /[·•・.,，、。;；:：'"‘’“”`~!！?？&＆+\-_—–/\\|*#@%^=<>《》「」『』]/g

const withoutBracketTail = (s: string): string => {
  let out = s
  for (;;) {
    const next = out.replace(/\([^()]*\)$/, '')
    if (next === out) return out
    out = next
  }
}

const withoutBranch = (s: string): string => {
  if (!BRANCH.test(s)) return s
  // The branch's own name follows the company's legal form: keep the company up to its legal form.
  for (const form of LEGAL_FORMS) {
    const at = s.indexOf(form)
    if (at > 0 && at + form.length < s.length) return s.slice(0, at + form.length)
  }
  // No legal form before it (示例纺织曹县分公司): only the branch word goes.
  return s.replace(/分公司$/, '')
}

const withoutLegalForm = (s: string): string => {
  // The longest form it ends with; a name that is nothing but a legal form stays as it is.
  const form = [...LEGAL_FORMS, ...LATIN_FORMS].find((f) => s.endsWith(f))
  return form && s.length > form.length ? s.slice(0, -form.length) : s
}

/** The company's key: the same for every way of writing one company's name; never empty for a non-blank name. */
export const employerKey = (name: string): string => {
  const base = cleaned(name)
  const core = withoutLegalForm(withoutBranch(withoutBracketTail(base)).replace(PUNCTUATION, '')).replace(PUNCTUATION, '')
  return core || base.replace(PUNCTUATION, '') || base
}

/**
 * The key a typed beginning of a name should match the start of (suggestions): like `employerKey`, and a
 * legal form only partly typed (示例纺织有限, 示例纺织有限责) or a bracket left open (示例纺织（曹) is dropped too,
 * so the suggestion stays while the worker keeps typing. Empty when nothing usable was typed.
 */
export const employerPrefixKey = (typed: string): string => {
  const base = cleaned(typed).replace(/\([^()]*$/, '')
  let key = employerKey(base)
  if (!base.replace(PUNCTUATION, '')) return ''
  for (const form of LEGAL_FORMS) {
    for (let n = form.length - 1; n >= 1; n--) {
      const part = form.slice(0, n)
      if (key.length > part.length && key.endsWith(part)) {
        key = key.slice(0, -part.length)
        return key
      }
    }
  }
  return key
}

/**
 * The enterprise an enterprise station is run with, from the station's name: its bracketed tail and the
 * word 驿站 (职工驿站, 劳动关系服务驿站 …) dropped. 「示例纺织有限公司驿站（曹县，示例）」 → 「示例纺织有限公司」.
 */
export const enterpriseNameOf = (stationName: string): string => {
  let s = stationName.trim()
  for (;;) {
    const next = s.replace(/\s*[（(][^（）()]*[）)]\s*$/, '')
    if (next === s) break
    s = next
  }
  s = s.replace(/(劳动关系服务驿站|劳动关系驿站|职工服务驿站|职工驿站|企业驿站|服务驿站|驿站)$/, '').trim()
  return s || stationName.trim()
}

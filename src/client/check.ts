import type { Contract, InputOf } from '../../types/contract'

/** Whether a message is written for people (the contracts' own words are Chinese; zod's defaults are English). */
const inWords = (s: string) => /[\u4e00-\u9fa5]/.test(s)

export type Checked = { ok: true } | { ok: false; message: string; field?: string }

/**
 * Checks an action's input with its own contract before sending (the same schema the server uses), and
 * says the first problem in words. Zod's English defaults give way to `fallback`.
 */
export function checkInput<C extends Contract>(contract: C, input: InputOf<C>, fallback = '请检查填写的内容'): Checked {
  const r = contract.input.safeParse(input)
  if (r.success) return { ok: true }
  const issue = r.error.issues[0]
  return { ok: false, message: issue && inWords(issue.message) ? issue.message : fallback, field: issue?.path.map(String).join('.') }
}

export interface Issue {
  path: readonly PropertyKey[]
  message: string
}

/**
 * For a form with a message under each field: every refused field with its first message, in the contract's
 * own words or else the field's `fallback`. `keyOf` names the form field an issue's path belongs to (or none).
 */
export function fieldErrors<K extends string>(
  issues: ReadonlyArray<Issue>,
  fallback: Record<K, string>,
  keyOf: (path: readonly PropertyKey[]) => K | undefined,
): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {}
  for (const issue of issues) {
    const k = keyOf(issue.path)
    if (k && !out[k]) out[k] = inWords(issue.message) ? issue.message : fallback[k]
  }
  return out
}

import type { Contract, InputOf } from '../../types/contract'
import type { Result } from '../../types/errors'
import { checkInput } from '../client/check'
import { confirm, toast } from '../ui'

/**
 * The steps of a change a person is asked to confirm (移除成员, 关闭预警, 调整上级, 暂停服务): its input checked with its
 * own contract first — the refusal shown in the form, in the contract's words or else `empty` — then the question.
 * True when the change is to be sent; the form's last refusal is cleared before the question.
 */
export async function checkedAndConfirmed<C extends Contract>(
  contract: C,
  input: InputOf<C>,
  empty: string,
  setError: (message: string | undefined) => void,
  question: Parameters<typeof confirm>[0],
): Promise<boolean> {
  const checked = checkInput(contract, input, empty)
  if (!checked.ok) {
    setError(checked.message)
    return false
  }
  setError(undefined)
  return confirm(question)
}

/** After such a change was sent: a refusal is shown in the form and said at once (true); an answer, nothing (false). */
export function refused<T>(res: Result<T>, setError: (message: string) => void): res is Extract<Result<T>, { ok: false }> {
  if (res.ok) return false
  setError(res.error.message)
  toast(res.error.message)
  return true
}

import type { Contract, InputOf } from '../../types/contract'
import { useCaseActions } from '../client/case-action'
import { checkInput } from '../client/check'
import { confirm, toast } from '../ui'

export interface SendHow {
  /** Said after success. */
  done: string
  /** Asked first (actions that cannot be undone); 再想想 sends nothing. */
  confirm?: { title: string; content: string; confirmText: string }
  /**
   * Sent from the action's open form: the form shows what the check refused (else a toast says it) and what
   * the server refused (a toast says that too).
   */
  inline: boolean
  /** Where the page shows this action's message; undefined clears it, as every send that passes the check does. */
  setError: (message?: string) => void
  /** After success. */
  after?: () => void
}

/**
 * One action on the case the person is looking at, the same for workers and officers: check with the
 * contract → confirm → send → say it is done. The detail reloads after success and after CASE_CONFLICT
 * (someone else acted first: the person looks again and retries). One action at a time.
 */
export function useSendCaseAction(reload: () => Promise<void>) {
  const actions = useCaseActions(reload)

  async function send<C extends Contract>(key: string, contract: C, input: InputOf<C>, how: SendHow): Promise<void> {
    if (actions.busy) return
    const checked = checkInput(contract, input)
    if (!checked.ok) {
      if (how.inline) how.setError(checked.message)
      else toast(checked.message)
      return
    }
    how.setError(undefined)
    if (how.confirm && !(await confirm({ ...how.confirm, cancelText: '再想想' }))) return
    const res = await actions.run(key, contract, input)
    if (!res) return
    if (res.ok) {
      toast(how.done, 'success')
      how.after?.()
      return
    }
    if (how.inline) how.setError(res.error.message)
    toast(res.error.message)
  }

  return { busy: actions.busy, send }
}

import { useCallback, useRef, useState } from 'react'
import type { Contract, InputOf, OutputOf } from '../../types/contract'
import type { Result } from '../../types/errors'
import { call } from './cloud'

export interface CaseActions {
  /** The key of the action being sent, if any (one at a time). */
  busy?: string
  /**
   * Sends one action on the case the person is looking at. After success, and after CASE_CONFLICT (someone
   * else acted first, D25), the detail is reloaded so the next try carries the new version. Null when another
   * action is still on its way.
   */
  run<C extends Contract>(key: string, contract: C, input: InputOf<C>): Promise<Result<OutputOf<C>> | null>
}

export function useCaseActions(reload: () => Promise<void>): CaseActions {
  const [busy, setBusy] = useState<string>()
  const sending = useRef(false)
  const run = useCallback(
    async <C extends Contract>(key: string, contract: C, input: InputOf<C>): Promise<Result<OutputOf<C>> | null> => {
      if (sending.current) return null
      sending.current = true
      setBusy(key)
      try {
        const res = await call(contract, input)
        if (res.ok || res.error.code === 'CASE_CONFLICT') await reload()
        return res
      } finally {
        sending.current = false
        setBusy(undefined)
      }
    },
    [reload],
  )
  return { busy, run }
}

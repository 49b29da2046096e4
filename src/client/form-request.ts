import { useMemo, useRef } from 'react'
import { newRequestId } from './cloud'

export interface FormRequest {
  /**
   * The request id for sending this input: the same id as long as the filled form is the same (a retry after
   * a lost reply cannot create a second record), a new one once the person changed something.
   */
  idFor(input: unknown): string
  /** After success: the next fill of the form is a new request. */
  done(): void
}

/** One request id per filled form, for idempotent creates (`call(contract, input, { requestId })`). */
export function useFormRequest(): FormRequest {
  const last = useRef<{ key: string; id: string }>()
  return useMemo(
    () => ({
      idFor(input: unknown) {
        const key = JSON.stringify(input)
        if (!last.current || last.current.key !== key) last.current = { key, id: newRequestId() }
        return last.current.id
      },
      done() {
        last.current = undefined
      },
    }),
    [],
  )
}

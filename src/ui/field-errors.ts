import { useState } from 'react'
import { toast } from './feedback'

export interface FieldErrors<K extends string> {
  /** The message under each field that has one. */
  errors: Partial<Record<K, string>>
  /** Shows exactly these messages (none: clears them all), and the first one as a toast too. */
  show: (next: Partial<Record<K, string>>) => void
  /** The person changed field `k`: its message goes. */
  clear: (k: K) => void
  /** The onChange of field `k`: sets its value with `set` and clears its message. */
  onChange: <V>(k: K, set: (value: V) => void) => (value: V) => void
}

/** A form's messages under its fields. `onEdit` runs on every change too (e.g. to clear a message for the whole form). */
export function useFieldErrors<K extends string>(onEdit?: () => void): FieldErrors<K> {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({})
  const show = (next: Partial<Record<K, string>>) => {
    setErrors(next)
    const first = Object.values<string | undefined>(next).find(Boolean)
    if (first) toast(first)
  }
  const clear = (k: K) => {
    setErrors((e) => (e[k] ? { ...e, [k]: undefined } : e))
    onEdit?.()
  }
  function onChange<V>(k: K, set: (value: V) => void) {
    return (value: V) => {
      set(value)
      clear(k)
    }
  }
  return { errors, show, clear, onChange }
}

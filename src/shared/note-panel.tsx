import type { ReactNode } from 'react'
import type { TextLimits } from '../client/limits'
import { Field, Panel } from '../ui'
import type { PanelProps } from '../ui/Panel'

export interface NotePanelProps extends Omit<PanelProps, 'children'> {
  /** The text's label (it is then required); without one the title says what to write. */
  label?: string
  /** The contract's limits for the text: its maxlength and word count (the hint says them in words). */
  limit: TextLimits
  value: string
  /** Each change (the page clears its error with it). */
  onChange: (value: string) => void
  placeholder: string
  /** Test and style hook on the text field. */
  fieldClassName: string
  /** What goes with the text, above it (a choice). */
  before?: ReactNode
}

/**
 * One action that asks for a few sentences — a reason, a decision, what was done: the inline panel with its
 * title, hint and buttons around one text field that counts its words against the contract's limit.
 */
export function NotePanel({ label, limit, value, onChange, placeholder, fieldClassName, before, ...panel }: NotePanelProps) {
  return (
    <Panel {...panel}>
      {before}
      <Field type='textarea' label={label} required={!!label} value={value} onChange={onChange} maxlength={limit.max} showWordLimit placeholder={placeholder} className={fieldClassName} />
    </Panel>
  )
}

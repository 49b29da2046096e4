export interface FieldProps {
  label?: string
  value: string
  onChange: (value: string) => void
  type?: 'text' | 'textarea' | 'number' | 'digit' | 'tel'
  placeholder?: string
  maxlength?: number
  /**
   * One line of text that wraps instead of scrolling sideways, the box as tall as its text (for long values
   * such as an address): line breaks are not kept. Not with `type: 'textarea'`.
   */
  wrap?: boolean
  /** A unit after a one-line input ("元"): shown beside the box, never typed. */
  unit?: string
  /** Shows "n/max" under a textarea. */
  showWordLimit?: boolean
  /** A message shown under the field, in red. */
  error?: string
  required?: boolean
  /** Test and style hook; in H5 it sits on the <input>/<textarea> itself. */
  className?: string
  id?: string
}

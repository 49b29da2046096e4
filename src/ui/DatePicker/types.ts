export interface DatePickerProps {
  /** 'date': YYYY-MM-DD; 'time': HH:mm. Empty when nothing is chosen yet. */
  mode?: 'date' | 'time'
  value: string
  onChange: (value: string) => void
  /** What the box says before anything is chosen. */
  placeholder: string
  /** Earliest and latest choice (same format as `value`). */
  start?: string
  end?: string
  /** Test and style hook; in H5 it sits on the <input> itself. */
  className?: string
  /** Read by screen readers in H5. */
  label: string
}

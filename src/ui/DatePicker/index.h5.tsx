import type { DatePickerProps } from './types'
import './index.scss'

export type { DatePickerProps }

/**
 * The browser's own date or time input (a picker on phones), with the placeholder's words beside it: an
 * empty date input shows the browser's format, not what the box is for.
 */
export default function DatePicker(props: DatePickerProps) {
  return (
    <label className={`ui-date-picker ui-date-picker--h5 ${props.value ? '' : 'ui-date-picker--empty'}`}>
      {props.value ? null : <span className='ui-date-picker__words'>{props.placeholder}</span>}
      <input
        type={props.mode === 'time' ? 'time' : 'date'}
        className={`ui-date-picker__input ${props.className ?? ''}`}
        value={props.value}
        min={props.start}
        max={props.end}
        aria-label={props.label}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </label>
  )
}

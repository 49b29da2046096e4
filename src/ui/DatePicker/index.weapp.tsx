import { Picker, View } from '@tarojs/components'
import type { DatePickerProps } from './types'
import './index.scss'

export type { DatePickerProps }

/** The platform's date or time picker (a sheet from the bottom), opened from a box that shows the choice. */
export default function DatePicker(props: DatePickerProps) {
  return (
    <Picker
      mode={props.mode === 'time' ? 'time' : 'date'}
      value={props.value}
      start={props.start}
      end={props.end}
      className={props.className}
      onChange={(e: { detail: { value: string | number } }) => props.onChange(String(e.detail.value))}
    >
      <View className={`ui-date-picker ${props.value ? '' : 'ui-date-picker--empty'}`}>{props.value || props.placeholder}</View>
    </Picker>
  )
}

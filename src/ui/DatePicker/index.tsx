import { Picker, Text, View } from '@tarojs/components'
import './index.scss'

export interface DatePickerProps {
  label: string
  /** 'YYYY-MM-DD'. */
  value: string
  onChange: (value: string) => void
  /** The latest date that may be picked ('YYYY-MM-DD'). */
  end?: string
  className?: string
}

const WEEKDAY = ['周日', '周一', '周二', '周三', '周四', '周五', '周六']

/** '11月25日 周三' for a 'YYYY-MM-DD' date (a calendar date: no time zone involved). */
const words = (ymd: string) => {
  const [y, m, d] = ymd.split('-').map(Number)
  if (!y || !m || !d) return ymd
  return `${m}月${d}日 ${WEEKDAY[new Date(Date.UTC(y, m - 1, d)).getUTCDay()]}`
}

/** A date, as a row with its label; a tap opens the system's date picker (the same component in both builds). */
export default function DatePicker(props: DatePickerProps) {
  return (
    <Picker mode='date' value={props.value} end={props.end} onChange={(e) => props.onChange(String(e.detail.value))}>
      <View className={`ui-date-picker ${props.className ?? ''}`}>
        <Text className='ui-date-picker__label'>{props.label}</Text>
        <Text className='ui-date-picker__value'>{words(props.value)} ›</Text>
      </View>
    </Picker>
  )
}

import { Text, View } from '@tarojs/components'
import './index.scss'

export interface RadioCardOption<V extends string> {
  value: V
  title: string
  /** One sentence under the title. */
  desc?: string
  /** A further line set apart under the sentence (e.g. what to read out to someone). */
  note?: string
  badge?: string
}

export interface RadioCardsProps<V extends string> {
  options: RadioCardOption<V>[]
  value: V | undefined
  onChange: (value: V) => void
  /** Each card gets the class `<classPrefix>-<value>` (a stable hook for tests). */
  classPrefix: string
  /** Two cards per row for short options. */
  columns?: 1 | 2
  error?: string
}

/** Choice cards, the same in both builds (plain views: big touch targets, a sentence under each). */
export default function RadioCards<V extends string>(props: RadioCardsProps<V>) {
  return (
    <View className={`ui-radio-cards ${props.columns === 2 ? 'ui-radio-cards--2' : ''}`}>
      {props.options.map((o) => {
        const on = o.value === props.value
        return (
          <View
            key={o.value}
            className={`ui-radio-card ${props.classPrefix}-${o.value} ${on ? 'ui-radio-card--on is-selected' : ''}`}
            onClick={() => props.onChange(o.value)}
          >
            <View className='ui-radio-card__head'>
              <View className={`ui-radio-card__dot ${on ? 'ui-radio-card__dot--on' : ''}`} />
              <Text className='ui-radio-card__title'>{o.title}</Text>
              {o.badge ? <Text className='ui-radio-card__badge'>{o.badge}</Text> : null}
            </View>
            {o.desc ? <View className='ui-radio-card__desc'>{o.desc}</View> : null}
            {o.note ? <View className='ui-radio-card__note'>{o.note}</View> : null}
          </View>
        )
      })}
      {props.error ? <View className='ui-radio-cards__error'>{props.error}</View> : null}
    </View>
  )
}

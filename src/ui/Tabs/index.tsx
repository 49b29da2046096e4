import { Text, View } from '@tarojs/components'
import './index.scss'

export interface TabItem<K extends string> {
  key: K
  label: string
  /** A number, or words for one (「99+」). */
  count?: number | string
}

export interface TabsProps<K extends string> {
  items: TabItem<K>[]
  active: K
  onChange: (key: K) => void
  /** Many tabs: lay them out in rows (four a row, three in 长辈模式) instead of one row that scrolls sideways. */
  wrap?: boolean
}

/** Plain views in both builds: van-tabs needs van-tab children linked by relations, which adds risk for no gain here. */
export default function Tabs<K extends string>(props: TabsProps<K>) {
  return (
    <View className={`ui-tabs ${props.wrap ? 'ui-tabs--wrap' : ''}`}>
      {props.items.map((t) => (
        <View
          key={t.key}
          className={`ui-tabs__item tab-${t.key} ${t.key === props.active ? 'ui-tabs__item--active' : ''}`}
          onClick={() => props.onChange(t.key)}
        >
          <Text className='ui-tabs__label'>{t.label}</Text>
          {t.count !== undefined ? <Text className='ui-tabs__count'>{t.count}</Text> : null}
        </View>
      ))}
    </View>
  )
}

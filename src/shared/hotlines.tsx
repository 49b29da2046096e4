import { Text, View } from '@tarojs/components'
import type { Hotline } from '../../types/domain'
import { HOTLINES } from '../../types/hotlines'
import { callPhone } from '../device/nav'

/** Shown when the station sends none (e.g. before one is chosen), under their short names. */
export const DEFAULT_HOTLINES: Hotline[] = HOTLINES.map((h) => ({ number: h.number, name: h.short }))

export function HotlineStrip(props: { hotlines?: Hotline[] }) {
  const list = props.hotlines && props.hotlines.length ? props.hotlines : DEFAULT_HOTLINES
  return (
    <View className='hotlines'>
      <View className='hotlines__title'>着急可以直接打电话（点一下就能拨）</View>
      <View className='hotlines__list'>
        {list.map((h) => (
          <View key={h.number} className={`hotline hotline-${h.number}`} onClick={() => callPhone(h.number)}>
            <Text className='hotline__number'>{h.number}</Text>
            <Text className='hotline__name'>{h.name}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

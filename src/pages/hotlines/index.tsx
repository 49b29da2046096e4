import { Text, View } from '@tarojs/components'
import { callPhone, go, ROUTES } from '../../device/nav'
import { Button } from '../../ui'
import { HOTLINES, HOTLINE_WHEN } from '../../../types/hotlines'
import { Screen } from '../../shared/screen'
import './index.scss'

/** The hotline guide: what 12333, 12351, 12348 and 12345 are each for, which to call first, a tap to call. */
export default function Hotlines() {
  return (
    <Screen className='hotline-guide'>
      <View className='hotline-guide__intro'>这四个电话都是免费的公共服务热线。拿不准打哪个，先打 12333，或者到驿站当面说。</View>

      <View className='section-title'>先打哪一个</View>
      <View className='card hotline-when'>
        {HOTLINE_WHEN.map((w) => (
          <View key={w.call} className={`hotline-when__row hotline-when-${w.call}`} onClick={() => callPhone(w.call)}>
            <Text className='hotline-when__case'>{w.when}</Text>
            <Text className='hotline-when__call'>{w.call}</Text>
          </View>
        ))}
      </View>

      <View className='section-title'>每个电话管什么</View>
      {HOTLINES.map((h) => (
        <View key={h.number} className={`card hotline-card hotline-card-${h.number}`}>
          <View className='hotline-card__top'>
            <Text className='hotline-card__number'>{h.number}</Text>
            <Text className='hotline-card__name'>{h.short}</Text>
          </View>
          <View className='hotline-card__who'>{h.who}</View>
          <View className='hotline-card__for'>
            {h.for.map((f) => (
              <View key={f} className='hotline-card__item'>
                <Text className='hotline-card__mark'>•</Text>
                <Text className='hotline-card__text'>{f}</Text>
              </View>
            ))}
          </View>
          <Button block className={`call-${h.number}`} onClick={() => callPhone(h.number)}>
            拨打 {h.number}
          </Button>
        </View>
      ))}

      <View className='hotline-guide__urgent'>人身安全受到威胁时，请立即拨打 110。</View>
      <View className='hotline-guide__more' onClick={() => go(ROUTES.notices)}>
        看看政策
      </View>
    </Screen>
  )
}

import { Text, View } from '@tarojs/components'
import type { Category } from '../../types/domain'
import { go, ROUTES } from '../device/nav'
import { useCategories } from './categories'
import './notices.scss'

/**
 * 「你的权利」: one or two plain sentences for the category, and the notice behind them, on the case form once a
 * category is picked and on the case page. Its words and link are data the city admin keeps.
 */
export function RightsCard(props: { category?: Category }) {
  const items = useCategories()
  const rights = props.category ? items.find((c) => c.category === props.category)?.rights : null
  if (!rights) return null
  const noticeId = rights.noticeId
  return (
    <View className={`rights-card rights-card-${props.category}`}>
      <Text className='rights-card__title'>你的权利</Text>
      <View className='rights-card__text'>{rights.text}</View>
      {noticeId ? (
        <View className='rights-card__link' onClick={() => go(ROUTES.notice, { id: noticeId })}>
          看看政策怎么说 ›
        </View>
      ) : null}
    </View>
  )
}

import { Text, View } from '@tarojs/components'
import './rating-bits.scss'

/** Stars as a person reads them: ★★★★☆ and the words beside (4 星, or 数据不足 with no stars drawn). */
export function StarLine({ stars, label, small }: { stars: number | null; label: string; small?: boolean }) {
  return (
    <View className={`star-line ${small ? 'star-line--small' : ''}`}>
      {stars ? (
        <Text className='star-line__stars' aria-label={label}>
          {'★'.repeat(stars)}
          <Text className='star-line__off'>{'☆'.repeat(5 - stars)}</Text>
        </Text>
      ) : null}
      <Text className='star-line__label'>{label}</Text>
    </View>
  )
}

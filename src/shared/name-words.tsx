import { Text } from '@tarojs/components'

/** Where a station's name may break: before these words (and before a bracket), never inside one. */
const BREAK_BEFORE = /(劳动关系服务驿站|经济开发区|有限公司|便民服务中心|驿站|（)/g

/** A station's name in the pieces a line may break between ("牡丹区" "劳动关系服务驿站"). */
export const nameWords = (name: string): string[] => name.replace(BREAK_BEFORE, '\u0000$1').split('\u0000').filter(Boolean)

/**
 * A long name that wraps only between its words (CJK text otherwise breaks anywhere: "牡丹区劳动关 / 系服务驿站").
 * A piece wider than the line still wraps inside itself rather than run off the screen.
 */
export function NameWords(props: { name: string; className?: string }) {
  return (
    <Text className={props.className}>
      {nameWords(props.name).map((w, i) => (
        <Text key={i} className='name-word'>
          {w}
        </Text>
      ))}
    </Text>
  )
}

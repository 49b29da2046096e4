import { View } from '@tarojs/components'

/** 办结结论 in plain words, line by line, as the server gives it (a resolved or closed case only). */
export function ConclusionCard(props: { conclusion?: { label: string; lines: string[] }; title?: string }) {
  if (!props.conclusion) return null
  return (
    <View className='card case-conclusion'>
      <View className='case-conclusion__title'>{props.title ?? '办结结论'}</View>
      {props.conclusion.lines.map((line, i) => (
        <View key={i} className={i === 0 ? 'case-conclusion__main' : 'case-conclusion__line'}>
          {line}
        </View>
      ))}
    </View>
  )
}

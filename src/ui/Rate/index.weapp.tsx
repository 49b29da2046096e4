import type { RateProps } from './types'

export type { RateProps }

// Props spelled as in WXML (see Button): Taro builds the van-rate template from these attribute names.
export default function Rate(props: RateProps) {
  return (
    <van-rate
      class={props.className}
      value={props.value}
      count={5}
      size='28px'
      gutter='8px'
      color='#ffb400'
      void-color='#c8c9cc'
      readonly={!!props.readonly}
      onChange={(e) => props.onChange?.(Number(e.detail))}
    />
  )
}

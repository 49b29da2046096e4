import type { ButtonProps } from './types'

export type { ButtonProps }

// Props are written out one by one, spelled as in WXML (`class`, kebab-case): Taro builds the van-button
// template from exactly the attribute names it sees in this JSX.
export default function Button(props: ButtonProps) {
  const { type = 'default', size = 'normal' } = props
  return (
    <van-button
      class={props.className}
      id={props.id}
      type={type}
      size={size}
      plain={!!props.plain}
      block={!!props.block || size === 'large'}
      round
      loading={!!props.loading}
      disabled={!!props.disabled}
      custom-class='ui-vbutton'
      onClick={() => {
        if (!props.disabled && !props.loading) props.onClick?.()
      }}
    >
      {props.children}
    </van-button>
  )
}

import type { SwitchProps } from './types'

export type { SwitchProps }

export default function Switch(props: SwitchProps) {
  return (
    <van-switch class={props.className} checked={props.checked} size='26px' onChange={(e) => props.onChange(!!e.detail)} />
  )
}

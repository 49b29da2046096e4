import type { CellGroupProps, CellProps } from './types'

export type { CellGroupProps, CellProps }

export function Cell(props: CellProps) {
  return (
    <van-cell
      class={props.className}
      title={props.title}
      value={props.value ?? ''}
      label={props.label ?? ''}
      is-link={!!props.isLink}
      clickable={!!props.onClick}
      center
      custom-class='ui-vcell'
      onClick={() => props.onClick?.()}
    />
  )
}

export function CellGroup(props: CellGroupProps) {
  return (
    <van-cell-group class={props.className} title={props.title ?? ''} inset>
      {props.children}
    </van-cell-group>
  )
}

import type { TagProps } from './types'

export type { TagProps }

export default function Tag(props: TagProps) {
  return (
    <van-tag class={props.className} type={props.type ?? 'default'} plain={!!props.plain} size='medium' round>
      {props.children}
    </van-tag>
  )
}

import { Text } from '@tarojs/components'
import type { TagProps } from './types'
import './index.scss'

export type { TagProps }

export default function Tag(props: TagProps) {
  return (
    <Text className={`ui-tag ui-tag--${props.type ?? 'default'} ${props.plain ? 'ui-tag--plain' : ''} ${props.className ?? ''}`}>
      {props.children}
    </Text>
  )
}

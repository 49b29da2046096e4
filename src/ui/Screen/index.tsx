import { View } from '@tarojs/components'
import type { ReactNode } from 'react'

export interface ScreenProps {
  children: ReactNode
  className?: string
  /** 长辈模式: larger type everywhere on the page. */
  elder?: boolean
}

/**
 * The root of every page: background, safe padding, and the 长辈模式 class. Pages use the `Screen` of
 * src/shared/screen, which passes the person's 长辈模式 setting in.
 */
export default function Screen(props: ScreenProps) {
  return <View className={`screen ${props.elder ? 'elder' : ''} ${props.className ?? ''}`}>{props.children}</View>
}

import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import { useElderMode } from '../../services/prefs'

export interface ScreenProps {
  children: ReactNode
  className?: string
}

/** The root of every page: background, safe padding, and the 长辈模式 class (larger type everywhere). */
export default function Screen(props: ScreenProps) {
  const elder = useElderMode()
  return <View className={`screen ${elder ? 'elder' : ''} ${props.className ?? ''}`}>{props.children}</View>
}

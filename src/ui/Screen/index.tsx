import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import Feedback from '../Feedback'
import { useFeedbackHost } from '../Feedback/host'

export interface ScreenProps {
  children: ReactNode
  className?: string
  /** 长辈模式: larger type everywhere on the page, its dialogs and toasts too. */
  elder?: boolean
}

/**
 * The root of every page: background, safe padding, the 长辈模式 class, and the host of the page's dialogs
 * and toasts (src/ui/feedback). Pages use the `Screen` of src/shared/screen, which passes the person's
 * 长辈模式 setting in.
 */
export default function Screen(props: ScreenProps) {
  const feedback = useFeedbackHost()
  return (
    <View className={`screen ${props.elder ? 'elder' : ''} ${props.className ?? ''}`}>
      {props.children}
      <Feedback view={feedback} elder={!!props.elder} />
    </View>
  )
}

import Taro, { useDidHide, useDidShow } from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { openFeedbackHost, type FeedbackHostHandle, type FeedbackView } from '../feedback'

/**
 * The page's host for dialogs and toasts (src/ui/feedback): open while the page lives, the one on screen
 * while the page shows. Used once per page, by its root (Screen).
 */
export function useFeedbackHost(): FeedbackView {
  const [view, setView] = useState<FeedbackView>({})
  const handle = useRef<FeedbackHostHandle>()
  useEffect(() => {
    const path = Taro.getCurrentInstance().router?.path ?? ''
    const h = openFeedbackHost(path, setView)
    handle.current = h
    return () => {
      handle.current = undefined
      h.close()
    }
  }, [])
  useDidShow(() => handle.current?.show())
  useDidHide(() => handle.current?.hide())
  return view
}

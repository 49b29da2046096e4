import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useRef } from 'react'

/** Pull-down on the page reads it again (what is shown stays meanwhile), then the spinner closes. */
export function usePullToReload(reload: () => Promise<void>): void {
  usePullDownRefresh(async () => {
    await reload()
    Taro.stopPullDownRefresh()
  })
}

/** Calls `fn` each time the page shows again (coming back to it), not when it first shows: it has just loaded then. */
export function useShownAgain(fn: () => void): void {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) fn()
    shown.current = true
  })
}

/** A page that is one paged list (usePaged): read again when shown again and on pull-down, the next page at the bottom. */
export function useListPage(list: { reload: () => Promise<void>; loadMore: () => Promise<void> }): void {
  useShownAgain(() => void list.reload())
  usePullToReload(list.reload)
  useReachBottom(() => void list.loadMore())
}

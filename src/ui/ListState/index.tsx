import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import Button from '../Button'
import Empty, { type EmptyProps } from '../Empty'
import Loading from '../Loading'
import Skeleton from '../Skeleton'
import './index.scss'

/** A way out of a page that cannot show what it was opened for ("回到我的诉求"). */
export interface BackAction {
  text: string
  onClick: () => void
}

export interface ErrorStateProps {
  message: string
  /** 重试; absent where trying again cannot help (then `back` is the way on). */
  onRetry?: () => void
  back?: BackAction
}

/** A load that failed: a picture, the server's message (Chinese, says what to do), 重试 and the way back. */
export function ErrorState(props: ErrorStateProps) {
  return (
    <View className='ui-error-state'>
      <View className='ui-error-state__icon' />
      <View className='ui-error-state__text'>{props.message}</View>
      <View className='ui-error-state__action'>
        {props.onRetry ? (
          <Button type='primary' className='retry' onClick={props.onRetry}>
            重试
          </Button>
        ) : null}
        {props.back ? (
          <Button type={props.onRetry ? 'default' : 'primary'} className='go-back' onClick={props.back.onClick}>
            {props.back.text}
          </Button>
        ) : null}
      </View>
    </View>
  )
}

export interface LoadStateProps {
  /** A load not answered yet, or refused (a useQuery result). */
  query: { status: 'idle' | 'loading' | 'ok' | 'error'; error?: { message: string }; reload: () => Promise<void> }
  /** Skeleton blocks while it loads. */
  rows?: number
  /** Said, with 重试, when there is nothing to load: the page was opened without what it needs. */
  missing?: string
  /** Offered beside 重试 on an error: the way back to where the page is reached from. */
  back?: BackAction
}

/** What stands in for a page's (or a part's) data before it arrives: a skeleton, or the error with 重试. */
export function LoadState(props: LoadStateProps) {
  const q = props.query
  if (q.status === 'error' || (q.status === 'idle' && props.missing !== undefined)) {
    return <ErrorState message={q.error?.message ?? props.missing ?? ''} onRetry={() => void q.reload()} back={props.back} />
  }
  return <Skeleton rows={props.rows ?? 3} />
}

export interface ListStateProps {
  status: 'idle' | 'loading' | 'ok' | 'error'
  error?: { message: string }
  isEmpty: boolean
  empty: EmptyProps
  onRetry: () => void
  /** Skeleton blocks while the first page loads. */
  rows?: number
  /** Paged lists only: without onLoadMore there is no footer. */
  hasMore?: boolean
  loadingMore?: boolean
  moreError?: { message: string }
  onLoadMore?: () => void
  children?: ReactNode
}

/** Every list's four states: loading skeleton, error with 重试, empty with the next step, rows. */
export default function ListState(props: ListStateProps) {
  if (props.isEmpty) {
    if (props.status === 'loading' || props.status === 'idle') return <Skeleton rows={props.rows ?? 3} />
    if (props.status === 'error') return <ErrorState message={props.error?.message ?? ''} onRetry={props.onRetry} />
    return <Empty {...props.empty} />
  }
  return (
    <View className='ui-list'>
      {props.status === 'error' ? (
        <View className='ui-list__banner' onClick={props.onRetry}>
          {props.error?.message} · 点这里重试
        </View>
      ) : null}
      {props.children}
      {props.onLoadMore ? (
        <View className='ui-list__footer'>
          {props.loadingMore ? (
          <Loading text='正在加载更多…' />
        ) : props.moreError ? (
          <View className='ui-list__more-error'>
            <View>{props.moreError.message}</View>
            <Button size='small' onClick={() => props.onLoadMore?.()}>
              重试
            </Button>
          </View>
        ) : props.hasMore ? (
          <Button size='small' plain onClick={() => props.onLoadMore?.()}>
            加载更多
          </Button>
        ) : (
          <View className='ui-list__end'>没有更多了</View>
          )}
        </View>
      ) : null}
    </View>
  )
}

export interface PagedListStateProps {
  /** A paged load (a usePaged result). */
  list: {
    status: ListStateProps['status']
    error?: { message: string }
    items: readonly unknown[]
    hasMore: boolean
    loadingMore: boolean
    moreError?: { message: string }
    reload: () => Promise<void>
    loadMore: () => Promise<void>
  }
  empty: EmptyProps
  rows?: number
  children?: ReactNode
}

/** ListState for a paged list: its four states, 重试 and 加载更多 wired to the list. */
export function PagedListState(props: PagedListStateProps) {
  const list = props.list
  return (
    <ListState
      status={list.status}
      error={list.error}
      isEmpty={!list.items.length}
      empty={props.empty}
      rows={props.rows}
      onRetry={() => void list.reload()}
      hasMore={list.hasMore}
      loadingMore={list.loadingMore}
      moreError={list.moreError}
      onLoadMore={() => void list.loadMore()}
    >
      {props.children}
    </ListState>
  )
}

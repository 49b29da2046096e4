import { View } from '@tarojs/components'
import type { ReactNode } from 'react'
import Button from '../Button'
import Empty, { type EmptyProps } from '../Empty'
import Loading from '../Loading'
import Skeleton from '../Skeleton'
import './index.scss'

export interface ErrorStateProps {
  message: string
  onRetry: () => void
}

/** A load that failed: the server's message (Chinese, says what to do) and 重试. */
export function ErrorState(props: ErrorStateProps) {
  return (
    <View className='ui-error-state'>
      <View className='ui-error-state__icon'>!</View>
      <View className='ui-error-state__text'>{props.message}</View>
      <View className='ui-error-state__action'>
        <Button type='primary' className='retry' onClick={props.onRetry}>
          重试
        </Button>
      </View>
    </View>
  )
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

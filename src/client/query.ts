import { useCallback, useEffect, useRef, useState } from 'react'
import type { Contract, InputOf, OutputOf } from '../../types/contract'
import type { AppErrorShape } from '../../types/errors'
import { call } from './cloud'

/**
 * Load state for a page: one call, reloadable. `input === null` means "not ready to ask yet" (e.g. no
 * station chosen). Answers to an older input are dropped, so a fast tap on another tab never shows stale rows.
 */
export interface QueryState<T> {
  status: 'idle' | 'loading' | 'ok' | 'error'
  data?: T
  error?: AppErrorShape
  /** Reloads and keeps the current data visible meanwhile (pull-to-refresh). */
  reload: () => Promise<void>
}

export function useQuery<C extends Contract>(contract: C, input: InputOf<C> | null): QueryState<OutputOf<C>> {
  const key = input === null ? null : JSON.stringify(input)
  const [state, setState] = useState<Omit<QueryState<OutputOf<C>>, 'reload'>>({ status: key ? 'loading' : 'idle' })
  const seq = useRef(0)

  const run = useCallback(
    async (keepData: boolean) => {
      const mine = ++seq.current
      if (key === null) {
        setState({ status: 'idle' })
        return
      }
      setState((s) => ({ status: 'loading', data: keepData ? s.data : undefined }))
      const res = await call(contract, JSON.parse(key) as InputOf<C>)
      if (mine !== seq.current) return
      setState(res.ok ? { status: 'ok', data: res.data } : { status: 'error', error: res.error })
    },
    [contract, key],
  )

  useEffect(() => {
    void run(false)
  }, [run])

  const reload = useCallback(() => run(true), [run])
  return { ...state, reload }
}

type ItemOf<C> = OutputOf<C> extends { items: Array<infer T> } ? T : never
type PagedInput<C> = Omit<InputOf<C>, 'after'>

export interface PagedState<C extends Contract> {
  status: 'idle' | 'loading' | 'ok' | 'error'
  items: ItemOf<C>[]
  /** The latest page as returned (for extras such as inbox counts). */
  last?: OutputOf<C>
  error?: AppErrorShape
  hasMore: boolean
  loadingMore: boolean
  /** A failed "load more"; the rows already shown stay. */
  moreError?: AppErrorShape
  reload: () => Promise<void>
  loadMore: () => Promise<void>
}

/** Keyset-paginated lists (`{ items, next }`): first page, pull-to-refresh, next page on reach bottom. */
export function usePaged<C extends Contract>(contract: C, input: PagedInput<C> | null): PagedState<C> {
  const key = input === null ? null : JSON.stringify(input)
  type S = Omit<PagedState<C>, 'reload' | 'loadMore'> & { next?: string }
  const [state, setState] = useState<S>({ status: key ? 'loading' : 'idle', items: [], hasMore: false, loadingMore: false })
  const seq = useRef(0)
  const busyMore = useRef(false)

  const first = useCallback(
    async (keep: boolean) => {
      const mine = ++seq.current
      busyMore.current = false
      if (key === null) {
        setState({ status: 'idle', items: [], hasMore: false, loadingMore: false })
        return
      }
      setState((s) => (keep ? { ...s, status: 'loading', loadingMore: false } : { status: 'loading', items: [], hasMore: false, loadingMore: false }))
      const res = await call(contract, JSON.parse(key) as InputOf<C>)
      if (mine !== seq.current) return
      if (!res.ok) {
        setState((s) => ({ ...s, status: 'error', error: res.error, loadingMore: false }))
        return
      }
      const page = res.data as OutputOf<C> & { items: ItemOf<C>[]; next?: string }
      setState({ status: 'ok', items: page.items, last: page, next: page.next, hasMore: !!page.next, loadingMore: false })
    },
    [contract, key],
  )

  useEffect(() => {
    void first(false)
  }, [first])

  const stateRef = useRef(state)
  stateRef.current = state

  const loadMore = useCallback(async () => {
    const s = stateRef.current
    if (key === null || busyMore.current || s.status !== 'ok' || !s.next) return
    busyMore.current = true
    const mine = seq.current
    setState((p) => ({ ...p, loadingMore: true, moreError: undefined }))
    const res = await call(contract, { ...(JSON.parse(key) as object), after: s.next } as InputOf<C>)
    busyMore.current = false
    if (mine !== seq.current) return
    if (!res.ok) {
      setState((p) => ({ ...p, loadingMore: false, moreError: res.error }))
      return
    }
    const page = res.data as OutputOf<C> & { items: ItemOf<C>[]; next?: string }
    setState((p) => ({ ...p, items: [...p.items, ...page.items], last: page, next: page.next, hasMore: !!page.next, loadingMore: false }))
  }, [contract, key])

  const reload = useCallback(() => first(true), [first])
  return { ...state, reload, loadMore }
}

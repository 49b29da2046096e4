import { useEffect, useState } from 'react'
import { listCategories, type CategoryOption } from '../../types/contracts/settings'
import { Category, CATEGORY_INFO } from '../../types/domain'
import { call } from '../client/cloud'

/**
 * The case categories as the city admin keeps them (names, explanations, enabled, rights cards), read once
 * and kept for a few minutes for every page that asks. Until the first answer (or without a connection) the
 * built-in list stands in: every category, no rights cards; the server still refuses a disabled one.
 */
const BUILT_IN: CategoryOption[] = Category.options.map((c) => ({ category: c, name: CATEGORY_INFO[c].label, hint: CATEGORY_INFO[c].hint, enabled: true, rights: null }))
const FRESH_MS = 5 * 60_000

let kept: { at: number; items: CategoryOption[] } | undefined
let asking: Promise<CategoryOption[] | undefined> | undefined

const ask = () => {
  asking ??= call(listCategories, {}).then((res) => {
    asking = undefined
    if (!res.ok) return undefined
    kept = { at: Date.now(), items: res.data.items }
    return res.data.items
  })
  return asking
}

export function useCategories(): CategoryOption[] {
  const [items, setItems] = useState<CategoryOption[]>(kept?.items ?? BUILT_IN)
  useEffect(() => {
    if (kept && Date.now() - kept.at < FRESH_MS) return
    let live = true
    void ask().then((fresh) => {
      if (live && fresh) setItems(fresh)
    })
    return () => {
      live = false
    }
  }, [])
  return items
}

/** The cards the case form offers: enabled categories only, in their order. */
export const categoryCards = (items: CategoryOption[]) => items.filter((c) => c.enabled).map((c) => ({ value: c.category, title: c.name, desc: c.hint }))

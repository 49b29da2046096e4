import { useEffect, useState } from 'react'
import { listCategories, type CategoryOption } from '../../types/contracts/settings'
import { Category, CATEGORY_INFO } from '../../types/domain'
import { call } from '../client/cloud'

/**
 * The case categories as the city admin keeps them (names, explanations, enabled, rights cards), read once
 * and kept for a few minutes for every page that asks. Until the first answer (or without a connection) the
 * built-in list stands in: every category, no rights cards; the server still refuses a disabled one.
 */
const BUILT_IN: CategoryOption[] = Category.options.map((c) => ({ category: c, name: CATEGORY_INFO[c].label, hint: CATEGORY_INFO[c].hint, enabled: true, rights: null, acceptPromise: '' }))
const FRESH_MS = 5 * 60_000

/** The categories, and the promise of the slowest one offered ('' until the server has answered). */
export interface CategoryCatalogue {
  items: CategoryOption[]
  latestAcceptPromise: string
}

let kept: { at: number; catalogue: CategoryCatalogue } | undefined
let asking: Promise<CategoryCatalogue | undefined> | undefined

const ask = () => {
  asking ??= call(listCategories, {}).then((res) => {
    asking = undefined
    if (!res.ok) return undefined
    kept = { at: Date.now(), catalogue: res.data }
    return res.data
  })
  return asking
}

export function useCategoryCatalogue(): CategoryCatalogue {
  const [catalogue, setCatalogue] = useState<CategoryCatalogue>(kept?.catalogue ?? { items: BUILT_IN, latestAcceptPromise: '' })
  useEffect(() => {
    if (kept && Date.now() - kept.at < FRESH_MS) return
    let live = true
    void ask().then((fresh) => {
      if (live && fresh) setCatalogue(fresh)
    })
    return () => {
      live = false
    }
  }, [])
  return catalogue
}

export const useCategories = (): CategoryOption[] => useCategoryCatalogue().items

/** The cards the case form offers: enabled categories only, in their order. */
export const categoryCards = (items: CategoryOption[]) => items.filter((c) => c.enabled).map((c) => ({ value: c.category, title: c.name, desc: c.hint }))

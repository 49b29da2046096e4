import Taro, { useDidHide } from '@tarojs/taro'
import { useCallback, useEffect, useRef } from 'react'
import { z } from 'zod'
import { ASSISTED_CHANNELS, Category, Privacy } from '../../types/domain'

/**
 * The 反映诉求 form kept on this phone until it is sent (a weak network, the page closed, the app killed):
 * what was typed and the request id it goes with, one draft per station. The same request id is sent on every
 * try, so a retry after a lost reply never files the case twice (D26). An anonymous draft never holds a name
 * or a phone: they are left out on every write and on every read.
 */

const KEY = 'hx.caseDraft.'
/** Typing is written this long after the last change; a switch to 匿名, leaving the page and hiding the app at once. */
const SAVE_AFTER_MS = 500

/** Where the privacy choice starts at every station (D8c): 公开给驿站 is only ever chosen on purpose. */
export const PRIVACY_AT_START: Privacy = 'confidential'

const DraftValues = z.object({
  category: Category.optional(),
  description: z.string().max(5000),
  amount: z.string().max(40),
  workers: z.string().max(40),
  /** 反映的是本单位的问题吗: null while not answered (D8c: only an enterprise station presets it). */
  ownEmployer: z.boolean().nullable(),
  privacy: Privacy,
  /** Whether the person chose the privacy themselves. */
  privacyTouched: z.boolean(),
  projectId: z.string().max(200),
  /** 是哪个单位 (absent in drafts kept before it was asked). */
  employer: z.object({ name: z.string().max(200), unknown: z.boolean(), note: z.string().max(400), uscc: z.string().max(100) }).optional(),
  name: z.string().max(100).optional(),
  phone: z.string().max(100).optional(),
  /** 代为登记 only: how the worker reached the officer (到站 / 电话). */
  intakeChannel: z.enum(ASSISTED_CHANNELS).optional(),
})
export type CaseDraftValues = z.infer<typeof DraftValues>

const Draft = z.object({ requestId: z.string().min(1).max(100), savedAt: z.number(), values: DraftValues })
export type CaseDraft = z.infer<typeof Draft>

const keyOf = (stationId: string) => KEY + stationId

/** The values as they may be kept: no name or phone when 匿名 is chosen. */
function keepable(values: CaseDraftValues): CaseDraftValues {
  if (values.privacy !== 'anonymous') return values
  const rest = { ...values }
  delete rest.name
  delete rest.phone
  return rest
}

/**
 * A kept draft as the form reopens it. Drafts kept before D8c could hold 公开给驿站 that the form had preset
 * (the person never chose it): a privacy not chosen by the person starts where every form starts.
 */
function reopened(values: CaseDraftValues): CaseDraftValues {
  const v = keepable(values)
  return v.privacyTouched ? v : { ...v, privacy: PRIVACY_AT_START }
}

/** The draft kept for this station, if any (one that cannot be read is dropped). */
export function readCaseDraft(stationId: string): CaseDraft | undefined {
  if (!stationId) return undefined
  let raw: unknown
  try {
    raw = Taro.getStorageSync(keyOf(stationId))
  } catch {
    return undefined
  }
  if (raw === '' || raw === null || raw === undefined) return undefined
  const parsed = Draft.safeParse(raw)
  if (!parsed.success) {
    clearCaseDraft(stationId)
    return undefined
  }
  return { ...parsed.data, values: reopened(parsed.data.values) }
}

export function saveCaseDraft(stationId: string, requestId: string, values: CaseDraftValues): void {
  if (!stationId) return
  const draft: CaseDraft = { requestId, savedAt: Date.now(), values: keepable(values) }
  try {
    Taro.setStorageSync(keyOf(stationId), draft)
  } catch {
    // Storage full or unavailable: the form still works, it is only not kept.
  }
}

export function clearCaseDraft(stationId: string): void {
  if (!stationId) return
  try {
    Taro.removeStorageSync(keyOf(stationId))
  } catch {
    // Nothing kept, or storage unavailable: nothing to remove.
  }
}

export interface DraftKeeper {
  /** Writes what is pending now (before sending, so a failed send leaves the draft kept). */
  flush(): void
  /** Removes the draft and keeps nothing more from this form (after success, or 清空重填). */
  discard(): void
}

/**
 * Keeps the form's draft as the person types: `values` null means nothing worth keeping (the draft is
 * removed). Written shortly after the last change, and at once on a switch to 匿名, on leaving the page and
 * when the app is hidden.
 */
export function useCaseDraft(stationId: string, requestId: string, values: CaseDraftValues | null): DraftKeeper {
  const pending = useRef<{ requestId: string; values: CaseDraftValues | null } | null>(null)
  const timer = useRef<ReturnType<typeof setTimeout>>()
  const stopped = useRef(false)
  const lastPrivacy = useRef(values?.privacy)

  const flush = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = undefined
    const p = pending.current
    pending.current = null
    if (!p || stopped.current) return
    if (p.values) saveCaseDraft(stationId, p.requestId, p.values)
    else clearCaseDraft(stationId)
  }, [stationId])

  const key = JSON.stringify([requestId, values])
  useEffect(() => {
    if (stopped.current) return
    pending.current = { requestId, values }
    const toAnonymous = values?.privacy === 'anonymous' && lastPrivacy.current !== 'anonymous'
    lastPrivacy.current = values?.privacy
    if (toAnonymous) return flush()
    if (timer.current) clearTimeout(timer.current)
    timer.current = setTimeout(flush, SAVE_AFTER_MS)
  }, [key, flush]) // `key` stands for requestId and values

  // Leaving the page: what is pending is written, not dropped.
  useEffect(() => flush, [flush])
  useDidHide(flush)

  const discard = useCallback(() => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = undefined
    pending.current = null
    stopped.current = true
    clearCaseDraft(stationId)
  }, [stationId])

  return { flush, discard }
}

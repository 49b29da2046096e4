import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import type { StationKind } from '../../types/domain'

/** Small things remembered on this phone. Nothing here is trusted by the server. */

const LAST_STATION = 'hx.lastStation'
const ELDER = 'hx.elderMode'
const INBOX_STATION = 'hx.inboxStation'
export const ELDER_EVENT = 'hx:elder'

export interface LastStation {
  code: string
  id?: string
  name?: string
  kind?: StationKind
}

function read<T>(key: string): T | undefined {
  try {
    const v = Taro.getStorageSync(key)
    return v === '' || v === null ? undefined : (v as T)
  } catch {
    return undefined
  }
}

function write(key: string, value: unknown): void {
  try {
    Taro.setStorageSync(key, value)
  } catch {
    // Storage full or unavailable: remembering is a convenience, never a failure.
  }
}

export const getLastStation = (): LastStation | undefined => {
  const v = read<LastStation>(LAST_STATION)
  return v && typeof v.code === 'string' && v.code ? v : undefined
}
export const setLastStation = (s: LastStation): void => write(LAST_STATION, s)

/** The station an officer last worked as in the inbox, and whether they looked at 全辖区 there. */
export interface InboxStationPref {
  stationId: string
  subtree: boolean
}
export const getInboxStation = (): InboxStationPref | undefined => {
  const v = read<InboxStationPref>(INBOX_STATION)
  return v && typeof v.stationId === 'string' && v.stationId ? { stationId: v.stationId, subtree: v.subtree === true } : undefined
}
export const setInboxStation = (p: InboxStationPref): void => write(INBOX_STATION, p)

export const getElderMode = (): boolean => read<boolean>(ELDER) === true
export const setElderMode = (on: boolean): void => {
  write(ELDER, on)
  Taro.eventCenter.trigger(ELDER_EVENT, on)
}

/**
 * H5 draws its tab bar (and Taro's dialogs and toasts, where a page hosts none) outside every page: a class on
 * the document lets 长辈模式 reach them too (app.scss). Pages draw their own dialogs and toasts, and the
 * mini-program its own tab bar (src/custom-tab-bar), which follow 长辈模式 themselves (ADR 0036).
 */
const markDocument = (on: boolean) => {
  if (process.env.TARO_ENV === 'h5' && typeof document !== 'undefined') document.documentElement.classList.toggle('hx-elder', on)
}

/** 长辈模式 for the page root: follows the switch immediately and re-reads when a page shows again. */
export function useElderMode(): boolean {
  const [on, setOn] = useState(getElderMode)
  useEffect(() => markDocument(on), [on])
  useEffect(() => {
    const onChange = (v: boolean) => setOn(v)
    Taro.eventCenter.on(ELDER_EVENT, onChange)
    return () => {
      Taro.eventCenter.off(ELDER_EVENT, onChange)
    }
  }, [])
  useDidShow(() => setOn(getElderMode()))
  return on
}

const EXPORT_CURSORS = 'hx.exportCursors'
/** The provincial export's last cursor per station on this phone (the province keeps its own; this fills the box). */
export const getExportCursor = (stationId: string): string | undefined => read<Record<string, string>>(EXPORT_CURSORS)?.[stationId]
export const setExportCursor = (stationId: string, cursor: string): void => write(EXPORT_CURSORS, { ...(read<Record<string, string>>(EXPORT_CURSORS) ?? {}), [stationId]: cursor })

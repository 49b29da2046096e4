import Taro from '@tarojs/taro'

/**
 * Dialogs and toasts, drawn by the page itself (ADR 0036): every page's root (Screen) hosts them, so they
 * take the page's 长辈模式 sizes in both builds. The host of the page on screen shows them; when no page with a
 * host is on screen (a page without Screen, or before the first one shows), Taro's own modal and toast do,
 * so nothing is ever lost. Button texts ≤ 4 characters.
 */

export interface ConfirmOptions {
  title: string
  content: string
  confirmText?: string
  cancelText?: string
}

/** A dialog waiting for its answer. `answer` settles it once; later calls do nothing. */
export interface DialogRequest {
  id: number
  title: string
  content: string
  confirmText: string
  cancelText: string
  answer: (yes: boolean) => void
}

export interface ToastRequest {
  id: number
  title: string
  icon: 'success' | 'none'
}

/** What one host draws now. */
export interface FeedbackView {
  dialog?: DialogRequest
  toast?: ToastRequest
}

/** What the app shell (the mini-program's tab bar) follows: the page on screen, and whether a dialog blocks it. */
export interface FeedbackScene {
  path?: string
  blocked: boolean
}

const TOAST_MS = 2000

interface Host {
  path: string
  shown: boolean
  dialogs: DialogRequest[]
  draw: (v: FeedbackView) => void
}

/** Hosts in the order their pages last showed: the last one, if it shows, is the page on screen. */
const hosts: Host[] = []
const watchers = new Set<(s: FeedbackScene) => void>()
let live: (ToastRequest & { until: number }) | undefined
let seq = 0

const current = (): Host | undefined => {
  const last = hosts[hosts.length - 1]
  return last?.shown ? last : undefined
}

const scene = (): FeedbackScene => {
  const c = current()
  return { path: c?.path, blocked: !!c?.dialogs.length }
}

function redraw() {
  const c = current()
  for (const h of hosts) h.draw({ dialog: h.dialogs[0], toast: h === c ? live : undefined })
  const s = scene()
  watchers.forEach((w) => w(s))
}

/**
 * A toast still running when its page went away (saved, then back to the list) moves to the next page that
 * shows; if none with a host shows, Taro's toast carries the rest of it.
 */
function handOffSoon() {
  setTimeout(() => {
    if (!live || current()) return
    const rest = live.until - Date.now()
    const t = live
    live = undefined
    if (rest > 300) void Taro.showToast({ title: t.title, icon: t.icon, duration: rest })
  }, 120)
}

export interface FeedbackHostHandle {
  show(): void
  hide(): void
  close(): void
}

/** For the page root: registers the page's host; `draw` is called with what it shows. */
export function openFeedbackHost(path: string, draw: (v: FeedbackView) => void): FeedbackHostHandle {
  const host: Host = { path: path.split('?')[0]!.replace(/^\/?/, '/'), shown: true, dialogs: [], draw }
  hosts.push(host)
  redraw()
  return {
    show() {
      const i = hosts.indexOf(host)
      if (i < 0) return
      hosts.splice(i, 1)
      hosts.push(host)
      host.shown = true
      redraw()
    },
    // A hidden page keeps its open dialog (the phone went to another app and comes back to it).
    hide() {
      host.shown = false
      redraw()
      handOffSoon()
    },
    // A page that goes away answers its open dialogs with 取消.
    close() {
      const i = hosts.indexOf(host)
      if (i < 0) return
      hosts.splice(i, 1)
      host.dialogs.slice().forEach((d) => d.answer(false))
      redraw()
      handOffSoon()
    },
  }
}

/** For the tab bar: called now and whenever the page on screen or its dialog changes. */
export function watchFeedback(watcher: (s: FeedbackScene) => void): () => void {
  watchers.add(watcher)
  watcher(scene())
  return () => {
    watchers.delete(watcher)
  }
}

async function nativeConfirm(opts: ConfirmOptions): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: opts.cancelText ?? '取消',
      confirmColor: '#07c160',
    })
    return !!res.confirm
  } catch {
    return false
  }
}

/** Confirm before something that matters: true once 确定 is tapped, false on 取消 (or when the page goes away). */
export function confirm(opts: ConfirmOptions): Promise<boolean> {
  const host = current()
  if (!host) return nativeConfirm(opts)
  return new Promise<boolean>((resolve) => {
    let settled = false
    const dialog: DialogRequest = {
      id: ++seq,
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: opts.cancelText ?? '取消',
      answer(yes) {
        if (settled) return
        settled = true
        const i = host.dialogs.indexOf(dialog)
        if (i >= 0) host.dialogs.splice(i, 1)
        redraw()
        resolve(yes)
      },
    }
    // One at a time: a second confirm waits behind the first.
    host.dialogs.push(dialog)
    redraw()
  })
}

/** A short message that goes away by itself. Long text uses no icon (a toast with an icon is a small square). */
export function toast(title: string, icon: 'success' | 'none' = 'none'): void {
  const shown = title.length > 7 ? 'none' : icon
  if (!current()) {
    void Taro.showToast({ title, icon: shown, duration: TOAST_MS })
    return
  }
  const t = { id: ++seq, title, icon: shown, until: Date.now() + TOAST_MS }
  live = t
  setTimeout(() => {
    if (live !== t) return
    live = undefined
    redraw()
  }, TOAST_MS)
  redraw()
}

/** Copies text to the clipboard and says whether that worked. */
export function copyText(data: string, copied: string, failed: string): void {
  Taro.setClipboardData({ data })
    .then(() => toast(copied, 'success'))
    .catch(() => toast(failed))
}

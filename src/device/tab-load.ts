import Taro from '@tarojs/taro'

/**
 * H5 only: a page's code arrives when it is first opened, over the worker's weak signal. Taro's tab bar lights
 * a tab as soon as it is tapped and its router gives up silently when the code does not arrive: the old page
 * stays with the new tab lit. Here the tab bar follows the page that shows (it lights a tab when its page has
 * shown), and a page whose code did not arrive says 「网络不好」 with 重试.
 *
 * The events are the router's own: `__taroRouterChange` when it starts to open a page (the tab bar listens to
 * it), `__afterTaroRouterChange` once a page shows.
 */

type RouterChange = { toLocation?: { path?: string } }

const OVERLAY_ID = 'hx-load-failed'
const pathOf = (url: string | undefined) => (url ?? '').split('?')[0] || ''

/** True for webpack's "Loading chunk … failed" (scripts) and "Loading CSS chunk … failed" (styles). */
export const isChunkLoadError = (e: unknown): boolean => {
  if (!e || typeof e !== 'object') return false
  const { name, message, code } = e as { name?: unknown; message?: unknown; code?: unknown }
  return name === 'ChunkLoadError' || code === 'CSS_CHUNK_LOAD_FAILED' || (typeof message === 'string' && /Loading (CSS )?chunk \S+ failed/.test(message))
}

const isTab = (path: string): boolean => {
  const list = (window as unknown as { __taroAppConfig?: { tabBar?: { list?: Array<{ pagePath: string }> } } }).__taroAppConfig?.tabBar?.list ?? []
  return list.some((t) => pathOf(`/${t.pagePath.replace(/^\//, '')}`) === path)
}

function showFailed(retry: () => void) {
  document.getElementById(OVERLAY_ID)?.remove()
  const box = document.createElement('div')
  box.id = OVERLAY_ID
  box.className = 'hx-load-failed'
  box.setAttribute('role', 'alert')
  const title = document.createElement('div')
  title.className = 'hx-load-failed__title'
  title.textContent = '网络不好'
  const text = document.createElement('div')
  text.className = 'hx-load-failed__text'
  text.textContent = '页面没有打开，请检查网络后点 重试'
  const again = document.createElement('button')
  again.type = 'button'
  again.className = 'hx-load-failed__retry'
  again.textContent = '重试'
  again.onclick = () => {
    box.remove()
    retry()
  }
  const stay = document.createElement('button')
  stay.type = 'button'
  stay.className = 'hx-load-failed__stay'
  stay.textContent = '留在这里'
  stay.onclick = () => box.remove()
  box.append(title, text, again, stay)
  document.body.appendChild(box)
}

/** Installs the watch once, at app start (H5). */
export function watchPageLoads(): void {
  if (process.env.TARO_ENV !== 'h5' || typeof window === 'undefined') return
  const events = Taro.eventCenter
  const pages = Taro.getCurrentPages()
  let shown = pages.length ? pathOf(`/${pages[pages.length - 1]!.route ?? ''}`) : ''
  let opening = ''
  let relighting = false
  // Lights the tab of `path` (none when it is not a tab) through the tab bar's own handler.
  const light = (path: string) => {
    relighting = true
    events.trigger('__taroRouterChange', { toLocation: { path } })
    relighting = false
  }

  events.on('__taroRouterChange', (o: RouterChange) => {
    if (relighting) return
    opening = pathOf(o?.toLocation?.path)
    // The tab bar has just lit the tab being opened: it stays on the page that shows until the new one does.
    if (shown && opening !== shown) setTimeout(() => opening && light(shown), 0)
  })
  events.on('__afterTaroRouterChange', (o: RouterChange) => {
    shown = pathOf(o?.toLocation?.path) || shown
    opening = ''
    document.getElementById(OVERLAY_ID)?.remove()
    light(shown)
  })
  window.addEventListener('unhandledrejection', (e) => {
    if (!isChunkLoadError(e.reason)) return
    e.preventDefault()
    const failed = opening
    opening = ''
    light(shown)
    // A tab opens again in place; another page opens afresh at its address (the page under it stays in history).
    showFailed(() => (failed && isTab(failed) ? void Taro.switchTab({ url: failed }) : window.location.reload()))
  })
}

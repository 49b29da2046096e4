import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Category, CATEGORY_INFO } from '../../../types/domain'
import { answerWx } from '../../support/weapp-wx'

/**
 * Runs the built mini-program (dist/weapp) in miniprogram-simulate. Two shims stand in for the platform:
 *  - `wx`: only what the app touches; `wx.cloud.callFunction` answers through `reply` (a test double of the
 *    cloud function, returning a Result as the real one would);
 *  - `Page`: Taro pages call `Page({...})`, the simulator knows components only, so a page's options become
 *    a component whose attached/ready/detached lifetimes call onLoad+onShow/onReady/onUnload.
 * Use from a test file whose environment is ./support/jsdom-environment.js.
 */
export const WEAPP_ROOT = resolve('dist/weapp')

export interface CloudCall {
  name: string
  data: { op: string; input: unknown; requestId: string }
}
type Reply = (call: CloudCall) => unknown

/**
 * Reads a page makes in the background, whatever the test is about: the case categories (src/shared/categories)
 * that the case form and case pages ask for. They are answered here (the built-in list, every category enabled,
 * no rights cards) and recorded in `backgroundCalls`, so a test of the form's own calls sees only those; a test
 * about them replaces the answer.
 */
export const BACKGROUND_OPS = ['category.list'] as const
export const builtInCategories = () => ({
  ok: true,
  // The default deadline policy's promises (wage arrears are accepted within 4 working hours, the rest within a day).
  data: {
    items: Category.options.map((c) => ({
      category: c,
      name: CATEGORY_INFO[c].label,
      hint: CATEGORY_INFO[c].hint,
      enabled: true,
      rights: null,
      acceptPromise: c === 'wage_arrears' ? '4 个工作小时内受理' : '1 个工作日内受理',
    })),
    latestAcceptPromise: '1 个工作日内受理',
  },
})

export interface Harness {
  calls: CloudCall[]
  /** Calls of BACKGROUND_OPS, answered by `background`. */
  backgroundCalls: CloudCall[]
  background: Record<(typeof BACKGROUND_OPS)[number], Reply>
  storage: Map<string, unknown>
  navigations: Array<{ kind: string; url: string }>
  /** Dialogs shown (the page's own, src/ui/feedback, or Taro.showModal where a page has none). */
  modals: Array<{ title?: string; content?: string }>
  /** Toasts shown, the same two ways. */
  toasts: string[]
  /** Files handed to the platform: downloaded (their URL), opened with the system viewer, previewed as images. */
  files: Array<{ kind: 'download' | 'openDocument' | 'previewImage'; detail: Record<string, unknown> }>
  /** What the stubbed cloud function answers (throw to play a network failure); replace per test. */
  reply: Reply
  /** How dialogs are answered (true = the confirm button, false = cancel), as a person would tap them. */
  confirmModal: boolean
  /** False: dialogs stay open for the test to read and answer itself. */
  answerDialogs: boolean
  /**
   * Loads a page without rendering it (path as for `render`): its scripts run and its templates are compiled, which
   * the first load of a page in a test file does once, and slowly; later loads reuse them.
   */
  prepare(pagePath: string): void
  /** Renders a page (path under dist/weapp, no extension) with a query, attached to a document node. */
  render(pagePath: string, query?: Record<string, string>): SimComponent
  cleanup(): void
  waitFor(check: () => boolean, ms?: number): Promise<void>
}

export interface SimComponent {
  dom: HTMLElement
  /** The component instance (its data) for custom components such as van-field. */
  instance?: { data: Record<string, unknown> }
  querySelector(selector: string): SimComponent | undefined
  querySelectorAll(selector: string): SimComponent[]
  dispatchEvent(name: string, detail?: unknown): void
  attach(parent: HTMLElement): void
  detach(): void
}

interface Simulate {
  load(path: string, opts: { rootPath: string }): string
  render(id: string): SimComponent
  sleep(ms: number): Promise<void>
}

/**
 * Installs the shims and loads the app. The harness is built on `into` when given: an empty object handed out
 * before this runs (setUpWeappHarness in ./page does that).
 */
export function installWeappHarness(into: object = {}): Harness {
  if (!existsSync(join(WEAPP_ROOT, 'app.json'))) {
    throw new Error('dist/weapp is missing: run `npx taro build --type weapp` first (npm test does)')
  }
  const h = Object.assign(into, {
    calls: [] as CloudCall[],
    backgroundCalls: [] as CloudCall[],
    background: { 'category.list': builtInCategories } as Record<(typeof BACKGROUND_OPS)[number], Reply>,
    storage: new Map<string, unknown>(),
    navigations: [] as Array<{ kind: string; url: string }>,
    modals: [] as Array<{ title?: string; content?: string }>,
    toasts: [] as string[],
    files: [] as Harness['files'],
    reply: (() => ({ ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })) as Reply,
    confirmModal: true,
    answerDialogs: true,
  })
  const done = answerWx
  const nav = (kind: string) => (opts: { url: string }) => {
    h.navigations.push({ kind, url: opts.url })
    return done(opts, { errMsg: `${kind}:ok` })
  }
  const g = global as unknown as Record<string, unknown>
  g.wx = {
    cloud: {
      init: () => undefined,
      callFunction: (opts: CloudCall & { success?: (r: unknown) => void; fail?: (e: unknown) => void }) => {
        const call = { name: opts.name, data: opts.data }
        const background = (BACKGROUND_OPS as readonly string[]).includes(call.data.op) ? h.background[call.data.op as (typeof BACKGROUND_OPS)[number]] : undefined
        ;(background ? h.backgroundCalls : h.calls).push(call)
        let result: unknown
        try {
          result = (background ?? h.reply)(call)
        } catch (e) {
          // A reply that throws plays a lost connection.
          opts.fail?.(e)
          return Promise.reject(e)
        }
        return done(opts, { result, errMsg: 'cloud.callFunction:ok' })
      },
    },
    getStorageSync: (k: string) => (h.storage.has(k) ? h.storage.get(k) : ''),
    setStorageSync: (k: string, v: unknown) => void h.storage.set(k, v),
    removeStorageSync: (k: string) => void h.storage.delete(k),
    getSystemInfoSync: () => ({ platform: 'devtools', windowWidth: 375, windowHeight: 667, pixelRatio: 2, SDKVersion: '3.3.4' }),
    getWindowInfo: () => ({ windowWidth: 375, windowHeight: 667, pixelRatio: 2 }),
    getAppBaseInfo: () => ({ SDKVersion: '3.3.4' }),
    getDeviceInfo: () => ({ platform: 'devtools' }),
    stopPullDownRefresh: (o?: object) => done(o, {}),
    showToast: (o: { title: string }) => {
      h.toasts.push(o.title)
      return done(o, {})
    },
    showModal: (o: { title?: string; content?: string }) => {
      h.modals.push({ title: o.title, content: o.content })
      return done(o, { confirm: h.confirmModal, cancel: !h.confirmModal })
    },
    navigateTo: nav('navigateTo'),
    redirectTo: nav('redirectTo'),
    switchTab: nav('switchTab'),
    reLaunch: nav('reLaunch'),
    makePhoneCall: (o: object) => done(o, {}),
    setClipboardData: (o: object) => done(o, {}),
    downloadFile: (o: { url: string }) => {
      h.files.push({ kind: 'download', detail: { url: o.url } })
      return done(o, { tempFilePath: `wxfile://tmp/${h.files.length}`, statusCode: 200 })
    },
    openDocument: (o: Record<string, unknown>) => {
      h.files.push({ kind: 'openDocument', detail: { filePath: o.filePath, fileType: o.fileType, showMenu: o.showMenu } })
      return done(o, {})
    },
    previewImage: (o: Record<string, unknown>) => {
      h.files.push({ kind: 'previewImage', detail: { urls: o.urls, ...(o.current ? { current: o.current } : {}) } })
      return done(o, {})
    },
    nextTick: (fn: () => void) => setTimeout(fn, 0),
  }

  let app: Record<string, unknown> | undefined
  let pageQuery: Record<string, string> = {}
  g.App = (options: Record<string, unknown>) => {
    app = options
  }
  g.getApp = () => app
  g.getCurrentPages = () => []
  g.Page = (options: Record<string, unknown> & { data?: object }) => {
    const methods: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(options)) if (typeof v === 'function') methods[k] = v
    ;(g.Component as (def: object) => void)({
      data: options.data ?? {},
      methods,
      lifetimes: {
        attached(this: { onLoad?: (q: object) => void; onShow?: () => void }) {
          this.onLoad?.({ ...pageQuery })
          this.onShow?.()
        },
        ready(this: { onReady?: () => void }) {
          this.onReady?.()
        },
        detached(this: { onUnload?: () => void }) {
          this.onUnload?.()
        },
      },
    })
  }

  // After the shims: the simulator merges its own wx API under ours and defines Component.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const simulate = require('miniprogram-simulate') as Simulate
  replayComponentDefinitions(g)
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(join(WEAPP_ROOT, 'app.js'))

  const rendered: SimComponent[] = []
  const observers: MutationObserver[] = []
  return Object.assign(h, {
    prepare(pagePath: string) {
      simulate.load(join(WEAPP_ROOT, pagePath), { rootPath: WEAPP_ROOT })
    },
    render(pagePath: string, query: Record<string, string> = {}) {
      pageQuery = query
      const id = simulate.load(join(WEAPP_ROOT, pagePath), { rootPath: WEAPP_ROOT })
      const page = simulate.render(id)
      if (!page) throw new Error(`${pagePath} did not register a component`)
      const wrapper = document.createElement('parent-wrapper')
      observers.push(watchFeedback(h as Harness, page, wrapper))
      page.attach(wrapper)
      rendered.push(page)
      return page
    },
    /** Unloads every rendered page (onUnload), as leaving them would. */
    cleanup() {
      while (observers.length) observers.pop()!.disconnect()
      while (rendered.length) rendered.pop()!.detach()
    },
    // A polling wait: it returns as soon as the page shows; the long limit is for a busy two-core machine.
    async waitFor(check: () => boolean, ms = 15_000) {
      const end = Date.now() + ms
      while (!check()) {
        if (Date.now() > end) throw new Error('timed out waiting for the page')
        await simulate.sleep(20)
      }
    },
  })
}

/**
 * The page's own dialogs and toasts (src/ui/Feedback) are recorded in `modals` and `toasts` as they appear, and
 * each dialog is answered by tapping its button as `confirmModal` says (unless `answerDialogs` is off). Taro
 * gives every new node its own id (data-sid), so a dialog or toast counts once however often the page draws again.
 */
function watchFeedback(h: Harness, page: SimComponent, root: HTMLElement): MutationObserver {
  // The simulator prefixes every class with its component's name ("main--hx-dialog").
  const has = (el: Element, cls: string) => el.className.split(/\s+/).some((c) => c === cls || c.endsWith(`--${cls}`))
  const find = (within: Element, cls: string) => Array.from(within.querySelectorAll('[class]')).filter((el) => has(el, cls))
  const words = (within: Element, cls: string) => find(within, cls)[0]?.textContent ?? ''
  const seen = new Set<string>()
  // Tapped as soon as the simulator can find the button (a busy machine may be seconds behind the DOM); a button
  // still missing after 15 s fails the test out loud instead of leaving the dialog open.
  const answer = (button: string, until = Date.now() + 15_000) =>
    setTimeout(() => {
      const b = page.querySelector(button)
      if (b) b.dispatchEvent('tap')
      else if (Date.now() < until) answer(button, until)
      else throw new Error(`weapp harness: the dialog's ${button} was never there to tap`)
    }, 10)
  const scan = () => {
    for (const el of find(root, 'hx-dialog')) {
      const sid = el.getAttribute('data-sid') ?? ''
      // Counted once it is whole (the simulator may add a subtree in more than one step).
      if (seen.has(sid) || !find(el, 'hx-dialog__confirm').length) continue
      seen.add(sid)
      h.modals.push({ title: words(el, 'hx-dialog__title'), content: words(el, 'hx-dialog__content') })
      if (h.answerDialogs) answer(h.confirmModal ? '.hx-dialog__confirm' : '.hx-dialog__cancel')
    }
    for (const el of find(root, 'hx-toast')) {
      const sid = el.getAttribute('data-sid') ?? ''
      if (seen.has(sid) || !find(el, 'hx-toast__text').length) continue
      seen.add(sid)
      h.toasts.push(words(el, 'hx-toast__text'))
    }
  }
  const observer = new MutationObserver(scan)
  observer.observe(root, { childList: true, subtree: true })
  return observer
}

type Definition = Record<string, unknown> & { relations?: Record<string, object> }

/**
 * The simulator runs a component's js with require() and then deletes it from require.cache so the next
 * load registers it again; jest's module registry ignores that deletion, so a page or vant component would
 * register only on its first load. Record each definition the first time its file runs and hand a fresh
 * copy to Component on later loads (relations are copied too: the simulator rewrites their keys).
 */
function replayComponentDefinitions(g: Record<string, unknown>) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const utils = require('miniprogram-simulate/src/utils') as { runJs: (path: string) => void }
  const realComponent = g.Component as (def: Definition) => void
  const defs = new Map<string, Definition>()
  let running: string | undefined
  const copy = (d: Definition): Definition => ({
    ...d,
    ...(d.relations ? { relations: Object.fromEntries(Object.entries(d.relations).map(([k, v]) => [k, { ...v }])) } : {}),
  })
  g.Component = (def: Definition) => {
    // Taro hands a component made with createComponentConfig (the custom tab bar) `behaviors: {}`; WeChat
    // ignores it, the simulator wants a list.
    if (def.behaviors && !Array.isArray(def.behaviors)) def = { ...def, behaviors: [] }
    if (running && !defs.has(running)) defs.set(running, copy(def))
    realComponent(def)
  }
  utils.runJs = (filePath: string) => {
    running = filePath
    try {
      const known = defs.get(filePath)
      if (known) (g.Component as (d: Definition) => void)(copy(known))
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      else require(filePath)
    } finally {
      running = undefined
    }
  }
}

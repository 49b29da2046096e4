import { restoreWx } from '../../support/weapp-wx'
import { builtInCategories, installWeappHarness, type Harness, type SimComponent } from './weapp-harness'

/**
 * What the weapp page tests share: the harness set up once per test file, and the ways a person reads and
 * touches a rendered page (vant's own buttons and fields, as the platform would).
 */

/** Before each test: what the last one recorded is forgotten, and dialogs are confirmed again. */
export const forgetRecords = (h: Harness) => {
  h.calls.length = 0
  h.backgroundCalls.length = 0
  h.background['category.list'] = builtInCategories
  h.toasts.length = 0
  h.modals.length = 0
  h.navigations.length = 0
  h.files.length = 0
  h.confirmModal = true
  h.answerDialogs = true
}

/**
 * The harness for this test file: installed before its first test, every rendered page unloaded and every
 * `stubWx` put back after each test, `reset` before each; `timeoutMs` is a test's limit (30 s by default), `pages`
 * the pages the file renders, loaded before its first test. The object is handed out now and usable once installed,
 * inside tests and hooks.
 */
export function setUpWeappHarness(reset: (h: Harness) => void = forgetRecords, opts: { timeoutMs?: number; pages?: string[] } = {}) {
  // Page tests wait for rendering: on a busy two-core machine that can take longer than jest's 5 s default.
  jest.setTimeout(opts.timeoutMs ?? 30_000)
  const h = {} as Harness
  beforeAll(() => {
    installWeappHarness(h)
    // The first load of a page in a file is several times slower than the next (its scripts and the whole
    // mini-program's templates are compiled then): done here, it counts against no test's time limits, and the
    // first test of the file waits no longer than any other.
    for (const p of opts.pages ?? []) h.prepare(p)
  })
  // The pages are unloaded, then WeChat's APIs a test answered its own way (stubWx) get the harness's answers back.
  afterEach(() => {
    h.cleanup()
    restoreWx()
  })
  beforeEach(() => reset(h))

  /**
   * Types into a van-field the way the platform does: an input event on vant's inner <input>/<textarea>
   * (the last `.van-field__control`; the first is the slot for a custom control). Done when the page has
   * re-rendered the field with `expected` (React state → Taro setData → van-field).
   */
  const type = async (page: SimComponent, field: string, value: string, expected = value) => {
    const controls = one(page, field).querySelectorAll('.van-field__control')
    controls[controls.length - 1].dispatchEvent('input', { detail: { value } })
    try {
      await h.waitFor(() => fieldValue(page, field) === expected)
    } catch {
      throw new Error(`field ${field} shows ${JSON.stringify(fieldValue(page, field))}, not ${expected}`)
    }
  }
  /** The ops sent so far, in order. */
  const ops = () => h.calls.map((c) => c.data.op)

  return { h, type, ops }
}

export const text = (el: { dom: HTMLElement }) => el.dom.textContent ?? ''
export const one = (root: SimComponent, selector: string): SimComponent => {
  const found = root.querySelector(selector)
  if (!found) throw new Error(`nothing matches ${selector}`)
  return found
}
export const tap = (page: SimComponent, selector: string) => one(page, selector).dispatchEvent('tap')
/** Taps vant's own inner button: van-button emits click, which Taro's template binds to the page. */
export const tapVanButton = (page: SimComponent, selector: string) => one(one(page, selector), '.van-button').dispatchEvent('tap')
export const selected = (page: SimComponent, selector: string) => one(page, selector).dom.className.includes('is-selected')
/** What a van-field shows (its component data). */
export const fieldValue = (page: SimComponent, field: string) => (page.querySelector(field)?.instance?.data as { value?: string } | undefined)?.value

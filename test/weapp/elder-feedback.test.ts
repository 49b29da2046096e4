/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { TABS } from '../../src/device/tabs'
import { one, setUpWeappHarness, tap, text } from './support/page'
import { WEAPP_ROOT, type SimComponent } from './support/weapp-harness'

/**
 * 长辈模式 outside the page's own words (weapp build, ADR 0036): a confirmation is the page's own dialog at the
 * 长辈模式 size, answered by its two buttons (取消 keeps everything, the confirm button acts, and only once); a
 * toast is the page's own too; the mini-program's tab bar shows the four tabs at the 长辈模式 size with the page
 * on screen lit, follows the switch on 我的 at once and takes no touch while a dialog is open. The simulator
 * draws no pixels: what is checked is what the page renders and what its buttons do.
 */
const { h, type } = setUpWeappHarness()

const ELDER = 'hx.elderMode'
const QUERY = { stationId: 'st-CX-0004', code: 'HZ-CX-0004', kind: 'enterprise', channel: 'qr' }
const DRAFT = 'hx.caseDraft.st-CX-0004'
const RESTORED = '已恢复你上次没提交的内容'

// The simulator's own lookup: it knows the class prefix it gives each component.
const dom = (page: SimComponent, selector: string) => page.querySelector(selector)
const classOf = (page: SimComponent, selector: string) => dom(page, selector)?.dom.className ?? ''

afterAll(() => h.storage.delete(ELDER))

it('in 长辈模式 a confirmation is the page’s own large dialog, answered once by its buttons, and a toast is large too', async () => {
  h.storage.set(ELDER, true)
  // A draft to start over: typed once, the page closed and opened again.
  let page = h.render('pages/case-new/index', QUERY)
  await h.waitFor(() => text(page).includes('提交诉求'))
  await type(page, '.field-description', '车间这三个月的加班费一直没有发，问了主管说要等年底。')
  await h.waitFor(() => h.storage.has(DRAFT))
  h.cleanup()
  page = h.render('pages/case-new/index', QUERY)
  await h.waitFor(() => text(page).includes(RESTORED))
  expect(classOf(page, '.screen')).toContain('elder')

  h.answerDialogs = false
  tap(page, '.draft-reset')
  await h.waitFor(() => !!dom(page, '.hx-dialog'))
  // Drawn in the page at the 长辈模式 size, over a mask that takes the page's touches; nothing went to WeChat's modal.
  expect(classOf(page, '.hx-dialog')).toContain('hx-dialog--elder')
  expect(dom(page, '.hx-dialog .hx-dialog__mask')).toBeTruthy()
  expect(text(one(page, '.hx-dialog__title'))).toBe('清空重填？')
  expect(text(one(page, '.hx-dialog__content'))).toBe('已经填写的内容会全部清空，需要从头重新填写。')
  expect([text(one(page, '.hx-dialog__cancel')), text(one(page, '.hx-dialog__confirm'))]).toEqual(['不清空', '清空'])
  expect(h.modals).toEqual([{ title: '清空重填？', content: '已经填写的内容会全部清空，需要从头重新填写。' }])
  // The tab bar, drawn by WeChat outside the page, is masked too and opens nothing.
  const bar = h.render('custom-tab-bar/index')
  await h.waitFor(() => !!dom(bar, '.hx-tabbar__mask'))
  bar.querySelectorAll('.hx-tabbar__item')[0]!.dispatchEvent('tap')

  // 不清空: the dialog closes and the draft stays.
  tap(page, '.hx-dialog__cancel')
  await h.waitFor(() => !dom(page, '.hx-dialog'))
  expect(text(page)).toContain(RESTORED)
  expect(h.storage.has(DRAFT)).toBe(true)
  await h.waitFor(() => !dom(bar, '.hx-tabbar__mask'))
  expect(h.navigations).toEqual([])

  // 清空, tapped twice before the page draws again: the form starts over once.
  tap(page, '.draft-reset')
  await h.waitFor(() => !!dom(page, '.hx-dialog'))
  const ok = one(page, '.hx-dialog__confirm')
  ok.dispatchEvent('tap')
  ok.dispatchEvent('tap')
  await h.waitFor(() => !dom(page, '.hx-dialog') && !text(page).includes(RESTORED))
  expect(h.storage.has(DRAFT)).toBe(false)
  expect(h.modals).toHaveLength(2)

  // A toast: the page's own, at the 长辈模式 size.
  h.toasts.length = 0
  one(one(page, '.submit-case'), '.van-button').dispatchEvent('tap')
  await h.waitFor(() => !!dom(page, '.hx-toast'))
  expect(classOf(page, '.hx-toast')).toContain('hx-toast--elder')
  expect(h.toasts).toHaveLength(1)
  expect(text(one(page, '.hx-toast__text'))).toBe(h.toasts[0])
  expect(h.toasts[0]).toMatch(/[\u4e00-\u9fa5]/)
})

it('the mini-program’s tab bar shows the four tabs, lights the page on screen and follows 长辈模式 at once', async () => {
  h.storage.set(ELDER, true)
  const me = h.render('pages/me/index')
  await h.waitFor(() => text(me).includes('长辈模式'))
  const bar = h.render('custom-tab-bar/index')
  await h.waitFor(() => !!dom(bar, '.hx-tabbar__item--on'))
  const items = () => bar.querySelectorAll('.hx-tabbar__item').map((e) => e.dom)
  expect(items().map((e) => e.textContent)).toEqual(['首页', '我的诉求', '政策', '我的'])
  expect(classOf(bar, '.hx-tabbar')).toContain('hx-tabbar--elder')
  expect(items().map((e) => e.className.includes('hx-tabbar__item--on'))).toEqual([false, false, false, true])
  // The icons it names are in the package (the simulator shows no image source).
  for (const t of TABS) for (const icon of [t.iconPath, t.selectedIconPath]) expect(existsSync(join(WEAPP_ROOT, icon))).toBe(true)

  // 长辈模式 off on 我的: the tab bar follows without the page showing again.
  one(one(me, '.elder-switch'), '.van-switch').dispatchEvent('tap')
  await h.waitFor(() => !classOf(bar, '.hx-tabbar').includes('hx-tabbar--elder'))
  expect(h.storage.get(ELDER)).toBe(false)
  expect(classOf(me, '.screen')).not.toContain('elder')

  // A tab opens its page.
  bar.querySelectorAll('.hx-tabbar__item')[2]!.dispatchEvent('tap')
  await h.waitFor(() => h.navigations.length > 0)
  expect(h.navigations).toEqual([{ kind: 'switchTab', url: '/pages/notices/index' }])
})

import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { localPorts } from '../../cloudfunctions/core/adapters/local/ports'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import { seedHeze } from '../../cloudfunctions/core/seed/heze'
import { startLocalHost, type LocalHost } from '../../cloudfunctions/local/server'
import type { Store } from '../../cloudfunctions/core/ports/store'
import { launchChromium } from '../support/browser'

/**
 * The slice in a real browser on the H5 build, through the local host over SQLite: QR scan → file a
 * confidential case → 我的诉求 → the owning station's inbox → case detail; the employer side never sees it;
 * choosing a station without a QR. Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(90_000)

let store: Store
let host: LocalHost
let browser: Browser

beforeAll(async () => {
  store = createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), 'hx-e2e-')), 'e2e.db') })
  const ports = localPorts(store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) } })
  await seedHeze(store, ports.clock.now())
  host = await startLocalHost({ ports, h5Dir: resolve('dist/h5'), port: 0, host: '127.0.0.1', sweepEveryMs: 0, log: () => undefined })
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await host?.close()
  await store?.close()
})

/** A fresh phone-sized browser context per person, signed in through the local sign-in page. */
const personPage = async (openid: string, path: string): Promise<Page> => {
  const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  await page.goto(host.url + path)
  await page.waitForURL(/__dev\/signin/)
  await page.click(`button[data-openid="${openid}"]`)
  await page.waitForURL((u) => !u.pathname.startsWith('/__dev'))
  ;(page as Page & { errors?: string[] }).errors = errors
  return page
}

/** Taro H5 keeps earlier pages of the stack in the DOM, hidden: tests look only at what a person sees. */
const seen = (page: Page, text: string | RegExp, exact = false) => page.getByText(text, { exact }).filter({ visible: true }).first()

const fill = async (page: Page, selector: string, value: string) => {
  const field = page.locator(`${selector} input, ${selector} textarea, input${selector}, textarea${selector}`).first()
  await field.click()
  await field.fill(value)
}

let caseNo = 'not-filed-yet'

it('a worker scans an enterprise QR, files a confidential case and finds it under 我的诉求', async () => {
  const page = await personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0004')
  await seen(page, '你正在').waitFor()
  await seen(page, '示例纺织有限公司驿站（曹县，示例）').waitFor()
  for (const hotline of ['12333', '12351', '12348', '12345']) await seen(page, hotline, true).waitFor()

  await seen(page, '反映诉求', true).click()
  await page.locator('.category-pay').first().click()
  await fill(page, '.field-description', '车间这三个月的加班费一直没有发，问了主管说要等年底。')
  // At an enterprise station the form starts from "about my own employer" and so from 对单位保密.
  await page.locator('.privacy-confidential').first().waitFor()
  await fill(page, '.field-contact-name', '张三')
  await fill(page, '.field-contact-phone', '13800000001')
  await page.locator('.submit-case').first().click()
  // The confirmation names the privacy choice; confirm with the dialog's own button.
  await page.locator('.taro-modal__foot').filter({ visible: true }).getByText('确认提交').click()

  await seen(page, '诉求编号').waitFor()
  caseNo = (await page.locator('.case-no').filter({ visible: true }).first().innerText()).trim()
  expect(caseNo).toMatch(/^CX\d{6}0001$/)
  // Confidential: past the enterprise to the park station.
  await seen(page, '曹县经济开发区驿站（示例）').waitFor()

  await seen(page, '查看我的诉求').click()
  const row = page.locator('.mine-row', { hasText: caseNo }).filter({ visible: true })
  await row.first().waitFor()
  await expect(row.first().innerText()).resolves.toContain('已提交')
  expect((page as Page & { errors?: string[] }).errors).toEqual([])
  await page.context().close()
})

it('the union-side officer of the park station sees it in 待受理 and opens it with the worker’s contact', async () => {
  const page = await personPage('dev-CX-park-liaison', '/officer/inbox/index')
  await seen(page, '待受理').waitFor()
  const row = page.locator('.inbox-row', { hasText: caseNo }).filter({ visible: true })
  await row.first().waitFor()
  await expect(row.first().innerText()).resolves.toContain('对单位保密')
  await row.first().click()
  await seen(page, '13800000001').waitFor()
  await seen(page, '张三').waitFor()
  await page.context().close()
})

it('the employer-side officer of the same station never sees it', async () => {
  const page = await personPage('dev-CX-park-employer', '/officer/inbox/index')
  await seen(page, '待受理').waitFor()
  // Wait for the list to settle, then make sure the case is not there.
  await page.waitForLoadState('networkidle')
  await page.waitForTimeout(300)
  expect(await page.locator('.inbox-row', { hasText: caseNo }).count()).toBe(0)
  expect(await page.content()).not.toContain(caseNo)
  await page.context().close()
})

it('a worker without a QR chooses county → station, or the county station when unsure', async () => {
  const page = await personPage('dev-worker-li', '/pages/choose/index')
  await seen(page, '曹县').waitFor()
  await seen(page, /^曹县/).click()
  await seen(page, '不知道选哪个').click()
  await seen(page, '你正在').waitFor()
  await seen(page, '曹县劳动关系服务驿站').waitFor()
  await page.context().close()
})

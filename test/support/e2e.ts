import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { localPorts, type LocalPorts } from '../../cloudfunctions/local/ports'
import { createSqliteStore } from '../../cloudfunctions/core/adapters/sqlite/store'
import type { Store } from '../../cloudfunctions/core/ports/store'
import { seedHeze } from '../../cloudfunctions/core/seed/heze'
import { startLocalHost, type LocalHost } from '../../cloudfunctions/local/server'
import { launchChromium } from './browser'

export type PersonPage = Page & { errors: string[] }

export interface E2E {
  host: LocalHost
  store: Store
  /** The host's ports (its files are in memory: `stored()` lists them). */
  ports: LocalPorts
  browser: Browser
  /** A fresh phone-sized browser context per person, signed in through the local sign-in page. */
  personPage: (openid: string, path: string) => Promise<PersonPage>
  close: () => Promise<void>
}

/** The local host over a fresh seeded SQLite file, serving the built `dist/h5`, and a Chromium. */
export const startE2E = async (name: string, options: { chromiumArgs?: readonly string[] } = {}): Promise<E2E> => {
  const store = createSqliteStore({ file: join(mkdtempSync(join(tmpdir(), `hx-e2e-${name}-`)), 'e2e.db') })
  const ports = localPorts(store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) }, log: () => undefined })
  await seedHeze(store, ports.clock.now())
  const host = await startLocalHost({ ports, h5Dir: resolve('dist/h5'), port: 0, host: '127.0.0.1', sweepEveryMs: 0, log: () => undefined })
  const browser = await launchChromium(options.chromiumArgs)
  const personPage = async (openid: string, path: string): Promise<PersonPage> => {
    const context = await browser.newContext({ viewport: { width: 375, height: 740 }, locale: 'zh-CN' })
    const page = (await context.newPage()) as PersonPage
    page.errors = []
    page.on('pageerror', (e) => page.errors.push(e.message))
    await page.goto(host.url + path)
    await page.waitForURL(/__dev\/signin/)
    await page.click(`button[data-openid="${openid}"]`)
    await page.waitForURL((u) => !u.pathname.startsWith('/__dev'))
    return page
  }
  return {
    host,
    store,
    ports,
    browser,
    personPage,
    close: async () => {
      await browser.close()
      await host.close()
      await store.close()
    },
  }
}

/** Taro H5 keeps earlier pages of the stack in the DOM, hidden: tests look only at what a person sees. */
export const seen = (page: Page, text: string | RegExp, exact = false) => page.getByText(text, { exact }).filter({ visible: true }).first()
export const visible = (page: Page, selector: string) => page.locator(selector).filter({ visible: true })

/**
 * The local host, store and browser for one test file: started before its first test, closed after its last.
 * The object is handed out now and filled in by then (use it inside tests and hooks).
 */
export const setUpE2E = (name: string, options: { chromiumArgs?: readonly string[] } = {}): E2E => {
  const e2e = {} as E2E
  beforeAll(async () => {
    Object.assign(e2e, await startE2E(name, options))
  })
  afterAll(async () => {
    await e2e.close?.()
  })
  return e2e
}

/** Types into the visible field with this class: the H5 <input>/<textarea> carries it, or sits inside it. */
export const fill = async (page: Page, selector: string, value: string) => {
  const field = visible(page, `${selector} input, ${selector} textarea, input${selector}, textarea${selector}`).first()
  await field.click()
  await field.fill(value)
}

/** The page's own dialog (src/ui/Feedback, ADR 0036): its box (title and words) and its row of buttons. */
export const DIALOG = '.hx-dialog__box'
export const DIALOG_FOOT = '.hx-dialog__foot'

/** Answers the confirm dialog on screen with one of its buttons. */
export const confirmModal = async (page: Page, button: string) => {
  const foot = page.locator(DIALOG_FOOT).filter({ visible: true })
  await foot.getByText(button, { exact: true }).click()
}

/** Waits until no toast is on screen (the page's own, or Taro's where a page has no host), so a screenshot shows the page. */
export const noToast = (page: Page) =>
  page.waitForFunction(() => !document.querySelector('.hx-toast') && Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((e) => e.style.display === 'none'))

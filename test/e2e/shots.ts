import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { visible } from '../support/e2e'

/**
 * Saves the whole page as `<name>.png` under HX_SHOTS (does nothing without it). The page scrolls inside
 * Taro's page element, so the window is made as tall as the page for the shot.
 */
export async function shoot(page: Page, name: string) {
  const dir = process.env.HX_SHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  const size = page.viewportSize()!
  const height = await page.evaluate(() =>
    Math.max(...Array.from(document.querySelectorAll('.taro_page')).map((e) => (e.getBoundingClientRect().height > 0 ? e.scrollHeight : 0))),
  )
  await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) })
  await page.screenshot({ path: join(dir, `${name}.png`) })
  await page.setViewportSize(size)
}

/** Elements under `root` (visible ones) that reach past either edge of the screen: empty when nothing is cut off. */
export const cutOff = (page: Page, root: string) =>
  page.evaluate((sel) => {
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`${sel} *`))) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.height > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) out.push(`${el.className} (${r.left}–${r.right})`)
    }
    return out
  }, root)

/** 长辈模式 on, from 我的, for the rest of this page's session (it is kept on the phone). */
export async function turnOnElderMode(page: Page, host: string) {
  await page.goto(`${host}/pages/me/index`)
  await visible(page, '.elder-switch').first().click()
  await visible(page, '.elder-switch.ui-switch--on').first().waitFor()
}

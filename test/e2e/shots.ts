import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { visible } from '../support/e2e'

/**
 * Saves the whole page as `<name>.png` under HX_SHOTS (does nothing without it). The page scrolls inside
 * Taro's page element, so the window is made as tall as the page for the shot, plus the tab bar below it on a
 * tab page (it takes its own height from the window: without it the page's last lines would sit under it).
 */
export async function shoot(page: Page, name: string) {
  const dir = process.env.HX_SHOTS
  if (!dir) return
  mkdirSync(dir, { recursive: true })
  const size = page.viewportSize()!
  const height = await page.evaluate(() => {
    const pageHeight = Math.max(...Array.from(document.querySelectorAll('.taro_page')).map((e) => (e.getBoundingClientRect().height > 0 ? e.scrollHeight : 0)))
    const tabBar = Array.from(document.querySelectorAll('.weui-tabbar')).find((e) => e.getBoundingClientRect().height > 0)
    return pageHeight + (tabBar ? tabBar.getBoundingClientRect().height : 0)
  })
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

/**
 * What a person cannot read in full on the page shown: the document wider than the screen, anything reaching
 * past its edges, and text cut off sideways inside a box that hides its overflow (an ellipsis, or overflow
 * hidden/clip: its scrollWidth beyond its clientWidth). Excerpts clamped to a few lines on purpose (the whole
 * text is one tap away) are not counted. Empty when all can be read.
 */
export const clipped = (page: Page) =>
  page.evaluate(() => {
    const out: string[] = []
    const doc = document.documentElement
    if (doc.scrollWidth > doc.clientWidth + 1) out.push(`document: scrollWidth ${doc.scrollWidth} > clientWidth ${doc.clientWidth}`)
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).join('.')} «${(el.textContent ?? '').trim().slice(0, 20)}»`
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('body *'))) {
      const r = el.getBoundingClientRect()
      if (r.width === 0 || r.height === 0 || el.closest('[aria-hidden="true"]')) continue
      if (r.right > window.innerWidth + 0.5 || r.left < -0.5) {
        out.push(`${name(el)}: ${Math.round(r.left)}–${Math.round(r.right)} px`)
        continue
      }
      // Text elements: those with text of their own (the page containers around them scroll, they do not cut).
      const ownText = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim())
      if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || !ownText) continue
      const cs = getComputedStyle(el)
      const hides = (v: string) => v === 'hidden' || v === 'clip'
      const ellipsis = cs.textOverflow === 'ellipsis'
      if ((hides(cs.overflowX) || ellipsis) && el.scrollWidth > el.clientWidth + 1) out.push(`${name(el)}: text ${el.scrollWidth} px in ${el.clientWidth} px`)
    }
    return out
  })

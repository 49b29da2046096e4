import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { confirmModal, fill, seen, setUpE2E, visible, type PersonPage } from '../support/e2e'
import { keepPicture, renderPdf } from '../support/pdf'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * Station posters in a real browser on the H5 build, through the local host over SQLite:
 *  a. the 曹县 admin creates a township station, goes on to 打印驿站海报, sees the poster as it prints (its
 *     name, its code), downloads the PDF, and runs the county's batch with the progress bar reaching 100 %;
 *  b. after the station is renamed its poster page lists the change, and 重新生成 makes it with the new name;
 *  c. a street head opens their own station's poster from the inbox (no county batch); a member has no link;
 *  d. the page at 375 px, normal and in 长辈模式, with nothing cut off.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('posters')
const personPage = (openid: string, path: string) => e2e.personPage(openid, path)

const STATION = '青堌集镇驿站'
let stationId = 'not-created-yet'

/** The file a click downloads, as bytes. */
const downloaded = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  const path = await download.path()
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync(path!)) }
}

/** The preview's code image has loaded (a broken image has no natural size). */
const codeShown = (page: Page) =>
  page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.poster-preview__code img, img.poster-preview__code')).some((i) => i.complete && i.naturalWidth > 0))

it('an admin creates a township station, prints its poster and the whole county’s', async () => {
  const page = await personPage('dev-CX-county-head', '/admin/network/index')
  const county = visible(page, '.net-node-HZ-CX-0001').first()
  await county.waitFor()
  await county.locator('.net-manage').click()
  await visible(page, '.net-actions-HZ-CX-0001 .net-act-create').first().click()
  await visible(page, '.station-kind-township').first().click()
  await fill(page, '.field-station-name', STATION)
  await fill(page, '.field-station-address', '青堌集镇政府便民服务中心一楼')
  await fill(page, '.field-station-phone', '0530-1234567')
  await visible(page, '.station-save').first().click()
  await confirmModal(page, '新建')
  await seen(page, `已新建 ${STATION}`).waitFor()
  await seen(page, '打印驿站海报贴出来').waitFor()

  await visible(page, '.created-poster').first().click()
  await page.waitForURL(/\/admin\/posters\/index\?stationId=st-CX-\d{4}/)
  stationId = new URL(page.url()).searchParams.get('stationId') ?? ''
  await visible(page, '.posters-head .station-name').filter({ hasText: STATION }).first().waitFor()
  // The preview is the poster as it prints: the station's name, why to scan, the hotlines, its code.
  const preview = visible(page, '.poster-preview').first()
  await preview.waitFor()
  for (const words of [STATION, '扫码反映诉求 · 参加满意度测评 · 看政策', '12333', '12351', '12348', '12345', '本驿站电话 0530-1234567'])
    await expect(preview.innerText()).resolves.toContain(words)
  await codeShown(page)
  expect(await visible(page, '.posters-stale').count()).toBe(0)
  await shoot(page, 'posters-page')
  expect(await cutOff(page, '.posters')).toEqual([])

  // 下载海报 PDF: the poster itself, with the station's name in it and its code on the page.
  const pdf = await downloaded(page, () => visible(page, '.posters-download').first().click())
  expect(pdf.name).toBe(`${STATION}海报.pdf`)
  const single = await renderPdf(pdf.bytes, { png: true })
  expect(single.pages).toBe(1)
  expect(single.rendered[0]!.text).toContain(STATION)
  expect(single.rendered[0]!.qr).toMatch(new RegExp(`^${e2e.host.url}/pages/index/index\\?scene=HZ-CX-\\d{4}$`))
  keepPicture('posters-downloaded', single.rendered[0]!.png)

  // The county's batch: 曹县's five stations and the new one, with a progress bar to 100 %.
  await seen(page, '曹县全部驿站海报').waitFor()
  await seen(page, '曹县正在服务的 6 个驿站').waitFor()
  await visible(page, '.posters-batch-start').first().click()
  await visible(page, '.posters-batch .ui-progress').first().waitFor()
  await visible(page, '.posters-batch-download').first().waitFor({ timeout: 120_000 })
  await expect(visible(page, '.posters-batch .ui-progress__pct').first().innerText()).resolves.toBe('100%')
  await seen(page, '曹县驿站海报（6 张）.pdf').waitFor()
  await shoot(page, 'posters-batch-done')
  const batch = await downloaded(page, () => visible(page, '.posters-batch-download').first().click())
  expect(batch.name).toBe('曹县驿站海报（6 张）.pdf')
  const all = await renderPdf(batch.bytes, { render: false })
  expect(all.pages).toBe(6)
  expect(all.rendered.some((p) => p.text.includes(STATION))).toBe(true)
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('after a rename the poster says what changed, and 重新生成 makes it with the new name', async () => {
  const page = await personPage('dev-CX-county-head', `/admin/station-edit/index?id=${stationId}`)
  // The form fills in once the station has loaded.
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLInputElement>('input.field-station-phone')).some((i) => i.value !== ''))
  await fill(page, '.field-station-name', '青堌集镇职工服务驿站')
  await visible(page, '.station-save').first().click()
  await page.waitForURL(/\/admin\/network\/index/)

  await page.goto(`${e2e.host.url}/admin/posters/index?stationId=${stationId}`)
  const stale = visible(page, '.posters-stale').first()
  await stale.waitFor()
  await expect(stale.innerText()).resolves.toContain(`驿站名称：${STATION} → 青堌集镇职工服务驿站`)
  // The old poster is not handed out while it is out of date.
  await seen(page, '请先重新生成海报').waitFor()
  await shoot(page, 'posters-stale')
  await visible(page, '.posters-remake').first().click()
  await confirmModal(page, '重新生成')
  await page.waitForFunction(() => !document.querySelector('.posters-stale'))
  await expect(visible(page, '.poster-preview').first().innerText()).resolves.toContain('青堌集镇职工服务驿站')
  const pdf = await downloaded(page, () => visible(page, '.posters-download').first().click())
  expect(pdf.name).toBe('青堌集镇职工服务驿站海报.pdf')
  expect((await renderPdf(pdf.bytes, { render: false })).rendered[0]!.text).toContain('青堌集镇职工服务驿站')
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a street head prints their own station’s poster from the inbox; a member has no link', async () => {
  const head = await personPage('dev-CX-street-head', '/officer/inbox/index')
  await visible(head, '.go-station-poster').first().click()
  await head.waitForURL(/\/admin\/posters\/index\?stationId=st-CX-0002/)
  await visible(head, '.posters-head .station-name').filter({ hasText: '曹城街道驿站（示例）' }).first().waitFor()
  await codeShown(head)
  expect(await visible(head, '.posters-batch').count()).toBe(0)
  const pdf = await downloaded(head, () => visible(head, '.posters-download').first().click())
  expect(pdf.name).toBe('曹城街道驿站（示例）海报.pdf')
  expect(head.errors).toEqual([])
  await head.context().close()

  const rep: PersonPage = await personPage('dev-CX-street-rep', '/officer/inbox/index')
  await visible(rep, '.inbox-one-station').first().waitFor()
  expect(await visible(rep, '.go-station-poster').count()).toBe(0)
  // Opened by hand, the page says why not, with 重试.
  await rep.goto(`${e2e.host.url}/admin/posters/index?stationId=st-CX-0002`)
  await seen(rep, '驿站海报只有驿站负责人和管理员可以下载').waitFor()
  await rep.context().close()
})

it('reads at 375 px in 长辈模式 with nothing cut off', async () => {
  const page = await personPage('dev-CX-county-head', '/pages/me/index')
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/posters/index?stationId=st-CX-0002`)
  await visible(page, '.poster-preview').first().waitFor()
  await codeShown(page)
  await seen(page, '曹县全部驿站海报').waitFor()
  await shoot(page, 'posters-page-elder')
  expect(await cutOff(page, '.posters')).toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

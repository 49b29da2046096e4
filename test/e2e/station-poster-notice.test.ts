import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { confirmModal, DIALOG, fill, seen, setUpE2E, type PersonPage, visible } from '../support/e2e'
import { keepPicture, readQrCode, renderPdf } from '../support/pdf'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * A new station from its creation to a worker reading its news, in a real browser on the H5 build, through
 * the local host over SQLite:
 *  1. the 曹县 admin creates a township station in 驿站网络;
 *  2. makes its poster: the code on the page and the one in the downloaded PDF both read (jsQR) as that
 *     station's entry, the station home with its code;
 *  3. publishes a policy notice to that station from 我的 → 政策宣传;
 *  4. a worker who scans the poster (opens the address its code holds) is at that station, finds the notice
 *     under 看政策, unread, and reads it.
 * The pages are shot at 375 px (HX_SHOTS), normal and in 长辈模式, with nothing cut off.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(240_000)

const e2e = setUpE2E('station-journey')
const ADMIN = 'dev-CX-county-head'
const WORKER = 'dev-worker-zhang'
const STATION = '古营集镇驿站'
const TITLE = '古营集镇驿站开门服务啦'
const BODY_LINE = '驿站在镇便民服务中心一楼，工作日都有人'

/** The file a click downloads, as bytes. */
const downloaded = async (page: Page, click: () => Promise<void>) => {
  const [download] = await Promise.all([page.waitForEvent('download'), click()])
  return { name: download.suggestedFilename(), bytes: new Uint8Array(readFileSync((await download.path())!)) }
}

/** The bytes of the code image the poster preview shows, fetched by the page as it loaded it. */
const previewCode = async (page: Page) => {
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.poster-preview__code img, img.poster-preview__code')).some((i) => i.complete && i.naturalWidth > 0))
  const b64 = await page.evaluate(async () => {
    const img = Array.from(document.querySelectorAll<HTMLImageElement>('.poster-preview__code img, img.poster-preview__code')).find((i) => i.naturalWidth > 0)!
    const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer())
    let s = ''
    for (const b of bytes) s += String.fromCharCode(b)
    return btoa(s)
  })
  return new Uint8Array(Buffer.from(b64, 'base64'))
}

let stationId = ''
let stationCode = ''
let entry = ''

it('an admin creates a township station and makes its poster, whose code leads to the station', async () => {
  const admin = await e2e.personPage(ADMIN, '/admin/network/index')
  const county = visible(admin, '.net-node-HZ-CX-0001').first()
  await county.waitFor()
  await county.locator('.net-manage').click()
  await visible(admin, '.net-actions-HZ-CX-0001 .net-act-create').first().click()
  await visible(admin, '.station-kind-township').first().click()
  await fill(admin, '.field-station-name', STATION)
  await fill(admin, '.field-station-address', '古营集镇便民服务中心一楼')
  await fill(admin, '.field-station-phone', '0530-7654321')
  await visible(admin, '.station-save').first().click()
  await confirmModal(admin, '新建')
  await seen(admin, `已新建 ${STATION}`).waitFor()

  await visible(admin, '.created-poster').first().click()
  await admin.waitForURL(/\/admin\/posters\/index\?stationId=st-CX-\d{4}/)
  stationId = new URL(admin.url()).searchParams.get('stationId')!
  await visible(admin, '.posters-head .station-name').filter({ hasText: STATION }).first().waitFor()
  const head = await visible(admin, '.posters-head').first().innerText()
  stationCode = /HZ-CX-\d{4}/.exec(head)![0]
  entry = `${e2e.host.url}/pages/index/index?scene=${stationCode}`

  // The code as the page shows it, and as the PDF prints it: both are the station's entry.
  await expect(readQrCode(await previewCode(admin))).resolves.toBe(entry)
  const pdf = await downloaded(admin, () => visible(admin, '.posters-download').first().click())
  expect(pdf.name).toBe(`${STATION}海报.pdf`)
  const printed = await renderPdf(pdf.bytes, { png: true })
  expect(printed.pages).toBe(1)
  expect(printed.rendered[0]!.text).toContain(STATION)
  expect(printed.rendered[0]!.qr).toBe(entry)
  keepPicture('journey-poster-pdf', printed.rendered[0]!.png)
  await shoot(admin, 'journey-poster')
  await expect(cutOff(admin, '.posters')).resolves.toEqual([])
  expect(admin.errors).toEqual([])
  await admin.context().close()
})

it('the admin publishes a notice at that station from 政策宣传', async () => {
  const admin = await e2e.personPage(ADMIN, '/pages/me/index')
  await visible(admin, '.go-notices-admin').first().click()
  await admin.waitForURL(/\/officer\/notices\/index/)
  await visible(admin, '.mn-new').first().click()
  await admin.waitForURL(/\/officer\/notice-edit\/index/)
  await visible(admin, '.ne-station__name').getByText('曹县劳动关系服务驿站').waitFor()
  await visible(admin, '.ne-station__change').first().click()
  // The new station is among those below the county.
  await visible(admin, `.pick-station-${stationId}`).first().click()
  await visible(admin, '.ne-station__name').getByText(STATION).waitFor()
  await fill(admin, '.field-notice-title', TITLE)
  await visible(admin, '.notice-category-campaign').first().click()
  await fill(admin, '.field-notice-body', `${BODY_LINE}。\n\n- 工资被拖欠，可以来驿站反映\n- 不想让单位知道，可以选择保密或匿名`)
  await visible(admin, '.ne-preview').getByText('工资被拖欠，可以来驿站反映').waitFor()
  await shoot(admin, 'journey-notice-edit')
  await expect(cutOff(admin, '.notice-edit')).resolves.toEqual([])
  await visible(admin, '.notice-publish').first().click()
  await visible(admin, DIALOG).getByText(new RegExp(`${STATION}和它下级驿站的职工都能在“政策”里看到`)).first().waitFor()
  await confirmModal(admin, '发布')
  await admin.waitForURL(/\/officer\/notices\/index/)
  const row = visible(admin, '.mn-row').filter({ hasText: TITLE }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('已发布')
  expect(admin.errors).toEqual([])
  await admin.context().close()
})

const readsTheNotice = async (worker: PersonPage, shots: string) => {
  // Scanning the poster opens its code's address: the station's home.
  await worker.goto(entry)
  await visible(worker, '.home').getByText(STATION).first().waitFor()
  await visible(worker, '.entry-notices').first().waitFor()
  await shoot(worker, `${shots}-home`)
  await expect(cutOff(worker, '.home')).resolves.toEqual([])
  await visible(worker, '.entry-notices').first().click()
  await worker.waitForURL(/\/pages\/notices\/index/)
  const row = visible(worker, '.notice-row').filter({ hasText: TITLE }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain(STATION)
  await shoot(worker, `${shots}-notices`)
  await expect(cutOff(worker, '.notices')).resolves.toEqual([])
  await row.click()
  await worker.waitForURL(/\/pages\/notice\/index/)
  await visible(worker, '.notice-head__title').getByText(TITLE).waitFor()
  await visible(worker, '.notice-body').getByText(BODY_LINE, { exact: false }).first().waitFor()
  await visible(worker, '.notice-body').getByText('不想让单位知道，可以选择保密或匿名').waitFor()
  await shoot(worker, `${shots}-notice`)
  await expect(cutOff(worker, '.notice-detail')).resolves.toEqual([])
}

it('a worker scanning that station’s poster reads the notice, first marked 未读', async () => {
  const worker = await e2e.personPage(WORKER, '/pages/me/index')
  await worker.goto(entry)
  await visible(worker, '.entry-notices').first().click()
  await worker.waitForURL(/\/pages\/notices\/index/)
  await expect(visible(worker, '.notice-row').filter({ hasText: TITLE }).first().innerText()).resolves.toContain('未读')
  await readsTheNotice(worker, 'journey-worker')
  // Read now.
  await worker.goto(`${e2e.host.url}/pages/notices/index`)
  await expect(visible(worker, '.notice-row').filter({ hasText: TITLE }).first().innerText()).resolves.not.toContain('未读')
  expect(worker.errors).toEqual([])
  await worker.context().close()
})

it('reads the same way at 375 px in 长辈模式, the poster page too', async () => {
  const worker = await e2e.personPage(WORKER, '/pages/me/index')
  await turnOnElderMode(worker, e2e.host.url)
  await readsTheNotice(worker, 'journey-worker-elder')
  await visible(worker, '.screen.elder').first().waitFor()
  expect(worker.errors).toEqual([])
  await worker.context().close()

  const admin = await e2e.personPage(ADMIN, '/pages/me/index')
  await turnOnElderMode(admin, e2e.host.url)
  await admin.goto(`${e2e.host.url}/admin/posters/index?stationId=${stationId}`)
  await visible(admin, '.screen.elder .poster-preview').first().waitFor()
  await expect(readQrCode(await previewCode(admin))).resolves.toBe(entry)
  await shoot(admin, 'journey-poster-elder')
  await expect(cutOff(admin, '.posters')).resolves.toEqual([])
  expect(admin.errors).toEqual([])
  await admin.context().close()
})

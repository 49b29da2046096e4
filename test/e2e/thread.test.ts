import type { Page } from 'playwright-core'
import { fill, seen, setUpE2E, visible } from '../support/e2e'
import { plainJpeg } from '../support/media-fixtures'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * The case conversation in a real browser on the H5 build, through the local host over SQLite: the worker
 * sends a photo with a few words from the case page; the station's officer sees 新消息 on the inbox row, the
 * message and its photo in the thread, opens the photo and replies; the worker sees 有新回复 in 我的诉求,
 * reads the reply, and the mark goes. At 375 px, normally and in 长辈模式, nothing is cut off (with
 * HX_SHOTS=<dir> the pages are saved there as screenshots). Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('thread')
const WORKER = 'dev-worker-zhang'
const HEAD = 'dev-CX-street-head'
const WORDS = '这是这个月的工资条，单位只发了一半'
const REPLY = '收到工资条，我们明天上午去单位核实。'

const api = async (openid: string, fn: string, op: string, input: unknown) => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId: `e2e-thread-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }),
  })
  const body = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: unknown }
  if (!body.ok || !body.data) throw new Error(`${op} failed: ${JSON.stringify(body.error)}`)
  return body.data
}

const uploadsSettled = (page: Page) => page.waitForFunction(() => !document.querySelector('.media-tile--uploading'))
/** Cut-off elements, less the picture inside a photo tile: aspectFill draws it larger and the tile clips it. */
const cutOffBesidesPictures = async (page: Page, root: string) => (await cutOff(page, root)).filter((c) => !c.startsWith('taro-img__mode-aspectfill'))
/** A photo drawn: pictures load lazily, so the tile is brought into view first (below the fold on an officer's page). */
const photoShown = async (page: Page, selector: string) => {
  await page.locator(selector).first().scrollIntoViewIfNeeded()
  await page.waitForFunction((sel) => Array.from(document.querySelectorAll<HTMLImageElement>(`${sel} img`)).some((i) => i.naturalWidth > 0 && i.offsetParent !== null), selector)
}

let caseId = ''
let caseNo = ''

beforeAll(async () => {
  const filed = await api(WORKER, 'worker', 'case.submit', {
    stationId: 'st-CX-0002',
    channel: 'qr',
    category: 'pay',
    description: '饭店两个月的工资一直拖着没发。',
    workersAffected: 1,
    aboutOwnEmployer: false,
    employer: { kind: 'named', name: '县城东关饭店' },
    privacy: 'open',
    contact: { name: '张三', phone: '13800000001' },
  })
  caseId = filed.id as string
  caseNo = filed.caseNo as string
  const detail = await api(HEAD, 'officer', 'case.detail', { id: caseId })
  await api(HEAD, 'officer', 'case.accept', { id: caseId, version: detail.version })
})

it('the worker sends a photo with a few words from the case page', async () => {
  const page = await e2e.personPage(WORKER, `/pages/case/index?id=${caseId}`)
  await seen(page, '和驿站的对话').waitFor()
  await seen(page, '还没有消息').waitFor()
  await visible(page, '.add-media').first().click()
  const chooser = page.waitForEvent('filechooser')
  await visible(page, '.add-photo').first().click()
  await (await chooser).setFiles([{ name: 'pay-slip.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(plainJpeg(640, 480, 80, true)) }])
  await uploadsSettled(page)
  await fill(page, '.field-thread', WORDS)
  await visible(page, '.thread-send-addInfo').first().click()
  await visible(page, '.thread-msg--mine').filter({ hasText: WORDS }).first().waitFor()
  await photoShown(page, '.thread-msg--mine .thread-photo')
  await expect(visible(page, '.thread-msg--mine').first().innerText()).resolves.toContain('我')
  expect(await cutOffBesidesPictures(page, '.case-detail')).toEqual([])
  await shoot(page, 'thread-worker-sent')
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the officer sees 新消息, the message and its photo, opens it and replies', async () => {
  const page = await e2e.personPage(HEAD, '/officer/inbox/index')
  await visible(page, '.tab-active').first().click()
  const row = visible(page, '.inbox-row').filter({ hasText: caseNo }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('新消息')
  await shoot(page, 'thread-inbox-new-message')
  await row.click()
  await seen(page, '与职工的对话').waitFor()
  const theirs = visible(page, '.thread-msg--theirs').filter({ hasText: WORDS }).first()
  await theirs.waitFor()
  await expect(theirs.innerText()).resolves.toContain('职工')
  await photoShown(page, '.thread-msg--theirs .thread-photo')
  await visible(page, '.thread-msg--theirs .thread-photo').first().click()
  await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.photo-viewer img')?.naturalWidth ?? 0) > 0)
  await visible(page, '.photo-viewer').first().click()

  await seen(page, '职工能看到这条回复，并会收到提醒。').waitFor()
  await fill(page, '.field-thread', REPLY)
  await visible(page, '.thread-send-reply').first().click()
  await visible(page, '.thread-msg--mine').filter({ hasText: REPLY }).first().waitFor()
  // Newest at the bottom.
  const texts = await visible(page, '.thread-msg').allInnerTexts()
  expect(texts.findIndex((t) => t.includes(REPLY))).toBeGreaterThan(texts.findIndex((t) => t.includes(WORDS)))
  expect(await cutOffBesidesPictures(page, '.officer-case')).toEqual([])
  await shoot(page, 'thread-officer-replied')

  // Back in the inbox, the case has no 新消息 any more: the station read it.
  await page.goto(`${e2e.host.url}/officer/inbox/index`)
  await visible(page, '.tab-active').first().click()
  const again = visible(page, '.inbox-row').filter({ hasText: caseNo }).first()
  await again.waitFor()
  await expect(again.innerText()).resolves.not.toContain('新消息')
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the worker sees 有新回复 in 我的诉求, reads the reply, and the mark goes; normally and in 长辈模式', async () => {
  const page = await e2e.personPage(WORKER, '/pages/mine/index')
  const row = visible(page, '.mine-row').filter({ hasText: caseNo }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('有新回复')
  await shoot(page, 'thread-mine-new-reply')
  await row.click()
  await visible(page, '.thread-msg--theirs').filter({ hasText: REPLY }).first().waitFor()
  await expect(visible(page, '.thread-msg--theirs').first().innerText()).resolves.toContain('曹城街道驿站')
  await photoShown(page, '.thread-msg--mine .thread-photo')
  expect(await cutOffBesidesPictures(page, '.case-detail')).toEqual([])
  await shoot(page, 'thread-worker-reply')

  await page.goto(`${e2e.host.url}/pages/mine/index`)
  const read = visible(page, '.mine-row').filter({ hasText: caseNo }).first()
  await read.waitFor()
  await expect(read.innerText()).resolves.not.toContain('有新回复')

  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/pages/case/index?id=${caseId}`)
  await visible(page, '.thread-msg--theirs').filter({ hasText: REPLY }).first().waitFor()
  await photoShown(page, '.thread-msg--mine .thread-photo')
  expect(await cutOffBesidesPictures(page, '.case-detail')).toEqual([])
  await shoot(page, 'thread-worker-reply-elder')
  expect(page.errors).toEqual([])
  await page.context().close()
})

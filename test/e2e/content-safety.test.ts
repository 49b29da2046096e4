import type { Page } from 'playwright-core'
import { LOCAL_CHECK_WORDS } from '../../cloudfunctions/local/content-check'
import { checksOf } from '../support/content-checks'
import { MEDIA_LIMITS } from '../../types/contracts/media'
import { markedJpeg } from '../support/content-fixtures'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { plainJpeg } from '../support/media-fixtures'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * Content security (ADR 0019) in a real browser on the H5 build, through the local host and its embedded
 * checker: a worker files a case whose words and one of two photos the checker judges risky, and gets the case
 * number as anyone does. The owning officer's case page shows the plain badge and the risky photo blurred
 * under a veil; a tap asks first, 取消 keeps it blurred, 查看 opens it. The worker's own page shows neither.
 * The worker's message with a risky photo carries its own badge in the officer's thread, its photo blurred
 * (ADR 0032); a reason for withdrawing a case carries its badge on the officer's timeline (ADR 0039); a notice the
 * checker judges risky is published, and its publisher is told and can mend it.
 * Screenshots at 375 px, normally and in 长辈模式, with HX_SHOTS=<dir>. Needs `dist/h5`.
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('content-safety')

const WORKER = 'dev-worker-zhang'
const OWNER = 'dev-CX-street-head'
const PUBLISHER = 'dev-CX-county-head'

/** An operation called from inside the page, as its own code would (the page's cookie names the caller). */
const callFrom = <T>(page: Page, fn: string, op: string, input: unknown) =>
  page.evaluate(
    async ([f, o, i]) => (await fetch(`/api/${f}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ op: o, input: i, requestId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` }) })).json(),
    [fn, op, input] as const,
  ) as Promise<{ ok: boolean; data: T; error?: { code: string; message: string } }>

const uploadFrom = async (page: Page, bytes: Uint8Array, uploadId: string) => {
  expect(bytes.length).toBeLessThan(MEDIA_LIMITS.chunkBytes)
  const r = await callFrom<{ done: true; media: { id: string } }>(page, 'worker', 'media.upload', { uploadId, kind: 'photo', size: bytes.length, index: 0, data: Buffer.from(bytes).toString('base64') })
  expect(r.ok).toBe(true)
  return r.data.media.id
}

/** Cut-off elements, less the picture inside a photo tile: aspectFill draws it larger and the tile clips it. */
const cutOffBesidesTiles = async (page: Page, root: string) => (await cutOff(page, root)).filter((c) => !c.startsWith('taro-img__mode-aspectfill'))

let caseId = ''
let withdrawnId = ''

it('a worker files a case the checker judges risky, and gets the case number as anyone does', async () => {
  const page = await e2e.personPage(WORKER, '/pages/index/index?scene=HZ-CX-0002')
  const plain = await uploadFrom(page, plainJpeg(320, 240), 'e2e-safety-plain')
  const risky = await uploadFrom(page, markedJpeg('risky', 320, 240), 'e2e-safety-risky')
  const filed = await callFrom<{ id: string; caseNo: string }>(page, 'worker', 'case.submit', {
    stationId: 'st-CX-0002',
    channel: 'qr',
    category: 'pay',
    description: `厂里三个月没发工资，老板还威胁说谁反映就开除谁。${LOCAL_CHECK_WORDS.risky[0]}`,
    workersAffected: 3,
    aboutOwnEmployer: true,
    employer: { kind: 'named', name: '曹城示例服装厂' },
    privacy: 'open',
    contact: { name: '张师傅', phone: '13800000001' },
    media: [plain, risky],
  })
  expect(filed.ok).toBe(true)
  expect(filed.data.caseNo).toMatch(/^CX\d{10}$/)
  caseId = filed.data.id
  // The local host pushed the photos' verdicts at the end of that call.
  const rows = await checksOf(e2e.store, caseId)
  expect(rows.map((r) => `${r.subject}:${r.state}:${r.suggest}`).sort()).toEqual(['media:done:pass', 'media:done:risky', 'text:done:risky'])

  // A message in the thread with a photo the checker judges risky (ADR 0032): sent and delivered like any other.
  const another = await uploadFrom(page, markedJpeg('risky', 320, 240), 'e2e-safety-msg')
  const sent = await callFrom<{ version: number }>(page, 'worker', 'case.addInfo', { id: caseId, version: 1, text: `补充：老板又来威胁了。${LOCAL_CHECK_WORDS.risky[0]}`, media: [another] })
  expect(sent.ok).toBe(true)

  // Another case, withdrawn with a reason the checker judges risky (ADR 0039): withdrawn as asked.
  const second = await callFrom<{ id: string }>(page, 'worker', 'case.submit', {
    stationId: 'st-CX-0002',
    channel: 'qr',
    category: 'pay',
    description: '厂里两个月没发工资，想请驿站帮忙问问。',
    workersAffected: 1,
    aboutOwnEmployer: true,
    employer: { kind: 'named', name: '曹城示例服装厂' },
    privacy: 'open',
    contact: { name: '张师傅', phone: '13800000001' },
    media: [],
  })
  expect(second.ok).toBe(true)
  withdrawnId = second.data.id
  const withdrawn = await callFrom(page, 'worker', 'case.withdraw', { id: withdrawnId, version: 1, reason: `老板找我谈话，让我撤回。${LOCAL_CHECK_WORDS.risky[0]}` })
  expect(withdrawn.ok).toBe(true)

  // The worker's own case page: the case as filed, no badge, no veil.
  await page.goto(`${e2e.host.url}/pages/case/index?id=${caseId}`)
  await seen(page, '你提交的照片和录音').waitFor()
  expect(await visible(page, '.case-photo').count()).toBe(2)
  expect(await visible(page, '.case-photo--blurred').count()).toBe(0)
  expect(await visible(page, '.content-notice').count()).toBe(0)
  await seen(page, '补充：老板又来威胁了', false).waitFor()
  expect(await visible(page, '.thread-photo--blurred').count()).toBe(0)
  expect(await page.getByText(/内容安全提示|敏感内容/).filter({ visible: true }).count()).toBe(0)
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the owning officer reads the badge and gets the risky photo blurred until they choose to open it', async () => {
  const page = await e2e.personPage(OWNER, `/officer/case/index?id=${caseId}`)
  await visible(page, '.content-notice').first().waitFor()
  expect(await visible(page, '.content-notice__text').first().textContent()).toBe('内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示')
  await seen(page, '仅供参考').waitFor()
  await visible(page, '.case-photo--blurred').first().waitFor()
  expect(await visible(page, '.case-photo').count()).toBe(2)
  expect(await visible(page, '.case-photo--blurred').count()).toBe(1)
  // Blurred by the page, the picture loaded under its veil.
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.case-photo img')).filter((i) => i.naturalWidth > 0).length === 2)
  const filter = await visible(page, '.case-photo--blurred .media-tile__img').first().evaluate((e) => getComputedStyle(e).filter)
  expect(filter).toMatch(/blur\(/)
  await shoot(page, 'safety-officer-case')
  expect(await cutOffBesidesTiles(page, '.officer-case')).toEqual([])

  // A tap asks first; 取消 keeps it blurred.
  await visible(page, '.case-photo--blurred').first().click()
  await seen(page, '查看这张照片？').waitFor()
  await seen(page, /疑似含有敏感内容（仅供参考）/).waitFor()
  await shoot(page, 'safety-officer-confirm')
  await confirmModal(page, '取消')
  expect(await visible(page, '.case-photo--blurred').count()).toBe(1)
  // 查看 opens it: an ordinary photo now, which opens large like the others.
  await visible(page, '.case-photo--blurred').first().click()
  await confirmModal(page, '查看')
  await page.waitForFunction(() => !document.querySelector('.case-photo--blurred'))
  expect(await visible(page, '.case-photo').count()).toBe(2)
  await visible(page, '.case-photo').nth(1).click()
  await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.photo-viewer img')?.naturalWidth ?? 0) > 0)
  await visible(page, '.photo-viewer').first().click()
  await shoot(page, 'safety-officer-opened')

  // The worker's message carries its own badge, and its risky photo is blurred in the thread until opened.
  await visible(page, '.thread-msg__content-notice').first().waitFor()
  expect(await visible(page, '.thread-msg__content-notice').first().textContent()).toBe('内容安全提示：文字疑似含有敏感内容；1 张照片疑似含有敏感内容，已模糊显示')
  await visible(page, '.thread-photo--blurred').first().scrollIntoViewIfNeeded()
  await shoot(page, 'safety-officer-thread')
  await visible(page, '.thread-photo--blurred').first().click()
  await seen(page, '查看这张照片？').waitFor()
  await confirmModal(page, '查看')
  await page.waitForFunction(() => !document.querySelector('.thread-photo--blurred'))

  // The withdrawn case: the reason stands on its timeline as written, with its badge.
  await page.goto(`${e2e.host.url}/officer/case/index?id=${withdrawnId}`)
  await visible(page, '.timeline__content-notice').first().waitFor()
  expect(await visible(page, '.timeline__content-notice').first().textContent()).toBe('内容安全提示：文字疑似含有敏感内容')
  await seen(page, /职工撤回了诉求：老板找我谈话/).waitFor()
  await shoot(page, 'safety-officer-timeline')
  expect(await cutOff(page, '.officer-case')).toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('in 长辈模式 the badge and the blurred photo fit 375 px', async () => {
  const page = await e2e.personPage(OWNER, '/pages/me/index')
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/officer/case/index?id=${caseId}`)
  await visible(page, '.screen.elder.officer-case').first().waitFor()
  await visible(page, '.case-photo--blurred').first().waitFor()
  await visible(page, '.content-notice').first().waitFor()
  await visible(page, '.thread-msg__content-notice').first().waitFor()
  await shoot(page, 'safety-officer-case-elder')
  expect(await cutOffBesidesTiles(page, '.officer-case')).toEqual([])
  await page.goto(`${e2e.host.url}/officer/case/index?id=${withdrawnId}`)
  await visible(page, '.screen.elder .timeline__content-notice').first().waitFor()
  await shoot(page, 'safety-officer-timeline-elder')
  expect(await cutOff(page, '.officer-case')).toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a notice the checker judges risky is published all the same; its publisher is told after saving and on its page', async () => {
  const page = await e2e.personPage(PUBLISHER, '/officer/notice-edit/index?stationId=st-CX-0001')
  await visible(page, '.ne-station__name').getByText('曹县劳动关系服务驿站').waitFor()
  await fill(page, '.field-notice-title', '欠薪专项治理行动')
  await visible(page, '.notice-category-campaign').first().click()
  await fill(page, '.field-notice-body', `12 月起在建工地集中排查工资发放。${LOCAL_CHECK_WORDS.risky[0]}`)
  await visible(page, '.notice-publish').first().click()
  await confirmModal(page, '发布')
  await seen(page, '已发布，但有内容安全提示').waitFor()
  await seen(page, /内容安全提示：文字疑似含有敏感内容。这是微信内容安全检测的提示/).waitFor()
  await shoot(page, 'safety-notice-saved')
  await confirmModal(page, '去修改')
  await visible(page, '.ne-content-notice').first().waitFor()
  expect(await visible(page, '.ne-content-notice__text').first().textContent()).toBe('内容安全提示：文字疑似含有敏感内容')
  await shoot(page, 'safety-notice-edit')
  expect(await cutOff(page, '.notice-edit')).toEqual([])
  const edit = page.url()
  expect(edit).toMatch(/notice-edit\/index\?id=ntc-/)
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(edit)
  await visible(page, '.screen.elder .ne-content-notice').first().waitFor()
  await shoot(page, 'safety-notice-edit-elder')
  expect(await cutOff(page, '.notice-edit')).toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

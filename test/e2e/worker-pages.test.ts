import type { Page } from 'playwright-core'
import type { Contract, InputOf, OutputOf } from '../../types/contract'
import { openCampaign } from '../../types/contracts/surveys'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import { localPorts } from '../../cloudfunctions/local/ports'
import { WORKER_PAGES } from '../support/app-pages'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { clipped, shoot, turnOnElderMode } from './shots'

/**
 * Every worker page in 长辈模式 at 375 px, in a real browser on the H5 build through the local host, with
 * nothing wider than the screen and no text cut off (`clipped`): the station home, choosing a station, the
 * form, the submitted page, 我的诉求, a case, 政策 and a notice, 我的, the hotlines, 认领诉求, the privacy
 * statement, 欠薪黑名单, 我的数据 and 满意度测评 — and the test fails if a page of the app config's main package
 * (the workers' pages) was not among them. On the way, the words of the walk-through: a confidential case filed at an enterprise station
 * says on the submitted page and on its page why another station handles it; the amount field shows 元 and
 * refuses a silly amount in Chinese; dialogs and toasts are larger too; the last station is remembered.
 * With HX_SHOTS=<dir> every page is saved there. Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(240_000)

const e2e = setUpE2E('worker-pages')
const WORKER = 'dev-worker-li'
const FIRM = 'HZ-CX-0004'

/** The worker pages checked so far (paths, as the app config names them). */
const checked = new Set<string>()

/** The page shows, nothing on it is wider than the screen or cut off, and it is saved as `<name>.png`. */
async function check(page: Page, name: string, root: string) {
  await visible(page, `.screen.elder${root}`).first().waitFor()
  await page.waitForTimeout(200)
  await shoot(page, name)
  expect({ page: name, clipped: await clipped(page) }).toEqual({ page: name, clipped: [] })
  checked.add(new URL(page.url()).pathname)
}

/** An operation straight through the dispatcher on the host's own store (to open a survey campaign quickly). */
let seq = 0
const op = async <C extends Contract>(c: C, openid: string, input: InputOf<C>): Promise<OutputOf<C>> => {
  const ports = localPorts(e2e.store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) }, log: () => undefined })
  const r = await dispatch(c.fn, { op: c.op, input, requestId: `e2e-pages-${String(++seq).padStart(6, '0')}` }, { openid, via: 'local' }, ports)
  if (!r.ok) throw new Error(`${c.op}: ${r.error.code} ${r.error.message}`)
  return r.data as OutputOf<C>
}

it('in 长辈模式 every worker page fits 375 px, and the walk-through words are there', async () => {
  const page = await e2e.personPage(WORKER, '/pages/me/index')
  await turnOnElderMode(page, e2e.host.url)
  await check(page, 'me-elder', '.me')

  // A dialog and a toast are larger in 长辈模式 as well (the page draws them, ADR 0036).
  await page.goto(`${e2e.host.url}/pages/choose/index`)
  await check(page, 'choose-counties-elder', '.choose')
  await visible(page, '.county-card').filter({ hasText: '曹县劳动关系服务驿站' }).first().click()
  await seen(page, '不知道选哪个？选县区驿站').waitFor()
  await check(page, 'choose-stations-elder', '.choose')

  await page.goto(`${e2e.host.url}/pages/index/index?scene=${FIRM}`)
  await seen(page, '你正在').waitFor()
  // 示例 is said once: the name carries it, so no 示例 tag beside it.
  await expect(visible(page, '.station-name').first().innerText()).resolves.toContain('示例')
  expect(await visible(page, '.home-head .demo-tag').count()).toBe(0)
  await check(page, 'home-firm-elder', '.home')

  // The form: 元 beside the amount, a silly amount refused in Chinese at the field.
  await seen(page, '反映诉求', true).click()
  await seen(page, '反映的是本单位的问题吗？').waitFor()
  await visible(page, '.category-wage_arrears').first().click()
  await seen(page, '提交后，驿站会在 4 个工作小时内受理').waitFor()
  await expect(visible(page, '.ui-field__unit').first().innerText()).resolves.toBe('元')
  await fill(page, '.field-description', '工地上干了三个月，包工头一直拖着工资不给，说等甲方结账。')
  await fill(page, '.field-amount', '0')
  await fill(page, '.field-contact-name', '李四')
  await fill(page, '.field-contact-phone', '13800000002')
  await visible(page, '.submit-case').first().click()
  await seen(page, '金额至少 1 元；不清楚可以不填').first().waitFor()
  const toastSize = await page.evaluate(() => {
    const t = Array.from(document.querySelectorAll<HTMLElement>('.hx-toast__text')).find((e) => e.getBoundingClientRect().height > 0)
    return t ? parseFloat(getComputedStyle(t).fontSize) : 0
  })
  expect(toastSize).toBeGreaterThanOrEqual(18)
  await check(page, 'case-new-amount-elder', '.case-new')
  await fill(page, '.field-amount', '12000')
  await visible(page, '.submit-case').first().click()
  await seen(page, '你选择了“对单位保密”').waitFor()
  const modalSize = await page.evaluate(() => {
    const t = Array.from(document.querySelectorAll<HTMLElement>('.hx-dialog__content')).find((e) => e.getBoundingClientRect().height > 0)
    return t ? parseFloat(getComputedStyle(t).fontSize) : 0
  })
  expect(modalSize).toBeGreaterThanOrEqual(18)
  await shoot(page, 'case-new-confirm-elder')
  await confirmModal(page, '确认提交')

  // The submitted page says why the park station handles it, and its buttons do not touch.
  await seen(page, '诉求编号').waitFor()
  const note = '对单位保密的诉求不会交给企业驿站，由 曹县经济开发区驿站（示例） 办理'
  await expect(visible(page, '.route-note').first().innerText()).resolves.toBe(note)
  const gap = await page.evaluate(() => {
    const [a, b] = ['.go-mine', '.go-home'].map((s) => Array.from(document.querySelectorAll(s)).find((e) => e.getBoundingClientRect().height > 0)!.getBoundingClientRect())
    return b!.top - a!.bottom
  })
  expect(gap).toBeGreaterThanOrEqual(8)
  await check(page, 'case-done-elder', '.case-done')

  // 我的诉求 and the case: the deadline names its clock, the page says why the park station has it.
  await visible(page, '.go-mine').first().click()
  await visible(page, '.mine-row').first().waitFor()
  await expect(visible(page, '.mine-row .deadline').first().innerText()).resolves.toMatch(/受理/)
  await check(page, 'mine-elder', '.mine')
  await visible(page, '.mine-row').first().click()
  await visible(page, '.case-route-note').first().waitFor()
  await expect(visible(page, '.case-route-note').first().innerText()).resolves.toBe(note)
  await check(page, 'case-elder', '.case-detail')

  // A case that is not this worker's: a way back, not only 重试.
  await page.goto(`${e2e.host.url}/pages/case/index?id=no-such-case`)
  await visible(page, '.ui-error-state .go-back').first().waitFor()
  await check(page, 'case-missing-elder', '')
  await visible(page, '.ui-error-state .go-back').first().click()
  await visible(page, '.mine-row').first().waitFor()

  for (const [path, name, root, text] of [
    ['/pages/notices/index', 'notices-elder', '.notices', '政策'],
    ['/pages/hotlines/index', 'hotlines-elder', '.hotline-guide', '12333'],
    ['/pages/claim/index', 'claim-elder', '.claim', '认领'],
    ['/pages/privacy/index', 'privacy-elder', '.privacy-page', '我们只收集办理你的诉求需要的信息'],
    ['/pages/blacklist/index', 'pages-blacklist-elder', '.blacklist', '欠薪黑名单'],
    ['/pages/my-data/index', 'pages-my-data-elder', '.my-data', '这里是菏谐驿站保存的关于你的全部信息'],
  ] as const) {
    await page.goto(`${e2e.host.url}${path}`)
    await seen(page, text).waitFor()
    await check(page, name, root)
  }
  await page.goto(`${e2e.host.url}/pages/notices/index`)
  await visible(page, '.notice-row').first().click()
  await visible(page, '.notice-detail').first().waitFor()
  await check(page, 'notice-elder', '.notice-detail')

  // 满意度测评: a campaign running at the firm station, reached from its home page.
  await op(openCampaign, 'dev-CX-firm-union', { stationId: 'st-CX-0004', startsOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10), days: 14, headcount: 30 })
  await page.goto(`${e2e.host.url}/pages/index/index?scene=${FIRM}`)
  await visible(page, '.entry-survey').first().click()
  await seen(page, '大约 2 分钟').waitFor()
  await check(page, 'pages-survey-elder', '.survey')

  // Every worker page of the app config was looked at: a page added later is not missed.
  expect(WORKER_PAGES.filter((p) => !checked.has(p))).toEqual([])

  // The home page without a QR: the station used last, with 换一个驿站.
  await page.goto(`${e2e.host.url}/pages/index/index`)
  await seen(page, '你正在').waitFor()
  await expect(visible(page, '.station-name').first().innerText()).resolves.toBe('示例纺织有限公司驿站（曹县，示例）')
  await seen(page, '换一个驿站', true).waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('offline on H5: a tab whose page does not arrive says 网络不好 with 重试, and lights up only once its page shows', async () => {
  const page = await e2e.personPage(WORKER, `/pages/index/index?scene=${FIRM}`)
  await seen(page, '你正在').waitFor()
  const lit = () => page.evaluate(() => Array.from(document.querySelectorAll('.weui-bar__item_on .weui-tabbar__label')).map((e) => e.textContent))

  // The signal drops: 我的诉求 has not been opened yet, so its code is not here.
  await page.context().setOffline(true)
  await page.locator('.weui-tabbar__item').filter({ hasText: '我的诉求' }).click()
  await visible(page, '.hx-load-failed').first().waitFor()
  await expect(visible(page, '.hx-load-failed').first().innerText()).resolves.toContain('网络不好')
  await page.waitForTimeout(300)
  expect(await lit()).toEqual(['首页'])
  await visible(page, '.home').first().waitFor()
  await shoot(page, 'tab-offline')

  // Back online, 重试 opens it, and now its tab is lit.
  await page.context().setOffline(false)
  await visible(page, '.hx-load-failed__retry').first().click()
  await visible(page, '.screen.mine').first().waitFor()
  await page.waitForTimeout(300)
  expect(await lit()).toEqual(['我的诉求'])
  expect(await visible(page, '.hx-load-failed').count()).toBe(0)
  expect(page.errors).toEqual([])
  await page.context().close()
})

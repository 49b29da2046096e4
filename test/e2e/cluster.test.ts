import type { Page } from 'playwright-core'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * The employer on the case form and 聚集预警 in a real browser on the H5 build, through the local host:
 *  1. two workers have already complained about 示例纺织 (one at its enterprise station, one elsewhere);
 *  2. a third worker, at the 曹城街道 station, types 「示例纺」 as the employer, picks the suggestion 示例纺织有限公司
 *     and files the case;
 *  3. the 曹县 county head finds 聚集预警 from the inbox, opens the alert, links its cases (each case then
 *     shows the others) and closes the alert with a decision, which stays on the page and in 已处理.
 * At 375 px, normally and in 长辈模式, nothing on the employer field, the alert list or the linked cases is
 * cut off; with HX_SHOTS=<dir> they are saved there as screenshots. Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(150_000)

const e2e = setUpE2E('cluster')
const COUNTY_HEAD = 'dev-CX-county-head'

/** A case straight through the worker function, by a worker of its own. */
const fileCase = async (worker: string, requestId: string, input: Record<string, unknown>) => {
  const res = await fetch(`${e2e.host.url}/api/worker`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${worker}` },
    body: JSON.stringify({
      op: 'case.submit',
      requestId,
      input: {
        channel: 'qr',
        category: 'pay',
        description: '车间两个月的加班费一直没发，问了班长说等通知。',
        workersAffected: 1,
        privacy: 'confidential',
        contact: { name: '王五', phone: '13800000003' },
        ...input,
      },
    }),
  })
  const body = (await res.json()) as { ok: boolean; error?: unknown }
  if (!body.ok) throw new Error(`case.submit failed: ${JSON.stringify(body.error)}`)
}

/** The case.submit requests this page sends. */
function submits(page: Page) {
  const sent: string[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/worker') && (r.postData() ?? '').includes('"case.submit"')) sent.push(r.postData()!)
  })
  return sent
}

const expectNothingCutOff = async (page: Page, root: string) => {
  expect(await cutOff(page, root)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
}

beforeAll(async () => {
  await fileCase('e2e-worker-a', 'e2e-cluster-000001', { stationId: 'st-CX-0004', aboutOwnEmployer: true, employer: { kind: 'station' }, privacy: 'open' })
  await fileCase('e2e-worker-b', 'e2e-cluster-000002', { stationId: 'st-CX-0002', aboutOwnEmployer: false, employer: { kind: 'named', name: '示例纺织 有限责任公司' } })
})

it('a worker types the employer, picks the suggestion and files the third case against 示例纺织', async () => {
  const page = await e2e.personPage('dev-worker-li', '/pages/index/index?scene=HZ-CX-0002')
  const sent = submits(page)
  await seen(page, '你正在').waitFor()
  await seen(page, '反映诉求', true).click()
  await seen(page, '是哪个单位？').waitFor()

  await visible(page, '.category-pay').first().click()
  await fill(page, '.field-description', '厂里两个月的加班费没发，车间的人都一样，问了也不给说法。')
  await visible(page, '.own-employer-no').first().click()
  await fill(page, '.field-employer-name', '示例纺')
  const suggestion = visible(page, '.employer-suggestion').filter({ hasText: '示例纺织有限公司' }).first()
  await suggestion.waitFor()
  await expect(visible(page, '.employer-suggestion').filter({ hasText: '本县企业驿站' }).count()).resolves.toBeGreaterThan(0)
  await page.locator('.case-new-employer').filter({ visible: true }).first().scrollIntoViewIfNeeded()
  await shoot(page, 'case-new-employer-suggestions')
  await expectNothingCutOff(page, '.case-new')
  await suggestion.click()
  await expect(visible(page, '.field-employer-name input, input.field-employer-name').first().inputValue()).resolves.toBe('示例纺织有限公司')
  expect(await visible(page, '.employer-suggestion').count()).toBe(0)

  await fill(page, '.field-contact-name', '李四')
  await fill(page, '.field-contact-phone', '13800000002')
  await visible(page, '.submit-case').first().click()
  await confirmModal(page, '确认提交')
  await seen(page, '诉求编号').waitFor()
  expect(sent).toHaveLength(1)
  expect(JSON.parse(sent[0]!).input.employer).toEqual({ kind: 'named', name: '示例纺织有限公司' })
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('without a name the form asks at the field and sends nothing; 不清楚单位全称 takes what the worker knows', async () => {
  const page = await e2e.personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0002')
  const sent = submits(page)
  await seen(page, '你正在').waitFor()
  await seen(page, '反映诉求', true).click()
  await seen(page, '是哪个单位？').waitFor()
  await visible(page, '.category-pay').first().click()
  await fill(page, '.field-description', '饭店两个月工资没发，老板一直说生意不好，再等等。')
  await visible(page, '.own-employer-yes').first().click()
  await fill(page, '.field-contact-name', '张三')
  await fill(page, '.field-contact-phone', '13800000001')
  await visible(page, '.submit-case').first().click()
  await seen(page, '请填写单位名称；不清楚全称可以选「不清楚单位全称」').waitFor()
  await page.waitForTimeout(300)
  expect(sent).toEqual([])

  await visible(page, '.add-uscc').first().click()
  await fill(page, '.field-employer-name', '县城东关饭店')
  await fill(page, '.field-employer-uscc', '9144030071526726XH')
  await visible(page, '.submit-case').first().click()
  await seen(page, '统一社会信用代码校验不通过，请核对').waitFor()
  expect(sent).toEqual([])

  await visible(page, '.employer-unknown').first().click()
  await fill(page, '.field-employer-note', '县城东关，老板姓赵')
  await visible(page, '.submit-case').first().click()
  await confirmModal(page, '确认提交')
  await seen(page, '诉求编号').waitFor()
  expect(JSON.parse(sent[0]!).input.employer).toEqual({ kind: 'unknown', note: '县城东关，老板姓赵' })
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('at the enterprise station the employer is filled in and shown, not asked', async () => {
  const page = await e2e.personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0004')
  await seen(page, '你正在').waitFor()
  await seen(page, '反映诉求', true).click()
  await visible(page, '.employer-from-station').filter({ hasText: '示例纺织有限公司' }).first().waitFor()
  expect(await visible(page, '.field-employer-name').count()).toBe(0)
  await visible(page, '.own-employer-no').first().click()
  await visible(page, '.field-employer-name').first().waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the county head opens 聚集预警 from the inbox, links the cases and sees them on each case page', async () => {
  const page = await e2e.personPage(COUNTY_HEAD, '/officer/inbox/index')
  const entry = visible(page, '.go-alerts').first()
  await entry.waitFor()
  expect(await entry.textContent()).toContain('聚集预警：1 条待处理')
  await entry.click()
  const row = visible(page, '.alert-row').first()
  await row.waitFor()
  expect(await row.textContent()).toContain('3 人反映，共 3 件')
  await shoot(page, 'alerts-list')
  await expectNothingCutOff(page, '.alerts')

  await row.click()
  await visible(page, '.alert-case').nth(2).waitFor()
  expect(await visible(page, '.alert-case').count()).toBe(3)
  await visible(page, '.link-alert-cases').first().click()
  await seen(page, '这些诉求已互相关联').waitFor()
  await shoot(page, 'alert-detail')
  await expectNothingCutOff(page, '.alert')

  await visible(page, '.alert-case').first().click()
  await visible(page, '.linked-case').nth(1).waitFor()
  expect(await visible(page, '.linked-case').count()).toBe(2)
  await visible(page, '.linked-cases').first().scrollIntoViewIfNeeded()
  await shoot(page, 'officer-case-linked')
  await expectNothingCutOff(page, '.officer-case')
  // Each linked case opens, and shows this one back.
  await visible(page, '.linked-case').first().click()
  await visible(page, '.linked-case').nth(1).waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the county head closes the alert with a decision; it moves to 已处理 with who and when', async () => {
  const page = await e2e.personPage(COUNTY_HEAD, '/officer/alerts/index')
  await visible(page, '.alert-row').first().click()
  await visible(page, '.close-alert').first().click()
  await fill(page, '.field-alert-decision', '已约谈')
  await visible(page, '.close-alert-form .panel-submit').first().click()
  await seen(page, '请写明处理决定，至少 5 个字').waitFor()
  await fill(page, '.field-alert-decision', '已约谈企业负责人，承诺 11 月底前补发加班费，驿站跟进')
  await visible(page, '.close-alert-form .panel-submit').first().click()
  await seen(page, '关闭这条预警？').waitFor()
  await confirmModal(page, '确认关闭')
  await visible(page, '.alert-decision').first().waitFor()
  expect(await visible(page, '.alert-decision').first().textContent()).toContain('曹县周科长')
  expect(await visible(page, '.alert-status').first().textContent()).toBe('已处理')
  await shoot(page, 'alert-closed')

  await page.goto(`${e2e.host.url}/officer/alerts/index`)
  await seen(page, '没有待处理的聚集预警').waitFor()
  await visible(page, '.tab-closed').first().click()
  await visible(page, '.alert-row--closed').first().waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('in 长辈模式 the employer field, the alert list and the linked cases have larger type and nothing cut off', async () => {
  const worker = await e2e.personPage('dev-worker-li', '/pages/me/index')
  await turnOnElderMode(worker, e2e.host.url)
  await worker.goto(`${e2e.host.url}/pages/index/index?scene=HZ-CX-0002`)
  await seen(worker, '你正在').waitFor()
  await seen(worker, '反映诉求', true).click()
  await visible(worker, '.screen.elder.case-new').first().waitFor()
  await fill(worker, '.field-employer-name', '示例')
  await visible(worker, '.employer-suggestion').nth(1).waitFor()
  await visible(worker, '.add-uscc').first().click()
  await worker.locator('.case-new-employer').filter({ visible: true }).first().scrollIntoViewIfNeeded()
  await shoot(worker, 'case-new-employer-elder')
  await expectNothingCutOff(worker, '.case-new')
  await worker.context().close()

  const head = await e2e.personPage(COUNTY_HEAD, '/pages/me/index')
  await turnOnElderMode(head, e2e.host.url)
  await head.goto(`${e2e.host.url}/officer/alerts/index`)
  await visible(head, '.screen.elder').first().waitFor()
  await visible(head, '.tab-closed').first().click()
  await visible(head, '.alert-row').first().waitFor()
  await shoot(head, 'alerts-list-elder')
  await expectNothingCutOff(head, '.alerts')
  await visible(head, '.alert-row').first().click()
  await visible(head, '.alert-case').first().click()
  await visible(head, '.linked-case').nth(1).waitFor()
  await visible(head, '.add-link-case').first().click()
  await visible(head, '.linked-cases').first().scrollIntoViewIfNeeded()
  await shoot(head, 'officer-case-linked-elder')
  await expectNothingCutOff(head, '.officer-case')
  expect(head.errors).toEqual([])
  await head.context().close()
})

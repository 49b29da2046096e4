import { confirmModal, fill, seen, setUpE2E } from '../support/e2e'

/**
 * The slice in a real browser on the H5 build, through the local host over SQLite: QR scan → file a
 * confidential case → 我的诉求 → the owning station's inbox → case detail; the employer side never sees it;
 * choosing a station without a QR. Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(90_000)

const e2e = setUpE2E('slice')
const personPage = (openid: string, path: string) => e2e.personPage(openid, path)

let caseNo = 'not-filed-yet'

it('a worker scans an enterprise QR, files a confidential case and finds it under 我的诉求', async () => {
  const page = await personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0004')
  await seen(page, '你正在').waitFor()
  await seen(page, '示例纺织有限公司驿站（曹县，示例）').waitFor()
  for (const hotline of ['12333', '12351', '12348', '12345']) await seen(page, hotline, true).waitFor()

  await seen(page, '反映诉求', true).click()
  await page.locator('.category-pay').first().click()
  await fill(page, '.field-description', '车间这三个月的加班费一直没有发，问了主管说要等年底。')
  // At an enterprise station the form starts from "about my own employer" and, as everywhere, 对单位保密.
  await page.locator('.own-employer-yes.is-selected').first().waitFor()
  await page.locator('.privacy-confidential.is-selected').first().waitFor()
  await fill(page, '.field-contact-name', '张三')
  await fill(page, '.field-contact-phone', '13800000001')
  await page.locator('.submit-case').first().click()
  // The confirmation names the privacy choice; confirm with the dialog's own button.
  await confirmModal(page, '确认提交')

  await seen(page, '诉求编号').waitFor()
  caseNo = (await page.locator('.case-no').filter({ visible: true }).first().innerText()).trim()
  expect(caseNo).toMatch(/^CX\d{6}0001$/)
  // Confidential: past the enterprise to the park station.
  await seen(page, '曹县经济开发区驿站（示例）').waitFor()

  await seen(page, '查看我的诉求').click()
  const row = page.locator('.mine-row', { hasText: caseNo }).filter({ visible: true })
  await row.first().waitFor()
  await expect(row.first().innerText()).resolves.toContain('已提交')
  expect(page.errors).toEqual([])
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

it('a worker owed wages on a registered project chooses it, and the case goes to the project’s station', async () => {
  // A county admin registers a project (the admin pages for projects come later): straight to the function.
  const created = await fetch(`${e2e.host.url}/api/admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'hx_dev=dev-CX-county-head' },
    body: JSON.stringify({
      op: 'project.create',
      input: { countyId: 'st-CX-0001', name: '曹县示例学校项目', contractor: '示例建工集团', responsibleStationId: 'st-CX-0003' },
      requestId: 'e2e-project-0001',
    }),
  }).then((r) => r.json() as Promise<{ ok: boolean; data?: { id: string }; error?: unknown }>)
  expect(created).toMatchObject({ ok: true })
  const projectId = created.data!.id

  // Scanned at the street station, not at the project's station.
  const page = await personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0002')
  await seen(page, '你正在').waitFor()
  await seen(page, '反映诉求', true).click()
  await page.locator('.category-pay').first().waitFor()
  // Not a wage-arrears case: no project question.
  await page.locator('.category-pay').first().click()
  await page.locator('.field-amount').first().waitFor()
  expect(await page.getByText('在哪个工程项目？').filter({ visible: true }).count()).toBe(0)

  await page.locator('.category-wage_arrears').first().click()
  await seen(page, '在哪个工程项目？').waitFor()
  await seen(page, '不知道 / 不在列表里').waitFor()
  await seen(page, '总承包：示例建工集团').waitFor()
  await seen(page, '欠薪会交给项目的包保驿站').waitFor()
  await page.locator(`.project-${projectId}`).filter({ visible: true }).first().click()

  // Not an enterprise station: 本单位 has no preset answer.
  await page.locator('.own-employer-no').filter({ visible: true }).first().click()
  await fill(page, '.field-employer-name', '示例建工集团')
  await fill(page, '.field-description', '学校工地干了四个月，包工头说总包没拨款，工资一直拖着不给。')
  await fill(page, '.field-amount', '23000')
  await fill(page, '.field-contact-name', '张师傅')
  await fill(page, '.field-contact-phone', '13800000003')
  await page.locator('.submit-case').first().click()
  await confirmModal(page, '确认提交')

  await seen(page, '诉求编号').waitFor()
  // The server routes it to the project's responsible station.
  await seen(page, '曹县经济开发区驿站（示例）').waitFor()
  // H5 has no subscribe messages: no reminder button (D31).
  expect(await page.getByText('接收办理进度提醒').count()).toBe(0)
  const projectCaseNo = (await page.locator('.case-no').filter({ visible: true }).first().innerText()).trim()
  expect(page.errors).toEqual([])
  await page.context().close()

  const officer = await personPage('dev-CX-park-liaison', '/officer/inbox/index')
  await officer.locator('.inbox-row', { hasText: projectCaseNo }).filter({ visible: true }).first().waitFor()
  expect(await officer.getByText('开启新诉求提醒').count()).toBe(0)
  await officer.context().close()
})

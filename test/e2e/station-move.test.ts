import { confirmModal, DIALOG, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 调整上级 on the network page, in a real browser on the H5 build: the 曹县 admin moves the 示例 park from the
 * county to the 曹城 street. Only stations of the county that may hold a park are offered (not the park's own
 * enterprise, not the county it is under now); the move is confirmed and the tree shows the park, with its
 * enterprise, under the street. Shot at 375 px, normal and 长辈模式 (HX_SHOTS). Needs `dist/h5`.
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('station-move')

it('the county admin moves the park under the street from the tree', async () => {
  const page = await e2e.personPage('dev-CX-county-head', '/admin/network/index')
  const park = visible(page, '.net-node-HZ-CX-0003').first()
  await park.waitFor()
  await park.locator('.net-manage').click()
  await visible(page, '.net-actions-HZ-CX-0003 .net-act-move').first().click()
  const form = visible(page, '.move-form').first()
  await form.waitFor()
  await form.getByText('只能在本县区内调整，县区驿站、乡镇(街道)驿站可以做它的上级').waitFor()
  // The street may hold a park; the county it is under now, its own enterprise and the other enterprise may not.
  await visible(page, '.move-to-st-CX-0002').first().waitFor()
  for (const not of ['st-CX-0001', 'st-CX-0004', 'st-CX-0005', 'st-CX-0003']) expect(await visible(page, `.move-to-${not}`).count()).toBe(0)
  await visible(page, '.move-form .panel-submit').first().click()
  await form.getByText('请选择新的上级驿站').waitFor()
  await visible(page, '.move-to-st-CX-0002').first().click()
  await fill(page, '.field-move-reason', '开发区划归曹城街道管理')
  await shoot(page, 'network-move')
  await expect(cutOff(page, '.network')).resolves.toEqual([])
  await visible(page, '.move-form .panel-submit').first().click()
  await visible(page, DIALOG).getByText(/驿站编号、工作人员和已有的诉求都不变/).first().waitFor()
  await confirmModal(page, '调整')
  await seen(page, '已调整到 曹城街道驿站（示例） 下面').waitFor()

  // The tree, read again: the park (with its enterprise) is under the street now.
  const street = visible(page, '.net-node-HZ-CX-0002').first()
  // The tree shows what it had until its new read answers.
  await visible(page, '.net-node-HZ-CX-0002').filter({ hasText: '下级 2 个' }).first().waitFor()
  await expect(street.innerText()).resolves.toContain('下级 2 个')
  await street.click()
  await visible(page, '.net-node-HZ-CX-0003').first().waitFor()
  expect(page.errors).toEqual([])

  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/network/index`)
  await visible(page, '.screen.elder .net-node-HZ-CX-0002').first().click()
  await visible(page, '.net-node-HZ-CX-0005 .net-manage').first().click()
  await visible(page, '.net-actions-HZ-CX-0005 .net-act-move').first().click()
  await visible(page, '.move-form .move-to-st-CX-0003').first().waitFor()
  await shoot(page, 'network-move-elder')
  await expect(cutOff(page, '.network')).resolves.toEqual([])
  await page.context().close()
})

import type { Page } from 'playwright-core'
import { seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * The station pages a county admin uses, in a real browser on the H5 build through the local host:
 *  - 驿站成员 → 邀请成员 says the employer side sees only cases the worker chose to 公开给驿站, and offers the
 *    管理员 switch only with 政府方 (one line says why otherwise), so an invite never carries a flag the
 *    server refuses;
 *  - the station edit page says where phone and hours are shown (the station's home page only).
 * At 375 px, normally and in 长辈模式, nothing on them is cut off; with HX_SHOTS=<dir> they are saved there.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('station-pages')

const EMPLOYER_CARD = '只能看到“公开给驿站”的诉求'
const EMPLOYER_SEES = '企业方只能看到职工选了“公开给驿站”的诉求，“对单位保密”和“匿名”的诉求都看不到'
const ADMIN_OFF = '管理员只能由政府方的工作人员担任，选政府方后可以设为管理员'

async function openInviteForm(page: Page) {
  await page.goto(`${e2e.host.url}/officer/station/index?stationId=st-CX-0001`)
  await visible(page, '.open-invite').first().click()
  await visible(page, '.invite-form').first().waitFor()
}

async function checkInviteForm(page: Page, shot: string) {
  await expect(visible(page, '.invite-side-employer').first().innerText()).resolves.toContain(EMPLOYER_CARD)
  expect(await page.content()).not.toContain('看不到职工选了“对单位保密”的诉求')
  // No side yet: no switch, the reason instead.
  expect(await visible(page, '.invite-admin-switch').count()).toBe(0)
  await seen(page, ADMIN_OFF).waitFor()

  await visible(page, '.invite-side-employer').first().click()
  await visible(page, '.invite-side-employer.is-selected').first().waitFor()
  await seen(page, EMPLOYER_SEES).waitFor()
  expect(await visible(page, '.invite-admin-switch').count()).toBe(0)
  await seen(page, ADMIN_OFF).waitFor()
  await shoot(page, `${shot}-employer`)
  await expect(cutOff(page, '.members')).resolves.toEqual([])

  await visible(page, '.invite-side-government').first().click()
  await visible(page, '.invite-admin-switch').first().waitFor()
  expect(await visible(page, '.invite-admin-off').count()).toBe(0)
  expect(await visible(page, '.invite-side-note').count()).toBe(0)
  await shoot(page, `${shot}-government`)
  await expect(cutOff(page, '.members')).resolves.toEqual([])
}

it('the invite form: what the employer side sees, and 管理员 only with 政府方', async () => {
  const page = await e2e.personPage('dev-CX-county-head', '/officer/station/index?stationId=st-CX-0001')
  await openInviteForm(page)
  await checkInviteForm(page, 'station-invite')

  // 管理员 on, then 企业方: the switch goes, and the invite is made without the flag (not refused).
  await visible(page, '.invite-admin-switch').first().click()
  await visible(page, '.invite-admin-switch.ui-switch--on').first().waitFor()
  await visible(page, '.invite-side-employer').first().click()
  expect(await visible(page, '.invite-admin-switch').count()).toBe(0)
  await visible(page, 'input.field-invite-name').first().fill('钱会计')
  await visible(page, '.invite-role-member').first().click()
  await visible(page, '.invite-form .panel-submit').first().click()
  await seen(page, '给 钱会计 的邀请码（工作人员 · 企业方）').waitFor()

  await turnOnElderMode(page, e2e.host.url)
  await openInviteForm(page)
  await visible(page, '.screen.elder.members').first().waitFor()
  await checkInviteForm(page, 'station-invite-elder')
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the station edit page says phone and hours show on the station home page, and nothing is cut off', async () => {
  const page = await e2e.personPage('dev-CX-county-head', '/admin/station-edit/index?id=st-CX-0002')
  const check = async (shot: string) => {
    await visible(page, 'input.field-station-phone').first().waitFor()
    await seen(page, '电话和开放时间会显示在驿站首页上。').waitFor()
    await expect(visible(page, '.station-edit').first().innerText()).resolves.not.toContain('海报')
    await shoot(page, shot)
    await expect(cutOff(page, '.station-edit')).resolves.toEqual([])
  }
  await check('station-edit')
  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/station-edit/index?id=st-CX-0002`)
  await visible(page, '.screen.elder.station-edit').first().waitFor()
  await check('station-edit-elder')
  expect(page.errors).toEqual([])
  await page.context().close()
})

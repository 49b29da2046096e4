import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 时限设置 and 节假日安排 in a real browser on the H5 build, through the local host over SQLite:
 *  a. the city admin opens 我的 → 时限设置, changes 工资报酬 受理 to 3 个工作日, sees the server's sentence and
 *     the change line, saves after confirming, and the page shows the saved value after a reload;
 *  b. a county admin has neither entry under 我的;
 *  c. 节假日安排 warns that 2027 is missing; entering a minimal 2027 (source + one holiday) saves it and the
 *     warning moves to 2028.
 * Both pages are shot at 375 px, normal and 长辈模式 (HX_SHOTS). Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('policy')

it('the city admin changes 工资报酬 受理 to 3 个工作日 from 我的, confirms, and sees it stored', async () => {
  const page = await e2e.personPage('dev-city-admin', '/pages/me/index')
  await visible(page, '.go-calendar').first().waitFor()
  await visible(page, '.go-policy').first().click()
  await page.waitForURL(/\/admin\/policy\/index/)

  // The stored (default) value, with the server's sentence under it.
  const payAccept = visible(page, '.policy-clock-pay-accept').first()
  await payAccept.locator('.policy-unit-day.policy-unit--on').waitFor()
  await expect(visible(page, 'input.field-pay-accept').first().inputValue()).resolves.toBe('1')
  await payAccept.getByText(/今天提交的诉求将在 .+ 前受理/).waitFor()
  await seen(page, '还没有改动').waitFor()

  // 3 days past 首次答复 (2 个工作日): the contract's words under the card, and no change line for it.
  await fill(page, '.field-pay-accept', '3')
  await visible(page, '.policy-track-pay').getByText('时限应满足：受理 ≤ 首次答复 ≤ 办结').first().waitFor()
  expect(await seen(page, '工资报酬 受理：1 个工作日 → 3 个工作日').count()).toBe(0)

  // 首次答复 to 3 as well: both change lines, the sentences again.
  await fill(page, '.field-pay-firstReply', '3')
  await seen(page, '工资报酬 受理：1 个工作日 → 3 个工作日').waitFor()
  await seen(page, '工资报酬 首次答复：2 个工作日 → 3 个工作日').waitFor()
  expect(await visible(page, '.policy-track__error').count()).toBe(0)
  await payAccept.getByText('3 个工作日').first().waitFor()
  await payAccept.getByText(/今天提交的诉求将在 .+ 前受理/).waitFor()


  await visible(page, '.policy-save').first().click()
  await visible(page, '.taro-modal__content').getByText(/工资报酬 受理：1 个工作日 → 3 个工作日/).first().waitFor()
  await visible(page, '.taro-modal__content').getByText(/只对保存后新开始的时限生效，已经在计时的诉求不变/).first().waitFor()
  await confirmModal(page, '保存')
  await seen(page, '还没有改动').waitFor()

  await page.reload()
  await visible(page, '.policy-clock-pay-accept .policy-unit-day.policy-unit--on').first().waitFor()
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLInputElement>('input.field-pay-accept')).some((i) => i.value === '3'))
  await seen(page, '还没有改动').waitFor()
  await visible(page, '.policy-clock-fixed-autoClose').getByText(/职工 .+ 前不确认将自动结案/).first().waitFor()
  await shoot(page, 'policy')
  await expect(cutOff(page, '.policy')).resolves.toEqual([])

  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/policy/index`)
  await visible(page, '.screen.elder.policy').first().waitFor()
  await visible(page, '.policy-clock-pay-accept').first().getByText(/今天提交的诉求将在/).waitFor()
  await fill(page, '.field-pay-firstReply', '4')
  await seen(page, '工资报酬 首次答复：3 个工作日 → 4 个工作日').waitFor()
  await visible(page, '.policy-clock-fixed-autoClose').getByText(/职工 .+ 前不确认将自动结案/).first().waitFor()
  await shoot(page, 'policy-elder')
  await expect(cutOff(page, '.policy')).resolves.toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a county admin sees neither 时限设置 nor 节假日安排 under 我的', async () => {
  const page = await e2e.personPage('dev-CX-county-head', '/pages/me/index')
  await visible(page, '.go-admin').first().waitFor()
  expect(await visible(page, '.go-policy').count()).toBe(0)
  expect(await visible(page, '.go-calendar').count()).toBe(0)
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('节假日安排 warns about 2027; entering it moves the warning to 2028', async () => {
  const page = await e2e.personPage('dev-city-admin', '/pages/me/index')
  await visible(page, '.go-calendar').first().click()
  await page.waitForURL(/\/admin\/calendar\/index/)
  await seen(page, '还没有录入 2027 年的节假日安排：落在这一年的时限暂按普通周末计算').waitFor()
  await visible(page, '.calendar-year-2026').first().waitFor()
  await expect(visible(page, 'input.field-calendar-year').first().inputValue()).resolves.toBe('2027')
  await shoot(page, 'calendar')
  await expect(cutOff(page, '.calendar')).resolves.toEqual([])

  // Nothing filled: the form says what is missing and sends nothing.
  await visible(page, '.calendar-save').first().click()
  await seen(page, '请写明依据的通知文号').waitFor()

  await fill(page, '.field-calendar-source', '国办发明电〔2026〕7号')
  await fill(page, '.field-holiday-name-0', '元旦')
  await fill(page, '.field-holiday-dates-0', '2027-01-01')
  await visible(page, '.calendar-save').first().click()
  await visible(page, '.taro-modal__content').getByText(/元旦：2027-01-01/).first().waitFor()
  await confirmModal(page, '保存')

  await seen(page, '还没有录入 2028 年的节假日安排：落在这一年的时限暂按普通周末计算').waitFor()
  const saved = visible(page, '.calendar-year-2027').first()
  await saved.waitFor()
  await expect(saved.innerText()).resolves.toContain('国办发明电〔2026〕7号')
  await expect(saved.innerText()).resolves.toContain('管理员录入')

  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/calendar/index`)
  await visible(page, '.screen.elder.calendar').first().waitFor()
  await seen(page, '还没有录入 2028 年').waitFor()
  await visible(page, '.calendar-holiday-add').first().click()
  await visible(page, '.calendar-holiday-1').first().waitFor()
  await shoot(page, 'calendar-elder')
  await expect(cutOff(page, '.calendar')).resolves.toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

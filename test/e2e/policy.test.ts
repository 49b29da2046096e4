import { confirmModal, DIALOG, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 时限设置 and 节假日安排 in a real browser on the H5 build, through the local host over SQLite:
 *  a. the city admin opens 我的 → 时限设置, changes 工资报酬 受理 to 3 个工作日, sees the server's sentence and
 *     the change line, saves after confirming, and the page shows the saved value after a reload;
 *  b. a county admin has neither entry under 我的;
 *  c. 节假日安排 warns that 2027 is missing; entering a minimal 2027 (source + one holiday, its date picked and
 *     a wrong one taken out again) saves it, the warning gives way to a note about 2028, and the year's dates read back;
 *  d. the city admin switches 社会保险 off and rewrites 劳动合同's 「你的权利」: the worker's form no longer offers
 *     社会保险 and shows the new words once 劳动合同 is picked.
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
  await visible(page, DIALOG).getByText(/工资报酬 受理：1 个工作日 → 3 个工作日/).first().waitFor()
  await visible(page, DIALOG).getByText(/只对保存后新开始的时限生效，已经在计时的诉求不变/).first().waitFor()
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

it('节假日安排 warns about 2027; entering it picks dates, ends the warning and reads the dates back', async () => {
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
  // Dates come from the date picker, one at a time, each a chip that can be taken out again.
  await visible(page, 'input.holiday-dates-0-add').first().fill('2027-01-01')
  await visible(page, 'input.holiday-dates-0-add').first().fill('2027-01-04')
  await visible(page, '.holiday-dates-0 .cal-date-2027-01-04').getByText('1月4日 周一').waitFor()
  await visible(page, '.holiday-dates-0 .cal-date-2027-01-04 .cal-date__remove').first().click()
  expect(await visible(page, '.holiday-dates-0 .cal-date-2027-01-04').count()).toBe(0)
  await visible(page, '.holiday-dates-0 .cal-date-2027-01-01').first().waitFor()
  await visible(page, '.calendar-save').first().click()
  await visible(page, DIALOG).getByText(/元旦：2027-01-01/).first().waitFor()
  await confirmModal(page, '保存')

  // Next year is in: no warning, a note for the year after.
  await seen(page, '已录入到 2027 年。2028 年的安排公布后请及时录入。').waitFor()
  expect(await visible(page, '.calendar-missing').count()).toBe(0)
  const saved = visible(page, '.calendar-year-2027').first()
  await saved.waitFor()
  await expect(saved.innerText()).resolves.toContain('国办发明电〔2026〕7号')
  await expect(saved.innerText()).resolves.toContain('管理员录入')
  // Its dates, read back; 更正这一年 fills the form with them.
  await saved.locator('.calendar-year__show').click()
  await expect(saved.innerText()).resolves.toContain('1月1日 周五')
  await saved.locator('.calendar-year__fix').click()
  await visible(page, '.holiday-dates-0 .cal-date-2027-01-01').first().waitFor()
  await expect(visible(page, 'input.field-holiday-name-0').first().inputValue()).resolves.toBe('元旦')
  const y2026 = visible(page, '.calendar-year-2026').first()
  await y2026.locator('.calendar-year__show').click()
  await expect(y2026.innerText()).resolves.toContain('调休上班')
  await shoot(page, 'calendar-dates')
  await expect(cutOff(page, '.calendar')).resolves.toEqual([])

  await turnOnElderMode(page, e2e.host.url)
  await page.goto(`${e2e.host.url}/admin/calendar/index`)
  await visible(page, '.screen.elder.calendar').first().waitFor()
  await seen(page, '已录入到 2027 年').waitFor()
  await visible(page, '.calendar-holiday-add').first().click()
  await visible(page, '.calendar-holiday-1').first().waitFor()
  await shoot(page, 'calendar-elder')
  await expect(cutOff(page, '.calendar')).resolves.toEqual([])
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('a category switched off leaves the form; a rewritten rights card shows there', async () => {
  const page = await e2e.personPage('dev-city-admin', '/admin/policy/index')
  const card = visible(page, '.policy-track-social_insurance').first()
  await card.waitFor()
  await visible(page, '.switch-enabled-social_insurance').first().click()
  await seen(page, '停用 社会保险（已有的诉求不变）').waitFor()
  await fill(page, '.field-cat-rights-contract', '入职满一个月还没签书面合同的，可以要求单位支付二倍工资。')
  await seen(page, '劳动合同 你的权利：改为“入职满一个月还没签书面合同的，可以要求单位支付二倍工资。”').waitFor()
  await shoot(page, 'policy-categories')
  await expect(cutOff(page, '.policy')).resolves.toEqual([])
  await visible(page, '.policy-save').first().click()
  await visible(page, DIALOG).getByText(/停用 社会保险/).first().waitFor()
  await confirmModal(page, '保存')
  await seen(page, '还没有改动').waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()

  const worker = await e2e.personPage('dev-worker-zhang', '/pages/case-new/index?stationId=st-CX-0002&code=HZ-CX-0002&kind=township&channel=chosen')
  await visible(worker, '.category-contract').first().waitFor()
  await worker.waitForFunction(() => !document.querySelector('.category-social_insurance'))
  await visible(worker, '.category-contract').first().click()
  const rights = visible(worker, '.rights-card-contract').first()
  await rights.getByText('入职满一个月还没签书面合同的，可以要求单位支付二倍工资。').waitFor()
  await rights.getByText('看看政策怎么说 ›').click()
  await worker.waitForURL(/\/pages\/notice\/index/)
  await seen(worker, '入职满一个月不签书面合同，可以要求二倍工资').waitFor()
  expect(worker.errors).toEqual([])
  await worker.context().close()
})

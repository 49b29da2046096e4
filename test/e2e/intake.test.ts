import type { Page } from 'playwright-core'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 代为登记 in a real browser on the H5 build through the local host: an officer of a township station files a
 * walk-in worker's case with the worker's own form (the lines to read out beside the privacy choice), gets the
 * slip with the case number and the claim code; then a worker signs in, goes to 我的诉求 → 认领诉求, enters them
 * and sees the case. At 375 px, normally and in 长辈模式, nothing is cut off. With HX_SHOTS=<dir> the form, the
 * slip and the claim page are saved as screenshots. Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('intake')

const OFFICER = 'dev-CX-street-head' // 曹城街道驿站（示例）, a township station
const WORKER = 'dev-worker-li'

const nothingCutOff = async (page: Page, root: string) => {
  expect(await cutOff(page, root)).toEqual([])
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375)
}

/** From the inbox: 代为登记, the form filled in for a walk-in worker, sent; the slip's case number and code. */
async function fileWalkIn(page: Page, shots: string) {
  await visible(page, '.go-intake').first().click()
  await seen(page, '代为登记：替来到驿站或打来电话的职工填写').waitFor()
  await seen(page, '登记驿站：曹城街道驿站（示例）').waitFor()
  // Beside each privacy choice, what to tell the worker.
  for (const p of ['open', 'confidential', 'anonymous']) await visible(page, `.privacy-${p} .ui-radio-card__note`).first().waitFor()
  await seen(page, '请告诉职工：对单位保密的诉求，单位不会看到你的名字和电话').waitFor()
  await visible(page, '.privacy-confidential.is-selected').first().waitFor()
  await shoot(page, `${shots}-form`)
  await nothingCutOff(page, '.case-new')

  // How the worker came must be answered.
  await visible(page, '.category-pay').first().click()
  await fill(page, '.field-description', '在镇上的砖厂干了四个月，老板一直拖着工资不发，一共八千多元。')
  await visible(page, '.own-employer-yes').first().click()
  await fill(page, '.field-employer-name', '曹城建筑劳务公司')
  await fill(page, '.field-contact-name', '赵六')
  await fill(page, '.field-contact-phone', '13700000003')
  await visible(page, '.submit-case').first().click()
  await visible(page, '.ui-radio-cards__error').filter({ hasText: '请选择职工是到站还是打电话来的' }).first().waitFor()
  await visible(page, '.intake-channel-walk_in').first().click()
  await visible(page, '.submit-case').first().click()
  // The confirmation repeats what to tell the worker.
  await seen(page, '职工听明白、同意后再登记').waitFor()
  await confirmModal(page, '确认登记')

  await seen(page, '登记成功').waitFor()
  await seen(page, '诉求认领凭条').waitFor()
  const caseNo = (await visible(page, '.claim-slip .case-no').first().innerText()).trim()
  const code = (await visible(page, '.claim-code').first().innerText()).trim()
  expect(caseNo).toMatch(/^CX\d{10}$/)
  expect(code).toMatch(/^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{6}$/)
  await seen(page, '输入这张凭条上的诉求编号和认领码').waitFor()
  await seen(page, '着急可以拨打 12333').waitFor()
  await shoot(page, `${shots}-slip`)
  await nothingCutOff(page, '.intake')
  return { caseNo, code }
}

let slip = { caseNo: 'not-filed', code: 'NONE' }

it('an officer at a township station files a walk-in worker’s case with the worker’s form and gets the slip', async () => {
  const page = await e2e.personPage(OFFICER, '/officer/inbox/index')
  await seen(page, '待受理').waitFor()
  slip = await fileWalkIn(page, 'intake')

  // The case page says how it came, who filed it, and that it waits to be claimed.
  await visible(page, '.go-case').first().click()
  await seen(page, '职工认领').waitFor()
  await seen(page, '等待职工认领').waitFor()
  await shoot(page, 'intake-officer-case')
  await seen(page, '代为登记（到站） · 曹城街道驿站（示例）').waitFor()
  await seen(page, `你代职工登记了这条诉求（到站），编号 ${slip.caseNo}`).waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('the worker claims it under 我的诉求 → 认领诉求 with the case number and the code, and sees the case', async () => {
  const page = await e2e.personPage(WORKER, '/pages/mine/index')
  await seen(page, '拿到了认领凭条？').waitFor()
  await shoot(page, 'mine-claim-entry')
  await visible(page, '.go-claim').first().click()
  await seen(page, '驿站工作人员替你登记的诉求').waitFor()
  await shoot(page, 'claim')
  await nothingCutOff(page, '.claim')

  // A wrong code is refused at the field, with the tries left.
  const wrong = (slip.code[0] === 'A' ? 'B' : 'A') + slip.code.slice(1)
  await fill(page, '.field-claim-case-no', slip.caseNo.toLowerCase())
  await fill(page, '.field-claim-code', wrong)
  await visible(page, '.submit-claim').first().click()
  await seen(page, '还可以再试 4 次').waitFor()
  await page.waitForTimeout(2300)
  await shoot(page, 'claim-wrong')

  await fill(page, '.field-claim-code', slip.code)
  await visible(page, '.submit-claim').first().click()
  // The case itself, as if the worker had filed it.
  await seen(page, '你反映的情况').waitFor()
  await seen(page, '在镇上的砖厂干了四个月').waitFor()
  await seen(page, `曹城街道驿站（示例） 工作人员代你登记了诉求（到站），编号 ${slip.caseNo}`).waitFor()
  await seen(page, '职工已在微信里认领这条诉求').waitFor()

  await page.goto(`${e2e.host.url}/pages/mine/index`)
  await visible(page, '.mine-row').filter({ hasText: slip.caseNo }).first().waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('in 长辈模式 the officer’s form, the slip and the claim page fit 375 px', async () => {
  const officer = await e2e.personPage(OFFICER, '/pages/me/index')
  await turnOnElderMode(officer, e2e.host.url)
  await officer.goto(`${e2e.host.url}/officer/inbox/index`)
  await visible(officer, '.screen.elder.inbox').first().waitFor()
  const elderSlip = await fileWalkIn(officer, 'intake-elder')
  await visible(officer, '.screen.elder.intake').first().waitFor()
  // The next worker in the queue: the form again, empty, at the same station.
  await visible(officer, '.file-another').first().click()
  await seen(officer, '登记驿站：曹城街道驿站（示例）').waitFor()
  expect(await visible(officer, '.intake-channel-walk_in.is-selected').count()).toBe(0)
  expect(officer.errors).toEqual([])
  await officer.context().close()

  const worker = await e2e.personPage('dev-worker-zhang', '/pages/me/index')
  await turnOnElderMode(worker, e2e.host.url)
  await worker.goto(`${e2e.host.url}/pages/claim/index`)
  await visible(worker, '.screen.elder.claim').first().waitFor()
  await shoot(worker, 'claim-elder')
  await nothingCutOff(worker, '.claim')
  await fill(worker, '.field-claim-case-no', elderSlip.caseNo)
  await fill(worker, '.field-claim-code', 'ABC')
  await visible(worker, '.submit-claim').first().click()
  await seen(worker, '认领码是凭条上的 6 位字母和数字').waitFor()
  // The message stays under the field once the toast has gone.
  await worker.waitForTimeout(2300)
  await shoot(worker, 'claim-elder-error')
  await nothingCutOff(worker, '.claim')
  expect(worker.errors).toEqual([])
  await worker.context().close()
})

import type { Page } from 'playwright-core'
import { confirmModal, DIALOG_FOOT, fill, seen, setUpE2E, visible } from '../support/e2e'
import { shoot } from './shots'

/**
 * Where the 反映诉求 form starts (D8c), in a real browser on the H5 build through the local host: 对单位保密 at
 * every station; 「反映的是本单位的问题吗？」 starts at 是 at an enterprise station and is not answered
 * elsewhere, so the form sends nothing until it is answered. At 375 px, normally and in 长辈模式, nothing on
 * the form is wider than the screen. With HX_SHOTS=<dir> the form is also saved as screenshots there.
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(90_000)

const e2e = setUpE2E('case-form')

const ERROR = '请选择是不是本单位的问题'
const selectedCard = (page: Page, cls: string) => visible(page, `.${cls}.is-selected`)

/** The station's page from its QR scene, then 反映诉求. */
async function openForm(page: Page, scene: string) {
  await page.goto(`${e2e.host.url}/pages/index/index?scene=${scene}`)
  await seen(page, '你正在').waitFor()
  await seen(page, '反映诉求', true).click()
  await seen(page, '反映的是本单位的问题吗？').waitFor()
}

/** The case.submit requests this page sends. */
function submits(page: Page) {
  const sent: string[] = []
  page.on('request', (r) => {
    if (r.url().endsWith('/api/worker') && (r.postData() ?? '').includes('"case.submit"')) sent.push(r.postData()!)
  })
  return sent
}

/**
 * Nothing on the form is cut off: no element wider than the 375 px screen, and the description box tall
 * enough for its example text (the placeholder does not scroll).
 */
async function expectNothingCutOff(page: Page) {
  const found = await page.evaluate(() => {
    const out: string[] = []
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('.case-new *'))) {
      const r = el.getBoundingClientRect()
      if (r.width > 0 && r.height > 0 && (r.right > window.innerWidth + 0.5 || r.left < -0.5)) out.push(`${el.className} (${r.left}–${r.right})`)
    }
    for (const el of Array.from(document.querySelectorAll<HTMLTextAreaElement>('.case-new textarea'))) {
      if (!el.value && el.getBoundingClientRect().height > 0 && el.scrollHeight > el.clientHeight + 1)
        out.push(`${el.className}: example text ${el.scrollHeight} px in a box of ${el.clientHeight} px`)
    }
    return { out, scrollWidth: document.documentElement.scrollWidth }
  })
  expect(found.out).toEqual([])
  expect(found.scrollWidth).toBeLessThanOrEqual(375)
}

it('at a street station the form starts at 对单位保密 and sends nothing until 本单位 is answered', async () => {
  const page = await e2e.personPage('dev-worker-li', '/pages/index/index?scene=HZ-CX-0002')
  const sent = submits(page)
  await openForm(page, 'HZ-CX-0002')

  await selectedCard(page, 'privacy-confidential').first().waitFor()
  expect(await selectedCard(page, 'privacy-open').count()).toBe(0)
  expect(await selectedCard(page, 'own-employer-yes').count()).toBe(0)
  expect(await selectedCard(page, 'own-employer-no').count()).toBe(0)
  await shoot(page, 'case-new-street')
  await expectNothingCutOff(page)

  await visible(page, '.category-pay').first().click()
  await fill(page, '.field-description', '饭店两个月工资没发，老板一直说生意不好，再等等。')
  await fill(page, '.field-contact-name', '李四')
  await fill(page, '.field-contact-phone', '13800000002')
  await visible(page, '.submit-case').first().click()

  // Said at the question itself; no confirmation, nothing sent.
  await visible(page, '.ui-radio-cards__error').filter({ hasText: ERROR }).first().waitFor()
  await page.waitForTimeout(300)
  expect(await page.locator(DIALOG_FOOT).filter({ visible: true }).count()).toBe(0)
  expect(sent).toEqual([])
  await shoot(page, 'case-new-street-unanswered')

  // Answered: the message goes, the privacy choice stays where it was, and the case is sent.
  await visible(page, '.own-employer-no').first().click()
  await selectedCard(page, 'own-employer-no').first().waitFor()
  expect(await visible(page, '.ui-radio-cards__error').filter({ hasText: ERROR }).count()).toBe(0)
  await selectedCard(page, 'privacy-confidential').first().waitFor()
  await fill(page, '.field-employer-name', '县城东关饭店')
  await visible(page, '.submit-case').first().click()
  await seen(page, '你选择了“对单位保密”').waitFor()
  await confirmModal(page, '确认提交')
  await seen(page, '诉求编号').waitFor()
  expect(sent).toHaveLength(1)
  expect(JSON.parse(sent[0]).input).toMatchObject({ aboutOwnEmployer: false, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'confidential' })
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('at an enterprise station 本单位 starts at 是, and privacy at 对单位保密', async () => {
  const page = await e2e.personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0004')
  await openForm(page, 'HZ-CX-0004')
  await selectedCard(page, 'own-employer-yes').first().waitFor()
  expect(await selectedCard(page, 'own-employer-no').count()).toBe(0)
  await selectedCard(page, 'privacy-confidential').first().waitFor()

  // The answer no longer moves the privacy choice.
  await visible(page, '.own-employer-no').first().click()
  await selectedCard(page, 'own-employer-no').first().waitFor()
  await selectedCard(page, 'privacy-confidential').first().waitFor()
  await visible(page, '.privacy-open').first().click()
  await selectedCard(page, 'privacy-open').first().waitFor()
  await visible(page, '.own-employer-yes').first().click()
  await selectedCard(page, 'own-employer-yes').first().waitFor()
  await selectedCard(page, 'privacy-open').first().waitFor()
  expect(page.errors).toEqual([])
  await page.context().close()
})

it('in 长辈模式 the form at 375 px has larger type and nothing cut off', async () => {
  const page = await e2e.personPage('dev-worker-li', '/pages/me/index')
  const toggle = visible(page, '.elder-switch').first()
  await toggle.click()
  await visible(page, '.elder-switch.ui-switch--on').first().waitFor()

  await openForm(page, 'HZ-CX-0002')
  await visible(page, '.screen.elder.case-new').first().waitFor()
  await shoot(page, 'case-new-street-elder')
  await expectNothingCutOff(page)

  await visible(page, '.submit-case').first().click()
  await visible(page, '.ui-radio-cards__error').filter({ hasText: ERROR }).first().waitFor()
  await shoot(page, 'case-new-street-elder-errors')
  await expectNothingCutOff(page)
  expect(page.errors).toEqual([])
  await page.context().close()
})

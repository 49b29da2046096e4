import type { Page } from 'playwright-core'
import { confirmModal, DIALOG, fill, seen, setUpE2E, visible } from '../support/e2e'
import { HOSTILE_BODY } from '../support/hostile-notice'
import { pdf } from '../support/pdf'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 政策宣传 in a real browser on the H5 build, through the local host over SQLite:
 *  a. a county admin opens 我的 → 政策宣传, writes a notice, publishes it to a township picked below the
 *     county, and a worker who opens that township's station reads it from 看政策 (marked 未读 until opened);
 *     the admin then sees it read once;
 *  b. a hostile body (script, onerror, javascript: link, markup) shows as words, runs nothing, makes no
 *     element of its own, and only allowed links are links;
 *  c. the 政策 tab, the hotline guide and the station home's new entry.
 * Every page is shot at 375 px, normal and 长辈模式 (HX_SHOTS). Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('notices')
const ADMIN = 'dev-CX-county-head'
const WORKER = 'dev-worker-zhang'
const TITLE = '曹城街道农民工工资专项检查'

/** Publishes through the app's own function call, as the signed-in officer (the page's client would). */
const publishByCall = (page: Page, input: Record<string, unknown>) =>
  page.evaluate(async (i) => {
    const res = await fetch('/api/officer', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ op: 'notice.create', input: i, requestId: `e2e-${Date.now()}-${Math.random().toString(36).slice(2, 10)}` }),
    })
    return (await res.json()) as { ok: boolean; data?: { id: string } }
  }, input)

it('an admin publishes a notice to a township; a worker at that township reads it once', async () => {
  const admin = await e2e.personPage(ADMIN, '/pages/me/index')
  await visible(admin, '.go-notices-admin').first().waitFor()
  await shoot(admin, 'me-publisher')
  await expect(cutOff(admin, '.me')).resolves.toEqual([])
  await visible(admin, '.go-notices-admin').first().click()
  await admin.waitForURL(/\/officer\/notices\/index/)
  await seen(admin, '本县区各驿站发布的政策').waitFor()
  await shoot(admin, 'officer-notices')
  await expect(cutOff(admin, '.managed-notices')).resolves.toEqual([])

  await visible(admin, '.mn-new').first().click()
  await admin.waitForURL(/\/officer\/notice-edit\/index/)
  await visible(admin, '.ne-station__name').getByText('曹县劳动关系服务驿站').waitFor()
  // Nothing filled: the contract's words at the fields, nothing sent.
  await visible(admin, '.notice-publish').first().click()
  await seen(admin, '标题至少 4 个字').waitFor()

  await visible(admin, '.ne-station__change').first().click()
  await visible(admin, '.pick-station-st-CX-0002').first().click()
  await visible(admin, '.ne-station__name').getByText('曹城街道驿站（示例）').waitFor()
  await fill(admin, '.field-notice-title', TITLE)
  await visible(admin, '.notice-category-campaign').first().click()
  await fill(admin, '.field-notice-body', '## 检查时间\n\n12 月每周三上午，**驿站工作人员**到在建工地检查工资发放。\n\n- 查看工资专用账户\n- 核对考勤和工资表\n\n不知道打哪个电话，看 [热线指南](/pages/hotlines/index)。')
  // A PDF attachment, uploaded at once; its name can be changed.
  const [chooser] = await Promise.all([admin.waitForEvent('filechooser'), visible(admin, '.add-document').first().click()])
  await chooser.setFiles({ name: '检查安排.pdf', mimeType: 'application/pdf', buffer: Buffer.from(pdf()) })
  await visible(admin, '.nfe-item-document').getByText('已上传').waitFor()
  await fill(admin, '.field-attachment-name', '12月工地检查安排.pdf')
  // The server's preview: a heading, bold words, a list and the link.
  await visible(admin, '.ne-preview .notice-h2').getByText('检查时间').waitFor()
  await visible(admin, '.ne-preview .notice-span--bold').getByText('驿站工作人员').waitFor()
  await visible(admin, '.ne-preview .notice-link--page').getByText('热线指南').waitFor()
  await shoot(admin, 'notice-edit')
  await expect(cutOff(admin, '.notice-edit')).resolves.toEqual([])

  await visible(admin, '.notice-publish').first().click()
  await visible(admin, DIALOG).getByText(/曹城街道驿站（示例）和它下级驿站的职工都能在“政策”里看到/).first().waitFor()
  await confirmModal(admin, '发布')
  await admin.waitForURL(/\/officer\/notices\/index/)
  const row = visible(admin, '.mn-row').filter({ hasText: TITLE }).first()
  await row.waitFor()
  await expect(row.innerText()).resolves.toContain('已发布')
  await expect(row.innerText()).resolves.toContain('阅读 0 人')

  // The worker at that township: 看政策 from the station home, the notice at the top, not read yet.
  const worker = await e2e.personPage(WORKER, '/pages/index/index?scene=HZ-CX-0002')
  await visible(worker, '.entry-notices').first().waitFor()
  await shoot(worker, 'home')
  await expect(cutOff(worker, '.home')).resolves.toEqual([])
  await visible(worker, '.entry-notices').first().click()
  await worker.waitForURL(/\/pages\/notices\/index/)
  await seen(worker, '和上级驿站发布的政策').waitFor()
  const first = visible(worker, '.notice-row').first()
  await expect(first.innerText()).resolves.toContain(TITLE)
  await expect(first.innerText()).resolves.toContain('未读')
  await expect(first.innerText()).resolves.toContain('曹城街道驿站（示例）')
  // The city's notices are there too, below.
  await seen(worker, '《保障农民工工资支付条例》要点').waitFor()
  await shoot(worker, 'notices')
  await expect(cutOff(worker, '.notices')).resolves.toEqual([])

  await first.click()
  await worker.waitForURL(/\/pages\/notice\/index/)
  await visible(worker, '.notice-head__title').getByText(TITLE).waitFor()
  await visible(worker, '.notice-body .notice-h2').getByText('检查时间').waitFor()
  await visible(worker, '.notice-body').getByText('核对考勤和工资表').waitFor()
  // The attachment downloads under its name.
  const file = visible(worker, '.notice-file-document').first()
  await file.getByText('12月工地检查安排.pdf').waitFor()
  const [download] = await Promise.all([worker.waitForEvent('download'), file.click()])
  expect(download.suggestedFilename()).toBe('12月工地检查安排.pdf')
  await shoot(worker, 'notice')
  await expect(cutOff(worker, '.notice-detail')).resolves.toEqual([])
  // The link goes to the hotline guide page.
  await visible(worker, '.notice-body .notice-link--page').getByText('热线指南').click()
  await worker.waitForURL(/\/pages\/hotlines\/index/)
  await visible(worker, '.hotline-card-12348').getByText('申请法律援助').first().waitFor()
  await shoot(worker, 'hotlines')
  await expect(cutOff(worker, '.hotline-guide')).resolves.toEqual([])

  // Back on the list it is read; by category only 宣传月活动 shows.
  await worker.goto(`${e2e.host.url}/pages/notices/index`)
  const again = visible(worker, '.notice-row').filter({ hasText: TITLE }).first()
  await again.waitFor()
  await expect(again.innerText()).resolves.not.toContain('未读')
  await visible(worker, '.notices-cat-campaign').first().click()
  await visible(worker, '.notice-row').filter({ hasText: TITLE }).first().waitFor()
  expect(await visible(worker, '.notice-row').filter({ hasText: '《保障农民工工资支付条例》要点' }).count()).toBe(0)

  // The publisher sees one read, counted once however often it was opened.
  await admin.reload()
  await expect(visible(admin, '.mn-row').filter({ hasText: TITLE }).first().innerText()).resolves.toContain('阅读 1 人')
  expect(worker.errors).toEqual([])
  expect(admin.errors).toEqual([])

  // 长辈模式: the same pages, nothing cut off.
  await turnOnElderMode(worker, e2e.host.url)
  for (const [path, root, shot] of [
    ['/pages/notices/index', '.notices', 'notices-elder'],
    ['/pages/hotlines/index', '.hotline-guide', 'hotlines-elder'],
    ['/pages/index/index?scene=HZ-CX-0002', '.home', 'home-elder'],
  ] as const) {
    await worker.goto(e2e.host.url + path)
    await visible(worker, `.screen.elder${root}`).first().waitFor()
    await worker.waitForTimeout(300)
    await shoot(worker, shot)
    await expect(cutOff(worker, root)).resolves.toEqual([])
  }
  await visible(worker, '.entry-notices').first().click()
  await visible(worker, '.notice-row').filter({ hasText: TITLE }).first().click()
  await visible(worker, '.screen.elder.notice-detail .notice-body').first().waitFor()
  await shoot(worker, 'notice-elder')
  await expect(cutOff(worker, '.notice-detail')).resolves.toEqual([])

  await turnOnElderMode(admin, e2e.host.url)
  await visible(admin, '.screen.elder .go-notices-admin').first().waitFor()
  await shoot(admin, 'me-publisher-elder')
  await expect(cutOff(admin, '.me')).resolves.toEqual([])
  await admin.goto(`${e2e.host.url}/officer/notices/index`)
  await visible(admin, '.screen.elder.managed-notices .mn-row').first().waitFor()
  await shoot(admin, 'officer-notices-elder')
  await expect(cutOff(admin, '.managed-notices')).resolves.toEqual([])
  await visible(admin, '.mn-row').filter({ hasText: TITLE }).first().click()
  await visible(admin, '.screen.elder.notice-edit .ne-history').first().waitFor()
  await visible(admin, '.ne-rev-1').getByText('新建并发布').waitFor()
  await shoot(admin, 'notice-edit-elder')
  await expect(cutOff(admin, '.notice-edit')).resolves.toEqual([])
  await worker.context().close()
  await admin.context().close()
})

it('a hostile body renders as inert words: no script runs, no element of its own, only allowed links', async () => {
  const admin = await e2e.personPage(ADMIN, '/pages/me/index')
  const made = await publishByCall(admin, { stationId: 'st-CX-0002', title: '带有恶意内容的测试通知', category: 'guide', body: HOSTILE_BODY, publishAt: null, expiresAt: null, draft: false })
  expect(made.ok).toBe(true)
  await admin.context().close()

  const worker = await e2e.personPage(WORKER, `/pages/notice/index?id=${made.data!.id}`)
  const body = visible(worker, '.notice-body').first()
  await body.getByText('<script>window.__pwned = 1</script>').waitFor()
  await body.getByText('<img src="x" onerror="window.__pwned = 2">').waitFor()
  await body.getByText('[点我领补贴](javascript:window.__pwned=3)', { exact: false }).waitFor()
  await worker.waitForTimeout(500)
  expect(await worker.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  // Nothing the body said became an element: no script, image, frame or anchor under the body.
  expect(await worker.locator('.notice-body script, .notice-body img, .notice-body iframe, .notice-body a').count()).toBe(0)
  expect(await worker.locator('.notice-link').allInnerTexts()).toEqual(['热线', '协议'])
  // Tapping the javascript: words does nothing but sit there.
  await body.getByText('[点我领补贴](javascript:window.__pwned=3)', { exact: false }).click()
  expect(await worker.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined()
  expect(worker.url()).toMatch(/\/pages\/notice\/index/)
  await shoot(worker, 'notice-hostile')
  await expect(cutOff(worker, '.notice-detail')).resolves.toEqual([])
  expect(worker.errors).toEqual([])
  await worker.context().close()
})

it('「你的权利」 shows on the form once a category is picked, and on the case page, linking to its notice', async () => {
  const worker = await e2e.personPage(WORKER, '/pages/case-new/index?stationId=st-CX-0002&code=HZ-CX-0002&kind=township&channel=qr')
  await visible(worker, '.category-wage_arrears').first().waitFor()
  expect(await visible(worker, '.rights-card').count()).toBe(0)
  await visible(worker, '.category-wage_arrears').first().click()
  const card = visible(worker, '.rights-card-wage_arrears').first()
  await card.getByText(/分包单位拖欠的，由施工总承包单位先行清偿/).waitFor()
  await expect(card.innerText()).resolves.toContain('12333')
  await shoot(worker, 'case-new-rights')
  await expect(cutOff(worker, '.case-new')).resolves.toEqual([])

  // A case filed as the form does, then its page: the same card under the actions.
  const filed = await worker.evaluate(async () => {
    const res = await fetch('/api/worker', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        op: 'case.submit',
        requestId: `e2e-rights-${Date.now()}`,
        input: {
          stationId: 'st-CX-0002',
          channel: 'qr',
          category: 'contract',
          description: '入职三个月了，单位一直不和我签劳动合同。',
          workersAffected: 1,
          aboutOwnEmployer: true,
          employer: { kind: 'unknown' },
          privacy: 'confidential',
          contact: { name: '张师傅', phone: '13800000001' },
        },
      }),
    })
    return (await res.json()) as { ok: boolean; data?: { id: string } }
  })
  expect(filed.ok).toBe(true)
  await worker.goto(`${e2e.host.url}/pages/case/index?id=${filed.data!.id}`)
  const onCase = visible(worker, '.rights-card-contract').first()
  await onCase.getByText(/入职满一个月单位还不签书面劳动合同的，从第二个月起可以要求单位每月支付二倍工资/).waitFor()
  await shoot(worker, 'case-rights')
  await expect(cutOff(worker, '.case-detail')).resolves.toEqual([])
  await onCase.getByText('看看政策怎么说 ›').click()
  await worker.waitForURL(/\/pages\/notice\/index/)
  await visible(worker, '.notice-body').getByText(/超过一个月、不满一年/).first().waitFor()

  await turnOnElderMode(worker, e2e.host.url)
  await worker.goto(`${e2e.host.url}/pages/case/index?id=${filed.data!.id}`)
  await visible(worker, '.screen.elder.case-detail .rights-card-contract').first().waitFor()
  await shoot(worker, 'case-rights-elder')
  await expect(cutOff(worker, '.case-detail')).resolves.toEqual([])
  await worker.goto(`${e2e.host.url}/pages/case-new/index?stationId=st-CX-0002&code=HZ-CX-0002&kind=township&channel=qr`)
  await visible(worker, '.screen.elder .category-wage_arrears').first().click()
  await visible(worker, '.rights-card-wage_arrears').first().waitFor()
  await shoot(worker, 'case-new-rights-elder')
  await expect(cutOff(worker, '.case-new')).resolves.toEqual([])
  expect(worker.errors).toEqual([])
  await worker.context().close()
})

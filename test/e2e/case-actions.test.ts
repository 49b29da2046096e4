import type { Page } from 'playwright-core'
import { confirmModal, fill, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * Case actions in a real browser on the H5 build, through the local host over SQLite:
 *  1. a street head accepts, replies, writes an internal note and resolves; the worker sees the reply and the
 *     result but never the note, gives 5 stars with 满意并结案 and sees 已结案;
 *  2. a member-role officer is not offered 转办 or 上报;
 *  3. the head transfers a case to the park station, whose liaison sees 接收转办 and takes it;
 *  4. 转办 lists the enterprise stations of 曹县 for an open case and none for a confidential one, saying
 *     why in one line; at 375 px, normally and in 长辈模式, nothing of the open picker is cut off (with
 *     HX_SHOTS=<dir> the page is saved there as screenshots).
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('actions')
const personPage = (openid: string, path: string) => e2e.personPage(openid, path)

const stateChip = (page: Page) => visible(page, '.state-chip').first()
const waitForState = async (page: Page, label: string) => {
  await page.waitForFunction(
    (want) => Array.from(document.querySelectorAll('.state-chip')).some((el) => (el as HTMLElement).offsetParent !== null && el.textContent?.trim() === want),
    label,
  )
}

/** Files a case (open unless told) at 曹城街道驿站（示例） as 张师傅, straight through the worker function. */
const fileCase = async (requestId: string, description: string, privacy: 'open' | 'confidential' = 'open'): Promise<{ id: string; caseNo: string }> => {
  const res = await fetch(`${e2e.host.url}/api/worker`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'hx_dev=dev-worker-zhang' },
    body: JSON.stringify({
      op: 'case.submit',
      input: {
        stationId: 'st-CX-0002',
        channel: 'qr',
        category: 'pay',
        description,
        workersAffected: 1,
        aboutOwnEmployer: false,
        employer: { kind: 'named', name: '县城东关饭店' },
        privacy,
        contact: { name: '张三', phone: '13800000001' },
      },
      requestId,
    }),
  })
  const body = (await res.json()) as { ok: boolean; data?: { id: string; caseNo: string; ownerStationName: string }; error?: unknown }
  if (!body.ok || !body.data) throw new Error(`case.submit failed: ${JSON.stringify(body.error)}`)
  expect(body.data.ownerStationName).toBe('曹城街道驿站（示例）')
  return body.data
}

const REPLY = '张师傅你好，我们已经联系了项目部，这周内给你答复。'
const NOTE = '项目部刘经理电话 139xxxx，态度配合，内部先记一笔。'
const RESULT = '已协调项目部于本月 20 日前补发拖欠的两个月工资。'

describe('accept, reply, note and resolve; the worker confirms with 5 stars', () => {
  let filed: { id: string; caseNo: string }

  beforeAll(async () => {
    filed = await fileCase('e2e-actions-0001', '工地上两个月的工资一直拖着没发，找项目部也没人管。')
  })

  it('the street head works the case from the inbox to 办结', async () => {
    const page = await personPage('dev-CX-street-head', '/officer/inbox/index')
    const row = page.locator('.inbox-row', { hasText: filed.caseNo }).filter({ visible: true })
    await row.first().click()
    await seen(page, '13800000001').waitFor()
    await waitForState(page, '已提交')

    // Only what the server allows now: 受理 is there, 办结 and the public reply are not (not accepted yet).
    await visible(page, '.act-accept').first().waitFor()
    expect(await visible(page, '.act-resolve').count()).toBe(0)
    expect(await visible(page, '.tab-reply').count()).toBe(0)

    await visible(page, '.act-accept').first().click()
    await waitForState(page, '已受理')

    // Public reply (the default of the switch), then an internal note.
    await visible(page, '.tab-reply').first().waitFor()
    await seen(page, '职工能看到这条回复').waitFor()
    await fill(page, '.field-thread', REPLY)
    await visible(page, '.thread-send-reply').first().click()
    await seen(page, REPLY).waitFor()

    await visible(page, '.tab-note').first().click()
    await seen(page, '内部备注只有工作人员能看到，职工看不到').waitFor()
    await fill(page, '.field-thread', NOTE)
    await visible(page, '.thread-send-note').first().click()
    await seen(page, NOTE).waitFor()
    const noteEntry = visible(page, '.thread-msg--internal').filter({ hasText: NOTE })
    await expect(noteEntry.first().innerText()).resolves.toContain('内部备注')
    // Who wrote it, in the conversation: the note is their own.
    await expect(noteEntry.first().innerText()).resolves.toContain('我 · 曹城街道驿站')

    // 办结 asks for a standard conclusion and the result, then confirms and says what happens.
    await visible(page, '.act-resolve').first().click()
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await seen(page, '请选择办结结论').waitFor()
    await visible(page, '.conclusion-solved').first().click()
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await seen(page, '请写明办理结果').waitFor()
    await fill(page, '.field-action-text', RESULT)
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await seen(page, '办结后会把办理结果告诉职工').waitFor()
    await confirmModal(page, '办结')
    await waitForState(page, '已答复待确认')
    await seen(page, `办理结果：${RESULT}`).waitFor()
    expect(await visible(page, '.act-resolve').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the worker sees the reply and the result, not the note, and closes it with 5 stars', async () => {
    const page = await personPage('dev-worker-zhang', `/pages/case/index?id=${filed.id}`)
    await waitForState(page, '已答复待确认')
    await seen(page, REPLY).waitFor()
    await seen(page, `办理结果：${RESULT}`).waitFor()
    expect(await page.content()).not.toContain(NOTE)
    expect(await page.content()).not.toContain('王所长')

    await seen(page, '驿站已经答复，问题解决了吗？').waitFor()
    await visible(page, '.act-reopen').first().waitFor()
    await visible(page, '.act-confirm').first().click()
    // Without stars the form says so and sends nothing.
    await visible(page, '.action-form-confirm .panel-submit').first().click()
    await seen(page, '请给 1 到 5 颗星').waitFor()
    await visible(page, '.rate-star-5').first().click()
    await seen(page, '5 星 · 非常满意').waitFor()
    await fill(page, '.field-comment', '工资拿到了，谢谢驿站')
    await visible(page, '.action-form-confirm .panel-submit').first().click()

    await waitForState(page, '已结案')
    await expect(stateChip(page).innerText()).resolves.toBe('已结案')
    await seen(page, '你的评价').waitFor()
    await expect(visible(page, '.my-rating').first().innerText()).resolves.toContain('5 星')
    await seen(page, '职工确认已解决，评价 5 星：工资拿到了，谢谢驿站').waitFor()
    expect(await visible(page, '.act-confirm').count()).toBe(0)
    expect(await visible(page, '.act-withdraw').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the officer then sees the rating and has nothing left to do', async () => {
    const page = await personPage('dev-CX-street-head', `/officer/case/index?id=${filed.id}`)
    await waitForState(page, '已结案')
    await expect(visible(page, '.case-rating').first().innerText()).resolves.toContain('5 星')
    await seen(page, '现在没有需要你处理的操作').waitFor()
    expect(await visible(page, '.act').count()).toBe(0)
    await page.context().close()
  })
})

describe('roles and transfers', () => {
  let filed: { id: string; caseNo: string }

  beforeAll(async () => {
    filed = await fileCase('e2e-actions-0002', '开发区那边的厂子不给交社保，我是在街道这边报的名。')
  })

  it('a member-role officer may accept and note but is not offered 转办 or 上报', async () => {
    const page = await personPage('dev-CX-street-rep', '/officer/inbox/index')
    await visible(page, '.inbox-row').filter({ hasText: filed.caseNo }).first().click()
    await visible(page, '.act-accept').first().waitFor()
    await seen(page, '内部备注只有工作人员能看到，职工看不到').waitFor()
    expect(await visible(page, '.act-transfer').count()).toBe(0)
    expect(await visible(page, '.act-escalate').count()).toBe(0)
    expect(await visible(page, '.act-refer').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the head transfers it to the park station after choosing county → station and confirming', async () => {
    const page = await personPage('dev-CX-street-head', `/officer/case/index?id=${filed.id}`)
    await visible(page, '.act-escalate').first().waitFor()
    await visible(page, '.act-transfer').first().click()
    await seen(page, '第一步：选县区').waitFor()
    await visible(page, '.pick-county-st-CX-0001').first().click()
    await visible(page, '.pick-station-st-CX-0003').first().click()
    await seen(page, '转给：曹县经济开发区驿站（示例）').waitFor()
    await fill(page, '.field-action-text', '用人单位在开发区，由开发区驿站办理更方便。')
    await visible(page, '.action-form-transfer .panel-submit').first().click()
    await seen(page, '对方接收后由对方办理，本驿站不能再办理这条诉求').waitFor()
    await confirmModal(page, '转办')

    const banner = visible(page, '.pending-transfer').first()
    await banner.waitFor()
    await expect(banner.innerText()).resolves.toContain('正在等待 曹县经济开发区驿站（示例） 接收，理由：用人单位在开发区')
    // One transfer at a time: no second 转办 while this one waits.
    expect(await visible(page, '.act-transfer').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the park liaison finds it under 转来, sees 接收转办 and takes the case', async () => {
    const page = await personPage('dev-CX-park-liaison', '/officer/inbox/index')
    await seen(page, '转来', true).click()
    await visible(page, '.inbox-row').first().click()
    await visible(page, '.pending-transfer').first().waitFor()
    await visible(page, '.act-decline').first().waitFor()
    await visible(page, '.act-takeTransfer').first().click()
    await waitForState(page, '已受理')
    await seen(page, '你接收了转办，由 曹县经济开发区驿站（示例） 继续办理').waitFor()
    expect(await visible(page, '.pending-transfer').count()).toBe(0)
    expect(await visible(page, '.act-takeTransfer').count()).toBe(0)
    await expect(page.locator('.kv').filter({ hasText: '办理驿站' }).filter({ visible: true }).first().innerText()).resolves.toContain('曹县经济开发区驿站（示例）')
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})

describe('转办 offers only the stations the case may go to', () => {
  const ENTERPRISES = ['st-CX-0004', 'st-CX-0005']
  const OTHERS = ['st-CX-0001', 'st-CX-0002', 'st-CX-0003']
  const HIDDEN = '这条诉求是“对单位保密”的，不能转给企业驿站，这里不显示企业驿站'
  let open: { id: string; caseNo: string }
  let confidential: { id: string; caseNo: string }

  beforeAll(async () => {
    open = await fileCase('e2e-actions-0003', '街道这边的饭店三个月没发工资了，老板说月底一起结。')
    confidential = await fileCase('e2e-actions-0004', '单位让我们签自愿放弃社保的承诺书，不签就辞退。', 'confidential')
  })

  /** The head opens 转办 on the case and chooses 曹县: the county's stations are listed. */
  const openPicker = async (page: Page, caseId: string, shot?: string) => {
    await page.goto(`${e2e.host.url}/officer/case/index?id=${caseId}`)
    await visible(page, '.act-transfer').first().click()
    await visible(page, '.pick-county-st-CX-0001').first().waitFor()
    if (shot) {
      await shoot(page, shot)
      await expect(cutOff(page, '.officer-case')).resolves.toEqual([])
    }
    await visible(page, '.pick-county-st-CX-0001').first().click()
    await visible(page, '.pick-station-st-CX-0001').first().waitFor()
  }
  const listed = async (page: Page, ids: string[]) => {
    const out: string[] = []
    for (const id of ids) if (await visible(page, `.pick-station-${id}`).count()) out.push(id)
    return out
  }

  it('an open case: every station of 曹县, enterprise stations too, and no note', async () => {
    const page = await personPage('dev-CX-street-head', `/officer/case/index?id=${open.id}`)
    await openPicker(page, open.id)
    await expect(listed(page, [...OTHERS, ...ENTERPRISES])).resolves.toEqual([...OTHERS, ...ENTERPRISES])
    expect(await visible(page, '.station-picker__hidden').count()).toBe(0)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a confidential case: no enterprise station, one line saying so, nothing cut off in either mode', async () => {
    const page = await personPage('dev-CX-street-head', `/officer/case/index?id=${confidential.id}`)
    await openPicker(page, confidential.id, 'officer-case-transfer-counties')
    await expect(listed(page, [...OTHERS, ...ENTERPRISES])).resolves.toEqual(OTHERS)
    await expect(visible(page, '.station-picker__hidden').first().innerText()).resolves.toBe(HIDDEN)
    await shoot(page, 'officer-case-transfer-confidential')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])

    await turnOnElderMode(page, e2e.host.url)
    await openPicker(page, confidential.id, 'officer-case-transfer-counties-elder')
    await visible(page, '.screen.elder.officer-case').first().waitFor()
    await expect(listed(page, [...OTHERS, ...ENTERPRISES])).resolves.toEqual(OTHERS)
    await seen(page, HIDDEN).waitFor()
    await shoot(page, 'officer-case-transfer-confidential-elder')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})

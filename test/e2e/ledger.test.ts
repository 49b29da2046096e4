import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import { MEDIA_WORDS } from '../../types/contracts/media'
import { confirmModal, fill, noToast, seen, setUpE2E, visible } from '../support/e2e'
import { exeBytes, gpsJpeg } from '../support/media-fixtures'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * The township officer's day in a real browser on the H5 build, through the local host over SQLite:
 *  1. the city admin adds a city-wide reply template (我的 → 全市常用回复), the street head one of the station's
 *     own (工作台 → 常用回复);
 *  2. on a wage-arrears case the head accepts, opens 常用回复 in the reply box (both templates, the city's
 *     marked 全市通用), inserts the station's one, edits it and sends it;
 *  3. 办结 refuses without a conclusion, then takes 已达成调解 with the money recovered and the workers paid;
 *  4. the worker sees the conclusion in plain words and closes the case with 5 stars;
 *  5. the head's 工作台账 counts it, an activity is logged with a photo (a renamed .exe refused in words; the
 *     thumbnail shows in the list and a tap opens the picture), and 导出 Excel shows its progress and downloads a
 *     workbook that reads back with exceljs with the case, its conclusion, money and rating, and the activity.
 * With HX_SHOTS=<dir>, the resolve form, the templates picker, the ledger and the export progress are saved at
 * 375 px, normally and in 长辈模式. Needs `dist/h5`.
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('ledger')
const HEAD = 'dev-CX-street-head'
const CITY = 'dev-city-admin'

const fileCase = async (requestId: string, description: string): Promise<{ id: string; caseNo: string }> => {
  const res = await fetch(`${e2e.host.url}/api/worker`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: 'hx_dev=dev-worker-zhang' },
    body: JSON.stringify({
      op: 'case.submit',
      input: { stationId: 'st-CX-0002', channel: 'qr', category: 'wage_arrears', description, amountOwed: 9000, workersAffected: 3, aboutOwnEmployer: false, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } },
      requestId,
    }),
  })
  const body = (await res.json()) as { ok: boolean; data?: { id: string; caseNo: string } }
  if (!body.ok || !body.data) throw new Error('case.submit failed')
  return body.data
}

const waitForState = (page: Page, label: string) =>
  page.waitForFunction(
    (want) => Array.from(document.querySelectorAll('.state-chip')).some((el) => (el as HTMLElement).offsetParent !== null && el.textContent?.trim() === want),
    label,
  )

/** Cut-off elements, less the picture inside a photo tile: aspectFill draws it larger and the tile clips it. */
const cutOffBesidesTiles = async (page: Page, root: string) => (await cutOff(page, root)).filter((c) => !c.startsWith('taro-img__mode-aspectfill'))

/** Chooses files in the photo picker of the activity form (the H5 build's file input). */
const addPhotos = async (page: Page, files: Array<{ name: string; mimeType: string; buffer: Buffer }>) => {
  const chooser = page.waitForEvent('filechooser')
  await visible(page, '.activity-form .add-photo').first().click()
  await (await chooser).setFiles(files)
}

/** A screenshot of what a person sees once the last toast has gone. */
const shot = async (page: Page, name: string) => {
  await noToast(page)
  await shoot(page, name)
}

const STATION_TEMPLATE = '你好，你反映的欠薪问题我们已经受理，已联系项目部核实。'
const CITY_TEMPLATE = '着急可以拨打 12333 人社服务热线。'
const RESULT = '经调解，项目部同意本周内支付拖欠的工资，已当面付给三名工人。'

describe('the township officer’s day', () => {
  let filed: { id: string; caseNo: string }

  beforeAll(async () => {
    filed = await fileCase('e2e-ledger-0001', '工地上拖欠我们三个人两个月的工资，找项目部也没人管。')
  })

  it('the city admin adds a city-wide reply template from 我的', async () => {
    const page = await e2e.personPage(CITY, '/pages/me/index')
    await visible(page, '.go-city-templates').first().click()
    await seen(page, '这里的常用回复全市通用').waitFor()
    await visible(page, '.open-template-new').first().click()
    await fill(page, '.field-template-title', '维权热线')
    await fill(page, '.field-template-text', CITY_TEMPLATE)
    await visible(page, '.template-form .panel-submit').first().click()
    await seen(page, CITY_TEMPLATE).waitFor()
    await shot(page, 'officer-templates-city')
    await expect(cutOff(page, '.templates')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the street head adds one of the station’s own, inserts it into the reply box, edits and sends it', async () => {
    const page = await e2e.personPage(HEAD, '/officer/inbox/index')
    await visible(page, '.go-templates').first().click()
    await seen(page, '本驿站的常用回复').waitFor()
    await visible(page, '.open-template-new').first().click()
    // Nothing typed: the contract's own words say what is missing.
    await visible(page, '.template-form .panel-submit').first().click()
    await seen(page, '标题至少 2 个字').waitFor()
    await fill(page, '.field-template-title', '已受理')
    await fill(page, '.field-template-text', STATION_TEMPLATE)
    await visible(page, '.template-form .panel-submit').first().click()
    await seen(page, STATION_TEMPLATE).waitFor()

    await page.goto(`${e2e.host.url}/officer/case/index?id=${filed.id}`)
    await visible(page, '.act-accept').first().click()
    await waitForState(page, '已受理')
    await visible(page, '.open-templates').first().click()
    const rows = visible(page, '.template-row')
    await rows.first().waitFor()
    await expect(rows.allInnerTexts()).resolves.toEqual([expect.stringContaining('已受理'), expect.stringContaining('全市通用')])
    await shot(page, 'officer-case-templates')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])
    await rows.first().click()
    const box = visible(page, '.field-thread textarea, textarea.field-thread').first()
    await expect(box.inputValue()).resolves.toBe(STATION_TEMPLATE)
    await box.fill(`${STATION_TEMPLATE}预计周五前给你答复。`)
    await visible(page, '.thread-send-reply').first().click()
    await seen(page, `${STATION_TEMPLATE}预计周五前给你答复。`).waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the head resolves with a conclusion and the money recovered; without a conclusion it is refused', async () => {
    const page = await e2e.personPage(HEAD, `/officer/case/index?id=${filed.id}`)
    await visible(page, '.act-resolve').first().click()
    await visible(page, '.conclusion-mediated').first().waitFor()
    await shot(page, 'officer-case-resolve')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])
    await fill(page, '.field-action-text', RESULT)
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await seen(page, '请选择办结结论').waitFor()
    await visible(page, '.conclusion-mediated').first().click()
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await confirmModal(page, '办结')
    // The server says what a wage-arrears resolution still needs.
    await seen(page, '农民工欠薪诉求办结时，请填写追回的工资金额（没有追回填 0）').waitFor()
    await fill(page, '.field-amount-recovered', '8600')
    await fill(page, '.field-workers-paid', '3')
    await visible(page, '.action-form-resolve .panel-submit').first().click()
    await confirmModal(page, '办结')
    await waitForState(page, '已答复待确认')
    await expect(visible(page, '.case-conclusion').first().innerText()).resolves.toMatch(/已达成调解[\s\S]*追回工资 8600 元[\s\S]*3 人拿到了工资/)
    await seen(page, '办结结论：已达成调解，追回工资 8600 元，3 人拿到了工资').waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the worker reads the conclusion in plain words and closes the case with 5 stars', async () => {
    const page = await e2e.personPage('dev-worker-zhang', `/pages/case/index?id=${filed.id}`)
    await waitForState(page, '已答复待确认')
    await expect(visible(page, '.case-conclusion').first().innerText()).resolves.toMatch(/驿站的办结结论[\s\S]*已达成调解[\s\S]*追回工资 8600 元/)
    await visible(page, '.act-confirm').first().click()
    await visible(page, '.rate-star-5').first().click()
    await visible(page, '.action-form-confirm .panel-submit').first().click()
    await waitForState(page, '已结案')
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the head’s ledger counts it, an activity is logged, and the export downloads with the right rows', async () => {
    const page = await e2e.personPage(HEAD, '/officer/inbox/index')
    await visible(page, '.go-ledger').first().click()
    await seen(page, '工作台账 · 按月统计').waitFor()
    const figure = (key: string) => visible(page, `.ledger-figures .ui-table-row-${key} .ui-table__cell-value`).first().innerText()
    await expect(figure('received')).resolves.toBe('1 件')
    await expect(figure('resolved')).resolves.toBe('1 件')
    await expect(visible(page, '.ledger-satisfaction').first().innerText()).resolves.toContain('平均 5 星')
    await expect(visible(page, '.ledger-conclusions .ui-table-row-mediated').first().innerText()).resolves.toContain('1')
    await seen(page, '农民工欠薪：追回工资 8600 元，3 人拿到工资').waitFor()

    await visible(page, '.open-activity').first().click()
    await visible(page, '.activity-form .panel-submit').first().click()
    await seen(page, '请选择活动类型').waitFor()
    await visible(page, '.activity-kind-propaganda').first().click()
    // Choosing a type takes away the refusal that asked for one.
    await seen(page, '请选择活动类型').waitFor({ state: 'hidden' })
    await fill(page, '.field-activity-place', '曹城街道便民服务中心')
    await fill(page, '.field-activity-attendees', '40')
    await fill(page, '.field-activity-note', '宣讲《保障农民工工资支付条例》，发放资料 60 份')
    // A program renamed .jpg is refused in words and leaves nothing on the form; a photo uploads with its progress.
    await addPhotos(page, [{ name: '现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(exeBytes(4096)) }])
    await seen(page, MEDIA_WORDS.photoType).waitFor()
    await expect(visible(page, '.activity-form .media-tile:not(.media-tile--add)').count()).resolves.toBe(0)
    await addPhotos(page, [{ name: '宣讲现场.jpg', mimeType: 'image/jpeg', buffer: Buffer.from(gpsJpeg(400, 300, 1, true)) }])
    await visible(page, '.activity-form .media-tile--done').first().waitFor()
    await shot(page, 'officer-ledger-activity-form')
    await expect(cutOffBesidesTiles(page, '.ledger')).resolves.toEqual([])
    await visible(page, '.activity-form .panel-submit').first().click()
    await seen(page, '宣讲《保障农民工工资支付条例》，发放资料 60 份').waitFor()
    await seen(page, '活动记录（1 次）').waitFor()
    // The list shows the photo's thumbnail, served by the local host through the URL the list handed out.
    const thumb = visible(page, '.activity-row__photos .photo-tile img').first()
    await thumb.waitFor()
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.activity-row__photos .photo-tile img')).some((i) => i.complete && i.naturalWidth > 0))
    await expect(thumb.getAttribute('src')).resolves.toMatch(/^\/__files\/activity\/[0-9a-f]{32}\?exp=\d+&sig=/)
    await shot(page, 'officer-ledger')
    await expect(cutOffBesidesTiles(page, '.ledger')).resolves.toEqual([])
    // A tap opens the picture itself (H5's own viewer; the mini-program's previewImage).
    await visible(page, '.activity-row__photos .photo-tile').first().click()
    await visible(page, '.photo-viewer').first().waitFor()
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLImageElement>('.photo-viewer img')).some((i) => i.complete && i.naturalWidth === 400))
    await shot(page, 'officer-ledger-photo')
    await visible(page, '.photo-viewer').first().click()
    await expect(visible(page, '.photo-viewer').count()).resolves.toBe(0)

    // On a slow line the export call takes a moment to arrive: the page shows its progress meanwhile.
    await page.route('**/api/officer', async (route) => {
      const body = route.request().postData() ?? ''
      if (body.includes('"ledger.export"')) await new Promise((r) => setTimeout(r, 4000))
      await route.continue()
    })
    const download = page.waitForEvent('download')
    await visible(page, '.export-ledger').first().click()
    await visible(page, '.ledger-export .ui-progress').first().waitFor()
    await seen(page, '正在生成').waitFor()
    await shot(page, 'officer-ledger-export-progress')
    const file = await download
    const monthShown = (await visible(page, '.ledger-month').first().innerText()).trim()
    expect(file.suggestedFilename()).toBe(`曹城街道驿站（示例）工作台账（${monthShown}）.xlsx`)
    await seen(page, '已生成：').waitFor()

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(readFileSync(await file.path()) as never)
    expect(wb.worksheets.map((w) => w.name)).toEqual(['台账汇总', '办结结论', '分类统计', '诉求明细', '活动记录'])
    const list = wb.getWorksheet('诉求明细')!
    expect(list.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    const row = list.getRow(2)
    expect([row.getCell(1).value, row.getCell(3).value, row.getCell(8).value, row.getCell(9).value, row.getCell(10).value, row.getCell(11).value, row.getCell(12).value]).toEqual([
      filed.caseNo,
      '农民工欠薪',
      '已达成调解',
      8600,
      3,
      5,
      '张三',
    ])
    expect(row.getCell(2).value).toBeInstanceOf(Date)
    expect(list.rowCount).toBe(2)
    const activity = wb.getWorksheet('活动记录')!.getRow(2)
    expect([activity.getCell(2).value, activity.getCell(3).value, activity.getCell(4).value, activity.getCell(6).value]).toEqual(['宣讲', '曹城街道便民服务中心', 40, '曹城街道王所长'])
    expect(activity.getCell(1).value).toBeInstanceOf(Date)
    expect(activity.getCell(7).value).toBe(1)
    const summary = new Map<string, unknown>()
    wb.getWorksheet('台账汇总')!.eachRow((r) => summary.set(String(r.getCell(1).value), r.getCell(2).value))
    expect([summary.get('收到诉求'), summary.get('办结'), summary.get('平均满意度'), summary.get('追回工资'), summary.get('活动')]).toEqual([1, 1, 5, 8600, 1])
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('shows the same pages in 长辈模式 with nothing cut off at 375 px', async () => {
    const other = await fileCase('e2e-ledger-0002', '另一个工地也拖欠了工资，项目部说年底一起结。')
    const page = await e2e.personPage(HEAD, `/officer/case/index?id=${other.id}`)
    await turnOnElderMode(page, e2e.host.url)
    await page.goto(`${e2e.host.url}/officer/case/index?id=${other.id}`)
    await visible(page, '.screen.elder.officer-case').first().waitFor()
    await visible(page, '.act-accept').first().click()
    await waitForState(page, '已受理')
    await visible(page, '.open-templates').first().click()
    await visible(page, '.template-row').first().waitFor()
    await shot(page, 'officer-case-templates-elder')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])
    await visible(page, '.act-resolve').first().click()
    await visible(page, '.conclusion-mediated').first().waitFor()
    await visible(page, '.field-amount-recovered').first().waitFor()
    await shot(page, 'officer-case-resolve-elder')
    await expect(cutOff(page, '.officer-case')).resolves.toEqual([])

    await page.goto(`${e2e.host.url}/officer/ledger/index?stationId=st-CX-0002`)
    await visible(page, '.screen.elder.ledger').first().waitFor()
    await seen(page, '活动记录（1 次）').waitFor()
    await visible(page, '.activity-row__photos .photo-tile').first().waitFor()
    await shot(page, 'officer-ledger-elder')
    await expect(cutOffBesidesTiles(page, '.ledger')).resolves.toEqual([])
    await visible(page, '.open-activity').first().click()
    await visible(page, '.activity-form .add-photo').first().waitFor()
    await shot(page, 'officer-ledger-activity-form-elder')
    await expect(cutOffBesidesTiles(page, '.ledger')).resolves.toEqual([])
    await page.route('**/api/officer', async (route) => {
      if ((route.request().postData() ?? '').includes('"ledger.export"')) await new Promise((r) => setTimeout(r, 4000))
      await route.continue()
    })
    const download = page.waitForEvent('download')
    await visible(page, '.export-ledger').first().click()
    await visible(page, '.ledger-export .ui-progress').first().waitFor()
    await shot(page, 'officer-ledger-export-progress-elder')
    await expect(cutOffBesidesTiles(page, '.ledger')).resolves.toEqual([])
    await download
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('lets the city admin add a standard conclusion, which the resolve form then offers', async () => {
    const page = await e2e.personPage(CITY, '/pages/me/index')
    await turnOnElderMode(page, e2e.host.url)
    await visible(page, '.go-conclusions').first().click()
    await visible(page, '.screen.elder.conclusions').first().waitFor()
    await visible(page, '.conclusion-row-solved').first().waitFor()
    await visible(page, '.add-conclusion').first().click()
    await visible(page, '.conclusion-row-new-8 input.field-conclusion-label, .conclusion-row-new-8 .field-conclusion-label input').first().fill('已协调用人单位')
    await shot(page, 'admin-conclusions-elder')
    await expect(cutOff(page, '.conclusions')).resolves.toEqual([])
    await visible(page, '.save-conclusions').first().click()
    await confirmModal(page, '保存')
    await visible(page, '.conclusion-row-c9').first().waitFor()
    await page.context().close()

    const head = await e2e.personPage(HEAD, '/officer/inbox/index')
    const third = await fileCase('e2e-ledger-0003', '第三个工地的工人反映拖欠工资，人数还在核实。')
    await head.goto(`${e2e.host.url}/officer/case/index?id=${third.id}`)
    await visible(head, '.act-accept').first().click()
    await waitForState(head, '已受理')
    await visible(head, '.act-resolve').first().click()
    await visible(head, '.conclusion-c9').first().waitFor()
    await expect(visible(head, '.conclusion-c9').first().innerText()).resolves.toContain('已协调用人单位')
    await head.context().close()
  })
})

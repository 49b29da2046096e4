import ExcelJS from 'exceljs'
import { readFileSync } from 'node:fs'
import type { Page } from 'playwright-core'
import type { CaseDoc, OutboxDoc } from '../../cloudfunctions/core/app/records'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import { localPorts } from '../../cloudfunctions/local/ports'
import { confirmModal, fill, noToast, seen, setUpE2E, type PersonPage, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * An officer's day (issue #16), one journey in a real browser on the H5 build, through the local host over SQLite.
 * The fixture: four cases filed in 曹县 a moment ago by 张师傅 —
 *   A  农民工欠薪 at 曹城街道驿站, open, 3 workers, 9 000 元: accepted there, its 办结 deadline then missed;
 *   B  工资报酬 at 开发区驿站, open: not accepted yet;
 *   C  劳动合同 at 曹城街道驿站, anonymous: accepted;
 *   D  社会保险 at 曹城街道驿站, confidential: accepted, its 办结 deadline missed too (still open at the end).
 * The sweep records both misses, so 曹县 supervises A and D. Then:
 *  1. 曹县周科长 opens 全辖区 → 已超期 and sees A (and D), the street station named on the row;
 *  2. opens A and sends 督办 with his words (ADR 0029);
 *  3. the street head finds A under 已超期, reads the 督办 on it, and resolves it with 已达成调解, 8 600 元
 *     recovered and 3 workers paid;
 *  4. 张师傅 reads the result (never the 督办) and closes A with 5 stars;
 *  5. the street head's ledger exports: the workbook read back with exceljs lists A, C and D with their words;
 *  6. 周科长's dashboard of 全县区 shows the figures counted by hand from the fixture above; each chart is drawn by
 *     ECharts with its table beside it, and in 长辈模式 the table comes first, the chart one tap away, nothing cut
 *     off at 375 px (this step took over the former dashboard browser test; HX_SHOTS=<dir> saves both shots).
 * Three sign-ins, each page kept while the journey needs it. Needs `dist/h5`.
 */
jest.setTimeout(240_000)

const e2e = setUpE2E('officer-day')
const COUNTY_HEAD = 'dev-CX-county-head'
const STREET_HEAD = 'dev-CX-street-head'
const WORKER = 'dev-worker-zhang'
const STREET = '曹城街道驿站（示例）'
const PARK = '曹县经济开发区驿站（示例）'
const COUNTY = '曹县劳动关系服务驿站'
const SUPERVISE = '请于本周五前约谈东关饭店负责人，把拖欠的工资落实到人，办结后报县驿站。'
const RESULT = '经约谈调解，饭店当面补发了三名工人拖欠的工资。'

const api = async <T>(fn: string, openid: string, op: string, input: object, requestId: string): Promise<T> => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId }),
  })
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown }
  if (!body.ok || !body.data) throw new Error(`${op} failed: ${JSON.stringify(body.error)}`)
  return body.data
}

type Filed = { id: string; caseNo: string }
const CONTACT = { contact: { name: '张三', phone: '13800000001' } }
const file = (n: number, input: object) =>
  api<Filed>('worker', WORKER, 'case.submit', { channel: 'qr', workersAffected: 1, aboutOwnEmployer: false, employer: { kind: 'unknown' }, ...input }, `e2e-day-file-${n}`)
const accept = async (openid: string, id: string, n: number) => {
  const { version } = await api<{ version: number }>('officer', openid, 'case.detail', { id }, `e2e-day-detail-${n}`)
  await api('officer', openid, 'case.accept', { id, version }, `e2e-day-accept-${n}`)
}

const waitForState = (page: Page, label: string) =>
  page.waitForFunction(
    (want) => Array.from(document.querySelectorAll('.state-chip')).some((el) => (el as HTMLElement).offsetParent !== null && el.textContent?.trim() === want),
    label,
  )
const text = (page: Page, selector: string) => visible(page, selector).first().innerText()
const row = (page: Page, caseNo: string) => visible(page, '.inbox-row').filter({ hasText: caseNo }).first()

describe('an officer’s day', () => {
  let a: Filed, b: Filed, c: Filed, d: Filed
  let county: PersonPage
  let street: PersonPage

  beforeAll(async () => {
    a = await file(1, { stationId: 'st-CX-0002', category: 'wage_arrears', description: '东关饭店拖欠我们三个人两个月的工资，老板一直躲着不见。', amountOwed: 9000, workersAffected: 3, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'open', ...CONTACT })
    b = await file(2, { stationId: 'st-CX-0003', category: 'pay', description: '开发区的厂里这个月的加班费没有按规定算。', privacy: 'open', ...CONTACT })
    c = await file(3, { stationId: 'st-CX-0002', category: 'contract', description: '干了半年了单位一直不跟我们签劳动合同。', privacy: 'anonymous' })
    d = await file(4, { stationId: 'st-CX-0002', category: 'social_insurance', description: '单位从今年起就没给我们交社保。', privacy: 'confidential', ...CONTACT })
    for (const [n, x] of [a, c, d].entries()) await accept(STREET_HEAD, x.id, n)
    // A's and D's 办结 deadlines passed an hour ago (the browser's clock cannot be moved): the sweep records the misses.
    const hourAgo = Date.now() - 3600_000
    for (const x of [a, d]) {
      const doc = (await e2e.store.get<CaseDoc>('cases', x.id))!
      await e2e.store.update<CaseDoc>('cases', doc._id, doc._v, { clocks: { ...doc.clocks, resolve: { dueAt: hourAgo, warnAt: null, misses: 0 } }, nextDueAt: hourAgo })
    }
    const ports = localPorts(e2e.store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) } })
    const swept = await dispatch('sweep', { op: 'sweep.run', input: {}, requestId: 'e2e-day-sweep' }, { openid: null, via: 'timer' }, ports)
    if (!swept.ok) throw new Error(swept.error.message)
  })

  afterAll(async () => {
    await county?.context().close()
    await street?.context().close()
  })

  it('1–2. the county head sees the township’s overdue case in 全辖区, opens it and sends 督办', async () => {
    county = await e2e.personPage(COUNTY_HEAD, '/officer/inbox/index')
    await seen(county, COUNTY, true).waitFor()
    await visible(county, '.scope-subtree').first().click()
    await visible(county, '.scope-subtree.inbox-scope__item--on').first().waitFor()
    await visible(county, '.tab-overdue').first().click()
    await row(county, a.caseNo).waitFor()
    await expect(text(county, '.tab-overdue .ui-tabs__count')).resolves.toBe('2')
    await expect(row(county, a.caseNo).locator('.inbox-row__station').innerText()).resolves.toBe(STREET)
    await expect(row(county, a.caseNo).locator('.inbox-row__overdue').innerText()).resolves.toBe(`办结已超期，${COUNTY}督办`)
    await row(county, d.caseNo).waitFor()
    expect(await row(county, b.caseNo).count()).toBe(0)

    await row(county, a.caseNo).click()
    await visible(county, '.supervisor').first().waitFor()
    await expect(text(county, '.supervisor__title')).resolves.toBe(`${COUNTY} 督办中`)
    // Above the owner: he does not handle the case himself.
    for (const act of ['accept', 'resolve', 'transfer']) expect(await visible(county, `.act-${act}`).count()).toBe(0)
    await visible(county, '.act-supervise').first().click()
    await visible(county, '.action-form-supervise .panel-submit').first().click()
    await seen(county, '请写明督办意见').waitFor()
    await fill(county, '.field-action-text', SUPERVISE)
    // Writing the words takes the refusal away: it spoke of an empty field.
    expect(await seen(county, '请写明督办意见').count()).toBe(0)
    await shoot(county, 'officer-case-supervise')
    await expect(cutOff(county, '.officer-case')).resolves.toEqual([])
    await visible(county, '.action-form-supervise .panel-submit').first().click()
    await seen(county, `你督办了这条诉求：${SUPERVISE}`).waitFor()
    await expect(text(county, '.supervision')).resolves.toContain(`你督办了这条诉求：${SUPERVISE}`)
    expect(await visible(county, '.action-form-supervise').count()).toBe(0)
    // The street station's officers are told; the worker is not.
    const told = (await e2e.store.find<OutboxDoc>('outbox', { where: { caseId: a.id }, limit: 100 })).items.filter((r) => r.kind === 'case.escalated').map((r) => r.to)
    expect(told).toContain(STREET_HEAD)
    expect(told).not.toContain(WORKER)
    expect(county.errors).toEqual([])
  })

  it('3. the township officer reads the 督办 and resolves with a conclusion and the amount recovered', async () => {
    street = await e2e.personPage(STREET_HEAD, '/officer/inbox/index')
    await visible(street, '.tab-overdue').first().click()
    await row(street, a.caseNo).click()
    await waitForState(street, '已受理')
    await expect(text(street, '.supervisor__title')).resolves.toBe(`${COUNTY} 督办中`)
    // The banner repeats the latest 督办, in words for him; the timeline has it too.
    await expect(text(street, '.supervision')).resolves.toContain(`${COUNTY} 曹县周科长 督办了这条诉求：${SUPERVISE}`)
    await seen(street, `${COUNTY} 曹县周科长 督办了这条诉求：${SUPERVISE}`).waitFor()
    expect(await visible(street, '.act-supervise').count()).toBe(0)
    await shoot(street, 'officer-case-supervised')
    await expect(cutOff(street, '.officer-case')).resolves.toEqual([])

    await visible(street, '.act-resolve').first().click()
    await visible(street, '.conclusion-mediated').first().click()
    await fill(street, '.field-amount-recovered', '8600')
    await fill(street, '.field-workers-paid', '3')
    await fill(street, '.field-action-text', RESULT)
    await visible(street, '.action-form-resolve .panel-submit').first().click()
    await confirmModal(street, '办结')
    await waitForState(street, '已答复待确认')
    await expect(text(street, '.case-conclusion')).resolves.toMatch(/已达成调解[\s\S]*追回工资 8600 元[\s\S]*3 人拿到了工资/)
    expect(street.errors).toEqual([])
  })

  it('4. the worker reads the result, never the 督办, and rates it', async () => {
    const worker = await e2e.personPage(WORKER, `/pages/case/index?id=${a.id}`)
    await waitForState(worker, '已答复待确认')
    await expect(text(worker, '.case-conclusion')).resolves.toMatch(/已达成调解[\s\S]*追回工资 8600 元/)
    expect(await worker.content()).not.toContain('约谈东关饭店负责人')
    await visible(worker, '.act-confirm').first().click()
    await visible(worker, '.rate-star-5').first().click()
    await visible(worker, '.action-form-confirm .panel-submit').first().click()
    await waitForState(worker, '已结案')
    expect(worker.errors).toEqual([])
    await worker.context().close()
  })

  it('5. the street station’s ledger export downloads, and reads back with the right rows', async () => {
    await street.goto(`${e2e.host.url}/officer/ledger/index?stationId=st-CX-0002`)
    await seen(street, '工作台账 · 按月统计').waitFor()
    const figure = (key: string) => text(street, `.ledger-figures .ui-table-row-${key} .ui-table__cell-value`)
    await expect(figure('received')).resolves.toBe('3 件')
    await expect(figure('resolved')).resolves.toBe('1 件')
    const download = street.waitForEvent('download')
    await visible(street, '.export-ledger').first().click()
    const got = await download
    await seen(street, '已生成：').waitFor()

    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(readFileSync(await got.path()) as never)
    const list = wb.getWorksheet('诉求明细')!
    const cells = (n: number) => {
      const r = list.getRow(n)
      return [1, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13].map((i) => r.getCell(i).value)
    }
    expect(list.rowCount).toBe(4)
    expect(cells(2)).toEqual([a.caseNo, '农民工欠薪', '公开给驿站', '新收、受理、超期、办结（超时）、职工评价 5 星', '已结案', STREET, '已达成调解', 8600, 3, 5, '张三', '13800000001'])
    expect(cells(3)).toEqual([c.caseNo, '劳动合同', expect.stringContaining('匿名'), '新收、受理', '已受理', STREET, '', '', '', '', '匿名职工', ''])
    expect(cells(4)).toEqual([d.caseNo, '社会保险', expect.stringContaining('保密'), '新收、受理、超期', '已受理', STREET, '', '', '', '', '张三', '13800000001'])
    expect(list.getRow(2).getCell(2).value).toBeInstanceOf(Date)
    const summary = new Map<string, unknown>()
    wb.getWorksheet('台账汇总')!.eachRow((r) => summary.set(String(r.getCell(1).value), r.getCell(2).value))
    expect([summary.get('收到诉求'), summary.get('办结'), summary.get('超期'), summary.get('平均满意度'), summary.get('追回工资'), summary.get('拿到工资')]).toEqual([3, 1, 2, 5, 8600, 3])
    expect(street.errors).toEqual([])
  })

  it('6. the county head’s dashboard shows the numbers counted by hand on the fixture, each chart with its table', async () => {
    await county.goto(`${e2e.host.url}/officer/inbox/index`)
    await visible(county, '.go-dashboard').first().click()
    // His own station handles none of them.
    await seen(county, '本驿站办理的').waitFor()
    await expect(text(county, '.tile-new .dashboard-tile__value')).resolves.toBe('0 件')
    await visible(county, '.scope-area').first().click()
    await seen(county, `${COUNTY} · 全县区`).waitFor()
    // By hand: 4 filed in 曹县 (A–D); 2 misses (A, D); 3 accepted (A, C, D), all on time; 1 resolved (A), after its
    // deadline; A's 5 stars, nothing reopened.
    const tile = (key: string) => text(county, `.tile-${key} .dashboard-tile__value`)
    const note = (key: string) => text(county, `.tile-${key} .dashboard-tile__note`)
    for (const period of ['week', 'month', 'quarter']) {
      await visible(county, `.tab-${period}`).first().click()
      await expect(tile('new')).resolves.toBe('4 件')
      await expect(tile('overdue')).resolves.toBe('2 次')
      await expect(tile('acceptRate')).resolves.toBe('100%')
      await expect(note('acceptRate')).resolves.toBe('受理 3 件')
      await expect(tile('resolveRate')).resolves.toBe('0%')
      await expect(note('resolveRate')).resolves.toBe('办结 1 件')
      await expect(tile('satisfaction')).resolves.toBe('5 星')
      await expect(note('satisfaction')).resolves.toBe('1 件评价')
      await expect(tile('reopenRate')).resolves.toBe('0%')
    }
    const cell = (table: string, key: string, column: string) => text(county, `.table-${table} .ui-table-row-${key} .ui-table__cell-${column}`)
    for (const [category, filed, resolved, overdue] of [['wage_arrears', '1', '1', '1'], ['pay', '1', '0', '0'], ['contract', '1', '0', '0'], ['social_insurance', '1', '0', '1']] as const)
      await expect(Promise.all([cell('category', category, 'filed'), cell('category', category, 'resolved'), cell('category', category, 'overdue')])).resolves.toEqual([filed, resolved, overdue])
    await expect(Promise.all([cell('station', 'st-CX-0002', 'filed'), cell('station', 'st-CX-0002', 'overdue'), cell('station', 'st-CX-0002', 'acceptRate')])).resolves.toEqual(['3', '2', '100%'])
    await expect(Promise.all([cell('station', 'st-CX-0003', 'name'), cell('station', 'st-CX-0003', 'filed'), cell('station', 'st-CX-0003', 'overdue')])).resolves.toEqual([PARK, '1', '0'])
    // Under 督办 and still open: D alone.
    await seen(county, '超期未办结、督办中（1 件）').waitFor()
    await expect(text(county, `.overdue-${d.id}`)).resolves.toContain(`${STREET} 办理 · ${COUNTY} 督办`)
    expect(await visible(county, `.overdue-${a.id}`).count()).toBe(0)

    // ECharts draws each chart on a canvas beside its table; 只看表格 hides it and 显示图表 brings it back.
    await visible(county, '.tab-week').first().click()
    await seen(county, /本周（\d+月\d+日起）/).waitFor()
    for (const block of ['.chart-trend', '.chart-category', '.chart-station']) await visible(county, `${block} canvas`).first().waitFor()
    await visible(county, '.chart-trend .toggle-chart').first().click()
    expect(await visible(county, '.chart-trend canvas').count()).toBe(0)
    await visible(county, '.chart-trend .toggle-chart').first().click()
    await visible(county, '.chart-trend canvas').first().waitFor()
    await noToast(county)
    await shoot(county, 'officer-dashboard')
    await expect(cutOff(county, '.dashboard')).resolves.toEqual([])

    // In 长辈模式 each table comes first and its chart is one tap away; nothing is cut off at 375 px.
    await turnOnElderMode(county, e2e.host.url)
    await county.goto(`${e2e.host.url}/officer/dashboard/index?stationId=st-CX-0001&scope=area`)
    await visible(county, '.screen.elder.dashboard').first().waitFor()
    await visible(county, '.table-trend').first().waitFor()
    await expect(tile('new')).resolves.toBe('4 件')
    expect(await visible(county, '.dashboard canvas').count()).toBe(0)
    await expect(text(county, '.chart-trend .toggle-chart')).resolves.toBe('显示图表')
    await shoot(county, 'officer-dashboard-elder')
    await expect(cutOff(county, '.dashboard')).resolves.toEqual([])
    await visible(county, '.chart-trend .toggle-chart').first().click()
    await visible(county, '.chart-trend canvas').first().waitFor()
    expect(county.errors).toEqual([])
  })
})

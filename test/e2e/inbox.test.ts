import type { Page } from 'playwright-core'
import type { CaseDoc } from '../../cloudfunctions/core/app/records'
import { dispatch } from '../../cloudfunctions/core/app/dispatch'
import { localPorts } from '../../cloudfunctions/local/ports'
import { seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * The inbox in a real browser on the H5 build, through the local host over SQLite. The street station accepted
 * a case and let its 办结 deadline pass; the sweep recorded the miss (the county supervises). 曹县周科长 then:
 *  1. opens 全辖区 → 已超期 and sees that case, with 曹城街道驿站 named on the row and the missed deadline in words;
 *  2. filters by category: 工资报酬 keeps it, 社会保险 leaves only the words for an empty filter;
 *  3. switches to his other station (开发区驿站), where role and side follow and 全辖区 is not offered, and the
 *     phone remembers the choice after a reload;
 *  4. at 375 px, normally and in 长辈模式, nothing of the page is cut off (HX_SHOTS=<dir> saves the shots).
 * Needs `dist/h5` (npm test builds it first).
 */
jest.setTimeout(180_000)

const e2e = setUpE2E('inbox')

const post = async <T>(fn: string, openid: string, op: string, input: object, requestId: string): Promise<T> => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId }),
  })
  const body = (await res.json()) as { ok: boolean; data?: T; error?: unknown }
  if (!body.ok || !body.data) throw new Error(`${op} failed: ${JSON.stringify(body.error)}`)
  return body.data
}

const file = (n: number, stationId: string, category: string, description: string) =>
  post<{ id: string; caseNo: string }>(
    'worker',
    'dev-worker-zhang',
    'case.submit',
    { stationId, channel: 'qr', category, description, workersAffected: 1, aboutOwnEmployer: false, employer: { kind: 'unknown' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } },
    `e2e-inbox-file-${n}`,
  )

const COUNTY = '曹县劳动关系服务驿站'
const STREET = '曹城街道驿站（示例）'
const PARK = '曹县经济开发区驿站（示例）'

describe('曹县周科长’s inbox', () => {
  let late: { id: string; caseNo: string }
  let firm: { id: string; caseNo: string }

  beforeAll(async () => {
    late = await file(1, 'st-CX-0002', 'pay', '工地上两个月的工资一直拖着没发，找项目部也没人管。')
    firm = await file(2, 'st-CX-0004', 'social_insurance', '厂里从去年开始就没给我们交社保，问了也不给说法。')
    const { version } = await post<{ version: number }>('officer', 'dev-CX-street-head', 'case.detail', { id: late.id }, 'e2e-inbox-detail-1')
    await post('officer', 'dev-CX-street-head', 'case.accept', { id: late.id, version }, 'e2e-inbox-accept-1')
    // Its 办结 deadline passed an hour ago (the clock cannot be moved in the browser): the sweep records the miss.
    const c = (await e2e.store.get<CaseDoc>('cases', late.id))!
    const hourAgo = Date.now() - 3600_000
    await e2e.store.update<CaseDoc>('cases', c._id, c._v, { clocks: { ...c.clocks, resolve: { dueAt: hourAgo, warnAt: null, misses: 0 } }, nextDueAt: hourAgo })
    const ports = localPorts(e2e.store, 'e2e-secret-0123456789abcdef', { notifier: { send: async () => ({ ok: true }) } })
    const swept = await dispatch('sweep', { op: 'sweep.run', input: {}, requestId: 'e2e-inbox-sweep-1' }, { openid: null, via: 'timer' }, ports)
    if (!swept.ok) throw new Error(swept.error.message)
  })

  const row = (page: Page, caseNo: string) => visible(page, '.inbox-row').filter({ hasText: caseNo }).first()

  const openOverdue = async (page: Page) => {
    await seen(page, COUNTY, true).waitFor()
    await visible(page, '.scope-subtree').first().click()
    await visible(page, '.scope-subtree.inbox-scope__item--on').first().waitFor()
    await visible(page, '.tab-overdue').first().click()
    await row(page, late.caseNo).waitFor()
  }

  it('opens 全辖区 → 已超期, sees the street station’s case named, filters it by category and switches station', async () => {
    const page = await e2e.personPage('dev-CX-county-head', '/officer/inbox/index')
    await seen(page, '负责人 · 政府方 · 管理员').waitFor()
    // 本站: the county owns none of these cases.
    await visible(page, '.tab-overdue').first().click()
    await seen(page, '没有已超期的诉求').waitFor()

    await openOverdue(page)
    const r = row(page, late.caseNo)
    await expect(r.locator('.inbox-row__station').innerText()).resolves.toBe(STREET)
    await expect(r.locator('.inbox-row__overdue').innerText()).resolves.toBe(`办结已超期，${COUNTY}督办`)
    await expect(visible(page, '.tab-overdue .ui-tabs__count').first().innerText()).resolves.toBe('1')
    expect(await row(page, firm.caseNo).count()).toBe(0)
    await shoot(page, 'inbox-county-overdue')
    await expect(cutOff(page, '.inbox')).resolves.toEqual([])

    // By category: 工资报酬 keeps it; 社会保险 has nothing overdue; under 待受理 the enterprise's case is there.
    await visible(page, '.open-filters').first().click()
    await visible(page, '.filter-category-pay').first().click()
    await seen(page, '工资报酬').waitFor()
    await expect(visible(page, '.filter-summary').first().innerText()).resolves.toBe('工资报酬')
    await row(page, late.caseNo).waitFor()
    await shoot(page, 'inbox-county-filters')
    await expect(cutOff(page, '.inbox')).resolves.toEqual([])
    await visible(page, '.filter-category-social_insurance').first().click()
    await seen(page, '没有符合筛选条件的诉求').waitFor()
    expect(await row(page, late.caseNo).count()).toBe(0)
    await visible(page, '.tab-pending').first().click()
    await row(page, firm.caseNo).waitFor()
    await expect(row(page, firm.caseNo).locator('.inbox-row__station').innerText()).resolves.toBe('示例纺织有限公司驿站（曹县，示例）')
    await visible(page, '.clear-filters').first().click()
    await expect(visible(page, '.filter-summary').first().innerText()).resolves.toBe('全辖区所有驿站')

    // His other station: role and side follow, 全辖区 is not offered there; the phone remembers it.
    await visible(page, '.switch-station').first().click()
    await visible(page, '.station-pick-st-CX-0003').first().click()
    await seen(page, '工作人员 · 政府方').waitFor()
    await expect(visible(page, '.inbox-station-name').first().innerText()).resolves.toBe(PARK)
    expect(await visible(page, '.scope-subtree').count()).toBe(0)
    await seen(page, '没有待受理的诉求').waitFor()
    await page.reload()
    await seen(page, '工作人员 · 政府方').waitFor()
    await expect(visible(page, '.inbox-station-name').first().innerText()).resolves.toBe(PARK)
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('in 长辈模式 the same view fits 375 px', async () => {
    const page = await e2e.personPage('dev-CX-county-head', '/officer/inbox/index')
    await turnOnElderMode(page, e2e.host.url)
    await page.goto(`${e2e.host.url}/officer/inbox/index`)
    await visible(page, '.screen.elder.inbox').first().waitFor()
    await openOverdue(page)
    await shoot(page, 'inbox-county-overdue-elder')
    await expect(cutOff(page, '.inbox')).resolves.toEqual([])
    await visible(page, '.open-filters').first().click()
    await visible(page, '.filter-category-pay').first().waitFor()
    await shoot(page, 'inbox-county-filters-elder')
    await expect(cutOff(page, '.inbox')).resolves.toEqual([])
    await visible(page, '.switch-station').first().click()
    await visible(page, '.station-pick-st-CX-0003').first().waitFor()
    await shoot(page, 'inbox-switch-station-elder')
    await expect(cutOff(page, '.inbox')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})

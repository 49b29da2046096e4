import type { Page } from 'playwright-core'
import { seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 数据看板 in a real browser on the H5 build: the county head's own station and the whole county, this week /
 * month / quarter, the 12-week trend, by category and by station — each chart drawn by ECharts with its table
 * beside it; in 长辈模式 the table comes first and the chart on request, nothing cut off at 375 px. With
 * HX_SHOTS=<dir> the page is saved in both modes. Needs `dist/h5`.
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('dashboard')
const COUNTY_HEAD = 'dev-CX-county-head'

const api = async (fn: string, openid: string, op: string, input: unknown, requestId: string) => {
  const res = await fetch(`${e2e.host.url}/api/${fn}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: `hx_dev=${openid}` },
    body: JSON.stringify({ op, input, requestId }),
  })
  const body = (await res.json()) as { ok: boolean; data?: Record<string, unknown>; error?: unknown }
  if (!body.ok) throw new Error(`${op} failed: ${JSON.stringify(body.error)}`)
  return body.data!
}

const noToast = (page: Page) => page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((e) => e.style.display === 'none'))

describe('数据看板', () => {
  beforeAll(async () => {
    // Three cases in 曹县: two at the street station (one accepted there), one at the park.
    const file = (stationId: string, category: string, n: number) =>
      api('worker', 'dev-worker-zhang', 'case.submit', { stationId, channel: 'qr', category, description: '单位拖欠工资两个月了，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: false, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } }, `e2e-dash-${n}`)
    const a = await file('st-CX-0002', 'pay', 1)
    await file('st-CX-0002', 'contract', 2)
    await file('st-CX-0003', 'pay', 3)
    const seenA = await api('officer', 'dev-CX-street-head', 'case.detail', { id: a.id }, 'e2e-dash-detail')
    await api('officer', 'dev-CX-street-head', 'case.accept', { id: a.id, version: seenA.version }, 'e2e-dash-accept')
  })

  it('shows the county head the whole county, each chart drawn with its table beside it', async () => {
    const page = await e2e.personPage(COUNTY_HEAD, '/officer/inbox/index')
    await visible(page, '.go-dashboard').first().click()
    await seen(page, '本驿站办理的').waitFor()
    await expect(visible(page, '.tile-new .dashboard-tile__value').first().innerText()).resolves.toBe('0 件')
    await visible(page, '.scope-area').first().click()
    await seen(page, '曹县劳动关系服务驿站 · 全县区').waitFor()
    await expect(visible(page, '.tile-new .dashboard-tile__value').first().innerText()).resolves.toBe('3 件')
    await expect(visible(page, '.tile-acceptRate .dashboard-tile__value').first().innerText()).resolves.toBe('100%')
    await visible(page, '.tab-week').first().click()
    await seen(page, /本周（\d+月\d+日起）/).waitFor()
    // ECharts draws each chart on a canvas; the table has the same figures.
    for (const block of ['.chart-trend', '.chart-category', '.chart-station']) await visible(page, `${block} canvas`).first().waitFor()
    await expect(visible(page, '.table-category').first().innerText()).resolves.toMatch(/工资报酬[\s\S]*2/)
    await expect(visible(page, '.table-station').first().innerText()).resolves.toContain('曹城街道驿站（示例）')
    await seen(page, '没有超期未办结的诉求').waitFor()
    await visible(page, '.chart-trend .toggle-chart').first().click()
    expect(await visible(page, '.chart-trend canvas').count()).toBe(0)
    await visible(page, '.chart-trend .toggle-chart').first().click()
    await visible(page, '.chart-trend canvas').first().waitFor()
    await noToast(page)
    await shoot(page, 'officer-dashboard')
    await expect(cutOff(page, '.dashboard')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('in 长辈模式 puts each table first and the chart one tap away, nothing cut off', async () => {
    const page = await e2e.personPage(COUNTY_HEAD, '/officer/inbox/index')
    await turnOnElderMode(page, e2e.host.url)
    await page.goto(`${e2e.host.url}/officer/dashboard/index?stationId=st-CX-0001&scope=area`)
    await visible(page, '.screen.elder.dashboard').first().waitFor()
    await visible(page, '.table-trend').first().waitFor()
    expect(await visible(page, '.dashboard canvas').count()).toBe(0)
    await expect(visible(page, '.chart-trend .toggle-chart').first().innerText()).resolves.toBe('显示图表')
    await shoot(page, 'officer-dashboard-elder')
    await expect(cutOff(page, '.dashboard')).resolves.toEqual([])
    await visible(page, '.chart-trend .toggle-chart').first().click()
    await visible(page, '.chart-trend canvas').first().waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})

import { confirmModal, seen, setUpE2E, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 调度通报 in a real browser on the H5 build (ADR 0028): the county head opens 调度通报 from 我的, builds this week's
 * report after a confirmation, reads it at 375 px (figures beside last week's, the trend chart with its table,
 * each station, missed deadlines, ranking, alerts, weak dimensions, projects at risk) and downloads the Excel with
 * its progress; the same report in 长辈模式, nothing cut off. With HX_SHOTS=<dir> the pages are saved. Needs `dist/h5`.
 */
jest.setTimeout(120_000)

const e2e = setUpE2E('reports')
const COUNTY_HEAD = 'dev-CX-county-head'

describe('调度通报', () => {
  beforeAll(async () => {
    const res = await fetch(`${e2e.host.url}/api/worker`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: 'hx_dev=dev-worker-zhang' },
      body: JSON.stringify({ op: 'case.submit', input: { stationId: 'st-CX-0002', channel: 'qr', category: 'pay', description: '单位拖欠工资两个月了，一直说下个月发。', workersAffected: 1, aboutOwnEmployer: false, employer: { kind: 'named', name: '县城东关饭店' }, privacy: 'open', contact: { name: '张三', phone: '13800000001' } }, requestId: 'e2e-report-1' }),
    })
    expect(((await res.json()) as { ok: boolean }).ok).toBe(true)
  })

  it('builds this week’s report on demand, shows it readably and downloads the Excel with its progress; 长辈模式 too', async () => {
    const page = await e2e.personPage(COUNTY_HEAD, '/pages/me/index')
    await visible(page, '.go-reports').first().click()
    await seen(page, '每周通报').first().waitFor()
    await seen(page, '内部通知').first().waitFor()
    await shoot(page, 'officer-reports')
    await page.goto(`${e2e.host.url}/officer/report/index?stationId=st-CX-0001`)
    await visible(page, '.generate-report').first().click()
    await confirmModal(page, '生成')
    await seen(page, '曹县劳动关系服务驿站 · 全县区').waitFor()
    await seen(page, /本周还没有结束/).waitFor()
    await expect(visible(page, '.figure-filed .rp-figure__value').first().innerText()).resolves.toBe('1 件')
    await visible(page, '.chart-report-trend canvas').first().waitFor()
    await expect(visible(page, '.table-report-stations').first().innerText()).resolves.toContain('曹城街道驿站（示例）')
    const download = page.waitForEvent('download')
    await visible(page, '.download-report').first().click()
    await seen(page, /已生成：.*每周通报.*\.xlsx/).waitFor()
    expect((await download).suggestedFilename()).toMatch(/每周通报.*\.xlsx$/)
    await shoot(page, 'officer-report')
    await expect(cutOff(page, '.report')).resolves.toEqual([])
    expect(page.errors).toEqual([])

    await turnOnElderMode(page, e2e.host.url)
    await page.goto(`${e2e.host.url}/officer/reports/index?stationId=st-CX-0001`)
    await visible(page, '.screen.elder.reports').first().waitFor()
    const week = visible(page, '.rp-row').first()
    await week.click()
    await visible(page, '.screen.elder.report').first().waitFor()
    await visible(page, '.table-report-stations').first().waitFor()
    expect(await visible(page, '.report canvas').count()).toBe(0)
    await shoot(page, 'officer-report-elder')
    await expect(cutOff(page, '.report')).resolves.toEqual([])
    expect(page.errors).toEqual([])
    await page.context().close()
  })
})

import { rollupId } from '../../cloudfunctions/core/app/ledger'
import type { LedgerRollupDoc } from '../../cloudfunctions/core/app/records'
import type { Figures } from '../../cloudfunctions/core/domain/ledger'
import { addQuarters, lastEndedQuarter, monthsOfQuarter } from '../../cloudfunctions/core/domain/ratings'
import type { Privacy } from '../../types/domain'
import { confirmModal, DIALOG, fill, noToast, seen, setUpE2E, type PersonPage, visible } from '../support/e2e'
import { cutOff, shoot, turnOnElderMode } from './shots'

/**
 * 星级驿站 in a real browser on the H5 build, through the local host over SQLite. The ledger's rollups of the last
 * two ended quarters are written as the case writer books them (a good street station, a park low twice, an
 * enterprise with three cases), then:
 *  1. the city admin opens 我的 → 星级驿站和重点监督, runs the quarter again (a job with its progress bar) and
 *     sees the stars by station, 数据不足 apart; the park is on the supervision list;
 *  2. opens the street station's page: the stars, every input with its score, the 快速通道 notes; adjusts it
 *     down to 3 stars with a reason (confirmed), which shows beside the stars;
 *  3. gives the park a 整改 task; the park's liaison sees the station on the list and the task;
 *  4. the worker's station home shows the stars and a plain line.
 * With HX_SHOTS=<dir>, each page is saved at 375 px, normally and in 长辈模式. Needs `dist/h5`.
 */
jest.setTimeout(240_000)

const e2e = setUpE2E('ratings')
const CITY = 'dev-city-admin'
const STREET = 'st-CX-0002'
const PARK = 'st-CX-0003'
const FIRM = 'st-CX-0004'
const CX = 'st-CX-0001'

const put = async (stationId: string, quarter: string, f: Figures, privacy: Privacy = 'open') => {
  for (const [i, month] of monthsOfQuarter(quarter).entries()) {
    const n: Figures = {}
    for (const [k, v] of Object.entries(f) as Array<[keyof Figures, number]>) n[k] = i === 0 ? v - 2 * Math.floor(v / 3) : Math.floor(v / 3)
    await e2e.store.insert<LedgerRollupDoc>('ledger_rollups', { _id: rollupId('station', stationId, month, privacy), level: 'station', key: stationId, countyId: CX, period: month, privacy, n, cat: {}, conclusions: {}, updatedAt: Date.now() })
  }
}

const shot = async (page: PersonPage, name: string) => {
  await noToast(page)
  await shoot(page, name)
}

describe('星级驿站, 重点监督对象 and 和谐之星', () => {
  const last = lastEndedQuarter(Date.now())
  const before = addQuarters(last, -1)

  beforeAll(async () => {
    await put(STREET, last, { filed: 24, accepted: 24, acceptedOnTime: 23, resolved: 21, resolvedOnTime: 20, reopened: 1, rated: 12, ratingSum: 57, unconfirmed: 2 })
    await put(STREET, last, { filed: 6, accepted: 6, acceptedOnTime: 6, resolved: 6, resolvedOnTime: 6, reopened: 0, rated: 3, ratingSum: 15 }, 'confidential')
    for (const q of [before, last]) await put(PARK, q, { filed: 12, accepted: 12, acceptedOnTime: 4, resolved: 12, resolvedOnTime: 3, reopened: 4, rated: 4, ratingSum: 6 })
    await put(FIRM, last, { filed: 3, accepted: 3, acceptedOnTime: 3, resolved: 3, resolvedOnTime: 3, reopened: 0, rated: 1, ratingSum: 5 })
  })

  it('the city admin runs the quarters and reads the stars by station', async () => {
    const page = await e2e.personPage(CITY, '/pages/me/index')
    await visible(page, '.go-ratings').first().click()
    await seen(page, '这个季度还没有评定结果').waitFor()
    await shot(page, 'admin-ratings-empty')
    // The quarter before, then the last one: run again, each a job with its progress.
    for (const q of [before, last]) {
      await visible(page, `.quarter-${q}`).first().click()
      await visible(page, '.rerun-ratings').first().click()
      await confirmModal(page, '重新评定')
      await seen(page, /已生成：.*星级评定\.xlsx/).waitFor()
    }
    await visible(page, `.row-${STREET}`).first().waitFor()
    await seen(page, '数据不足').waitFor()
    await shot(page, 'admin-ratings')
    await expect(cutOff(page, '.admin-ratings')).resolves.toEqual([])
    // Filter: 数据不足 shows the enterprise with three cases.
    await visible(page, '.tab-insufficient').first().click()
    await visible(page, `.row-${FIRM}`).first().waitFor()
    // The park was low twice: it is on the list, with the reason.
    await visible(page, '.tab-supervision').first().click()
    await visible(page, `.sup-${PARK}`).first().waitFor()
    await seen(page, /连续两个季度不高于 2 星/).waitFor()
    await shot(page, 'admin-supervision')
    await visible(page, '.tab-rules').first().click()
    await seen(page, '现行评分规则（默认）').waitFor()
    await shot(page, 'admin-rules')
    await visible(page, '.edit-rules').first().click()
    await visible(page, '.rules-form').first().waitFor()
    await shot(page, 'admin-rules-edit')
    // Saving previews the change in the audit log's words; 再想想 keeps the rules as they were.
    await fill(page, '.field-rule-w-activity', '20')
    await visible(page, '.rules-form .panel-submit').first().click()
    await visible(page, DIALOG).getByText(/工作活动权重：10 → 20。新规则用于之后的评定/).first().waitFor()
    await confirmModal(page, '再想想')
    await visible(page, '.rules-form').first().waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('the station page shows the inputs; an adjustment with its reason shows beside the stars', async () => {
    const page = await e2e.personPage(CITY, `/officer/rating/index?stationId=${STREET}&quarter=${last}`)
    await visible(page, '.rating-card').first().waitFor()
    await seen(page, '快速通道').waitFor()
    await seen(page, '受理 30 件，按时 29 件').waitFor()
    await shot(page, 'officer-rating')
    await expect(cutOff(page, '.rating')).resolves.toEqual([])
    await visible(page, '.open-adjust').first().click()
    await visible(page, '.adjust-stars-3').first().click()
    await fill(page, '.field-adjust-reason', '本季度一起群体性诉求处置不及时')
    await shot(page, 'officer-rating-adjust')
    await visible(page, '.adjust-form .panel-submit').first().click()
    await confirmModal(page, '调整')
    await seen(page, /调整为 3 星。理由：本季度一起群体性诉求处置不及时/).waitFor()
    await shot(page, 'officer-rating-adjusted')
    // An award, recorded and shown.
    await visible(page, '.open-award').first().click()
    await fill(page, '.field-award-who', '曹城街道王所长')
    await fill(page, '.field-award-why', '一年调解欠薪纠纷 40 起，追回工资 60 万元')
    await visible(page, '.award-form .panel-submit').first().click()
    await seen(page, '★ 曹城街道王所长').waitFor()
    expect(page.errors).toEqual([])
    await page.context().close()
  })

  it('a 整改 task for the park; its liaison sees the list and the task', async () => {
    const page = await e2e.personPage(CITY, `/officer/rating/index?stationId=${PARK}&quarter=${last}`)
    await seen(page, '连续两个季度低星，列入').waitFor()
    await visible(page, '.open-task').first().click()
    await fill(page, '.field-task-title', '建立每日查看新诉求制度，受理不再超时')
    const due = new Date(Date.now() + 8 * 3_600_000 + 20 * 86_400_000).toISOString().slice(0, 10)
    await fill(page, '.field-task-due', due)
    await visible(page, '.task-officer-of-dev-CX-park-liaison').first().click()
    await shot(page, 'officer-rating-task')
    await visible(page, '.task-form .panel-submit').first().click()
    await seen(page, '建立每日查看新诉求制度，受理不再超时').waitFor()
    await page.context().close()

    const liaison = await e2e.personPage('dev-CX-park-liaison', `/officer/rating/index?stationId=${PARK}&quarter=${last}`)
    await seen(liaison, '我负责的整改任务').waitFor()
    await visible(liaison, '.open-finish').first().click()
    await fill(liaison, '.field-finish-note', '已建立每日查看制度，专人负责')
    await shot(liaison, 'officer-rating-finish')
    await visible(liaison, '.finish-form .panel-submit').first().click()
    await confirmModal(liaison, '完成')
    await seen(liaison, /完成：已建立每日查看制度，专人负责/).waitFor()
    expect(liaison.errors).toEqual([])
    await liaison.context().close()
  })

  it('the worker’s station home shows the stars; 长辈模式 everywhere', async () => {
    const page = await e2e.personPage('dev-worker-zhang', '/pages/index/index?scene=HZ-CX-0002')
    await visible(page, '.home-rating').first().waitFor()
    await seen(page, /评为三星驿站/).waitFor()
    await shot(page, 'worker-home-rating')
    await turnOnElderMode(page, e2e.host.url)
    await page.goto(`${e2e.host.url}/pages/index/index?scene=HZ-CX-0002`)
    await visible(page, '.home-rating').first().waitFor()
    await shot(page, 'worker-home-rating-elder')
    await expect(cutOff(page, '.home')).resolves.toEqual([])
    await page.context().close()

    const admin = await e2e.personPage(CITY, '/pages/me/index')
    await turnOnElderMode(admin, e2e.host.url)
    await admin.goto(`${e2e.host.url}/officer/rating/index?stationId=${STREET}&quarter=${last}`)
    await visible(admin, '.rating-card').first().waitFor()
    await shot(admin, 'officer-rating-elder')
    await expect(cutOff(admin, '.rating')).resolves.toEqual([])
    await admin.goto(`${e2e.host.url}/admin/ratings/index`)
    await visible(admin, `.row-${STREET}`).first().waitFor()
    await shot(admin, 'admin-ratings-elder')
    await expect(cutOff(admin, '.admin-ratings')).resolves.toEqual([])
    expect(admin.errors).toEqual([])
    await admin.context().close()
  })
})

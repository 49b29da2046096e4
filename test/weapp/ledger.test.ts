/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { plainJpeg } from '../support/media-fixtures'
import { askedForOnePhoto, stubPhotoPipeline } from '../support/weapp-wx'
import { one, selected, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 工作台账 and 数据看板 in the weapp build: the ledger shows the server's figures and words, and 导出 Excel runs
 * the export job and opens the file with openDocument; an activity is logged with a photo chosen with chooseMedia
 * and compressImage, sent through `activity.upload` for the station, and its thumbnail opens with previewImage; the dashboard shows its tiles, and each chart's table
 * beside it — in 长辈模式 the table alone until 显示图表 is tapped.
 */
const { h, ops, type } = setUpWeappHarness(undefined, { pages: ['officer/ledger/index', 'officer/dashboard/index'] })
// 长辈模式 is a stored preference: a test that turns it on leaves it off for the next, whatever happens in it.
afterEach(() => h.storage.delete('hx.elderMode'))

const LEDGER = {
  stationId: 'st-CX-0002',
  stationName: '曹城街道驿站（示例）',
  month: '2026-11',
  monthLabel: '2026年11月',
  prevMonth: '2026-10',
  nextMonth: '2026-12',
  figures: [
    { key: 'received', label: '收到诉求', value: 7, unit: '件', note: '新收 7 件，转入 0 件' },
    { key: 'resolved', label: '办结', value: 4, unit: '件' },
  ],
  satisfaction: { rated: 2, meanStars: 4.5, unconfirmed: 1, words: '2 件由职工确认并评价，平均 4.5 星；另有 1 件职工没有确认、已自动结案（已结案(未确认)），不算作满意' },
  conclusions: [{ key: 'mediated', label: '已达成调解', count: 1 }],
  wage: { amount: 9000, workersPaid: 4, words: '农民工欠薪：追回工资 9000 元，4 人拿到工资' },
  byCategory: [{ category: 'wage_arrears', label: '农民工欠薪', received: 1, resolved: 2, overdue: 0 }],
  activities: 0,
}

const tiles = [
  { key: 'new', label: '收到诉求', value: '7 件' },
  { key: 'acceptRate', label: '按时受理率', value: '100%', note: '受理 4 件' },
]
const DASHBOARD = {
  stationId: 'st-CX-0002',
  title: '曹城街道驿站（示例）',
  scope: 'own',
  areaLabel: null,
  periods: [
    { key: 'week', label: '本周（11月23日起）', tiles },
    { key: 'month', label: '本月（2026年11月）', tiles },
    { key: 'quarter', label: '本季度（2026年第四季度）', tiles },
  ],
  byCategory: { periodLabel: '2026年11月', rows: [{ category: 'pay', label: '工资报酬', filed: 6, resolved: 2, overdue: 1 }] },
  byStation: null,
  trend: Array.from({ length: 12 }, (_, i) => ({ week: `2026-W${37 + i}`, label: `第${i + 1}周`, filed: i === 11 ? 7 : 0, resolved: i === 11 ? 4 : 0, overdue: 0 })),
  overdue: { total: 0, rows: [] },
}

it('logs an activity with a photo from chooseMedia and compressImage, and a tap on its thumbnail opens previewImage', async () => {
  const PHOTO = plainJpeg(64, 48)
  const THUMB = plainJpeg(32, 24)
  const photos = stubPhotoPipeline({ 'wxfile://tmp/site-c.jpg': PHOTO, 'wxfile://tmp/site-t.jpg': THUMB }, { chosen: [{ tempFilePath: 'wxfile://tmp/site.jpg', size: 2_000_000 }] })
  const view = { id: 'media-7', kind: 'photo', width: 64, height: 48, url: 'https://files.example/a.jpg', thumbUrl: 'https://files.example/a-t.jpg' }
  const row = { id: 'act-1', kind: 'propaganda', kindLabel: '宣讲', date: '2026-11-20', dateLabel: '11月20日', place: '曹城街道文化广场', attendees: 60, note: '宣讲工资支付条例', officerName: '曹城街道王所长', version: 1, mine: true, photoCount: 1 }
  let logged = false
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'ledger.get') return { ok: true, data: { ...LEDGER, activities: logged ? 1 : 0 } }
    if (c.data.op === 'activity.list') return { ok: true, data: { items: logged ? [{ ...row, photos: [view], photosExpireAt: Date.now() + 600_000 }] : [] } }
    if (c.data.op === 'activity.upload') return { ok: true, data: { done: true, media: { id: 'media-7', kind: 'photo', width: 64, height: 48 } } }
    if (c.data.op === 'activity.create') {
      logged = true
      return { ok: true, data: row }
    }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/ledger/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('还没有登记活动'))
  tapVanButton(page, '.open-activity')
  await h.waitFor(() => !!page.querySelector('.activity-form .add-photo'))
  tap(page, '.activity-form .add-photo')
  await h.waitFor(() => !!page.querySelector('.activity-form .media-tile--done'))
  expect(photos.seen).toEqual(askedForOnePhoto('wxfile://tmp/site.jpg'))
  const upload = h.calls.find((c) => c.data.op === 'activity.upload')!
  expect(upload.name).toBe('officer')
  const sent = upload.data.input as { stationId: string; kind: string; data: string; thumb: string }
  expect({ stationId: sent.stationId, kind: sent.kind }).toEqual({ stationId: 'st-CX-0002', kind: 'photo' })
  expect(Buffer.from(sent.data, 'base64').equals(Buffer.from(PHOTO))).toBe(true)
  expect(Buffer.from(sent.thumb, 'base64').equals(Buffer.from(THUMB))).toBe(true)

  tap(page, '.activity-kind-propaganda')
  await h.waitFor(() => selected(page, '.activity-kind-propaganda'))
  await type(page, '.field-activity-place', '曹城街道文化广场')
  await type(page, '.field-activity-attendees', '60')
  await type(page, '.field-activity-note', '宣讲工资支付条例')
  tapVanButton(page, '.activity-form .panel-submit')
  await h.waitFor(() => h.calls.some((c) => c.data.op === 'activity.create'))
  expect((h.calls.find((c) => c.data.op === 'activity.create')!.data.input as { photos: string[] }).photos).toEqual(['media-7'])
  await h.waitFor(() => !!page.querySelector('.activity-row__photos .photo-tile'))
  tap(page, '.activity-row__photos .photo-tile')
  await h.waitFor(() => h.files.some((f) => f.kind === 'previewImage'))
  expect(h.files).toEqual([{ kind: 'previewImage', detail: { urls: ['https://files.example/a.jpg'], current: 'https://files.example/a.jpg' } }])
})

it('shows the ledger as the server words it and exports it to a file opened with openDocument', async () => {
  const job = { jobId: 'x', state: 'done', done: 8, total: 8, percent: 100, title: '台账', fileName: '曹城街道驿站（示例）工作台账（2026年11月）.xlsx', url: 'https://files.example/ledger.xlsx' }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'ledger.get') return { ok: true, data: LEDGER }
    if (c.data.op === 'activity.list') return { ok: true, data: { items: [] } }
    if (c.data.op === 'ledger.export') return { ok: true, data: { ...job, jobId: (c.data.input as { jobId: string }).jobId } }
    if (c.data.op === 'job.get') return { ok: false, error: { code: 'JOB_NOT_FOUND', message: '没有找到这个任务，请重新开始' } }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const page = h.render('officer/ledger/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('收到诉求'))
  expect(text(page)).toContain('新收 7 件，转入 0 件')
  expect(text(page)).toContain('平均 4.5 星')
  expect(text(page)).toContain('已结案(未确认)')
  expect(text(page)).toContain('农民工欠薪：追回工资 9000 元，4 人拿到工资')
  await h.waitFor(() => text(page).includes('2026年11月还没有登记活动'))
  expect(ops()).toEqual(['ledger.get', 'activity.list'])
  expect(h.calls[0]).toMatchObject({ name: 'officer', data: { input: { stationId: 'st-CX-0002' } } })

  tapVanButton(page, '.export-ledger')
  await h.waitFor(() => h.files.some((f) => f.kind === 'openDocument'))
  expect(h.files).toEqual([
    { kind: 'download', detail: { url: 'https://files.example/ledger.xlsx' } },
    { kind: 'openDocument', detail: { filePath: 'wxfile://tmp/1', fileType: 'xlsx', showMenu: true } },
  ])
  const exported = h.calls.find((c) => c.data.op === 'ledger.export')!
  expect(exported.data.input).toMatchObject({ stationId: 'st-CX-0002', month: '2026-11' })
  await h.waitFor(() => text(page).includes('已生成：曹城街道驿站（示例）工作台账（2026年11月）.xlsx'))

  // 上个月 asks for October.
  tap(page, '.ledger-prev')
  await h.waitFor(() => h.calls.some((c) => c.data.op === 'ledger.get' && (c.data.input as { month?: string }).month === '2026-10'))
})

it('shows the dashboard’s tiles and, beside every chart, its table', async () => {
  h.reply = (c: CloudCall) => (c.data.op === 'dashboard.get' ? { ok: true, data: DASHBOARD } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })
  const page = h.render('officer/dashboard/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('按时受理率'))
  expect(text(page)).toContain('本月（2026年11月）')
  expect(one(page, '.table-trend')).toBeDefined()
  expect(one(page, '.table-category')).toBeDefined()
  expect(text(page)).toContain('没有超期未办结的诉求')
  // Normally the chart is shown with its table: 只看表格 hides it.
  expect(text(page)).toContain('只看表格')
  expect(page.querySelector('.table-station')).toBeUndefined()
})

it('in 长辈模式 shows the tables first and the chart on request', async () => {
  h.storage.set('hx.elderMode', true)
  h.reply = (c: CloudCall) => (c.data.op === 'dashboard.get' ? { ok: true, data: DASHBOARD } : { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } })
  const page = h.render('officer/dashboard/index', { stationId: 'st-CX-0002' })
  await h.waitFor(() => text(page).includes('按时受理率'))
  expect(page.querySelector('.chart-trend .ui-chart')).toBeUndefined()
  expect(one(page, '.chart-trend .table-trend')).toBeDefined()
  expect(text(one(page, '.chart-trend'))).toContain('显示图表')
  tap(page, '.chart-trend .toggle-chart')
  await h.waitFor(() => text(one(page, '.chart-trend')).includes('只看表格'))
})

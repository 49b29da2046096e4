/**
 * @jest-environment ./test/weapp/support/jsdom-environment.js
 */
import { one, setUpWeappHarness, tap, tapVanButton, text } from './support/page'
import type { CloudCall } from './support/weapp-harness'

/**
 * 工作台账 and 数据看板 in the weapp build: the ledger shows the server's figures and words, and 导出 Excel runs
 * the export job and opens the file with openDocument; the dashboard shows its tiles, and each chart's table
 * beside it — in 长辈模式 the table alone until 显示图表 is tapped.
 */
const { h, ops } = setUpWeappHarness()

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

it('shows the ledger as the server words it and exports it to a file opened with openDocument', async () => {
  const job = { jobId: 'x', state: 'done', done: 8, total: 8, percent: 100, title: '台账', fileName: '曹城街道驿站（示例）工作台账（2026年11月）.xlsx', url: 'https://files.example/ledger.xlsx' }
  h.reply = (c: CloudCall) => {
    if (c.data.op === 'ledger.get') return { ok: true, data: LEDGER }
    if (c.data.op === 'activity.list') return { ok: true, data: { items: [] } }
    if (c.data.op === 'ledger.export') return { ok: true, data: { ...job, jobId: (c.data.input as { jobId: string }).jobId } }
    if (c.data.op === 'job.get') return { ok: false, error: { code: 'JOB_NOT_FOUND', message: '没有找到这个任务，请重新开始' } }
    return { ok: false, error: { code: 'REQUEST_UNKNOWN_OP', message: '这个操作不存在' } }
  }
  const wx = (global as unknown as { wx: Record<string, unknown> }).wx
  const opened: unknown[] = []
  wx.downloadFile = (o: { url: string; success?: (r: unknown) => void }) => {
    const r = { tempFilePath: 'wxfile://tmp/ledger.xlsx', statusCode: 200, errMsg: 'downloadFile:ok' }
    o.success?.(r)
    return Promise.resolve(r)
  }
  wx.openDocument = (o: { filePath: string; fileType?: string; success?: (r: unknown) => void }) => {
    opened.push({ filePath: o.filePath, fileType: o.fileType })
    o.success?.({ errMsg: 'openDocument:ok' })
    return Promise.resolve({})
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
  await h.waitFor(() => opened.length > 0)
  expect(opened).toEqual([{ filePath: 'wxfile://tmp/ledger.xlsx', fileType: 'xlsx' }])
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
  h.storage.delete('hx.elderMode')
})

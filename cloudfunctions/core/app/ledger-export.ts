import type ExcelJS from 'exceljs'
import type { LedgerView } from '../../../types/contracts/ledger'
import { SHANGHAI_OFFSET_MS } from '../domain/working-time'
import { newWorkbook, workbookBytes } from './xlsx'

/**
 * The ledger as an Excel workbook (issue §6): one sheet per table, Chinese headers, dates as real dates in
 * Shanghai wall time, the header row frozen. Identity columns carry a name and phone only where the access
 * table allowed them, and the caller logged each one before it got here (D4).
 */

export interface ExportCaseRow {
  caseNo: string
  createdAt: number
  category: string
  privacy: string
  /** What happened to it at this station this month, in words ("新收、受理、办结"). */
  here: string
  state: string
  owner: string
  conclusion: string
  amountRecovered?: number
  workersPaid?: number
  rating: number | null
  name: string
  phone: string
}

export interface ExportActivityRow {
  date: string
  kind: string
  place: string
  attendees: number
  note: string
  officer: string
  /** How many photos it has (the file travels: no addresses in it). */
  photos: number
}

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** An instant as Excel should show it: Shanghai wall time (Excel dates have no zone). */
const wallDate = (ms: number) => new Date(ms + SHANGHAI_OFFSET_MS)
const ymdDate = (ymd: string) => new Date(`${ymd}T00:00:00Z`)

type Column = { header: string; key: string; width: number; numFmt?: string }

export const sheet = (wb: ExcelJS.Workbook, name: string, columns: Column[], rows: Array<Record<string, unknown>>) => {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  ws.columns = columns.map((c) => ({ header: c.header, key: c.key, width: c.width, ...(c.numFmt ? { style: { numFmt: c.numFmt } } : {}) }))
  const head = ws.getRow(1)
  head.font = { bold: true }
  head.alignment = { vertical: 'middle' }
  head.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFEFF7F1' } }
  for (const r of rows) ws.addRow(r)
  ws.eachRow((row, n) => {
    if (n > 1) row.alignment = { vertical: 'top', wrapText: true }
  })
  return ws
}

export const ledgerWorkbook = async (view: LedgerView, cases: ExportCaseRow[], omitted: number, activities: ExportActivityRow[], madeAt: number): Promise<Uint8Array> => {
  const wb = await newWorkbook()
  wb.created = wallDate(madeAt)

  sheet(
    wb,
    '台账汇总',
    [
      { header: '项目', key: 'label', width: 24 },
      { header: '数量', key: 'value', width: 12 },
      { header: '单位', key: 'unit', width: 8 },
      { header: '说明', key: 'note', width: 48 },
    ],
    [
      { label: '驿站', value: view.stationName, unit: '', note: '' },
      { label: '月份', value: view.monthLabel, unit: '', note: view.scopeNote ?? '' },
      ...view.figures.map((f) => ({ label: f.label, value: f.value, unit: f.unit, note: f.note ?? '' })),
      { label: '职工评价', value: view.satisfaction.rated, unit: '件', note: view.satisfaction.words },
      { label: '平均满意度', value: view.satisfaction.meanStars ?? '', unit: '星', note: '只算职工确认时给的星级' },
      { label: '已结案(未确认)', value: view.satisfaction.unconfirmed, unit: '件', note: '职工没有确认、到期自动结案，不算作满意' },
      { label: '追回工资', value: view.wage.amount, unit: '元', note: '农民工欠薪诉求办结时填写' },
      { label: '拿到工资', value: view.wage.workersPaid, unit: '人', note: '' },
      { label: '活动', value: view.activities, unit: '次', note: '会议、宣讲、走访、培训、调解' },
    ],
  )

  sheet(
    wb,
    '办结结论',
    [
      { header: '办结结论', key: 'label', width: 24 },
      { header: '件数', key: 'count', width: 10 },
    ],
    view.conclusions.map((c) => ({ label: c.label, count: c.count })),
  )

  sheet(
    wb,
    '分类统计',
    [
      { header: '诉求类别', key: 'label', width: 22 },
      { header: '收到', key: 'received', width: 10 },
      { header: '办结', key: 'resolved', width: 10 },
      { header: '超期', key: 'overdue', width: 10 },
    ],
    view.byCategory.map((c) => ({ label: c.label, received: c.received, resolved: c.resolved, overdue: c.overdue })),
  )

  const list = sheet(
    wb,
    '诉求明细',
    [
      { header: '诉求编号', key: 'caseNo', width: 16 },
      { header: '提交时间', key: 'createdAt', width: 18, numFmt: 'yyyy-mm-dd hh:mm' },
      { header: '类别', key: 'category', width: 16 },
      { header: '隐私选择', key: 'privacy', width: 12 },
      { header: '本月在本驿站', key: 'here', width: 26 },
      { header: '现在状态', key: 'state', width: 14 },
      { header: '现在办理驿站', key: 'owner', width: 24 },
      { header: '办结结论', key: 'conclusion', width: 28 },
      { header: '追回工资（元）', key: 'amountRecovered', width: 14 },
      { header: '拿到工资人数', key: 'workersPaid', width: 12 },
      { header: '职工评价（星）', key: 'rating', width: 12 },
      { header: '姓名', key: 'name', width: 14 },
      { header: '电话', key: 'phone', width: 16 },
    ],
    cases.map((c) => ({ ...c, createdAt: wallDate(c.createdAt), rating: c.rating ?? '', amountRecovered: c.amountRecovered ?? '', workersPaid: c.workersPaid ?? '' })),
  )
  if (omitted) list.addRow({ caseNo: `另有 ${omitted} 件已转由其他驿站办理，本驿站不能再查看，只计入汇总` })

  sheet(
    wb,
    '活动记录',
    [
      { header: '日期', key: 'date', width: 14, numFmt: 'yyyy-mm-dd' },
      { header: '类型', key: 'kind', width: 10 },
      { header: '地点', key: 'place', width: 24 },
      { header: '参加人数', key: 'attendees', width: 10 },
      { header: '内容', key: 'note', width: 48 },
      { header: '登记人', key: 'officer', width: 14 },
      { header: '照片（张）', key: 'photos', width: 10 },
    ],
    activities.map((a) => ({ ...a, date: ymdDate(a.date) })),
  )

  return workbookBytes(wb)
}

import type { MyDataView } from '../../../types/contracts/data-protection'
import { newWorkbook, workbookBytes } from './xlsx'

/**
 * 我的数据 as an .xlsx (ADR 0020), made only from the page's view, so the file holds exactly what the page
 * shows: a sheet each for the cases, what the worker wrote, the files, the reminders and the rest.
 */
export const myDataWorkbook = async (d: MyDataView, madeLabel: string): Promise<Uint8Array> => {
  const wb = await newWorkbook()
  const sheet = (name: string, header: string[], rows: Array<Array<string | number>>, widths: number[]) => {
    const ws = wb.addWorksheet(name)
    ws.columns = widths.map((width) => ({ width }))
    ws.addRow(header).font = { bold: true }
    for (const r of rows) ws.addRow(r)
  }
  sheet(
    '说明',
    ['项目', '内容'],
    [
      ['导出时间', madeLabel],
      ['诉求', `${d.cases.length} 条`],
      ['保存期限', d.retention],
      ['满意度测评', `参加过 ${d.surveys.answered} 次。${d.surveys.note}`],
      ['读过的政策宣传', `${d.noticesRead} 条（只记条数）`],
      ...d.consents.map((c): [string, string] => ['同意和授权', c]),
    ],
    [18, 90],
  )
  sheet(
    '诉求',
    ['编号', '类别', '状态', '办理驿站', '提交时间', '结束时间', '反映方式（你的选择）', '姓名', '电话', '保存了微信身份', '单位', '经过', '金额（元）', '认领'],
    d.cases.map((c) => [
      c.caseNo,
      c.categoryLabel,
      c.stateLabel,
      c.stationName,
      c.createdLabel,
      c.closedLabel ?? '',
      c.consent,
      c.name ?? '（没有保存）',
      c.phone ?? '（没有保存）',
      c.wechatKept ? '是（用于发进度提醒）' : '否',
      c.employerName ?? '',
      c.description,
      c.amountOwed ?? '',
      c.claimedLabel ?? '',
    ]),
    [16, 14, 14, 20, 20, 20, 40, 10, 14, 18, 24, 60, 12, 30],
  )
  sheet('我写的内容', ['诉求编号', '时间', '内容'], d.cases.flatMap((c) => c.messages.map((m) => [c.caseNo, m.atLabel, m.text])), [16, 20, 80])
  sheet('照片录音', ['诉求编号', '类型', '大小', '添加时间'], d.cases.flatMap((c) => c.files.map((f) => [c.caseNo, f.kindLabel, f.sizeLabel, f.createdLabel])), [16, 10, 12, 20])
  sheet('发给你的提醒', ['时间', '内容', '诉求编号', '状态'], d.reminders.map((r) => [r.atLabel, r.what, r.caseNo, r.statusLabel]), [20, 24, 16, 12])
  return workbookBytes(wb)
}

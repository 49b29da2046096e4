import type { Figure, SurveyResults } from '../../../types/contracts/surveys'
import { newWorkbook, workbookBytes } from './xlsx'

/**
 * The results of one campaign as an .xlsx, made only from the results view (`buildResults`), so the export
 * withholds exactly what the page withholds: a withheld campaign's workbook holds the reason and nothing else;
 * a withheld dimension or question has the reason in place of its figures; comments only when shown.
 * exceljs is loaded on first use, so the functions that never export do not pay for it at start.
 */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

type Gate<T> = { shown: true; value: T } | { shown: false; reason: string }

const fmt = (x: number) => Number(x.toFixed(2))
const signed = (x: number) => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2))

const figureCells = (g: Gate<Figure>): Array<string | number> =>
  g.shown ? [fmt(g.value.mean), g.value.count, g.value.unknown, ...g.value.dist] : [g.reason, '', '', '', '', '', '', '']

const gateText = <T>(g: Gate<T> | null | undefined, show: (v: T) => string | number): string | number => (!g ? '' : g.shown ? show(g.value) : g.reason)

export const exportWorkbook = async (results: SurveyResults, comments: readonly string[]): Promise<Uint8Array> => {
  const wb = await newWorkbook()
  const c = results.campaign
  const about = wb.addWorksheet('测评概况')
  about.columns = [{ width: 16 }, { width: 60 }]
  const facts: Array<[string, string | number]> = [
    ['驿站', c.stationName],
    ['县区', c.countyName],
    ['测评时间', c.windowLabel],
    ['状态', c.closedLabel ? `${c.phaseLabel}（${c.closedLabel}）` : c.phaseLabel],
    ['问卷版本', `第 ${c.templateVersion} 版`],
    ['答卷份数', c.answers],
    ['应参加人数', c.headcount],
  ]
  if (results.state === 'running') facts.push(['结果', '测评结束后才显示结果'])
  if (results.state === 'withheld') facts.push(['结果', results.reason ?? ''])
  if (results.state === 'shown') {
    facts.push(['参与率', gateText(results.participation, (v) => `${v}%`)])
    facts.push(['薄弱环节线', results.threshold !== undefined ? `${results.threshold.toFixed(1)} 分` : ''])
    if (results.previous) facts.push(['对比的上次测评', results.previous.windowLabel])
  }
  for (const f of facts) about.addRow(f)
  about.getColumn(1).font = { bold: true }

  if (results.state === 'shown') {
    const head = ['方面', '平均分', '评分人次', '不了解', '1 分', '2 分', '3 分', '4 分', '5 分', '比上次', '县区平均', '全市平均', '薄弱环节', '整改']
    const dims = wb.addWorksheet('六个方面')
    dims.addRow(head).font = { bold: true }
    for (const d of results.dimensions) {
      dims.addRow([
        d.label,
        ...figureCells(d.figure),
        gateText(d.trend, (v) => signed(v.delta)),
        gateText(d.county, (v) => fmt(v.mean)),
        gateText(d.city, (v) => fmt(v.mean)),
        d.weak ? '薄弱环节' : '',
        [d.task ? `${d.task.statusLabel}${d.task.note ? `：${d.task.note}` : ''}` : '', d.followUp ? d.followUp.words : ''].filter(Boolean).join('；'),
      ])
    }
    dims.columns.forEach((col, i) => (col.width = i === 0 ? 20 : i === 13 ? 40 : 12))

    const qs = wb.addWorksheet('每道题')
    qs.addRow(['方面', '题目', '平均分', '评分人次', '不了解', '1 分', '2 分', '3 分', '4 分', '5 分', '比上次', '县区平均', '全市平均']).font = { bold: true }
    for (const d of results.dimensions)
      for (const q of d.questions)
        qs.addRow([d.label, q.text, ...figureCells(q.figure), gateText(q.trend, (v) => signed(v.delta)), gateText(q.county, (v) => fmt(v.mean)), gateText(q.city, (v) => fmt(v.mean))])
    qs.columns.forEach((col, i) => (col.width = i === 1 ? 50 : i === 0 ? 20 : 10))

    if (results.comments.shown) {
      const sheet = wb.addWorksheet('职工留言')
      const held = results.comments.held ? `；另有 ${results.comments.held} 条经微信内容安全检测疑似含有敏感内容，不予显示` : ''
      sheet.addRow([`留言（随机顺序，不含时间${held}）`]).font = { bold: true }
      sheet.getColumn(1).width = 80
      for (const text of comments) sheet.addRow([text])
    }
  }
  return workbookBytes(wb)
}

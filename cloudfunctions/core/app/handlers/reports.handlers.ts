import {
  exportReport,
  generateReport,
  getReport,
  listInternalNotices,
  listReportPlaces,
  listReports,
  REPORT_CONTRACTS,
  type ReportContent,
} from '../../../../types/contracts/reports'
import { ADMIN_SIDES } from '../../../../types/authz'
import { weekStart } from '../../domain/periods'
import type { Ports } from '../../ports'
import { COLLECTIONS } from '../../ports/collections'
import { findAll } from '../find-all'
import { defineHandler, type HandlersOf } from '../handler'
import { runJob } from '../jobs'
import { sheet, XLSX_MIME } from '../ledger-export'
import { buildReport, loadReport, reportRow } from '../reports'
import type { InternalNoticeDoc, OfficerView, StationDoc, WeeklyReportDoc } from '../records'
import { adminScope, allowsStation } from '../scope'
import { stationsById, summary } from '../stations'
import { timeLabel } from '../time'
import { newWorkbook, workbookBytes } from '../xlsx'

// 定期调度和通报 (ADR 0028): reading, building on demand and downloading an area's weekly reports; the internal
// notices that announce them. Who may is the contract's `read_reports` (government-side heads, admins over).

/**
 * Where a caller reads reports from: `heads`, the stations they head on the government side, and `areas`, the
 * stations they are an admin of (every county too for a city admin); with their admin scope.
 */
const readerPlaces = async (ports: Ports, officer: OfficerView) => {
  const scope = await adminScope(ports, officer)
  const heads = officer.memberships.filter((m) => m.role === 'head' && ADMIN_SIDES.includes(m.side)).map((m) => m.stationId)
  const areas = scope.stations.map((s) => s.id)
  if (scope.city) areas.push(...(await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { kind: 'county' } })).map((s) => s._id))
  return { scope, heads, areas }
}

/** The counties and the city the caller may read reports of: where they are a government-side head, and where they are an admin. */
const listReportPlacesHandler = defineHandler(listReportPlaces, async (_i, { ports, officer }) => {
  const { scope, heads, areas } = await readerPlaces(ports, officer!)
  const stations = [...(await stationsById(ports.store, [...heads, ...areas], officer!.stations)).values()].filter((s) => allowsStation('read_reports', s, officer!, scope))
  stations.sort((a, b) => a.path.length - b.path.length || a.sortKey.localeCompare(b.sortKey))
  return { places: stations.map(summary) }
})

const listReportsHandler = defineHandler(listReports, async ({ stationId, after, limit }, { ports }) => {
  const page = await ports.store.find<WeeklyReportDoc>(COLLECTIONS.weeklyReports, { where: { stationId }, orderBy: { field: 'week', dir: 'desc' }, limit, after })
  return { items: page.items.map(reportRow), ...(page.next ? { next: page.next } : {}) }
})

const getReportHandler = defineHandler(getReport, async ({ stationId, week }, { ports }) => (await loadReport(ports, stationId, week)).content)

/** This week's report to this moment; a retry of the same request answers with what the first one built. */
const generateReportHandler = defineHandler(generateReport, async (_i, ctx) => {
  const { ports } = ctx
  const start = weekStart(ports.clock.now())
  const doc = await buildReport(ports, ctx.station!, start, 'on_demand', (tx, d) => ctx.remember(tx, d.content))
  return doc.content
})

/** The columns that stand in several sheets of the workbook, the same in each. */
const STATION_COLUMN = { header: '驿站', key: 'stationName', width: 30 }
const COUNTY_COLUMN = { header: '县区', key: 'countyName', width: 16 }

/** The sheets of a report's workbook, in order. */
const SHEETS: Array<{ name: string; columns: Array<{ header: string; key: string; width: number }>; rows: (c: ReportContent) => Array<Record<string, unknown>> }> = [
  {
    name: '概况',
    columns: [
      { header: '项目', key: 'label', width: 16 },
      { header: '本周', key: 'value', width: 12 },
      { header: '上周', key: 'prev', width: 14 },
      { header: '变化', key: 'change', width: 14 },
    ],
    rows: (c) => [...c.volumes, ...c.rates].map((f) => ({ label: f.label, value: f.value, prev: f.prev.replace(/^上周 /, ''), change: f.change })),
  },
  {
    name: '各驿站',
    columns: [
      { header: '驿站', key: 'name', width: 30 },
      { header: '新收', key: 'filed', width: 8 },
      { header: '办结', key: 'resolved', width: 8 },
      { header: '超期', key: 'overdue', width: 8 },
      { header: '按时受理率', key: 'acceptRate', width: 12 },
      { header: '按时办结率', key: 'resolveRate', width: 12 },
    ],
    rows: (c) => c.stations.rows,
  },
  {
    name: '超期',
    columns: [
      STATION_COLUMN,
      COUNTY_COLUMN,
      { header: '本周超期（次）', key: 'week', width: 14 },
      { header: '督办中（件）', key: 'supervised', width: 14 },
    ],
    rows: (c) => c.overdue.rows,
  },
  {
    name: '星级排名',
    columns: [
      { header: '类别', key: 'group', width: 10 },
      STATION_COLUMN,
      { header: '星级', key: 'starsLabel', width: 10 },
      { header: '得分', key: 'score', width: 10 },
    ],
    rows: (c) => [...c.ranking.top.map((r) => ({ group: '前列', ...r })), ...c.ranking.low.map((r) => ({ group: '低星', ...r }))],
  },
  {
    name: '聚集预警',
    columns: [
      { header: '单位或项目', key: 'subject', width: 30 },
      { header: '县区驿站', key: 'stationName', width: 24 },
      { header: '人数', key: 'workers', width: 8 },
      { header: '件数', key: 'cases', width: 8 },
      { header: '状态', key: 'statusLabel', width: 10 },
      { header: '预警时间', key: 'raisedLabel', width: 22 },
    ],
    rows: (c) => c.clusters.rows,
  },
  {
    name: '测评薄弱环节',
    columns: [
      STATION_COLUMN,
      { header: '答卷', key: 'answers', width: 8 },
      { header: '薄弱环节', key: 'dimensions', width: 40 },
    ],
    rows: (c) => [
      ...c.surveys.rows.map((r) => ({ ...r, dimensions: r.dimensions.join('、') })),
      ...(c.surveys.withheldNote ? [{ stationName: c.surveys.withheldNote }] : []),
    ],
  },
  {
    name: '欠薪风险项目',
    columns: [
      { header: '项目', key: 'name', width: 30 },
      COUNTY_COLUMN,
      { header: '未结欠薪（件）', key: 'open', width: 12 },
      { header: '涉及人数', key: 'workers', width: 10 },
      { header: '金额', key: 'amountLabel', width: 14 },
      { header: '限时化解', key: 'deadlineLabel', width: 36 },
      { header: '聚集预警', key: 'alerts', width: 10 },
    ],
    rows: (c) => c.arrears.rows,
  },
]

const exportReportHandler = defineHandler(exportReport, async ({ stationId, week, jobId }, ctx) => {
  const { ports } = ctx
  const doc = await loadReport(ports, stationId, week)
  const c = doc.content
  const title = `${ctx.station!.name}每周通报（${c.weekLabel}）`
  return runJob(ports, { jobId, openid: ctx.caller.openid!, kind: exportReport.op, title, total: SHEETS.length + 1 }, async (progress) => {
    const wb = await newWorkbook()
    for (const [i, s] of SHEETS.entries()) {
      sheet(wb, s.name, s.columns, s.rows(c))
      await progress(i + 1)
    }
    return { bytes: await workbookBytes(wb), mime: XLSX_MIME, name: `${title}.xlsx` }
  })
})

/**
 * The internal notices of the stations above the ones the caller heads on the government side (and of the areas
 * they are an admin of), newest first; the link to the report only for a reader who may open it.
 */
const listInternalNoticesHandler = defineHandler(listInternalNotices, async ({ after, limit }, { ports, officer }) => {
  const { scope, heads, areas } = await readerPlaces(ports, officer!)
  const ids = new Set<string>([...(await stationsById(ports.store, heads, officer!.stations)).values()].flatMap((s) => s.path))
  for (const id of areas) ids.add(id)
  if (!ids.size) return { items: [] }
  const page = await ports.store.find<InternalNoticeDoc>(COLLECTIONS.internalNotices, { where: { stationId: { $in: [...ids] } }, orderBy: { field: 'at', dir: 'desc' }, limit, after })
  const from = await stationsById(ports.store, page.items.map((n) => n.stationId))
  return {
    items: page.items.map((n) => {
      const s = from.get(n.stationId) ?? null
      return {
        id: n._id,
        title: n.title,
        body: n.body,
        stationName: s?.name ?? '',
        atLabel: timeLabel(n.at),
        ...(allowsStation(n.link.access, s, officer!, scope) ? { link: { text: n.link.text, path: n.link.path } } : {}),
      }
    }),
    ...(page.next ? { next: page.next } : {}),
  }
})

export const REPORT_HANDLERS: HandlersOf<typeof REPORT_CONTRACTS> = {
  listReportPlaces: listReportPlacesHandler,
  listReports: listReportsHandler,
  getReport: getReportHandler,
  generateReport: generateReportHandler,
  exportReport: exportReportHandler,
  listInternalNotices: listInternalNoticesHandler,
}

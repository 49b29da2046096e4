import { ALERT_STATUS_LABEL } from '../../../types/contracts/cluster'
import { SURVEY_DIMENSION_LABEL } from '../../../types/contracts/surveys'
import type { ReportContent, ReportRow } from '../../../types/contracts/reports'
import { AppError } from '../../../types/errors'
import { addBucket, emptyBucket, percent, type BucketFigures } from '../domain/ledger'
import { recentWeeks, shortDate, weekOf } from '../domain/periods'
import { lastEndedQuarter, quarterName, starsWords } from '../domain/ratings'
import { headlineOf, rateFigures, volumeFigures, weekDue, weekEnd, weekLabel } from '../domain/reports'
import { SMALL_GROUP_MIN, SMALL_GROUP_REASON } from '../domain/surveys'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { StoredDoc, TxStore, Where } from '../ports/store'
import { visibleToSide } from './cases'
import { areasOf, overdueCases } from './dashboard'
import { findAll } from './find-all'
import { ledgerFigures, type LedgerFigures } from './ledger'
import { deadlineWords, projectsAtRisk } from './projects'
import { quarterRatings } from './ratings'
import type { AlertDoc, InternalNoticeDoc, StationDoc, SurveyCampaignDoc, WeeklyReportDoc } from './records'
import { stationsById } from './stations'
import { timeLabel } from './time'

/**
 * 定期调度和通报 (ADR 0028). A county's or the city's week, built from what is already kept for the dashboard and
 * the ratings — never by reading the week's cases:
 *  - volumes, rates, the change since last week and the eight-week trend: the area's week rollups, read by id
 *    (a county: 1 area × 8 weeks; the city: 10 areas × 8 weeks);
 *  - per station (county) or per county (city) and the week's missed deadlines by station: the station rollups of
 *    the week, one indexed query per area;
 *  - cases under 督办 now: the supervisor index (few cases), as the dashboard reads them;
 *  - the ranking: the last rated quarter's ratings; cluster alerts raised in the week and open ones; survey
 *    campaigns that ended in the week (only those with 10 answers or more give their weak dimensions, D36);
 *    projects at risk from the project counters.
 * Every figure counts every case (the government side): reports are read only by government-side heads and
 * admins (`read_reports`).
 */

const SIDE = 'government' as const
const TOP = 10
const LIST = 20

export const reportId = (week: string, stationId: string) => `wr_${week}_${stationId}`
export const reportsRunId = (week: string) => `reports.run.${week}`

const rate = (part: number | undefined, whole: number | undefined) => {
  const p = percent(part, whole)
  return p === null ? '—' : `${p}%`
}

/**
 * The report of an area (a county or the city station) for the week starting `start`, to `now` if it has not
 * ended, from the ledger's figures as `figures` read them (one `ledgerFigures` for every area of a run).
 */
export const buildReportContent = async (ports: Ports, figures: LedgerFigures, area: StationDoc, start: number, now: number): Promise<ReportContent> => {
  const { store } = ports
  if (area.kind !== 'county' && area.kind !== 'city') throw new AppError('REQUEST_INVALID', '每周通报只有县区和全市的', ['stationId'])
  const week = weekOf(start)
  const end = weekEnd(start)
  const keys = await areasOf(ports, area)
  const trend = recentWeeks(start + 12 * 3_600_000, 8)
  const prevWeek = trend[trend.length - 2]!.id
  const cells = await figures.readRollups(keys.flatMap((key) => trend.map((w) => ({ level: 'area' as const, key, period: w.id }))), SIDE)
  const sum = (period: string, ks: readonly string[] = keys): BucketFigures => {
    const out = emptyBucket()
    for (const k of ks) {
      const b = cells.get(`${k}|${period}`)
      if (b) addBucket(out, b)
    }
    return out
  }
  const thisB = sum(week)
  const prevB = sum(prevWeek)
  const volumes = volumeFigures(thisB.n, prevB.n)
  const rates = rateFigures(thisB.n, prevB.n)

  // Stations of the area with figures in the week: one query per area (the city: its own and each county's).
  const perStation = new Map<string, BucketFigures>()
  for (const k of keys) for (const [id, b] of await figures.areaStationFigures(k, week, SIDE)) perStation.set(id, b)
  const supervised = await overdueCases(ports, area, 'area', SIDE)
  const supervisedBy = new Map<string, number>()
  for (const c of supervised) supervisedBy.set(c.ownerStationId, (supervisedBy.get(c.ownerStationId) ?? 0) + 1)

  const ratingQuarter = lastEndedQuarter(Math.min(now, end))
  const ratings = await quarterRatings(store, area._id, ratingQuarter)
  const areaFilter: Where = area.kind === 'city' ? {} : { stationId: area._id }
  const alerts = await findAll<AlertDoc>(store, COLLECTIONS.alerts, { where: { ...areaFilter, raisedAt: { $gte: start, $lt: end }, ...visibleToSide(SIDE) } })
  const openAlerts = await store.count(COLLECTIONS.alerts, { ...areaFilter, status: 'open', ...visibleToSide(SIDE) })
  const campaigns = (await findAll<SurveyCampaignDoc>(store, COLLECTIONS.surveyCampaigns, { where: { status: 'closed', endsAt: { $gte: start, $lt: end } } })).filter(
    (c) => area.kind === 'city' || c.countyId === area._id || c.stationId === area._id,
  )
  const risks = await projectsAtRisk(store, area.kind === 'city' ? null : area._id, now, SIDE)

  const names = await stationsById(store, [
    ...keys,
    ...perStation.keys(),
    ...supervisedBy.keys(),
    ...alerts.map((a) => a.stationId),
    ...risks.slice(0, LIST).map((r) => r.project.countyId),
  ])
  const nameOf = (id: string) => names.get(id)?.name ?? ''
  const countyOf = (id: string) => {
    const s = names.get(id)
    return s?.countyId ? nameOf(s.countyId) : ''
  }

  const stationRows =
    area.kind === 'city'
      ? keys.map((k) => [k, sum(week, [k])] as const).map(([id, b]) => ({ id, name: id === area._id ? '市级驿站直接办理' : nameOf(id), b }))
      : [...perStation.entries()].map(([id, b]) => ({ id, name: nameOf(id), b }))
  const overdueIds = new Set([...[...perStation.entries()].filter(([, b]) => (b.n.overdue ?? 0) > 0).map(([id]) => id), ...supervisedBy.keys()])
  const overdueRows = [...overdueIds]
    .map((id) => ({ stationName: nameOf(id), countyName: area.kind === 'city' ? countyOf(id) : '', week: perStation.get(id)?.n.overdue ?? 0, supervised: supervisedBy.get(id) ?? 0 }))
    .sort((a, b) => b.week + b.supervised - (a.week + a.supervised) || b.supervised - a.supervised || a.stationName.localeCompare(b.stationName, 'zh'))

  const rated = ratings.filter((r) => r.starsKey > 0)
  const rankRow = (r: (typeof ratings)[number]) => ({ stationName: r.stationName, starsLabel: starsWords(r.starsKey || null), score: r.score === null || r.score === undefined ? '—' : `${r.score} 分` })
  const shownCampaigns = campaigns.filter((c) => c.tally.answers >= SMALL_GROUP_MIN)
  const withheld = campaigns.length - shownCampaigns.length

  const partial = now < end
  return {
    stationId: area._id,
    title: `${area.name} · ${area.kind === 'city' ? '全市' : '全县区'}`,
    week,
    weekLabel: weekLabel(start),
    ...(partial ? { partialNote: `本周还没有结束，下面是截至 ${timeLabel(now)} 的数字；下周一 8 点会生成整周的通报` } : {}),
    builtLabel: `${timeLabel(now)} 生成`,
    volumes,
    rates,
    stations: {
      label: area.kind === 'city' ? '各县区' : '各驿站',
      rows: stationRows
        .map(({ id, name, b }) => ({
          id,
          name,
          filed: b.n.filed ?? 0,
          resolved: b.n.resolved ?? 0,
          overdue: b.n.overdue ?? 0,
          acceptRate: rate(b.n.acceptedOnTime, b.n.accepted),
          resolveRate: rate(b.n.resolvedOnTime, b.n.resolved),
        }))
        .sort((a, b) => b.filed - a.filed || b.overdue - a.overdue || a.name.localeCompare(b.name, 'zh')),
    },
    overdue: {
      weekTotal: thisB.n.overdue ?? 0,
      supervisedTotal: supervised.length,
      rows: overdueRows.slice(0, LIST * 2),
    },
    ranking: {
      quarterLabel: quarterName(ratingQuarter),
      rated: rated.length,
      insufficient: ratings.length - rated.length,
      stars: [1, 2, 3, 4, 5].map((n) => rated.filter((r) => r.starsKey === n).length),
      top: rated.slice(0, TOP).map(rankRow),
      low: rated.filter((r) => r.low).reverse().slice(0, LIST).map(rankRow),
    },
    clusters: {
      raised: alerts.length,
      open: openAlerts,
      rows: alerts
        .sort((a, b) => b.raisedAt - a.raisedAt)
        .slice(0, LIST)
        .map((a) => ({ subject: a.subject, stationName: nameOf(a.stationId), workers: a.workers, cases: a.caseCount, statusLabel: ALERT_STATUS_LABEL[a.status], raisedLabel: timeLabel(a.raisedAt) })),
    },
    surveys: {
      closed: campaigns.length,
      withheld,
      ...(withheld ? { withheldNote: `${withheld} 次测评${SMALL_GROUP_REASON}` } : {}),
      rows: shownCampaigns
        .filter((c) => (c.weak ?? []).length > 0)
        .map((c) => ({ stationName: c.stationName, answers: c.tally.answers, dimensions: (c.weak ?? []).map((d) => SURVEY_DIMENSION_LABEL[d]) }))
        .sort((a, b) => b.dimensions.length - a.dimensions.length || a.stationName.localeCompare(b.stationName, 'zh')),
    },
    arrears: {
      total: risks.length,
      rows: risks.slice(0, LIST).map((r) => {
        const d = deadlineWords(r, now)
        return {
          name: r.project.name,
          countyName: nameOf(r.project.countyId),
          open: r.figures.open,
          workers: r.figures.workers,
          amountLabel: `${r.figures.amount.toLocaleString('zh-CN')} 元`,
          deadlineLabel: d?.label ?? '未定限时化解日期',
          overdue: !!d?.overdue,
          alerts: r.openAlerts,
        }
      }),
    },
    trend: trend.map((w) => {
      const n = sum(w.id).n
      return { week: w.id, label: shortDate(w.start), filed: n.filed ?? 0, resolved: n.resolved ?? 0, overdue: n.overdue ?? 0 }
    }),
  }
}

/** A report's row in the list. */
export const reportRow = (d: WeeklyReportDoc): ReportRow => ({
  week: d.week,
  weekLabel: d.content.weekLabel,
  headline: headlineOf(d.content.volumes, d.content.rates),
  builtLabel: d.content.builtLabel,
  partial: !d.final,
})

/**
 * Builds and stores an area's report of a week (again if it was built before), to this moment. `also` runs in
 * the transaction that stores it (a request's remembered answer).
 */
export const buildReport = async (ports: Ports, area: StationDoc, start: number, how: WeeklyReportDoc['builtHow'], also?: (tx: TxStore, d: WeeklyReportDoc) => Promise<void>): Promise<WeeklyReportDoc> => {
  const now = ports.clock.now()
  const week = weekOf(start)
  const content = await buildReportContent(ports, await ledgerFigures(ports), area, start, now)
  const fields = { stationId: area._id, week, weekStart: start, final: now >= weekEnd(start), builtAt: now, builtHow: how, content }
  const id = reportId(week, area._id)
  return ports.store.transaction(async (tx) => {
    const seen = await tx.get<WeeklyReportDoc>(COLLECTIONS.weeklyReports, id)
    const doc = seen ? await tx.update<WeeklyReportDoc>(COLLECTIONS.weeklyReports, id, seen._v, fields) : await tx.insert<WeeklyReportDoc>(COLLECTIONS.weeklyReports, { _id: id, ...fields })
    await also?.(tx, doc)
    return doc
  })
}

/** The report of a week, or REPORT_NOT_FOUND when it has not been built. */
export const loadReport = async (ports: Ports, stationId: string, week: string): Promise<WeeklyReportDoc> => {
  const d = await ports.store.get<WeeklyReportDoc>(COLLECTIONS.weeklyReports, reportId(week, stationId))
  if (!d) throw new AppError('REPORT_NOT_FOUND')
  return d
}

/** Where the Monday run of a week stands (`settings`, `_id` `reports.run.<week>`): the areas done, in order. */
interface ReportsRunDoc extends StoredDoc {
  week: string
  done: string[]
  complete: boolean
  updatedAt: number
}

/** The internal notice that a report is out, to the area's government-side heads. */
const announce = async (tx: TxStore, ports: Ports, area: StationDoc, report: WeeklyReportDoc) => {
  const c = report.content
  const overdue = c.volumes.find((f) => f.key === 'overdue')
  const doc: Omit<InternalNoticeDoc, '_v'> = {
    _id: `in_${report._id}`,
    stationId: area._id,
    kind: 'weekly_report',
    title: `${area.name}每周通报（${c.weekLabel}）`,
    body: `${headlineOf(c.volumes, c.rates)}（${overdue?.change === '持平' ? '超期与上周持平' : `超期较上周 ${overdue?.change ?? ''}`}）；督办中 ${c.overdue.supervisedTotal} 件，聚集预警 ${c.clusters.raised} 起，欠薪风险项目 ${c.arrears.total} 个。`,
    link: { text: '查看通报', path: `/officer/report/index?stationId=${area._id}&week=${report.week}`, access: 'read_reports' },
    at: ports.clock.now(),
  }
  if (!(await tx.get(COLLECTIONS.internalNotices, doc._id))) await tx.insert<InternalNoticeDoc>(COLLECTIONS.internalNotices, doc)
}

/**
 * The sweep's part: once Monday 08:00 (Shanghai) has passed, last week's reports of the city and every county,
 * each with its internal notice, as many as the budget allows, going on where the last run stopped; afterwards
 * one read per run. Each area is one transaction with the run's record, so two sweeps at once build it once (the
 * second meets STORE_CONFLICT on the record and leaves).
 */
export const buildWeeklyReports = async (ports: Ports, now: number, budgetMs: number, dryRun: boolean): Promise<{ week: string; built: number; complete: boolean }> => {
  const due = weekDue(now)
  if (!due) return { week: '', built: 0, complete: true }
  const id = reportsRunId(due.id)
  let run = await ports.store.get<ReportsRunDoc>(COLLECTIONS.settings, id)
  if (run?.complete || dryRun) return { week: due.id, built: 0, complete: !!run?.complete }
  const started = performance.now()
  const counties = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { kind: 'county' }, orderBy: { field: 'sortKey', dir: 'asc' } })
  const city = (await ports.store.find<StationDoc>(COLLECTIONS.stations, { where: { kind: 'city' }, limit: 1 })).items
  const areas = [...city, ...counties]
  const figures = await ledgerFigures(ports)
  let built = 0
  for (const area of areas) {
    if (run?.done.includes(area._id)) continue
    if (built > 0 && performance.now() - started > budgetMs) break
    const content = await buildReportContent(ports, figures, area, due.start, now)
    run = await ports.store.transaction(async (tx) => {
      const rec = await tx.get<ReportsRunDoc>(COLLECTIONS.settings, id)
      if ((rec?._v ?? 0) !== (run?._v ?? 0)) throw new AppError('STORE_CONFLICT')
      const rid = reportId(due.id, area._id)
      const seen = await tx.get<WeeklyReportDoc>(COLLECTIONS.weeklyReports, rid)
      const fields = { stationId: area._id, week: due.id, weekStart: due.start, final: true, builtAt: now, builtHow: 'timer' as const, content }
      const report = seen ? await tx.update<WeeklyReportDoc>(COLLECTIONS.weeklyReports, rid, seen._v, fields) : await tx.insert<WeeklyReportDoc>(COLLECTIONS.weeklyReports, { _id: rid, ...fields })
      await announce(tx, ports, area, report)
      const done = [...(rec?.done ?? []), area._id]
      const complete = areas.every((a) => done.includes(a._id))
      return rec
        ? tx.update<ReportsRunDoc>(COLLECTIONS.settings, id, rec._v, { done, complete, updatedAt: now })
        : tx.insert<ReportsRunDoc>(COLLECTIONS.settings, { _id: id, week: due.id, done, complete, updatedAt: now })
    })
    built += 1
  }
  return { week: due.id, built, complete: !!run?.complete }
}


import { mayAccessCase } from '../../../types/authz'
import type { DashboardScope, DashboardView } from '../../../types/contracts/dashboard'
import { CATEGORY_INFO, Category, TERMINAL_STATES, CaseState, type Side } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { viewsOf } from '../domain/case-relation'
import { addBucket, emptyBucket, meanStars, percent, received, type BucketFigures, type Figures } from '../domain/ledger'
import { monthLabel, monthOf, quarterLabel, quarterMonths, recentWeeks, shortDate, weekOf, weekStart } from '../domain/periods'
import type { Ports } from '../ports'
import { COLLECTIONS } from '../ports/collections'
import type { Where } from '../ports/store'
import { currentDeadline, visibleToSide } from './cases'
import { findAll } from './find-all'
import { ledgerFigures, type RollupLevel } from './ledger'
import { scopeNoteOf } from './ledger-view'
import type { CaseDoc, OfficerView, StationDoc } from './records'
import { stationsById } from './stations'
import { timeLabel } from './time'

/**
 * The dashboard's figures (issue §7), all from the ledger's rollups: a handful of documents read by id for the
 * periods and the trend, one indexed query for the stations of a county, and one for the cases past their
 * deadline. Nothing here reads every case.
 */

const OPEN_STATES = CaseState.options.filter((s) => !TERMINAL_STATES.includes(s) && s !== 'resolved')
const rate = (part: number | undefined, whole: number | undefined) => {
  const p = percent(part, whole)
  return p === null ? '—' : `${p}%`
}

/** New cases: at a station, every case that came to it (filed or moved in); in an area, the ones filed there (a move inside the area is not new). */
const newOf = (n: Figures, scope: DashboardScope) => (scope === 'own' ? received(n) : n.filed ?? 0)

const tiles = (n: Figures, scope: DashboardScope) => {
  const stars = meanStars(n)
  const unconfirmed = n.unconfirmed ?? 0
  return [
    { key: 'new', label: scope === 'own' ? '收到诉求' : '新收诉求', value: `${newOf(n, scope)} 件` },
    { key: 'overdue', label: '超期', value: `${n.overdue ?? 0} 次`, note: '受理、办结或转办答复超过时限' },
    { key: 'acceptRate', label: '按时受理率', value: rate(n.acceptedOnTime, n.accepted), note: `受理 ${n.accepted ?? 0} 件` },
    { key: 'resolveRate', label: '按时办结率', value: rate(n.resolvedOnTime, n.resolved), note: `办结 ${n.resolved ?? 0} 件` },
    {
      key: 'satisfaction',
      label: '满意度',
      value: stars === null ? '—' : `${stars} 星`,
      note: `${n.rated ?? 0} 件评价${unconfirmed ? `；已结案(未确认) ${unconfirmed} 件，不算满意` : ''}`,
    },
    { key: 'reopenRate', label: '重新办理率', value: rate(n.reopened, n.resolved), note: `职工不满意 ${n.reopened ?? 0} 件` },
  ]
}

/** The areas an area dashboard adds up: the county itself, or the city and every county. */
export const areasOf = async (ports: Ports, station: StationDoc): Promise<string[]> => {
  if (station.kind === 'county') return [station._id]
  const counties = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, { where: { kind: 'county' }, orderBy: { field: 'sortKey', dir: 'asc' } })
  return [station._id, ...counties.map((c) => c._id)]
}

/**
 * Open cases under 督办 (their resolve deadline was missed) whose owner is in the scope, as the side may see them,
 * oldest first. Read by the supervisor index (a supervisor is always a station above the owner, so the scope's
 * possible supervisors are few), never by the owner: supervised cases are few, a station's cases are many.
 */
export const overdueCases = async (ports: Ports, station: StationDoc, scope: DashboardScope, side: Side): Promise<CaseDoc[]> => {
  let supervisors: string[]
  let owners: (id: string) => boolean
  if (scope === 'own') {
    supervisors = [...station.path]
    owners = (id) => id === station._id
  } else {
    const above = await findAll<StationDoc>(ports.store, COLLECTIONS.stations, {
      where: station.kind === 'city' ? { kind: { $in: ['county', 'township', 'park'] } } : { countyId: station._id },
    })
    const inArea = new Set([station._id, ...above.map((s) => s._id)])
    supervisors = [...new Set([...station.path, ...inArea])]
    owners = station.kind === 'city' ? () => true : (id) => inArea.has(id)
  }
  const out: CaseDoc[] = []
  for (let i = 0; i < supervisors.length; i += 100) {
    const where: Where = { supervisorStationId: { $in: supervisors.slice(i, i + 100) }, state: { $in: OPEN_STATES }, ...visibleToSide(side) }
    out.push(...(await findAll<CaseDoc>(ports.store, COLLECTIONS.cases, { where })).filter((c) => owners(c.ownerStationId)))
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || a._id.localeCompare(b._id))
}

export const dashboardView = async (ports: Ports, officer: OfficerView, station: StationDoc, scope: DashboardScope, side: Side): Promise<DashboardView> => {
  const isArea = station.kind === 'county' || station.kind === 'city'
  if (scope === 'area' && !isArea) throw new AppError('REQUEST_INVALID', '只有县区和市级驿站可以查看全县区、全市的情况', ['scope'])
  const now = ports.clock.now()
  const week = weekOf(now)
  const month = monthOf(now)
  const quarter = quarterMonths(month).filter((m) => m <= month)
  const trend = recentWeeks(now, 12)
  const level: RollupLevel = scope === 'own' ? 'station' : 'area'
  const keys = scope === 'own' ? [station._id] : await areasOf(ports, station)
  const periods = [...new Set([week, month, ...quarter, ...trend.map((w) => w.id)])]
  const figures = await ledgerFigures(ports)
  const cells = await figures.readRollups(keys.flatMap((key) => periods.map((period) => ({ level, key, period }))), side)
  const sum = (ps: string[], ks: string[] = keys): BucketFigures => {
    const out = emptyBucket()
    for (const k of ks) for (const p of ps) {
      const b = cells.get(`${k}|${p}`)
      if (b) addBucket(out, b)
    }
    return out
  }
  const monthB = sum([month])

  let byStation: DashboardView['byStation'] = null
  if (scope === 'area') {
    const perStation = station.kind === 'county' ? await figures.areaStationFigures(station._id, month, side) : new Map(keys.map((k) => [k, sum([month], [k])]))
    const names = await stationsById(ports.store, perStation.keys(), officer.stations)
    byStation = {
      periodLabel: monthLabel(month),
      rows: [...perStation.entries()]
        .map(([id, b]) => ({
          id,
          name: station.kind === 'city' && id === station._id ? '市级驿站直接办理' : names.get(id)?.name ?? '',
          filed: newOf(b.n, station.kind === 'city' ? 'area' : 'own'),
          resolved: b.n.resolved ?? 0,
          overdue: b.n.overdue ?? 0,
          acceptRate: rate(b.n.acceptedOnTime, b.n.accepted),
          resolveRate: rate(b.n.resolvedOnTime, b.n.resolved),
        }))
        .sort((a, b) => b.filed - a.filed || a.name.localeCompare(b.name, 'zh')),
    }
  }

  const overdue = (await overdueCases(ports, station, scope, side)).filter((c) => mayAccessCase('view', c.privacy, viewsOf(officer.memberships, c)))
  const seen = overdue.slice(0, 20)
  const names = await stationsById(ports.store, seen.flatMap((c) => [c.ownerStationId, ...(c.supervisorStationId ? [c.supervisorStationId] : [])]), officer.stations)

  const note = scopeNoteOf(side)
  const area = station.kind === 'city' ? '全市' : station.kind === 'county' ? '全县区' : null
  return {
    stationId: station._id,
    title: scope === 'area' ? `${station.name} · ${area}` : station.name,
    scope,
    areaLabel: area,
    ...(note ? { scopeNote: note } : {}),
    periods: [
      { key: 'week', label: `本周（${shortDate(weekStart(now))}起）`, tiles: tiles(sum([week]).n, scope) },
      { key: 'month', label: `本月（${monthLabel(month)}）`, tiles: tiles(monthB.n, scope) },
      { key: 'quarter', label: `本季度（${quarterLabel(month)}）`, tiles: tiles(sum(quarter).n, scope) },
    ],
    byCategory: {
      periodLabel: monthLabel(month),
      rows: Category.options
        .filter((c) => monthB.cat[c])
        .map((c) => {
          const f = monthB.cat[c]!
          return { category: c, label: CATEGORY_INFO[c].label, filed: newOf(f, scope), resolved: f.resolved ?? 0, overdue: f.overdue ?? 0 }
        }),
    },
    byStation,
    trend: trend.map((w) => {
      const n = sum([w.id]).n
      return { week: w.id, label: shortDate(w.start), filed: newOf(n, scope), resolved: n.resolved ?? 0, overdue: n.overdue ?? 0 }
    }),
    overdue: {
      total: overdue.length,
      rows: seen.map((c) => ({
        id: c._id,
        caseNo: c.caseNo,
        categoryLabel: CATEGORY_INFO[c.category].label,
        stationName: names.get(c.ownerStationId)?.name ?? '',
        supervisorName: c.supervisorStationId ? names.get(c.supervisorStationId)?.name ?? '' : '',
        createdLabel: timeLabel(c.createdAt),
        deadlineLabel: currentDeadline(c, ports.clock)?.label ?? '',
      })),
    },
  }
}

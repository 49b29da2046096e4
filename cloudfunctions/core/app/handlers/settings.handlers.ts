import { POLICY_TRACK_LABEL, SETTINGS_CONTRACTS, createProject, getCalendar, getPolicy, listCategories, listProjects, previewPolicy, setCalendarYear, setPolicy } from '../../../../types/contracts/settings'
import { Category } from '../../../../types/domain'
import { AppError } from '../../../../types/errors'
import { categoryChanges, categoryNames, DEFAULT_CATEGORIES, type CategoryCatalogue } from '../../domain/categories'
import { noticeStatus } from '../../domain/policy-notices'
import { acceptPromise, clockMinutes, DEFAULT_SLA_POLICY, policyChanges, previewPolicy as preview, type PolicyTrack, type SlaPolicy } from '../../domain/sla-policy'
import { loadCalendar } from '../../domain/working-time'
import { employerKey } from '../../domain/employer'
import { COLLECTIONS } from '../../ports/collections'
import { audit } from '../audit'
import { defineHandler, type HandlerContext, type HandlersOf } from '../handler'
import { categoriesOf, forgetRecentPolicy, POLICY_DOC_ID, policyOf, readPolicyDoc, type PolicyDoc } from '../policy'
import type { PolicyNoticeDoc, ProjectDoc } from '../records'
import { getStationOr404, stationsById } from '../stations'
import { projectExtras } from '../projects'
import { CALENDAR_DOC_ID, mergeCalendar, type CalendarDoc } from '../time'

const policyView = (doc: PolicyDoc | null) => ({
  policy: policyOf(doc),
  isDefault: !doc,
  version: doc?._v ?? 0,
  defaults: DEFAULT_SLA_POLICY,
  categories: categoriesOf(doc),
  defaultCategories: DEFAULT_CATEGORIES,
})

/** Each track under the name it has in this catalogue (the group track keeps its own). */
const trackLabels = (cat: CategoryCatalogue): Record<PolicyTrack, string> => ({ ...categoryNames(cat), group: POLICY_TRACK_LABEL.group })

const getPolicyHandler = defineHandler(getPolicy, async (_i, ctx) => {
  return policyView(await readPolicyDoc(ctx.ports.store))
})

/** A policy as sent: tracks only keeps the fixed deadlines in force. */
const completed = (policy: Omit<SlaPolicy, 'fixed'> & { fixed?: SlaPolicy['fixed'] }, current: SlaPolicy): SlaPolicy => ({
  ...policy,
  fixed: policy.fixed ?? current.fixed,
})

/** Every change, categories first (their new names), then the deadlines under the names they will have. */
const changesOf = (doc: PolicyDoc | null, policy: SlaPolicy, categories: CategoryCatalogue) => {
  const current = categoriesOf(doc)
  return [...categoryChanges(current, categories), ...policyChanges(policyOf(doc), policy, trackLabels(categories))]
}

const previewPolicyHandler = defineHandler(previewPolicy, async ({ policy, categories }, { ports }) => {
  const doc = await readPolicyDoc(ports.store)
  const next = completed(policy, policyOf(doc))
  const cats = categories ?? categoriesOf(doc)
  return { ...preview(ports.clock.calendar(), ports.clock.now(), next, trackLabels(cats)), changes: changesOf(doc, next, cats) }
})

/**
 * Deadlines apply to clocks started afterwards (D12); names and explanations show at once; a disabled
 * category is no longer offered and old cases keep it. Written to the audit log with what changed, before → after.
 */
const setPolicyHandler = defineHandler(setPolicy, async ({ version, policy, categories }, ctx) => {
  const { store, clock } = ctx.ports
  const doc = await readPolicyDoc(store)
  if ((doc?._v ?? 0) !== version) throw new AppError('STORE_CONFLICT')
  const next = completed(policy, policyOf(doc))
  const cats = categories ?? categoriesOf(doc)
  const changes = changesOf(doc, next, cats)
  const fields = { policy: next, categories: cats, updatedAt: clock.now(), updatedBy: ctx.officer!.doc._id }
  const saved = await store.transaction(async (tx) => {
    const written = doc
      ? await tx.update<PolicyDoc>(COLLECTIONS.settings, POLICY_DOC_ID, version, fields)
      : await tx.insert<PolicyDoc>(COLLECTIONS.settings, { _id: POLICY_DOC_ID, ...fields })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'policy.set', POLICY_DOC_ID, changes.length ? changes.join('；') : '没有改动')
    return written
  })
  forgetRecentPolicy()
  return policyView(saved)
})

/** The categories for the form and the case pages; a card links to its notice only while that notice is up. */
const listCategoriesHandler = defineHandler(listCategories, async (_i, { ports }) => {
  const doc = await readPolicyDoc(ports.store)
  const cats = categoriesOf(doc)
  const policy = policyOf(doc)
  // One worker's case of each category (a group case is promised its own, shorter, time when it is filed).
  const single = (category: Category) => ({ category, workersAffected: 1 })
  const offered = Category.options.filter((c) => cats[c].enabled)
  const slowest = offered.reduce((a, c) => (clockMinutes(policy, single(c)).accept > clockMinutes(policy, single(a)).accept ? c : a), offered[0] ?? 'other')
  const now = ports.clock.now()
  const ids = [...new Set(Category.options.flatMap((c) => (cats[c].rights?.noticeId ? [cats[c].rights!.noticeId!] : [])))]
  const notices = ids.length ? (await ports.store.find<PolicyNoticeDoc>(COLLECTIONS.policyNotices, { where: { _id: { $in: ids } }, limit: 100 })).items : []
  const live = new Set(notices.filter((n) => noticeStatus(n, now) === 'live').map((n) => n._id))
  return {
    items: Category.options.map((c) => {
      const e = cats[c]
      return {
        category: c,
        name: e.name,
        hint: e.hint,
        enabled: e.enabled,
        rights: e.rights ? { text: e.rights.text, noticeId: e.rights.noticeId && live.has(e.rights.noticeId) ? e.rights.noticeId : null } : null,
        acceptPromise: acceptPromise(policy, single(c)),
      }
    }),
    latestAcceptPromise: acceptPromise(policy, single(slowest)),
  }
})

const calendarView = async (ctx: HandlerContext) => {
  const doc = await ctx.ports.store.get<CalendarDoc>(COLLECTIONS.settings, CALENDAR_DOC_ID)
  const merged = mergeCalendar(doc?.years)
  const years = Object.keys(merged.years).sort()
  let next = Number(years[0] ?? '2025')
  while (merged.years[String(next)]) next += 1
  // Next year in Shanghai: from December on, its arrangement is usually out and should be entered.
  const nextYear = String(new Date(ctx.ports.clock.now() + 8 * 3600_000).getUTCFullYear() + 1)
  return {
    version: doc?._v ?? 0,
    years: years.map((year) => {
      const y = merged.years[year]!
      return {
        year,
        source: y.source,
        holidayDays: y.holidays.reduce((n, h) => n + h.dates.length, 0),
        makeupWorkdays: y.makeupWorkdays?.length ?? 0,
        enteredByAdmin: !!doc?.years[year],
        holidays: y.holidays.map((h) => ({ name: h.name, dates: [...h.dates].sort() })),
        makeupDates: [...(y.makeupWorkdays ?? [])].sort(),
      }
    }),
    firstMissingYear: String(next),
    nextYear,
    nextYearMissing: !merged.years[nextYear],
  }
}

const getCalendarHandler = defineHandler(getCalendar, async (_i, ctx) => {
  return calendarView(ctx)
})

type Arrangement = { holidays: Array<{ dates: string[] }>; makeupWorkdays?: string[] }
/** "；假日 +2027-01-02 −2027-01-03；调休上班 +2027-02-07": the dates a correction adds and removes. */
const dateChanges = (before: Arrangement, after: Arrangement): string => {
  const diff = (label: string, b: string[], a: string[]) => {
    const added = a.filter((d) => !b.includes(d)).sort()
    const removed = b.filter((d) => !a.includes(d)).sort()
    return added.length || removed.length ? [`${label} ${[...added.map((d) => `+${d}`), ...removed.map((d) => `−${d}`)].join(' ')}`] : []
  }
  const parts = [
    ...diff('假日', before.holidays.flatMap((h) => h.dates), after.holidays.flatMap((h) => h.dates)),
    ...diff('调休上班', before.makeupWorkdays ?? [], after.makeupWorkdays ?? []),
  ]
  return parts.length ? `；${parts.join('；')}` : ''
}

const setCalendarYearHandler = defineHandler(setCalendarYear, async ({ version, year, arrangement }, ctx) => {
  const { store, clock } = ctx.ports
  const all = [...arrangement.holidays.flatMap((h) => h.dates), ...arrangement.makeupWorkdays]
  const stray = all.find((d) => !d.startsWith(`${year}-`))
  if (stray) throw new AppError('REQUEST_INVALID', `${stray} 不在 ${year} 年`, ['arrangement'])
  const doc = await store.get<CalendarDoc>(COLLECTIONS.settings, CALENDAR_DOC_ID)
  if ((doc?._v ?? 0) !== version) throw new AppError('STORE_CONFLICT')
  const years = { ...(doc?.years ?? {}), [year]: arrangement }
  try {
    loadCalendar(mergeCalendar(years))
  } catch (e) {
    throw new AppError('REQUEST_INVALID', '节假日安排有误（日期不存在，或同一天既是假日又是调休上班）', ['arrangement'])
  }
  // The year as it was in force (entered before, or shipped), so the audit row says which dates changed.
  const before = mergeCalendar(doc?.years).years[year]
  const days = (a: { holidays: Array<{ dates: string[] }>; makeupWorkdays?: string[] }) =>
    `${a.holidays.reduce((n, h) => n + h.dates.length, 0)} 天假日、${a.makeupWorkdays?.length ?? 0} 天调休上班`
  const detail = `${year} 年（${arrangement.source}）：${before ? `${days(before)} → ` : ''}${days(arrangement)}${before ? dateChanges(before, arrangement) : ''}`
  await store.transaction(async (tx) => {
    if (doc) await tx.update<CalendarDoc>(COLLECTIONS.settings, CALENDAR_DOC_ID, version, { years, updatedAt: clock.now() })
    else await tx.insert<CalendarDoc>(COLLECTIONS.settings, { _id: CALENDAR_DOC_ID, years, updatedAt: clock.now() })
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'calendar.setYear', year, detail)
  })
  await ctx.ports.clock.refreshCalendar(true)
  if (!ctx.ports.clock.calendar().coversDate(`${year}-01-01`)) throw new AppError('INTERNAL')
  return calendarView(ctx)
})

const projectView = (p: ProjectDoc, stationName: string) => ({
  id: p._id,
  name: p.name,
  contractor: p.contractor,
  countyId: p.countyId,
  responsibleStationId: p.responsibleStationId,
  responsibleStationName: stationName,
})

const createProjectHandler = defineHandler(createProject, async (input, ctx) => {
  // The station access table has checked the admin's scope covers the county named.
  if (ctx.station!.kind !== 'county') throw new AppError('REQUEST_INVALID', '请选择项目所在的县区', ['countyId'])
  const responsible = await getStationOr404(ctx.ports.store, input.responsibleStationId)
  if (responsible.countyId !== input.countyId && responsible._id !== input.countyId)
    throw new AppError('STATION_OUT_OF_SCOPE', '包保驿站要在项目所在的县区', ['responsibleStationId'])
  if (responsible.status !== 'active') throw new AppError('STATION_SUSPENDED')
  // 菏薪共治 (ADR 0023): the contractor's code, 包保 officer, wage account, workers, dates and 限时化解 when given.
  const extras = await projectExtras(ctx.ports.store, input.countyId, input)
  const doc: Omit<ProjectDoc, '_v'> = {
    ...extras,
    _id: ctx.ports.ids.next(),
    name: input.name,
    contractor: input.contractor,
    contractorKey: employerKey(input.contractor),
    countyId: input.countyId,
    responsibleStationId: responsible._id,
    createdAt: ctx.ports.clock.now(),
  }
  return ctx.ports.store.transaction(async (tx) => {
    const saved = await tx.insert<ProjectDoc>(COLLECTIONS.projects, doc)
    await audit(tx, ctx.ports, ctx.officer!.doc._id, 'project.create', saved._id, `${saved.name}（${saved.contractor}），包保驿站 ${responsible.name}`)
    const view = projectView(saved, responsible.name)
    await ctx.remember(tx, view)
    return view
  })
})

const listProjectsHandler = defineHandler(listProjects, async ({ stationId }, { ports }) => {
  const station = await getStationOr404(ports.store, stationId)
  // The city station belongs to no county: no projects to offer there.
  const countyId = station.countyId
  if (!countyId) return { items: [] }
  const page = await ports.store.find<ProjectDoc>(COLLECTIONS.projects, { where: { countyId }, orderBy: { field: 'name', dir: 'asc' }, limit: 500 })
  const stations = await stationsById(ports.store, page.items.map((p) => p.responsibleStationId))
  return { items: page.items.map((p) => projectView(p, stations.get(p.responsibleStationId)?.name ?? '')) }
})

export const SETTINGS_HANDLERS: HandlersOf<typeof SETTINGS_CONTRACTS> = {
  getPolicy: getPolicyHandler,
  setPolicy: setPolicyHandler,
  previewPolicy: previewPolicyHandler,
  getCalendar: getCalendarHandler,
  setCalendarYear: setCalendarYearHandler,
  createProject: createProjectHandler,
  listProjects: listProjectsHandler,
  listCategories: listCategoriesHandler,
}

import { EXPORT_MAX, EXPORT_SCHEMA_VERSION } from '../../../types/contracts/arrears'
import { CASE_STATE_LABEL, CATEGORY_INFO, type Side } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { COLLECTIONS } from '../ports/collections'
import { FILE_URL_TTL_SECONDS } from '../ports/files'
import type { Store, Where } from '../ports/store'
import { createHash } from 'node:crypto'
import { visibleToSide } from './cases'
import type { HandlerContext } from './handler'
import { identityFor } from './identity-log'
import { findJob, runJob } from './jobs'
import type { CaseDoc, ExportRunDoc, ProjectDoc, StationDoc } from './records'
import { stationsById } from './stations'

/**
 * 互联网+劳动关系 (issue §6, ADR 0023): cases changed since a cursor, for the caller's scope (the city, or one
 * county), in the versioned shape of docs/export/case-v1.schema.json — JSON Lines, and the same rows flattened
 * as CSV. The cursor is the (updatedAt, _id) of the last case written: the next run starts after it, so a case
 * changed again is sent again with its new state. A worker's name and phone are in a row only when the access
 * table lets this admin see them (never on an anonymous case), and each one is written to the access log first.
 */

export interface ExportedCase {
  schemaVersion: typeof EXPORT_SCHEMA_VERSION
  caseId: string
  caseNo: string
  channel: CaseDoc['channel']
  category: CaseDoc['category']
  categoryLabel: string
  state: CaseDoc['state']
  stateLabel: string
  privacy: CaseDoc['privacy']
  createdAt: string
  updatedAt: string
  firstRepliedAt: string | null
  resolvedAt: string | null
  closedAt: string | null
  county: { id: string; name: string } | null
  ownerStation: { id: string; name: string; kind: StationDoc['kind'] }
  workersAffected: number
  groupCase: boolean
  amountOwed: number | null
  employer: { name: string | null; uscc: string | null } | null
  project: { id: string; name: string; contractor: string; contractorUscc: string | null } | null
  conclusion: { key: string; label: string; amountRecovered: number | null; workersPaid: number | null } | null
  rating: number | null
  reopenCount: number
  worker: { name: string; phone: string } | null
  /** Why `worker` is null: an anonymous case stores none; a case filed without contact details has none; else the access table withheld it. */
  workerWithheld: 'anonymous' | 'none' | 'not_permitted' | null
}

/** '2026-11-25T10:00:00+08:00': Shanghai wall time with its offset. */
const iso = (ms: number | null): string | null => (ms === null ? null : `${new Date(ms + 8 * 3600_000).toISOString().slice(0, 19)}+08:00`)

export const CSV_COLUMNS = [
  'schemaVersion', 'caseId', 'caseNo', 'channel', 'category', 'categoryLabel', 'state', 'stateLabel', 'privacy', 'createdAt', 'updatedAt',
  'firstRepliedAt', 'resolvedAt', 'closedAt', 'countyId', 'countyName', 'ownerStationId', 'ownerStationName', 'ownerStationKind', 'workersAffected',
  'groupCase', 'amountOwed', 'employerName', 'employerUscc', 'projectId', 'projectName', 'projectContractor', 'projectContractorUscc',
  'conclusionKey', 'conclusionLabel', 'amountRecovered', 'workersPaid', 'rating', 'reopenCount', 'workerName', 'workerPhone', 'workerWithheld',
] as const

export const csvRecord = (r: ExportedCase): Record<(typeof CSV_COLUMNS)[number], string | number | boolean | null> => ({
  schemaVersion: r.schemaVersion,
  caseId: r.caseId,
  caseNo: r.caseNo,
  channel: r.channel,
  category: r.category,
  categoryLabel: r.categoryLabel,
  state: r.state,
  stateLabel: r.stateLabel,
  privacy: r.privacy,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  firstRepliedAt: r.firstRepliedAt,
  resolvedAt: r.resolvedAt,
  closedAt: r.closedAt,
  countyId: r.county?.id ?? null,
  countyName: r.county?.name ?? null,
  ownerStationId: r.ownerStation.id,
  ownerStationName: r.ownerStation.name,
  ownerStationKind: r.ownerStation.kind,
  workersAffected: r.workersAffected,
  groupCase: r.groupCase,
  amountOwed: r.amountOwed,
  employerName: r.employer?.name ?? null,
  employerUscc: r.employer?.uscc ?? null,
  projectId: r.project?.id ?? null,
  projectName: r.project?.name ?? null,
  projectContractor: r.project?.contractor ?? null,
  projectContractorUscc: r.project?.contractorUscc ?? null,
  conclusionKey: r.conclusion?.key ?? null,
  conclusionLabel: r.conclusion?.label ?? null,
  amountRecovered: r.conclusion?.amountRecovered ?? null,
  workersPaid: r.conclusion?.workersPaid ?? null,
  rating: r.rating,
  reopenCount: r.reopenCount,
  workerName: r.worker?.name ?? null,
  workerPhone: r.worker?.phone ?? null,
  workerWithheld: r.workerWithheld,
})

/** RFC 4180 cells; a cell starting like a formula is prefixed with ' so a spreadsheet does not run it. */
const cell = (v: string | number | boolean | null): string => {
  if (v === null) return ''
  let s = String(v)
  if (/^[=+\-@\t\r]/.test(s) && typeof v === 'string') s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** The rows as CSV with a header line, UTF-8 with a BOM (Excel opens Chinese correctly). */
export const toCsv = (rows: readonly ExportedCase[]): string =>
  `\uFEFF${[CSV_COLUMNS.join(','), ...rows.map((r) => { const rec = csvRecord(r); return CSV_COLUMNS.map((c) => cell(rec[c])).join(',') })].join('\r\n')}\r\n`

export const parseCursor = (cursor: string | null): { at: number; id: string } | null => {
  if (!cursor) return null
  const [at, id] = cursor.split('~')
  return { at: Number(at), id: id! }
}
export const cursorOf = (c: Pick<CaseDoc, 'updatedAt' | '_id'>) => `${c.updatedAt}~${c._id}`

/**
 * The cases of a scope after a cursor, in (updatedAt, _id) order, at most `max`: first those at the cursor's
 * time after its id, then those after its time. Indexed: (updatedAt) for the city, (ownerCountyId, updatedAt) for a county.
 */
export const casesSince = async (store: Store, scope: Where, cursor: { at: number; id: string } | null, max: number): Promise<{ cases: CaseDoc[]; more: boolean }> => {
  const out: CaseDoc[] = []
  if (cursor) {
    let after: string | undefined
    do {
      const page = await store.find<CaseDoc>(COLLECTIONS.cases, { where: { ...scope, updatedAt: cursor.at, _id: { $gt: cursor.id } }, orderBy: { field: '_id', dir: 'asc' }, limit: Math.min(500, max + 1 - out.length), after })
      out.push(...page.items)
      after = page.next
    } while (after && out.length <= max)
  }
  let after: string | undefined
  while (out.length <= max) {
    const page = await store.find<CaseDoc>(COLLECTIONS.cases, {
      where: { ...scope, ...(cursor ? { updatedAt: { $gt: cursor.at } } : {}) },
      orderBy: { field: 'updatedAt', dir: 'asc' },
      limit: Math.min(500, max + 1 - out.length),
      after,
    })
    out.push(...page.items)
    after = page.next
    if (!after) break
  }
  return { cases: out.slice(0, max), more: out.length > max }
}

const runId = (ownerKey: string, jobId: string) => `xr_${createHash('sha256').update(`${ownerKey}|${jobId}`).digest('hex').slice(0, 40)}`

/** The export operation: a job (D35) that writes the JSON Lines file (the job's file) and the CSV, and keeps the next cursor. */
export const exportCasesRun = async (ctx: HandlerContext, station: StationDoc, since: string | null, jobId: string, max = EXPORT_MAX) => {
  const { ports } = ctx
  const officer = ctx.officer!
  if (station.kind !== 'city' && station.kind !== 'county') throw new AppError('REQUEST_INVALID', '请从市级或县区驿站导出', ['stationId'])
  // Admins are government-side (D8b); the visibility rule is still asked, so nobody it excludes gets a row (D8a).
  const side: Side = ctx.scope!.sides[0] ?? 'employer'
  const scope: Where = { ...(station.kind === 'county' ? { ownerCountyId: station._id } : {}), ...visibleToSide(side) }
  const id = runId(ports.secrets.workerKey(ctx.caller.openid!), jobId)
  const stamp = new Date(ports.clock.now() + 8 * 3600_000).toISOString().slice(0, 10)
  const base = `${station.name}诉求数据_${EXPORT_SCHEMA_VERSION}_${stamp}`
  const job = await runJob(ports, { jobId, openid: ctx.caller.openid!, kind: 'export.cases', title: `${station.name}诉求数据（互联网+劳动关系）`, total: 1 }, async (progress) => {
    const { cases, more } = await casesSince(ports.store, scope, parseCursor(since), max)
    await progress(0, cases.length + 1)
    const [stations, projects] = await Promise.all([
      stationsById(ports.store, [...new Set(cases.flatMap((c) => [c.ownerStationId, ...(c.ownerPath[1] ? [c.ownerPath[1]] : [])]))]),
      projectsById(ports.store, cases.flatMap((c) => (c.projectId ? [c.projectId] : []))),
    ])
    const rows: ExportedCase[] = []
    let identities = 0
    for (const c of cases) {
      // Each name and phone in the file is an identity view: logged before it is written (D4). Never for anonymous cases.
      const worker = c.privacy === 'anonymous' ? null : await identityFor(ports, officer, c, 'export.cases')
      if (worker) identities += 1
      rows.push(exportedCase(c, stations, projects, worker))
      await progress(rows.length, cases.length + 1)
    }
    const last = cases[cases.length - 1]
    const nextCursor = last ? cursorOf(last) : since
    const csvFileId = await ports.files.put('generated', { bytes: new TextEncoder().encode(toCsv(rows)), mime: 'text/csv', name: `${base}.csv` })
    await ports.store.insert<ExportRunDoc>(COLLECTIONS.exportRuns, { _id: id, nextCursor, count: rows.length, identities, more, csvFileId, csvName: `${base}.csv`, createdAt: ports.clock.now() })
    const jsonl = rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '')
    return { bytes: new TextEncoder().encode(jsonl), mime: 'application/x-ndjson', name: `${base}.jsonl` }
  })
  const run = job.state === 'done' ? await ports.store.get<ExportRunDoc>(COLLECTIONS.exportRuns, id) : null
  return {
    job: job.state === 'running' ? await findJob(ports, ctx.caller.openid!, jobId) : job,
    nextCursor: run?.nextCursor ?? null,
    count: run?.count ?? 0,
    identities: run?.identities ?? 0,
    more: run?.more ?? false,
    csv: run ? { fileName: run.csvName, url: await ports.files.url(run.csvFileId, FILE_URL_TTL_SECONDS) } : null,
  }
}

const projectsById = async (store: Store, ids: string[]): Promise<Map<string, ProjectDoc>> => {
  const out = new Map<string, ProjectDoc>()
  const unique = [...new Set(ids)]
  for (let i = 0; i < unique.length; i += 100)
    for (const p of (await store.find<ProjectDoc>(COLLECTIONS.projects, { where: { _id: { $in: unique.slice(i, i + 100) } }, limit: 100 })).items) out.set(p._id, p)
  return out
}

export const exportedCase = (c: CaseDoc, stations: Map<string, StationDoc>, projects: Map<string, ProjectDoc>, worker: { name: string; phone: string } | null): ExportedCase => {
  const owner = stations.get(c.ownerStationId)
  const countyId = c.ownerPath[1] ?? null
  const project = c.projectId ? projects.get(c.projectId) : undefined
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    caseId: c._id,
    caseNo: c.caseNo,
    channel: c.channel,
    category: c.category,
    categoryLabel: CATEGORY_INFO[c.category].label,
    state: c.state,
    stateLabel: CASE_STATE_LABEL[c.state],
    privacy: c.privacy,
    createdAt: iso(c.createdAt)!,
    updatedAt: iso(c.updatedAt)!,
    firstRepliedAt: iso(c.firstRepliedAt),
    resolvedAt: iso(c.resolvedAt),
    closedAt: iso(c.closedAt),
    county: countyId ? { id: countyId, name: stations.get(countyId)?.name ?? '' } : null,
    ownerStation: { id: c.ownerStationId, name: owner?.name ?? '', kind: owner?.kind ?? 'township' },
    workersAffected: c.workersAffected,
    groupCase: c.groupFlag || c.workersAffected >= 10,
    amountOwed: c.amountOwed ?? null,
    employer: c.employer ? { name: c.employer.name, uscc: c.employer.uscc ?? null } : null,
    project: project ? { id: project._id, name: project.name, contractor: project.contractor, contractorUscc: project.contractorUscc ?? null } : null,
    conclusion: c.conclusion ? { key: c.conclusion.key, label: c.conclusion.label, amountRecovered: c.conclusion.amountRecovered ?? null, workersPaid: c.conclusion.workersPaid ?? null } : null,
    rating: c.rating,
    reopenCount: c.reopenCount,
    worker: c.privacy === 'anonymous' ? null : worker,
    workerWithheld: c.privacy === 'anonymous' ? 'anonymous' : worker ? null : c.identity ? 'not_permitted' : 'none',
  }
}

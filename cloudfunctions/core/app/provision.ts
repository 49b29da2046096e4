import divisions from '../data/heze-divisions.json'
import { PROVISIONED_NOTICES, type ProvisionedNotice } from '../data/policy-notices'
import { NEVER } from '../domain/policy-notices'
import surveyTemplateData from '../data/survey-template.json'
import type { SurveyDimension } from '../../../types/contracts/surveys'
import { buildTemplate } from '../domain/surveys'
import type { Role, Side, StationKind } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { COLLECTIONS } from '../ports/collections'
import type { NewDoc, Store, StoredDoc } from '../ports/store'
import type { MembershipDoc, OfficerDoc, PolicyNoticeDoc, PolicyNoticeRevisionDoc, StationDoc, SurveyTemplateDoc } from './records'
import { stationEmployerFields, stationSortKey } from './stations'

/**
 * First-run provisioning of a real environment (D20): the city station and the nine county stations, from
 * the GB/T 2260 divisions in `data/heze-divisions.json`, and the first city admin when one is configured
 * (HX_FIRST_ADMIN_OPENID). The sweep runs it in an empty cloud environment; the demo seed (`seed/heze.ts`)
 * builds on it. Deterministic ids and codes.
 *
 * Written once, never restored: a settings document records which documents were written, and a document
 * it names is never written again, even when it is gone (a member a head removed) or changed (a station an
 * admin edited).
 */

export type StationSeed = NewDoc<StationDoc>

/** One station with the deterministic id `st-<abbr>-<n>` and code `HZ-<abbr>-<n>`. */
export const buildStation = (
  abbr: string,
  n: number,
  name: string,
  kind: StationKind,
  parent: StationSeed | null,
  countyId: string | null,
  extra: { address: string; phone: string; demo: boolean; division?: string },
): StationSeed => {
  const code = `HZ-${abbr}-${String(n).padStart(4, '0')}`
  const id = `st-${abbr}-${String(n).padStart(4, '0')}`
  return {
    _id: id,
    code,
    name,
    kind,
    parentId: parent?._id ?? null,
    countyId: kind === 'county' ? id : countyId,
    abbr,
    path: [...(parent?.path ?? []), id],
    address: extra.address,
    phone: extra.phone,
    hours: '工作日 08:30-12:00，13:30-17:30',
    status: 'active',
    demo: extra.demo,
    // Counties keep the official order of their division codes; others sort by code.
    sortKey: stationSortKey(kind, extra.division ?? code),
    ...stationEmployerFields(kind, name),
  }
}

/** The id of a county's own station, from its abbreviation. */
export const countyStationId = (abbr: string) => `st-${abbr}-0001`
export const CITY_STATION_ID = `st-${divisions.city.abbr}-0001`

/** The real network: the city station, then the nine county stations in the order of their division codes. */
export const buildNetworkStations = (): StationSeed[] => {
  const city = buildStation(divisions.city.abbr, 1, '菏泽市劳动关系服务驿站', 'city', null, null, {
    address: '菏泽市人力资源和社会保障局劳动关系科',
    phone: '12333',
    demo: false,
  })
  const counties = divisions.counties.map((c) =>
    buildStation(c.abbr, 1, `${c.name}劳动关系服务驿站`, 'county', city, null, {
      address: `${c.name}人力资源和社会保障局（${c.seat}）`,
      phone: '12333',
      demo: false,
      division: c.code,
    }),
  )
  return [city, ...counties]
}

/** A person to make an officer, with their memberships. */
export interface OfficerSeed {
  openid: string
  name: string
  memberships: Array<{ stationId: string; role: Role; side: Side; admin?: boolean }>
}

/** Officer and membership documents, with the deterministic ids `of-<openid>` and `ms-<openid>-<station>`. */
export const buildOfficers = (people: OfficerSeed[], at: number): { officers: NewDoc<OfficerDoc>[]; memberships: NewDoc<MembershipDoc>[] } => {
  const officers: NewDoc<OfficerDoc>[] = []
  const memberships: NewDoc<MembershipDoc>[] = []
  for (const p of people.filter((x) => x.memberships.length > 0)) {
    const officerId = `of-${p.openid}`
    officers.push({ _id: officerId, openid: p.openid, name: p.name, createdAt: at })
    for (const m of p.memberships) {
      memberships.push({ _id: `ms-${p.openid}-${m.stationId}`, officerId, openid: p.openid, stationId: m.stationId, role: m.role, side: m.side, admin: m.admin ?? false, createdAt: at, officerName: p.name })
    }
  }
  return { officers, memberships }
}

/** The first city admin of a new environment: head of the city station, government side, admin. */
export const firstCityAdmin = (openid: string): OfficerSeed => ({
  openid,
  name: '市级管理员',
  memberships: [{ stationId: CITY_STATION_ID, role: 'head', side: 'government', admin: true }],
})

/** A document to write once into a collection. */
export interface SeedDoc {
  collection: string
  doc: NewDoc<StoredDoc>
}

/** Stations, then officers, then memberships: the order they are written in. */
export const seedDocs = (stations: StationSeed[], people: OfficerSeed[], at: number): SeedDoc[] => {
  const { officers, memberships } = buildOfficers(people, at)
  return [
    ...stations.map((doc) => ({ collection: COLLECTIONS.stations, doc })),
    ...officers.map((doc) => ({ collection: COLLECTIONS.officers, doc })),
    ...memberships.map((doc) => ({ collection: COLLECTIONS.memberships, doc })),
  ]
}

/** Settings document: which documents a seeding has written (`<collection>/<id>`). */
export interface SeedRecordDoc extends StoredDoc {
  written: string[]
  updatedAt: number
}

const keyOf = (d: SeedDoc) => `${d.collection}/${d.doc._id}`
const isConflict = (e: unknown) => e instanceof AppError && e.code === 'STORE_CONFLICT'

/** Adds keys to the record, versioned: a second container recording at the same time is merged, not lost. */
const record = async (store: Store, recordId: string, keys: string[], at: number) => {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<SeedRecordDoc>(COLLECTIONS.settings, recordId)
    const known = new Set(current?.written ?? [])
    const added = keys.filter((k) => !known.has(k))
    if (current && added.length === 0) return
    try {
      if (current) await store.update<SeedRecordDoc>(COLLECTIONS.settings, recordId, current._v, { written: [...current.written, ...added], updatedAt: at })
      else await store.insert<SeedRecordDoc>(COLLECTIONS.settings, { _id: recordId, written: added, updatedAt: at })
      return
    } catch (e) {
      if (!isConflict(e) || attempt >= 4) throw e
    }
  }
}

/**
 * Writes each document the record (settings `recordId`) does not name yet, then names it there; returns how
 * many documents were written. A document the record names is never touched again.
 *
 * A store seeded before the record existed has the documents but no record: when any of them is already
 * there, that earlier seeding wrote them all (it always wrote the whole set), so every one is recorded and
 * none is written, and what has gone since stays gone.
 *
 * Two containers at once: an insert the other one made first (STORE_CONFLICT) counts as written, and the
 * record is merged. A crash between writing and recording only means the next run records what it finds.
 */
export const writeOnce = async (store: Store, recordId: string, docs: SeedDoc[], at: number): Promise<number> => {
  const existing = await store.get<SeedRecordDoc>(COLLECTIONS.settings, recordId)
  const done = new Set(existing?.written ?? [])
  const todo = docs.filter((d) => !done.has(keyOf(d)))
  if (todo.length === 0) return 0
  let seededBefore = false
  if (!existing) {
    for (const d of todo) {
      if (await store.get(d.collection, d.doc._id)) {
        seededBefore = true
        break
      }
    }
  }
  let written = 0
  if (!seededBefore) {
    for (const d of todo) {
      try {
        await store.insert(d.collection, d.doc)
        written += 1
      } catch (e) {
        // It is there already: another container wrote it, or someone made it; either way it is not ours to change.
        if (!isConflict(e)) throw e
      }
    }
  }
  await record(store, recordId, todo.map(keyOf), at)
  return written
}

/** The settings document of first-run provisioning. */
export const PROVISION_RECORD_ID = 'provision.network'

export interface ProvisionOptions {
  /** The openid that becomes the first city admin, so someone can run the network. */
  firstAdminOpenid?: string
}

/** The documents provisioning writes: the city, the nine counties, and the first admin when given. */
export const provisionDocs = (at: number, options: ProvisionOptions = {}): SeedDoc[] =>
  seedDocs(buildNetworkStations(), options.firstAdminOpenid ? [firstCityAdmin(options.firstAdminOpenid)] : [], at)

/** Writes what provisioning has never written; returns how many documents were written. */
export const provisionNetwork = (store: Store, at: number, options: ProvisionOptions = {}): Promise<number> =>
  writeOnce(store, PROVISION_RECORD_ID, provisionDocs(at, options), at)

/**
 * Notices published by a station, as seed documents (each with its first revision). The first of `notices`
 * is the newest: each next one went up a minute earlier, so the list shows them in this order.
 */
export const noticeSeedDocs = (notices: ProvisionedNotice[], station: { _id: string; name: string; countyId: string | null; kind: StationKind }, at: number): SeedDoc[] =>
  notices.flatMap((n, i) => {
    const publishAt = at - i * 60_000
    const doc: NewDoc<PolicyNoticeDoc> = {
      _id: n.id,
      stationId: station._id,
      countyId: station.kind === 'county' ? station._id : station.countyId,
      title: n.title,
      category: n.category,
      body: n.body,
      status: 'published',
      publishAt,
      expiresAt: null,
      until: NEVER,
      rev: 1,
      createdAt: publishAt,
      createdBy: 'system',
      updatedAt: publishAt,
      updatedBy: 'system',
    }
    const revision: NewDoc<PolicyNoticeRevisionDoc> = {
      _id: `${n.id}-r1`,
      noticeId: n.id,
      rev: 1,
      at: publishAt,
      byName: station.name,
      what: '新建并发布',
      title: n.title,
      category: n.category,
      body: n.body,
      publishAt,
      expiresAt: null,
    }
    return [
      { collection: COLLECTIONS.policyNotices, doc },
      { collection: COLLECTIONS.policyNoticeRevisions, doc: revision },
    ]
  })

/** The settings document of the content every environment starts with (the policy notices of data/policy-notices.ts). */
export const CONTENT_RECORD_ID = 'provision.content'

/**
 * Writes the policy notices every environment starts with, published by the city station, once: an admin who
 * edits or withdraws one keeps it that way. Needs the city station (run after `provisionNetwork`).
 */
export const provisionContent = (store: Store, at: number): Promise<number> => {
  const city = buildNetworkStations()[0]!
  return writeOnce(store, CONTENT_RECORD_ID, noticeSeedDocs(PROVISIONED_NOTICES, { ...city, countyId: null }, at), at)
}
/** The settings document that records the first questionnaire written. */
export const SURVEY_TEMPLATE_RECORD_ID = 'provision.survey-template'
export const surveyTemplateId = (version: number) => `survey-template-v${version}`

/** The city standard's questionnaire, version 1 (`data/survey-template.json`), as its document. */
export const firstSurveyTemplate = (at: number): NewDoc<SurveyTemplateDoc> => ({
  _id: surveyTemplateId(surveyTemplateData.version),
  ...buildTemplate(surveyTemplateData.version, surveyTemplateData.dimensions as Array<{ key: SurveyDimension; questions: string[] }>, surveyTemplateData.commentPrompt),
  publishedAt: at,
  publishedBy: 'provision',
  publishedByName: '菏泽市评价标准',
  note: '城市评价标准六个方面（第 1 版）',
})

/**
 * Writes the first questionnaire once (never again, even if the record is all that is left). Called where a
 * questionnaire is needed, so an environment provisioned before surveys existed gets it on first use.
 */
export const provisionSurveyTemplate = (store: Store, at: number): Promise<number> =>
  writeOnce(store, SURVEY_TEMPLATE_RECORD_ID, [{ collection: COLLECTIONS.surveyTemplates, doc: firstSurveyTemplate(at) }], at)

import divisions from '../data/heze-divisions.json'
import type { MembershipDoc, OfficerDoc, StationDoc } from '../app/records'
import type { Role, Side, StationKind } from '../../../types/domain'
import { AppError } from '../../../types/errors'
import { stationSortKey } from '../app/stations'
import { COLLECTIONS } from '../ports/collections'
import type { NewDoc, Store } from '../ports/store'

/**
 * The Heze demo network (D20): the real city and nine counties, and in each county a few invented stations
 * marked 示例, with demo officers of every role and side. Deterministic ids and codes; applying it twice
 * changes nothing.
 */


type StationSeed = NewDoc<StationDoc>

const station = (
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
  }
}

export const buildStations = (): StationSeed[] => {
  const city = station(divisions.city.abbr, 1, '菏泽市劳动关系服务驿站', 'city', null, null, {
    address: '菏泽市人力资源和社会保障局劳动关系科',
    phone: '12333',
    demo: false,
  })
  const all: StationSeed[] = [city]
  for (const c of divisions.counties) {
    const county = station(c.abbr, 1, `${c.name}劳动关系服务驿站`, 'county', city, null, {
      address: `${c.name}人力资源和社会保障局（${c.seat}）`,
      phone: '12333',
      demo: false,
      division: c.code,
    })
    const street = station(c.abbr, 2, `${c.seat}驿站（示例）`, 'township', county, county._id, {
      address: `${c.name}${c.seat}便民服务中心 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 2)}`,
      demo: true,
    })
    const park = station(c.abbr, 3, `${c.name}经济开发区驿站（示例）`, 'park', county, county._id, {
      address: `${c.name}经济开发区管委会 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 3)}`,
      demo: true,
    })
    const parkFirm = station(c.abbr, 4, `示例纺织有限公司驿站（${c.name}，示例）`, 'enterprise', park, county._id, {
      address: `${c.name}经济开发区 示例纺织有限公司 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 4)}`,
      demo: true,
    })
    const streetFirm = station(c.abbr, 5, `示例食品有限公司驿站（${c.name}，示例）`, 'enterprise', street, county._id, {
      address: `${c.name}${c.seat} 示例食品有限公司 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 5)}`,
      demo: true,
    })
    all.push(county, street, park, parkFirm, streetFirm)
  }
  return all
}

export interface Persona {
  openid: string
  name: string
  /** What the sign-in page says this persona is for. */
  title: string
  kind: 'worker' | 'officer' | 'admin'
  memberships: Array<{ stationId: string; role: Role; side: Side; admin?: boolean }>
  /** Where the sign-in page sends this persona. */
  landing: string
}

/** Demo people. Caoxian (CX) carries a full set of sides; every county has a head and a county admin. */
export const buildPersonas = (): Persona[] => {
  const p: Persona[] = [
    { openid: 'dev-worker-zhang', name: '张师傅', title: '职工（建筑工地农民工）', kind: 'worker', memberships: [], landing: '/pages/index/index?scene=HZ-CX-0004' },
    { openid: 'dev-worker-li', name: '李大姐', title: '职工（纺织厂女职工）', kind: 'worker', memberships: [], landing: '/pages/index/index?scene=HZ-MD-0004' },
    { openid: 'dev-city-admin', name: '赵科长', title: '市人社局劳动关系科（市级管理员）', kind: 'admin', memberships: [{ stationId: 'st-HZ-0001', role: 'head', side: 'government', admin: true }], landing: '/pages/me/index' },
  ]
  for (const c of divisions.counties) {
    const a = c.abbr
    p.push(
      { openid: `dev-${a}-county-head`, name: `${c.name}周科长`, title: `${c.name}人社局（县区管理员、县区驿站负责人）`, kind: 'admin', memberships: [{ stationId: `st-${a}-0001`, role: 'head', side: 'government', admin: true }], landing: '/officer/inbox/index' },
      { openid: `dev-${a}-street-head`, name: `${c.seat}王所长`, title: `${c.seat}驿站负责人（政府方，示例）`, kind: 'officer', memberships: [{ stationId: `st-${a}-0002`, role: 'head', side: 'government' }], landing: '/officer/inbox/index' },
      { openid: `dev-${a}-park-liaison`, name: `${c.name}开发区孙主席`, title: `开发区驿站联络员（工会方，示例）`, kind: 'officer', memberships: [{ stationId: `st-${a}-0003`, role: 'liaison', side: 'union' }], landing: '/officer/inbox/index' },
    )
  }
  p.push(
    { openid: 'dev-CX-street-rep', name: '曹城陈代表', title: '曹城街道驿站工作人员（职工代表，示例）', kind: 'officer', memberships: [{ stationId: 'st-CX-0002', role: 'member', side: 'worker_rep' }], landing: '/officer/inbox/index' },
    { openid: 'dev-CX-street-lawyer', name: '刘律师', title: '曹城街道驿站工作人员（第三方律师，示例）', kind: 'officer', memberships: [{ stationId: 'st-CX-0002', role: 'member', side: 'third_party' }], landing: '/officer/inbox/index' },
    { openid: 'dev-CX-firm-hr', name: '示例纺织吴经理', title: '示例纺织企业驿站联络员（企业方，示例）', kind: 'officer', memberships: [{ stationId: 'st-CX-0004', role: 'liaison', side: 'employer' }], landing: '/officer/inbox/index' },
    { openid: 'dev-CX-firm-union', name: '示例纺织郑主席', title: '示例纺织企业驿站负责人（工会方，示例）', kind: 'officer', memberships: [{ stationId: 'st-CX-0004', role: 'head', side: 'union' }], landing: '/officer/inbox/index' },
    { openid: 'dev-CX-park-employer', name: '开发区企业联合会钱会长', title: '曹县开发区驿站工作人员（企业方，示例）', kind: 'officer', memberships: [{ stationId: 'st-CX-0003', role: 'member', side: 'employer' }], landing: '/officer/inbox/index' },
  )
  return p
}

export const buildOfficers = (personas: Persona[], at: number): { officers: NewDoc<OfficerDoc>[]; memberships: NewDoc<MembershipDoc>[] } => {
  const officers: NewDoc<OfficerDoc>[] = []
  const memberships: NewDoc<MembershipDoc>[] = []
  for (const p of personas.filter((x) => x.memberships.length > 0)) {
    const officerId = `of-${p.openid}`
    officers.push({ _id: officerId, openid: p.openid, name: p.name, createdAt: at })
    for (const m of p.memberships) {
      memberships.push({ _id: `ms-${p.openid}-${m.stationId}`, officerId, openid: p.openid, stationId: m.stationId, role: m.role, side: m.side, admin: m.admin ?? false, createdAt: at })
    }
  }
  return { officers, memberships }
}

export interface SeedOptions {
  /** The invented 示例 stations and the demo personas (local host and tests only). */
  demo: boolean
  /** In the cloud: the openid that becomes the first city admin, so someone can run the network. */
  firstAdminOpenid?: string
}

/** Inserts what is missing; returns how many documents were written. */
export const seedHeze = async (store: Store, at: number, options: SeedOptions = { demo: true }): Promise<number> => {
  let written = 0
  const put = async <T extends { _id: string; _v: number }>(collection: string, doc: NewDoc<T>) => {
    if (await store.get(collection, doc._id)) return
    try {
      await store.insert<T>(collection, doc)
      written += 1
    } catch (e) {
      // Two containers seeding at once: the other one wrote it.
      if (!(e instanceof AppError && e.code === 'STORE_CONFLICT')) throw e
    }
  }
  for (const s of buildStations().filter((x) => options.demo || !x.demo)) await put<StationDoc>(COLLECTIONS.stations, s)
  const personas = options.demo ? buildPersonas() : []
  if (options.firstAdminOpenid)
    personas.push({
      openid: options.firstAdminOpenid,
      name: '市级管理员',
      title: '首位市级管理员',
      kind: 'admin',
      memberships: [{ stationId: `st-${divisions.city.abbr}-0001`, role: 'head', side: 'government', admin: true }],
      landing: '/pages/me/index',
    })
  const { officers, memberships } = buildOfficers(personas, at)
  for (const o of officers) await put<OfficerDoc>(COLLECTIONS.officers, o)
  for (const m of memberships) await put<MembershipDoc>(COLLECTIONS.memberships, m)
  return written
}

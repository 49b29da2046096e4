import divisions from '../data/heze-divisions.json'
import { buildNetworkStations, buildStation, countyStationId, noticeSeedDocs, provisionContent, provisionNetwork, seedDocs, writeOnce, type OfficerSeed, type SeedDoc, type StationSeed } from '../app/provision'
import type { Store } from '../ports/store'

/**
 * The Heze demo network (D20), for the local host and tests: the real city and nine counties of
 * `app/provision.ts`, and in each county a few invented stations marked 示例, with demo officers of every
 * role and side. Deterministic ids and codes.
 *
 * Written once, never restored (as provisioning is): a seeded document a person later removed or changed
 * (a member a head removed, a station an admin edited) stays as they left it after a restart.
 */

/** The settings document that records what the demo seed has written. */
export const SEED_RECORD_ID = 'seed.heze'

/** The invented 示例 stations of every county: its seat's street, a park, and an enterprise under each. */
export const buildDemoStations = (): StationSeed[] => {
  const counties = new Map(buildNetworkStations().map((s) => [s._id, s]))
  const all: StationSeed[] = []
  for (const c of divisions.counties) {
    const county = counties.get(countyStationId(c.abbr))!
    const street = buildStation(c.abbr, 2, `${c.seat}驿站（示例）`, 'township', county, county._id, {
      address: `${c.name}${c.seat}便民服务中心 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 2)}`,
      demo: true,
    })
    const park = buildStation(c.abbr, 3, `${c.name}经济开发区驿站（示例）`, 'park', county, county._id, {
      address: `${c.name}经济开发区管委会 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 3)}`,
      demo: true,
    })
    const parkFirm = buildStation(c.abbr, 4, `示例纺织有限公司驿站（${c.name}，示例）`, 'enterprise', park, county._id, {
      address: `${c.name}经济开发区 示例纺织有限公司 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 4)}`,
      demo: true,
    })
    const streetFirm = buildStation(c.abbr, 5, `示例食品有限公司驿站（${c.name}，示例）`, 'enterprise', street, county._id, {
      address: `${c.name}${c.seat} 示例食品有限公司 职工之家（示例地址）`,
      phone: `0530-${String(5000000 + Number(c.code.slice(-2)) * 1000 + 5)}`,
      demo: true,
    })
    all.push(street, park, parkFirm, streetFirm)
  }
  return all
}

/** Every station of the demo network: the real ones, then the 示例 ones. */
export const buildStations = (): StationSeed[] => [...buildNetworkStations(), ...buildDemoStations()]

export interface Persona extends OfficerSeed {
  /** What the sign-in page says this persona is for. */
  title: string
  kind: 'worker' | 'officer' | 'admin'
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
      {
        openid: `dev-${a}-county-head`,
        name: `${c.name}周科长`,
        title: `${c.name}人社局（县区管理员、县区驿站负责人${a === 'CX' ? '；也是开发区驿站工作人员' : ''}）`,
        kind: 'admin',
        memberships: [
          { stationId: `st-${a}-0001`, role: 'head', side: 'government', admin: true },
          // 曹县's also works at the development zone station: two memberships, so the inbox switches station.
          ...(a === 'CX' ? [{ stationId: `st-${a}-0003`, role: 'member' as const, side: 'government' as const }] : []),
        ],
        landing: '/officer/inbox/index',
      },
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

/**
 * Provisions the real network and writes the demo stations and personas, each only if it has never been
 * written; returns how many documents were written (0 on every restart).
 */
export const seedHeze = async (store: Store, at: number): Promise<number> => {
  // The city's notices went up an hour before the demo's own, which the station lists then show first.
  const provisioned = (await provisionNetwork(store, at)) + (await provisionContent(store, at - 3600_000))
  const demo = [...seedDocs(buildDemoStations(), buildPersonas(), at), ...buildDemoNotices(at)]
  return provisioned + (await writeOnce(store, SEED_RECORD_ID, demo, at))
}

/**
 * Two invented notices (marked 示例) below the city's real ones: a county's 宣传月 programme and a township's
 * typical case, so the demo shows notices coming from the station a worker is at and the ones above it.
 */
export const buildDemoNotices = (at: number): SeedDoc[] => {
  const counties = new Map(buildNetworkStations().map((s) => [s._id, s]))
  const county = counties.get(countyStationId('CX'))!
  const street = buildDemoStations().find((s) => s._id === 'st-CX-0002')!
  return [
    ...noticeSeedDocs(
      [
        {
          id: 'ntc-demo-cx-campaign',
          category: 'campaign',
          title: '曹县“和谐劳动关系宣传月”活动安排（示例）',
          body: `这是一条**示例**通知，用来演示县区驿站发布的宣传月活动。

## 活动内容

- 驿站工作人员到园区、工地开展劳动法律法规宣讲；
- 现场解答工资、劳动合同、社保方面的问题；
- 发放《保障农民工工资支付条例》宣传材料。

## 怎么参加

关注身边的驿站，或者直接到县区驿站咨询。想了解条例的要点，可以先看 [《保障农民工工资支付条例》要点](/pages/notice/index?id=ntc-wage-payment-regulation)。`,
        },
      ],
      county,
      at - 60_000,
    ),
    ...noticeSeedDocs(
      [
        {
          id: 'ntc-demo-cx-street-case',
          category: 'case',
          title: '（示例）包工头拖欠工资，总承包单位先行清偿',
          body: `这是一个**示例**案例，人物和单位都是虚构的。

某工地的 12 名工人跟着包工头干了三个月，包工头说工程款没到位，一直不发工资。工人们到街道驿站反映后，驿站当天受理，联系了施工总承包单位。

按照《保障农民工工资支付条例》，分包单位拖欠农民工工资的，由施工总承包单位先行清偿。十天后，总承包单位通过工资专用账户把工资直接发到了工人本人的银行卡上。

**提醒：**干活时记下出勤天数，保存好聊天记录和工友的联系方式，被拖欠时才有证据。`,
        },
      ],
      street,
      at,
    ),
  ]
}

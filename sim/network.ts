import divisions from '../cloudfunctions/core/data/heze-divisions.json'
import { buildNetworkStations, buildStation, countyStationId, seedDocs, writeOnce, type OfficerSeed, type StationSeed } from '../cloudfunctions/core/app/provision'
import { buildDemoStations, buildPersonas, seedHeze } from '../cloudfunctions/core/seed/heze'
import type { Store } from '../cloudfunctions/core/ports/store'
import type { Rng } from './rng'

/**
 * The network of the simulated year: the Heze demo seed (the real city and nine counties, the 示例 stations and
 * personas), and under each county more townships, parks and enterprises built with the provisioning code the
 * seed uses (`buildStation`, `seedDocs`, `writeOnce`), marked 示例 like the demo ones. Deterministic for a seed.
 *
 * Staffing is mixed on purpose: most townships have a government head and a union member, some also a lawyer or
 * an employer-side member; a few have nobody at all (a case filed there reaches the county by escalation); an
 * enterprise station has an employer-side liaison, and half of them also a union head.
 */
export const SIM_RECORD_ID = 'seed.sim'
/** Per county: townships, parks, enterprises (under a township or a park). */
export const SIM_SHAPE = { townships: 15, parks: 2, enterprises: 14 } as const
/** Numbers of the simulated stations start above the demo's (2–5). */
const FIRST_N = 10

export interface SimNetwork {
  stations: StationSeed[]
  officers: OfficerSeed[]
}

const TOWN_WORDS = ['城关', '东关', '西关', '南城', '北城', '新集', '古营', '安兴', '青岗', '普连', '王集', '韩集', '常乐', '孙老家', '魏湾', '青堌', '庄寨', '楼庄', '朱洪庙', '砖庙']
const FIRM_WORDS = ['纺织', '食品', '木业', '建材', '机械', '服装', '化工', '物流', '家具', '医药', '电子', '农产品', '包装', '印刷']

export const buildSimNetwork = (rng: Rng): SimNetwork => {
  const counties = new Map(buildNetworkStations().map((s) => [s._id, s]))
  const stations: StationSeed[] = []
  const officers: OfficerSeed[] = []
  const person = (openid: string, name: string, memberships: OfficerSeed['memberships']) => officers.push({ openid, name, memberships })
  for (const c of divisions.counties) {
    const county = counties.get(countyStationId(c.abbr))!
    // Two more officers at the county station, beside its head from the demo seed.
    person(`sim-${c.abbr}-county-gov`, `${c.name}县区驿站干事`, [{ stationId: county._id, role: 'member', side: 'government' }])
    person(`sim-${c.abbr}-county-union`, `${c.name}县总工会干事`, [{ stationId: county._id, role: 'member', side: 'union' }])
    let n = FIRST_N
    const towns: StationSeed[] = []
    for (let i = 0; i < SIM_SHAPE.townships; i++) {
      const word = TOWN_WORDS[i % TOWN_WORDS.length]!
      const s = buildStation(c.abbr, n++, `${c.name}${word}镇驿站（模拟）`, 'township', county, county._id, { address: `${c.name}${word}镇便民服务中心（模拟地址）`, phone: '12333', demo: true })
      towns.push(s)
      stations.push(s)
      // About one township in fifteen has nobody yet: a station set up before its people were added.
      if (rng.chance(1 / 15)) continue
      person(`sim-${s._id}-head`, `${word}镇所长`, [{ stationId: s._id, role: 'head', side: 'government' }])
      person(`sim-${s._id}-union`, `${word}镇工会干事`, [{ stationId: s._id, role: 'member', side: 'union' }])
      if (rng.chance(1 / 3)) person(`sim-${s._id}-lawyer`, `${word}镇律师`, [{ stationId: s._id, role: 'member', side: 'third_party' }])
      if (rng.chance(1 / 5)) person(`sim-${s._id}-employer`, `${word}镇企业联合会代表`, [{ stationId: s._id, role: 'member', side: 'employer' }])
    }
    const parks: StationSeed[] = []
    for (let i = 0; i < SIM_SHAPE.parks; i++) {
      const s = buildStation(c.abbr, n++, `${c.name}第${i + 2}产业园驿站（模拟）`, 'park', county, county._id, { address: `${c.name}第${i + 2}产业园管委会（模拟地址）`, phone: '12333', demo: true })
      parks.push(s)
      stations.push(s)
      person(`sim-${s._id}-liaison`, `产业园工会主席`, [{ stationId: s._id, role: 'liaison', side: 'union' }])
      person(`sim-${s._id}-employer`, `产业园企业代表`, [{ stationId: s._id, role: 'member', side: 'employer' }])
    }
    for (let i = 0; i < SIM_SHAPE.enterprises; i++) {
      const word = FIRM_WORDS[i % FIRM_WORDS.length]!
      const parent = i % 3 === 0 ? parks[i % parks.length]! : towns[i % towns.length]!
      const s = buildStation(c.abbr, n++, `模拟${word}有限公司驿站（${c.name}）`, 'enterprise', parent, county._id, { address: `${c.name} 模拟${word}有限公司（模拟地址）`, phone: '12333', demo: true })
      stations.push(s)
      person(`sim-${s._id}-hr`, `${word}公司人事经理`, [{ stationId: s._id, role: 'liaison', side: 'employer' }])
      if (i % 2 === 0) person(`sim-${s._id}-union`, `${word}公司工会主席`, [{ stationId: s._id, role: 'head', side: 'union' }])
    }
  }
  return { stations, officers }
}

/** The demo seed, then the simulated stations and officers, each written once. */
export const seedSimNetwork = async (store: Store, at: number, net: SimNetwork): Promise<void> => {
  await seedHeze(store, at)
  await writeOnce(store, SIM_RECORD_ID, seedDocs(net.stations, net.officers, at), at)
}

/** Every station of the simulated network and every person in it, as seeded. */
export const allStations = (net: SimNetwork): StationSeed[] => [...buildNetworkStations(), ...buildDemoStations(), ...net.stations]
export const allPeople = (net: SimNetwork): OfficerSeed[] => [...buildPersonas(), ...net.officers]

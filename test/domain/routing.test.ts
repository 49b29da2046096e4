import { routeCase, routeNote, routeWords, type RouteStation } from '../../cloudfunctions/core/domain/routing'
import { caseCounterId, caseDay, formatCaseNo } from '../../cloudfunctions/core/domain/case-number'
import { relationOf, relationsOf } from '../../cloudfunctions/core/domain/case-relation'

const st = (id: string, kind: RouteStation['kind'], status: RouteStation['status'] = 'active'): RouteStation => ({ id, kind, status })
const firm = st('firm', 'enterprise')
const park = st('park', 'park')
const parkFirm = st('parkFirm', 'enterprise')
const town = st('town', 'township')
const county = st('county', 'county')
const city = st('city', 'city')

describe('routeCase', () => {
  it.each([
    ['open case stays where scanned', [firm, park, county, city], 'open', 1, 'firm', ['scanned']],
    ['confidential skips one enterprise', [firm, park, county, city], 'confidential', 1, 'park', ['confidential_skips_enterprise']],
    ['confidential skips nested enterprises', [parkFirm, firm, town, county, city], 'confidential', 1, 'town', ['confidential_skips_enterprise', 'confidential_skips_enterprise']],
    ['anonymous skips the enterprise too (D8a)', [firm, park, county, city], 'anonymous', 1, 'park', ['anonymous_skips_enterprise']],
    ['10 workers go to the county', [firm, park, county, city], 'open', 10, 'county', ['group_to_county']],
    ['9 workers do not', [town, county, city], 'open', 9, 'town', ['scanned']],
    ['group at the county stays', [county, city], 'open', 50, 'county', ['scanned']],
    ['group at the city stays at the city', [city], 'open', 50, 'city', ['scanned']],
    ['confidential at a township stays', [town, county, city], 'confidential', 1, 'town', ['scanned']],
  ] as const)('%s', (_name, chain, privacy, workers, owner, reasons) => {
    const r = routeCase({ chain, privacy, workersAffected: workers })
    expect(r.ownerId).toBe(owner)
    expect(r.reasons).toEqual(reasons)
    expect(r.group).toBe(workers >= 10)
  })

  it('skips a suspended station to the nearest active ancestor', () => {
    const r = routeCase({ chain: [st('t', 'township', 'suspended'), county, city], privacy: 'open', workersAffected: 1 })
    expect(r).toEqual({ ownerId: 'county', reasons: ['suspended_skipped'], group: false })
  })

  it('treats an officer’s group flag like 10 workers', () => {
    expect(routeCase({ chain: [town, county, city], privacy: 'open', workersAffected: 2, groupFlag: true }).ownerId).toBe('county')
  })

  it('never lands a confidential case on an enterprise, whatever the chain', () => {
    const kinds = ['enterprise', 'park', 'township'] as const
    for (const a of kinds)
      for (const b of kinds)
        for (const workers of [1, 10]) {
          const chain = [st('a', a), st('b', b), county, city]
          const owner = routeCase({ chain, privacy: 'confidential', workersAffected: workers }).ownerId
          expect(chain.find((s) => s.id === owner)!.kind).not.toBe('enterprise')
        }
  })
})

describe('routeNote', () => {
  it.each([
    ['the station filed at', ['scanned'], undefined],
    ['a confidential case', ['confidential_skips_enterprise'], '对单位保密的诉求不会交给企业驿站，由 X驿站 办理'],
    ['two enterprises skipped: said once', ['confidential_skips_enterprise', 'confidential_skips_enterprise'], '对单位保密的诉求不会交给企业驿站，由 X驿站 办理'],
    ['an anonymous case', ['anonymous_skips_enterprise'], '匿名反映的诉求不会交给企业驿站，由 X驿站 办理'],
    ['a group case', ['group_to_county'], '涉及 10 人以上的诉求直接交给县区驿站，由 X驿站 办理'],
    ['a project', ['project'], '欠薪项目的诉求交给项目的包保驿站，由 X驿站 办理'],
    ['a suspended station', ['suspended_skipped'], '原来的驿站暂停服务，由 X驿站 办理'],
    ['a project and an enterprise', ['project', 'confidential_skips_enterprise'], '欠薪项目的诉求交给项目的包保驿站，对单位保密的诉求不会交给企业驿站，由 X驿站 办理'],
  ] as const)('%s', (_name, reasons, note) => {
    expect(routeNote(reasons, 'X驿站')).toBe(note)
    expect(routeWords(reasons, 'X驿站')).toBe(note ?? '由 X驿站 办理')
  })
})

describe('case numbers', () => {
  // 2026-11-25 23:30 in Shanghai is 15:30 UTC; 2026-11-24 16:30 UTC is already the 25th in Shanghai.
  it('uses the Shanghai date whatever the process zone', () => {
    expect(caseDay(Date.UTC(2026, 10, 25, 15, 30))).toBe('261125')
    expect(caseDay(Date.UTC(2026, 10, 24, 16, 30))).toBe('261125')
    expect(caseDay(Date.UTC(2026, 10, 24, 15, 59))).toBe('261124')
  })

  it('formats CX2611250007 and keys the counter by county and day', () => {
    const t = Date.UTC(2026, 10, 25, 2, 0)
    expect(formatCaseNo('CX', t, 7)).toBe('CX2611250007')
    expect(caseCounterId('CX', t)).toBe('caseno-CX-261125')
    expect(() => formatCaseNo('CX', t, 10000)).toThrow()
    expect(() => formatCaseNo('cx', t, 1)).toThrow()
  })
})

describe('relationOf', () => {
  const placement = { ownerStationId: 'town', ownerPath: ['city', 'county', 'town'], firstStationId: 'firm', supervisorStationId: 'county' }
  it.each([
    ['town', 'owner'],
    ['county', 'ancestor'],
    ['city', 'ancestor'],
    ['firm', 'first_station'],
    ['other', 'none'],
  ] as const)('%s is %s', (station, relation) => {
    expect(relationOf(station, placement)).toBe(relation)
  })
  it('keeps the first station only until the case is closed', () => {
    expect(relationOf('firm', { ...placement, state: 'in_progress' })).toBe('first_station')
    expect(relationOf('firm', { ...placement, state: 'closed' })).toBe('none')
    expect(relationOf('town', { ...placement, state: 'closed' })).toBe('owner')
  })

  it('names a supervisor outside the owner’s path', () => {
    expect(relationOf('x', { ...placement, supervisorStationId: 'x' })).toBe('supervisor')
  })
})

describe('relationsOf', () => {
  it('gives a supervising parent both its ancestor and its supervisor relation', () => {
    expect(relationsOf('county', { ownerStationId: 'town', ownerPath: ['city', 'county', 'town'], firstStationId: 'town', supervisorStationId: 'county' })).toEqual(['ancestor', 'supervisor'])
    expect(relationsOf('x', { ownerStationId: 'town', ownerPath: ['city', 'county', 'town'], firstStationId: 'town' })).toEqual(['none'])
  })
})
